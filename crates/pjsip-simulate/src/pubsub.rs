//! SUBSCRIBE and PUBLISH outside a dialog, as Asterisk's pubsub module decides them.
//!
//! SUBSCRIBE: `allow_subscribe` (603), the Request-URI scheme (416), `Expires: 0` (400) or below
//! `sub_min_expiry` (423), the Event package — exactly `presence`, `dialog` or
//! `message-summary`, compared with case (489) — a body type for the `Accept` header (489), then
//! the package's own check: a hint for presence and dialog (404), an AOR with mailboxes for MWI
//! (404; 500 when the endpoint already gets unsolicited MWI for one of them).
//!
//! PUBLISH: only the `asterisk-devicestate` and `asterisk-mwi` packages have a handler (489 for
//! every other, or without Event); then the publication's kind by `SIP-If-Match`, `Expires` and
//! the body, and for a new one the `inbound-publication` named by the Request-URI user.

use super::index::{is_true, list, option_spans};
use super::route::{answer, resource, Routed};
use super::types::{StepKind, Verdict};
use super::view::View;
use super::{step, Ctx, Trace};
use pjsip_model::model::Object;
use pjsip_model::ObjectType;

/// The event packages with a subscription handler, and the body types each can produce (its
/// default first: used when the SUBSCRIBE has no Accept header).
const SUBSCRIBE_PACKAGES: &[(&str, &[&str])] = &[
    ("presence", &["application/pidf+xml", "application/xpidf+xml", "application/cpim-pidf+xml", "application/dialog-info+xml"]),
    ("dialog", &["application/dialog-info+xml", "application/pidf+xml", "application/xpidf+xml", "application/cpim-pidf+xml"]),
    ("message-summary", &["application/simple-message-summary"]),
];

/// Accept values a resource-list subscription sends that say nothing about single resources.
const LIST_ACCEPTS: &[&str] = &["multipart/related", "application/rlmi+xml"];

/// The Event header's package (`presence;id=1` → `presence`), if there is an Event header.
fn event_package<'v>(view: &'v View) -> Option<&'v str> {
    view.first_header("Event", "o").map(|v| v.split(';').next().unwrap_or("").trim())
}

/// The Expires header as a number, when there is one that reads as one.
fn expires(view: &View) -> Option<i128> {
    view.first_header("Expires", "").and_then(|v| pjsip_model::values::parse_integer(v.trim()))
}

pub fn subscribe(ctx: &Ctx, view: &View, endpoint: &Object, trace: &mut Trace) -> Routed {
    if !is_true(endpoint.value("allow_subscribe")) {
        trace.push(step(
            StepKind::Subscribe,
            Verdict::Failed,
            "Subscriptions refused",
            "allow_subscribe=no: every SUBSCRIBE of this endpoint gets 603.",
            option_spans(endpoint, "allow_subscribe"),
        ));
        return answer(603, "Decline");
    }
    if !matches!(view.ruri.scheme.as_str(), "sip" | "sips") {
        trace.push(step(
            StepKind::Subscribe,
            Verdict::Failed,
            "Unsupported URI",
            "Subscriptions need a sip: or sips: Request-URI: 416.",
            vec![],
        ));
        return answer(416, "Unsupported URI Scheme");
    }
    if let Some(seconds) = expires(view) {
        if seconds == 0 {
            trace.push(step(
                StepKind::Subscribe,
                Verdict::Failed,
                "Expires 0",
                "A new subscription with Expires: 0 is refused as a bad request (400).",
                vec![],
            ));
            return answer(400, "Bad Request");
        }
        let minimum = pjsip_model::values::parse_integer(endpoint.value("sub_min_expiry").trim()).unwrap_or(0);
        if seconds < minimum {
            trace.push(step(
                StepKind::Subscribe,
                Verdict::Failed,
                "Expiry too brief",
                format!("Expires {seconds} is below sub_min_expiry={minimum}: 423."),
                option_spans(endpoint, "sub_min_expiry"),
            ));
            return answer(423, "Interval Too Brief");
        }
    }
    let event = event_package(view);
    let Some((package, bodies)) = event.and_then(|e| SUBSCRIBE_PACKAGES.iter().find(|(name, _)| *name == e)) else {
        let what = match event {
            None => "The SUBSCRIBE has no Event header".to_string(),
            Some(e) => {
                format!("No module handles the event package `{e}` (names are compared with case: presence, dialog, message-summary)")
            }
        };
        trace.push(step(StepKind::Subscribe, Verdict::Failed, "Unknown event", format!("{what}: 489."), vec![]));
        return answer(489, "Bad Event");
    };
    let accepts: Vec<&str> = view
        .header("Accept")
        .flat_map(|v| v.split(','))
        .map(|a| a.split(';').next().unwrap_or("").trim())
        .filter(|a| !a.is_empty() && !LIST_ACCEPTS.iter().any(|l| l.eq_ignore_ascii_case(a)))
        .collect();
    if !accepts.is_empty() && !accepts.iter().any(|a| bodies.iter().any(|b| b.eq_ignore_ascii_case(a))) {
        trace.push(step(
            StepKind::Subscribe,
            Verdict::Failed,
            "No body for Accept",
            format!("`{package}` can send {}, none of which the Accept header ({}) lists: 489.", bodies.join(", "), accepts.join(", ")),
            vec![],
        ));
        return answer(489, "Bad Event");
    }
    let resource = resource(ctx, view);
    if *package == "message-summary" {
        mwi(ctx, endpoint, &resource, trace)
    } else {
        exten_state(ctx, endpoint, package, &resource, trace)
    }
}

