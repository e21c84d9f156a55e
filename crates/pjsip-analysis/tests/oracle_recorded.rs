//! Agreement with a real Asterisk 22.10.1 on the differential cases of `tests/oracle/`:
//! cases written by `tests/oracle/generate.py`, answered by the reference Asterisk through the
//! oracle harness, and kept as compact fixtures in `tests/oracle/recorded/<area>.jsonl` (format
//! in `tests/oracle/compact.py` and `docs/oracle.md`). Nothing here was tuned against: the
//! cases exist to measure how the loader and the simulator do on input they have not seen.
//!
//! Every case is analysed; its requests are simulated in order and compared the way
//! `oracle_cases.rs` compares the visible cases (status, endpoint, AOR; contacts added and
//! removed as aor + uri), plus whether the dialplan was reached (and where) and the Expires of
//! a REGISTER's 200. Every case is also a load, compared as `oracle_load.rs` compares one: the
//! endpoint/aor/auth/transport/identify/registration ids as sets, and the effective values of
//! the objects both sides loaded, Asterisk's display form against the model's, verbatim; the global and system settings (`pjsip show settings`) are a figure of their
//! own.
//!
//! The figures are printed per area and held by a ratchet: each must stay at or above its
//! number in `tests/oracle/recorded/baseline.json`. Set `ORACLE_RECORDED_REPORT=<path>` to get
//! every disagreement written to a file; `ORACLE_RECORDED_WRITE_BASELINE=1` rewrites the
//! baseline with the figures measured now (do that only when they went up).

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use pjsip_analysis::schema::{self, ObjectType};
use pjsip_analysis::simulate::{Case, ContactRef, Outcome, Request, Scenario};
use pjsip_analysis::{Analysis, FileId, FileSpan, Object, Span};
use pjsip_testdata::{files_under, read, repository_root};
use serde_json::{Map, Value};

const TYPES: &[&str] = &["endpoint", "aor", "auth", "transport", "identify", "registration"];

/// Counters of one area; every `agree_*` figure is ratcheted.
#[derive(Default, Clone, Copy)]
struct Tally {
    cases: usize,
    requests: usize,
    agree_status: usize,
    agree_endpoint: usize,
    agree_aor: usize,
    /// status + endpoint + AOR together: the primary figure of `oracle_cases.rs`.
    agree_request: usize,
    agree_contacts: usize,
    /// Requests whose dialplan entry the harness could see (see `compare_request`).
    dialplan_compared: usize,
    agree_dialplan: usize,
    expires_compared: usize,
    agree_expires: usize,
    /// Cases with requests, and those whose every request agrees (status, endpoint, AOR, contacts).
    request_cases: usize,
    agree_cases: usize,
    agree_objects: usize,
    values: usize,
    agree_values: usize,
    settings: usize,
    agree_settings: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.cases += o.cases;
        self.requests += o.requests;
        self.agree_status += o.agree_status;
        self.agree_endpoint += o.agree_endpoint;
        self.agree_aor += o.agree_aor;
        self.agree_request += o.agree_request;
        self.agree_contacts += o.agree_contacts;
        self.dialplan_compared += o.dialplan_compared;
        self.agree_dialplan += o.agree_dialplan;
        self.expires_compared += o.expires_compared;
        self.agree_expires += o.agree_expires;
        self.request_cases += o.request_cases;
        self.agree_cases += o.agree_cases;
        self.agree_objects += o.agree_objects;
        self.values += o.values;
        self.agree_values += o.agree_values;
        self.settings += o.settings;
        self.agree_settings += o.agree_settings;
    }

    /// The ratcheted figures, by the names `baseline.json` uses.
    fn figures(&self) -> [(&'static str, usize); 11] {
        [
            ("status", self.agree_status),
            ("endpoint", self.agree_endpoint),
            ("aor", self.agree_aor),
            ("request", self.agree_request),
            ("contacts", self.agree_contacts),
            ("dialplan", self.agree_dialplan),
            ("expires", self.agree_expires),
            ("cases", self.agree_cases),
            ("objects", self.agree_objects),
            ("values", self.agree_values),
            ("settings", self.agree_settings),
        ]
    }
}

/// The area fixtures (`*.jsonl`) of `tests/oracle/recorded`, sorted; missing or empty fails.
fn fixture_files(dir: &Path) -> Vec<PathBuf> {
    let files: Vec<PathBuf> = files_under(dir).into_iter().filter(|p| p.extension().is_some_and(|x| x == "jsonl")).collect();
    assert!(!files.is_empty(), "no recorded oracle fixtures (*.jsonl) in {} (see docs/oracle.md)", dir.display());
    files
}

