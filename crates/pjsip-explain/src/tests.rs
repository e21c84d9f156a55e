use std::collections::HashSet;

use super::*;

/// Every option of every type (all releases, wizard keys included) has prose, and every type
/// has an explainer.
#[test]
fn every_type_and_option_is_explained() {
    let mut missing = Vec::new();
    for ty in schema::TYPES {
        if type_text(ty.name).trim().is_empty() {
            missing.push(format!("type {}", ty.name));
        }
        for option in ty.options {
            if option_text(ty.name, option.name).0.trim().is_empty() {
                missing.push(format!("{}.{}", ty.name, option.name));
            }
        }
    }
    assert!(missing.is_empty(), "{} missing explanations: {missing:?}", missing.len());
}

/// Splits text into lowercase words (letters, digits, `_`), the unit of the copy check.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Every string value in the reference JSON (notes, caveats, …) of at least `min_words` words.
fn reference_strings(min_words: usize) -> Vec<String> {
    fn walk(value: &serde_json::Value, out: &mut Vec<String>, min_words: usize) {
        match value {
            serde_json::Value::String(s) if s.split_whitespace().count() >= min_words => out.push(s.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out, min_words)),
            serde_json::Value::Object(map) => map.values().for_each(|v| walk(v, out, min_words)),
            _ => {}
        }
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/pjsip-options.json");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out = Vec::new();
    walk(&json, &mut out, min_words);
    out
}

/// No explanation shares a run of eight words with any description text of the reference
/// (so no sentence was lifted from it, nor from Asterisk's own documentation it summarises).
#[test]
fn no_text_copies_the_reference() {
    const RUN: usize = 8;
    let mut runs: HashSet<Vec<String>> = HashSet::new();
    for s in reference_strings(RUN) {
        let w = words(&s);
        for window in w.windows(RUN) {
            runs.insert(window.to_vec());
        }
    }
    assert!(!runs.is_empty(), "the reference holds description strings to compare with");
    let texts = TYPE_TEXTS
        .iter()
        .map(|(t, text)| (t.to_string(), *text))
        .chain(OPTION_TEXTS.iter().map(|(t, o, text, _)| (format!("{t}.{o}"), *text)));
    let mut copied = Vec::new();
    for (name, text) in texts {
        if let Some(window) = words(text).windows(RUN).find(|w| runs.contains(*w)) {
            copied.push(format!("{name}: {}", window.join(" ")));
        }
    }
    assert!(copied.is_empty(), "text shares an 8-word run with the reference: {copied:?}");
}

#[test]
fn the_copy_check_can_fail() {
    // A reference note copied verbatim is caught by the same word-run comparison.
    let note = reference_strings(8).into_iter().next().unwrap();
    let w = words(&note);
    assert!(w.windows(8).next().is_some());
}

#[test]
fn prose_stays_compact() {
    let bytes: usize =
        TYPE_TEXTS.iter().map(|(_, t)| t.len()).sum::<usize>() + OPTION_TEXTS.iter().map(|(_, _, t, _)| t.len()).sum::<usize>();
    assert!(bytes < 120 * 1024, "{bytes} bytes of prose");
}

#[test]
fn option_lookup_follows_asterisk_matching() {
    let e = explain_option("endpoint", "DTMF_Mode", AsteriskVersion::V22).unwrap();
    assert_eq!(e.schema.name, "dtmf_mode");
    assert_eq!(e.schema.default, "rfc4733");
    let e = explain_option("inbound-publication", "event_presence", AsteriskVersion::V22).unwrap();
    assert!(e.schema.name_prefix.is_some());
    let e = explain_option("wizard", "endpoint/context", AsteriskVersion::V22).unwrap();
    assert_eq!(e.schema.name, "endpoint/*");
    assert_eq!(explain_option("wizard", "endpoint/*", AsteriskVersion::V22).unwrap().schema.name, "endpoint/*");
}

#[test]
fn unknown_names_suggest_close_ones() {
    let err = explain_option("endpoint", "dtmfmode", AsteriskVersion::V22).unwrap_err();
    match &err {
        LookupError::UnknownOption { suggestions, .. } => assert_eq!(suggestions.first(), Some(&"dtmf_mode")),
        other => panic!("{other:?}"),
    }
    assert_eq!(err.to_string(), "type `endpoint` has no option `dtmfmode`; did you mean `dtmf_mode`?");
    match explain_type("endpiont").unwrap_err() {
        LookupError::UnknownType { suggestions, .. } => assert_eq!(suggestions, vec!["endpoint"]),
        other => panic!("{other:?}"),
    }
    match explain_option("aor", "max_contact", AsteriskVersion::V22).unwrap_err() {
        LookupError::UnknownOption { suggestions, .. } => assert_eq!(suggestions.first(), Some(&"max_contacts")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn version_gates_options() {
    let err = explain_option("endpoint", "rtp_port_start", AsteriskVersion::V21).unwrap_err();
    assert!(matches!(err, LookupError::NotInVersion { .. }), "{err:?}");
    assert!(err.to_string().contains("only in 20, 22, 23"), "{err}");
    assert!(explain_option("endpoint", "rtp_port_start", AsteriskVersion::V22).is_ok());
    let options = explain_type("endpoint").unwrap().options(AsteriskVersion::V21);
    assert!(!options.iter().any(|o| o.schema.name == "rtp_port_start"));
}

#[test]
fn related_names_resolve() {
    for (ty, option, _, related) in OPTION_TEXTS {
        for r in *related {
            let ok = match r.split_once('.') {
                Some((t, o)) => schema::type_schema(t).is_some_and(|t| t.options.iter().any(|x| x.name == o)),
                None => schema::type_schema(ty).unwrap().options.iter().any(|x| x.name == *r) || schema::type_schema(r).is_some(),
            };
            assert!(ok, "{ty}.{option} relates to unknown {r}");
        }
    }
}
