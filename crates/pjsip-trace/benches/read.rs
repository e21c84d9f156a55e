//! Reading cost on generated traces of 10,000 messages (5,000 requests and their answers): a
//! pcap over UDP, a pcap over TCP (messages packed two per segment), and Asterisk logger text
//! in a log file with other lines between the entries. Run with
//! `cargo bench -p pjsip-trace --bench read`; criterion reports messages per second
//! (throughput in elements); figures go in the notes, never asserted.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

#[path = "../tests/common/mod.rs"]
mod common;

use common::*;

const PAIRS: u32 = 5_000;

fn exchange(n: u32) -> (String, String) {
    let request = register(n, &format!("z9hG4bK-{n}"), n % 2 == 0);
    let answer = response(if n % 2 == 0 { 200 } else { 401 }, "OK", &request, "");
    (request, answer)
}

fn udp_capture() -> Vec<u8> {
    let mut file = Pcap::new(Order::Little, false, 1);
    for n in 0..PAIRS {
        let (request, answer) = exchange(n);
        let t = u64::from(n) * 1000;
        file.record(t, &eth_udp("198.51.100.7", 5060, "203.0.113.1", 5060, request.as_bytes()));
        file.record(t + 1, &eth_udp("203.0.113.1", 5060, "198.51.100.7", 5060, answer.as_bytes()));
    }
    file.bytes
}

fn tcp_capture() -> Vec<u8> {
    let mut file = Pcap::new(Order::Little, false, 1);
    let (mut up, mut down) = (1u32, 1u32);
    file.record(0, &eth_tcp("198.51.100.7", 40000, "203.0.113.1", 5060, 0, SYN, b""));
    file.record(0, &eth_tcp("203.0.113.1", 5060, "198.51.100.7", 40000, 0, SYN | ACK, b""));
    for n in (0..PAIRS).step_by(2) {
        let (r1, a1) = exchange(n);
        let (r2, a2) = exchange(n + 1);
        let requests = format!("{r1}{r2}");
        let answers = format!("{a1}{a2}");
        let t = u64::from(n) * 1000;
        file.record(t, &eth_tcp("198.51.100.7", 40000, "203.0.113.1", 5060, up, PSH_ACK, requests.as_bytes()));
        file.record(t + 1, &eth_tcp("203.0.113.1", 5060, "198.51.100.7", 40000, down, PSH_ACK, answers.as_bytes()));
        up += requests.len() as u32;
        down += answers.len() as u32;
    }
    file.bytes
}

fn logger_text() -> Vec<u8> {
    let mut log = String::new();
    for n in 0..PAIRS {
        let (request, answer) = exchange(n);
        for (verb, kind, what, message) in [("Received", "from", "request", request), ("Transmitting", "to", "response", answer)] {
            log += &format!(
                "[2024-12-03 14:07:49.123] VERBOSE[1234][C-{n:08x}] res_pjsip_logger.c: <--- {verb} SIP {what} ({} bytes) {kind} UDP:198.51.100.7:5060 --->\n{message}\n",
                message.len()
            );
            log +=
                "[2024-12-03 14:07:49.124] DEBUG[1234] res_pjsip/pjsip_distributor.c: Calculated serializer pjsip/distributor-00000001\n";
        }
    }
    log.into_bytes()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("read");
    group.sample_size(10);
    group.throughput(Throughput::Elements(u64::from(2 * PAIRS)));
    for (label, input) in [
        ("pcap udp, 10,000 messages", udp_capture()),
        ("pcap tcp, 10,000 messages", tcp_capture()),
        ("logger text, 10,000 messages", logger_text()),
    ] {
        let trace = pjsip_trace::read(&input);
        assert_eq!(trace.messages.len(), 2 * PAIRS as usize, "{label}: {:?}", trace.notes);
        assert!(trace.notes.iter().all(|n| n.kind == pjsip_trace::NoteKind::Assumption), "{label}: {:?}", trace.notes);
        group.bench_function(label, |b| b.iter(|| pjsip_trace::read(&input)));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