fn read_json(path: &Path) -> Value {
    let text = read(path);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn pairs(value: &Value) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = value
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| (p[0].as_str().unwrap_or("").to_string(), p[1].as_str().unwrap_or("").to_string()))
        .collect();
    list.sort();
    list
}

fn ours(list: &[ContactRef]) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = list.iter().map(|c| (c.aor.clone(), c.uri.clone())).collect();
    list.sort();
    list
}

/// `"dialplan exten=X context=Y"` from the harness's notes, when its own dialplan was reached.
fn dialplan_note(expected: &Value) -> Option<(String, String)> {
    expected["notes"].as_array()?.iter().filter_map(Value::as_str).find_map(|note| {
        let rest = note.strip_prefix("dialplan exten=")?;
        let (exten, context) = rest.rsplit_once(" context=")?;
        Some((exten.to_string(), context.to_string()))
    })
}

fn compare_request(
    expected: &Value,
    outcome: &Outcome,
    (request, own_dialplan): (&Request, bool),
    tally: &mut Tally,
    differences: &mut Vec<String>,
    label: &str,
) {
    tally.requests += 1;
    let status = expected["status"].as_u64().map(|s| s as u16);
    let endpoint = expected["endpoint"].as_str().map(str::to_string);
    let aor = expected["aor"].as_str().map(str::to_string);
    let same_status = outcome.status == status;
    let same_endpoint = outcome.endpoint == endpoint;
    let same_aor = outcome.aor == aor;
    tally.agree_status += usize::from(same_status);
    tally.agree_endpoint += usize::from(same_endpoint);
    tally.agree_aor += usize::from(same_aor);
    if same_status && same_endpoint && same_aor {
        tally.agree_request += 1;
    } else {
        differences.push(format!(
            "{label}: asterisk {status:?} {endpoint:?} {aor:?} ({}), ours {:?} {:?} {:?} ({})",
            expected["reason"].as_str().unwrap_or(""),
            outcome.status,
            outcome.endpoint,
            outcome.aor,
            outcome.reason
        ));
    }
    let (added, removed) = (pairs(&expected["added"]), pairs(&expected["removed"]));
    if added == ours(&outcome.contacts_added) && removed == ours(&outcome.contacts_removed) {
        tally.agree_contacts += 1;
    } else {
        differences.push(format!(
            "{label} contacts: asterisk +{added:?} -{removed:?}, ours +{:?} -{:?}",
            ours(&outcome.contacts_added),
            ours(&outcome.contacts_removed)
        ));
    }
    // With the case's own extensions.conf the harness sees the dialplan only through a PJSIP
    // channel's name: an INVITE's, never a MESSAGE's (it runs on a Message channel).
    if !own_dialplan || request.method.eq_ignore_ascii_case("INVITE") {
        let reached = expected["reached_dialplan"].as_bool().unwrap_or(false);
        let same_dialplan = match (dialplan_note(expected), &outcome.dialplan) {
            (Some((exten, context)), Some(target)) => target.exten == exten && target.context == context,
            _ => reached == outcome.dialplan.is_some(),
        };
        tally.dialplan_compared += 1;
        if same_dialplan {
            tally.agree_dialplan += 1;
        } else {
            differences.push(format!(
                "{label} dialplan: asterisk {:?} (reached {reached}), ours {:?}",
                dialplan_note(expected),
                outcome.dialplan.as_ref().map(|t| (&t.exten, &t.context))
            ));
        }
    }
    let granted = expected["headers"]["expires"][0].as_str().and_then(|e| e.trim().parse::<u32>().ok());
    // A REGISTER without Contact only asks for the bindings: its Expires grants nothing.
    let query = request.contact == Some(None) && !request.headers.keys().any(|k| k.eq_ignore_ascii_case("contact"));
    if let (Some(200), Some(granted), false) = (status, granted, query) {
        tally.expires_compared += 1;
        if outcome.expires == Some(granted) {
            tally.agree_expires += 1;
        } else {
            differences.push(format!("{label} expires: asterisk granted {granted}, ours {:?}", outcome.expires));
        }
    }
}

/// Asterisk's parameters of one object: the type's common values overlaid with the object's own.
fn expand(defaults: &Value, type_name: &str, own: &Value) -> Map<String, Value> {
    let mut params = defaults[type_name].as_object().cloned().unwrap_or_default();
    for (key, value) in own.as_object().into_iter().flatten() {
        if value.is_null() {
            params.remove(key);
        } else {
            params.insert(key.clone(), value.clone());
        }
    }
    params
}

/// Mismatched values by `type.key`: count and the first examples.
type ValueMisses = BTreeMap<String, (usize, Vec<String>)>;

/// Examples kept per mismatched key (the report lists them all; the console the first).
const EXAMPLES: usize = 12;

