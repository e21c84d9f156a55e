//! `pjsip-lab migrate SIP.CONF [USERS.CONF] [-o DIR] [--wizard] [--format human|json]`:
//! converts chan_sip's configuration to PJSIP with `pjsip_migrate`, checks the result and proves
//! with the simulator that every device is still recognised.
//!
//! * `-o DIR` writes `pjsip.conf` (and `pjsip_wizard.conf` with `--wizard`) and the report,
//!   `migration.json`, into DIR and prints the summary. Without it the converted file goes to
//!   stdout and the summary to stderr, so `pjsip-lab migrate sip.conf > pjsip.conf` works.
//! * `--format json` prints the whole migration (files, sections, unmapped settings, provenance,
//!   findings, proof) as one JSON object instead.
//! * `--prove PJSIP.CONF` (repeatable, for pjsip_wizard.conf too) converts nothing: it runs the
//!   proof of SIP.CONF against the given files — the same requests and verdicts, to judge
//!   another converter's output.
//!
//! Exit status: 0 when the output has no errors and every device is recognised, 1 otherwise,
//! 2 for unusable input or usage.

use std::path::Path;

use pjsip_migrate::{MigrateInput, Migration, Proof, SourceText};
use serde::Serialize;

const USAGE: &str = "usage: pjsip-lab migrate SIP.CONF [USERS.CONF] [-o DIR] [--wizard] [--format human|json] [--prove PJSIP.CONF]...";

#[derive(Debug, Default)]
struct Options {
    files: Vec<String>,
    output: Option<String>,
    wizard: bool,
    json: bool,
    prove: Vec<String>,
}

fn parse(raw: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    let mut iter = raw.iter();
    while let Some(arg) = iter.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if arg.starts_with("--") => (flag, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| inline.clone().or_else(|| iter.next().cloned()).ok_or(format!("{name} needs a value"));
        match flag {
            "-o" | "--output" => options.output = Some(value("--output")?),
            "--wizard" => options.wizard = true,
            "--prove" => options.prove.push(value("--prove")?),
            "--format" => {
                options.json = match value("--format")?.as_str() {
                    "json" => true,
                    "human" => false,
                    other => return Err(format!("unknown format `{other}` (expected human or json)")),
                }
            }
            _ if flag.starts_with('-') && flag != "-" => return Err(format!("unknown option `{flag}`")),
            _ => options.files.push(arg.clone()),
        }
    }
    match options.files.len() {
        1 | 2 => Ok(options),
        0 => Err("migrate needs SIP.CONF".into()),
        _ => Err("migrate takes SIP.CONF and at most one USERS.CONF".into()),
    }
}

fn read(path: &str) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

fn input(options: &Options) -> Result<MigrateInput, String> {
    let mut files = Vec::new();
    for path in &options.files {
        files.push(SourceText { name: path.clone(), text: read(path)? });
    }
    let mut input = MigrateInput::new(files);
    input.sip_conf = options.files.first().cloned();
    input.users_conf = options.files.get(1).cloned();
    input.wizard = options.wizard;
    Ok(input.with_reader(Box::new(|path: &str| std::fs::read(path).ok().map(|b| String::from_utf8_lossy(&b).into_owned()))))
}

pub fn run(raw: &[String]) -> u8 {
    let options = match parse(raw) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("pjsip-lab migrate: {message}\n{USAGE}");
            return 2;
        }
    };
    let input = match input(&options) {
        Ok(input) => input,
        Err(message) => {
            eprintln!("pjsip-lab migrate: {message}");
            return 2;
        }
    };
    if !options.prove.is_empty() {
        return prove_only(&options, &input);
    }
    let migration = pjsip_migrate::migrate(&input);
    let failed = migration.errors() > 0 || migration.proof.not_recognised() > 0;
    if options.json {
        println!("{}", serde_json::to_string_pretty(&migration).expect("the migration serialises"));
    } else {
        let summary = summary(&migration, &options.files[0]);
        match &options.output {
            Some(_) => print!("{summary}"),
            None => {
                for (name, text) in &migration.files {
                    if migration.files.len() > 1 {
                        println!("; ==== {name}");
                    }
                    print!("{text}");
                }
                eprint!("{summary}");
            }
        }
    }
    if let Some(dir) = &options.output {
        if let Err(message) = write_dir(dir, &migration) {
            eprintln!("pjsip-lab migrate: {message}");
            return 2;
        }
    }
    u8::from(failed)
}

