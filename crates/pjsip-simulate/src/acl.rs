//! ACLs: the global `type=acl` objects (checked before identification, 403) and the endpoint's
//! own `permit`/`deny`/`acl` and `contact_*` options (after identification; a refusal hands
//! the request to the artificial endpoint). Each object holds a list of ACLs — the unnamed one
//! made of its `permit`/`deny` lines, plus one per named ACL of acl.conf — and an address must
//! pass all of them. A named ACL that does not exist refuses everything.

use std::net::IpAddr;

use pjsip_syntax::FileSpan;

use super::index::list;
use super::net::{acl_allows, entry_rules, Rule};
use super::Ctx;
use pjsip_model::model::Object;

/// One ACL of an object: its rules, or `None` for a named ACL that does not exist.
struct Acl {
    name: Option<String>,
    rules: Option<Vec<Rule>>,
}

/// Builds the ACL list from `<prefix>permit`, `<prefix>deny` and `<prefix>acl`.
fn acls(ctx: &Ctx, object: &Object, prefix: &str) -> (Vec<Acl>, Vec<FileSpan>) {
    let mut spans = Vec::new();
    // permit and deny lines form one ACL, in the order they were written.
    let mut lines: Vec<(FileSpan, bool, &str)> = Vec::new();
    for (option, allow) in [("permit", true), ("deny", false)] {
        if let Some(value) = object.get(&format!("{prefix}{option}")) {
            for setting in &value.set_by {
                lines.push((setting.at, allow, ctx.text(setting.value_at)));
            }
        }
    }
    lines.sort_by_key(|l| (l.0.file, l.0.span.start));
    let mut result = Vec::new();
    if !lines.is_empty() {
        let mut rules = Vec::new();
        for (at, allow, value) in &lines {
            spans.push(*at);
            rules.extend(list(value).flat_map(|e| entry_rules(e, *allow, *at, ctx.hosts)));
        }
        result.push(Acl { name: None, rules: Some(rules) });
    }
    if let Some(value) = object.get(&format!("{prefix}acl")) {
        spans.extend(value.set_by.iter().map(|s| s.at));
        for name in list(&value.value) {
            let rules = ctx.index.named_acls.get(name).map(|written| {
                written
                    .iter()
                    .flat_map(|(allow, value, at)| list(value).flat_map(|e| entry_rules(e, *allow, *at, ctx.hosts)).collect::<Vec<_>>())
                    .collect()
            });
            if let Some(written) = ctx.index.named_acls.get(name) {
                spans.extend(written.iter().map(|w| w.2));
            }
            result.push(Acl { name: Some(name.to_string()), rules });
        }
    }
    (result, spans)
}

/// Why the address is refused, if it is.
fn refusal(acls: &[Acl], ip: IpAddr, port: u16) -> Option<String> {
    acls.iter().find_map(|acl| match &acl.rules {
        None => Some(format!("named ACL `{}` does not exist, so it refuses everything", acl.name.as_deref().unwrap_or(""))),
        Some(rules) if !acl_allows(rules, ip, port) => Some(match &acl.name {
            Some(name) => format!("ACL `{name}` denies {ip}"),
            None => format!("the permit/deny lines deny {ip}"),
        }),
        Some(_) => None,
    })
}

/// The source-address check. `Some((why, spans))` when refused.
pub fn check_source(ctx: &Ctx, object: &Object, ip: IpAddr, port: u16) -> Option<(String, Vec<FileSpan>)> {
    let (acls, spans) = acls(ctx, object, "");
    refusal(&acls, ip, port).map(|why| (why, spans))
}

/// The Contact check: every Contact host (resolved through the host table) must pass.
pub fn check_contacts(ctx: &Ctx, object: &Object, hosts: &[(String, u16)]) -> Option<(String, Vec<FileSpan>)> {
    let (acls, spans) = acls(ctx, object, "contact_");
    if acls.is_empty() {
        return None;
    }
    for (host, port) in hosts {
        for ip in ctx.hosts.resolve(host) {
            if let Some(why) = refusal(&acls, ip, *port) {
                return Some((format!("Contact host {host}: {why}"), spans));
            }
        }
    }
    None
}
