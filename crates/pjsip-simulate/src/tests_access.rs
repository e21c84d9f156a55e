//! Access decisions pinned on small configurations: ACLs, identification, credentials and
//! transports — each test one behaviour a real Asterisk 22 showed, in a configuration of its own.

use super::tests::{analysis, request, status_endpoint_aor, Prepared, PHONE, UDP};
use super::*;
use pjsip_model::{AsteriskVersion, Input, InputFile};

fn with_acl_conf(pjsip: &str, acl_conf: &str) -> Prepared {
    let files = vec![
        InputFile { name: "pjsip.conf".into(), text: format!("{UDP}{pjsip}") },
        InputFile { name: "acl.conf".into(), text: acl_conf.into() },
    ];
    Prepared::new(&Input::new(files, AsteriskVersion::V22))
}

fn has_step(outcome: &Outcome, title: &str) -> bool {
    outcome.trace.iter().any(|s| s.title == title)
}

#[test]
fn a_deny_line_with_a_bang_permits_instead() {
    let config = PHONE.replace("allow=ulaw\n", "allow=ulaw\ndeny=!127.0.0.2\ncontact_deny=!127.0.0.2\n");
    let prepared = analysis(&config);
    let mut simulation = prepared.simulation(HostTable::default());
    for ip in ["127.0.0.2", "127.0.0.3", "127.0.1.2"] {
        assert_eq!(simulation.step(&request("INVITE", "6001", ip)).status, Some(603), "{ip} passes");
    }
}

#[test]
fn named_acls_restrict_nothing_when_acl_conf_does_not_load() {
    let config = PHONE.replace("allow=ulaw\n", "allow=ulaw\nacl=lab\n");
    let broken = with_acl_conf(&config, "[lab]\ndeny=0.0.0.0/0\npermit=not-an-address\n");
    let outcome = broken.simulation(HostTable::default()).step(&request("INVITE", "6001", "127.0.0.3"));
    assert_eq!(outcome.status, Some(603));
    assert!(has_step(&outcome, "Named ACLs not loaded"));
    // A loaded acl.conf without that name: the undefined ACL refuses everything.
    let undefined = with_acl_conf(&config, "[office]\ndeny=127.0.0.9\n");
    assert_eq!(undefined.simulation(HostTable::default()).step(&request("INVITE", "6001", "127.0.0.3")).status, Some(401));
    let applied = with_acl_conf(&config, "[lab]\ndeny=0.0.0.0/0\npermit=127.0.0.2\n");
    let mut simulation = applied.simulation(HostTable::default());
    assert_eq!(simulation.step(&request("INVITE", "6001", "127.0.0.2")).status, Some(603));
    assert_eq!(simulation.step(&request("INVITE", "6001", "127.0.0.3")).status, Some(401));
}

#[test]
fn identify_match_is_one_list_where_the_last_covering_entry_decides() {
    let trunk = "[trunk]\ntype=endpoint\ncontext=t\nallow=ulaw\n\n[trunk]\ntype=identify\nendpoint=trunk\n";
    let cases = [
        ("match=10.8.0.0/16,!10.8.1.0/24\n", [("10.8.2.2", true), ("10.8.1.2", false), ("10.9.0.2", false)]),
        ("match=!10.8.0.0/24,10.8.0.2\n", [("10.8.0.2", true), ("10.8.0.3", false), ("10.8.1.2", false)]),
        ("match=10.8.0.0/24\nmatch=!10.8.0.0/16\n", [("10.8.0.2", false), ("10.8.0.3", false), ("10.8.1.2", false)]),
        ("match=10.0.0.0/255.0.255.0\n", [("10.0.0.2", true), ("10.7.0.2", true), ("10.0.1.2", false)]),
        ("match=::ffff:10.8.0.2,0x0a080003\n", [("10.8.0.2", true), ("10.8.0.3", true), ("10.8.0.4", false)]),
    ];
    for (lines, sources) in cases {
        let prepared = analysis(&format!("{trunk}{lines}"));
        let mut simulation = prepared.simulation(HostTable::default());
        for (ip, identified) in sources {
            let outcome = simulation.step(&request("INVITE", "nobody", ip));
            assert_eq!(outcome.endpoint.is_some(), identified, "{lines:?} from {ip}");
        }
    }
}