/// Presence and dialog subscriptions watch a hint in `subscribe_context` (else `context`).
fn exten_state(ctx: &Ctx, endpoint: &Object, package: &str, resource: &str, trace: &mut Trace) -> Routed {
    let own = endpoint.value("subscribe_context");
    let (context, option) = if own.is_empty() { (endpoint.value("context"), "context") } else { (own, "subscribe_context") };
    let hint = ctx.index.dialplan.as_ref().and_then(|d| d.hint(context, resource));
    match hint {
        Some(at) => {
            let mut spans = option_spans(endpoint, option);
            spans.push(at);
            trace.push(step(
                StepKind::Subscribe,
                Verdict::Matched,
                "Hint",
                format!("`{resource}` has a hint in context `{context}`: the `{package}` subscription is accepted."),
                spans,
            ));
            answer(200, "OK")
        }
        None => {
            let source = if ctx.index.dialplan.is_some() { "the dialplan" } else { "no extensions.conf was given, so pjsip-lab knows" };
            trace.push(step(
                StepKind::Subscribe,
                Verdict::Failed,
                "No hint",
                format!("A `{package}` subscription needs a hint for `{resource}` in context `{context}`; {source} no such hint: 404."),
                option_spans(endpoint, option),
            ));
            answer(404, "Not Found")
        }
    }
}

/// MWI: the Request-URI user names an AOR (or an AOR of the endpoint by its
/// `voicemail_extension`) that has mailboxes. An empty user subscribes to every AOR of the
/// endpoint.
fn mwi(ctx: &Ctx, endpoint: &Object, resource: &str, trace: &mut Trace) -> Routed {
    let aors: Vec<&Object> = if resource.is_empty() {
        list(endpoint.value("aors")).filter_map(|name| ctx.object(ObjectType::Aor, name)).collect()
    } else {
        let Some(aor) = mwi_aor(ctx, endpoint, resource) else {
            trace.push(step(
                StepKind::Subscribe,
                Verdict::Failed,
                "No AOR",
                format!("MWI subscriptions name an AOR (or an AOR's voicemail_extension); `{resource}` is neither: 404."),
                vec![],
            ));
            return answer(404, "Not Found");
        };
        if aor.value("mailboxes").trim().is_empty() {
            trace.push(step(
                StepKind::Subscribe,
                Verdict::Failed,
                "No mailboxes",
                format!("AOR `{}` has no mailboxes to report: 404.", aor.id),
                option_spans(aor, "mailboxes"),
            ));
            return answer(404, "Not Found");
        }
        vec![aor]
    };
    let unsolicited: Vec<&str> = list(endpoint.value("mailboxes")).collect();
    let replaces = is_true(endpoint.value("mwi_subscribe_replaces_unsolicited"));
    for aor in aors {
        if let Some(mailbox) = list(aor.value("mailboxes")).find(|m| unsolicited.contains(m)).filter(|_| !replaces) {
            let mut spans = option_spans(endpoint, "mailboxes");
            spans.extend(option_spans(aor, "mailboxes"));
            trace.push(step(
                StepKind::Subscribe,
                Verdict::Failed,
                "Unsolicited MWI already",
                format!(
                    "Endpoint `{}` already receives unsolicited MWI for `{mailbox}` (its own `mailboxes`), and \
                     mwi_subscribe_replaces_unsolicited is off: the subscription to AOR `{}` fails with 500.",
                    endpoint.id, aor.id
                ),
                spans,
            ));
            return answer(500, "Server Internal Error");
        }
    }
    trace.push(step(StepKind::Subscribe, Verdict::Matched, "MWI", "The MWI subscription is accepted.", vec![]));
    answer(200, "OK")
}

