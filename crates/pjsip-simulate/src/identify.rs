//! Endpoint identification: the identifiers in `endpoint_identifier_order` (unlisted ones after
//! them), each as Asterisk 22 runs it. The first identifier that returns an endpoint wins.
use pjsip_model::ObjectType;

use super::index::{is_true, list, option_spans};
use super::net::{identify_matches, identify_rules};
use super::types::{StepKind, Verdict};
use super::view::View;
use super::{step, Answer, Ctx, Trace};
use pjsip_model::model::Object;
use pjsip_model::values::TextMatch;

/// Every identifier name Asterisk 22 registers.
use pjsip_model::values::ENDPOINT_IDENTIFIERS as KNOWN;
/// Where unlisted identifiers end up, in the order module loading leaves them (this reproduces
/// every order the oracle reports for listed/unlisted mixes).
const UNLISTED_ORDER: [&str; 6] = ["username", "auth_username", "ip", "header", "request_uri", "anonymous"];

/// The order identifiers run in for an `endpoint_identifier_order` value. Items are compared
/// untrimmed, as Asterisk does: ` username` is not `username`.
pub fn identifier_order(value: &str) -> Vec<&'static str> {
    let mut order: Vec<&'static str> = Vec::new();
    for item in value.split(',') {
        if let Some(&name) = KNOWN.iter().find(|&&k| k == item) {
            if !order.contains(&name) {
                order.push(name);
            }
        }
    }
    for name in UNLISTED_ORDER {
        if !order.contains(&name) {
            order.push(name);
        }
    }
    order
}

/// The identified endpoint and the identifier that found it.
pub struct Identified<'m> {
    pub endpoint: &'m Object,
    #[allow(dead_code)] // Kept for callers that explain the result; the trace already says it.
    pub by: &'static str,
}

pub fn identify<'m>(ctx: &Ctx<'m>, view: &View, answer: Option<&Answer>, trace: &mut Trace) -> Option<Identified<'m>> {
    let (order_value, order_spans) = ctx.global("endpoint_identifier_order");
    let order = identifier_order(order_value);
    trace.push(step(
        StepKind::Identify,
        Verdict::Info,
        "Identifier order",
        format!("Identifiers run in this order: {}.", order.join(", ")),
        order_spans,
    ));
    for name in order {
        let found = match name {
            "ip" => by_ip(ctx, view, trace),
            "username" => by_username(ctx, view, trace),
            "anonymous" => by_anonymous(ctx, view, trace),
            "header" => by_header(ctx, view, trace),
            "request_uri" => by_request_uri(ctx, view, trace),
            _ => by_auth_username(ctx, view, answer, trace),
        };
        if let Some(endpoint) = found {
            return Some(Identified { endpoint, by: name });
        }
    }
    None
}

/// `user@domain`, then `user@<domain_alias>`, then `user@<transport domain>`, then `user`
/// (only `user` with `disable_multi_domain`). Returns the endpoint and the id that found it.
fn find_user<'m>(ctx: &Ctx<'m>, view: &View, user: &str, domain: &str) -> Option<&'m Object> {
    if is_true(ctx.global("disable_multi_domain").0) {
        return ctx.object(ObjectType::Endpoint, user);
    }
    if let Some(found) = ctx.object(ObjectType::Endpoint, &format!("{user}@{domain}")) {
        return Some(found);
    }
    if let Some(alias) = ctx.object(ObjectType::DomainAlias, domain) {
        if let Some(found) = ctx.object(ObjectType::Endpoint, &format!("{user}@{}", alias.value("domain"))) {
            return Some(found);
        }
    }
    for &t in &ctx.index.transports {
        let transport = &ctx.model.objects[t];
        let transport_domain = transport.value("domain");
        if !transport_domain.is_empty() && transport.value("protocol").eq_ignore_ascii_case(view.request.transport.protocol()) {
            if let Some(found) = ctx.object(ObjectType::Endpoint, &format!("{user}@{transport_domain}")) {
                return Some(found);
            }
        }
    }
    ctx.object(ObjectType::Endpoint, user)
}

fn identifies_by(endpoint: &Object, method: &str) -> bool {
    list(endpoint.value("identify_by")).any(|m| m.eq_ignore_ascii_case(method))
}

