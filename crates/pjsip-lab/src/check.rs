//! `pjsip-lab check FILE...`: every diagnostic Asterisk's loading and the validator produce.
//!
//! Unlike `parse`, all the files form **one** input, the way Asterisk sees a configuration
//! directory: `pjsip.conf` (else the first file) is the root, `pjsip_wizard.conf` is the wizard
//! file, and the other files are there for `#include` to find. A given file that nothing
//! reaches is not analysed; a note on stderr says so rather than passing it over in silence.

use pjsip_analysis::syntax::render::Files;
use pjsip_analysis::Analysis;

use crate::args::Args;
use crate::{files, output};

pub fn run(args: &Args) -> u8 {
    let Some(analysis) = analyse(args, "check") else { return 2 };
    let items: Vec<(&dyn Files, _)> = analysis.diagnostics().iter().map(|d| (&analysis as &dyn Files, d)).collect();
    output::print(args.format, &items);
    output::exit_code(analysis.diagnostics())
}

/// Reads the files as one input and analyses it; `None` (after printing why) when the input is
/// unusable, which the caller turns into exit status 2.
pub fn analyse(args: &Args, command: &str) -> Option<Analysis> {
    if args.files.is_empty() {
        crate::usage_error(&format!("{command} needs at least one FILE"));
        return None;
    }
    let input = match files::input(&args.files, args) {
        Ok(input) => input,
        Err(message) => {
            eprintln!("pjsip-lab: {message}");
            return None;
        }
    };
    let analysis = Analysis::new(&input);
    let from_directory = args.files.iter().any(|f| std::path::Path::new(f).is_dir());
    if from_directory {
        let used: Vec<&str> = input.files.iter().map(|f| f.name.as_str()).filter(|n| reached(&analysis, n)).collect();
        let others = input.files.len() - used.len();
        let rest = if others > 0 { format!("; {others} other file(s) are not part of this configuration") } else { String::new() };
        eprintln!("pjsip-lab: using {}{rest}", used.join(", "));
    }
    for file in input.files.iter().filter(|_| !from_directory) {
        if !reached(&analysis, &file.name) {
            eprintln!(
                "pjsip-lab: note: {} is neither the root file, {}, nor included by it; it was not analysed",
                file.name,
                pjsip_analysis::PJSIP_WIZARD_CONF
            );
        }
    }
    Some(analysis)
}

/// Whether loading read the file named `name` (the root, an include, the wizard file, the
/// dialplan, the ACL file).
fn reached(analysis: &Analysis, name: &str) -> bool {
    analysis.reached_files().into_iter().any(|id| analysis.files.name(id) == name)
}
