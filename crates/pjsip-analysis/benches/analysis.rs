//! Full analysis (parse + load + resolve + every check) through the facade, on generated
//! configs: 10,000 phones (endpoint + aor + auth each) plus 50 trunks (endpoint + aor + auth +
//! registration + identify), and configs of 100 and 1,000 sections. Run with
//! `cargo bench -p pjsip-analysis --bench analysis`; figures go in the notes, never asserted.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use pjsip_analysis::{Analysis, AsteriskVersion, Input, InputFile};

/// A transport, a phone template, `phones` phones and `trunks` provider trunks.
pub fn office(phones: usize, trunks: usize) -> String {
    let mut text = String::from(
        "[transport-udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0\nlocal_net=10.0.0.0/8\nexternal_media_address=203.0.113.10\n\
         external_signaling_address=203.0.113.10\n\n\
         [phone](!)\ntype=endpoint\ncontext=from-internal ; calls from phones\ndisallow=all\nallow=ulaw,alaw,g722\n\
         direct_media=no\nrtp_symmetric=yes\nforce_rport=yes\nrewrite_contact=yes\ntransport=transport-udp\n\n",
    );
    for n in 0..phones {
        let ext = 10000 + n;
        text.push_str(&format!(
            "[{ext}](phone)\nauth={ext}\naors={ext}\ncallerid=\"Phone {ext}\" <{ext}>\n\n\
             [{ext}]\ntype=aor\nmax_contacts=1\nremove_existing=yes\n\n\
             [{ext}]\ntype=auth\nauth_type=userpass\nusername={ext}\npassword=secret-{ext}\n\n"
        ));
    }
    for n in 0..trunks {
        let host = format!("198.51.{}.{}", n / 200, n % 200 + 1);
        text.push_str(&format!(
            "[trunk{n}]\ntype=endpoint\ncontext=from-trunk\ndisallow=all\nallow=ulaw\noutbound_auth=trunk{n}-auth\naors=trunk{n}\n\
             direct_media=no\nrtp_symmetric=yes\nforce_rport=yes\nrewrite_contact=yes\ntransport=transport-udp\n\n\
             [trunk{n}]\ntype=aor\ncontact=sip:{host}\nqualify_frequency=60\n\n\
             [trunk{n}-auth]\ntype=auth\nusername=acct{n}\npassword=pw{n}\n\n\
             [trunk{n}-reg]\ntype=registration\nserver_uri=sip:{host}\nclient_uri=sip:acct{n}@{host}\noutbound_auth=trunk{n}-auth\n\
             transport=transport-udp\nretry_interval=60\n\n\
             [trunk{n}-identify]\ntype=identify\nendpoint=trunk{n}\nmatch={host}\n\n"
        ));
    }
    text
}

fn analyse(text: &str) -> Analysis {
    Analysis::new(&Input::new(vec![InputFile { name: "pjsip.conf".into(), text: text.to_string() }], AsteriskVersion::V22))
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("analysis");
    group.sample_size(10);
    // Sections: 2 + 3 per phone (+ 5 per trunk).
    for (label, text) in [
        ("100 sections", office(33, 0)),
        ("1,000 sections", office(333, 0)),
        ("10,000 phones + 50 trunks", office(10_000, 50)),
    ] {
        let analysis = analyse(&text);
        assert!(analysis.objects().len() > 10, "the generated config loads");
        group.bench_with_input(BenchmarkId::from_parameter(label), &text, |b, text| b.iter(|| analyse(text)));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
