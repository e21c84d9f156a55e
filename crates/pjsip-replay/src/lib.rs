//! Replays a real SIP trace through a configuration: every request the PBX received becomes a
//! simulator request — its real source address and port, transport, method, Request-URI and
//! headers, in order, with the time between them — and each result is set beside what the PBX
//! itself answered in the trace ("your PBX answered 401, this configuration answers 200"), with
//! the likely reasons when they differ.
//!
//! Reading the trace is `pjsip-trace`'s job, simulating `pjsip-simulate`'s; this crate maps one
//! onto the other. Digest answers in the trace are verified against the configuration's
//! credentials with the nonce as given (the simulator says plainly that it cannot know whether
//! that nonce was fresh).

use std::collections::BTreeMap;

use pjsip_model::Loaded;
use pjsip_simulate::{HeaderValue, HostTable, Index, Outcome, Request, Simulation, StepKind, Transport, Verdict};
use pjsip_trace::{Trace, TraceMessage};
use serde::Serialize;

/// The request line of one replayed request, as the trace shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestSummary {
    pub method: String,
    pub transport: Transport,
    pub src_ip: String,
    pub src_port: u16,
    pub request_uri: String,
}

impl std::fmt::Display for RequestSummary {
    /// `REGISTER sip:pbx.example.com from 203.0.113.5:5060 (Udp)`, as the CLI and the app list it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} from {}:{} ({:?})", self.method, self.request_uri, self.src_ip, self.src_port, self.transport)
    }
}

/// What the PBX answered in the trace (its final response).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Observed {
    pub status: u16,
    pub reason: String,
}

/// One request of the trace, replayed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Replayed {
    /// The message's position in the trace.
    pub message: usize,
    pub request: RequestSummary,
    /// The simulator request built from it.
    #[serde(skip)]
    pub input: Request,
    pub outcome: Outcome,
    /// The PBX's final response in the trace, when it holds one.
    pub observed: Option<Observed>,
    /// Whether the simulated status equals the observed one (`None` without an observed one).
    pub agrees: Option<bool>,
    /// Plain-words reasons when they differ, and remarks about the request (NAT, missing data).
    pub remarks: Vec<String>,
}

impl Replayed {
    /// This configuration's answer in words: `401 Unauthorized`, or `no answer`.
    pub fn our_answer(&self) -> String {
        self.outcome.status.map_or_else(|| "no answer".to_string(), |s| format!("{s} {}", self.outcome.reason))
    }

    /// The PBX's answer in the trace in words, or `no answer in the trace`.
    pub fn their_answer(&self) -> String {
        self.observed.as_ref().map_or_else(|| "no answer in the trace".to_string(), |o| format!("{} {}", o.status, o.reason))
    }
}

/// A replayed trace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Replay {
    pub results: Vec<Replayed>,
    /// Requests in the trace that could not be replayed, and why.
    pub skipped: Vec<String>,
}

impl Replay {
    /// How many replayed requests have an observed answer, and how many of those agree.
    pub fn agreement(&self) -> (usize, usize) {
        let observed: Vec<&Replayed> = self.results.iter().filter(|r| r.agrees.is_some()).collect();
        (observed.len(), observed.iter().filter(|r| r.agrees == Some(true)).count())
    }
}

