//! Text traces in every shape the reader claims: Asterisk's logger output (log file, console
//! with and without timestamps, syslog, pasted without CRs, cut short), pasted messages, SIPp's
//! message log and sngrep's export.

mod common;

use common::*;
use pjsip_trace::{read, Clock, Direction, NoteKind, Span, Trace, TraceFormat, Transport};

fn summaries(trace: &Trace) -> Vec<String> {
    trace.messages.iter().map(|m| m.sip.summary()).collect()
}

/// One logger entry, as `res_pjsip_logger.c` prints it: marker line, message, one more line end.
fn entry(prefix: &str, received: bool, address: &str, message: &str) -> String {
    let (verb, kind) = if received { ("Received", "from") } else { ("Transmitting", "to") };
    let what = if message.starts_with("SIP/2.0") { "response" } else { "request" };
    format!("{prefix}<--- {verb} SIP {what} ({} bytes) {kind} {address} --->\n{message}\n", message.len())
}

fn exchange() -> Vec<(bool, String)> {
    let first = register(1, "z9hG4bK-r1", false);
    let second = register(2, "z9hG4bK-r2", true);
    vec![
        (true, first.clone()),
        (false, response(401, "Unauthorized", &first, "WWW-Authenticate: Digest realm=\"asterisk\",nonce=\"n\"\r\n")),
        (true, second.clone()),
        (false, response(200, "OK", &second, "")),
    ]
}

fn log_file() -> String {
    let mut log = String::from("[Dec  3 14:07:48] NOTICE[1200] res_pjsip.c: something unrelated\n");
    for (n, (received, message)) in exchange().into_iter().enumerate() {
        let prefix = format!("[Dec  3 14:07:49] VERBOSE[1234][C-0000000{n}] res_pjsip_logger.c: ");
        log += &entry(&prefix, received, "UDP:198.51.100.7:5060", &message);
        log += "[Dec  3 14:07:49] DEBUG[1234] res_pjsip/pjsip_distributor.c: noise\n";
    }
    log
}

#[test]
fn an_asterisk_log_file() {
    let log = log_file();
    let trace = read(log.as_bytes());
    assert_eq!(trace.format, TraceFormat::AsteriskLogger);
    assert!(trace.notes.is_empty(), "{:?}", trace.notes);
    let wanted = exchange();
    assert_eq!(trace.messages.len(), 4);
    for (m, (received, text)) in trace.messages.iter().zip(&wanted) {
        assert_eq!(&m.sip.text, text);
        let span = m.input_span.unwrap();
        assert_eq!(&log[span.start..span.end], text.as_str());
        let direction = if *received { Direction::Received } else { Direction::Transmitted };
        assert_eq!(m.direction, direction);
        assert_eq!(m.transport, Transport::Udp);
        let peer = if *received { m.source } else { m.destination };
        assert_eq!(peer.unwrap().to_string(), "198.51.100.7:5060");
        assert_eq!(if *received { m.destination } else { m.source }, None);
        let stamp = m.timestamp.as_ref().unwrap();
        assert_eq!(stamp.clock, Clock::LocalWithoutYear);
        assert_eq!(stamp.text.as_deref(), Some("Dec  3 14:07:49"));
    }
    assert_eq!(trace.messages[2].exchange.retry_of, Some(0));
    assert_eq!(trace.messages[2].exchange.final_status, Some(200));
}

#[test]
fn ipv6_tls_and_websocket_markers() {
    let text = register(1, "z9hG4bK-6", false);
    let mut log = entry("", true, "TLS:[2001:db8::7]:40123", &text.replace("UDP", "TLS"));
    log += &entry("", false, "WSS:[2001:db8::7]:40124", &response(200, "OK", &text, ""));
    let trace = read(log.as_bytes());
    assert_eq!(trace.messages[0].transport, Transport::Tls);
    assert_eq!(trace.messages[0].source.unwrap().to_string(), "[2001:db8::7]:40123");
    assert_eq!(trace.messages[1].transport, Transport::Wss);
}

