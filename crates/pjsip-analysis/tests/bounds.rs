//! Hostile inputs finish, and where pjsip-lab stops work of its own accord it says so. Nothing
//! here is timed (the worst-case figures come from `examples/worst_cases.rs`); these tests hold the limits and the diagnostics that announce them.

use pjsip_analysis::simulate::{HeaderValue, Request, Scenario};
use pjsip_analysis::syntax::sample::hostile;
use pjsip_analysis::{Analysis, AsteriskVersion, Input, InputFile};

fn analyse(files: Vec<(String, String)>) -> Analysis {
    Analysis::new(&Input::new(files.into_iter().map(|(name, text)| InputFile { name, text }).collect(), AsteriskVersion::V22))
}

fn codes(analysis: &Analysis) -> Vec<&str> {
    analysis.diagnostics().iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn a_deep_template_chain_stops_copying_with_a_diagnostic() {
    let analysis = analyse(hostile::template_chain(3_000));
    assert!(codes(&analysis).contains(&"config/limit"), "{:?}", &codes(&analysis)[..10.min(codes(&analysis).len())]);
    // A chain that copies less than the budget is analysed in full.
    let analysis = analyse(hostile::template_chain(1_000));
    assert!(!codes(&analysis).contains(&"config/limit"));
    let phone = analysis.objects().iter().find(|o| o.id == "phone").expect("the endpoint loads");
    assert!(phone.value("set_var").contains("v999=x"));
}

#[test]
fn include_fan_out_stops_reading_with_a_diagnostic() {
    let analysis = analyse(hostile::include_fanout(11, 4));
    assert!(codes(&analysis).contains(&"config/limit"));
    let analysis = analyse(hostile::include_fanout(4, 2));
    assert!(!codes(&analysis).contains(&"config/limit"));
}

#[test]
fn filters_with_catastrophic_expressions_finish() {
    // `(x*)*y` would backtrack exponentially; the additions find no section (Asterisk rejects
    // the file the same way) and the loader says so once per header.
    let analysis = analyse(hostile::filters(300));
    assert!(analysis.config.is_rejected());
    assert!(codes(&analysis).contains(&"config/addition-without-section"));
}

#[test]
fn many_plus_equals_lines_keep_every_value() {
    let analysis = analyse(hostile::plus_equals(5_000));
    let e = analysis.objects().iter().find(|o| o.id == "e").expect("loads");
    assert_eq!(e.value("allow"), "ulaw,alaw", "repeated codecs collapse");
    assert!(e.value("set_var").contains("v4999=x"));
}

#[test]
fn duplicates_are_reported_for_every_section() {
    let analysis = analyse(hostile::duplicates(20_000));
    assert_eq!(codes(&analysis).iter().filter(|c| **c == "section/duplicate").count(), 20_000);
}

#[test]
fn ten_thousand_registers_to_one_aor() {
    let text = "[t]\ntype=transport\nprotocol=udp\nbind=127.0.0.1\n[6001]\ntype=endpoint\naors=6001\ncontext=c\n\
                [6001]\ntype=aor\nmax_contacts=100000\n";
    let analysis = analyse(vec![("pjsip.conf".into(), text.into())]);
    let requests: Vec<Request> = (0..10_000)
        .map(|n| Request {
            method: "REGISTER".into(),
            src_ip: format!("127.0.{}.{}", n / 250, n % 250 + 1),
            request_uri: "sip:127.0.0.1".into(),
            from: "<sip:6001@127.0.0.1>".into(),
            ..Request::default()
        })
        .collect();
    let outcomes = analysis.simulate(&Scenario { requests, ..Scenario::default() });
    assert_eq!(outcomes.len(), 10_000);
    assert!(outcomes.iter().all(|o| o.status == Some(200) && o.contacts_added.len() == 1), "{:?}", outcomes[0]);
}

#[test]
fn header_regexes_that_backtracking_would_never_finish() {
    let analysis = analyse(hostile::header_regexes(50));
    let request = Request {
        from: "<sip:x@example.com>".into(),
        headers: [("X-Tenant".to_string(), Some(HeaderValue::One("a".repeat(60) + "d")))].into(),
        ..Request::default()
    };
    let outcome = analysis.simulate(&Scenario { requests: vec![request], ..Scenario::default() });
    assert_eq!(outcome[0].endpoint, None);
}
