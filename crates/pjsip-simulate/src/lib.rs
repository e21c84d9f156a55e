//! An inbound-request simulator that follows what a real Asterisk 22 does with a request, from
//! the resolved model: the global ACL, endpoint identification, endpoint ACLs, digest
//! authentication (one challenge round, like the oracle's client), then the registrar, the
//! session (INVITE → dialplan), MESSAGE, OPTIONS or SUBSCRIBE handling.
//!
//! Promises:
//! * deterministic: no wall clock, no DNS — time is a logical clock advanced by `delay_ms`,
//!   host names resolve through a [`HostTable`];
//! * every [`Step`] of the trace points at the configuration lines that decided it;
//! * registrar state ([`Registrar`]) is plain data, carried between requests by a
//!   [`Simulation`] or by the caller;
//! * one request costs hash look-ups over indexes built once per analysis, not scans.
//!
//! `docs/simulator.md` describes what is modelled and what is not.

mod acl;
mod auth;
mod contact_header;
mod contacts;
mod filter;
mod hash;
mod identify;
pub(crate) mod index;
mod listen;
mod net;
mod pattern;
mod presets;
mod pubsub;
mod registrar;
mod route;
mod sdp;
mod session;
mod sip;
mod types;
mod view;
mod wire;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_access;
#[cfg(test)]
mod tests_registrar;
#[cfg(test)]
mod tests_routing;

pub use contacts::Registrar;
pub use identify::identifier_order;
pub use presets::presets;
pub use types::{
    Binding, Case, ContactRef, Credentials, DialplanTarget, HeaderValue, HostTable, Outcome, Request, Scenario, Step, StepKind, Transport,
    Verdict,
};

use pjsip_syntax::FileSpan;

use auth::{answerable, AuthResult, Challenge};
pub use index::Index;
use pjsip_model::model::{Model, Object};
use pjsip_model::{Loaded, ObjectType};
use view::View;

/// The steps of one request, in order.
pub(crate) type Trace = Vec<Step>;

pub(crate) fn step(kind: StepKind, verdict: Verdict, title: impl Into<String>, text: impl Into<String>, spans: Vec<FileSpan>) -> Step {
    Step { kind, title: title.into(), text: text.into(), verdict, spans }
}

/// What the simulator reads the configuration through.
pub(crate) struct Ctx<'a> {
    pub loaded: &'a Loaded,
    pub model: &'a Model,
    pub index: &'a Index,
    pub hosts: &'a HostTable,
}

impl<'a> Ctx<'a> {
    pub fn object(&self, object_type: ObjectType, id: &str) -> Option<&'a Object> {
        self.index.object(self.model, object_type, id)
    }

    /// A global setting and the lines that set it (none: the default stands).
    pub fn global(&self, option: &str) -> (&'a str, Vec<FileSpan>) {
        index::global_value(self.index, self.model, option)
    }

    /// The text a span covers.
    pub fn text(&self, span: FileSpan) -> &'a str {
        self.loaded.files.text(span.file).get(span.span.range()).unwrap_or("")
    }
}

/// The Authorization a request carries: who, for which realm and algorithm, and the proof.
#[derive(Clone, Debug)]
pub(crate) struct Answer {
    pub username: String,
    pub realm: String,
    pub algorithm: String,
    pub proof: Proof,
}

/// How an [`Answer`] proves it knows the secret.
#[derive(Clone, Debug)]
pub(crate) enum Proof {
    /// The harness's client: it knows the password and answers a challenge of ours.
    Password(String),
    /// A digest response as a real device sent it (a replayed trace): verified against the
    /// configuration's credentials with the nonce and parameters as given.
    Digest(DigestResponse),
}

#[derive(Clone, Debug)]
pub(crate) struct DigestResponse {
    pub nonce: String,
    pub uri: String,
    pub response: String,
    pub qop: Option<String>,
    pub nc: String,
    pub cnonce: String,
}

