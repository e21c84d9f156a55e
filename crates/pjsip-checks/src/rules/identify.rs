//! Identify `match` rules: `identify/hostname` for entries that depend on DNS,
//! `identify/overlap` for the same address matched for two endpoints. (Identifies the apply
//! step refuses, `identify/incomplete` and `identify/bad-regex`, are the model's.)
//!
//! [`check`] walks the entries of every identify once, in the order Asterisk tries the
//! identifies (by name, byte-wise), and gives each entry to both rules.
use pjsip_model::ObjectType;

use std::net::IpAddr;

use pjsip_syntax::fast_hash::FastMap;
use pjsip_syntax::{Diagnostic, FileSpan};

use super::Checker;
use crate::codes;
use pjsip_model::model::Object;
use pjsip_model::values::parse_match_entry;

/// The `match` entries of an identify, each with the value span of the line that wrote it.
fn entries(files: &pjsip_model::Files, identify: &Object) -> Vec<(String, FileSpan)> {
    let Some(value) = identify.get("match") else { return Vec::new() };
    let mut out = Vec::new();
    for setting in &value.set_by {
        let span = setting.value_at.span;
        let text = files.text(setting.value_at.file).get(span.start as usize..span.end as usize).unwrap_or("");
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            out.push((entry.to_string(), setting.value_at));
        }
    }
    out
}

/// An address rule: address, optional port, mask bits.
type Rule = (IpAddr, Option<u16>, u8);

/// One `match` entry of an identify, with its address rule when it is not a host name.
struct Entry<'a, 't> {
    identify: &'a Object,
    text: &'t str,
    at: FileSpan,
    rule: Option<Rule>,
}

/// The first identify (in trial order) matching each rule: a map, so thousands of identifies
/// cost one look-up each.
type Seen<'a> = FastMap<Rule, (&'a Object, FileSpan)>;

/// Every `match` entry, identifies in trial order, through both rules.
pub(super) fn check(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    let mut identifies: Vec<_> = cx.model().of_type(ObjectType::Identify).collect();
    identifies.sort_by(|a, b| a.id.as_bytes().cmp(b.id.as_bytes()));
    let mut seen: Seen<'_> = FastMap::default();
    for identify in identifies {
        for (text, at) in entries(cx.files(), identify) {
            if text.starts_with('!') {
                continue;
            }
            let entry = Entry { identify, text: &text, at, rule: parse_match_entry(&text) };
            out.extend(identify_hostname(&entry));
            out.extend(identify_overlap(&entry, &mut seen));
        }
    }
}

/// `identify/hostname`: an entry that is a host name, resolved by DNS when Asterisk loads.
fn identify_hostname(entry: &Entry<'_, '_>) -> Option<Diagnostic> {
    if entry.rule.is_some() {
        return None;
    }
    let d = Diagnostic::new(
        codes::IDENTIFY_HOSTNAME,
        entry.at,
        format!("identify '{}' matches host name `{}`: Asterisk resolves it with DNS when it loads", entry.identify.id, entry.text),
    )
    .with_note("pjsip-lab cannot resolve names, so it does not know which addresses this covers")
    .with_note("a name that does not resolve adds no address; Asterisk logs: did not resolve to any address")
    .with_note("addresses of the provider (IP or network) are more predictable and survive DNS outages");
    Some(d)
}

/// `identify/overlap`: an address rule an earlier identify (in trial order) already matches
/// for another endpoint. Records the first identify of each rule in `seen`.
fn identify_overlap<'a>(entry: &Entry<'a, '_>, seen: &mut Seen<'a>) -> Option<Diagnostic> {
    let rule = entry.rule?;
    let Some((first, first_at)) = seen.get(&rule) else {
        seen.insert(rule, (entry.identify, entry.at));
        return None;
    };
    let endpoint = entry.identify.value("endpoint");
    if first.value("endpoint") == endpoint {
        return None;
    }
    let d = Diagnostic::new(
        codes::IDENTIFY_OVERLAP,
        entry.at,
        format!(
            "identify '{}' matches `{}` for endpoint '{endpoint}', but identify '{}' matches the same for endpoint '{}' and wins",
            entry.identify.id,
            entry.text,
            first.id,
            first.value("endpoint")
        ),
    )
    .with_label(*first_at, "tried first: identifies are tried in order of their names")
    .with_note(format!("requests from this address always go to endpoint '{}'", first.value("endpoint")));
    Some(d)
}
