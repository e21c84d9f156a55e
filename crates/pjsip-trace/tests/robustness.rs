//! Damaged input never panics and always gives a consistent trace: every prefix of valid traces
//! and thousands of deterministic mutations of them (the fuzz target does the same at length).

mod common;

use common::*;
use pjsip_trace::{read, Trace};

/// Indices, links and spans all point where they should.
fn check(trace: &Trace, input: &[u8]) {
    let n = trace.messages.len();
    for (i, m) in trace.messages.iter().enumerate() {
        assert_eq!(m.index, i);
        let e = &m.exchange;
        for link in e.responses.iter().chain(&e.request).chain(&e.retry_of).chain(&e.retransmission_of) {
            assert!(*link < n);
        }
        if let Some(span) = m.input_span {
            assert!(span.start <= span.end && span.end <= input.len());
        }
        assert!(m.sip.body.end <= m.sip.text.len());
        for h in &m.sip.headers {
            assert!(h.span.end <= m.sip.text.len());
        }
    }
    for note in &trace.notes {
        if let Some(message) = note.message {
            assert!(message < n);
        }
    }
    // Serialising works for whatever was read.
    serde_json::to_string(trace).unwrap();
}

fn samples() -> Vec<Vec<u8>> {
    let reg = register(1, "z9hG4bK-x", false);
    let ok = response(200, "OK", &reg, "");
    let inv = invite("UDP", "z9hG4bK-y", 600);
    let mut pcap = Pcap::new(Order::Big, true, 1);
    pcap.record(1, &eth_udp("10.0.0.1", 5060, "10.0.0.2", 5060, reg.as_bytes()));
    let datagram = udp(5060, 5060, inv.as_bytes());
    pcap.record(2, &ethernet(IPV4, &[7], &ipv4_fragment("10.0.0.1", "10.0.0.2", UDP, 3, 0, true, &datagram[..400])));
    pcap.record(3, &ethernet(IPV4, &[7], &ipv4_fragment("10.0.0.1", "10.0.0.2", UDP, 3, 400, false, &datagram[400..])));
    pcap.record(4, &eth_tcp("10.0.0.1", 4000, "10.0.0.2", 5060, 1, SYN, b""));
    pcap.record(5, &eth_tcp("10.0.0.1", 4000, "10.0.0.2", 5060, 2, PSH_ACK, format!("{reg}{ok}").as_bytes()));
    let mut ng = PcapNg::new(Order::Little);
    ng.interface(276, Some(9));
    ng.packet(0, 5, &sll2(IPV6, &ipv6("2001:db8::1", "2001:db8::2", UDP, &udp(5060, 5060, ok.as_bytes()))));
    let log = format!(
        "[Dec  3 14:07:49] VERBOSE[1] res_pjsip_logger.c: <--- Received SIP request ({} bytes) from UDP:10.0.0.1:5060 --->\n{reg}\n",
        reg.len()
    );
    let sipp = format!("----------------------------------------------- 2024-12-03 14:07:49.1\nUDP message sent (1 bytes):\n\n{reg}\n");
    let sngrep = format!("2024/12/03 14:07:49.000001 10.0.0.1:5060 -> 10.0.0.2:5060\n{reg}\n\n");
    vec![pcap.bytes, ng.bytes, log.into_bytes(), sipp.into_bytes(), sngrep.into_bytes(), format!("{reg}{ok}").into_bytes()]
}

#[test]
fn every_prefix_reads() {
    for sample in samples() {
        for end in 0..=sample.len() {
            let input = &sample[..end];
            check(&read(input), input);
        }
    }
}

#[test]
fn mutations_read() {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for sample in samples() {
        for _ in 0..1500 {
            let mut input = sample.clone();
            for _ in 0..1 + next() % 4 {
                let at = (next() as usize) % input.len().max(1);
                match next() % 4 {
                    0 if !input.is_empty() => input[at] = next() as u8,
                    1 if !input.is_empty() => input[at] ^= 0x80,
                    2 => input.insert(at.min(input.len()), next() as u8),
                    _ if at < input.len() => {
                        input.remove(at);
                    }
                    _ => {}
                }
            }
            check(&read(&input), &input);
        }
    }
}
