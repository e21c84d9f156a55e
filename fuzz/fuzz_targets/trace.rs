//! Any bytes read as a trace: no panic, no hang, and a trace whose links and spans hold.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let trace = pjsip_trace::read(data);
    let n = trace.messages.len();
    for (i, m) in trace.messages.iter().enumerate() {
        assert_eq!(m.index, i);
        let e = &m.exchange;
        for link in e.responses.iter().chain(&e.request).chain(&e.retry_of).chain(&e.retransmission_of) {
            assert!(*link < n, "link out of range");
        }
        if let Some(span) = m.input_span {
            assert!(span.start <= span.end && span.end <= data.len(), "span outside the input");
        }
        assert!(m.sip.body.end <= m.sip.text.len());
    }
});
