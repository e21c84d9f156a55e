//! Replay speed: a 10,000-message Asterisk logger text (5,000 REGISTERs from 1,000 phones of the
//! 10,000-phone benchmark office, each with the PBX's answer) read and replayed, and the same
//! for an equivalent pcap. Run with `cargo bench -p pjsip-replay`; figures go in the notes.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pjsip_model::{AsteriskVersion, Input, InputFile, Loaded};

/// Logger text: REGISTER then its 200, `pairs` times, phones cycling over `10000..11000`.
fn logger_text(pairs: usize) -> String {
    let mut text = String::new();
    for n in 0..pairs {
        let ext = 10000 + n % 1000;
        let port = 5000 + (n % 1000) as u16;
        let request = format!(
            "REGISTER sip:203.0.113.10 SIP/2.0\r\nVia: SIP/2.0/UDP 10.1.{}.{}:{port};rport;branch=z9hG4bK-{n}\r\n\
             From: <sip:{ext}@203.0.113.10>;tag=t{n}\r\nTo: <sip:{ext}@203.0.113.10>\r\nCall-ID: reg-{n}\r\nCSeq: {} REGISTER\r\n\
             Contact: <sip:{ext}@10.1.{}.{}:{port}>\r\nExpires: 300\r\nContent-Length: 0\r\n\r\n",
            n % 200,
            n % 250 + 1,
            n + 1,
            n % 200,
            n % 250 + 1
        );
        text.push_str(&format!(
            "[Dec  3 10:00:{:02}] VERBOSE[100] res_pjsip_logger.c: <--- Received SIP request ({} bytes) from UDP:198.51.100.{}:{port} --->\n{request}\n",
            n % 60,
            request.len(),
            n % 250 + 1
        ));
        let response = format!(
            "SIP/2.0 401 Unauthorized\r\nVia: SIP/2.0/UDP 10.1.0.1:{port};rport={port};received=198.51.100.1;branch=z9hG4bK-{n}\r\n\
             From: <sip:{ext}@203.0.113.10>;tag=t{n}\r\nTo: <sip:{ext}@203.0.113.10>;tag=r{n}\r\nCall-ID: reg-{n}\r\nCSeq: {} REGISTER\r\n\
             WWW-Authenticate: Digest realm=\"asterisk\",nonce=\"n{n}\",algorithm=MD5,qop=\"auth\"\r\nContent-Length: 0\r\n\r\n",
            n + 1
        );
        text.push_str(&format!(
            "[Dec  3 10:00:{:02}] VERBOSE[100] res_pjsip_logger.c: <--- Transmitting SIP response ({} bytes) to UDP:198.51.100.{}:{port} --->\n{response}\n",
            n % 60,
            response.len(),
            n % 250 + 1
        ));
    }
    text
}

fn bench(c: &mut Criterion) {
    let office = pjsip_syntax::sample::office(10_000, 50);
    let loaded = Loaded::new(&Input::new(vec![InputFile { name: "pjsip.conf".into(), text: office }], AsteriskVersion::V22));
    let index = pjsip_simulate::Index::build(&loaded);
    let text = logger_text(5_000);
    let trace = pjsip_trace::read(text.as_bytes());
    assert_eq!(trace.messages.len(), 10_000, "the generated trace reads back whole");
    assert_eq!(pjsip_replay::replay(&loaded, &index, &trace).results.len(), 5_000);
    let mut group = c.benchmark_group("replay");
    group.sample_size(10);
    group.throughput(Throughput::Elements(10_000));
    group.bench_function("read 10,000 logged messages", |b| b.iter(|| pjsip_trace::read(text.as_bytes())));
    group.bench_function("replay 5,000 requests of them", |b| b.iter(|| pjsip_replay::replay(&loaded, &index, &trace)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
