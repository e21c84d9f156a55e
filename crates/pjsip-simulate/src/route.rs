//! What the applications do with an authenticated request that is not a REGISTER: the INVITE
//! session checks and the dialplan look-up, MESSAGE routing, OPTIONS, SUBSCRIBE, other methods.

use super::index::{is_true, option_spans, Lookup};
use super::types::{DialplanTarget, StepKind, Verdict};
use super::view::View;
use super::{step, Ctx, Trace};
use pjsip_model::model::Object;

/// An application's answer.
#[derive(Debug)]
pub struct Routed {
    pub status: u16,
    pub reason: &'static str,
    pub dialplan: Option<DialplanTarget>,
    pub log: Option<String>,
}

fn answer(status: u16, reason: &'static str) -> Routed {
    Routed { status, reason, dialplan: None, log: None }
}

/// The extension a request asks for: the Request-URI user (the number of a `tel:` URI), `s`
/// when empty, `;options` cut when `ignore_uri_user_options` is on.
fn extension(ctx: &Ctx, view: &View) -> String {
    let mut user = view.ruri.user.clone();
    if is_true(ctx.global("ignore_uri_user_options").0) {
        user = user.split(';').next().unwrap_or("").to_string();
    }
    if user.is_empty() {
        "s".into()
    } else {
        user
    }
}

/// Looks the extension up: in the case's own dialplan, or in the harness's catch-all one, where
/// every context has every extension.
fn lookup(ctx: &Ctx, context: &str, exten: &str) -> Lookup {
    match &ctx.index.dialplan {
        Some(dialplan) => dialplan.lookup(context, exten),
        None => Lookup::Found { at: pjsip_syntax::FileSpan::new(pjsip_syntax::FileId(0), pjsip_syntax::Span::new(0, 0)), answers: false },
    }
}

fn context_of(endpoint: &Object) -> &str {
    let context = endpoint.value("context");
    if context.is_empty() {
        "default"
    } else {
        context
    }
}

pub fn invite(ctx: &Ctx, view: &View, endpoint: &Object, trace: &mut Trace) -> Routed {
    for (option, tag) in [("timers", "timer"), ("100rel", "100rel")] {
        if endpoint.value(option).eq_ignore_ascii_case("required") && !view.supports(tag) {
            trace.push(step(
                StepKind::Session,
                Verdict::Failed,
                "Extension required",
                format!("{option}=required, but the INVITE does not say `Supported: {tag}`."),
                option_spans(endpoint, option),
            ));
            return answer(421, "Extension Required");
        }
    }
    let offers_pcmu = view.request.sdp != Some(false) && view.request.body.is_none();
    if offers_pcmu {
        let allow = endpoint.value("allow").to_ascii_lowercase();
        if !allow.split(['|', ',']).any(|c| pjsip_model::values::codec_name(c) == "ulaw") {
            trace.push(step(
                StepKind::Session,
                Verdict::Failed,
                "No common codec",
                format!("The offer is PCMU (ulaw) only; endpoint `{}` allows `{}`.", endpoint.id, endpoint.value("allow")),
                option_spans(endpoint, "allow"),
            ));
            return Routed { log: Some("No joint capabilities".into()), ..answer(488, "Not Acceptable Here") };
        }
    }
    let exten = extension(ctx, view);
    let context = context_of(endpoint).to_string();
    let spans = option_spans(endpoint, "context");
    match lookup(ctx, &context, &exten) {
        Lookup::Found { at, answers } => {
            let mut spans = spans;
            if ctx.index.dialplan.is_some() {
                spans.push(at);
            }
            let text = if ctx.index.dialplan.is_some() {
                format!("Extension `{exten}` exists in context `{context}`; the call enters the dialplan there.")
            } else {
                format!("The call enters the dialplan at `{exten}` in context `{context}` (the test dialplan hangs up: 603).")
            };
            trace.push(step(StepKind::Dialplan, Verdict::Matched, "Dialplan", text, spans));
            let target = Some(DialplanTarget { context, exten });
            let (status, reason) = if answers { (200, "OK") } else { (603, "Decline") };
            Routed { status, reason, dialplan: target, log: None }
        }
        Lookup::Partial if is_true(endpoint.value("allow_overlap")) => {
            trace.push(step(
                StepKind::Dialplan,
                Verdict::Failed,
                "Incomplete number",
                format!(
                    "`{exten}` is not an extension of `{context}`, but a longer number could be; allow_overlap=yes asks for more digits."
                ),
                spans,
            ));
            answer(484, "Address Incomplete")
        }
        _ => {
            trace.push(step(
                StepKind::Dialplan,
                Verdict::Failed,
                "Extension not found",
                format!("Context `{context}` has no extension `{exten}`."),
                spans,
            ));
            let switches = ctx.index.dialplan.as_ref().map(|d| d.switches(&context)).unwrap_or_default();
            if !switches.is_empty() {
                let names: Vec<&str> = switches.iter().map(|(s, _)| s.as_str()).collect();
                trace.push(step(
                    StepKind::Dialplan,
                    Verdict::Info,
                    "Switches not modelled",
                    format!("The context asks other dialplans too ({}); pjsip-lab does not follow switches, so the call might still be found there.", names.join(", ")),
                    switches.iter().map(|(_, at)| *at).collect(),
                ));
            }
            Routed {
                log: Some(format!("Call from '{}' rejected because extension not found in context '{context}'", endpoint.id)),
                ..answer(404, "Not Found")
            }
        }
    }
}

