//! Real traces from Asterisk 22.10.1, recorded by the oracle harness (`tests/fixtures/*`): for
//! each case, the `pjsip set logger on` log (`.log`), the `pjsip set logger pcap` file (`.pcap`),
//! the requests the harness sent (`.json`) and what Asterisk answered (`.out.json`).
//!
//! The log and the pcap must give the same messages, byte for byte; the requests the PBX
//! received, once retransmissions and challenge retries are folded, must be the harness's
//! requests in order (method, source address); and the final status of each chain must be the
//! status the harness recorded.

use std::path::{Path, PathBuf};

use pjsip_trace::{read, Direction, Trace, TraceFormat, TraceMessage};
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "log"))
        .map(|p| p.with_extension(""))
        .collect();
    cases.sort();
    assert!(cases.len() >= 4, "the recorded fixtures are missing: {:?}", fixtures());
    cases
}

fn load(case: &Path, extension: &str) -> Vec<u8> {
    let path = case.with_extension(extension);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json(case: &Path, extension: &str) -> Value {
    serde_json::from_slice(&load(case, extension)).expect("valid JSON")
}

/// The far end: the source of what the PBX received, the destination of what it sent.
fn peer(m: &TraceMessage) -> Option<String> {
    match m.direction {
        Direction::Transmitted => m.destination,
        _ => m.source,
    }
    .map(|e| e.to_string())
}

/// The requests the harness sent: first copies, not retries, not ACKs.
fn logical_requests(trace: &Trace) -> Vec<&TraceMessage> {
    trace.inbound_requests().filter(|m| m.exchange.retry_of.is_none() && m.sip.method() != Some("ACK")).collect()
}

/// The last request of a challenge chain that starts at `first`.
fn chain_end(trace: &Trace, first: usize) -> &TraceMessage {
    let mut at = first;
    while let Some(next) = trace.messages.iter().find(|m| m.exchange.retry_of == Some(at)) {
        at = next.index;
    }
    &trace.messages[at]
}

#[test]
fn the_log_and_the_pcap_give_the_same_messages() {
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let log = read(&load(&case, "log"));
        let pcap = read(&load(&case, "pcap"));
        assert_eq!(log.format, TraceFormat::AsteriskLogger, "{name}");
        assert_eq!(pcap.format, TraceFormat::AsteriskLoggerPcap, "{name}");
        assert!(log.notes.is_empty(), "{name}: {:?}", log.notes);
        assert_eq!(pcap.notes.len(), 1, "{name}: {:?}", pcap.notes);
        assert_eq!(log.messages.len(), pcap.messages.len(), "{name}");
        for (a, b) in log.messages.iter().zip(&pcap.messages) {
            assert_eq!(a.sip.text, b.sip.text, "{name} #{}", a.index);
            assert_eq!(a.direction, b.direction, "{name} #{}", a.index);
            assert_eq!(a.transport, b.transport, "{name} #{}", a.index);
            assert_eq!(peer(a), peer(b), "{name} #{}", a.index);
            assert_eq!(a.exchange, b.exchange, "{name} #{}", a.index);
            assert!(a.sip.problems.is_empty(), "{name} #{}: {:?}", a.index, a.sip.problems);
            assert_ne!(a.direction, Direction::Unknown, "{name} #{}", a.index);
            // The log's time is the wall clock to the millisecond, the pcap's to the microsecond.
            let (ta, tb) = (a.timestamp.as_ref().unwrap(), b.timestamp.as_ref().unwrap());
            assert!(ta.nanos.is_some() && tb.nanos.is_some(), "{name} #{}", a.index);
        }
    }
}

#[test]
fn received_requests_are_the_harness_requests_with_their_final_status() {
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let sent = json(&case, "json");
        let answered = json(&case, "out.json");
        let sent = sent["requests"].as_array().expect("requests");
        let results = answered["results"].as_array().expect("results");
        let trace = read(&load(&case, "log"));
        let requests = logical_requests(&trace);
        // A request that never reached the PBX (sent where nothing listens) has no status and
        // is absent from the log; every other one is there, in order.
        let mut received = requests.iter().peekable();
        for (n, wanted) in sent.iter().enumerate() {
            let status = results[n]["status"].as_u64().map(|s| s as u16);
            let matches = received.peek().is_some_and(|r| {
                let source = r.source.expect("the log names the source");
                r.sip.method() == wanted["method"].as_str()
                    && source.ip.to_string() == wanted["src_ip"].as_str().unwrap()
                    && u64::from(source.port) == wanted["src_port"].as_u64().unwrap()
            });
            if !matches {
                assert_eq!(status, None, "{name}: request {n} answered but not in the log");
                continue;
            }
            let request = received.next().unwrap();
            let end = chain_end(&trace, request.index);
            assert_eq!(end.exchange.final_status, status, "{name} request {n}");
        }
        assert!(received.next().is_none(), "{name}: the log has more requests than the harness sent");
    }
}

/// Pinned figures for one case, so a change in reading shows as a diff here.
#[test]
fn auth_methods_001_in_detail() {
    let case = fixtures().join("auth-methods-001");
    let trace = read(&load(&case, "log"));
    assert_eq!(trace.messages.len(), 43);
    let challenged: Vec<_> =
        trace.messages.iter().filter(|m| m.exchange.final_status == Some(401)).map(|m| m.sip.method().unwrap().to_string()).collect();
    assert_eq!(challenged, ["REGISTER", "INVITE", "OPTIONS", "MESSAGE", "SUBSCRIBE", "PUBLISH", "INFO", "FOO"]);
    let invite = &trace.messages[7];
    assert_eq!(invite.exchange.retry_of, Some(4));
    assert_eq!(invite.exchange.responses, vec![8, 9]);
    let digest = invite.sip.authorization().expect("the retry carries credentials");
    assert_eq!(digest.username(), Some("6001"));
    assert_eq!(digest.uri(), invite.sip.request_uri());
    assert_eq!(invite.timestamp.as_ref().unwrap().clock, pjsip_trace::Clock::Local);
}
