//! Simulation cost on a generated office of 10,000 phones (endpoint + aor + auth each): one
//! REGISTER (challenged, answered, registered) and one INVITE (challenged, answered, routed),
//! measured after the analysis and the simulator's indexes exist. Run with
//! `cargo bench -p pjsip-analysis --bench simulate`; figures go in the notes, never asserted.

use criterion::{criterion_group, criterion_main, Criterion};
use pjsip_analysis::simulate::{Credentials, HostTable, Request};
use pjsip_analysis::{Analysis, Input};

use pjsip_analysis::syntax::sample::phones;

fn request(method: &str, ext: usize, ruri: &str) -> Request {
    Request {
        method: method.into(),
        src_ip: "127.0.0.2".into(),
        src_port: 5070,
        request_uri: ruri.into(),
        from: format!("<sip:{ext}@127.0.0.1>"),
        auth: Some(Credentials { username: ext.to_string(), password: format!("secret-{ext}") }),
        ..Request::default()
    }
}

fn bench(c: &mut Criterion) {
    let analysis = Analysis::new(&Input::single(phones(10_000)));
    let mut simulation = analysis.simulation(HostTable::default());
    let register = request("REGISTER", 17_345, "sip:127.0.0.1:5060");
    let invite = request("INVITE", 17_345, "sip:19999@127.0.0.1:5060");
    // Builds the indexes and checks the requests do what the benchmark claims.
    assert_eq!(simulation.step(&register).status, Some(200));
    assert_eq!(simulation.step(&invite).status, Some(603));
    let mut group = c.benchmark_group("simulate");
    group.bench_function("10k-phones/register", |b| b.iter(|| simulation.step(&register)));
    group.bench_function("10k-phones/invite", |b| b.iter(|| simulation.step(&invite)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
