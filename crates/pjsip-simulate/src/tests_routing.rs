//! What happens after identification, pinned on small configurations: the INVITE's checks
//! and its SDP offer, contexts, MESSAGE, OPTIONS, SUBSCRIBE, PUBLISH and the message filter.

use super::*;
use std::collections::BTreeMap;

const UDP: &str = "[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:5060\n\n";

/// A desk phone that takes G.711 μ-law only; its calls start in `desk`.
const DESK: &str = "[desk]\ntype=endpoint\ncontext=desk\nallow=ulaw\n";

struct Prepared {
    loaded: Loaded,
    index: Index,
}

impl Prepared {
    /// pjsip.conf (after a UDP transport) and, when given, extensions.conf.
    fn new(pjsip: &str, extensions: Option<&str>) -> Prepared {
        let mut files = BTreeMap::from([("pjsip.conf".to_string(), format!("{UDP}{pjsip}"))]);
        if let Some(dialplan) = extensions {
            files.insert("extensions.conf".into(), dialplan.to_string());
        }
        let loaded = Loaded::new(&Case { files, ..Case::default() }.input());
        let index = Index::build(&loaded);
        Prepared { loaded, index }
    }

    fn run(&self, request: &Request) -> Outcome {
        Simulation::new(&self.loaded, &self.index, HostTable::default()).step(request)
    }
}

/// A request from the desk phone to `user` at the PBX.
fn from_desk(method: &str, user: &str) -> Request {
    let at = if user.is_empty() { String::new() } else { format!("{user}@") };
    Request {
        method: method.into(),
        src_ip: "127.0.0.2".into(),
        src_port: 5070,
        request_uri: format!("sip:{at}127.0.0.1:5060"),
        from: "<sip:desk@127.0.0.1>".into(),
        ..Request::default()
    }
}

fn with_header(mut request: Request, name: &str, value: &str) -> Request {
    request.headers.insert(name.into(), Some(HeaderValue::One(value.into())));
    request
}

fn offer(rtp_map: &str) -> String {
    format!("v=0\r\no=phone 1 1 IN IP4 127.0.0.2\r\ns=call\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\n{rtp_map}")
}

fn said(outcome: &Outcome, title: &str) -> bool {
    outcome.trace.iter().any(|s| s.title == title)
}

#[test]
fn an_offer_without_a_common_codec_is_refused_after_the_extension_check() {
    let pbx = Prepared::new(DESK, None);
    let alaw = Request { body: Some(offer("m=audio 4000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n")), ..from_desk("INVITE", "100") };
    let refused = pbx.run(&alaw);
    assert_eq!((refused.status, refused.dialplan.as_ref()), (Some(488), None));
    assert!(said(&refused, "Media stream declined") && said(&refused, "Offer not acceptable"));
    // The harness's own offer is PCMU, which the phone allows; no offer at all is no check.
    assert_eq!(pbx.run(&from_desk("INVITE", "100")).status, Some(603));
    assert_eq!(pbx.run(&Request { sdp: Some(false), ..from_desk("INVITE", "100") }).status, Some(603));
    // A second stream the endpoint can take is enough.
    let two = offer("m=audio 4000 RTP/AVP 8\r\nm=audio 4002 RTP/AVP 0\r\n");
    let both = pbx.run(&Request { body: Some(two), ..from_desk("INVITE", "100") });
    assert_eq!(both.status, Some(603), "a declined stream does not count against max_audio_streams");
    // An endpoint without codecs, or without audio streams, refuses every offer.
    let mute = Prepared::new("[desk]\ntype=endpoint\ncontext=desk\n", None);
    assert_eq!(mute.run(&from_desk("INVITE", "100")).status, Some(488));
    let no_audio = Prepared::new(&format!("{DESK}max_audio_streams=0\n"), None);
    assert_eq!(no_audio.run(&from_desk("INVITE", "100")).status, Some(488));
    // A stream whose profile does not fit the endpoint fails the whole offer, even before a
    // stream that would fit.
    let savp = offer("m=audio 4000 RTP/SAVP 0\r\nm=audio 4002 RTP/AVP 0\r\n");
    let refused = pbx.run(&Request { body: Some(savp), ..from_desk("INVITE", "100") });
    assert_eq!(refused.status, Some(488));
    assert!(said(&refused, "Offer refused"));
    // The destination is decided before the offer: an unknown extension is 404, not 488.
    let dialplan = "[desk]\nexten => 100,1,Hangup()\n";
    let with_dialplan = Prepared::new(DESK, Some(dialplan));
    assert_eq!(with_dialplan.run(&Request { request_uri: "sip:999@127.0.0.1".into(), ..alaw }).status, Some(404));
}

