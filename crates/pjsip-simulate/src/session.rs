//! A new INVITE, in the order Asterisk's session module and pjproject's invite layer decide it:
//!
//! 1. the request itself — a body that is not SDP (415), an offer pjproject cannot read (400),
//!    a `Require` tag nobody here supports (420), an extension the endpoint requires but the
//!    caller's `Supported` lacks (421);
//! 2. the destination — the Request-URI user looked up in `overlap_context` when set, else in
//!    `context` (found; 484 when overlap dialling may still complete it; 404; 416 for a URI
//!    scheme Asterisk does not route);
//! 3. session timers — whatever the first answer would have been, a `Session-Expires` below the
//!    minimum turns it into 422;
//! 4. the SDP offer — 488 when no stream can be accepted (no common codec, stream limits,
//!    incompatible transport);
//! 5. the dialplan, which runs in `context` (not `overlap_context`).

use super::index::{is_true, option_spans, Lookup};
use super::route::{answer, extension, lookup, media_type_is, not_found_text, refuses_uri_scheme, Routed};
use super::sdp::{self, codec_media, Offer, Stream};
use super::types::{DialplanTarget, StepKind, Verdict};
use super::view::View;
use super::{step, Ctx, Trace};
use pjsip_model::model::Object;

/// features.conf's default call pickup extension: Asterisk treats it as existing everywhere.
const PICKUP_EXTEN: &str = "*8";

/// pjproject's floor for `Session-Expires` before the endpoint's own minimum is applied.
const DEFAULT_MIN_SE: u64 = 90;

pub fn invite(ctx: &Ctx, view: &View, endpoint: &Object, trace: &mut Trace) -> Routed {
    let offer = match verify(ctx, view, endpoint, trace) {
        Ok(offer) => offer,
        Err(refused) => return refused,
    };
    // Then Asterisk creates the dialog, which needs the endpoint's transport.
    if let Some(refused) = super::listen::invite_transport_refusal(ctx, endpoint, trace) {
        return refused;
    }
    let exten = extension(ctx, view);
    let destination = destination(ctx, view, endpoint, &exten, trace);
    if let Some(too_small) = session_timer(view, endpoint, matches!(destination, Destination::Found), trace) {
        return too_small;
    }
    match destination {
        Destination::Unsupported => return answer(416, "Unsupported URI Scheme"),
        Destination::Partial => return answer(484, "Address Incomplete"),
        Destination::NotFound(context) => {
            return Routed {
                log: Some(format!("Call from '{}' rejected because extension not found in context '{context}'", endpoint.id)),
                ..answer(404, "Not Found")
            }
        }
        Destination::Found => {}
    }
    if let Some(offer) = &offer {
        if !negotiate(ctx, endpoint, offer, trace) {
            return Routed { log: Some("No joint capabilities".into()), ..answer(488, "Not Acceptable Here") };
        }
    }
    run_dialplan(ctx, endpoint, exten, trace)
}

