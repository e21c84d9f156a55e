//! Parse throughput: a generated config of 10,000 phones (endpoint + aor + auth each) and the
//! whole visible corpus. Run with `cargo bench -p pjsip-syntax`; figures are reported in the
//! issue notes, never asserted.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pjsip_syntax::{load_text, parse, FileId};

use pjsip_syntax::sample::phones;

fn corpus() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out)
            } else {
                out.push(path)
            }
        }
    }
    let root = std::env::var_os("PJSIP_LAB_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
        .join("corpus");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect()
}

fn bench(c: &mut Criterion) {
    let big = phones(10_000);
    let mut group = c.benchmark_group("parse");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.bench_function("10k-phones/parse", |b| b.iter(|| parse(FileId(0), &big)));
    group.bench_function("10k-phones/parse+load", |b| b.iter(|| load_text("pjsip.conf", &big)));
    let files = corpus();
    let bytes: usize = files.iter().map(String::len).sum();
    if bytes > 0 {
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function("corpus/parse", |b| b.iter(|| files.iter().map(|f| parse(FileId(0), f).tree.tokens.len()).sum::<usize>()));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
