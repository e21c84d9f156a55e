//! Behaviour pinned on minimal configurations, one rule per test.

use super::*;
use pjsip_model::Input;

pub(crate) const UDP: &str = "[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:5060\n\n";

/// A loaded configuration with its simulator tables: what the facade holds.
pub(crate) struct Prepared {
    pub loaded: Loaded,
    pub index: Index,
}

impl Prepared {
    pub(crate) fn new(input: &Input) -> Prepared {
        let loaded = Loaded::new(input);
        let index = Index::build(&loaded);
        Prepared { loaded, index }
    }

    pub(crate) fn simulation(&self, hosts: HostTable) -> Simulation<'_> {
        Simulation::new(&self.loaded, &self.index, hosts)
    }
}

pub(crate) fn analysis(pjsip: &str) -> Prepared {
    Prepared::new(&Input::single(format!("{UDP}{pjsip}")))
}

pub(crate) fn request(method: &str, from_user: &str, ip: &str) -> Request {
    Request {
        method: method.into(),
        src_ip: ip.into(),
        src_port: 5070,
        request_uri: if method == "INVITE" { "sip:100@127.0.0.1".into() } else { "sip:127.0.0.1".into() },
        from: format!("<sip:{from_user}@127.0.0.1>"),
        ..Request::default()
    }
}

pub(crate) fn status_endpoint_aor(outcome: &Outcome) -> (Option<u16>, Option<&str>, Option<&str>) {
    (outcome.status, outcome.endpoint.as_deref(), outcome.aor.as_deref())
}

pub(crate) const PHONE: &str = "[6001]\ntype=endpoint\ncontext=office\nallow=ulaw\naors=6001\n\n[6001]\ntype=aor\nmax_contacts=1\n";

#[test]
fn nothing_answers_without_a_listening_transport() {
    let analysis = Prepared::new(&Input::single(PHONE));
    let outcome = analysis.simulation(HostTable::default()).step(&request("OPTIONS", "6001", "127.0.0.2"));
    assert_eq!((outcome.status, outcome.reason.as_str()), (None, "timeout"));
    let other_port = Request { request_uri: "sip:127.0.0.1:5062".into(), ..request("OPTIONS", "6001", "127.0.0.2") };
    assert_eq!(analysis_with_udp().simulation(HostTable::default()).step(&other_port).status, None);
}

fn analysis_with_udp() -> Prepared {
    analysis(PHONE)
}

#[test]
fn unidentified_requests_get_the_artificial_challenge() {
    let outcome = analysis_with_udp().simulation(HostTable::default()).step(&request("INVITE", "stranger", "127.0.0.2"));
    assert_eq!(status_endpoint_aor(&outcome), (Some(401), None, None));
    assert!(outcome.artificial_endpoint);
    assert_eq!(outcome.log.as_deref(), Some("No matching endpoint found"));
}

#[test]
fn invite_reaches_the_catch_all_dialplan() {
    let outcome = analysis_with_udp().simulation(HostTable::default()).step(&request("INVITE", "6001", "127.0.0.2"));
    assert_eq!(status_endpoint_aor(&outcome), (Some(603), Some("6001"), None));
    assert_eq!(outcome.dialplan, Some(DialplanTarget { context: "office".into(), exten: "100".into() }));
}

