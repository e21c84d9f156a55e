//! From an [`Analysis`] to the plain rows the page renders: no DOM here. Byte spans become
//! UTF-16 offsets (the editor's unit) only in this module, the edge of the app.

use std::collections::HashMap;
use std::sync::Arc;

use pjsip_analysis::syntax::{codes, utf16_offsets, Parse};
use pjsip_analysis::{Analysis, FileId, FileSpan, Object, SettingOrigin, Severity};
use serde::Serialize;

use crate::documents::{Revision, Snapshot};

pub use pjsip_workspace::browser_environment;

/// A shared, immutable analysis with the revisions of the texts it read and how long it took.
/// Equality is identity: a new analysis is always news.
#[derive(Clone, Debug)]
pub struct AnalysisRef(Arc<Analyzed>);

#[derive(Debug)]
struct Analyzed {
    analysis: Analysis,
    /// (file name, revision) of every file read.
    revisions: Vec<(String, Revision)>,
    elapsed_ms: f64,
}

impl AnalysisRef {
    /// Analyses a snapshot of the files; `now` reads a clock in milliseconds.
    pub fn new(snapshot: &Snapshot, now: impl Fn() -> f64) -> AnalysisRef {
        let start = now();
        let analysis = Analysis::new(&snapshot.input);
        let elapsed_ms = now() - start;
        let revisions = snapshot.input.files.iter().map(|f| f.name.clone()).zip(snapshot.revisions.iter().copied()).collect();
        AnalysisRef(Arc::new(Analyzed { analysis, revisions, elapsed_ms }))
    }

    /// The revision of file `name` this analysis read.
    pub fn revision_of(&self, name: &str) -> Option<Revision> {
        self.0.revisions.iter().find(|(n, _)| n == name).map(|&(_, r)| r)
    }

    /// How long the analysis took (ms).
    pub fn elapsed_ms(&self) -> f64 {
        self.0.elapsed_ms
    }
}

impl PartialEq for AnalysisRef {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for AnalysisRef {
    type Target = Analysis;
    fn deref(&self) -> &Analysis {
        &self.0.analysis
    }
}

/// The parse of file `id` the analysis made, if the file was read (the root, the wizard file,
/// and what they include).
pub fn parse_of(analysis: &Analysis, id: FileId) -> Option<Arc<Parse>> {
    let configs = [Some(&analysis.config), analysis.wizard.as_ref(), analysis.extensions.as_ref(), analysis.acl_conf.as_ref()];
    configs.into_iter().flatten().find_map(|c| c.parses.get(id.0 as usize).cloned().flatten())
}

/// A place in a file, ready for the editor.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Place {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub from16: u32,
    pub to16: u32,
}

/// Converts byte spans of an analysis to [`Place`]s: lines and columns from the syntax
/// crate's [`pjsip_analysis::syntax::Locator`], plus the UTF-16 offsets the editor counts in.
#[derive(Debug)]
pub struct Locator<'a> {
    locator: pjsip_analysis::syntax::Locator<'a>,
}

impl<'a> Locator<'a> {
    pub fn new(analysis: &'a Analysis) -> Locator<'a> {
        Locator { locator: pjsip_analysis::syntax::Locator::new(analysis) }
    }

    /// Many spans at once (one pass over each file's text for the UTF-16 conversion).
    pub fn places(&mut self, spans: &[FileSpan]) -> Vec<Place> {
        let mut by_file: HashMap<FileId, Vec<usize>> = HashMap::new();
        for (i, s) in spans.iter().enumerate() {
            by_file.entry(s.file).or_default().push(i);
        }
        let mut out: Vec<Option<Place>> = vec![None; spans.len()];
        for (file, members) in by_file {
            let (name, text) = self.locator.file(file);
            let offsets: Vec<usize> = members.iter().flat_map(|&i| [spans[i].span.start as usize, spans[i].span.end as usize]).collect();
            let units = utf16_offsets(text, &offsets);
            let index = self.locator.index(file);
            for (k, &i) in members.iter().enumerate() {
                let lc = index.line_col(text, spans[i].span.start as usize);
                out[i] = Some(Place {
                    file: name.to_string(),
                    line: lc.line,
                    column: lc.column,
                    from16: units[2 * k] as u32,
                    to16: units[2 * k + 1] as u32,
                });
            }
        }
        out.into_iter().map(|p| p.expect("every span placed")).collect()
    }

    pub fn place(&mut self, span: FileSpan) -> Place {
        self.places(&[span]).pop().expect("one place")
    }
}

/// One edit of a quick fix, in UTF-16 offsets of its file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EditView {
    pub from: u32,
    pub to: u32,
    pub insert: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FixView {
    pub title: String,
    /// The file the edits apply to (fixes never span files).
    #[serde(skip)]
    pub file: String,
    pub edits: Vec<EditView>,
}

/// One row of the problems list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiagnosticRow {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub notes: Vec<String>,
    pub at: Place,
    /// Other places involved (the duplicate, the referenced object), with what they are.
    pub related: Vec<(Place, String)>,
    pub fix: Option<FixView>,
}

