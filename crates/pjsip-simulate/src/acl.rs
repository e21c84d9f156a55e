//! ACLs: the global `type=acl` objects (checked before identification, 403) and the endpoint's
//! own `permit`/`deny`/`acl` and `contact_*` options (after identification; a refusal hands
//! the request to the artificial endpoint). Each object holds a list of ACLs — the unnamed one
//! made of its `permit`/`deny` lines, plus one per named ACL of acl.conf — and an address must
//! pass all of them. A named ACL that acl.conf does not define refuses everything; when acl.conf
//! itself did not load (a line Asterisk cannot read), no named ACL restricts anything.

use std::net::IpAddr;

use pjsip_syntax::FileSpan;

use super::net::{acl_allows, acl_line_rules, Rule};
use super::Ctx;
use pjsip_model::model::Object;

/// One ACL of an object.
enum Acl {
    /// The rules of the object's own permit/deny lines, or of a named ACL of acl.conf.
    Rules { name: Option<String>, rules: Vec<Rule> },
    /// A named ACL that acl.conf does not define: it refuses everything.
    Undefined(String),
    /// A named ACL while acl.conf could not be loaded: Asterisk finds no ACL configuration at
    /// all, marks nothing undefined, and the name restricts nothing.
    Unavailable,
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
            rules.extend(acl_line_rules(value, *allow, *at));
        }
        result.push(Acl::Rules { name: None, rules });
    }
    if let Some(value) = object.get(&format!("{prefix}acl")) {
        spans.extend(value.set_by.iter().map(|s| s.at));
        // Names are split on `,` with leading blanks skipped (trailing ones stay part of the name).
        for name in value.value.split(',').map(str::trim_start).filter(|n| !n.is_empty()) {
            if let Some((_, at)) = &ctx.index.acl_conf_unavailable {
                spans.extend(at.iter().copied());
                result.push(Acl::Unavailable);
                continue;
            }
            match ctx.index.named_acls.get(name) {
                Some(written) => {
                    spans.extend(written.iter().map(|w| w.2));
                    let rules = written.iter().flat_map(|(allow, value, at)| acl_line_rules(value, *allow, *at)).collect();
                    result.push(Acl::Rules { name: Some(name.to_string()), rules });
                }
                None => result.push(Acl::Undefined(name.to_string())),
            }
        }
    }
    (result, spans)
}

/// Why the address is refused, if it is.
fn refusal(acls: &[Acl], ip: IpAddr, port: u16) -> Option<String> {
    acls.iter().find_map(|acl| match acl {
        Acl::Undefined(name) => Some(format!("named ACL `{name}` does not exist, so it refuses everything")),
        Acl::Rules { name, rules } if !acl_allows(rules, ip, port) => Some(match name {
            Some(name) => format!("ACL `{name}` denies {ip}"),
            None => format!("the permit/deny lines deny {ip}"),
        }),
        Acl::Rules { .. } | Acl::Unavailable => None,
    })
}

/// A note for the trace when named ACLs were skipped because acl.conf did not load.
pub fn unavailable_note(ctx: &Ctx, object: &Object) -> Option<(String, Vec<FileSpan>)> {
    let (why, at) = ctx.index.acl_conf_unavailable.as_ref()?;
    let named: Vec<&str> = ["acl", "contact_acl"].into_iter().filter(|o| !object.value(o).is_empty()).collect();
    if named.is_empty() {
        return None;
    }
    let mut spans: Vec<FileSpan> = named.iter().flat_map(|o| super::index::option_spans(object, o)).collect();
    spans.extend(at.iter().copied());
    Some((
        format!(
            "`{}` of `{}` is not applied: {why}, so Asterisk has no named ACL configuration at all and the names restrict nothing",
            named.join("`/`"),
            object.id
        ),
        spans,
    ))
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