#[test]
fn registrations_accumulate_expire_and_are_removed() {
    let analysis = analysis(&PHONE.replace("max_contacts=1", "max_contacts=2\nminimum_expiration=60"));
    let mut simulation = analysis.simulation(HostTable::default());
    let first = simulation.step(&request("REGISTER", "6001", "127.0.0.2"));
    assert_eq!(status_endpoint_aor(&first), (Some(200), Some("6001"), Some("6001")));
    assert_eq!(first.contacts_added, [ContactRef { aor: "6001".into(), uri: "sip:6001@127.0.0.2:5070".into() }]);
    // Expires 10 is raised to the minimum of 60 s.
    let mut short = request("REGISTER", "6001", "127.0.0.3");
    short.headers.insert("Expires".into(), Some(HeaderValue::One("10".into())));
    assert_eq!(simulation.step(&short).expires, Some(60));
    let third = simulation.step(&request("REGISTER", "6001", "127.0.0.4"));
    assert_eq!(third.status, Some(403), "max_contacts=2 is full");
    // After 61 s the short registration has expired, so a third device fits.
    let later = Request { delay_ms: 61_000, ..request("REGISTER", "6001", "127.0.0.4") };
    let outcome = simulation.step(&later);
    assert_eq!(outcome.status, Some(200));
    assert_eq!(outcome.contacts_removed, [ContactRef { aor: "6001".into(), uri: "sip:6001@127.0.0.3:5070".into() }]);
    let mut bye = request("REGISTER", "6001", "127.0.0.2");
    bye.headers.insert("Expires".into(), Some(HeaderValue::One("0".into())));
    assert_eq!(simulation.step(&bye).contacts_removed.len(), 1);
    assert_eq!(simulation.registrar.bindings().len(), 1);
}

#[test]
fn max_contacts_zero_refuses_and_names_the_aor() {
    let outcome =
        analysis(&PHONE.replace("max_contacts=1", "")).simulation(HostTable::default()).step(&request("REGISTER", "6001", "127.0.0.2"));
    assert_eq!(status_endpoint_aor(&outcome), (Some(403), Some("6001"), Some("6001")));
    assert_eq!(outcome.log.as_deref(), Some("AOR '6001' has no configured max_contacts"));
}

#[test]
fn digest_answers_verify_against_password_and_md5_cred() {
    let md5 = hash::md5_hex(b"6001:asterisk:pw");
    let config = format!("[6001]\ntype=endpoint\ncontext=office\nallow=ulaw\nauth=a\n\n[a]\ntype=auth\nusername=6001\nmd5_cred={md5}\n");
    let analysis = analysis(&config);
    let mut simulation = analysis.simulation(HostTable::default());
    let with = |password: &str| Request {
        auth: Some(Credentials { username: "6001".into(), password: password.into() }),
        ..request("INVITE", "6001", "127.0.0.2")
    };
    assert_eq!(simulation.step(&request("INVITE", "6001", "127.0.0.2")).status, Some(401));
    assert_eq!(simulation.step(&with("pw")).status, Some(603));
    let wrong = simulation.step(&with("nope"));
    assert_eq!((wrong.status, wrong.log.as_deref()), (Some(401), Some("Failed to authenticate")));
}

#[test]
fn overlapping_identifies_the_first_name_wins_and_ports_count() {
    let config = "[trunk-a]\ntype=endpoint\ncontext=a\nallow=ulaw\n\n[trunk-b]\ntype=endpoint\ncontext=b\nallow=ulaw\n\n\
                  [z-specific]\ntype=identify\nendpoint=trunk-b\nmatch=127.0.0.9\n\n\
                  [a-broad]\ntype=identify\nendpoint=trunk-a\nmatch=127.0.0.0/24\n\n\
                  [port]\ntype=identify\nendpoint=trunk-b\nmatch=127.0.1.1:5090\n";
    let analysis = analysis(config);
    let mut simulation = analysis.simulation(HostTable::default());
    assert_eq!(simulation.step(&request("INVITE", "x", "127.0.0.9")).endpoint.as_deref(), Some("trunk-a"));
    assert_eq!(simulation.step(&request("INVITE", "x", "127.0.1.1")).endpoint, None, "port 5070 is not 5090");
    let from_5090 = Request { src_port: 5090, ..request("INVITE", "x", "127.0.1.1") };
    assert_eq!(simulation.step(&from_5090).endpoint.as_deref(), Some("trunk-b"));
}

