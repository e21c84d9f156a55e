//! What the applications do with an authenticated request that is neither a REGISTER nor an
//! INVITE (`session.rs`) nor a SUBSCRIBE or PUBLISH (`pubsub.rs`): MESSAGE and OPTIONS, and the
//! dialplan look-ups all of them share.

use super::index::{is_true, option_spans, Lookup};
use super::sip::Uri;
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

pub fn answer(status: u16, reason: &'static str) -> Routed {
    Routed { status, reason, dialplan: None, log: None }
}

/// The extension a request asks for: the Request-URI user (the number of a `tel:` URI), `s`
/// when empty, `;options` cut when `ignore_uri_user_options` is on.
pub fn extension(ctx: &Ctx, view: &View) -> String {
    let user = resource(ctx, view);
    if user.is_empty() {
        "s".into()
    } else {
        user
    }
}

/// The Request-URI user as the applications read it (empty stays empty).
pub fn resource(ctx: &Ctx, view: &View) -> String {
    let mut user = view.ruri.user.clone();
    if is_true(ctx.global("ignore_uri_user_options").0) {
        user = user.split(';').next().unwrap_or("").to_string();
    }
    user
}

/// Whether Asterisk accepts the URI where it expects an address: `sip:`, `sips:` or `tel:`.
fn is_allowed_uri(uri: &Uri) -> bool {
    matches!(uri.scheme.as_str(), "sip" | "sips" | "tel")
}

/// The one check MESSAGE, OPTIONS and INVITE share: when the Request-URI's scheme is not one
/// Asterisk routes ([`is_allowed_uri`]), the step that says so is traced and `true` returned —
/// the request then gets 416.
pub fn refuses_uri_scheme(view: &View, kind: StepKind, trace: &mut Trace) -> bool {
    if is_allowed_uri(&view.ruri) {
        return false;
    }
    trace.push(step(
        kind,
        Verdict::Failed,
        "Unsupported URI",
        format!("The Request-URI scheme `{}` is not sip, sips or tel: 416.", view.ruri.scheme),
        vec![],
    ));
    true
}

/// Whether a Content-Type value is `kind/subtype` (any case, parameters ignored).
pub fn media_type_is(content_type: &str, kind: &str, subtype: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("");
    let (k, s) = essence.split_once('/').unwrap_or((essence, ""));
    k.trim().eq_ignore_ascii_case(kind) && s.trim().eq_ignore_ascii_case(subtype)
}

/// Looks an extension up: in the case's own dialplan, or — without one — in the dialplan
/// pjsip-lab assumes (the oracle harness's): `default` and every context an endpoint names
/// exist, and each takes any extension that starts with a printable character.
pub fn lookup(ctx: &Ctx, context: &str, exten: &str) -> Lookup {
    match &ctx.index.dialplan {
        Some(dialplan) => dialplan.lookup(context, exten),
        None if !ctx.index.assumed_contexts.contains(context) => Lookup::NoContext,
        None if exten.starts_with(|c: char| ('!'..='~').contains(&c)) => {
            Lookup::Found { at: pjsip_syntax::FileSpan::new(pjsip_syntax::FileId(0), pjsip_syntax::Span::new(0, 0)), answers: false }
        }
        None => Lookup::Missing,
    }
}

/// Words for a failed look-up, saying why (the context is missing, or the extension).
pub fn not_found_text(ctx: &Ctx, context: &str, exten: &str, lookup: &Lookup) -> String {
    match (lookup, ctx.index.dialplan.is_some()) {
        (Lookup::NoContext, true) => format!("The dialplan has no context `{context}`, so it has no extension `{exten}` either."),
        (Lookup::NoContext, false) => format!(
            "No extensions.conf was given; pjsip-lab assumes only `default` and the contexts endpoints name exist, \
             and `{context}` is none of them."
        ),
        _ => format!("Context `{context}` has no extension `{exten}`."),
    }
}

fn context_of(endpoint: &Object) -> &str {
    endpoint.value("context")
}

pub fn message(ctx: &Ctx, view: &View, endpoint: &Object, trace: &mut Trace) -> Routed {
    // Asterisk takes plain text only: the body's type, or the Content-Type header's when the
    // body is empty. The harness sends that header whenever the request names a body (typed
    // application/sdp unless it says otherwise), and none without.
    let content_type = match &view.request.body {
        Some(_) => view.request.content_type.as_deref().unwrap_or("application/sdp"),
        None => "",
    };
    if !media_type_is(content_type, "text", "plain") {
        let what = if content_type.is_empty() { "no body and no Content-Type".to_string() } else { format!("a `{content_type}` body") };
        trace.push(step(
            StepKind::Session,
            Verdict::Failed,
            "Message type refused",
            format!("Out-of-dialog MESSAGE requests must carry text/plain; this one has {what}. Asterisk answers 415."),
            vec![],
        ));
        return answer(415, "Unsupported Media Type");
    }
    if refuses_uri_scheme(view, StepKind::Session, trace) {
        return answer(416, "Unsupported URI Scheme");
    }
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
        missing => {
            let why = not_found_text(ctx, &context, &exten, &missing);
            trace.push(step(StepKind::Dialplan, Verdict::Failed, "Message not routable", format!("{why} Asterisk answers 404."), spans));
            answer(404, "Not Found")
        }
    }
}

pub fn options(ctx: &Ctx, view: &View, endpoint: &Object, trace: &mut Trace) -> Routed {
    if refuses_uri_scheme(view, StepKind::Options, trace) {
        return answer(416, "Unsupported URI Scheme");
    }
    let exten = resource(ctx, view);
    if exten.is_empty() {
        trace.push(step(
            StepKind::Options,
            Verdict::Matched,
            "OPTIONS",
            "No user in the Request-URI: Asterisk answers for itself.",
            vec![],
        ));
        return answer(200, "OK");
    }
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
        missing => {
            let why = not_found_text(ctx, &context, &exten, &missing);
            trace.push(step(
                StepKind::Options,
                Verdict::Failed,
                "OPTIONS",
                format!("{why} An OPTIONS to a user checks the endpoint's `context` only: 404."),
                option_spans(endpoint, "context"),
            ));
            answer(404, "Not Found")
        }
    }
}