#[test]
fn console_output_pasted_without_crs() {
    let invite = invite("UDP", "z9hG4bK-i", 300);
    let trying = response(100, "Trying", &invite, "");
    let mut console = String::from("pbx*CLI> pjsip set logger on\nPJSIP Logging enabled\n");
    console += &entry("", true, "UDP:198.51.100.7:5060", &invite);
    console += "    -- Executing [200@from-internal:1] Dial(\"PJSIP/100-00000001\", \"PJSIP/200\") in new stack\n";
    console += &entry("", false, "UDP:198.51.100.7:5060", &trying);
    let pasted = console.replace("\r\n", "\n");
    let trace = read(pasted.as_bytes());
    assert!(trace.notes.is_empty(), "{:?}", trace.notes);
    assert_eq!(summaries(&trace), vec!["INVITE sip:200@203.0.113.1", "100 Trying"]);
    let sdp = &trace.messages[0].sip;
    assert_eq!(sdp.body_text(), invite.split("\r\n\r\n").nth(1).unwrap().replace("\r\n", "\n"));
    // Only the CRs are missing: the body is Content-Length minus one byte per line.
    assert_eq!(sdp.problems.len(), 1, "{:?}", sdp.problems);
    assert_eq!(trace.messages[1].exchange.request, Some(0));
}

#[test]
fn console_with_a_timestamp_on_every_line() {
    let stamp = "[Dec  3 14:07:49] ";
    let mut console = String::new();
    for (received, message) in exchange() {
        let block = entry("", received, "UDP:198.51.100.7:5060", &message);
        for line in block.split_inclusive('\n') {
            console += stamp;
            console += line;
        }
    }
    let trace = read(console.as_bytes());
    assert!(trace.notes.is_empty(), "{:?}", trace.notes);
    for (m, (_, text)) in trace.messages.iter().zip(exchange()) {
        assert_eq!(m.sip.text, text);
        assert!(m.sip.problems.is_empty());
        let span = m.input_span.unwrap();
        // The span covers the stamped lines the message was read from.
        assert!(console[span.start..span.end].contains(stamp));
        assert!(console[span.start..].starts_with(text.lines().next().unwrap()));
    }
    assert_eq!(trace.messages[3].exchange.request, Some(2));
}

#[test]
fn a_message_cut_by_the_log_is_noted() {
    let invite = invite("UDP", "z9hG4bK-cut", 4000);
    let cut = &invite[..invite.len() - 2500];
    let marker = format!(
        "[Dec  3 14:07:49] VERBOSE[1][C-1] res_pjsip_logger.c: <--- Received SIP request ({} bytes) from UDP:198.51.100.7:5060 --->\n",
        invite.len()
    );
    let log = format!("{marker}{cut}\n[Dec  3 14:07:50] NOTICE[1] x.c: next\n");
    let trace = read(log.as_bytes());
    assert_eq!(trace.messages.len(), 1);
    let notes: Vec<_> = trace.notes.iter().filter(|n| n.kind == NoteKind::Truncated).collect();
    assert_eq!(notes.len(), 1, "{:?}", trace.notes);
    assert_eq!(notes[0].message, Some(0));
    assert!(notes[0].text.contains(&format!("announced {} bytes", invite.len())), "{}", notes[0].text);
    assert!(!trace.messages[0].sip.body_text().contains("NOTICE"));
}

#[test]
fn syslog_lines_with_escaped_line_ends() {
    let text = register(1, "z9hG4bK-s", false);
    let line = format!(
        "Dec  3 14:07:49 pbx asterisk[1234]: VERBOSE[1234]: res_pjsip_logger.c:123 in logging_on_rx_msg: <--- Received SIP request ({} bytes) from UDP:198.51.100.7:5060 --->#012{}#012\n",
        text.len(),
        text.replace('\r', "#015").replace('\n', "#012")
    );
    let trace = read(line.as_bytes());
    assert_eq!(trace.messages.len(), 1, "{:?}", trace.notes);
    assert_eq!(trace.messages[0].sip.text, text);
    assert_eq!(trace.messages[0].timestamp.as_ref().unwrap().text.as_deref(), Some("Dec  3 14:07:49"));
}

#[test]
fn pasted_messages_crlf_lf_and_words_between() {
    let first = register(1, "z9hG4bK-p1", false);
    let second = response(401, "Unauthorized", &first, "");
    let third = invite("TCP", "z9hG4bK-p3", 200).replace("\r\n", "\n");
    let text = format!("Here is what the phone sent:\n\n{first}\n{second}and then, later:\n{third}");
    let trace = read(text.as_bytes());
    assert_eq!(trace.format, TraceFormat::RawSip);
    assert_eq!(summaries(&trace), vec!["REGISTER sip:203.0.113.1", "401 Unauthorized", "INVITE sip:200@203.0.113.1"]);
    assert!(trace.messages.iter().all(|m| m.direction == Direction::Unknown));
    assert_eq!(trace.messages[0].transport, Transport::Udp);
    assert_eq!(trace.messages[2].transport, Transport::Tcp);
    assert_eq!(trace.messages[0].exchange.final_status, Some(401));
    let skipped: Vec<_> = trace.notes.iter().filter(|n| n.kind == NoteKind::Skipped).collect();
    assert_eq!(skipped.len(), 2, "{:?}", trace.notes);
    assert_eq!(skipped[0].input_span, Some(Span::new(0, 29)));
    let span = trace.messages[1].input_span.unwrap();
    assert_eq!(&text[span.start..span.end], second);
}

