//! Agreement with real Asterisk 22.10.1: every load verdict in `shared/oracle/load`
//! against what [`Analysis`] says loads.
//!
//! Inputs are read like the harness did: the corpus `pjsip.conf`, the `pjsip_wizard.conf` of the
//! same directory, and `#include` targets only from that same directory. The environment is
//! the harness's ([`pjsip_analysis::Environment::default`]): no key files, no phoneprov, no
//! geolocation profiles.
//!
//! Two figures are measured and ratcheted (they may rise, never fall):
//! * objects: configs whose loaded endpoint/aor/auth/transport/identify/registration id sets
//!   equal Asterisk's exactly;
//! * values: effective option values of objects both sides loaded, **verbatim**: our side is
//!   [`pjsip_analysis::Object::display`], the one rendering of `pjsip show <type> <id>` that the
//!   CLI's `effective` and the app show too; nothing is normalised here.
//!
//! One allowance, for the verdicts' format rather than the values: Asterisk prints an
//! accumulating list (`contact`, `match`) one line per entry and a verdict keeps one of those
//! lines, so it counts as equal when it is one of our entries. Keys starting with `@` (wizard
//! marker) are skipped, and so are options our model does not know.

mod common;

use std::path::PathBuf;

use pjsip_analysis::schema;
use pjsip_analysis::{Analysis, AsteriskVersion, Input, InputFile};
use pjsip_testdata::{files_under, read, shared_path};
use serde_json::Value;

const TYPES: &[&str] = &["endpoint", "aor", "auth", "transport", "identify", "registration"];

/// Ratchet: measured figures must never drop below these.
const MIN_OBJECT_CONFIGS: usize = 569;
const MIN_EQUAL_VALUES: usize = 150_381;

fn input_for(source: &str) -> Input {
    let path = shared_path("corpus").join(source);
    let dir = path.parent().expect("a corpus file is in a folder").to_path_buf();
    let text = read(&path);
    let file_name = path.file_name().expect("a corpus path names a file").to_string_lossy().to_string();
    let mut files = Vec::new();
    if file_name == "pjsip_wizard.conf.sample" {
        files.push(InputFile { name: "pjsip.conf".into(), text: String::new() });
        files.push(InputFile { name: "pjsip_wizard.conf".into(), text });
    } else {
        files.push(InputFile { name: "pjsip.conf".into(), text });
        if let Ok(wizard) = std::fs::read_to_string(dir.join("pjsip_wizard.conf")) {
            files.push(InputFile { name: "pjsip_wizard.conf".into(), text: wizard });
        }
    }
    let reader_dir = dir.clone();
    let reader = Box::new(move |name: &str| {
        // Only the config's own directory, as the harness did.
        if name.contains('/') {
            return None;
        }
        std::fs::read_to_string(reader_dir.join(name)).ok()
    });
    Input::new(files, AsteriskVersion::V22).with_reader(reader)
}

#[test]
fn agreement_with_asterisk_load_verdicts() {
    let paths: Vec<PathBuf> =
        files_under(&shared_path("oracle/load")).into_iter().filter(|p| p.to_string_lossy().ends_with(".out.json")).collect();
    let (mut configs, mut exact, mut values, mut equal) = (0, 0, 0, 0);
    let mut mismatched_objects = Vec::new();
    let mut mismatched_values: std::collections::BTreeMap<String, (usize, String)> = Default::default();
    for path in &paths {
        let verdict: Value = serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let source = verdict["source"].as_str().unwrap_or_else(|| panic!("{}: no `source`", path.display()));
        let input = input_for(source);
        let analysis = Analysis::new(&input);
        configs += 1;
        let mut same = true;
        for t in TYPES {
            let mut theirs: Vec<String> =
                verdict["objects"][t].as_array().into_iter().flatten().filter_map(|v| v.as_str().map(String::from)).collect();
            let mut ours: Vec<String> = analysis.objects().iter().filter(|o| o.type_name() == *t).map(|o| o.id.clone()).collect();
            theirs.sort();
            ours.sort();
            if theirs != ours {
                same = false;
                mismatched_objects.push(format!("{source}: {t}: asterisk {theirs:?} ours {ours:?}"));
            }
            let Some(schema) = schema::type_schema(t) else { continue };
            let Some(details) = verdict["details"][t].as_object() else { continue };
            for (id, fields) in details {
                let Some(object) = analysis.objects().iter().find(|o| o.type_name() == *t && o.id == *id) else { continue };
                for (key, their_value) in fields.as_object().into_iter().flatten() {
                    if key.starts_with('@') {
                        continue;
                    }
                    let (Some(option), Some(_)) = (schema.option(key), object.get(key)) else { continue };
                    let Some(theirs) = their_value.as_str() else { continue };
                    let ok = common::same_display(option, object, key, theirs);
                    values += 1;
                    if ok {
                        equal += 1;
                    } else {
                        let entry = mismatched_values.entry(format!("{t}.{key}")).or_insert((0, String::new()));
                        entry.0 += 1;
                        if entry.1.is_empty() {
                            entry.1 = format!("{source} {id}: asterisk `{theirs}` ours `{}`", object.display(key));
                        }
                    }
                }
            }
        }
        if same {
            exact += 1;
        }
    }
    println!("oracle agreement: objects {exact}/{configs} configs exact; values {equal}/{values} compared values equal");
    for m in mismatched_objects.iter().take(40) {
        println!("  objects differ: {m}");
    }
    let mut worst: Vec<_> = mismatched_values.into_iter().collect();
    worst.sort_by_key(|w| std::cmp::Reverse(w.1 .0));
    for (key, (n, example)) in worst.iter().take(40) {
        println!("  values differ: {key} x{n}, e.g. {example}");
    }
    assert!(exact >= MIN_OBJECT_CONFIGS, "object agreement fell: {exact} < {MIN_OBJECT_CONFIGS}");
    assert!(equal >= MIN_EQUAL_VALUES, "value agreement fell: {equal} < {MIN_EQUAL_VALUES}");
}