impl Answer {
    /// The answer in an `Authorization` (or `Proxy-Authorization`) header, if it is a Digest
    /// answer with a username and a response.
    fn from_header(value: &str) -> Option<Answer> {
        let digest = pjsip_trace::Digest::parse(value);
        if !digest.scheme.eq_ignore_ascii_case("Digest") {
            return None;
        }
        let param = |name: &str| digest.param(name).unwrap_or("").to_string();
        let (username, response) = (param("username"), param("response"));
        if username.is_empty() || response.is_empty() {
            return None;
        }
        let algorithm = digest.algorithm().unwrap_or("MD5").to_string();
        Some(Answer {
            username,
            realm: param("realm"),
            algorithm,
            proof: Proof::Digest(DigestResponse {
                nonce: param("nonce"),
                uri: param("uri"),
                response,
                qop: digest.qop().map(str::to_string),
                nc: param("nc"),
                cnonce: param("cnonce"),
            }),
        })
    }
}

/// A run of requests against one analysis, keeping registrar state between them.
#[derive(Debug)]
pub struct Simulation<'a> {
    loaded: &'a Loaded,
    index: &'a Index,
    pub hosts: HostTable,
    pub registrar: Registrar,
}

/// What one pass through the stack (without or with an Authorization) produced.
#[derive(Default)]
struct Pass {
    status: Option<u16>,
    reason: String,
    endpoint: Option<String>,
    aor: Option<String>,
    artificial: bool,
    acl_rejected: Option<String>,
    /// Challenges of a first 401 the client may answer.
    challenges: Vec<Challenge>,
    added: Vec<ContactRef>,
    removed: Vec<ContactRef>,
    dialplan: Option<DialplanTarget>,
    expires: Option<u32>,
    log: Option<String>,
}

impl Pass {
    fn answer(status: u16, reason: &str) -> Pass {
        Pass { status: Some(status), reason: reason.to_string(), ..Pass::default() }
    }
}

impl<'a> Simulation<'a> {
    /// A simulation of `loaded` through its look-up tables (`Index::build(loaded)`, built once
    /// and shared by every simulation of the same configuration).
    pub fn new(loaded: &'a Loaded, index: &'a Index, hosts: HostTable) -> Simulation<'a> {
        Simulation { loaded, index, hosts, registrar: Registrar::default() }
    }

    /// Continues from saved registrar state.
    pub fn with_registrar(loaded: &'a Loaded, index: &'a Index, hosts: HostTable, registrar: Registrar) -> Simulation<'a> {
        Simulation { loaded, index, hosts, registrar }
    }

    /// Simulates one request and updates the registrar state.
    pub fn step(&mut self, request: &Request) -> Outcome {
        let loaded = self.loaded;
        let mut trace = Vec::new();
        let expired = self.advance_clock(request.delay_ms, &mut trace);
        let ctx = Ctx { loaded, model: loaded.model(), index: self.index, hosts: &self.hosts };
        let view = View::new(request);
        let carried = view.header("Authorization").chain(view.header("Proxy-Authorization")).find_map(Answer::from_header);
        let mut pass = early_refusal(&ctx, &view, &mut trace).unwrap_or_else(|| {
            if let Some(answer) = &carried {
                trace.push(step(
                    StepKind::Auth,
                    Verdict::Info,
                    "Credentials in the request",
                    format!(
                        "The request already carries a digest answer (username `{}`, realm `{}`, {}), for a nonce your PBX issued. \
                         pjsip-lab verifies the response against this configuration's credentials, but cannot know whether that \
                         nonce was still fresh.",
                        answer.username, answer.realm, answer.algorithm
                    ),
                    vec![],
                ));
                return run(&ctx, &view, Some(answer), &mut self.registrar, &mut trace);
            }
            let first = run(&ctx, &view, None, &mut self.registrar, &mut trace);
            match (&request.auth, answerable(&first.challenges)) {
                (Some(credentials), Some(challenge)) => {
                    let answer = Answer {
                        username: credentials.username.clone(),
                        realm: challenge.realm.clone(),
                        algorithm: challenge.algorithm.clone(),
                        proof: Proof::Password(credentials.password.clone()),
                    };
                    trace.push(step(
                        StepKind::Auth,
                        Verdict::Info,
                        "Client answers the challenge",
                        format!(
                            "The client resends with username `{}` for realm `{}` ({}).",
                            answer.username, answer.realm, answer.algorithm
                        ),
                        vec![],
                    ));
                    run(&ctx, &view, Some(&answer), &mut self.registrar, &mut trace)
                }
                _ => first,
            }
        });
        let mut removed = expired;
        removed.append(&mut pass.removed);
        Outcome {
            status: pass.status,
            reason: pass.reason,
            endpoint: pass.endpoint,
            aor: pass.aor,
            contacts_added: pass.added,
            contacts_removed: removed,
            artificial_endpoint: pass.artificial,
            acl_rejected: pass.acl_rejected,
            dialplan: pass.dialplan,
            expires: pass.expires,
            log: pass.log,
            trace,
        }
    }

    /// Moves the logical clock and drops contacts whose time ran out.
    fn advance_clock(&mut self, delay_ms: u64, trace: &mut Trace) -> Vec<ContactRef> {
        let gone = self.registrar.advance(delay_ms);
        let gone: Vec<ContactRef> = gone.into_iter().map(|b| ContactRef { aor: b.aor, uri: b.uri }).collect();
        if !gone.is_empty() {
            let names: Vec<String> = gone.iter().map(|c| format!("{}/{}", c.aor, c.uri)).collect();
            trace.push(step(
                StepKind::Clock,
                Verdict::Info,
                "Contacts expired",
                format!("Expired before this request: {}.", names.join(", ")),
                vec![],
            ));
        }
        gone
    }
}

