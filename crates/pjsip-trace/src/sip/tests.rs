use super::*;

const REGISTER: &str = "REGISTER sip:pbx.example.com SIP/2.0\r\n\
v: SIP/2.0/UDP 203.0.113.5:5060;rport;branch=z9hG4bK-524287-1\r\n\
Max-Forwards: 70\r\n\
m: <sip:100@203.0.113.5:5060;transport=udp>;expires=600\r\n\
t: \"Alice, desk\" <sip:100@pbx.example.com>\r\n\
f: <sip:100@pbx.example.com>;tag=abc123\r\n\
i: 3c26700a-1@203.0.113.5\r\n\
CSeq: 2 REGISTER\r\n\
Expires: 600\r\n\
Authorization: Digest username=\"100\", realm=\"asterisk\", nonce=\"1733234869/abc\",\r\n \
uri=\"sip:pbx.example.com\", response=\"0123456789abcdef\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"x,y\"\r\n\
User-Agent: Zoiper\r\n\
l: 0\r\n\
\r\n";

#[test]
fn a_request_with_compact_and_folded_headers() {
    let m = SipMessage::parse(REGISTER.to_string());
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!(m.method(), Some("REGISTER"));
    assert_eq!(m.request_uri(), Some("sip:pbx.example.com"));
    assert_eq!(m.call_id(), Some("3c26700a-1@203.0.113.5"));
    assert_eq!(m.cseq(), Some(CSeq { number: 2, method: "REGISTER".into() }));
    let via = m.via().unwrap();
    assert_eq!(via.transport, Transport::Udp);
    assert_eq!(via.sent_by, "203.0.113.5:5060");
    assert_eq!(via.branch(), Some("z9hG4bK-524287-1"));
    assert_eq!(via.rport(), Some(""));
    assert_eq!(m.from().unwrap().tag(), Some("abc123"));
    let to = m.to().unwrap();
    assert_eq!(to.display_name.as_deref(), Some("Alice, desk"));
    assert_eq!(to.uri, "sip:100@pbx.example.com");
    assert_eq!(to.user(), Some("100"));
    assert_eq!(to.tag(), None);
    let contact = m.contact().unwrap();
    assert_eq!(contact.uri, "sip:100@203.0.113.5:5060;transport=udp");
    assert_eq!(contact.param("expires"), Some("600"));
    assert_eq!(m.expires(), Some(600));
    let auth = m.authorization().unwrap();
    assert_eq!(auth.scheme, "Digest");
    assert_eq!(auth.username(), Some("100"));
    assert_eq!(auth.realm(), Some("asterisk"));
    assert_eq!(auth.uri(), Some("sip:pbx.example.com"));
    assert_eq!(auth.response(), Some("0123456789abcdef"));
    assert_eq!(auth.algorithm(), Some("MD5"));
    assert_eq!(auth.qop(), Some("auth"));
    assert_eq!(auth.nc(), Some("00000001"));
    assert_eq!(auth.cnonce(), Some("x,y"));
    assert!(m.headers.iter().any(|h| h.compact && h.name == "Via"));
    assert_eq!(m.header("content-length"), Some("0"));
    assert_eq!(m.header("L"), Some("0"));
    assert_eq!(m.body_text(), "");
}

#[test]
fn a_response_with_a_body_and_several_vias() {
    let text = "SIP/2.0 401 Unauthorized\r\n\
Via: SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK1, SIP/2.0/UDP 10.0.0.2;branch=z9hG4bK2\r\n\
Via: SIP / 2.0 / TLS 10.0.0.3:5061;branch=z9hG4bK3\r\n\
WWW-Authenticate: Digest realm=\"asterisk\",nonce=\"n1\",opaque=\"o\",algorithm=md5,qop=\"auth\"\r\n\
Content-Type: text/plain\r\n\
Content-Length: 5\r\n\
\r\n\
hello";
    let m = SipMessage::parse(text.to_string());
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!(m.status(), Some(401));
    assert_eq!(m.reason(), Some("Unauthorized"));
    let vias = m.vias();
    assert_eq!(vias.len(), 3);
    assert_eq!(vias[0].transport, Transport::Tcp);
    assert_eq!(vias[1].sent_by, "10.0.0.2");
    assert_eq!(vias[2].protocol, "SIP/2.0/TLS");
    assert_eq!(vias[2].transport, Transport::Tls);
    assert_eq!(vias[2].sent_by, "10.0.0.3:5061");
    let challenge = m.challenge().unwrap();
    assert_eq!(challenge.nonce(), Some("n1"));
    assert_eq!(challenge.opaque(), Some("o"));
    assert_eq!(m.body_text(), "hello");
}

#[test]
fn broken_messages_still_parse_with_problems() {
    let m = SipMessage::parse("hello world\nnot a header\nX: 1\n\nbody".into());
    assert!(matches!(m.start_line, StartLine::Other { .. }));
    assert_eq!(m.problems.len(), 2, "{:?}", m.problems);
    assert_eq!(m.header("x"), Some("1"));
    assert_eq!(m.body_text(), "body");
    let m = SipMessage::parse("OPTIONS sip:a SIP/2.0\nContent-Length: 10\n\nabc".into());
    assert_eq!(m.problems, vec!["Content-Length is 10 but the body has 3 bytes"]);
    let m = SipMessage::parse(String::new());
    assert!(m.headers.is_empty());
    assert_eq!(m.summary(), "");
}

#[test]
fn start_lines_are_told_from_other_text() {
    assert!(is_start_line(b"INVITE sip:100@pbx SIP/2.0\r"));
    assert!(is_start_line(b"SIP/2.0 200 OK"));
    assert!(is_start_line(b"sip/2.0 100 Trying"));
    assert!(!is_start_line(b"SIP/2.0 20 OK"));
    assert!(!is_start_line(b"INVITE sip:100@pbx HTTP/1.1"));
    assert!(!is_start_line(b"GET / HTTP/1.1"));
    assert!(!is_start_line(b"v=0"));
    assert!(!is_start_line(b""));
    assert_eq!(
        parse_start_line("SIP/2.0 183 Session Progress"),
        StartLine::Response { version: "SIP/2.0".into(), status: 183, reason: "Session Progress".into() }
    );
}

#[test]
fn list_splitting_respects_quotes_and_brackets() {
    assert_eq!(split_list("\"a, b\" <sip:x;p=1,2>;q=1, <sip:y>"), vec!["\"a, b\" <sip:x;p=1,2>;q=1", "<sip:y>"]);
    assert_eq!(split_list(" , "), Vec::<&str>::new());
    assert_eq!(NameAddr::parse("*").uri, "*");
}