/// pjproject's checks of a new INVITE (`pjsip_inv_verify_request`): the body, `Require`, and
/// what the endpoint requires of the caller. The offer, when there is one, comes back parsed.
fn verify(ctx: &Ctx, view: &View, endpoint: &Object, trace: &mut Trace) -> Result<Option<Offer>, Routed> {
    let offer = match view.body() {
        None => {
            trace.push(step(
                StepKind::Session,
                Verdict::Info,
                "No offer",
                "The INVITE carries no SDP: Asterisk will make the offer itself, so no codec check happens now.",
                vec![],
            ));
            None
        }
        Some((_, content_type)) if !media_type_is(&content_type, "application", "sdp") => {
            trace.push(step(
                StepKind::Session,
                Verdict::Failed,
                "Body is not SDP",
                format!("The INVITE's body is `{content_type}`; only application/sdp is understood, so pjproject answers 415."),
                vec![],
            ));
            return Err(answer(415, "Unsupported Media Type"));
        }
        Some((body, _)) => match sdp::parse(&body) {
            Ok(offer) => Some(offer),
            Err(why) => {
                trace.push(step(
                    StepKind::Session,
                    Verdict::Failed,
                    "Unreadable SDP",
                    format!("The offer cannot be used: {why}. pjproject answers 400."),
                    vec![],
                ));
                return Err(answer(400, "Bad Request"));
            }
        },
    };
    let unsupported = unsupported_tags(ctx, view);
    if !unsupported.is_empty() {
        trace.push(step(
            StepKind::Session,
            Verdict::Failed,
            "Unsupported extension required",
            format!(
                "The caller requires `{}`, which Asterisk does not support (it knows 100rel, timer, replaces{}): 420.",
                unsupported.join(", "),
                if norefersub(ctx) { ", norefersub" } else { "" }
            ),
            vec![],
        ));
        return Err(answer(420, "Bad Extension"));
    }
    let supported = view.tags("Supported", "k");
    let offers = |tag: &str| supported.iter().any(|t| t.eq_ignore_ascii_case(tag));
    let mut missing = Vec::new();
    if rel100(endpoint) == Rel100::Required && !offers("100rel") {
        missing.push(("100rel", "100rel"));
    }
    if timers(endpoint) == Timers::Required && !offers("timer") {
        missing.push(("timers", "timer"));
    }
    if !missing.is_empty() {
        let (options, tags): (Vec<&str>, Vec<&str>) = missing.iter().copied().unzip();
        trace.push(step(
            StepKind::Session,
            Verdict::Failed,
            "Extension required",
            format!(
                "The endpoint requires {}, but the INVITE's Supported header does not list `{}` (a Require header does not count): 421.",
                options.iter().map(|o| format!("{o}=required")).collect::<Vec<_>>().join(" and "),
                tags.join("`, `")
            ),
            options.iter().flat_map(|o| option_spans(endpoint, o)).collect(),
        ));
        return Err(answer(421, "Extension Required"));
    }
    Ok(offer)
}

/// The tags of the first `Require` header that nothing here supports.
fn unsupported_tags<'v>(ctx: &Ctx, view: &'v View) -> Vec<&'v str> {
    let known = |tag: &str| {
        ["100rel", "timer", "replaces"].iter().any(|k| k.eq_ignore_ascii_case(tag))
            || (tag.eq_ignore_ascii_case("norefersub") && norefersub(ctx))
    };
    view.tags("Require", "").into_iter().filter(|tag| !known(tag)).collect()
}