impl DiagnosticRow {
    pub fn key(&self) -> (String, u32, u32, &'static str, String) {
        (self.at.file.clone(), self.at.from16, self.at.to16, self.code, self.message.clone())
    }
}

/// Everything the problems panel shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problems {
    pub rows: Vec<DiagnosticRow>,
    pub errors: usize,
    pub warnings: usize,
    pub hints: usize,
    /// Asterisk would refuse the whole pjsip.conf.
    pub rejected: bool,
}

impl Problems {
    pub fn new(analysis: &Analysis) -> Problems {
        let diagnostics = analysis.diagnostics();
        let mut spans = Vec::new();
        for d in diagnostics {
            spans.push(d.primary);
            spans.extend(d.secondary.iter().map(|l| l.at));
            if let Some(fix) = &d.fix {
                spans.extend(fix.edits.iter().map(|e| e.at));
            }
        }
        let mut places = Locator::new(analysis).places(&spans).into_iter();
        let rows: Vec<DiagnosticRow> = diagnostics
            .iter()
            .map(|d| {
                let at = places.next().expect("primary");
                let related = d.secondary.iter().map(|l| (places.next().expect("label"), l.message.clone())).collect();
                let fix = d.fix.as_ref().map(|f| {
                    let edits: Vec<EditView> = f
                        .edits
                        .iter()
                        .map(|e| {
                            let p = places.next().expect("edit");
                            EditView { from: p.from16, to: p.to16, insert: e.insert.clone() }
                        })
                        .collect();
                    let file = f.edits.first().map(|e| analysis.file(e.at.file).0.to_string()).unwrap_or_default();
                    FixView { title: f.title.clone(), file, edits }
                });
                let code = d.code.as_str();
                DiagnosticRow { severity: d.severity, code, message: d.message.clone(), notes: d.notes.clone(), at, related, fix }
            })
            .collect();
        let count = |s: Severity| rows.iter().filter(|d| d.severity == s).count();
        Problems {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            hints: count(Severity::Hint),
            rejected: analysis.config.is_rejected(),
            rows,
        }
    }

    pub fn summary(&self) -> String {
        if self.rows.is_empty() {
            return "No problems found".into();
        }
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!("{}, {}, {}", plural(self.errors, "error"), plural(self.warnings, "warning"), plural(self.hints, "hint"))
    }
}

/// One lint marker for CodeMirror.
#[derive(Serialize)]
struct LintMarker<'a> {
    from: u32,
    to: u32,
    severity: &'static str,
    message: String,
    source: &'static str,
    fixes: Vec<&'a FixView>,
}

/// The markers of one file as JSON for `setLint`.
pub fn lint_json(problems: &Problems, file: &str) -> String {
    let markers: Vec<LintMarker<'_>> = problems
        .rows
        .iter()
        .filter(|r| r.at.file == file)
        .map(|r| {
            let mut message = r.message.clone();
            for note in &r.notes {
                message.push_str("\n• ");
                message.push_str(note);
            }
            LintMarker {
                from: r.at.from16,
                to: r.at.to16,
                severity: r.severity.as_str(),
                message,
                source: r.code,
                fixes: r.fix.iter().filter(|f| f.file == file).collect(),
            }
        })
        .collect();
    serde_json::to_string(&markers).unwrap_or_else(|_| "[]".into())
}

