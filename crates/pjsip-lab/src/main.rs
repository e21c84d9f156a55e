//! `pjsip-lab`: the command-line face of pjsip-lab, for scripts and CI.
//!
//! Every command builds an [`pjsip_analysis::Analysis`] — the same facade the web app uses — and
//! prints what it found. Exit status: 0 = no errors, 1 = errors found, 2 = unusable input or usage.

mod args;
mod check;
mod effective;
mod erd;
mod explain;
mod files;
mod github;
mod lsp;
mod migrate;
mod output;
mod parse;
mod replay;
mod sarif;
mod simulate;
mod stdout;

use std::process::ExitCode;

/// See the dependency's note in Cargo.toml: measured, not assumed.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
pjsip-lab — validate, explain and simulate Asterisk pjsip.conf

Usage:
  pjsip-lab parse FILE... [--format human|json]
      Syntax and loading diagnostics (includes are followed relative to each file).
  pjsip-lab check FILE... [--asterisk VERSION] [--format human|json|sarif|github]
      Every diagnostic. The files form one configuration: pjsip.conf (else the first
      file) is the root, pjsip_wizard.conf the wizard file, the rest serve #include.
      A directory (/etc/asterisk) stands for its .conf files; extensions.conf and
      acl.conf among them give the simulator the dialplan and the named ACLs.
      sarif writes a SARIF 2.1.0 log (code-scanning uploads), github one workflow
      annotation per diagnostic (GitHub Actions).
  pjsip-lab effective FILE... [--asterisk VERSION] [--format human|json]
      Each loaded object with every option's effective value and where it came
      from (a line, a template, a wizard, or the default); the sections Asterisk
      drops, and why. Files as for check.
  pjsip-lab explain TYPE[.OPTION] [--asterisk VERSION] [--format human|json]
      What an object type or option is for, its kind, default and allowed
      values, the releases that have it, and its official documentation link.
  pjsip-lab simulate CASE.json [FILE...] [--asterisk VERSION] [-o FILE]
      Runs the requests of a case file (the oracle's format: files + requests)
      through the simulator and prints JSON: a `results` list with one entry per
      request (status, endpoint, AOR, contacts, and the trace of what decided it).
      Configuration files (or a directory) after the case replace its own files.
  pjsip-lab replay TRACE FILE... [--asterisk VERSION] [--format human|json]
      Replays every request the PBX received in a SIP trace (pjsip set logger
      text, a pcap/pcapng capture, sngrep/SIPp exports or pasted SIP) through the
      configuration FILE..., beside what the PBX answered in the trace.
  pjsip-lab erd FILE... [-o diagram.svg] [--templates] [--focus TYPE/NAME]
      The objects and their references as a standalone SVG diagram (stdout
      without -o). --templates adds template inheritance; --focus keeps one
      object and what is within two references of it. Files as for check.
  pjsip-lab migrate SIP.CONF [USERS.CONF] [-o DIR] [--wizard] [--format human|json]
      Converts chan_sip's sip.conf (and users.conf) to pjsip.conf, lists every
      setting it cannot carry over and why, checks the result and proves with
      the simulator that each device is still recognised. -o DIR writes
      pjsip.conf (+ pjsip_wizard.conf with --wizard) and migration.json;
      otherwise pjsip.conf goes to stdout and the summary to stderr.
      --prove PJSIP.CONF runs only the proof, against the given file(s).
  pjsip-lab lsp
      A Language Server Protocol server on stdin/stdout: diagnostics as you type,
      quick fixes, completion, hover, definition, references, rename, symbols and
      semantic tokens, for any LSP editor (docs/editors.md).

Options:
  --format FORMAT       human (default), json; for check also sarif, github
  --asterisk VERSION    Target Asterisk release: 16, 18, 20, 21, 22 (default), 23
  -o, --output FILE     Where erd writes the SVG (default: stdout)
  -h, --help            This text
  -V, --version         Version

Exit status: 0 no errors, 1 errors found, 2 unusable input or usage.";

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let code = match argv.first().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => {
            crate::stdout::outln!("{USAGE}");
            0
        }
        Some("-V" | "--version") => {
            crate::stdout::outln!("pjsip-lab {}", env!("CARGO_PKG_VERSION"));
            0
        }
        // `migrate` has options of its own.
        Some("migrate") => migrate::run(&argv[1..]),
        Some("lsp") => lsp::run(&argv[1..]),
        Some(command) => match args::Args::parse(&argv[1..]) {
            Ok(args) => match command {
                "check" if args.ci_format.is_some() => check_for_ci(&args),
                _ if args.ci_format.is_some() => usage_error(&format!("--format sarif and github are for check, not {command}")),
                "parse" => parse::run(&args),
                "check" => check::run(&args),
                "effective" => effective::run(&args),
                "explain" => explain::run(&args),
                "simulate" => simulate::run(&args),
                "replay" => replay::run(&args),
                "erd" => erd::run(&args),
                "export-text" => export_text(&args),
                other => usage_error(&format!("unknown command `{other}`")),
            },
            Err(message) => usage_error(&message),
        },
    };
    ExitCode::from(code)
}

/// `check --format sarif|github`: the same analysis as `check`, written for a CI system.
/// The exit status is check's: 1 when there are errors.
fn check_for_ci(args: &args::Args) -> u8 {
    let Some(analysis) = check::analyse(args, "check") else { return 2 };
    match args.ci_format {
        Some(args::CiFormat::Sarif) => {
            let log = sarif::log(&analysis, analysis.diagnostics());
            crate::stdout::outln!("{}", serde_json::to_string_pretty(&log).expect("the log serialises"));
        }
        _ => {
            for line in github::annotations(&analysis, analysis.diagnostics()) {
                crate::stdout::outln!("{line}");
            }
        }
    }
    output::exit_code(analysis.diagnostics())
}

/// `export-text FILE`: writes the text bundle (prose and lessons) the web app loads at run time.
/// Build tooling, not listed in the usage. The file is rewritten only when its content changes,
/// so `trunk serve` does not see a change on every build.
fn export_text(args: &args::Args) -> u8 {
    let [path] = args.files.as_slice() else {
        return usage_error("export-text takes one output file");
    };
    let json = pjsip_analysis::text::export_json(pjsip_analysis::lessons::SOURCES);
    if std::fs::read_to_string(path).is_ok_and(|old| old == json) {
        return 0;
    }
    if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::create_dir_all(dir);
    }
    match std::fs::write(path, json) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("pjsip-lab: cannot write {path}: {e}");
            2
        }
    }
}

fn usage_error(message: &str) -> u8 {
    eprintln!("pjsip-lab: {message}\n\n{USAGE}");
    2
}