fn note_miss(misses: &mut ValueMisses, key: String, example: impl FnOnce() -> String) {
    let entry = misses.entry(key).or_default();
    entry.0 += 1;
    if entry.1.len() < EXAMPLES {
        entry.1.push(example());
    }
}

fn compare_load(
    record: &Value,
    defaults: &Value,
    analysis: &Analysis,
    tally: &mut Tally,
    differences: &mut Vec<String>,
    misses: &mut ValueMisses,
) {
    let name = record["name"].as_str().unwrap_or("");
    let load = &record["load"];
    let mut same = true;
    for t in TYPES {
        let mut theirs: Vec<String> =
            load["objects"][t].as_array().into_iter().flatten().filter_map(|v| v.as_str().map(String::from)).collect();
        let mut ours: Vec<String> = analysis.objects().iter().filter(|o| o.type_name() == *t).map(|o| o.id.clone()).collect();
        theirs.sort();
        ours.sort();
        if theirs != ours {
            same = false;
            differences.push(format!("{name} objects {t}: asterisk {theirs:?} ours {ours:?}"));
        }
        let Some(schema) = schema::type_schema(t) else {
            continue;
        };
        for (id, own) in load["details"][t].as_object().into_iter().flatten() {
            let Some(object) = analysis.objects().iter().find(|o| o.type_name() == *t && o.id == *id) else {
                continue;
            };
            for (key, their_value) in expand(defaults, t, own) {
                let (Some(option), Some(their_value)) = (schema.option(&key), their_value.as_str()) else {
                    continue;
                };
                if key.starts_with('@') || object.get(&key).is_none() {
                    continue;
                }
                tally.values += 1;
                if common::same_display(option, object, &key, their_value) {
                    tally.agree_values += 1;
                } else {
                    note_miss(misses, format!("{t}.{key}"), || {
                        format!("{name} {id}: asterisk `{their_value}` ours `{}`", object.display(&key))
                    });
                }
            }
        }
    }
    if same {
        tally.agree_objects += 1;
    }
    compare_settings(load, defaults, analysis, name, tally, misses);
}

/// `pjsip show settings` (global + system) against the first loaded global/system object, or
/// the registered default where the config has none.
fn compare_settings(load: &Value, defaults: &Value, analysis: &Analysis, name: &str, tally: &mut Tally, misses: &mut ValueMisses) {
    let Some(own) = load["details"]["settings"].get("") else {
        return;
    };
    for (key, their_value) in expand(defaults, "settings", own) {
        let Some(their_value) = their_value.as_str() else {
            continue;
        };
        let Some((type_name, option)) =
            ["global", "system"].into_iter().find_map(|t| schema::type_schema(t).and_then(|s| s.option(&key)).map(|o| (t, o)))
        else {
            continue;
        };
        let unconfigured;
        let object = match analysis.model().settings(ObjectType::from_name(type_name).expect("a type")) {
            Some(object) => object,
            None => {
                let nowhere = FileSpan::new(FileId(0), Span::default());
                unconfigured = Object::unconfigured(ObjectType::from_name(type_name).expect("a type"), type_name, nowhere);
                &unconfigured
            }
        };
        let ours = object.display(&key);
        tally.settings += 1;
        if common::same_display(option, object, &key, their_value) {
            tally.agree_settings += 1;
        } else {
            note_miss(misses, format!("settings.{key}"), || format!("{name}: asterisk `{their_value}` ours `{ours}`"));
        }
    }
}

