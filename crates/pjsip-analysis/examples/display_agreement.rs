//! How many effective values, printed by `Object::display` (what the CLI and the app show),
//! equal Asterisk's `pjsip show` output verbatim over the visible load verdicts; then, per
//! option, how many differ with up to three examples (Asterisk's text, ours, the raw value).
//! `cargo run --release -p pjsip-analysis --example display_agreement`.

use std::collections::BTreeMap;

use pjsip_analysis::{Analysis, AsteriskVersion, Input, InputFile, ObjectType};

fn input_for(shared: &std::path::Path, source: &str) -> Input {
    let path = shared.join("corpus").join(source);
    let dir = path.parent().expect("a folder").to_path_buf();
    let text = pjsip_testdata::read(&path);
    let mut files = Vec::new();
    if path.file_name().is_some_and(|n| n == "pjsip_wizard.conf.sample") {
        files.push(InputFile { name: "pjsip.conf".into(), text: String::new() });
        files.push(InputFile { name: "pjsip_wizard.conf".into(), text });
    } else {
        files.push(InputFile { name: "pjsip.conf".into(), text });
        if let Ok(wizard) = std::fs::read_to_string(dir.join("pjsip_wizard.conf")) {
            files.push(InputFile { name: "pjsip_wizard.conf".into(), text: wizard });
        }
    }
    Input::new(files, AsteriskVersion::V22).with_reader(Box::new(move |name: &str| {
        if name.contains('/') {
            None
        } else {
            std::fs::read_to_string(dir.join(name)).ok()
        }
    }))
}

fn main() {
    let shared = pjsip_testdata::shared();
    let (mut total, mut equal) = (0usize, 0usize);
    let mut differing: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
    for path in pjsip_testdata::files_under(&shared.join("oracle/load")) {
        let verdict: serde_json::Value = serde_json::from_str(&pjsip_testdata::read(&path)).expect("JSON");
        let source = verdict["source"].as_str().expect("a source");
        let analysis = Analysis::new(&input_for(&shared, source));
        for type_name in ["endpoint", "aor", "auth", "transport", "identify", "registration"] {
            let Some(details) = verdict["details"][type_name].as_object() else { continue };
            let object_type = ObjectType::from_name(type_name).expect("a type");
            for (id, fields) in details {
                let Some(object) = analysis.model().find(object_type, id) else { continue };
                for (key, theirs) in fields.as_object().into_iter().flatten() {
                    let Some(theirs) = theirs.as_str().filter(|_| !key.starts_with('@')) else { continue };
                    if object.get(key).is_none() {
                        continue;
                    }
                    total += 1;
                    let ours = object.display(key);
                    if ours == theirs {
                        equal += 1;
                        continue;
                    }
                    let entry = differing.entry(format!("{type_name}.{key}")).or_default();
                    entry.0 += 1;
                    let sample = format!("`{theirs}` vs `{ours}` (raw `{}`)", object.value(key));
                    if entry.1.len() < 3 && !entry.1.contains(&sample) {
                        entry.1.push(sample);
                    }
                }
            }
        }
    }
    println!("display agreement: {equal}/{total} values ({} differ)", total - equal);
    let mut worst: Vec<_> = differing.into_iter().collect();
    worst.sort_by_key(|(_, (n, _))| std::cmp::Reverse(*n));
    for (key, (n, samples)) in worst {
        println!("{n:6} {key}: {}", samples.join("; "));
    }
}
