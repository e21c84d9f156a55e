//! Times the phases of one full analysis of the 10,000-phone office (parse, load, model,
//! checks) and the navigation index, five times: `cargo run --profile cli -p pjsip-lsp --example phases`. With a path
//! argument it writes the office there instead (for timing the server binary on it).

use std::time::Instant;

use pjsip_analysis::syntax::sample::office;
use pjsip_analysis::{AsteriskVersion, Input, InputFile, Loaded};

fn main() {
    let text = office(10_000, 50);
    if let Some(path) = std::env::args().nth(1) {
        std::fs::write(&path, &text).expect("the office is written");
        return;
    }
    for _ in 0..5 {
        let t = Instant::now();
        let parsed = pjsip_syntax::parse(pjsip_syntax::FileId(0), &text);
        let parse = t.elapsed();
        drop(parsed);
        let t = Instant::now();
        let (_, config) = pjsip_syntax::load_text("pjsip.conf", &text);
        let syntax_load = t.elapsed();
        drop(config);
        let t = Instant::now();
        let input = Input::new(vec![InputFile { name: "pjsip.conf".into(), text: text.clone() }], AsteriskVersion::V22);
        let loaded = Loaded::new(&input);
        let load = t.elapsed();
        let t = Instant::now();
        let diagnostics = pjsip_checks::diagnose(&loaded);
        let checks = t.elapsed();
        let t = Instant::now();
        let index = pjsip_ide::navigate::Index::build(&loaded);
        let navigation = t.elapsed();
        println!(
            "parse {parse:.1?}  syntax load (incl. parse) {syntax_load:.1?}  Loaded::new {load:.1?}  checks {checks:.1?}  \
             ({} diagnostics)  navigation index {navigation:.1?} ({} sites)",
            diagnostics.len(),
            index.sites().len()
        );
    }
}
