//! Plain-text rendering of diagnostics in the style of rustc, for the CLI and snapshots.
//!
//! ```text
//! error[config/missing-base-section]: section `x` inherits from ` u` …
//!  --> pjsip.conf:3:6
//!   |
//! 3 | [x](t, u)
//!   |      ^^ no section of that name appears before it
//!   = note: Asterisk logs "Inheritance requested, …"
//! ```
//!
//! Hand-written and dependency-free; the web app renders the same structs as its own markup.

use std::fmt::Write;

use crate::diagnostic::Diagnostic;
use crate::line_index::LineIndex;
use crate::span::{FileId, FileSpan};

/// Access to file names and texts by id.
pub trait Files {
    fn name(&self, file: FileId) -> &str;
    fn source(&self, file: FileId) -> &str;
}

impl Files for crate::config::Config {
    fn name(&self, file: FileId) -> &str {
        self.file_name(file)
    }
    fn source(&self, file: FileId) -> &str {
        self.text(file)
    }
}

impl Files for crate::source::SourceSet {
    /// Empty for an id this set does not have.
    fn name(&self, file: FileId) -> &str {
        if (file.0 as usize) < self.len() {
            crate::source::SourceSet::name(self, file)
        } else {
            ""
        }
    }
    fn source(&self, file: FileId) -> &str {
        if (file.0 as usize) < self.len() {
            self.text(file)
        } else {
            ""
        }
    }
}

/// Turns byte spans into file names, lines and columns, building each file's line index once
/// and keeping it (a new index per span would make locating n spans of a large file
/// quadratic). The one place spans become human positions: the CLI, the renderer, the
/// migration report and the web app (which adds UTF-16 offsets) all go through it.
pub struct Locator<'a> {
    files: &'a dyn Files,
    indexes: std::cell::RefCell<std::collections::HashMap<FileId, std::rc::Rc<LineIndex>>>,
}

impl std::fmt::Debug for Locator<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locator").finish_non_exhaustive()
    }
}

impl<'a> Locator<'a> {
    pub fn new(files: &'a dyn Files) -> Locator<'a> {
        Locator { files, indexes: Default::default() }
    }

    /// The line index of `file` (built on first use).
    pub fn index(&self, file: FileId) -> std::rc::Rc<LineIndex> {
        let mut indexes = self.indexes.borrow_mut();
        indexes.entry(file).or_insert_with(|| std::rc::Rc::new(LineIndex::new(self.files.source(file)))).clone()
    }

    /// The name and text of `file`.
    pub fn file(&self, file: FileId) -> (&'a str, &'a str) {
        (self.files.name(file), self.files.source(file))
    }

    /// `file`, line and column (1-based, columns in characters) where `at` starts. Offsets past
    /// the end of the text count as its end.
    pub fn location(&self, at: FileSpan) -> (&'a str, u32, u32) {
        let text = self.files.source(at.file);
        let position = self.index(at.file).line_col(text, (at.span.start as usize).min(text.len()));
        (self.files.name(at.file), position.line, position.column)
    }
}

/// Renders diagnostics of one set of files as rustc-style text.
#[derive(Debug)]
pub struct Renderer<'a> {
    locator: Locator<'a>,
}

impl<'a> Renderer<'a> {
    pub fn new(files: &'a dyn Files) -> Renderer<'a> {
        Renderer { locator: Locator::new(files) }
    }

    /// The locator this renderer places spans with.
    pub fn locator(&self) -> &Locator<'a> {
        &self.locator
    }

    /// `file:line:column` (1-based, columns in characters).
    pub fn location(&self, at: FileSpan) -> (&'a str, u32, u32) {
        self.locator.location(at)
    }

    /// Renders one diagnostic as rustc-style text, ending with a newline.
    pub fn render(&self, diagnostic: &Diagnostic) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}[{}]: {}", diagnostic.severity.as_str(), diagnostic.code, diagnostic.message);
        self.snippet(&mut out, diagnostic.primary, '^', "", true);
        for label in &diagnostic.secondary {
            self.snippet(&mut out, label.at, '-', &label.message, label.at.file != diagnostic.primary.file);
        }
        for note in &diagnostic.notes {
            let _ = writeln!(out, "  = note: {note}");
        }
        if let Some(fix) = &diagnostic.fix {
            let _ = writeln!(out, "  = help: {}", fix.title);
        }
        out
    }

    fn snippet(&self, out: &mut String, at: FileSpan, marker: char, label: &str, with_location: bool) {
        let files = self.locator.files;
        let text = files.source(at.file);
        let index = self.locator.index(at.file);
        snippet(out, files, &index, text, at, marker, label, with_location);
    }
}

/// `file:line:column` of one span (builds the file's line index: use a [`Renderer`] for many).
pub fn location(files: &dyn Files, at: FileSpan) -> (String, u32, u32) {
    let (name, line, column) = Renderer::new(files).location(at);
    (name.to_string(), line, column)
}

/// Renders one diagnostic (builds line indexes: use a [`Renderer`] for many).
pub fn render(files: &dyn Files, diagnostic: &Diagnostic) -> String {
    Renderer::new(files).render(diagnostic)
}

#[allow(clippy::too_many_arguments)]
fn snippet(
    out: &mut String,
    files: &dyn Files,
    index: &LineIndex,
    text: &str,
    at: FileSpan,
    marker: char,
    label: &str,
    with_location: bool,
) {
    let start = index.line_col(text, at.span.start as usize);
    let line_no = start.line as usize;
    let gutter = line_no.to_string().len();
    if with_location {
        let _ = writeln!(out, "{:gutter$}--> {}:{}:{}", "", files.name(at.file), start.line, start.column);
    }
    let line_text = index.line_text(text, line_no - 1);
    let line_start = index.line_start(line_no - 1);
    let shown: String = line_text.chars().take(200).collect();
    let from = text[line_start..(at.span.start as usize).min(line_start + line_text.len())].chars().count();
    let end = (at.span.end as usize).min(line_start + line_text.len()).max(at.span.start as usize);
    let width = text[(at.span.start as usize).min(end)..end].chars().count().max(1);
    let (from, width) = (from.min(200), width.min(200usize.saturating_sub(from)).max(1));
    let _ = writeln!(out, "{:gutter$} |", "");
    let _ = writeln!(out, "{line_no} | {}", shown.replace('\t', " "));
    let carets: String = std::iter::repeat_n(marker, width).collect();
    let label = if label.is_empty() { String::new() } else { format!(" {label}") };
    let _ = writeln!(out, "{:gutter$} | {:from$}{carets}{label}", "", "");
}
