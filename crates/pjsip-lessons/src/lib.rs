//! Interactive troubleshooting lessons: the problems users hit most, each as a broken
//! configuration, the requests that show the failure in the simulator, the diagnosis in plain
//! words, and the one-click fix after which the simulator shows it working.
//!
//! The lessons are data (`data/lessons/<id>.json`, our own prose), compiled in with
//! `include_str!` and read once. Every lesson is also a test: [`Lesson::check`] runs the broken
//! configuration through the validator and the simulator, applies the fix, and runs both again
//! (`tests/lessons.rs` calls it for every lesson). See `docs/lessons.md`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize};

use pjsip_checks::Rule;
use pjsip_model::values::Environment;
use pjsip_model::{AsteriskVersion, Diagnostic, FileId, Input, InputFile, Severity, PJSIP_CONF};
use pjsip_simulate::{Outcome, Request, Scenario};
use pjsip_syntax::Code;

/// What a lesson needs from the analysis of its files: the diagnostics with their fixes, the
/// file names behind their spans, and the simulator. The analysis facade implements it; this
/// crate does not depend on it.
pub trait Analysed {
    fn diagnostics(&self) -> &[Diagnostic];
    fn file_name(&self, file: FileId) -> &str;
    fn simulate(&self, scenario: &Scenario) -> Vec<Outcome>;
}

/// The lesson files, in the order they are taught (the order of issue 7 §3).
/// The lesson files compiled in (what the text bundle carries to the browser).
#[cfg(feature = "embedded-text")]
pub const SOURCES: &[(&str, &str)] = &[
    ("no-matching-endpoint.json", include_str!("../../../data/lessons/no-matching-endpoint.json")),
    ("failed-to-authenticate.json", include_str!("../../../data/lessons/failed-to-authenticate.json")),
    ("aor-no-max-contacts.json", include_str!("../../../data/lessons/aor-no-max-contacts.json")),
    ("exceed-max-contacts.json", include_str!("../../../data/lessons/exceed-max-contacts.json")),
    ("aor-not-found.json", include_str!("../../../data/lessons/aor-not-found.json")),
    ("wrong-endpoint-matched.json", include_str!("../../../data/lessons/wrong-endpoint-matched.json")),
    ("one-way-audio-nat.json", include_str!("../../../data/lessons/one-way-audio-nat.json")),
    ("provider-registration-rejected.json", include_str!("../../../data/lessons/provider-registration-rejected.json")),
    ("tls-option-names.json", include_str!("../../../data/lessons/tls-option-names.json")),
    ("transport-bind-conflict.json", include_str!("../../../data/lessons/transport-bind-conflict.json")),
    ("no-common-codec.json", include_str!("../../../data/lessons/no-common-codec.json")),
];

/// One file of a lesson's configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LessonFile {
    pub name: String,
    pub text: String,
}

/// One explicit replacement: the first occurrence of `find` in `file` becomes `replace`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replacement {
    #[serde(default = "default_file")]
    pub file: String,
    pub find: String,
    pub replace: String,
}

fn default_file() -> String {
    PJSIP_CONF.to_string()
}

/// How a lesson's configuration is repaired: first the quick fixes of every diagnostic with the
/// code `quick_fix` (the same fixes the editor offers), then the explicit replacements, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonFix {
    /// The label of the one-click button.
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quick_fix: Option<Rule>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<Replacement>,
}

/// What the simulator must answer to one request of the lesson (absent fields are not checked).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// Index of the request in `requests`; the last one when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<usize>,
    /// The final status; `null` means Asterisk sends no answer at all. Always checked.
    #[serde(deserialize_with = "nullable_status")]
    pub status: Option<u16>,
    /// A phrase the logged line must contain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<String>,
    /// The identified endpoint; `null` means none.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<Option<String>>,
    /// The AOR the registrar matched; `null` means none.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub aor: Option<Option<String>>,
    /// The dialplan context the call entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// The URI of a contact the request added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

fn nullable<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

fn nullable_status<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u16>, D::Error> {
    Option::<u16>::deserialize(deserializer)
}