#[test]
fn bodies_pjproject_cannot_use() {
    let pbx = Prepared::new(DESK, None);
    let text = Request { body: Some("hello".into()), content_type: Some("text/plain".into()), ..from_desk("INVITE", "100") };
    assert_eq!(pbx.run(&text).status, Some(415));
    let broken = Request { body: Some("v=0\r\nm=audio 4000 RTP/AVP 0\r\n".into()), ..from_desk("INVITE", "100") };
    let outcome = pbx.run(&broken);
    assert_eq!(outcome.status, Some(400));
    assert!(said(&outcome, "Unreadable SDP"));
}

#[test]
fn require_supported_and_session_timers() {
    let pbx = Prepared::new(DESK, None);
    assert_eq!(pbx.run(&with_header(from_desk("INVITE", "100"), "Require", "foo")).status, Some(420));
    // 100rel, timer and replaces are known even when the endpoint turns them off.
    let off = Prepared::new(&format!("{DESK}100rel=no\ntimers=no\n"), None);
    assert_eq!(off.run(&with_header(from_desk("INVITE", "100"), "Require", "100rel, timer")).status, Some(603));
    assert_eq!(off.run(&with_header(from_desk("INVITE", "100"), "Session-Expires", "30")).status, Some(603), "timers=no");

    let strict = Prepared::new(&format!("{DESK}100rel=required\n"), None);
    let required_only = strict.run(&with_header(from_desk("INVITE", "100"), "Require", "100rel"));
    assert_eq!(required_only.status, Some(421), "Require does not say Supported");
    assert_eq!(strict.run(&with_header(from_desk("INVITE", "100"), "Supported", "100rel")).status, Some(603));
    assert_eq!(strict.run(&with_header(from_desk("INVITE", "100"), "Require", "foo")).status, Some(420), "420 comes first");

    let short = with_header(from_desk("INVITE", "100"), "Session-Expires", "30");
    let outcome = pbx.run(&short);
    assert_eq!(outcome.status, Some(422));
    assert!(said(&outcome, "Session interval too small"));
    // The timer check rewrites even a 404.
    let dialplan = Prepared::new(DESK, Some("[desk]\nexten => 100,1,Hangup()\n"));
    assert_eq!(dialplan.run(&Request { request_uri: "sip:999@127.0.0.1".into(), ..short }).status, Some(422));
}

#[test]
fn overlap_context_is_checked_and_context_runs() {
    let dialplan = "[desk]\nexten => 100,1,Hangup()\n\n[dialling]\nexten => 300,1,Hangup()\nexten => 4000,1,Hangup()\n";
    let pbx = Prepared::new(&format!("{DESK}overlap_context=dialling\n"), Some(dialplan));
    let only_overlap = pbx.run(&from_desk("INVITE", "300"));
    assert_eq!((only_overlap.status, only_overlap.dialplan.as_ref()), (Some(603), None), "accepted, but `desk` has no 300");
    assert!(said(&only_overlap, "Nothing to run"));
    assert_eq!(pbx.run(&from_desk("INVITE", "100")).status, Some(404), "100 is only in `context`");
    assert_eq!(pbx.run(&from_desk("INVITE", "40")).status, Some(484), "a prefix of 4000 with allow_overlap on");
    let no_overlap = Prepared::new(&format!("{DESK}overlap_context=dialling\nallow_overlap=no\n"), Some(dialplan));
    assert_eq!(no_overlap.run(&from_desk("INVITE", "40")).status, Some(404));
}

#[test]
fn without_a_dialplan_only_named_contexts_exist() {
    // An empty context names no context; `over` is named by no context option.
    let empty = Prepared::new("[desk]\ntype=endpoint\ncontext=\nallow=ulaw\n", None);
    for (method, user) in [("INVITE", "100"), ("MESSAGE", "100"), ("OPTIONS", "100")] {
        let request = Request {
            body: (method == "MESSAGE").then(|| "hi".into()),
            content_type: Some("text/plain".into()),
            ..from_desk(method, user)
        };
        assert_eq!(empty.run(&request).status, Some(404), "{method}");
    }
    assert_eq!(empty.run(&from_desk("OPTIONS", "")).status, Some(200), "no user: Asterisk answers for itself");
    let overlap = Prepared::new(&format!("{DESK}overlap_context=over\n"), None);
    let outcome = overlap.run(&from_desk("INVITE", "100"));
    assert_eq!(outcome.status, Some(404));
    assert!(outcome.trace.iter().any(|s| s.text.contains("No extensions.conf was given")));
}

#[test]
fn escaped_request_uri_users_are_extensions() {
    let pbx = Prepared::new(DESK, Some("[desk]\nexten => 100,1,Hangup()\n"));
    let outcome = pbx.run(&from_desk("INVITE", "%31%30%30"));
    assert_eq!(outcome.status, Some(603));
    assert_eq!(outcome.dialplan, Some(DialplanTarget { context: "desk".into(), exten: "100".into() }));
}

