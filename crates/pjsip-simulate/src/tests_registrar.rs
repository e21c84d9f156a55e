//! Registrar decisions pinned on small configurations: how a REGISTER's Expires and Contact
//! headers are read, stored and limited — each test one behaviour a real Asterisk 22 showed.

use super::tests::{analysis, request, Prepared};
use super::*;
use std::collections::BTreeMap;

const AOR: &str = "[6001]\ntype=endpoint\ncontext=office\nallow=ulaw\naors=6001\n\n[6001]\ntype=aor\nmax_contacts=10\n";

fn register(contact: &str, expires: Option<&str>, port: u16) -> Request {
    let mut headers = BTreeMap::new();
    headers.insert("Expires".to_string(), expires.map(|e| HeaderValue::One(e.to_string())));
    Request { contact: Some(Some(contact.to_string())), headers, src_port: port, ..request("REGISTER", "6001", "127.0.0.2") }
}

fn added(outcome: &Outcome) -> Vec<&str> {
    outcome.contacts_added.iter().map(|c| c.uri.as_str()).collect()
}

fn with_aor(lines: &str) -> Prepared {
    analysis(&AOR.replace("max_contacts=10\n", &format!("max_contacts=10\n{lines}")))
}

#[test]
fn unreadable_expires_headers_drop_the_request() {
    let prepared = with_aor("");
    let mut simulation = prepared.simulation(HostTable::default());
    for bad in ["-1", "abc", "1e3", ""] {
        let outcome = simulation.step(&register("<sip:6001@10.0.0.1:5070>", Some(bad), 5070));
        assert_eq!(outcome.status, None, "Expires: {bad:?}");
        assert!(outcome.trace.iter().any(|s| s.title == "Unparseable request"));
    }
    let wrapped = simulation.step(&register("<sip:6001@10.0.0.1:5071>", Some("4294967296"), 5071));
    assert_eq!((wrapped.status, wrapped.expires, wrapped.contacts_added.len()), (Some(200), Some(0), 0), "wraps to 0: a removal");
    let padded = simulation.step(&register("<sip:6001@10.0.0.1:5072>", Some(" 0120 "), 5072));
    assert_eq!((padded.expires, added(&padded)), (Some(120), vec!["sip:6001@10.0.0.1:5072"]));
}

#[test]
fn contact_expires_parameters_and_limits() {
    let prepared = with_aor("minimum_expiration=600\nmaximum_expiration=300\n");
    let mut simulation = prepared.simulation(HostTable::default());
    // Below the minimum is raised to it even though the maximum is lower; the 200's Expires
    // header is the request's header put through the same limits.
    let short = simulation.step(&register("<sip:6001@10.0.0.1:5070>;expires=120", Some("300"), 5070));
    assert_eq!((short.expires, added(&short)), (Some(600), vec!["sip:6001@10.0.0.1:5070"]));
    for (param, stored) in [("abc", false), ("-5", false), ("\"120\"", false), ("", true), ("30", true)] {
        let outcome = simulation.step(&register(&format!("<sip:6001@10.0.0.2:5071>;expires={param}"), None, 5071));
        assert_eq!(outcome.contacts_added.len() + outcome.contacts_removed.len() > 0, stored, "expires={param:?}");
        simulation.registrar = Registrar::default();
    }
    let no_maximum = with_aor("maximum_expiration=0\n");
    let mut simulation = no_maximum.simulation(HostTable::default());
    assert!(simulation.step(&register("<sip:6001@10.0.0.1:5070>", Some("300"), 5070)).contacts_added.is_empty());
    assert_eq!(added(&simulation.step(&register("<sip:6001@10.0.0.1:5071>;expires=30", None, 5071))).len(), 1);
}

#[test]
fn contacts_are_stored_in_pjprojects_printed_form() {
    let prepared = with_aor("");
    let mut simulation = prepared.simulation(HostTable::default());
    let cases = [
        ("<SIP:6001@10.0.0.1:05070;TRANSPORT=TCP>", "sip:6001@10.0.0.1:5070;transport=TCP"),
        ("<sip:6001:pw@10.0.0.1:5071?Subject=x>", "sip:6001:pw@10.0.0.1:5071?Subject=x"),
        ("<sip:6001@10.0.0.1:5072;lr;transport=udp;maddr=10.0.0.9>", "sip:6001@10.0.0.1:5072;transport=udp;maddr=10.0.0.9"),
    ];
    for (contact, stored) in cases {
        assert_eq!(added(&simulation.step(&register(contact, None, 5070))), vec![stored]);
    }
    for dropped in ["<>", "<sip:>", "garbage", "<sip:6001@10.0.0.1:5070", "<sip:6001@10.0.0.1:99999>", "*;expires=0"] {
        assert_eq!(simulation.step(&register(dropped, Some("0"), 5070)).status, None, "{dropped}");
    }
    let tel = simulation.step(&register("<tel:+15551234>", None, 5070));
    assert_eq!((tel.status, tel.endpoint.as_deref()), (Some(416), None));
}