fn norefersub(ctx: &Ctx) -> bool {
    is_true(ctx.global("norefersub").0)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rel100 {
    No,
    Yes,
    Required,
    PeerSupported,
}

fn rel100(endpoint: &Object) -> Rel100 {
    let value = endpoint.value("100rel").trim();
    if value.eq_ignore_ascii_case("required") {
        Rel100::Required
    } else if value.eq_ignore_ascii_case("peer_supported") {
        Rel100::PeerSupported
    } else if is_true(value) {
        Rel100::Yes
    } else {
        Rel100::No
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Timers {
    No,
    Yes,
    Required,
    Always,
}

fn timers(endpoint: &Object) -> Timers {
    let value = endpoint.value("timers").trim();
    if value.eq_ignore_ascii_case("required") {
        Timers::Required
    } else if value.eq_ignore_ascii_case("always") || value.eq_ignore_ascii_case("forced") {
        Timers::Always
    } else if is_true(value) {
        Timers::Yes
    } else {
        Timers::No
    }
}

/// Where the INVITE's extension leads.
enum Destination {
    Found,
    Partial,
    /// Not found, in the named context.
    NotFound(String),
    Unsupported,
}

/// Asterisk's check of the dialled extension before it answers anything: in `overlap_context`
/// when that is set, else in `context`.
fn destination(ctx: &Ctx, view: &View, endpoint: &Object, exten: &str, trace: &mut Trace) -> Destination {
    if refuses_uri_scheme(view, StepKind::Dialplan, trace) {
        return Destination::Unsupported;
    }
    let overlap = endpoint.value("overlap_context");
    let (option, context) = if overlap.is_empty() { ("context", endpoint.value("context")) } else { ("overlap_context", overlap) };
    let mut spans = option_spans(endpoint, option);
    let checked_in = if overlap.is_empty() {
        format!("context `{context}`")
    } else {
        format!("overlap_context `{context}` (set, so it is checked instead of `context`)")
    };
    let found = lookup(ctx, context, exten);
    if let Lookup::Found { at, .. } = &found {
        if ctx.index.dialplan.is_some() {
            spans.push(*at);
        }
        trace.push(step(StepKind::Dialplan, Verdict::Matched, "Extension exists", format!("`{exten}` exists in {checked_in}."), spans));
        return Destination::Found;
    }
    if exten == PICKUP_EXTEN {
        trace.push(step(
            StepKind::Dialplan,
            Verdict::Matched,
            "Call pickup",
            format!("`{exten}` is the call pickup extension (features.conf's default), which Asterisk accepts in any context."),
            spans,
        ));
        return Destination::Found;
    }
    let could_grow = matches!(found, Lookup::Partial) || PICKUP_EXTEN.starts_with(exten);
    if could_grow && is_true(endpoint.value("allow_overlap")) {
        spans.extend(option_spans(endpoint, "allow_overlap"));
        trace.push(step(
            StepKind::Dialplan,
            Verdict::Failed,
            "Incomplete number",
            format!(
                "`{exten}` is not an extension of {checked_in}, but a longer number could be; allow_overlap=yes asks for more digits: 484."
            ),
            spans,
        ));
        return Destination::Partial;
    }
    let why = not_found_text(ctx, context, exten, &found);
    trace.push(step(StepKind::Dialplan, Verdict::Failed, "Extension not found", format!("{why} Asterisk answers 404."), spans));
    switches_note(ctx, context, trace);
    Destination::NotFound(context.to_string())
}

/// Extensions behind `switch =>` lines are not modelled: say so when a look-up fails.
fn switches_note(ctx: &Ctx, context: &str, trace: &mut Trace) {
    let switches = ctx.index.dialplan.as_ref().map(|d| d.switches(context)).unwrap_or_default();
    if !switches.is_empty() {
        let names: Vec<&str> = switches.iter().map(|(s, _)| s.as_str()).collect();
        trace.push(step(
            StepKind::Dialplan,
            Verdict::Info,
            "Switches not modelled",
            format!(
                "The context asks other dialplans too ({}); pjsip-lab does not follow switches, so the call might still be found there.",
                names.join(", ")
            ),
            switches.iter().map(|(_, at)| *at).collect(),
        ));
    }
}

/// pjproject's session-timer check, made on the first answer whatever it is: a
/// `Session-Expires` below the larger of the caller's `Min-SE` and our minimum gets 422. Our
/// minimum is the endpoint's `timers_min_se` once the extension was found (Asterisk applies the
/// endpoint's timer settings only then), pjproject's 90 seconds before.
fn session_timer(view: &View, endpoint: &Object, found: bool, trace: &mut Trace) -> Option<Routed> {
    let session_expires = view.first_header("Session-Expires", "x").and_then(leading_number)?;
    if timers(endpoint) == Timers::No {
        trace.push(step(
            StepKind::Session,
            Verdict::Info,
            "Session timers off",
            format!("timers=no: the Session-Expires of {session_expires} s is ignored."),
            option_spans(endpoint, "timers"),
        ));
        return None;
    }
    let own = if found {
        pjsip_model::values::parse_integer(endpoint.value("timers_min_se").trim())
            .and_then(|n| u64::try_from(n).ok())
            .unwrap_or(DEFAULT_MIN_SE)
    } else {
        DEFAULT_MIN_SE
    };
    let theirs = view.first_header("Min-SE", "").and_then(leading_number).unwrap_or(0);
    let minimum = own.max(theirs);
    if session_expires >= minimum {
        return None;
    }
    let spans = if found { option_spans(endpoint, "timers_min_se") } else { vec![] };
    trace.push(step(
        StepKind::Session,
        Verdict::Failed,
        "Session interval too small",
        format!(
            "Session-Expires {session_expires} s is below the minimum of {minimum} s ({}): 422.",
            if found {
                "the endpoint's timers_min_se or the caller's Min-SE"
            } else {
                "pjproject's default before the endpoint's settings apply"
            }
        ),
        spans,
    ));
    Some(answer(422, "Session Interval Too Small"))
}

/// The number a header value starts with (`1800;refresher=uac` → 1800).
fn leading_number(value: &str) -> Option<u64> {
    let digits: String = value.trim().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Asterisk's answer to the offer: true when at least one stream is accepted.
fn negotiate(ctx: &Ctx, endpoint: &Object, offer: &Offer, trace: &mut Trace) -> bool {
    let allowed: Vec<&str> =
        endpoint.value("allow").split([',', '|']).map(pjsip_model::values::codec_name).filter(|c| !c.is_empty()).collect();
    let limit = |option: &str| pjsip_model::values::parse_integer(endpoint.value(option).trim()).unwrap_or(1);
    let (mut audio, mut video, mut image) = (0i128, 0i128, 0i128);
    let mut accepted = false;
    for (i, stream) in offer.streams.iter().enumerate() {
        let label = format!("stream {} ({})", i + 1, stream.media);
        let media = stream.media.to_ascii_lowercase();
        // Ok: why it is taken; Err: why not, the option that decided it, and whether the whole
        // offer fails with it.
        let verdict: Result<String, (String, Option<&str>, bool)> = if stream.port == 0 {
            Err((format!("{label} has port 0: the caller itself declines it."), None, false))
        } else {
            match media.as_str() {
                "audio" if audio >= limit("max_audio_streams") => Err((
                    format!("{label}: max_audio_streams={} is reached.", endpoint.value("max_audio_streams")),
                    Some("max_audio_streams"),
                    false,
                )),
                "video" if video >= limit("max_video_streams") => Err((
                    format!("{label}: max_video_streams={} is reached.", endpoint.value("max_video_streams")),
                    Some("max_video_streams"),
                    false,
                )),
                "audio" | "video" => rtp_stream(ctx, endpoint, stream, &allowed, &label),
                "image" if image > 0 => Err((format!("{label}: only one fax (image) stream is taken."), None, false)),
                "image" if is_true(endpoint.value("t38_udptl")) => Ok(format!("{label}: t38_udptl=yes takes the fax stream.")),
                "image" => Err((format!("{label}: t38_udptl is off, so fax streams are declined."), Some("t38_udptl"), false)),
                _ => Err((format!("{label}: Asterisk takes no `{}` streams.", stream.media), None, false)),
            }
        };
        match verdict {
            Ok(text) => {
                match media.as_str() {
                    "audio" => audio += 1,
                    "video" => video += 1,
                    _ => image += 1,
                }
                accepted = true;
                trace.push(step(StepKind::Session, Verdict::Matched, "Media stream accepted", text, option_spans(endpoint, "allow")));
            }
            Err((text, option, fatal)) => {
                let spans = option.map(|o| option_spans(endpoint, o)).unwrap_or_default();
                if fatal {
                    trace.push(step(
                        StepKind::Session,
                        Verdict::Failed,
                        "Offer refused",
                        format!("{text} This fails the whole offer: 488."),
                        spans,
                    ));
                    return false;
                }
                trace.push(step(StepKind::Session, Verdict::Failed, "Media stream declined", text, spans));
            }
        }
    }
    if !accepted {
        trace.push(step(
            StepKind::Session,
            Verdict::Failed,
            "Offer not acceptable",
            format!("No stream of the offer could be accepted for endpoint `{}`: Asterisk answers 488.", endpoint.id),
            option_spans(endpoint, "allow"),
        ));
    }
    accepted
}

/// One audio or video stream through Asterisk's RTP handler: the endpoint must have codecs of
/// that kind, the transport profile must fit its encryption and AVPF settings, the address must
/// be usable, and the offered and allowed codecs must meet.
fn rtp_stream<'o>(
    ctx: &Ctx,
    endpoint: &Object,
    stream: &Stream,
    allowed: &[&str],
    label: &str,
) -> Result<String, (String, Option<&'o str>, bool)> {
    let media = stream.media.to_ascii_lowercase();
    let ours: Vec<&str> = allowed.iter().copied().filter(|c| codec_media(c) == media).collect();
    if ours.is_empty() {
        return Err((
            format!("{label}: the endpoint allows no {media} codec (allow = `{}`).", endpoint.value("allow")),
            Some("allow"),
            false,
        ));
    }
    if !is_true(endpoint.value("media_use_received_transport")) {
        transport_fits(endpoint, stream).map_err(|(why, option)| (format!("{label}: {why}"), Some(option), true))?;
    }
    let usable = stream.address.as_deref().is_some_and(|a| !ctx.hosts.resolve(a).is_empty());
    if !usable {
        let address = stream.address.as_deref().unwrap_or("");
        return Err((format!("{label}: the connection address `{address}` is not an address Asterisk can use."), None, true));
    }
    let joint: Vec<&str> = ours.iter().copied().filter(|c| stream.codecs.contains(c)).collect();
    if joint.is_empty() {
        let offered = if stream.codecs.is_empty() { "no codec Asterisk knows".to_string() } else { stream.codecs.join(", ") };
        return Err((
            format!("{label}: no common codec — the offer has {offered}, the endpoint allows {}.", ours.join(", ")),
            Some("allow"),
            false,
        ));
    }
    Ok(format!("{label}: common codecs {}.", joint.join(", ")))
}

/// Whether the stream's transport profile fits the endpoint's `use_avpf` and
/// `media_encryption` (`force_avp` or `media_encryption_optimistic` relax the latter).
fn transport_fits(endpoint: &Object, stream: &Stream) -> Result<(), (String, &'static str)> {
    let profile = stream.transport.as_str();
    let avpf = profile.ends_with('F');
    if avpf != is_true(endpoint.value("use_avpf")) {
        return Err((format!("the profile `{profile}` does not match use_avpf={}.", endpoint.value("use_avpf")), "use_avpf"));
    }
    let upper = profile.to_ascii_uppercase();
    let (offered, optimistic) = if upper.starts_with("UDP/TLS") {
        ("dtls", false)
    } else if upper.contains("SAVP") {
        ("sdes", false)
    } else if stream.crypto {
        ("sdes", true)
    } else {
        ("no", false)
    };
    let wanted = endpoint.value("media_encryption").trim().to_ascii_lowercase();
    let wanted = if wanted.is_empty() { "no".to_string() } else { wanted };
    if offered == wanted
        || is_true(endpoint.value("force_avp"))
        || is_true(endpoint.value("media_encryption_optimistic"))
        || (optimistic && wanted == "no")
    {
        return Ok(());
    }
    Err((
        format!("the profile `{profile}` offers encryption `{offered}`, the endpoint wants media_encryption={wanted}."),
        "media_encryption",
    ))
}

/// The call runs in the endpoint's `context` (even when `overlap_context` admitted it).
fn run_dialplan(ctx: &Ctx, endpoint: &Object, exten: String, trace: &mut Trace) -> Routed {
    let context = endpoint.value("context").to_string();
    let mut spans = option_spans(endpoint, "context");
    match lookup(ctx, &context, &exten) {
        Lookup::Found { at, answers } => {
            let text = if ctx.index.dialplan.is_some() {
                spans.push(at);
                format!("The call enters the dialplan at `{exten}` in context `{context}`.")
            } else {
                format!("The call enters the dialplan at `{exten}` in context `{context}` (the test dialplan hangs up: 603).")
            };
            trace.push(step(StepKind::Dialplan, Verdict::Matched, "Dialplan", text, spans));
            let (status, reason) = if answers { (200, "OK") } else { (603, "Decline") };
            Routed { status, reason, dialplan: Some(DialplanTarget { context, exten }), log: None }
        }
        missing => {
            let why = not_found_text(ctx, &context, &exten, &missing);
            trace.push(step(
                StepKind::Dialplan,
                Verdict::Failed,
                "Nothing to run",
                format!("The extension was accepted, but the channel starts in `context`: {why} The call is hung up (603)."),
                spans,
            ));
            answer(603, "Decline")
        }
    }
}
