//! `check --format sarif` and `check --format github`: the shapes CI systems read.
//!
//! The SARIF log is held to the required properties and value rules of the SARIF 2.1.0 schema
//! for every object pjsip-lab writes (sarifLog, run, tool, toolComponent, reportingDescriptor,
//! result, message, location, physicalLocation, artifactLocation, region), and to the property
//! names that schema defines for them (it allows no others on these objects).

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_pjsip-lab");

/// A duplicate (error, with the other site as a secondary label), an unknown option (error with
/// a fix) and a NAT hint: every part of a result is exercised.
const CONFIG: &str = "[6001]\ntype=aor\nmax_contacts=1\n\n[6001]\ntype=aor\n\n[e1]\ntype=endpoint\naors=x1\nallow=ulaw\ndtmfmode=inband\nrtp_symmetric=yes\n\n[x1]\ntype=aor\nmax_contacts=1\n\n[zoé]\ntype=endpoint\nallow=ulaw\n";

struct Fixture(PathBuf);

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn fixture(tag: &str) -> Fixture {
    let dir = std::env::temp_dir().join(format!("pjsip-lab-ci-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("conf dir")).unwrap();
    std::fs::write(dir.join("conf dir/pjsip.conf"), CONFIG).unwrap();
    Fixture(dir)
}

fn check(fixture: &Fixture, format: &str) -> Output {
    Command::new(BIN).args(["check", "conf dir/pjsip.conf", "--format", format]).current_dir(&fixture.0).output().unwrap()
}

fn keys_within(object: &Value, allowed: &[&str], what: &str) {
    let map = object.as_object().unwrap_or_else(|| panic!("{what} is an object: {object}"));
    for key in map.keys() {
        assert!(allowed.contains(&key.as_str()), "{what} has `{key}`, which SARIF 2.1.0 does not define there");
    }
}

fn string(value: &Value, what: &str) -> String {
    value.as_str().unwrap_or_else(|| panic!("{what} is a string: {value}")).to_string()
}

fn positive(value: &Value, what: &str) -> u64 {
    let n = value.as_u64().unwrap_or_else(|| panic!("{what} is an integer: {value}"));
    assert!(n >= 1, "{what} ≥ 1");
    n
}

fn message(value: &Value, what: &str) {
    keys_within(value, &["text", "markdown", "id", "arguments", "properties"], what);
    assert!(!string(&value["text"], &format!("{what}.text")).is_empty());
}

fn physical_location(value: &Value, what: &str) {
    keys_within(value, &["address", "artifactLocation", "region", "contextRegion", "properties"], what);
    keys_within(&value["artifactLocation"], &["uri", "uriBaseId", "index", "description", "properties"], what);
    let uri = string(&value["artifactLocation"]["uri"], "artifactLocation.uri");
    assert!(!uri.contains(' '), "a URI reference has no raw space: {uri}");
    let region = &value["region"];
    keys_within(
        region,
        &[
            "startLine",
            "startColumn",
            "endLine",
            "endColumn",
            "charOffset",
            "charLength",
            "byteOffset",
            "byteLength",
            "snippet",
            "message",
            "sourceLanguage",
            "properties",
        ],
        "region",
    );
    let start_line = positive(&region["startLine"], "region.startLine");
    let start_column = positive(&region["startColumn"], "region.startColumn");
    let end_line = positive(&region["endLine"], "region.endLine");
    let end_column = positive(&region["endColumn"], "region.endColumn");
    assert!((end_line, end_column) >= (start_line, start_column), "the region ends after it starts: {region}");
}

#[test]
fn sarif_has_the_shape_of_sarif_2_1_0() {
    let fixture = fixture("sarif");
    let output = check(&fixture, "sarif");
    assert_eq!(output.status.code(), Some(1), "errors found → 1");
    let log: Value = serde_json::from_slice(&output.stdout).expect("the log is JSON");
    keys_within(&log, &["$schema", "version", "runs", "inlineExternalProperties", "properties"], "sarifLog");
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    keys_within(run, &["tool", "results", "columnKind", "invocations", "artifacts", "properties"], "run");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    keys_within(&run["tool"], &["driver", "extensions", "properties"], "tool");
    keys_within(driver, &["name", "semanticVersion", "version", "rules", "informationUri", "properties"], "toolComponent");
    assert_eq!(driver["name"], "pjsip-lab");
    let rules = driver["rules"].as_array().expect("rules");
    for rule in rules {
        keys_within(rule, &["id", "shortDescription", "fullDescription", "helpUri", "properties"], "reportingDescriptor");
        string(&rule["id"], "rule.id");
        message(&rule["shortDescription"], "shortDescription");
    }
    let results = run["results"].as_array().expect("results");
    let mut levels = Vec::new();
    for result in results {
        keys_within(result, &["ruleId", "ruleIndex", "level", "message", "locations", "relatedLocations", "fixes", "properties"], "result");
        message(&result["message"], "result.message");
        let level = string(&result["level"], "level");
        assert!(["none", "note", "warning", "error"].contains(&level.as_str()), "{level}");
        levels.push(level);
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "ruleIndex points at the rule of ruleId");
        let locations = result["locations"].as_array().expect("locations");
        assert_eq!(locations.len(), 1);
        keys_within(&locations[0], &["id", "physicalLocation", "message", "properties"], "location");
        physical_location(&locations[0]["physicalLocation"], "physicalLocation");
        for related in result["relatedLocations"].as_array().into_iter().flatten() {
            keys_within(related, &["id", "physicalLocation", "message", "properties"], "relatedLocation");
            physical_location(&related["physicalLocation"], "related physicalLocation");
            message(&related["message"], "related message");
        }
    }
    assert!(levels.contains(&"error".to_string()) && levels.contains(&"warning".to_string()), "{levels:?}");
    // The duplicate points at the other section; the file name is percent-encoded.
    let line = |location: &Value| location["physicalLocation"]["region"]["startLine"].as_u64().unwrap();
    let duplicates: Vec<(u64, u64)> = results
        .iter()
        .filter(|r| r["ruleId"] == "section/duplicate")
        .map(|r| (line(&r["locations"][0]), line(&r["relatedLocations"][0])))
        .collect();
    assert!(duplicates.contains(&(1, 5)) && duplicates.contains(&(5, 1)), "{duplicates:?}");
    assert_eq!(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "conf%20dir/pjsip.conf");
    // Asterisk's log phrase rides in the message.
    let unknown = results.iter().find(|r| r["ruleId"] == "option/unknown").expect("the unknown option");
    assert!(unknown["message"]["text"].as_str().unwrap().contains('\n'), "{unknown}");
}

#[test]
fn github_writes_one_annotation_per_diagnostic() {
    let fixture = fixture("github");
    let json = Command::new(BIN).args(["check", "conf dir/pjsip.conf", "--format", "json"]).current_dir(&fixture.0).output().unwrap();
    let count = serde_json::from_slice::<Value>(&json.stdout).unwrap().as_array().unwrap().len();
    let output = check(&fixture, "github");
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), count, "{text}");
    for line in &lines {
        let (command, _message) = line.split_once("::").map(|(_, rest)| rest.split_once("::").unwrap()).expect("::level props::message");
        let (level, properties) = command.split_once(' ').unwrap();
        assert!(["error", "warning", "notice"].contains(&level), "{line}");
        assert!(properties.starts_with("file=conf dir/pjsip.conf,line="), "{line}");
        assert!(properties.contains(",title=pjsip-lab "), "{line}");
    }
    let unknown = lines.iter().find(|l| l.contains("option/unknown")).unwrap();
    assert!(unknown.starts_with("::error file=conf dir/pjsip.conf,line=12,col=1,endColumn=9,"), "{unknown}");
    assert!(unknown.contains("%0A"), "the notes follow on escaped line breaks: {unknown}");
}

#[test]
fn ci_formats_are_for_check_only() {
    let fixture = fixture("other");
    let output =
        Command::new(BIN).args(["effective", "conf dir/pjsip.conf", "--format", "sarif"]).current_dir(&fixture.0).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("are for check"));
}
