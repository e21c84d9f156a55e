//! Times one hostile shape at one size: `cargo run --release -p pjsip-analysis --example one_shape -- plus_equals 80000`.
use pjsip_analysis::syntax::sample::hostile;
use pjsip_analysis::{Analysis, AsteriskVersion, Input, InputFile};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let files = match args.get(1).map(String::as_str) {
        Some("plus_equals") => hostile::plus_equals(n),
        Some("filters") => hostile::filters(n),
        Some("duplicates") => hostile::duplicates(n),
        _ => hostile::template_chain(n),
    };
    let input = Input::new(files.into_iter().map(|(name, text)| InputFile { name, text }).collect(), AsteriskVersion::V22);
    let start = std::time::Instant::now();
    let analysis = Analysis::new(&input);
    println!("{} ms, {} diagnostics", start.elapsed().as_millis(), analysis.diagnostics().len());
}