/// Refusals before identification: nothing listening, the global ACL, requests outside a dialog.
fn early_refusal(ctx: &Ctx, view: &View, trace: &mut Trace) -> Option<Pass> {
    let protocol = view.request.transport.protocol();
    let to = listen::destination(view, ctx.hosts);
    let listener = ctx.index.transports.iter().map(|&t| &ctx.model.objects[t]).find_map(|t| {
        let bound = listen::bound(t, view.request.transport, ctx.hosts)?;
        (t.value("protocol").eq_ignore_ascii_case(protocol) && listen::receives(bound, &to)).then_some((t, bound))
    });
    let port = to.port;
    match listener {
        Some((transport, (address, bound_port))) if !ctx.loaded.config.is_rejected() => trace.push(step(
            StepKind::Transport,
            Verdict::Matched,
            "Transport",
            format!(
                "Transport `{}` listens on {}:{bound_port} and receives this {protocol} request for {}:{port}.",
                transport.id,
                address.map_or_else(|| "its host name".to_string(), |a| a.to_string()),
                to.host
            ),
            index::option_spans(transport, "bind"),
        )),
        _ => {
            trace.push(step(
                StepKind::Transport,
                Verdict::Failed,
                "Nothing listens",
                format!(
                    "No loaded {protocol} transport listens on {}:{port} (an IPv6 or other address, or another port, does not \
                     receive it), so the request gets no answer at all.",
                    to.host
                ),
                vec![],
            ));
            return Some(Pass { reason: "timeout".into(), ..Pass::default() });
        }
    }
    if let Some(why) = wire::unparseable(view) {
        trace.push(step(
            StepKind::Transport,
            Verdict::Failed,
            "Unparseable request",
            format!("pjproject cannot parse this request ({why}) and drops it: no answer at all."),
            vec![],
        ));
        return Some(Pass { reason: "timeout".into(), ..Pass::default() });
    }
    let Some(ip) = view.src_ip else {
        trace.push(step(
            StepKind::Transport,
            Verdict::Failed,
            "Bad source address",
            format!("`{}` is not an IP address.", view.request.src_ip),
            vec![],
        ));
        return Some(Pass { reason: "timeout".into(), ..Pass::default() });
    };
    for &i in &ctx.index.acls {
        let object = &ctx.model.objects[i];
        let refused = acl::check_source(ctx, object, ip, view.src_port).or_else(|| acl::check_contacts(ctx, object, &view.contact_hosts()));
        if let Some((why, spans)) = refused {
            trace.push(step(
                StepKind::GlobalAcl,
                Verdict::Failed,
                "Global ACL",
                format!("ACL `{}`: {why}; Asterisk answers 403.", object.id),
                spans,
            ));
            return Some(Pass {
                acl_rejected: Some("global".into()),
                endpoint: acked_invite_endpoint(ctx, view, ip, trace),
                log: Some(format!("did not pass ACL test (ACL '{}')", object.id)),
                ..Pass::answer(403, "Forbidden")
            });
        }
    }
    if !ctx.index.acls.is_empty() {
        trace.push(step(StepKind::GlobalAcl, Verdict::Matched, "Global ACL", "Every global ACL lets the source through.", vec![]));
    }
    if let Some(scheme) = wire::unsupported_contact(view) {
        trace.push(step(
            StepKind::MessageFilter,
            Verdict::Failed,
            "Contact scheme",
            format!("A `{scheme}:` Contact is neither sip: nor sips:; Asterisk answers 416 before identifying anyone."),
            vec![],
        ));
        return Some(Pass::answer(416, "Unsupported URI Scheme"));
    }
    if matches!(view.method.as_str(), "BYE" | "CANCEL") {
        trace.push(step(StepKind::MessageFilter, Verdict::Failed, "No dialog", "A BYE or CANCEL outside any dialog is refused.", vec![]));
        return Some(Pass::answer(481, "Call/Transaction Does Not Exist"));
    }
    if let Some(refused) = filter::missing_contact(ctx, view, trace) {
        return Some(Pass { endpoint: refused.endpoint, ..Pass::answer(refused.status, refused.reason) });
    }
    None
}

