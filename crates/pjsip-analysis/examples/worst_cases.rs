//! Times the full analysis on the hostile shapes of `pjsip_syntax::sample::hostile` at growing
//! sizes and prints how the time grows when the input doubles (≈2 is linear; 4 would be
//! quadratic). `cargo run --release -p pjsip-analysis --example worst_cases`. Figures for the
//! notes, never assertions.

use std::time::Instant;

use pjsip_analysis::simulate::{Request, Scenario};
use pjsip_analysis::syntax::sample::hostile;
use pjsip_analysis::{Analysis, AsteriskVersion, Input, InputFile};

fn input(files: Vec<(String, String)>) -> Input {
    Input::new(files.into_iter().map(|(name, text)| InputFile { name, text }).collect(), AsteriskVersion::V22)
}

fn time(files: Vec<(String, String)>, requests: usize) -> (f64, usize) {
    let bytes = files.iter().map(|(_, t)| t.len()).sum();
    let start = Instant::now();
    let analysis = Analysis::new(&input(files));
    let header = Request {
        method: "OPTIONS".into(),
        from: "<sip:x@example.com>".into(),
        headers: [("X-Tenant".to_string(), Some(pjsip_analysis::simulate::HeaderValue::One("a".repeat(60) + "d")))].into(),
        ..Request::default()
    };
    if requests > 0 {
        let outcomes = analysis.simulate(&Scenario { requests: vec![header; requests], ..Scenario::default() });
        assert_eq!(outcomes.len(), requests);
    }
    std::hint::black_box(analysis.diagnostics().len());
    (start.elapsed().as_secs_f64() * 1000.0, bytes)
}

fn main() {
    type Shape = (&'static str, fn(usize) -> Vec<(String, String)>, [usize; 3], usize);
    let shapes: [Shape; 8] = [
        ("template chain (depth)", hostile::template_chain, [1_000, 2_000, 4_000], 0),
        ("include fan-out (fan-out, 11 files)", |n| hostile::include_fanout(11, n), [2, 3, 4], 0),
        ("8 KiB lines (sections)", |n| hostile::long_lines(n, 8192), [250, 500, 1_000], 0),
        ("+= lines", hostile::plus_equals, [5_000, 10_000, 20_000], 0),
        ("(+filter) additions", hostile::filters, [500, 1_000, 2_000], 0),
        ("duplicate sections", hostile::duplicates, [25_000, 50_000, 100_000], 0),
        ("broken references", hostile::broken_references, [2_500, 5_000, 10_000], 0),
        ("header regexes × 100 requests", hostile::header_regexes, [250, 500, 1_000], 100),
    ];
    println!("{:<40} {:>10} {:>12} {:>10} {:>8}", "shape", "n", "bytes", "ms", "growth");
    for (name, make, sizes, requests) in shapes {
        let mut previous: Option<f64> = None;
        for n in sizes {
            let (ms, bytes) = time(make(n), requests);
            let growth = previous.map_or(String::new(), |p| format!("{:.1}×", ms / p.max(0.001)));
            println!("{name:<40} {n:>10} {bytes:>12} {ms:>10.1} {growth:>8}");
            previous = Some(ms);
        }
    }
    // The simulator: n REGISTERs from distinct contacts to one AOR that takes them all.
    let text = "[t]\ntype=transport\nprotocol=udp\nbind=127.0.0.1\n[6001]\ntype=endpoint\naors=6001\ncontext=c\n\
                [6001]\ntype=aor\nmax_contacts=1000000\n";
    let analysis = Analysis::new(&input(vec![("pjsip.conf".into(), text.into())]));
    let mut previous: Option<f64> = None;
    for n in [2_500usize, 5_000, 10_000] {
        let requests: Vec<Request> = (0..n)
            .map(|i| Request {
                method: "REGISTER".into(),
                src_ip: format!("127.{}.{}.{}", i / 62_500, i / 250 % 250, i % 250 + 1),
                request_uri: "sip:127.0.0.1".into(),
                from: "<sip:6001@127.0.0.1>".into(),
                ..Request::default()
            })
            .collect();
        let start = Instant::now();
        std::hint::black_box(analysis.simulate(&Scenario { requests, ..Scenario::default() }));
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let growth = previous.map_or(String::new(), |p| format!("{:.1}×", ms / p.max(0.001)));
        println!("{:<40} {n:>10} {:>12} {ms:>10.1} {growth:>8}", "REGISTERs to one AOR (requests)", "");
        previous = Some(ms);
    }
    let sections = pjsip_analysis::syntax::sample::office(33_333, 0);
    let (ms, bytes) = time(vec![("pjsip.conf".into(), sections)], 0);
    println!("{:<40} {:>10} {bytes:>12} {ms:>10.1}", "100,000 sections (office)", 100_000);
}
