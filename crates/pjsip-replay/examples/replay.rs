//! Replays a trace against a configuration and prints each request's result with the
//! simulator's steps: `cargo run -p pjsip-replay --example replay -- CASE.json TRACE [COUNT]`
//! (CASE.json in the oracle's case format: its `files` are the configuration).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(case), Some(trace)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: replay CASE.json TRACE [COUNT]");
        std::process::exit(2);
    };
    let case: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(case).expect("readable case")).expect("a JSON case");
    let mut files: Vec<pjsip_model::InputFile> = case["files"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(n, t)| pjsip_model::InputFile { name: n.clone(), text: t.as_str().unwrap_or_default().into() })
        .collect();
    files.sort_by_key(|f| f.name != "pjsip.conf");
    let loaded = pjsip_model::Loaded::new(&pjsip_model::Input::new(files, pjsip_model::AsteriskVersion::V22));
    let index = pjsip_simulate::Index::build(&loaded);
    let trace = pjsip_trace::read(&std::fs::read(trace).expect("readable trace"));
    let replay = pjsip_replay::replay(&loaded, &index, &trace);
    let count = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(usize::MAX);
    for r in replay.results.iter().take(count) {
        println!(
            "== {} {} from {}:{} observed {:?} ours {:?}",
            r.request.method, r.request.request_uri, r.request.src_ip, r.request.src_port, r.observed, r.outcome.status
        );
        for s in &r.outcome.trace {
            println!("   - {:?} {}: {}", s.verdict, s.title, s.text);
        }
    }
}
