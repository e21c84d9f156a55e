//! Transport protocol rules and reload behaviour: `transport/tls-options`,
//! `transport/websocket`, `transport/restart`.
use pjsip_model::ObjectType;

use pjsip_syntax::Diagnostic;

use pjsip_model::model::{Model, Object};
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

pub(crate) fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for transport in model.of_type(ObjectType::Transport) {
        let protocol = transport.value("protocol").to_ascii_lowercase();
        let websocket = protocol == "ws" || protocol == "wss";
        if protocol != "tls" && protocol != "wss" {
            for (option, at) in written(transport, TLS_OPTIONS) {
                out.push(
                    Diagnostic::warning(
                        "transport/tls-options",
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
        if websocket {
            let mut d = Diagnostic::hint(
                "transport/websocket",
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
        if !is_true_word(transport.value("allow_reload")) && transport.wizard.is_none() {
            out.push(
                Diagnostic::hint(
                    "transport/restart",
                    transport.header_at,
                    format!("changes to transport '{}' take effect only when Asterisk restarts, not on `pjsip reload`", transport.id),
                )
                .with_note("Asterisk logs on reload: is not fully reloadable")
                .with_note("`allow_reload=yes` lets a reload restart the transport, which can drop calls in progress"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::check;

    #[test]
    fn protocol_rules_and_restart_hint() {
        check(
            "[udp]\ntype=transport\nbind=0.0.0.0\nverify_server=yes\nallow_reload=yes\n[ws]\ntype=transport\nprotocol=ws\nbind=0.0.0.0:8088\ntos=ef\n",
            "transport/",
            "transport/tls-options warning 4: `verify_server` only matters for TLS, but transport 'udp' uses protocol `udp`: it is ignored
transport/websocket hint 6: transport 'ws' (ws) is served by Asterisk's HTTP server: its `bind` is required but not where it listens
transport/restart hint 6: changes to transport 'ws' take effect only when Asterisk restarts, not on `pjsip reload`",
        );
    }
}