/// One effective value with where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueRow {
    pub option: String,
    /// As Asterisk shows it (`pjsip show …`).
    pub value: String,
    /// The configuration's own text, where it differs.
    pub as_written: Option<String>,
    pub is_default: bool,
    /// "line 12", "template phone-tpl, line 3", "wizard itsp", "default".
    pub origin: String,
    pub at: Option<Place>,
}

/// One object in the effective-config view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectView {
    pub type_name: &'static str,
    pub id: String,
    pub wizard: Option<String>,
    pub header: Place,
    pub values: Vec<ValueRow>,
}

impl ObjectView {
    pub fn new(analysis: &Analysis, object: &Object) -> ObjectView {
        let mut locator = Locator::new(analysis);
        let header = locator.place(object.header_at);
        let values = object
            .effective_rows()
            .map(|row| {
                let v = row.value;
                let last = v.set_by.last();
                let at = last.map(|s| locator.place(s.at));
                let origin = match (last, &at) {
                    (None, _) => "default".to_string(),
                    (Some(s), Some(p)) => match &s.origin {
                        SettingOrigin::Own => format!("{}:{}", p.file, p.line),
                        SettingOrigin::Template(t) => format!("template {t}, {}:{}", p.file, p.line),
                        SettingOrigin::Wizard(w) => format!("wizard {w}, {}:{}", p.file, p.line),
                    },
                    (Some(_), None) => String::new(),
                };
                ValueRow {
                    option: v.name.to_string(),
                    value: row.shown,
                    as_written: row.as_written.map(str::to_string),
                    is_default: v.is_default(),
                    origin,
                    at,
                }
            })
            .collect();
        ObjectView { type_name: object.type_name(), id: object.id.clone(), wizard: object.wizard.clone(), header, values }
    }
}

/// The objects (and rejected objects) defined by the section that holds byte `offset` of `file`,
/// found through the file's syntax tree (no walk over every section).
pub fn objects_at<'a>(analysis: &'a Analysis, file: &str, offset: usize) -> (Vec<&'a Object>, Vec<String>) {
    let Some(id) = analysis.file_id(file) else { return (Vec::new(), Vec::new()) };
    let Some(parse) = parse_of(analysis, id) else { return (Vec::new(), Vec::new()) };
    let tree = &parse.tree;
    // The end of the text belongs to the last section (the cursor after a final line break).
    let last = tree.sections.last().map_or(0, |s| s.span.end as usize);
    let header = tree.section_at(offset.min(last.saturating_sub(1))).and_then(|s| s.header).map(|h| tree.lines[h as usize].span.start);
    let Some(start) = header else { return (Vec::new(), Vec::new()) };
    let objects = analysis.objects().iter().filter(|o| o.header_at.file == id && o.header_at.span.start == start).collect();
    let rejected = analysis
        .rejected()
        .iter()
        .filter(|r| r.header_at.file == id && r.header_at.span.start == start)
        .map(|r| format!("{} '{}' does not load: {}.", r.type_name(), r.id, analysis.rejection_text(r)))
        .collect();
    (objects, rejected)
}