#[test]
fn host_names_resolve_through_the_table() {
    let config = "[pbx]\ntype=endpoint\ncontext=p\nallow=ulaw\n\n[pbx]\ntype=identify\nendpoint=pbx\nmatch=pbx.example.com\n";
    let analysis = analysis(config);
    let invite = request("INVITE", "x", "127.0.0.77");
    assert_eq!(analysis.simulation(HostTable::default()).step(&invite).endpoint, None);
    let mut hosts = HostTable::default();
    hosts.hosts.insert("PBX.example.com".into(), vec!["127.0.0.77".into()]);
    assert_eq!(analysis.simulation(hosts).step(&invite).endpoint.as_deref(), Some("pbx"));
}

#[test]
fn endpoint_and_global_acls() {
    let config = PHONE.replace("allow=ulaw\n", "allow=ulaw\ndeny=0.0.0.0/0\npermit=127.0.0.2\n");
    let local = analysis(&config);
    let mut simulation = local.simulation(HostTable::default());
    assert_eq!(simulation.step(&request("INVITE", "6001", "127.0.0.2")).status, Some(603));
    let refused = simulation.step(&request("INVITE", "6001", "127.0.0.3"));
    assert_eq!((refused.status, refused.endpoint.as_deref(), refused.acl_rejected.as_deref()), (Some(401), Some("6001"), Some("endpoint")));
    let global = analysis(&format!("{PHONE}\n[g]\ntype=acl\ndeny=127.0.0.3\n"));
    let outcome = global.simulation(HostTable::default()).step(&request("INVITE", "6001", "127.0.0.3"));
    assert_eq!((outcome.status, outcome.endpoint, outcome.acl_rejected.as_deref()), (Some(403), None, Some("global")));
}

#[test]
fn custom_dialplan_decides_404_484_and_603() {
    let files = vec![
        pjsip_model::InputFile { name: "pjsip.conf".into(), text: format!("{UDP}{PHONE}") },
        pjsip_model::InputFile {
            name: "extensions.conf".into(),
            text: "[office]\nexten => 12345,1,Hangup()\nexten => _2XX,1,NoOp()\n same => n,Hangup()\n".into(),
        },
    ];
    let analysis = Prepared::new(&Input::new(files, pjsip_model::AsteriskVersion::V22));
    let mut simulation = analysis.simulation(HostTable::default());
    let to = |exten: &str| Request { request_uri: format!("sip:{exten}@127.0.0.1"), ..request("INVITE", "6001", "127.0.0.2") };
    assert_eq!(simulation.step(&to("250")).status, Some(603));
    assert_eq!(simulation.step(&to("123")).status, Some(484));
    assert_eq!(simulation.step(&to("999")).status, Some(404));
}

#[test]
fn presets_come_from_the_configuration() {
    let config =
        format!("{PHONE}\n[trunk]\ntype=endpoint\ncontext=t\nallow=ulaw\n\n[trunk]\ntype=identify\nendpoint=trunk\nmatch=127.0.0.50\n");
    let analysis = analysis(&config);
    let presets = presets(&analysis.loaded);
    let labels: Vec<&str> = presets.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(labels.len(), 5, "{labels:?}");
    let outcomes: Vec<Option<u16>> = {
        let mut simulation = analysis.simulation(HostTable::default());
        presets.iter().map(|p| simulation.step(&p.1).status).collect()
    };
    // Register, second phone refused (max_contacts=1), trunk call, stranger challenged, ping.
    assert_eq!(outcomes, [Some(200), Some(403), Some(603), Some(401), Some(200)]);
}

/// A digest answer as a device sends it after a challenge of the PBX (RFC 7616 with qop=auth).
fn authorization(user: &str, realm: &str, password: &str, method: &str, uri: &str, nonce: &str) -> String {
    use crate::hash::md5_hex;
    let ha1 = md5_hex(format!("{user}:{realm}:{password}").as_bytes());
    let ha2 = md5_hex(format!("{method}:{uri}").as_bytes());
    let response = md5_hex(format!("{ha1}:{nonce}:00000001:c0ffee:auth:{ha2}").as_bytes());
    format!(
        "Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\", \
         algorithm=MD5, qop=auth, nc=00000001, cnonce=\"c0ffee\""
    )
}