#[test]
fn rewrite_contact_stores_the_source_and_the_original_host() {
    let prepared = analysis(&AOR.replace("aors=6001\n", "aors=6001\nrewrite_contact=yes\n"));
    let mut simulation = prepared.simulation(HostTable::default());
    let moved = simulation.step(&register("<sip:6001@10.1.2.3:5080;transport=udp>", None, 5071));
    assert_eq!(added(&moved), vec!["sip:6001@127.0.0.2:5071;x-ast-orig-host=10.1.2.3:5080"]);
    assert!(moved.trace.iter().any(|s| s.title == "Contact rewritten"));
    let no_port = simulation.step(&register("<sip:6001@example.com>", None, 5072));
    assert_eq!(added(&no_port), vec!["sip:6001@127.0.0.2:5072;x-ast-orig-host=example.com:0"]);
    let same_host = simulation.step(&register("<sip:6001@127.0.0.2:5070;user=phone>", None, 5073));
    assert_eq!(added(&same_host), vec!["sip:6001@127.0.0.2:5073;user=phone"]);
}

#[test]
fn wildcard_path_and_static_contacts() {
    let prepared = with_aor("support_path=yes\ncontact=sip:6001@10.0.0.7:5060\n");
    let mut simulation = prepared.simulation(HostTable::default());
    let same_as_static = simulation.step(&register("<sip:6001@10.0.0.7:5060>", None, 5070));
    assert_eq!((same_as_static.status, same_as_static.contacts_added.len()), (Some(200), 0), "the URI is listed already");
    assert_eq!(simulation.registrar.bindings().len(), 1, "but the registration is stored and counts");
    let mut with_path = register("<sip:6001@10.0.0.1:5070>", None, 5070);
    with_path.headers.insert("Path".into(), Some(HeaderValue::One("<sip:proxy.example.com;lr>".into())));
    assert_eq!(simulation.step(&with_path).status, Some(420));
    with_path.headers.insert("Supported".into(), Some(HeaderValue::One("outbound, path".into())));
    assert_eq!(simulation.step(&with_path).status, Some(200));
    // `*` needs an expiry of 0 from the Expires header (or default_expiration).
    assert_eq!(simulation.step(&register("*", None, 5070)).status, Some(400));
    assert_eq!(simulation.step(&register("*", Some("00"), 5070)).status, Some(200));
}

#[test]
fn unanswered_qualifies_make_room_with_remove_unavailable() {
    let qualified = |remove: &str| {
        analysis(&AOR.replace(
            "max_contacts=10\n",
            &format!("max_contacts=1\nqualify_frequency=1\nqualify_timeout=0.5\nremove_unavailable={remove}\n"),
        ))
    };
    let prepared = qualified("yes");
    let mut simulation = prepared.simulation(HostTable::default());
    assert_eq!(simulation.step(&register("<sip:6001@10.0.0.1:5071>", None, 5071)).status, Some(200));
    // Right away the first contact has not yet missed its qualify: no room.
    assert_eq!(simulation.step(&register("<sip:6001@10.0.0.1:5072>", None, 5072)).status, Some(403));
    let later = Request { delay_ms: 3000, ..register("<sip:6001@10.0.0.1:5072>", None, 5072) };
    let outcome = simulation.step(&later);
    assert_eq!((outcome.status, outcome.contacts_removed.len(), outcome.contacts_added.len()), (Some(200), 1, 1));
    assert!(outcome.trace.iter().any(|s| s.title == "Unavailable contacts removed"));
    let kept = qualified("no");
    let mut simulation = kept.simulation(HostTable::default());
    simulation.step(&register("<sip:6001@10.0.0.1:5071>", None, 5071));
    assert_eq!(simulation.step(&Request { delay_ms: 3000, ..register("<sip:6001@10.0.0.1:5072>", None, 5072) }).status, Some(403));
}

#[test]
fn an_ipv6_source_registers_its_default_contact_in_brackets() {
    let prepared = analysis(&format!("[v6]\ntype=transport\nprotocol=udp\nbind=[::1]:5060\n\n{AOR}"));
    let to_v6 = Request { request_uri: "sip:[::1]:5060".into(), src_ip: "::1".into(), ..request("REGISTER", "6001", "::1") };
    let outcome = prepared.simulation(HostTable::default()).step(&to_v6);
    assert_eq!((outcome.status, added(&outcome)), (Some(200), vec!["sip:6001@[::1]:5070"]));
}