/// Files that an `#include`/`#tryinclude` names but the workspace lacks (plain names only: a glob
/// or a path outside the workspace cannot become a tab).
pub fn missing_includes(analysis: &Analysis) -> Vec<String> {
    let mut names: Vec<String> = analysis
        .diagnostics()
        .iter()
        .filter(|d| d.code == codes::CONFIG_INCLUDE_NOT_FOUND || d.code == codes::CONFIG_TRYINCLUDE_NOT_FOUND)
        .filter_map(|d| {
            let text = analysis.file(d.primary.file).1;
            // The span covers the directive; its argument follows the first space.
            let directive = text.get(d.primary.span.range())?.trim();
            let argument =
                directive.strip_prefix('#').map_or(directive, |rest| rest.split_once(char::is_whitespace).map_or("", |(_, a)| a));
            let argument = argument.trim().trim_matches(|c| matches!(c, '"' | '<' | '>'));
            let plain = !argument.is_empty() && !argument.contains(['*', '?', '[', '/']);
            plain.then(|| argument.to_string())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Applies byte-free UTF-16 edits to a text (for fixes applied from the problems list while
/// their file is not in the editor).
pub fn apply_edits(text: &str, edits: &[EditView]) -> String {
    let mut edits: Vec<&EditView> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.from));
    let mut out = text.to_string();
    for e in edits {
        let from = pjsip_analysis::syntax::byte_offset_from_utf16(&out, e.from as usize);
        let to = pjsip_analysis::syntax::byte_offset_from_utf16(&out, e.to as usize).max(from);
        out.replace_range(from..to, &e.insert);
    }
    out
}

// These run in the browser with the other wasm tests (`cargo test --target wasm32-unknown-unknown`),
// so the web crate never needs a native build of Leptos.
#[cfg(test)]
mod tests {
    use super::*;
    use pjsip_analysis::Input;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[test]
    fn offsets_are_utf16() {
        let text = "[é😀](t)\n";
        let analysis = Analysis::new(&Input::single(text));
        let problems = Problems::new(&analysis);
        let d = &problems.rows[0];
        assert_eq!(d.code, "config/missing-base-section");
        // `t` is at byte 9 but UTF-16 unit 6: `[`, `é`, `😀` (two units), `]`, `(`.
        assert_eq!((d.at.from16, d.at.to16), (6, 7));
        assert_eq!((d.at.line, d.at.column), (1, 6));
        assert!(problems.rejected);
        let json = lint_json(&problems, "pjsip.conf");
        assert!(json.contains(r#""from":6,"to":7"#), "{json}");
    }

    #[test]
    fn fixes_carry_utf16_edits_that_apply() {
        let text = "[6001]\ntype=Endpoint\n";
        let analysis = Analysis::new(&Input::single(text));
        let problems = Problems::new(&analysis);
        let fix = problems.rows.iter().find_map(|r| r.fix.clone()).expect("a fix for the type case");
        assert_eq!(apply_edits(text, &fix.edits), "[6001]\ntype=endpoint\n");
    }

    #[test]
    fn missing_includes_become_tab_suggestions() {
        let text = "#include \"extra.conf\"\n#tryinclude <opt.conf>\n#include dir/*.conf\n";
        let analysis = Analysis::new(&Input::single(text));
        assert_eq!(missing_includes(&analysis), vec!["extra.conf", "opt.conf"]);
    }

    #[test]
    fn effective_view_tells_where_values_come_from() {
        let text = "[t](!)\ntype=endpoint\ncontext=office\n[6001](t)\ndtmf_mode=info\n";
        let analysis = Analysis::new(&Input::single(text));
        let (objects, rejected) = objects_at(&analysis, "pjsip.conf", text.find("dtmf").unwrap());
        assert!(rejected.is_empty());
        let view = ObjectView::new(&analysis, objects[0]);
        let row = |name: &str| view.values.iter().find(|v| v.option == name).unwrap().clone();
        assert_eq!(row("dtmf_mode").origin, "pjsip.conf:5");
        assert_eq!(row("context").origin, "template t, pjsip.conf:3");
        assert!(row("allow_overlap").is_default);
        // Shown as Asterisk shows it, the file's text beside it.
        let text = "[6001]\ntype=endpoint\ndirect_media=YES\n";
        let analysis = Analysis::new(&Input::single(text));
        let (objects, _) = objects_at(&analysis, "pjsip.conf", 1);
        let view = ObjectView::new(&analysis, objects[0]);
        let direct = view.values.iter().find(|v| v.option == "direct_media").unwrap();
        assert_eq!((direct.value.as_str(), direct.as_written.as_deref()), ("true", Some("YES")));
        assert!(view.values.iter().all(|v| v.option != "type"));
    }
}