fn by_username<'m>(ctx: &Ctx<'m>, view: &View, trace: &mut Trace) -> Option<&'m Object> {
    if !view.from.is_sip() {
        trace.push(step(
            StepKind::Identify,
            Verdict::Failed,
            "username",
            "The From URI is not sip: or sips:, so the username identifier skips it.",
            vec![],
        ));
        return None;
    }
    let mut user = view.from.user.as_str();
    if is_true(ctx.global("ignore_uri_user_options").0) {
        user = user.split(';').next().unwrap_or(user);
    }
    let domain = view.from.host.as_str();
    let Some(endpoint) = find_user(ctx, view, user, domain) else {
        trace.push(step(
            StepKind::Identify,
            Verdict::Failed,
            "username",
            format!("No endpoint is named `{user}@{domain}` or `{user}` (ids are case-sensitive)."),
            vec![],
        ));
        return None;
    };
    if !identifies_by(endpoint, "username") {
        trace.push(step(
            StepKind::Identify,
            Verdict::Failed,
            "username",
            format!("Endpoint `{}` matches the From user, but its identify_by does not list `username`.", endpoint.id),
            option_spans(endpoint, "identify_by"),
        ));
        return None;
    }
    trace.push(step(
        StepKind::Identify,
        Verdict::Matched,
        "username",
        format!("From user `{user}` at `{domain}` names endpoint `{}`.", endpoint.id),
        vec![endpoint.header_at],
    ));
    Some(endpoint)
}

fn by_auth_username<'m>(ctx: &Ctx<'m>, view: &View, answer: Option<&Answer>, trace: &mut Trace) -> Option<&'m Object> {
    let Some(answer) = answer else {
        trace.push(step(
            StepKind::Identify,
            Verdict::Failed,
            "auth_username",
            "No Authorization header yet (it only comes with the answer to a challenge).",
            vec![],
        ));
        return None;
    };
    let endpoint = find_user(ctx, view, &answer.username, &answer.realm).filter(|e| identifies_by(e, "auth_username"));
    match endpoint {
        Some(endpoint) => {
            trace.push(step(
                StepKind::Identify,
                Verdict::Matched,
                "auth_username",
                format!(
                    "Authorization username `{}` names endpoint `{}`, which identifies by auth_username.",
                    answer.username, endpoint.id
                ),
                option_spans(endpoint, "identify_by"),
            ));
            Some(endpoint)
        }
        None => {
            trace.push(step(
                StepKind::Identify,
                Verdict::Failed,
                "auth_username",
                format!("No endpoint named after Authorization username `{}` lists auth_username in identify_by.", answer.username),
                vec![],
            ));
            None
        }
    }
}

fn by_anonymous<'m>(ctx: &Ctx<'m>, view: &View, trace: &mut Trace) -> Option<&'m Object> {
    if !view.from.is_sip() {
        return None;
    }
    let found = find_user(ctx, view, "anonymous", &view.from.host);
    match found {
        Some(endpoint) => trace.push(step(
            StepKind::Identify,
            Verdict::Matched,
            "anonymous",
            format!("Endpoint `{}` exists, so the anonymous identifier takes every request not identified before.", endpoint.id),
            vec![endpoint.header_at],
        )),
        None => trace.push(step(StepKind::Identify, Verdict::Failed, "anonymous", "No endpoint named `anonymous`.", vec![])),
    }
    found
}

/// The identify sections in name order; the first whose `field` matches decides. When it
/// points at a missing endpoint, this identifier gives up (others are not tried).
fn walk_identifies<'m>(
    ctx: &Ctx<'m>,
    trace: &mut Trace,
    identifier: &'static str,
    field: &str,
    mut matches: impl FnMut(usize, &'m Object, &mut Trace) -> Option<String>,
) -> Option<&'m Object> {
    let mut any = false;
    for &i in &ctx.index.identifies {
        let identify = &ctx.model.objects[i];
        if identify.value(field).is_empty() {
            continue;
        }
        any = true;
        let Some(why) = matches(i, identify, trace) else { continue };
        let name = identify.value("endpoint");
        let mut spans = option_spans(identify, field);
        spans.extend(option_spans(identify, "endpoint"));
        return match ctx.object(ObjectType::Endpoint, name) {
            Some(endpoint) => {
                trace.push(step(
                    StepKind::Identify,
                    Verdict::Matched,
                    identifier,
                    format!("Identify `{}`: {why}; it names endpoint `{}`.", identify.id, endpoint.id),
                    spans,
                ));
                Some(endpoint)
            }
            None => {
                trace.push(step(
                    StepKind::Identify,
                    Verdict::Failed,
                    identifier,
                    format!("Identify `{}` matched ({why}) but points to endpoint `{name}`, which does not exist.", identify.id),
                    spans,
                ));
                None
            }
        };
    }
    let text = if any { "No identify section matches." } else { "No identify section sets this." };
    trace.push(step(StepKind::Identify, Verdict::Failed, identifier, text, vec![]));
    None
}

