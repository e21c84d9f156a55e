//! Diagram cost on generated office configurations (per phone: endpoint + aor + auth, one
//! shared transport): building the graph from an analysis, laying it out, writing the SVG, and
//! laying out a focus neighbourhood. Sizes are in objects: 100, 1,000, 10,000, and 30,001
//! (10,000 phones). Run with `cargo bench -p pjsip-analysis --bench diagram`; figures go in the
//! notes, never in assertions. The wasm numbers are measured in the browser, not here.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use pjsip_analysis::diagram::{layout, DiagramOptions};
use pjsip_analysis::{Analysis, AsteriskVersion, Input, InputFile};

use pjsip_analysis::syntax::sample::phones;

fn analysis(objects: usize) -> Analysis {
    let text = phones(objects.saturating_sub(1) / 3);
    Analysis::new(&Input::new(vec![InputFile { name: "pjsip.conf".into(), text }], AsteriskVersion::V22))
}

fn bench(c: &mut Criterion) {
    let options = DiagramOptions::default();
    let mut group = c.benchmark_group("diagram");
    group.sample_size(10);
    for objects in [100, 1_000, 10_000, 30_001] {
        let analysis = analysis(objects);
        let graph = analysis.diagram_graph(&options);
        group.bench_with_input(BenchmarkId::new("graph", objects), &analysis, |b, a| b.iter(|| a.diagram_graph(&options)));
        group.bench_with_input(BenchmarkId::new("layout", objects), &graph, |b, g| b.iter(|| layout(g)));
        let diagram = analysis.diagram(&options);
        group.bench_with_input(BenchmarkId::new("svg", objects), &diagram, |b, d| b.iter(|| d.to_svg()));
        let focus = graph.nodes.iter().find(|n| n.type_name() == "endpoint").map(|n| n.id.clone()).expect("an endpoint");
        group.bench_with_input(BenchmarkId::new("focus-2+layout", objects), &graph, |b, g| b.iter(|| layout(&g.neighbourhood(&focus, 2))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
