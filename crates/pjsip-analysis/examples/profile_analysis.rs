//! One full analysis of the benchmark office (10,000 phones + 50 trunks by default), for
//! instruction-level profiling where criterion's loop gets in the way:
//! `cargo build --profile bench -p pjsip-analysis --example profile_analysis` then
//! `valgrind --tool=callgrind target/release/examples/profile_analysis [phones] [runs]`.

use pjsip_analysis::syntax::sample::office;
use pjsip_analysis::{Analysis, AsteriskVersion, Input, InputFile};

fn main() {
    let mut args = std::env::args().skip(1);
    let phones = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let text = office(phones, 50);
    let input = Input::new(vec![InputFile { name: "pjsip.conf".into(), text }], AsteriskVersion::V22);
    let mut diagnostics = 0;
    let started = std::time::Instant::now();
    for _ in 0..runs {
        diagnostics += Analysis::new(&input).diagnostics().len();
    }
    eprintln!("{runs} analyses, {diagnostics} diagnostics, {:?} each", started.elapsed() / runs as u32);
}