fn run_area(path: &Path, defaults: &Value, report: &mut String) -> Tally {
    let area = path.file_stem().unwrap().to_string_lossy().to_string();
    let text = read(path);
    let mut tally = Tally::default();
    let mut differences = Vec::new();
    let mut misses = ValueMisses::new();
    for (line_no, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let record: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), line_no + 1));
        let name = record["name"].as_str().unwrap_or("?").to_string();
        let case = Case {
            description: record["description"].as_str().unwrap_or("").to_string(),
            files: serde_json::from_value(record["files"].clone()).unwrap_or_else(|e| panic!("{name}: files: {e}")),
            requests: serde_json::from_value(record["requests"].clone()).unwrap_or_else(|e| panic!("{name}: requests: {e}")),
        };
        let analysis = Analysis::new(&case.input());
        tally.cases += 1;
        let before = (tally.agree_request, tally.agree_contacts, tally.requests);
        if !case.requests.is_empty() {
            let outcomes = analysis.simulate(&Scenario { requests: case.requests.clone(), ..Scenario::default() });
            let expected = record["results"].as_array().map(Vec::as_slice).unwrap_or_default();
            assert_eq!(outcomes.len(), expected.len(), "{name}: one outcome per recorded result");
            for (i, (outcome, expected)) in outcomes.iter().zip(expected).enumerate() {
                let label = format!("{name}[{i}] {} from {}", case.requests[i].method, case.requests[i].from);
                let own_dialplan = case.files.contains_key("extensions.conf");
                compare_request(expected, outcome, (&case.requests[i], own_dialplan), &mut tally, &mut differences, &label);
            }
        }
        let requests = tally.requests - before.2;
        if requests > 0 {
            tally.request_cases += 1;
            if tally.agree_request - before.0 == requests && tally.agree_contacts - before.1 == requests {
                tally.agree_cases += 1;
            }
        }
        compare_load(&record, defaults, &analysis, &mut tally, &mut differences, &mut misses);
    }
    let mut worst: Vec<_> = misses.into_iter().collect();
    worst.sort_by_key(|w| std::cmp::Reverse(w.1 .0));
    let _ = writeln!(report, "## {area}: {} differences, {} mismatched value keys", differences.len(), worst.len());
    for d in &differences {
        let _ = writeln!(report, "  {d}");
    }
    for (key, (n, examples)) in &worst {
        let _ = writeln!(report, "  value {key} x{n}");
        for example in examples {
            let _ = writeln!(report, "    {example}");
        }
    }
    for d in differences.iter().take(12) {
        eprintln!("  [{area}] {d}");
    }
    for (key, (n, examples)) in worst.iter().take(8) {
        eprintln!("  [{area}] value {key} x{n}, e.g. {}", examples[0]);
    }
    tally
}

fn row(name: &str, t: &Tally) -> String {
    format!(
        "{name:<11} {:>5} {:>6} | {:>6} {:>6} {:>6} {:>6} {:>6} {:>9} {:>9} | {:>7} | {:>5} {:>15} {:>11}",
        t.cases,
        t.requests,
        t.agree_status,
        t.agree_endpoint,
        t.agree_aor,
        t.agree_request,
        t.agree_contacts,
        format!("{}/{}", t.agree_dialplan, t.dialplan_compared),
        format!("{}/{}", t.agree_expires, t.expires_compared),
        format!("{}/{}", t.agree_cases, t.request_cases),
        t.agree_objects,
        format!("{}/{}", t.agree_values, t.values),
        format!("{}/{}", t.agree_settings, t.settings),
    )
}

#[test]
fn current_code_agrees_with_recorded_asterisk_answers() {
    let dir = repository_root().join("tests/oracle/recorded");
    let files = fixture_files(&dir);
    let defaults = read_json(&dir.join("defaults.json"));
    let baseline_path = dir.join("baseline.json");
    let mut report = String::new();
    let mut measured: BTreeMap<String, Tally> = BTreeMap::new();
    for path in &files {
        let area = path.file_stem().unwrap().to_string_lossy().to_string();
        measured.insert(area, run_area(path, &defaults, &mut report));
    }
    let mut total = Tally::default();
    eprintln!(
        "{:<11} {:>5} {:>6} | {:>6} {:>6} {:>6} {:>6} {:>6} {:>9} {:>9} | {:>7} | {:>5} {:>15} {:>11}",
        "area", "cases", "reqs", "status", "endpt", "aor", "s+e+a", "contct", "dialpl", "expires", "whole", "objs", "values", "settings"
    );
    for (area, t) in &measured {
        eprintln!("{}", row(area, t));
        total.add(t);
    }
    eprintln!("{}", row("total", &total));
    if let Ok(path) = std::env::var("ORACLE_RECORDED_REPORT") {
        std::fs::write(&path, &report).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
    }
    if std::env::var_os("ORACLE_RECORDED_WRITE_BASELINE").is_some() {
        let mut out = Map::new();
        for (area, t) in &measured {
            let figures: Map<String, Value> = t.figures().iter().map(|(k, v)| (k.to_string(), Value::from(*v))).collect();
            out.insert(area.clone(), Value::Object(figures));
        }
        let text = serde_json::to_string_pretty(&Value::Object(out)).unwrap() + "\n";
        std::fs::write(&baseline_path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", baseline_path.display()));
    }
    let baseline = read_json(&baseline_path);
    let mut falls = Vec::new();
    for (area, figures) in baseline.as_object().unwrap_or_else(|| panic!("{} must be an object", baseline_path.display())) {
        let t = measured.get(area).copied().unwrap_or_default();
        for (figure, value) in t.figures() {
            let floor = figures[figure].as_u64().unwrap_or(0) as usize;
            if value < floor {
                falls.push(format!("{area}.{figure}: {value} < {floor}"));
            }
        }
    }
    assert!(falls.is_empty(), "agreement with the recorded oracle fell: {}", falls.join(", "));
}
