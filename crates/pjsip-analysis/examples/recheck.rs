//! Times `Analysis::recheck` against a full analysis while typing `direct_media=no` into phone
//! 10500 of the 10,000-phone office: `cargo run --profile cli -p pjsip-analysis --example recheck`.

use std::time::Instant;

use pjsip_analysis::syntax::sample::office;
use pjsip_analysis::{Analysis, AsteriskVersion, Input, InputFile};

fn input(text: &str) -> Input {
    Input::new(vec![InputFile { name: "pjsip.conf".into(), text: text.into() }], AsteriskVersion::V22)
}

fn main() {
    let mut text = office(10_000, 50);
    let t = Instant::now();
    let base = Analysis::new(&input(&text));
    println!("full analysis {:.1?}", t.elapsed());
    let t = Instant::now();
    let at = text.find("[10500]\ntype=aor").expect("phone 10500");
    let at = text[..at].rfind("callerid").expect("its endpoint");
    let mut times = Vec::new();
    for (n, c) in "direct_media=no\n".char_indices() {
        text.insert(at + n, c);
        let input = input(&text);
        let t = Instant::now();
        let quick = base.recheck(&input);
        times.push(t.elapsed());
        assert!(quick.is_ok(), "keystroke {n} answered locally");
    }
    println!("first recheck (builds the neighbour index) {:.1?}; then {:.2?}", times[0], &times[1..]);
    // Then deleted again, one key at a time, as the server's profile does.
    for n in (0.."direct_media=no\n".len()).rev() {
        text.remove(at + n);
        if let Err(why) = base.recheck(&input(&text)) {
            println!("deleting key {n}: not answered locally: {why}");
        }
    }
    let _ = t;
}
