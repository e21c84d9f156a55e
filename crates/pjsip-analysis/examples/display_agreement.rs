//! How many effective values, printed by `Object::display`, equal Asterisk's `pjsip show`
//! output verbatim over the visible load verdicts. Prints the worst options.
use pjsip_analysis::{Analysis, AsteriskVersion, Input, InputFile, ObjectType};
fn main() {
    let shared = pjsip_testdata::shared();
    let mut total = 0;
    let mut equal = 0;
    let mut bad: std::collections::BTreeMap<String, (usize, String)> = Default::default();
    for path in pjsip_testdata::files_under(&shared.join("oracle/load")) {
        let v: serde_json::Value = serde_json::from_str(&pjsip_testdata::read(&path)).unwrap();
        let source = v["source"].as_str().unwrap();
        let p = shared.join("corpus").join(source);
        let dir = p.parent().unwrap().to_path_buf();
        let text = std::fs::read_to_string(&p).unwrap();
        let mut files = vec![];
        if p.file_name().unwrap() == "pjsip_wizard.conf.sample" {
            files.push(InputFile { name: "pjsip.conf".into(), text: String::new() });
            files.push(InputFile { name: "pjsip_wizard.conf".into(), text });
        } else {
            files.push(InputFile { name: "pjsip.conf".into(), text });
            if let Ok(w) = std::fs::read_to_string(dir.join("pjsip_wizard.conf")) {
                files.push(InputFile { name: "pjsip_wizard.conf".into(), text: w });
            }
        }
        let rd = dir.clone();
        let input = Input::new(files, AsteriskVersion::V22).with_reader(Box::new(move |n: &str| {
            if n.contains('/') {
                None
            } else {
                std::fs::read_to_string(rd.join(n)).ok()
            }
        }));
        let a = Analysis::new(&input);
        for t in ["endpoint", "aor", "auth", "transport", "identify", "registration"] {
            let Some(details) = v["details"][t].as_object() else { continue };
            let ot = ObjectType::from_name(t).unwrap();
            for (id, fields) in details {
                let Some(o) = a.model().find(ot, id) else { continue };
                for (k, theirs) in fields.as_object().unwrap() {
                    if k.starts_with('@') {
                        continue;
                    }
                    let Some(theirs) = theirs.as_str() else { continue };
                    if o.get(k).is_none() {
                        continue;
                    }
                    total += 1;
                    let ours = o.display(k);
                    if ours == theirs {
                        equal += 1;
                    } else {
                        let e = bad.entry(format!("{t}.{k}")).or_insert((0, String::new()));
                        e.0 += 1;
                        if e.1.is_empty() {
                            e.1 = format!("{source} {id}: asterisk `{theirs}` ours `{ours}`");
                        }
                    }
                }
            }
        }
    }
    println!("display agreement: {equal}/{total} ({:.2}% differ)", 100.0 * (total - equal) as f64 / total as f64);
    let mut w: Vec<_> = bad.into_iter().collect();
    w.sort_by_key(|x| std::cmp::Reverse(x.1 .0));
    for (k, (n, e)) in w.iter().take(40) {
        println!("{n:6} {k}: {e}");
    }
}