/// One troubleshooting lesson.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    /// What the user sees: the log line (with Asterisk's key phrase) or the behaviour.
    pub symptom: String,
    /// Why it happens and what to change, in two to four plain sentences.
    pub diagnosis: String,
    /// Which part the validator shows and which the simulator shows (and what neither models).
    pub shown_by: String,
    /// The broken configuration.
    pub files: Vec<LessonFile>,
    /// Whether the key and certificate files the configuration names exist on the host.
    pub key_files_present: bool,
    /// The requests that reproduce the problem (empty when the simulator cannot show it).
    pub requests: Vec<Request>,
    /// The warning and error codes the validator reports on the broken configuration
    /// (empty when the problem cannot be seen statically). A name no rule has fails the reading.
    pub codes: Vec<Rule>,
    pub expect_before: Option<Expectation>,
    pub fix: LessonFix,
    pub expect_after: Option<Expectation>,
}

/// The on-disk form: files as a map of name to text or to a list of lines.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LessonSource {
    id: String,
    title: String,
    symptom: String,
    diagnosis: String,
    shown_by: String,
    #[serde(default)]
    key_files_present: bool,
    files: BTreeMap<String, FileText>,
    #[serde(default)]
    requests: Vec<Request>,
    codes: Vec<Rule>,
    expect_before: Option<Expectation>,
    fix: LessonFix,
    expect_after: Option<Expectation>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum FileText {
    Text(String),
    Lines(Vec<String>),
}

impl FileText {
    fn into_text(self) -> String {
        match self {
            FileText::Text(text) => text,
            FileText::Lines(lines) => lines.iter().map(|l| format!("{l}\n")).collect(),
        }
    }
}

fn parse(file: &str, json: &str) -> Result<Lesson, String> {
    let source: LessonSource = serde_json::from_str(json).map_err(|e| format!("data/lessons/{file}: {e}"))?;
    let mut files: Vec<LessonFile> = source.files.into_iter().map(|(name, text)| LessonFile { name, text: text.into_text() }).collect();
    files.sort_by_key(|f| f.name != PJSIP_CONF);
    Ok(Lesson {
        id: source.id,
        title: source.title,
        symptom: source.symptom,
        diagnosis: source.diagnosis,
        shown_by: source.shown_by,
        files,
        key_files_present: source.key_files_present,
        requests: source.requests,
        codes: source.codes,
        expect_before: source.expect_before,
        fix: source.fix,
        expect_after: source.expect_after,
    })
}

/// The lesson files: compiled in, or (without `embedded-text`) from the installed text bundle.
fn sources() -> &'static [(&'static str, &'static str)] {
    #[cfg(feature = "embedded-text")]
    {
        SOURCES
    }
    #[cfg(not(feature = "embedded-text"))]
    {
        pjsip_explain::text::installed_lessons()
    }
}

fn loaded() -> &'static (Vec<Lesson>, Vec<String>) {
    // Not cached while there is nothing to read: the text bundle may be installed later.
    static EMPTY: (Vec<Lesson>, Vec<String>) = (Vec::new(), Vec::new());
    if sources().is_empty() {
        return &EMPTY;
    }
    static LESSONS: OnceLock<(Vec<Lesson>, Vec<String>)> = OnceLock::new();
    LESSONS.get_or_init(|| {
        let mut lessons = Vec::new();
        let mut errors = Vec::new();
        for (file, json) in sources() {
            match parse(file, json) {
                Ok(lesson) => lessons.push(lesson),
                Err(e) => errors.push(e),
            }
        }
        (lessons, errors)
    })
}

/// Every lesson, in teaching order. A lesson file that does not parse is left out (never a
/// panic); [`load_errors`] says which, and the tests require it to be empty.
pub fn lessons() -> &'static [Lesson] {
    &loaded().0
}

/// The lesson with this id.
pub fn lesson(id: &str) -> Option<&'static Lesson> {
    lessons().iter().find(|l| l.id == id)
}

/// Why lesson files were left out (empty when all parse).
pub fn load_errors() -> &'static [String] {
    &loaded().1
}

