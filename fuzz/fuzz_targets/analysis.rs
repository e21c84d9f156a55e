//! The whole facade on structured input: `pjsip.conf`, `pjsip_wizard.conf`, `extensions.conf`,
//! `acl.conf` and an include target, then simulator requests, separated by
//! `pjsip_analysis::exercise::SEPARATOR` (seeds: real corpus configs, see docs/fuzzing.md).
//! Then every service runs on the result: effective values, diagrams and SVG, the simulator,
//! completion and hover at every offset, the summary, secret stripping. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pjsip_analysis::exercise::{every_service, Decoded, Extras};
use pjsip_analysis::Analysis;

fuzz_target!(|data: &[u8]| {
    let decoded = Decoded::from_bytes(data);
    let analysis = Analysis::new(&decoded.input());
    every_service(&analysis, &Extras { requests: &decoded.requests, offsets: &decoded.offsets });
});