#[test]
fn dialog_creating_requests_need_a_contact() {
    let pbx = Prepared::new(DESK, None);
    let notify = pbx.run(&from_desk("NOTIFY", "100"));
    assert_eq!((notify.status, notify.endpoint.as_deref()), (Some(400), None));
    assert_eq!(notify.reason, "Missing Contact header");
    // An INVITE's ACK is identified, so its sender is known.
    let invite = pbx.run(&Request { contact: Some(None), ..from_desk("INVITE", "100") });
    assert_eq!((invite.status, invite.endpoint.as_deref()), (Some(400), Some("desk")));
    // Methods that cannot start a dialog pass.
    assert_eq!(pbx.run(&from_desk("INFO", "100")).status, Some(501));
}

#[test]
fn message_takes_plain_text_only() {
    let pbx = Prepared::new(DESK, None);
    let text = Request { body: Some("hi".into()), content_type: Some("text/plain; charset=utf-8".into()), ..from_desk("MESSAGE", "100") };
    assert_eq!(pbx.run(&text).status, Some(202));
    assert_eq!(pbx.run(&from_desk("MESSAGE", "100")).status, Some(415), "no body");
    let json = Request { body: Some("{}".into()), content_type: Some("application/json".into()), ..from_desk("MESSAGE", "100") };
    assert_eq!(pbx.run(&json).status, Some(415));
}

#[test]
fn subscriptions_by_package() {
    let dialplan = "[desk]\nexten => 200,hint,PJSIP/desk\n";
    let pbx = Prepared::new(DESK, Some(dialplan));
    let subscribe = |user: &str, event: &str| with_header(from_desk("SUBSCRIBE", user), "Event", event);
    assert_eq!(pbx.run(&subscribe("200", "presence")).status, Some(200));
    assert_eq!(pbx.run(&subscribe("201", "presence")).status, Some(404), "no hint");
    assert_eq!(pbx.run(&subscribe("200", "Presence")).status, Some(489), "package names have case");
    assert_eq!(pbx.run(&subscribe("200", "as-feature-event")).status, Some(489));
    assert_eq!(pbx.run(&with_header(subscribe("200", "presence"), "Expires", "0")).status, Some(400));
    assert_eq!(pbx.run(&with_header(subscribe("200", "presence"), "Accept", "application/json")).status, Some(489));

    let mwi = "[desk]\ntype=endpoint\ncontext=desk\nallow=ulaw\naors=desk\nmailboxes=1000@default\n\n\
               [desk]\ntype=aor\nmailboxes=1000@default\n\n[lobby]\ntype=aor\n";
    let voicemail = Prepared::new(mwi, None);
    let unsolicited = voicemail.run(&subscribe("desk", "message-summary"));
    assert_eq!(unsolicited.status, Some(500), "the endpoint already gets unsolicited MWI for 1000");
    assert!(said(&unsolicited, "Unsolicited MWI already"));
    assert_eq!(voicemail.run(&subscribe("lobby", "message-summary")).status, Some(404), "no mailboxes");
    let replacing = Prepared::new(
        &mwi.replace("mailboxes=1000@default\n\n[desk]", "mailboxes=1000@default\nmwi_subscribe_replaces_unsolicited=yes\n\n[desk]"),
        None,
    );
    assert_eq!(replacing.run(&subscribe("desk", "message-summary")).status, Some(200));
}

#[test]
fn publications_need_a_handler_and_a_configured_resource() {
    let config = format!("{DESK}\n[desk-state]\ntype=inbound-publication\nendpoint=desk\nevent_asterisk-devicestate=pbx2\n");
    let pbx = Prepared::new(&config, None);
    let publish = |user: &str, event: &str| Request {
        body: Some("{}".into()),
        content_type: Some("application/json".into()),
        ..with_header(from_desk("PUBLISH", user), "Event", event)
    };
    assert_eq!(pbx.run(&publish("desk-state", "presence")).status, Some(489));
    assert_eq!(pbx.run(&from_desk("PUBLISH", "desk-state")).status, Some(489), "no Event header");
    assert_eq!(pbx.run(&publish("desk-state", "asterisk-devicestate")).status, Some(200));
    assert_eq!(pbx.run(&publish("desk-state", "asterisk-mwi")).status, Some(404), "event not configured");
    assert_eq!(pbx.run(&publish("elsewhere", "asterisk-devicestate")).status, Some(404), "no such publication");
    let refresh = with_header(publish("desk-state", "asterisk-devicestate"), "SIP-If-Match", "7");
    assert_eq!(pbx.run(&refresh).status, Some(412));
}
