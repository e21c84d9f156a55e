//! Which transport receives a request: the one whose socket the packet reaches. A transport
//! listens on its `bind` address (read as pjproject reads it, `pjsip_model::values::parse_bind`)
//! and port; port 0 or none is the protocol's default (Asterisk fills it in), an empty address
//! is 0.0.0.0. A wildcard address receives every destination of its own IP version only — an
//! IPv6 socket (`[::]`, `::1`) does not receive IPv4 packets — and any other address only packets
//! sent to that very address.

use std::net::IpAddr;

use pjsip_model::model::Object;
use pjsip_model::values::parse_bind;

use super::sip::split_host_port;
use super::types::{HostTable, Transport};
use super::view::View;

/// Where the request is sent: `dst` when given, else the Request-URI's host and port.
pub struct Destination {
    /// The address, when the host is one or resolves through the host table.
    pub ip: Option<IpAddr>,
    pub host: String,
    pub port: u16,
}

pub fn destination(view: &View, hosts: &HostTable) -> Destination {
    let default_port = default_port(view.request.transport);
    let (host, port) = match view.request.dst.as_deref() {
        Some(dst) => split_host_port(dst),
        None => (view.ruri.host.clone(), view.ruri.port),
    };
    let ip = hosts.resolve(&host).into_iter().next();
    Destination { ip, host, port: port.unwrap_or(default_port) }
}

fn default_port(transport: Transport) -> u16 {
    if matches!(transport, Transport::Tls | Transport::Wss) {
        5061
    } else {
        5060
    }
}

/// The address and port a transport listens on (`None` for the address: a host name the
/// host table does not know, assumed to be the destination).
pub fn bound(transport: &Object, protocol: Transport, hosts: &HostTable) -> Option<(Option<IpAddr>, u16)> {
    let (ip, port) = parse_bind(transport.value("bind")).ok()?;
    let port = if port == 0 { default_port(protocol) } else { port };
    let ip = match ip {
        Some(ip) => Some(ip),
        None => {
            let (host, _) = split_host_port(transport.value("bind"));
            hosts.resolve(&host).into_iter().next()
        }
    };
    Some((ip, port))
}

/// Whether a transport bound at `bound` receives a packet for `to`.
pub fn receives(bound: (Option<IpAddr>, u16), to: &Destination) -> bool {
    if bound.1 != to.port {
        return false;
    }
    match (bound.0, to.ip) {
        (Some(listen), Some(dst)) if listen.is_unspecified() => listen.is_ipv4() == dst.is_ipv4(),
        (Some(listen), Some(dst)) => listen == dst,
        // A name nobody can resolve here: only the port can be compared.
        _ => true,
    }
}

/// The INVITE's answer when its dialog cannot be created for want of the endpoint's transport
/// (checked after pjproject has verified the request, where Asterisk creates the dialog).
pub fn invite_transport_refusal(ctx: &super::Ctx, endpoint: &Object, trace: &mut super::Trace) -> Option<super::route::Routed> {
    let (why, spans) = invite_transport_missing(ctx, endpoint)?;
    trace.push(super::step(super::StepKind::Session, super::Verdict::Failed, "Endpoint transport not found", why, spans));
    Some(super::route::Routed {
        status: 500,
        reason: "Server Internal Error",
        dialplan: None,
        log: Some(format!("Unable to retrieve PJSIP transport '{}'", endpoint.value("transport"))),
    })
}

/// An endpoint's `transport=` as a new INVITE dialog uses it: the name must be a loaded
/// transport's id exactly (case counts, and a list is one name that exists nowhere). When it
/// is not, Asterisk cannot create the dialog and answers 500. Other requests do not look.
/// `Some((why, spans))` when the INVITE fails for this.
pub fn invite_transport_missing(ctx: &super::Ctx, endpoint: &Object) -> Option<(String, Vec<pjsip_syntax::FileSpan>)> {
    let name = endpoint.value("transport");
    if name.is_empty() || ctx.object(pjsip_model::ObjectType::Transport, name).is_some() {
        return None;
    }
    let close = ctx
        .index
        .transports
        .iter()
        .map(|&t| ctx.model.objects[t].id.as_str())
        .find(|id| id.eq_ignore_ascii_case(name) || name.split(',').any(|n| n.trim() == *id));
    let hint =
        close.map(|id| format!(" (transport `{id}` exists, but the name must be exactly one id, case included)")).unwrap_or_default();
    Some((
        format!(
            "Endpoint `{}` names transport `{name}`, which is not a loaded transport{hint}: Asterisk cannot set up the call's \
             dialog and answers 500 Server Internal Error.",
            endpoint.id
        ),
        super::index::option_spans(endpoint, "transport"),
    ))
}