#[test]
fn identify_match_port_zero_means_any_port() {
    let config = "[trunk]\ntype=endpoint\ncontext=t\nallow=ulaw\n\n[trunk]\ntype=identify\nendpoint=trunk\nmatch=10.8.0.2:0\n";
    let prepared = analysis(config);
    let outcome = prepared.simulation(HostTable::default()).step(&request("INVITE", "nobody", "10.8.0.2"));
    assert_eq!(status_endpoint_aor(&outcome), (Some(603), Some("trunk"), None));
}

#[test]
fn an_invite_refused_for_its_contact_is_named_through_its_ack() {
    let config = format!("{PHONE}\n[g]\ntype=acl\ncontact_deny=0.0.0.0/0\ncontact_permit=127.0.0.2\n\n[h]\ntype=acl\ndeny=127.0.1.0/24\n");
    let prepared = analysis(&config);
    let mut simulation = prepared.simulation(HostTable::default());
    let contact_refused = simulation.step(&request("INVITE", "6001", "127.0.0.3"));
    assert_eq!((contact_refused.status, contact_refused.endpoint.as_deref()), (Some(403), Some("6001")));
    assert!(has_step(&contact_refused, "The ACK is identified"));
    // The source is refused too: the ACK is refused as well.
    assert_eq!(simulation.step(&request("INVITE", "6001", "127.0.1.3")).endpoint, None);
    // A REGISTER is not acknowledged.
    let register = simulation.step(&request("REGISTER", "6001", "127.0.0.3"));
    assert_eq!((register.status, register.endpoint.as_deref()), (Some(403), None));
}

#[test]
fn stored_digests_verify_as_written() {
    // MD5("6001:asterisk:s3cret"), as a client computes it from the password.
    let ha1 = hash::md5_hex(b"6001:asterisk:s3cret");
    let phone = "[6001]\ntype=endpoint\ncontext=office\nallow=ulaw\nauth=6001-auth\n\n[6001-auth]\ntype=auth\nusername=6001\n";
    let answer = |prepared: &Prepared| {
        let invite = Request {
            auth: Some(Credentials { username: "6001".into(), password: "s3cret".into() }),
            ..request("INVITE", "6001", "127.0.0.2")
        };
        prepared.simulation(HostTable::default()).step(&invite)
    };
    let bare = analysis(&format!("{phone}auth_type=digest\npassword_digest={ha1}\n"));
    assert_eq!(answer(&bare).status, Some(603), "a digest without prefix is MD5");
    let upper = analysis(&format!("{phone}auth_type=md5\nmd5_cred={}\n", ha1.to_ascii_uppercase()));
    let refused = answer(&upper);
    assert_eq!(refused.status, Some(401), "upper-case hex never equals the computed digest");
    assert!(refused.trace.iter().any(|s| s.text.contains("upper case")));
}

#[test]
fn transports_receive_only_what_reaches_their_address() {
    let phone = "[6001]\ntype=endpoint\ncontext=office\nallow=ulaw\n";
    let with_bind = |bind: &str| Prepared::new(&Input::single(format!("[t]\ntype=transport\nprotocol=udp\nbind={bind}\n\n{phone}")));
    let invite = request("INVITE", "6001", "127.0.0.2");
    for (bind, answered) in
        [("[::]:5060", false), ("::1", false), ("127.0.0.9:5060", false), ("127.0.0.1:0", true), ("", true), ("0.0.0.0", true)]
    {
        let outcome = with_bind(bind).simulation(HostTable::default()).step(&invite);
        assert_eq!(outcome.status.is_some(), answered, "bind={bind}");
    }
}

#[test]
fn an_invite_needs_the_endpoint_transport_by_its_exact_name() {
    for (name, status) in [("udp", 603), ("UDP", 500), ("udp,udp", 500), ("gone", 500)] {
        let prepared = analysis(&format!("[6001]\ntype=endpoint\ncontext=office\nallow=ulaw\ntransport={name}\n"));
        let mut simulation = prepared.simulation(HostTable::default());
        let outcome = simulation.step(&request("INVITE", "6001", "127.0.0.2"));
        assert_eq!(outcome.status, Some(status), "transport={name}");
        assert_eq!(simulation.step(&request("OPTIONS", "6001", "127.0.0.2")).status, Some(200), "OPTIONS does not look");
    }
}