/// The ids of the lesson files compiled in (to compare with the directory's contents).
pub fn source_files() -> impl Iterator<Item = &'static str> {
    sources().iter().map(|(file, _)| *file)
}

impl Lesson {
    fn input_of(&self, files: &[LessonFile]) -> Input {
        let mut input =
            Input::new(files.iter().map(|f| InputFile { name: f.name.clone(), text: f.text.clone() }).collect(), AsteriskVersion::V22);
        input.environment = Environment { referenced_files_available: self.key_files_present, ..Environment::default() };
        input
    }

    /// The analysis input of the broken configuration.
    pub fn broken_input(&self) -> Input {
        self.input_of(&self.files)
    }

    /// The scenario to simulate (before and after the fix alike).
    pub fn scenario(&self) -> Scenario {
        Scenario { requests: self.requests.clone(), ..Scenario::default() }
    }

    /// The files after the fix: the quick fixes of `fix.quick_fix` taken from `broken` (the
    /// analysis of [`Lesson::broken_input`]), then the replacements. Errors name what could not
    /// be applied (no such diagnostic or fix, a `find` text that is not there).
    pub fn fixed_files(&self, broken: &impl Analysed) -> Result<Vec<LessonFile>, String> {
        let mut files = self.files.clone();
        if let Some(code) = &self.fix.quick_fix {
            // Edits per file, applied back to front so earlier byte offsets stay valid.
            let mut edits: BTreeMap<String, Vec<(usize, usize, String)>> = BTreeMap::new();
            for diagnostic in broken.diagnostics().iter().filter(|d| d.code == *code) {
                for edit in diagnostic.fix.iter().flat_map(|f| &f.edits) {
                    let name = broken.file_name(edit.at.file);
                    edits.entry(name.to_string()).or_default().push((
                        edit.at.span.start as usize,
                        edit.at.span.end as usize,
                        edit.insert.clone(),
                    ));
                }
            }
            if edits.is_empty() {
                return Err(format!("no diagnostic `{code}` with a quick fix"));
            }
            for (name, mut list) in edits {
                let file = files
                    .iter_mut()
                    .find(|f| f.name == name)
                    .ok_or_else(|| format!("the fix edits `{name}`, which is not a lesson file"))?;
                list.sort_by_key(|(start, end, _)| std::cmp::Reverse((*start, *end)));
                list.dedup();
                for (start, end, insert) in list {
                    if end > file.text.len() || start > end || !file.text.is_char_boundary(start) || !file.text.is_char_boundary(end) {
                        return Err(format!("the quick fix of `{code}` edits outside `{name}`"));
                    }
                    file.text.replace_range(start..end, &insert);
                }
            }
        }
        for edit in &self.fix.edits {
            let file = files.iter_mut().find(|f| f.name == edit.file).ok_or_else(|| format!("no lesson file `{}`", edit.file))?;
            let at = file.text.find(&edit.find).ok_or_else(|| format!("`{}` does not contain {:?}", edit.file, edit.find))?;
            file.text.replace_range(at..at + edit.find.len(), &edit.replace);
        }
        Ok(files)
    }

    /// The analysis input of the fixed configuration.
    pub fn fixed_input(&self, broken: &impl Analysed) -> Result<Input, String> {
        self.fixed_files(broken).map(|files| self.input_of(&files))
    }

