//! The pjsip-lab playground, a client-side rendered Leptos app.
//!
//! Logic lives in plain Rust: [`documents`] keeps the files as the editor has them (edits in,
//! revisions out), [`view_model`] turns an analysis into the rows the page shows, [`workspace`]
//! and [`share`] hold the saved/shared state. Components are small, one per file under
//! [`components`], and talk to the shared [`state::AppState`] (one signal per concern). The analysis itself comes
//! from `pjsip-analysis`, the same facade the CLI uses; the editor is CodeMirror 6
//! (`js/editor.js`), reached through [`bindings`].

#[cfg(feature = "bench")]
pub mod bench;
pub mod bindings;
pub mod components;
pub mod crash;
pub mod documents;
pub mod examples;
pub mod share;
pub mod state;
pub mod storage;
pub mod task;
pub mod view_model;
/// The saved and shared state, in its own crate (plain logic, tested natively).
pub use pjsip_workspace as workspace;

pub use components::app::App;

/// Starts the app: mount it and register the service worker (offline use).
pub fn start() {
    crash::install();
    bindings::register_service_worker("./sw.js");
    leptos::mount::mount_to_body(App);
}