/// Replays every request the PBX received, in trace order, through one simulation (registrar
/// state carries from one request to the next, as on the PBX).
pub fn replay(loaded: &Loaded, index: &Index, trace: &Trace) -> Replay {
    let mut simulation = Simulation::new(loaded, index, HostTable::default());
    let mut replay = Replay::default();
    let mut previous_time: Option<&pjsip_trace::Timestamp> = None;
    for message in trace.inbound_requests() {
        // An ACK (to a final answer other than 2xx) and a CANCEL belong to the INVITE transaction
        // before them; neither is a request of its own for the simulator.
        if message.sip.method().is_some_and(|m| m.eq_ignore_ascii_case("ACK") || m.eq_ignore_ascii_case("CANCEL")) {
            replay.skipped.push(format!(
                "message {}: {} belongs to the INVITE before it; nothing to simulate",
                message.index + 1,
                message.sip.method().unwrap_or_default()
            ));
            continue;
        }
        let mut input = match request_of(message) {
            Ok(request) => request,
            Err(why) => {
                replay.skipped.push(format!("message {}: {why}", message.index + 1));
                continue;
            }
        };
        if let (Some(now), Some(before)) = (&message.timestamp, previous_time) {
            input.delay_ms = now.millis_since(before).filter(|ms| *ms > 0).unwrap_or(0) as u64;
        }
        if message.timestamp.is_some() {
            previous_time = message.timestamp.as_ref();
        }
        let outcome = simulation.step(&input);
        let observed = observed(trace, message);
        let agrees = observed.as_ref().map(|o| Some(o.status) == outcome.status);
        let remarks = remarks(message, &input, &outcome, observed.as_ref());
        let request = RequestSummary {
            method: input.method.clone(),
            transport: input.transport,
            src_ip: input.src_ip.clone(),
            src_port: input.src_port,
            request_uri: input.request_uri.clone(),
        };
        replay.results.push(Replayed { message: message.index, request, input, outcome, observed, agrees, remarks });
    }
    replay
}

/// Headers the simulator takes from the request's own fields, or that only the transport layer
/// reads: not passed on as extra headers.
const HANDLED: [&str; 7] = ["From", "To", "Contact", "Via", "Call-ID", "CSeq", "Content-Length"];
/// Headers the simulator adds by default when absent (the oracle harness's client sends them):
/// a replay sends only what the device sent, so an absent one is suppressed.
const DEFAULTED: [&str; 2] = ["User-Agent", "Expires"];

/// The simulator request for one received message.
pub fn request_of(message: &TraceMessage) -> Result<Request, String> {
    let sip = &message.sip;
    let method = sip.method().ok_or("it is not a request")?.to_string();
    let source = message.source.ok_or("the trace does not say where it came from")?;
    let transport = match message.transport {
        pjsip_trace::Transport::Udp | pjsip_trace::Transport::Unknown => Transport::Udp,
        pjsip_trace::Transport::Tcp => Transport::Tcp,
        pjsip_trace::Transport::Tls => Transport::Tls,
        pjsip_trace::Transport::Ws => Transport::Ws,
        pjsip_trace::Transport::Wss => Transport::Wss,
        pjsip_trace::Transport::Sctp => return Err("it came over SCTP, which Asterisk's PJSIP does not serve".into()),
    };
    let mut headers: BTreeMap<String, Option<HeaderValue>> = BTreeMap::new();
    for header in &sip.headers {
        if HANDLED.iter().any(|h| header.is(h)) {
            continue;
        }
        let entry = headers.entry(header.name.clone()).or_insert(None);
        *entry = Some(match entry.take() {
            None => HeaderValue::One(header.value.clone()),
            Some(HeaderValue::One(first)) => HeaderValue::Many(vec![first, header.value.clone()]),
            Some(HeaderValue::Many(mut list)) => {
                list.push(header.value.clone());
                HeaderValue::Many(list)
            }
        });
    }
    for name in DEFAULTED {
        if !sip.headers.iter().any(|h| h.is(name)) {
            headers.insert(name.to_string(), None);
        }
    }
    let contacts: Vec<String> = sip.header_values("Contact").map(str::to_string).collect();
    match contacts.len() {
        0 => {}
        1 => {
            headers.insert("Contact".into(), Some(HeaderValue::One(contacts[0].clone())));
        }
        _ => {
            headers.insert("Contact".into(), Some(HeaderValue::Many(contacts)));
        }
    }
    let body = sip.body_text().to_string();
    let invite = method.eq_ignore_ascii_case("INVITE");
    Ok(Request {
        method,
        transport,
        src_ip: source.ip.to_string(),
        src_port: source.port,
        request_uri: sip.request_uri().unwrap_or_default().to_string(),
        dst: message.destination.map(|d| d.to_string()),
        from: sip.header("From").unwrap_or_default().to_string(),
        to: sip.header("To").map(str::to_string),
        // The Contact headers travel with the others, exactly as sent (or not at all).
        contact: Some(None),
        headers,
        auth: None,
        sdp: invite.then_some(!body.trim().is_empty()),
        content_type: sip.header("Content-Type").map(str::to_string).filter(|_| !body.is_empty()),
        body: (!body.is_empty()).then_some(body),
        delay_ms: 0,
    })
}