fn by_ip<'m>(ctx: &Ctx<'m>, view: &View, trace: &mut Trace) -> Option<&'m Object> {
    let ip = view.src_ip?;
    walk_identifies(ctx, trace, "ip", "match", |_, identify, _| {
        let transport = identify.value("transport");
        if !transport.is_empty() {
            let protocol = ctx.object(ObjectType::Transport, transport).map(|t| t.value("protocol"));
            if protocol.is_some_and(|p| !p.eq_ignore_ascii_case(view.request.transport.protocol())) {
                return None;
            }
        }
        let spans = option_spans(identify, "match");
        let at = spans.first().copied().unwrap_or(identify.header_at);
        let rules = identify_rules(identify.value("match"), at, ctx.hosts);
        identify_matches(&rules, ip, view.src_port)
            .map(|rule| format!("source {ip}:{} is matched by its entry `{}`, the last one covering it", view.src_port, rule.text))
    })
}

/// Whether a compiled `match_header`/`match_request_uri` accepts `value`. An expression
/// pjsip-lab cannot evaluate counts as not matching, and the trace says so.
fn text_matches(matcher: &TextMatch, value: &str, identify: &Object, field: &str, trace: &mut Trace) -> bool {
    if let TextMatch::Unsupported(why) = matcher {
        trace.push(step(
            StepKind::Identify,
            Verdict::Info,
            "Expression not evaluated",
            format!("Identify `{}`: Asterisk accepts its {field} expression, but {why}; pjsip-lab treats it as not matching.", identify.id),
            option_spans(identify, field),
        ));
    }
    matcher.is_match(value)
}

fn by_header<'m>(ctx: &Ctx<'m>, view: &View, trace: &mut Trace) -> Option<&'m Object> {
    walk_identifies(ctx, trace, "header", "match_header", |i, identify, trace| {
        let (name, matcher) = ctx.index.header_matches.get(&i)?;
        let wanted = identify.value("match_header").split_once(':').map_or("", |(_, v)| v.trim());
        view.header(name)
            .any(|v| text_matches(matcher, v.trim(), identify, "match_header", trace))
            .then(|| format!("header `{name}` has `{wanted}`"))
    })
}

fn by_request_uri<'m>(ctx: &Ctx<'m>, view: &View, trace: &mut Trace) -> Option<&'m Object> {
    walk_identifies(ctx, trace, "request_uri", "match_request_uri", |i, identify, trace| {
        let matcher = ctx.index.request_uri_matches.get(&i)?;
        text_matches(matcher, view.request.request_uri.trim(), identify, "match_request_uri", trace)
            .then(|| format!("the Request-URI matches `{}`", identify.value("match_request_uri")))
    })
}

#[cfg(test)]
mod tests {
    use super::identifier_order;

    #[test]
    fn listed_identifiers_first_then_the_rest_in_load_order() {
        // The four orders the oracle reports.
        assert_eq!(identifier_order("ip,username,anonymous"), ["ip", "username", "anonymous", "auth_username", "header", "request_uri"]);
        assert_eq!(identifier_order("ip,usrname,anonymous"), ["ip", "anonymous", "username", "auth_username", "header", "request_uri"]);
        assert_eq!(identifier_order("request_uri,username"), ["request_uri", "username", "auth_username", "ip", "header", "anonymous"]);
        assert_eq!(identifier_order("username,ip"), ["username", "ip", "auth_username", "header", "request_uri", "anonymous"]);
        assert_eq!(identifier_order("ip, username"), ["ip", "username", "auth_username", "header", "request_uri", "anonymous"]);
    }
}
