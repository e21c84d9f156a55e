//! Agreement with a real Asterisk 22.10.1 on every visible request scenario of the oracle
//! (`../shared/oracle/cases`): each case's files are analysed, its requests simulated in order,
//! and every request compared on status, endpoint and AOR (the primary figure), and on the
//! contacts added and removed (aor + uri, the second figure).
//!
//! The figures are printed and held by a ratchet: they may only go up.

use std::path::PathBuf;

use pjsip_analysis::simulate::{Case, ContactRef, Scenario};
use pjsip_analysis::Analysis;
use pjsip_testdata::{files_under, read, shared_path};
use serde_json::Value;

/// Ratchet: measured figures must never drop below these.
const MIN_AGREEING_REQUESTS: usize = 243;
const MIN_AGREEING_CASES: usize = 110;
const MIN_AGREEING_CONTACTS: usize = 243;

fn case_files() -> Vec<PathBuf> {
    files_under(&shared_path("oracle/cases"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.to_string_lossy().ends_with(".out.json"))
        .collect()
}

fn contacts(value: &Value) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = value
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| (c["aor"].as_str().unwrap_or("").to_string(), c["uri"].as_str().unwrap_or("").to_string()))
        .collect();
    list.sort();
    list
}

fn ours(list: &[ContactRef]) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = list.iter().map(|c| (c.aor.clone(), c.uri.clone())).collect();
    list.sort();
    list
}

#[test]
fn simulator_agrees_with_asterisk_on_oracle_cases() {
    let paths = case_files();
    let (mut requests, mut agreeing, mut cases, mut agreeing_cases, mut contact_agreeing) = (0, 0, 0, 0, 0);
    let mut differences = Vec::new();
    for path in &paths {
        let case: Case = serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let out_path = path.with_extension("out.json");
        let out: Value = serde_json::from_str(&read(&out_path)).unwrap_or_else(|e| panic!("{}: {e}", out_path.display()));
        let analysis = Analysis::new(&case.input());
        let outcomes = analysis.simulate(&Scenario { requests: case.requests.clone(), ..Scenario::default() });
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        cases += 1;
        let mut whole_case = true;
        let expected_results = out["results"].as_array().unwrap_or_else(|| panic!("{}: no results", out_path.display()));
        assert_eq!(outcomes.len(), expected_results.len(), "{name}: one outcome per request");
        for (i, (outcome, expected)) in outcomes.iter().zip(out["results"].as_array().unwrap()).enumerate() {
            requests += 1;
            let status = expected["status"].as_u64().map(|s| s as u16);
            let endpoint = expected["endpoint"].as_str().map(str::to_string);
            let aor = expected["aor"].as_str().map(str::to_string);
            if outcome.status == status && outcome.endpoint == endpoint && outcome.aor == aor {
                agreeing += 1;
            } else {
                whole_case = false;
                differences.push(format!(
                    "{name}[{i}] {}: expected {status:?} {endpoint:?} {aor:?}, simulated {:?} {:?} {:?}",
                    case.requests[i].method, outcome.status, outcome.endpoint, outcome.aor
                ));
            }
            if contacts(&expected["contacts_added"]) == ours(&outcome.contacts_added)
                && contacts(&expected["contacts_removed"]) == ours(&outcome.contacts_removed)
            {
                contact_agreeing += 1;
            } else {
                differences.push(format!(
                    "{name}[{i}] contacts: expected +{:?} -{:?}, simulated +{:?} -{:?}",
                    contacts(&expected["contacts_added"]),
                    contacts(&expected["contacts_removed"]),
                    ours(&outcome.contacts_added),
                    ours(&outcome.contacts_removed)
                ));
            }
        }
        if whole_case {
            agreeing_cases += 1;
        }
    }
    for difference in &differences {
        eprintln!("  {difference}");
    }
    eprintln!(
        "oracle cases: {agreeing}/{requests} requests agree on status+endpoint+aor; \
         {agreeing_cases}/{cases} cases agree fully; {contact_agreeing}/{requests} on contacts added/removed"
    );
    assert!(agreeing >= MIN_AGREEING_REQUESTS, "requests agreeing dropped to {agreeing}");
    assert!(agreeing_cases >= MIN_AGREEING_CASES, "cases agreeing dropped to {agreeing_cases}");
    assert!(contact_agreeing >= MIN_AGREEING_CONTACTS, "contact agreement dropped to {contact_agreeing}");
}
