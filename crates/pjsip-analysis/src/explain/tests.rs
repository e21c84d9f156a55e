use std::collections::HashSet;

use super::*;
use crate::{Analysis, Input, InputFile};

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

fn summary_of(text: &str) -> Summary {
    Analysis::new(&Input::new(vec![InputFile { name: "pjsip.conf".into(), text: text.into() }], AsteriskVersion::V22)).summary()
}

const OFFICE: &str = "\
[udp]
type=transport
protocol=udp
bind=0.0.0.0:5060
external_media_address=198.51.100.7
external_signaling_address=198.51.100.7
local_net=192.168.0.0/16

[phone](!)
type=endpoint
context=from-internal
disallow=all
allow=ulaw
rtp_symmetric=yes
rewrite_contact=yes

[6001](phone)
auth=6001
aors=6001
[6001]
type=auth
username=6001
password=a
[6001]
type=aor
max_contacts=1

[6002](phone)
auth=6002
aors=6002
[6002]
type=auth
username=6002
password=b
[6002]
type=aor
max_contacts=1

[provider]
type=endpoint
context=from-external
allow=ulaw
outbound_auth=provider
aors=provider
[provider]
type=aor
contact=sip:sip.example.net
[provider]
type=auth
username=acct
password=c
[provider]
type=identify
endpoint=provider
match=203.0.113.5
[provider]
type=registration
server_uri=sip:sip.example.net
client_uri=sip:acct@sip.example.net
outbound_auth=provider
";

#[test]
fn summary_classifies_phones_and_trunks() {
    let summary = summary_of(OFFICE);
    let text = summary.to_text();
    assert!(
        text.contains("2 phones (`6001`, `6002`) register with a password; calls from them land in context `from-internal`."),
        "{text}"
    );
    assert!(
        text.contains("Trunk `provider` is identified by IP 203.0.113.5, registers to sip:sip.example.net, is reached at sip:sip.example.net, and answers the provider's challenges with credentials; its incoming calls land in context `from-external`."),
        "{text}"
    );
    assert!(text.contains("Asterisk listens on 1 transport: `udp` (UDP on 0.0.0.0:5060)."), "{text}");
    assert!(text.contains("advertises 198.51.100.7 to peers outside 192.168.0.0/16"), "{text}");
    assert!(text.contains("All 2 registering endpoints are set for clients behind NAT"), "{text}");
    let trunk = summary.items.iter().find(|i| i.topic == SummaryTopic::Trunk).unwrap();
    assert!(trunk.objects.contains(&("identify", "provider".to_string())));
    assert_eq!(trunk.objects.len(), trunk.spans.len());
    let phones = summary.items.iter().find(|i| i.topic == SummaryTopic::Phones).unwrap();
    // The spans point at the sections of the objects named.
    let analysis = Analysis::new(&Input::new(vec![InputFile { name: "pjsip.conf".into(), text: OFFICE.into() }], AsteriskVersion::V22));
    let (_, source) = analysis.file(phones.spans[0].file);
    assert!(source[phones.spans[0].span.start as usize..].starts_with("[6001]"));
}

#[test]
fn summary_mentions_open_phones_dead_endpoints_and_problems() {
    let summary = summary_of(
        "[a]\ntype=endpoint\naors=a\n[a]\ntype=aor\nmax_contacts=2\n[b]\ntype=endpoint\n[c]\ntype=endpoint\nsecret=x\n[d]\ntype=friend\n",
    );
    let text = summary.to_text();
    assert!(text.contains("1 phone (`a`) registers without any password"), "{text}");
    assert!(text.contains("1 endpoint (`b`) has no usable AOR"), "{text}");
    assert!(text.contains("No transport is configured"), "{text}");
    assert!(text.contains("1 object that Asterisk would not create; 1 section that Asterisk silently ignores."), "{text}");
    assert!(text.contains("No registering endpoint sets `rtp_symmetric`"), "{text}");
}

#[test]
fn empty_config_says_so() {
    let summary = summary_of("");
    assert_eq!(summary.items[0].topic, SummaryTopic::Empty);
    assert!(summary.to_text().ends_with("The checks found no problems."));
}
