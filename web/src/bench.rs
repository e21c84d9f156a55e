//! Timing hooks for `scripts/bench-browser.mjs`, exported to JavaScript (`window.wasmBindings`).
//! They time the same code paths the app runs, inside the real browser's wasm engine. Not used
//! by the app itself; each costs a few hundred bytes.

use pjsip_analysis::Analysis;
use wasm_bindgen::prelude::*;

use crate::view_model::Problems;
use crate::workspace::Workspace;

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// Median milliseconds of `iterations` runs of `f`.
fn median_ms(iterations: u32, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..iterations.max(1))
        .map(|_| {
            let start = now();
            f();
            now() - start
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// Full analysis (parse, resolve, check) plus the problems rows of the page, of one pjsip.conf.
#[wasm_bindgen]
pub fn bench_analysis(text: &str, iterations: u32) -> f64 {
    let workspace = Workspace::with_text(text);
    median_ms(iterations, || {
        let analysis = Analysis::new(&workspace.input());
        std::hint::black_box(Problems::new(&analysis));
    })
}

/// Building and laying out the diagram of one pjsip.conf (after analysis, which is not timed).
#[wasm_bindgen]
pub fn bench_diagram(text: &str, iterations: u32) -> f64 {
    let analysis = Analysis::new(&Workspace::with_text(text).input());
    median_ms(iterations, || {
        std::hint::black_box(analysis.diagram(&pjsip_analysis::diagram::DiagramOptions::default()));
    })
}

/// Simulating one REGISTER (with its challenge round) against one pjsip.conf, after analysis.
#[wasm_bindgen]
pub fn bench_simulate(text: &str, from_user: &str, iterations: u32) -> f64 {
    use pjsip_analysis::simulate::{Credentials, Request, Scenario};
    let analysis = Analysis::new(&Workspace::with_text(text).input());
    let request = Request {
        method: "REGISTER".into(),
        from: format!("<sip:{from_user}@127.0.0.1>"),
        auth: Some(Credentials { username: from_user.into(), password: format!("secret-{from_user}") }),
        ..Request::default()
    };
    let scenario = Scenario { requests: vec![request], ..Scenario::default() };
    analysis.simulate(&scenario);
    median_ms(iterations, || {
        std::hint::black_box(analysis.simulate(&scenario));
    })
}
