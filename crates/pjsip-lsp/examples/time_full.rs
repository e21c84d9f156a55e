use pjsip_analysis::syntax::sample::office;
use pjsip_analysis::{Analysis, AsteriskVersion, Input, InputFile};
use std::time::Instant;
fn main() {
    let text = office(10_000, 50);
    for _ in 0..5 {
        let t = Instant::now();
        let input = Input::new(vec![InputFile { name: "pjsip.conf".into(), text: text.clone() }], AsteriskVersion::V22);
        let l = pjsip_analysis::Loaded::new(&input);
        let t1 = t.elapsed();
        let d = pjsip_analysis::checks::diagnose(&l);
        let t2 = t.elapsed();
        let p = pjsip_syntax::parse(pjsip_syntax::FileId(0), &text);
        let t3 = t.elapsed();
        println!("load {:?} checks {:?} parse {:?} ({} diags, {} lines)", t1, t2 - t1, t3 - t2, d.len(), p.tree.lines.len());
        drop(Analysis::new(&input));
    }
}