fn sipp_event(time: &str, header: &str, message: &str) -> String {
    format!("----------------------------------------------- {time}\n{header}\n\n{message}\n")
}

#[test]
fn a_sipp_message_log() {
    let invite = invite("TCP", "z9hG4bK-sipp", 200);
    let trying = response(100, "Trying", &invite, "");
    let ringing = response(180, "Ringing", &invite, "");
    let mut log = sipp_event("2024-12-03 14:07:49.100000", &format!("TCP message sent ({} bytes):", invite.len()), &invite);
    // One TCP read holding two responses.
    let both = format!("{trying}{ringing}");
    log += &sipp_event("2024-12-03 14:07:49.150000", &format!("TCP message received [{}] bytes :", both.len()), &both);
    let trace = read(log.as_bytes());
    assert_eq!(trace.format, TraceFormat::Sipp);
    assert_eq!(summaries(&trace), vec!["INVITE sip:200@203.0.113.1", "100 Trying", "180 Ringing"]);
    let directions: Vec<_> = trace.messages.iter().map(|m| m.direction).collect();
    assert_eq!(directions, vec![Direction::Received, Direction::Transmitted, Direction::Transmitted]);
    assert!(trace.messages.iter().all(|m| m.transport == Transport::Tcp));
    assert_eq!(trace.messages[0].exchange.responses, vec![1, 2]);
    let (a, b) = (trace.messages[0].timestamp.as_ref().unwrap(), trace.messages[2].timestamp.as_ref().unwrap());
    assert_eq!(b.millis_since(a), Some(50));
    assert_eq!(trace.notes.iter().map(|n| n.kind).collect::<Vec<_>>(), vec![NoteKind::Assumption]);
}

#[test]
fn an_sngrep_export_is_put_back_in_time_order() {
    let call = invite("UDP", "z9hG4bK-ng", 100);
    let decline = response(603, "Decline", &call, "");
    let reg = register(1, "z9hG4bK-ng2", false);
    let ok = response(200, "OK", &reg, "");
    // Dialog by dialog: the call first, though the registration came earlier.
    let export = format!(
        "2024/12/03 14:07:50.000100 198.51.100.7:5060 -> 203.0.113.1:5060\n{call}\n\n\
2024/12/03 14:07:50.000900 203.0.113.1:5060 -> 198.51.100.7:5060\n{decline}\n\n\
2024/12/03 14:07:49.000100 198.51.100.7:5060 -> 203.0.113.1:5060\n{reg}\n\n\
2024/12/03 14:07:49.000500 203.0.113.1:5060 -> 198.51.100.7:5060\n{ok}\n\n"
    );
    let trace = read(export.as_bytes());
    assert_eq!(trace.format, TraceFormat::Sngrep);
    assert!(trace.notes.is_empty(), "{:?}", trace.notes);
    assert_eq!(summaries(&trace), vec!["REGISTER sip:203.0.113.1", "200 OK", "INVITE sip:200@203.0.113.1", "603 Decline"]);
    assert_eq!(trace.messages[0].direction, Direction::Received);
    assert_eq!(trace.messages[3].direction, Direction::Transmitted);
    assert_eq!(trace.messages[2].exchange.final_status, Some(603));
    assert_eq!(trace.messages[2].sip.text, call);
}

#[test]
fn empty_and_unrecognisable_input() {
    let empty = read(b"");
    assert_eq!(empty.format, TraceFormat::Unknown);
    assert!(empty.messages.is_empty() && empty.notes.is_empty());
    let junk = read(b"hello\nthis is not a trace\n");
    assert_eq!(junk.format, TraceFormat::Unknown);
    assert_eq!(junk.notes.len(), 1);
    assert_eq!(junk.notes[0].kind, NoteKind::Skipped);
}