fn write_dir(dir: &str, migration: &Migration) -> Result<(), String> {
    let dir = Path::new(dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (name, text) in &migration.files {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let report = dir.join("migration.json");
    let json = serde_json::to_string_pretty(migration).expect("the migration serialises") + "\n";
    std::fs::write(&report, json).map_err(|e| format!("{}: {e}", report.display()))
}

/// The proof of SIP.CONF run against other files (`--prove`).
fn prove_only(options: &Options, input: &MigrateInput) -> u8 {
    let mut files = Vec::new();
    for path in &options.prove {
        let text = match read(path) {
            Ok(text) => text,
            Err(message) => {
                eprintln!("pjsip-lab migrate: {message}");
                return 2;
            }
        };
        // The analysis tells pjsip.conf from pjsip_wizard.conf by base name.
        let base = Path::new(path).file_name().and_then(|n| n.to_str()).unwrap_or(path).to_string();
        files.push(SourceText { name: base, text });
    }
    let (proof, check) = pjsip_migrate::prove(input, &files);
    #[derive(Serialize)]
    struct Report<'a> {
        proof: &'a Proof,
        check: &'a [pjsip_migrate::Finding],
    }
    if options.json {
        println!("{}", serde_json::to_string_pretty(&Report { proof: &proof, check: &check }).expect("the proof serialises"));
    } else {
        print!("{}", proof_table(&proof));
    }
    u8::from(proof.not_recognised() > 0 || check.iter().any(|f| f.severity == "error"))
}

fn summary(migration: &Migration, sip: &str) -> String {
    let mut out = String::new();
    if let Some(refused) = &migration.refused {
        out.push_str(&format!("{refused}\n"));
    }
    let objects: usize = migration.sections.iter().map(|s| s.objects.len()).sum();
    let lines: usize = migration.files.values().map(|t| t.lines().count()).sum();
    let names: Vec<&str> = migration.files.keys().map(String::as_str).collect();
    out.push_str(&format!(
        "Converted {sip}: {} sections → {objects} PJSIP sections ({}, {lines} lines)\n",
        migration.sections.len(),
        names.join(" + ")
    ));
    let count = |severity: &str| migration.check.iter().filter(|f| f.severity == severity).count();
    out.push_str(&format!(
        "Check of the output: {} error(s), {} warning(s), {} hint(s)\n",
        count("error"),
        count("warning"),
        count("hint")
    ));
    for finding in migration.check.iter().filter(|f| f.severity != "hint") {
        out.push_str(&format!("  {}:{} {} {}: {}\n", finding.file, finding.line, finding.severity, finding.code, finding.message));
    }
    if !migration.unmapped.is_empty() {
        out.push_str(&format!("\nNot carried over ({}):\n", migration.unmapped.len()));
        for u in &migration.unmapped {
            out.push_str(&format!("  {}:{} [{}] {} — {}\n", u.file, u.line, u.section, u.option, u.reason));
        }
    }
    if !migration.notes.is_empty() {
        out.push_str(&format!("\nCarried over with a difference ({}):\n", migration.notes.len()));
        for n in &migration.notes {
            out.push_str(&format!("  {}:{} [{}] {} — {}\n", n.file, n.line, n.section, n.option, n.note));
        }
    }
    if !migration.decisions.is_empty() {
        out.push_str("\nTo review:\n");
        for d in &migration.decisions {
            out.push_str(&format!("  - {d}\n"));
        }
    }
    out.push('\n');
    out.push_str(&proof_table(&migration.proof));
    out
}

fn proof_table(proof: &Proof) -> String {
    let mut out = format!("Proof with the simulator: {} of {} recognised\n", proof.recognised(), proof.subjects.len());
    let width = proof.subjects.iter().map(|s| s.sip.chars().count()).max().unwrap_or(0).min(40);
    for subject in &proof.subjects {
        let mark = if subject.recognised { "ok  " } else { "FAIL" };
        let role = serde_json::to_value(subject.role).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
        let name: String = subject.sip.chars().take(40).collect();
        out.push_str(&format!("  {mark} {name:<width$}  {role:<12} {}\n", subject.verdict));
    }
    out
}
