//! Printing diagnostics: rustc-style text or a JSON array, the same for every command.

use pjsip_analysis::syntax::render::{self, Files};
use pjsip_analysis::syntax::TextEdit;
use pjsip_analysis::{Diagnostic, Severity};
use serde::Serialize;

use crate::args::Format;

/// A diagnostic flattened for JSON: byte offsets plus 1-based line and column.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub code: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub file: String,
    pub start: u32,
    pub end: u32,
    pub line: u32,
    pub column: u32,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub notes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
pub struct JsonFix<'a> {
    pub title: &'a str,
    pub edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
pub struct JsonEdit<'a> {
    pub file: String,
    pub start: u32,
    pub end: u32,
    pub insert: &'a str,
}

pub fn to_json<'a>(renderer: &render::Renderer<'_>, files: &dyn Files, diagnostic: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let at = diagnostic.primary;
    let (_, line, column) = renderer.location(at);
    let edit = |e: &'a TextEdit| JsonEdit {
        file: files.name(e.at.file).to_string(),
        start: e.at.span.start,
        end: e.at.span.end,
        insert: &e.insert,
    };
    JsonDiagnostic {
        code: diagnostic.code.as_str(),
        severity: diagnostic.severity,
        message: &diagnostic.message,
        file: files.name(at.file).to_string(),
        start: at.span.start,
        end: at.span.end,
        line,
        column,
        notes: &diagnostic.notes,
        fix: diagnostic.fix.as_ref().map(|f| JsonFix { title: &f.title, edits: f.edits.iter().map(edit).collect() }),
    }
}

/// Prints diagnostics to stdout in the chosen format.
pub fn print<'f>(format: Format, items: &[(&'f dyn Files, &Diagnostic)]) {
    // One renderer (with its line indexes) per set of files.
    let mut renderers: Vec<(*const (), render::Renderer<'f>)> = Vec::new();
    let mut which = Vec::with_capacity(items.len());
    for (files, _) in items {
        let key = *files as *const dyn Files as *const ();
        let i = renderers.iter().position(|(k, _)| *k == key).unwrap_or_else(|| {
            renderers.push((key, render::Renderer::new(*files)));
            renderers.len() - 1
        });
        which.push(i);
    }
    match format {
        Format::Json => {
            let json: Vec<JsonDiagnostic> = items.iter().zip(&which).map(|((files, d), &r)| to_json(&renderers[r].1, *files, d)).collect();
            crate::stdout::outln!("{}", serde_json::to_string_pretty(&json).expect("diagnostics serialise"));
        }
        Format::Human => {
            for ((_, diagnostic), &r) in items.iter().zip(&which) {
                crate::stdout::outln!("{}", renderers[r].1.render(diagnostic));
            }
            let count = |s: Severity| items.iter().filter(|(_, d)| d.severity == s).count();
            let (errors, warnings, hints) = (count(Severity::Error), count(Severity::Warning), count(Severity::Hint));
            if items.is_empty() {
                crate::stdout::outln!("no problems found");
            } else {
                crate::stdout::outln!("{errors} error(s), {warnings} warning(s), {hints} hint(s)");
            }
        }
    }
}

/// 1 when any diagnostic is an error, else 0.
pub fn exit_code<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> u8 {
    u8::from(diagnostics.into_iter().any(Diagnostic::is_error))
}

/// Spans to file names and lines, each file's line index built once.
pub use pjsip_analysis::syntax::Locator;

/// The file name and 1-based line where `at` starts.
pub fn file_line<'a>(locator: &Locator<'a>, at: pjsip_analysis::FileSpan) -> (&'a str, u32) {
    let (file, line, _) = locator.location(at);
    (file, line)
}
