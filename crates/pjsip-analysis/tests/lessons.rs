//! Every lesson is a test: its broken configuration shows the diagnosis, the simulator
//! reproduces the failure, and the fix makes both pass (`Lesson::check`). The mutation tests
//! below make sure the check can fail: a wrong expectation or a missing fix must be caught.

use pjsip_analysis::checks::Rule;
use pjsip_analysis::lessons::{self, Lesson, LessonFix};
use pjsip_analysis::Analysis;

fn all() -> &'static [Lesson] {
    assert!(lessons::load_errors().is_empty(), "{:?}", lessons::load_errors());
    lessons::lessons()
}

#[test]
fn every_lesson_file_is_compiled_in_and_parses() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/lessons");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("data/lessons")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".json"))
        .collect();
    on_disk.sort();
    let mut compiled: Vec<String> = lessons::source_files().map(str::to_string).collect();
    compiled.sort();
    assert_eq!(on_disk, compiled, "add new lesson files to SOURCES in src/lessons.rs");
    let ids: Vec<String> = all().iter().map(|l| format!("{}.json", l.id)).collect();
    let mut sorted_ids = ids.clone();
    sorted_ids.sort();
    assert_eq!(sorted_ids, compiled, "each lesson's id is its file name");
}

#[test]
fn the_eleven_problems_are_taught_in_order() {
    let ids: Vec<&str> = all().iter().map(|l| l.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "no-matching-endpoint",
            "failed-to-authenticate",
            "aor-no-max-contacts",
            "exceed-max-contacts",
            "aor-not-found",
            "wrong-endpoint-matched",
            "one-way-audio-nat",
            "provider-registration-rejected",
            "tls-option-names",
            "transport-bind-conflict",
            "no-common-codec",
        ]
    );
}

#[test]
fn every_lesson_passes_its_own_check() {
    let failures: Vec<String> = all().iter().filter_map(|l| l.check(Analysis::new).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn texts_are_present_and_short() {
    for lesson in all() {
        for (what, text) in [
            ("title", &lesson.title),
            ("symptom", &lesson.symptom),
            ("diagnosis", &lesson.diagnosis),
            ("shown_by", &lesson.shown_by),
            ("fix title", &lesson.fix.title),
        ] {
            assert!(!text.trim().is_empty(), "{}: empty {what}", lesson.id);
        }
        let sentences = lesson.diagnosis.matches(". ").count() + 1;
        assert!((2..=5).contains(&sentences), "{}: diagnosis has {sentences} sentences", lesson.id);
    }
}

#[test]
fn a_wrong_status_is_caught() {
    for lesson in all().iter().filter(|l| l.expect_before.is_some()) {
        let mut wrong = lesson.clone();
        let before = wrong.expect_before.as_mut().expect("filtered");
        before.status = Some(before.status.map_or(200, |s| if s == 200 { 202 } else { 200 }));
        assert!(wrong.check(Analysis::new).is_err(), "{}: a wrong status before the fix went unnoticed", lesson.id);

        let mut wrong = lesson.clone();
        let after = wrong.expect_after.as_mut().expect("given with expect_before");
        after.status = Some(599);
        assert!(wrong.check(Analysis::new).is_err(), "{}: a wrong status after the fix went unnoticed", lesson.id);
    }
}

#[test]
fn wrong_details_are_caught() {
    for lesson in all().iter().filter(|l| l.expect_before.is_some()) {
        let mut wrong = lesson.clone();
        wrong.expect_before.as_mut().expect("filtered").log = Some("a phrase Asterisk never logs".into());
        assert!(wrong.check(Analysis::new).is_err(), "{}: a wrong log phrase went unnoticed", lesson.id);

        let mut wrong = lesson.clone();
        wrong.expect_after.as_mut().expect("given").endpoint = Some(Some("nobody".into()));
        assert!(wrong.check(Analysis::new).is_err(), "{}: a wrong endpoint went unnoticed", lesson.id);

        let mut wrong = lesson.clone();
        wrong.expect_after.as_mut().expect("given").contact = Some("sip:nobody@203.0.113.99".into());
        assert!(wrong.check(Analysis::new).is_err(), "{}: a wrong contact went unnoticed", lesson.id);
    }
}

#[test]
fn wrong_diagnostic_codes_are_caught() {
    for lesson in all() {
        let mut extra = lesson.clone();
        extra.codes.push(Rule::SectionDuplicate);
        assert!(extra.check(Analysis::new).is_err(), "{}: a code the validator does not report went unnoticed", lesson.id);
        if !lesson.codes.is_empty() {
            let mut none = lesson.clone();
            none.codes.clear();
            assert!(none.check(Analysis::new).is_err(), "{}: an unlisted code went unnoticed", lesson.id);
        }
    }
}

#[test]
fn without_the_fix_the_lesson_fails() {
    for lesson in all() {
        let mut unfixed = lesson.clone();
        // A replacement that changes nothing: the broken config is checked as if it were fixed.
        unfixed.fix = LessonFix { title: "nothing".into(), quick_fix: None, edits: vec![] };
        assert!(unfixed.check(Analysis::new).is_err(), "{}: passes without its fix", lesson.id);
    }
}

#[test]
fn the_fix_changes_the_files_and_keeps_the_rest() {
    for lesson in all() {
        let broken = Analysis::new(&lesson.broken_input());
        let fixed = lesson.fixed_files(&broken).expect("fix applies");
        assert_eq!(fixed.len(), lesson.files.len());
        assert!(fixed.iter().zip(&lesson.files).any(|(a, b)| a.text != b.text), "{}: the fix changes nothing", lesson.id);
        assert!(fixed.iter().zip(&lesson.files).all(|(a, b)| a.name == b.name));
    }
}

#[test]
fn quick_fixes_are_the_validators_own() {
    // A lesson naming a code whose diagnostic has no fix must fail to apply, not pass silently.
    let lesson = lessons::lesson("no-common-codec").expect("exists");
    let mut wrong = lesson.clone();
    wrong.fix.quick_fix = Some(Rule::EndpointNoCodecs); // written codecs: no quick fix offered
    let broken = Analysis::new(&wrong.broken_input());
    assert!(wrong.fixed_files(&broken).is_err());
}

#[test]
fn lessons_serialise_for_the_web() {
    let json = serde_json::to_value(all()).expect("serialisable");
    let first = &json[0];
    assert_eq!(first["id"], "no-matching-endpoint");
    assert_eq!(first["files"][0]["name"], "pjsip.conf");
    assert_eq!(first["requests"][0]["method"], "REGISTER");
    assert_eq!(first["expect_before"]["endpoint"], serde_json::Value::Null);
}
