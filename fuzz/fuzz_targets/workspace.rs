//! A saved state or a decoded share link (the JSON the browser inflates): parsing and validation
//! must refuse with a reason or accept, and an accepted workspace must survive every service.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pjsip_analysis::exercise::{every_service, Extras};
use pjsip_analysis::Analysis;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else { return };
    let Ok(workspace) = pjsip_workspace::share::parse(json) else { return };
    let (shared, _) = pjsip_workspace::share::prepare(&workspace, true);
    let again = pjsip_workspace::share::parse(&serde_json::to_string(&shared).expect("serialises"));
    assert!(again.is_ok(), "a stripped workspace must load again: {again:?}");
    let analysis = Analysis::new(&workspace.input());
    let requests: Vec<_> = workspace.requests.iter().take(20).cloned().collect();
    every_service(&analysis, &Extras { requests: &requests, offsets: &[0, 1, 7, 40] });
});
