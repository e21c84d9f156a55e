//! Transport protocol rules and reload behaviour: `transport/tls-options`,
//! `transport/websocket`, `transport/restart`. (The refusals of its apply step,
//! `transport/no-bind` and `transport/bind-conflict`, are the model's.)
use pjsip_model::ObjectType;

use pjsip_syntax::Diagnostic;

use super::Checker;
use crate::codes;
use pjsip_model::model::Object;
use pjsip_model::schema::is_true_word;

/// Options only a TLS transport reads.
const TLS_OPTIONS: &[&str] = &[
    "cert_file",
    "priv_key_file",
    "ca_list_file",
    "ca_list_path",
    "cipher",
    "method",
    "password",
    "verify_server",
    "verify_client",
    "require_client_cert",
    "allow_wildcard_certs",
];

/// Options set in the configuration (not left at their default), in registration order.
fn written<'a>(transport: &'a Object, names: &'a [&'a str]) -> impl Iterator<Item = (&'a str, pjsip_syntax::FileSpan)> + 'a {
    names.iter().filter_map(move |name| {
        let value = transport.get(name)?;
        let setting = value.set_by.last()?;
        Some((*name, setting.at))
    })
}

/// The protocol as configured, in lower case (empty for the default, udp).
fn protocol(transport: &Object) -> String {
    transport.value("protocol").to_ascii_lowercase()
}

/// `transport/tls-options`: a TLS-only option on a transport that is not TLS.
pub(super) fn transport_tls_options(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    for transport in cx.model().of_type(ObjectType::Transport) {
        let protocol = protocol(transport);
        if protocol == "tls" || protocol == "wss" {
            continue;
        }
        for (option, at) in written(transport, TLS_OPTIONS) {
            out.push(
                Diagnostic::new(
                    codes::TRANSPORT_TLS_OPTIONS,
                    at,
                    format!(
                        "`{option}` only matters for TLS, but transport '{}' uses protocol `{}`: it is ignored",
                        transport.id,
                        if protocol.is_empty() { "udp" } else { &protocol }
                    ),
                )
                .with_note("for encrypted signalling use a separate transport with `protocol=tls`"),
            );
        }
    }
}

/// `transport/websocket`: a ws/wss transport, served by the HTTP server.
pub(super) fn transport_websocket(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    for transport in cx.model().of_type(ObjectType::Transport) {
        let protocol = protocol(transport);
        if protocol != "ws" && protocol != "wss" {
            continue;
        }
        let mut d = Diagnostic::new(
            codes::TRANSPORT_WEBSOCKET,
            transport.header_at,
            format!(
                "transport '{}' ({protocol}) is served by Asterisk's HTTP server: its `bind` is required but not where it listens",
                transport.id
            ),
        )
        .with_note("WebSocket clients connect to the address and port of http.conf (`/ws`); pjsip-lab does not read http.conf");
        for (option, at) in written(transport, &["cert_file", "priv_key_file", "ca_list_file", "tos", "cos"]) {
            d = d.with_label(at, format!("`{option}` is ignored here"));
        }
        if !d.secondary.is_empty() {
            d = d.with_note("Asterisk logs: ignored for websocket transport");
        }
        out.push(d);
    }
}

/// `transport/restart`: a pjsip.conf transport without `allow_reload=yes`.
pub(super) fn transport_restart(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    for transport in cx.model().of_type(ObjectType::Transport) {
        if is_true_word(transport.value("allow_reload")) || transport.wizard.is_some() {
            continue;
        }
        out.push(
            Diagnostic::new(
                codes::TRANSPORT_RESTART,
                transport.header_at,
                format!("changes to transport '{}' take effect only when Asterisk restarts, not on `pjsip reload`", transport.id),
            )
            .with_note("Asterisk logs on reload: is not fully reloadable")
            .with_note("`allow_reload=yes` lets a reload restart the transport, which can drop calls in progress"),
        );
    }
}
