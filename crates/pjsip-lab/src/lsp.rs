//! `pjsip-lab lsp`: the language server over stdio (see the `pjsip-lsp` crate). `--stdio`, which
//! some clients pass by habit, is accepted and changes nothing.

pub fn run(args: &[String]) -> u8 {
    if let Some(other) = args.iter().find(|a| *a != "--stdio") {
        return crate::usage_error(&format!("lsp takes no argument but --stdio (got `{other}`)"));
    }
    match pjsip_lsp::run_stdio() {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("pjsip-lab lsp: {e}");
            2
        }
    }
}
