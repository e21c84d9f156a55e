//! Full analysis (parse + load + resolve + every check) through the facade, on generated
//! configs: 10,000 phones (endpoint + aor + auth each) plus 50 trunks (endpoint + aor + auth +
//! registration + identify), and configs of 100 and 1,000 sections. Run with
//! `cargo bench -p pjsip-analysis --bench analysis`; figures go in the notes, never asserted.
//! The analysis is timed without freeing its result; freeing the largest one is its own figure.

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use pjsip_analysis::syntax::sample::office;
use pjsip_analysis::{Analysis, AsteriskVersion, Input, InputFile};

fn analyse(text: &str) -> Analysis {
    Analysis::new(&Input::new(vec![InputFile { name: "pjsip.conf".into(), text: text.to_string() }], AsteriskVersion::V22))
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("analysis");
    group.sample_size(10);
    // Sections: 2 + 3 per phone (+ 5 per trunk).
    for (label, text) in
        [("100 sections", office(33, 0)), ("1,000 sections", office(333, 0)), ("10,000 phones + 50 trunks", office(10_000, 50))]
    {
        let analysis = analyse(&text);
        assert!(analysis.objects().len() > 10, "the generated config loads");
        // The analysis alone: the result is freed outside the timed part (measured below).
        group.bench_with_input(BenchmarkId::from_parameter(label), &text, |b, text| b.iter_with_large_drop(|| analyse(text)));
    }
    // Freeing a large result, which an editor pays when the next analysis replaces it.
    let big = office(10_000, 50);
    group.bench_function("freeing the 10,000-phone analysis", |b| b.iter_batched(|| analyse(&big), drop, BatchSize::LargeInput));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
