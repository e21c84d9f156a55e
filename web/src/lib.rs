//! The pjsip-lab playground, a client-side rendered Leptos app.
//!
//! Logic lives in plain Rust: [`view_model`] turns an analysis into the rows the page shows and
//! is tested natively. Components are small, one per file under [`components`], and only read
//! signals. The analysis itself comes from `pjsip-analysis`, the same facade the CLI uses.

pub mod components;
pub mod storage;
pub mod view_model;

pub use components::app::App;

/// The example shown on first visit: an ITSP trunk (auth + registration + endpoint + aor + identify).
pub const TRUNK_EXAMPLE: &str = include_str!("../../public/examples/trunk.conf");
