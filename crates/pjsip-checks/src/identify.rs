//! `identify/hostname`, `identify/overlap`: identify `match` rules that depend on DNS, and
//! the same address matched for two endpoints.
use pjsip_model::ObjectType;

use std::net::IpAddr;

use pjsip_syntax::{Diagnostic, FileSpan};

use pjsip_model::model::{Model, Object};
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

pub(crate) fn check(files: &pjsip_model::Files, model: &Model, out: &mut Vec<Diagnostic>) {
    // Rules per identify, identifies in the order Asterisk tries them (by name, byte-wise).
    let mut identifies: Vec<_> = model.of_type(ObjectType::Identify).collect();
    identifies.sort_by(|a, b| a.id.as_bytes().cmp(b.id.as_bytes()));
    // The first identify (in trial order) of each rule: a map, so thousands of identifies cost
    // one look-up each.
    let mut seen: pjsip_syntax::fast_hash::FastMap<Rule, (&Object, FileSpan)> = Default::default();
    for identify in identifies {
        for (entry, at) in entries(files, identify) {
            if entry.starts_with('!') {
                continue;
            }
            let Some(rule) = parse_match_entry(&entry) else {
                out.push(
                    Diagnostic::hint(
                        "identify/hostname",
                        at,
                        format!("identify '{}' matches host name `{entry}`: Asterisk resolves it with DNS when it loads", identify.id),
                    )
                    .with_note("pjsip-lab cannot resolve names, so it does not know which addresses this covers")
                    .with_note("a name that does not resolve adds no address; Asterisk logs: did not resolve to any address")
                    .with_note("addresses of the provider (IP or network) are more predictable and survive DNS outages"),
                );
                continue;
            };
            let endpoint = identify.value("endpoint");
            match seen.get(&rule) {
                Some((first, first_at)) if first.value("endpoint") != endpoint => out.push(
                    Diagnostic::warning(
                        "identify/overlap",
                        at,
                        format!(
                            "identify '{}' matches `{entry}` for endpoint '{endpoint}', but identify '{}' matches the same for endpoint '{}' and wins",
                            identify.id,
                            first.id,
                            first.value("endpoint")
                        ),
                    )
                    .with_label(*first_at, "tried first: identifies are tried in order of their names")
                    .with_note(format!("requests from this address always go to endpoint '{}'", first.value("endpoint"))),
                ),
                Some(_) => {}
                None => {
                    seen.insert(rule, (identify, at));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::check;

    #[test]
    fn overlaps_and_host_names() {
        check(
            "[b-id]\ntype=identify\nendpoint=b\nmatch=10.0.0.1\n[a-id]\ntype=identify\nendpoint=a\nmatch=10.0.0.1/32,sip.example.com\n[b]\ntype=endpoint\n[a]\ntype=endpoint\n",
            "identify/",
            "identify/overlap warning 4: identify 'b-id' matches `10.0.0.1` for endpoint 'b', but identify 'a-id' matches the same for endpoint 'a' and wins
identify/hostname hint 8: identify 'a-id' matches host name `sip.example.com`: Asterisk resolves it with DNS when it loads",
        );
    }
}