    /// Verifies the lesson end to end: the broken configuration reports exactly `codes` among
    /// its warnings and errors, and the simulator answers as `expect_before`; after the fix
    /// none of the codes (nor any other warning or error) remains and the simulator answers as
    /// `expect_after`. The error lists every mismatch. `analyse` is the whole analysis (the
    /// facade's `Analysis::new`).
    pub fn check<A: Analysed>(&self, analyse: impl Fn(&Input) -> A) -> Result<(), String> {
        let mut problems = Vec::new();
        if self.requests.is_empty() != self.expect_before.is_none() || self.requests.is_empty() != self.expect_after.is_none() {
            problems.push("requests and expectations go together: give both or neither".to_string());
        }
        if self.requests.is_empty() && self.codes.is_empty() {
            problems.push("neither the validator nor the simulator shows the problem".to_string());
        }

        let broken = analyse(&self.broken_input());
        let before = serious_codes(&broken);
        let mut expected_codes: Vec<Code> = self.codes.iter().map(|r| r.code()).collect();
        expected_codes.sort();
        expected_codes.dedup();
        if before != expected_codes {
            problems.push(format!("broken config: expected codes {expected_codes:?}, the validator reports {before:?}"));
        }
        if let Some(expect) = &self.expect_before {
            compare("before the fix", expect, &broken.simulate(&self.scenario()), &mut problems);
        }

        match self.fixed_input(&broken) {
            Err(e) => problems.push(format!("fix: {e}")),
            Ok(input) => {
                let fixed = analyse(&input);
                let after = serious_codes(&fixed);
                if !after.is_empty() {
                    problems.push(format!("fixed config still reports {after:?}"));
                }
                if let Some(expect) = &self.expect_after {
                    compare("after the fix", expect, &fixed.simulate(&self.scenario()), &mut problems);
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("lesson `{}`: {}", self.id, problems.join("; ")))
        }
    }
}

/// The distinct codes of warnings and errors (hints such as `transport/restart` are advice that
/// every example would carry, so they are not part of a lesson's claim).
/// Sorted by name.
pub fn serious_codes(analysis: &impl Analysed) -> Vec<Code> {
    let mut codes: Vec<Code> = analysis.diagnostics().iter().filter(|d| d.severity != Severity::Hint).map(|d| d.code).collect();
    codes.sort();
    codes.dedup();
    codes
}

/// Adds to `problems` every way `outcomes` differ from `expect`.
fn compare(when: &str, expect: &Expectation, outcomes: &[Outcome], problems: &mut Vec<String>) {
    let index = expect.request.unwrap_or(outcomes.len().saturating_sub(1));
    let Some(outcome) = outcomes.get(index) else {
        problems.push(format!("{when}: no request {index}"));
        return;
    };
    let mut differ = |what: &str, want: String, got: String| {
        if want != got {
            problems.push(format!("{when}, request {index}: expected {what} {want}, the simulator gives {got}"));
        }
    };
    differ("status", format!("{:?}", expect.status), format!("{:?}", outcome.status));
    if let Some(log) = &expect.log {
        let got = outcome.log.clone().unwrap_or_default();
        if !got.contains(log.as_str()) {
            differ("a log line containing", format!("{log:?}"), format!("{got:?}"));
        }
    }
    if let Some(endpoint) = &expect.endpoint {
        differ("endpoint", format!("{endpoint:?}"), format!("{:?}", outcome.endpoint));
    }
    if let Some(aor) = &expect.aor {
        differ("AOR", format!("{aor:?}"), format!("{:?}", outcome.aor));
    }
    if let Some(context) = &expect.context {
        differ("context", format!("{:?}", Some(context)), format!("{:?}", outcome.dialplan.as_ref().map(|d| &d.context)));
    }
    if let Some(contact) = &expect.contact {
        if !outcome.contacts_added.iter().any(|c| &c.uri == contact) {
            let added: Vec<&str> = outcome.contacts_added.iter().map(|c| c.uri.as_str()).collect();
            differ("an added contact", format!("{contact:?}"), format!("{added:?}"));
        }
    }
}

#[cfg(all(test, feature = "embedded-text"))]
mod tests {
    use super::*;

    #[test]
    fn a_lesson_naming_a_code_no_rule_has_is_refused() {
        let (file, json) = SOURCES.iter().find(|(_, json)| json.contains("\"codes\": [\"")).expect("a lesson with codes");
        assert!(parse(file, json).is_ok());
        let broken = json.replacen("\"codes\": [\"", "\"codes\": [\"nat/partal\", \"", 1);
        let error = parse(file, &broken).expect_err("refused");
        assert!(error.contains("`nat/partal` is not a diagnostic code"), "{error}");
    }
}
