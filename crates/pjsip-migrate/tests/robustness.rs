//! Hostile and random input: the migration never panics, always writes files that Asterisk's
//! loader reads without a syntax or loading error, keeps provenance inside the files, explains
//! every line it does not carry, and grows linearly with the input.

mod common;

use std::time::{Duration, Instant};

use pjsip_migrate::{migrate, parse_register_line, MigrateInput, Migration};
use proptest::prelude::*;

/// What every migration must hold, whatever the input.
fn check_invariants(m: &Migration) -> Result<(), String> {
    if let Some(bad) = m.check.iter().find(|f| f.code.starts_with("syntax/") || f.code.starts_with("config/")) {
        return Err(format!("the output does not load cleanly: {bad:?}\n{}", m.files.get("pjsip.conf").map_or("", String::as_str)));
    }
    for line in &m.provenance {
        let text = m.files.get(&line.file).ok_or(format!("provenance names an unknown output {}", line.file))?;
        if line.start > line.end || line.end as usize > text.len() {
            return Err(format!("provenance range {}..{} outside {}", line.start, line.end, line.file));
        }
    }
    if let Some(gap) = m.unmapped.iter().find(|u| u.reason.contains("changes nothing")) {
        return Err(format!("{}:{} [{}] {} has no explanation", gap.file, gap.line, gap.section, gap.option));
    }
    for subject in &m.proof.subjects {
        if subject.verdict.is_empty() {
            return Err(format!("{} has no verdict", subject.sip));
        }
    }
    Ok(())
}

const KEYS: &[&str] = &[
    "type",
    "host",
    "port",
    "secret",
    "md5secret",
    "remotesecret",
    "defaultuser",
    "username",
    "context",
    "insecure",
    "nat",
    "directmedia",
    "canreinvite",
    "dtmfmode",
    "allow",
    "disallow",
    "qualify",
    "qualifyfreq",
    "transport",
    "callerid",
    "fullname",
    "mailbox",
    "subscribemwi",
    "setvar",
    "permit",
    "deny",
    "acl",
    "defaultip",
    "register",
    "bindaddr",
    "bindport",
    "tcpenable",
    "tlsenable",
    "tlsbindaddr",
    "externaddr",
    "localnet",
    "allowguest",
    "callbackextension",
    "auth",
    "session-expires",
    "session-minse",
    "outboundproxy",
    "encryption",
    "dtlsenable",
    "t38pt_udptl",
    "callingpres",
    "fromdomain",
    "frobnicate",
    "description",
    "hassip",
    "registersip",
];

const VALUES: &[&str] = &[
    "yes",
    "no",
    "dynamic",
    "friend",
    "peer",
    "user",
    "127.0.0.1",
    "sip.example.com",
    "10.0.0.0/8",
    "port,invite",
    "force_rport,comedia",
    "udp,tcp,tls,ws",
    "ulaw",
    "all",
    "5060",
    "0",
    "-1",
    "99999",
    "a\\;b",
    "x;y",
    "\"Name\" <100>",
    "tcp://u:p:a@h:5070/100~60",
    "u@d:5:p:a@[::1]:5061",
    "@",
    "?",
    "~",
    "[",
    "]",
    "",
    "é",
    "peer?tls://@:/~",
    "100@default,200@default",
    "CHANNEL(x)=y",
    "1500",
    "a,b,,c",
];

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (prop::sample::select(KEYS), prop::sample::select(VALUES), prop_oneof![Just("="), Just(" = "), Just(" => "), Just("+=")])
            .prop_map(|(k, v, op)| format!("{k}{op}{v}")),
        1 => "[^\n]{0,40}",
        1 => Just("; comment".to_string()),
        1 => Just("#include missing.conf".to_string()),
    ]
}

fn section() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just("general".to_string()), Just("authentication".to_string()), "[a-z0-9@._-]{1,8}"],
        prop_oneof![Just(""), Just("(!)"), Just("(tpl)"), Just("(!,tpl)"), Just("(+)")],
        prop::collection::vec(line(), 0..8),
    )
        .prop_map(|(name, options, lines)| format!("[{name}]{options}\n{}\n", lines.join("\n")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_sip_confs_convert_cleanly(sections in prop::collection::vec(section(), 0..6), users in prop::collection::vec(section(), 0..3)) {
        let mut input = MigrateInput::new(vec![
            pjsip_migrate::SourceText { name: "sip.conf".into(), text: sections.concat() },
            pjsip_migrate::SourceText { name: "users.conf".into(), text: users.concat() },
        ]);
        input.wizard = sections.len() % 2 == 0;
        let m = migrate(&input);
        prop_assert!(check_invariants(&m).is_ok(), "{}", check_invariants(&m).unwrap_err());
    }

    #[test]
    fn register_lines_never_panic(text in "[a-z@:/~?\"\\[\\]()\\\\.0-9]{0,40}") {
        let _ = parse_register_line(&text);
    }
}

/// A small deterministic generator, so that the mutations are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

fn mutate(text: &str, rng: &mut Lcg) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    for _ in 0..4 {
        if lines.is_empty() {
            break;
        }
        let i = rng.next(lines.len());
        match rng.next(5) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let copy = lines[i].clone();
                let j = rng.next(lines.len());
                lines.insert(j, copy);
            }
            2 => {
                let cut = rng.next(lines[i].len() + 1);
                let cut = (0..=cut).rev().find(|&c| lines[i].is_char_boundary(c)).unwrap_or(0);
                lines[i].truncate(cut);
            }
            3 => lines[i].push_str(["]", ";--", "\\", "=>", "(!)", "@", "\u{fffd}"][rng.next(7)]),
            _ => lines.insert(i, format!("[{}]", ["general", "x", "tpl](!", ""][rng.next(4)])),
        }
    }
    lines.join("\n")
}

#[test]
fn mutated_corpus_files_convert_cleanly() {
    let mut rng = Lcg(0x5eed);
    let mut runs = 0;
    for path in common::corpus() {
        let text = std::fs::read_to_string(&path).unwrap();
        for _ in 0..3 {
            let m = migrate(&MigrateInput::sip(mutate(&text, &mut rng)));
            if let Err(problem) = check_invariants(&m) {
                panic!("{} (mutated): {problem}", common::relative(&path));
            }
            runs += 1;
        }
    }
    assert!(runs > 500, "only {runs} runs");
}

fn office_of(phones: usize) -> String {
    let mut text = String::from(
        "[general]\ncontext=office\nregister => 100:pw@sip.example.com\n[phone](!)\ntype=friend\nhost=dynamic\ndtmfmode=rfc2833\n",
    );
    for n in 0..phones {
        text.push_str(&format!(
            "[{}](phone)\nsecret=pw{n}\ncallerid=\"Phone {n}\" <{}>\nmailbox={}@default\n",
            1000 + n,
            1000 + n,
            1000 + n
        ));
    }
    text
}

fn time(phones: usize) -> Duration {
    let text = office_of(phones);
    let start = Instant::now();
    let m = migrate(&MigrateInput::sip(text));
    let elapsed = start.elapsed();
    assert_eq!(m.proof.recognised(), phones + 2);
    elapsed
}

/// Four times the phones may take four times as long (and some slack for a busy machine), not
/// sixteen times: the work is linear in the input.
#[test]
fn the_work_grows_linearly() {
    let _warm = time(100);
    let small = time(500);
    let large = time(2000);
    assert!(large < small * 8 + Duration::from_millis(500), "500 phones: {small:?}, 2000 phones: {large:?}");
}
