//! Every sip.conf of the shared corpus (`corpus/sip`: Asterisk's testsuite and the Asterisk 20
//! samples) converts without panic; for every file chan_sip would load, the output has no error
//! from the validator; every device gets a verdict from the simulator, and every one is
//! recognised as chan_sip recognised it. The figures are printed and ratcheted: a change that
//! makes them worse fails here.
//!
//! The files chan_sip would refuse are listed in [`REFUSED`] with the reason, read from
//! Asterisk's config loader rules (`main/config.c`): a missing `#include` target makes the whole
//! file invalid, so chan_sip logs "Contents of sip.conf are invalid and cannot be parsed" and
//! loads nothing. They are still converted (best effort), and the migration must say that
//! Asterisk would refuse them.

mod common;

use std::collections::BTreeMap;

/// Files chan_sip would not load, with the reason (each must be reported as refused).
const REFUSED: &[(&str, &str)] = &[
    ("configs/bridge/ast1/sip.conf", "includes sip-alice.conf and sip-bob.conf, which the corpus does not hold"),
    ("configs/bridge/ast3/sip.conf", "includes sip-uut.conf, which the corpus does not hold"),
    ("tests/channels/SIP/sip_tls_call/configs/ast1/sip.conf", "includes sip_helper.inc, which the corpus does not hold"),
    ("tests/channels/SIP/sip_tls_call/configs/ast2/sip.conf", "includes sip_helper.inc, which the corpus does not hold"),
    ("tests/channels/SIP/sip_tls_register/configs/ast1/sip.conf", "includes sip_helper.inc, which the corpus does not hold"),
];

/// The ratchet: raise the first numbers, never lower them; lower the last one, never raise it.
const FILES: usize = 199;
const SUBJECTS: usize = 517;
const RECOGNISED: usize = 517;
/// Lines reported with the catch-all "changes nothing" reason: each one is a gap in the
/// explanations of `convert::explain`.
const UNEXPLAINED: usize = 0;

#[test]
fn corpus_converts_checks_and_proves() {
    let files = common::corpus();
    let mut figures: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for path in &files {
        let relative = common::relative(path);
        let migration = pjsip_migrate::migrate(&common::input(path));
        *figures.entry("files").or_default() += 1;
        let expected_refusal = REFUSED.iter().find(|(file, _)| *file == relative);
        match (expected_refusal, &migration.refused) {
            (Some(_), Some(_)) => {
                *figures.entry("refused by chan_sip").or_default() += 1;
            }
            (Some((_, why)), None) => failures.push(format!("{relative}: chan_sip refuses it ({why}), but the migration does not say so")),
            (None, Some(refused)) => failures.push(format!("{relative}: reported as refused: {refused}")),
            (None, None) => {
                *figures.entry("loaded by chan_sip").or_default() += 1;
                for error in migration.check.iter().filter(|f| f.severity == "error") {
                    failures.push(format!("{relative}: output error {}:{} {}: {}", error.file, error.line, error.code, error.message));
                }
            }
        }
        *figures.entry("devices").or_default() += migration
            .proof
            .subjects
            .iter()
            .filter(|s| !matches!(s.role, pjsip_migrate::Role::Registration | pjsip_migrate::Role::Guests))
            .count();
        *figures.entry("subjects").or_default() += migration.proof.subjects.len();
        *figures.entry("recognised").or_default() += migration.proof.recognised();
        *figures.entry("unmapped settings").or_default() += migration.unmapped.len();
        *figures.entry("output lines").or_default() += migration.provenance.len();
        for subject in migration.proof.subjects.iter().filter(|s| !s.recognised) {
            failures.push(format!("{relative}: {} not recognised: {}", subject.sip, subject.verdict));
        }
        for subject in &migration.proof.subjects {
            assert!(!subject.verdict.is_empty(), "{relative}: {} has no verdict", subject.sip);
        }
        for u in migration.unmapped.iter().filter(|u| u.reason.contains("changes nothing")) {
            *figures.entry("unexplained").or_default() += 1;
            println!("unexplained: {relative}:{} [{}] {}", u.line, u.section, u.option);
        }
    }
    println!("corpus figures: {figures:#?}");
    assert!(failures.is_empty(), "{} problem(s):\n{}", failures.len(), failures.join("\n"));
    assert_eq!(figures["files"], FILES, "the corpus changed: update FILES");
    assert!(figures["subjects"] >= SUBJECTS, "fewer devices get a verdict than before");
    assert!(figures["recognised"] >= RECOGNISED, "fewer devices are recognised than before");
    assert_eq!(
        figures.get("unexplained").copied().unwrap_or(0),
        UNEXPLAINED,
        "lines lacking an explanation: add one to `convert::account::explain`"
    );
}

/// Every device of every corpus file has a subject in the proof: a device is never skipped
/// silently.
#[test]
fn every_device_gets_a_verdict() {
    for path in common::corpus() {
        let text = std::fs::read_to_string(&path).unwrap();
        let migration = pjsip_migrate::migrate(&common::input(&path));
        for section in migration.sections.iter().filter(|s| {
            matches!(s.kind, pjsip_migrate::GroupKind::Friend | pjsip_migrate::GroupKind::Peer | pjsip_migrate::GroupKind::User)
        }) {
            assert!(
                migration.proof.subjects.iter().any(|s| s.sip == section.sip),
                "{}: device [{}] has no verdict\n{text}",
                common::relative(&path),
                section.sip
            );
        }
    }
}
