//! Replays the SIP traces a real Asterisk 22.10.1 recorded (`tests/oracle/traces/`: each case's
//! configuration, its `pjsip set logger on` text and its `pjsip set logger pcap` capture) through
//! the same configuration. The PBX's answers are in the traces, so every replayed request should
//! get the status Asterisk gave — including the retries carrying a digest answer to a nonce
//! Asterisk issued, which the simulator verifies itself. The agreement is printed with every
//! difference and held by a ratchet (it may only rise) until it is complete.

use pjsip_model::{AsteriskVersion, Input, InputFile, Loaded};
use pjsip_simulate::Index;
use pjsip_testdata::{files_under, repository_root};

fn config_of(case: &std::path::Path) -> Loaded {
    let json: serde_json::Value = serde_json::from_str(&pjsip_testdata::read(case)).unwrap_or_else(|e| panic!("{}: {e}", case.display()));
    let mut files: Vec<InputFile> = json["files"]
        .as_object()
        .unwrap_or_else(|| panic!("{}: no files", case.display()))
        .iter()
        .map(|(name, text)| InputFile { name: name.clone(), text: text.as_str().unwrap_or_default().to_string() })
        .collect();
    files.sort_by_key(|f| f.name != "pjsip.conf");
    Loaded::new(&Input::new(files, AsteriskVersion::V22))
}

/// Ratchet: measured figures must never drop below these.
const MIN_OBSERVED: usize = 658;
const MIN_AGREEING: usize = 656;

#[test]
fn replayed_traces_get_the_answers_asterisk_gave() {
    let dir = repository_root().join("tests/oracle/traces");
    let cases: Vec<_> = files_under(&dir)
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".json") && !p.to_string_lossy().ends_with(".out.json"))
        .collect();
    assert!(cases.len() >= 30, "only {} recorded trace cases in {}", cases.len(), dir.display());
    let (mut observed, mut agreeing, mut differences) = (0, 0, Vec::new());
    for case in &cases {
        let loaded = config_of(case);
        let index = Index::build(&loaded);
        for extension in ["log", "pcap"] {
            let path = case.with_extension(extension);
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let trace = pjsip_trace::read(&bytes);
            let replay = pjsip_replay::replay(&loaded, &index, &trace);
            assert!(!replay.results.is_empty(), "{}: nothing replayed", path.display());
            let (seen, agree) = replay.agreement();
            observed += seen;
            agreeing += agree;
            for r in replay.results.iter().filter(|r| r.agrees == Some(false)) {
                differences.push(format!(
                    "{} {} {}: asterisk {:?}, replay {:?}\n    {}",
                    path.file_name().unwrap().to_string_lossy(),
                    r.request.method,
                    r.request.request_uri,
                    r.observed.as_ref().map(|o| o.status),
                    r.outcome.status,
                    r.remarks.join("\n    ")
                ));
            }
        }
    }
    println!("replay: {agreeing}/{observed} requests answered as Asterisk answered ({} traces)", cases.len() * 2);
    for difference in &differences {
        println!("  {difference}");
    }
    assert!(observed >= MIN_OBSERVED, "only {observed} requests with an answer in the traces (was {MIN_OBSERVED})");
    assert!(agreeing >= MIN_AGREEING, "replay agreement fell: {agreeing} < {MIN_AGREEING}");
}