#[test]
fn a_replayed_digest_answer_is_verified_against_the_configured_password() {
    let analysis = analysis(
        "[6001]\ntype=endpoint\ncontext=office\nallow=ulaw\naors=6001\nauth=6001\n\
         [6001]\ntype=aor\nmax_contacts=1\n[6001]\ntype=auth\nusername=6001\npassword=s3cret\n",
    );
    let mut register = request("REGISTER", "6001", "127.0.0.2");
    let good = authorization("6001", "asterisk", "s3cret", "REGISTER", "sip:127.0.0.1", "from-the-pbx");
    register.headers.insert("Authorization".into(), Some(HeaderValue::One(good)));
    let outcome = analysis.simulation(HostTable::default()).step(&register);
    assert_eq!(status_endpoint_aor(&outcome), (Some(200), Some("6001"), Some("6001")), "{:#?}", outcome.trace);
    assert!(outcome.trace.iter().any(|s| s.text.contains("cannot know whether that nonce was still fresh")));
    let bad = authorization("6001", "asterisk", "wrong", "REGISTER", "sip:127.0.0.1", "from-the-pbx");
    register.headers.insert("Authorization".into(), Some(HeaderValue::One(bad)));
    let outcome = analysis.simulation(HostTable::default()).step(&register);
    assert_eq!(outcome.status, Some(401), "{:#?}", outcome.trace);
    // Signed for another method, the same response does not verify (HA2 covers the method).
    let other = authorization("6001", "asterisk", "s3cret", "INVITE", "sip:127.0.0.1", "from-the-pbx");
    register.headers.insert("Authorization".into(), Some(HeaderValue::One(other)));
    assert_eq!(analysis.simulation(HostTable::default()).step(&register).status, Some(401));
}

#[test]
fn the_users_dialplan_routes_calls_by_asterisks_match_order() {
    let files = vec![
        pjsip_model::InputFile { name: "pjsip.conf".into(), text: format!("{UDP}{PHONE}") },
        pjsip_model::InputFile {
            name: "extensions.conf".into(),
            // `_1X.` is written first, but `100` is more specific and wins; `250` comes from the
            // included context (a context's own extensions are searched before its includes).
            text: "[office]\nexten => _1X.,1,Hangup()\nexten => 100,1,Answer()\ninclude => shared\n\
                   [shared]\nexten => _2XX,1,Answer()\nswitch => Realtime/shared@extensions\n\
                   [closed]\nexten => 5,1,Hangup()\nswitch => DUNDi/e164\n"
                .into(),
        },
    ];
    let analysis = Prepared::new(&Input::new(files, pjsip_model::AsteriskVersion::V22));
    let call = |number: &str| {
        let mut invite = request("INVITE", "6001", "127.0.0.2");
        invite.request_uri = format!("sip:{number}@127.0.0.1");
        analysis.simulation(HostTable::default()).step(&invite)
    };
    assert_eq!(call("100").status, Some(200), "the exact extension answers");
    assert_eq!(call("150").status, Some(603), "_1X. hangs up");
    assert_eq!(call("250").status, Some(200), "found in the included context");
    let missing = {
        let text = format!("{UDP}{}", PHONE.replace("context=office", "context=closed"));
        let files = vec![
            pjsip_model::InputFile { name: "pjsip.conf".into(), text },
            pjsip_model::InputFile {
                name: "extensions.conf".into(),
                text: "[closed]\nexten => 5,1,Hangup()\nswitch => DUNDi/e164\n".into(),
            },
        ];
        let analysis = Prepared::new(&Input::new(files, pjsip_model::AsteriskVersion::V22));
        let mut invite = request("INVITE", "6001", "127.0.0.2");
        invite.request_uri = "sip:999@127.0.0.1".into();
        analysis.simulation(HostTable::default()).step(&invite)
    };
    assert_eq!(missing.status, Some(404));
    assert!(missing.trace.iter().any(|s| s.title == "Switches not modelled" && s.text.contains("DUNDi/e164")));
}