/// An INVITE refused by a global ACL gets a 403 the client acknowledges with an ACK. The ACK
/// carries no Contact, so when only the Contact was refused (every global ACL lets the source
/// through) the ACK passes and is identified like any request: Asterisk then names the endpoint
/// of the call attempt. A REGISTER or OPTIONS has no ACK, and a refused source refuses the ACK too.
fn acked_invite_endpoint(ctx: &Ctx, view: &View, ip: std::net::IpAddr, trace: &mut Trace) -> Option<String> {
    if view.method != "INVITE" {
        return None;
    }
    let source_refused = ctx.index.acls.iter().any(|&i| acl::check_source(ctx, &ctx.model.objects[i], ip, view.src_port).is_some());
    if source_refused {
        return None;
    }
    let mut scratch = Vec::new();
    let endpoint = identify::identify(ctx, view, None, &mut scratch)?.endpoint;
    trace.push(step(
        StepKind::Identify,
        Verdict::Info,
        "The ACK is identified",
        format!(
            "Only the Contact was refused: the ACK of the 403 has no Contact, passes the global ACLs and is identified as endpoint `{}`, so Asterisk's log names that endpoint for this call attempt.",
            endpoint.id
        ),
        vec![endpoint.header_at],
    ));
    Some(endpoint.id.clone())
}