fn mwi_aor<'a>(ctx: &Ctx<'a>, endpoint: &Object, resource: &str) -> Option<&'a Object> {
    ctx.object(ObjectType::Aor, resource).or_else(|| {
        list(endpoint.value("aors"))
            .filter_map(|name| ctx.object(ObjectType::Aor, name))
            .find(|aor| !aor.value("voicemail_extension").is_empty() && aor.value("voicemail_extension").eq_ignore_ascii_case(resource))
    })
}

/// The packages Asterisk can take a PUBLISH for.
const PUBLISH_PACKAGES: &[&str] = &["asterisk-devicestate", "asterisk-mwi"];

pub fn publish(ctx: &Ctx, view: &View, endpoint: &Object, trace: &mut Trace) -> Routed {
    let event = event_package(view);
    let Some(package) = event.filter(|e| PUBLISH_PACKAGES.contains(e)) else {
        let what = match event {
            None => "The PUBLISH has no Event header".to_string(),
            Some(e) => format!("No module takes publications of `{e}` (only asterisk-devicestate and asterisk-mwi, with case)"),
        };
        trace.push(step(StepKind::Subscribe, Verdict::Failed, "Unknown event", format!("{what}: 489."), vec![]));
        return answer(489, "Bad Event");
    };
    let etag = view.first_header("SIP-If-Match", "");
    let has_body = view.body().is_some();
    let seconds = expires(view).unwrap_or(3600);
    let malformed_etag = etag.is_some_and(|t| leading_int(t).is_none());
    if malformed_etag || (seconds != 0 && etag.is_none() && !has_body) {
        trace.push(step(
            StepKind::Subscribe,
            Verdict::Failed,
            "Not a publication",
            "Without a readable SIP-If-Match and without a body, the PUBLISH is neither new, a refresh nor a removal: 400.",
            vec![],
        ));
        return answer(400, "Bad Request");
    }
    if etag.is_some() || seconds == 0 {
        trace.push(step(
            StepKind::Subscribe,
            Verdict::Failed,
            "No such publication",
            "A refresh, change or removal must name a publication made before; pjsip-lab keeps none: 412.",
            vec![],
        ));
        return answer(412, "Conditional Request Failed");
    }
    if !matches!(view.ruri.scheme.as_str(), "sip" | "sips") {
        trace.push(step(
            StepKind::Subscribe,
            Verdict::Failed,
            "Unsupported URI",
            "Publications need a sip: or sips: Request-URI: 416.",
            vec![],
        ));
        return answer(416, "Unsupported URI Scheme");
    }
    let name = resource(ctx, view);
    let Some(publication) = ctx.object(ObjectType::InboundPublication, &name) else {
        trace.push(step(
            StepKind::Subscribe,
            Verdict::Failed,
            "No inbound-publication",
            format!("A new publication needs a `type=inbound-publication` section named `{name}`: 404."),
            vec![],
        ));
        return answer(404, "Not Found");
    };
    let owner = publication.value("endpoint");
    if !owner.is_empty() && owner != endpoint.id {
        trace.push(step(
            StepKind::Subscribe,
            Verdict::Failed,
            "Other endpoint",
            format!("inbound-publication `{name}` belongs to endpoint `{owner}`, not `{}`: 403.", endpoint.id),
            option_spans(publication, "endpoint"),
        ));
        return answer(403, "Forbidden");
    }
    let event_option = format!("event_{package}");
    if publication.get(&event_option).is_none_or(|v| v.set_by.is_empty()) {
        trace.push(step(
            StepKind::Subscribe,
            Verdict::Failed,
            "Event not configured",
            format!("inbound-publication `{name}` has no `{event_option}` line: 404."),
            vec![publication.header_at],
        ));
        return answer(404, "Not Found");
    }
    trace.push(step(
        StepKind::Subscribe,
        Verdict::Matched,
        "Publication",
        format!("inbound-publication `{name}` takes `{package}`; the handler's own checks are not modelled."),
        option_spans(publication, &event_option),
    ));
    answer(200, "OK")
}

/// `sscanf("%d")`: an optionally signed number at the start, after blanks.
fn leading_int(text: &str) -> Option<i64> {
    let text = text.trim_start();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let digits: String = digits.chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<i64>().ok().map(|n| sign * n)
}