pub fn message(ctx: &Ctx, view: &View, endpoint: &Object, trace: &mut Trace) -> Routed {
    let own = endpoint.value("message_context");
    let (context, spans) = if own.is_empty() {
        (context_of(endpoint).to_string(), option_spans(endpoint, "context"))
    } else {
        (own.to_string(), option_spans(endpoint, "message_context"))
    };
    let exten = extension(ctx, view);
    match lookup(ctx, &context, &exten) {
        Lookup::Found { .. } => {
            trace.push(step(
                StepKind::Dialplan,
                Verdict::Matched,
                "Message routed",
                format!("The MESSAGE goes to `{exten}` in context `{context}`."),
                spans,
            ));
            Routed { dialplan: Some(DialplanTarget { context, exten }), ..answer(202, "Accepted") }
        }
        _ => {
            trace.push(step(
                StepKind::Dialplan,
                Verdict::Failed,
                "Message not routable",
                format!("Context `{context}` has no extension `{exten}`."),
                spans,
            ));
            answer(404, "Not Found")
        }
    }
}

pub fn options(ctx: &Ctx, view: &View, endpoint: &Object, trace: &mut Trace) -> Routed {
    if view.ruri.user.is_empty() {
        trace.push(step(
            StepKind::Options,
            Verdict::Matched,
            "OPTIONS",
            "No user in the Request-URI: Asterisk answers for itself.",
            vec![],
        ));
        return answer(200, "OK");
    }
    let exten = extension(ctx, view);
    let context = context_of(endpoint).to_string();
    match lookup(ctx, &context, &exten) {
        Lookup::Found { .. } => {
            trace.push(step(
                StepKind::Options,
                Verdict::Matched,
                "OPTIONS",
                format!("`{exten}` is an extension of `{context}`."),
                option_spans(endpoint, "context"),
            ));
            answer(200, "OK")
        }
        _ => {
            trace.push(step(
                StepKind::Options,
                Verdict::Failed,
                "OPTIONS",
                format!("`{exten}` is not an extension of `{context}`."),
                option_spans(endpoint, "context"),
            ));
            answer(404, "Not Found")
        }
    }
}

pub fn subscribe(view: &View, endpoint: &Object, trace: &mut Trace) -> Routed {
    if !is_true(endpoint.value("allow_subscribe")) {
        trace.push(step(
            StepKind::Subscribe,
            Verdict::Failed,
            "Subscriptions refused",
            "allow_subscribe=no.",
            option_spans(endpoint, "allow_subscribe"),
        ));
        return answer(603, "Decline");
    }
    let event = view.header("Event").next().unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match event.as_str() {
        "presence" | "dialog" | "as-feature-event" => {
            trace.push(step(
                StepKind::Subscribe,
                Verdict::Failed,
                "No hint",
                format!("A `{event}` subscription needs a hint for the extension; the dialplan has none."),
                vec![],
            ));
            answer(404, "Not Found")
        }
        "message-summary" if !endpoint.value("mailboxes").is_empty() => {
            trace.push(step(
                StepKind::Subscribe,
                Verdict::Matched,
                "MWI",
                "The endpoint has mailboxes.",
                option_spans(endpoint, "mailboxes"),
            ));
            answer(200, "OK")
        }
        "message-summary" => answer(404, "Not Found"),
        _ => {
            trace.push(step(
                StepKind::Subscribe,
                Verdict::Failed,
                "Unknown event",
                format!("No handler for event package `{event}`."),
                vec![],
            ));
            answer(489, "Bad Event")
        }
    }
}