/// The PBX's final answer to `message` in the trace.
fn observed(trace: &Trace, message: &TraceMessage) -> Option<Observed> {
    trace.responses_to(message.index).filter(|r| r.direction == pjsip_trace::Direction::Transmitted).find_map(|r| {
        r.sip.status().filter(|s| *s >= 200).map(|status| Observed { status, reason: r.sip.reason().unwrap_or("").to_string() })
    })
}

/// Why the simulated answer may differ from the observed one, and what is worth knowing about
/// the request itself.
fn remarks(message: &TraceMessage, input: &Request, outcome: &Outcome, observed: Option<&Observed>) -> Vec<String> {
    let mut out = Vec::new();
    // NAT: the device writes its own idea of its address in Via; the packet came from elsewhere.
    if let (Some(via), Some(source)) = (message.sip.via(), message.source) {
        let sent_by = via.sent_by.trim();
        // `host`, `host:port`, `[v6]` or `[v6]:port`.
        let host = match sent_by.strip_prefix('[') {
            Some(rest) => rest.split(']').next().unwrap_or(""),
            None => sent_by.rsplit_once(':').filter(|(h, _)| !h.contains(':')).map_or(sent_by, |(h, _)| h),
        };
        if !host.is_empty() && host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip != source.ip) {
            out.push(format!(
                "The device says it sent from {host} (its Via), but the packet came from {}: a NAT changed the address. \
                 Your PBX, like this replay, saw {}.",
                source.ip, source.ip
            ));
        }
    }
    let carried_credentials =
        input.headers.keys().any(|k| k.eq_ignore_ascii_case("Authorization") || k.eq_ignore_ascii_case("Proxy-Authorization"));
    let Some(observed) = observed else {
        out.push("The trace holds no final response from your PBX to this request.".into());
        return out;
    };
    let ours = outcome.status;
    if ours == Some(observed.status) {
        return out;
    }
    let ours_text = ours.map_or("nothing at all".to_string(), |s| format!("{s} {}", outcome.reason));
    out.push(format!("Your PBX answered {} {}; this configuration answers {ours_text}.", observed.status, observed.reason));
    let failed = outcome.trace.iter().rev().find(|s| s.verdict == Verdict::Failed);
    match (observed.status, ours) {
        (401 | 407, _) if carried_credentials => out.push(
            "Your PBX refused these credentials. If this configuration accepts them, the PBX holds a different password \
             (or another auth for this endpoint), or the nonce had expired."
                .into(),
        ),
        (401 | 407, _) => out.push(
            "Your PBX asked for credentials where this configuration does not: on the PBX the endpoint that matched has \
             auth= (or a different endpoint matched — compare the identification steps)."
                .into(),
        ),
        (200..=299, Some(401 | 407)) if carried_credentials => out.push(
            "The digest answer does not verify against this configuration's credentials: the PBX has a different password \
             (or md5_cred/password_digest) than this file."
                .into(),
        ),
        (_, None) => out.push(
            "No transport of this configuration listens for this request's protocol and port, so nothing would answer; \
             your PBX has one."
                .into(),
        ),
        _ => {}
    }
    if let Some(step) = failed {
        let stage = match step.kind {
            StepKind::Identify => "identification",
            StepKind::Auth => "authentication",
            StepKind::Registrar => "the registrar",
            StepKind::GlobalAcl | StepKind::EndpointAcl => "an ACL",
            StepKind::Dialplan => "the dialplan",
            _ => "processing",
        };
        out.push(format!("Here it is decided in {stage}: {} — {}", step.title, step.text));
    }
    out.push(
        "When the two disagree, the PBX ran a different configuration than this one, or saw the request differently \
         (another source address after NAT, another transport)."
            .into(),
    );
    out
}
