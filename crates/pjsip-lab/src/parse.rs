//! `pjsip-lab parse FILE...`: syntax and loading diagnostics of each file.

use pjsip_analysis::Analysis;

use crate::args::Args;
use crate::{files, output};

pub fn run(args: &Args) -> u8 {
    if args.files.is_empty() {
        return crate::usage_error("parse needs at least one FILE");
    }
    // Each file is its own root: `parse a.conf b.conf` checks both, following their includes.
    let mut analyses = Vec::new();
    for name in &args.files {
        match files::input(std::slice::from_ref(name), args) {
            Ok(input) => analyses.push(Analysis::new(&input)),
            Err(message) => {
                eprintln!("pjsip-lab: {message}");
                return 2;
            }
        }
    }
    let items: Vec<_> =
        analyses.iter().flat_map(|a| a.syntax_diagnostics().map(move |d| (a as &dyn pjsip_analysis::syntax::render::Files, d))).collect();
    output::print(args.format, &items);
    output::exit_code(items.iter().map(|(_, d)| *d))
}