/// One pass: identification, endpoint ACLs, authentication, then the application.
fn run(ctx: &Ctx, view: &View, answer: Option<&Answer>, registrar: &mut Registrar, trace: &mut Trace) -> Pass {
    let identified = identify::identify(ctx, view, answer, trace);
    let mut pass = Pass { endpoint: identified.as_ref().map(|i| i.endpoint.id.clone()), ..Pass::default() };
    let mut endpoint = identified.map(|i| i.endpoint);
    match endpoint {
        None => {
            trace.push(step(
                StepKind::Identify,
                Verdict::Failed,
                "No endpoint",
                "No identifier found an endpoint: Asterisk hands the request to its artificial endpoint.",
                vec![],
            ));
            pass.artificial = true;
            pass.log = Some("No matching endpoint found".into());
        }
        Some(found) => {
            if let Some((why, spans)) = acl::unavailable_note(ctx, found) {
                trace.push(step(StepKind::EndpointAcl, Verdict::Info, "Named ACLs not loaded", why, spans));
            }
            let source = view.src_ip.and_then(|ip| acl::check_source(ctx, found, ip, view.src_port));
            let refused = match source {
                Some(refusal) => Some(("endpoint", "Not match Endpoint ACL", refusal)),
                None => acl::check_contacts(ctx, found, &view.contact_hosts())
                    .map(|r| ("endpoint-contact", "Not match Endpoint Contact ACL", r)),
            };
            if let Some((kind, log, (why, spans))) = refused {
                trace.push(step(
                    StepKind::EndpointAcl,
                    Verdict::Failed,
                    "Endpoint ACL",
                    format!("Endpoint `{}`: {why}. The request continues as if unidentified.", found.id),
                    spans,
                ));
                pass.acl_rejected = Some(kind.into());
                pass.artificial = true;
                pass.log = Some(log.into());
                endpoint = None;
            }
        }
    }
    match auth::authenticate(ctx, endpoint, &view.method, answer, trace) {
        AuthResult::Challenge(challenges) => {
            return Pass { status: Some(401), reason: "Unauthorized".into(), challenges, ..pass };
        }
        AuthResult::Failed => {
            let log = pass.log.take().unwrap_or_else(|| "Failed to authenticate".into());
            return Pass { status: Some(401), reason: "Unauthorized".into(), log: Some(log), ..pass };
        }
        AuthResult::MissingAuth(name) => {
            return Pass {
                status: Some(500),
                reason: "Server Internal Error".into(),
                log: Some(format!("Couldn't find auth '{name}'. Cannot authenticate")),
                ..pass
            };
        }
        AuthResult::NotRequired | AuthResult::Success => {}
    }
    let Some(endpoint) = endpoint else {
        // Unreachable in practice: the artificial endpoint always challenges.
        return Pass { status: Some(401), reason: "Unauthorized".into(), ..pass };
    };
    let routed = match view.method.as_str() {
        "REGISTER" => {
            let done = registrar::register(ctx, view, endpoint, answer, registrar, trace);
            return Pass {
                status: Some(done.status),
                reason: done.reason.into(),
                aor: done.aor,
                added: done.added,
                removed: done.removed,
                expires: done.expires,
                log: done.log,
                ..pass
            };
        }
        "INVITE" => session::invite(ctx, view, endpoint, trace),
        "MESSAGE" => route::message(ctx, view, endpoint, trace),
        "OPTIONS" => route::options(ctx, view, endpoint, trace),
        "SUBSCRIBE" => pubsub::subscribe(ctx, view, endpoint, trace),
        "PUBLISH" => pubsub::publish(ctx, view, endpoint, trace),
        other => {
            trace.push(step(
                StepKind::Session,
                Verdict::Failed,
                "Method not handled",
                format!("No module handles {other} outside a dialog."),
                vec![],
            ));
            route::Routed { status: 501, reason: "Not Implemented", dialplan: None, log: None }
        }
    };
    Pass { status: Some(routed.status), reason: routed.reason.into(), dialplan: routed.dialplan, log: routed.log, ..pass }
}

/// Runs a scenario's requests in order from an empty registrar.
pub fn simulate(loaded: &Loaded, index: &Index, scenario: &Scenario) -> Vec<Outcome> {
    let mut simulation = Simulation::new(loaded, index, scenario.hosts.clone());
    scenario.requests.iter().map(|r| simulation.step(r)).collect()
}
