//! Diagnostics shared by every layer: syntax, configuration loading and the semantic checks.
//!
//! A diagnostic has a stable code, a severity, a message in plain words, a primary span (as
//! narrow as possible), optional secondary labels (the other duplicate, the referenced object),
//! notes (what Asterisk will do or log) and an optional fix made of text edits. Rendering is not
//! done here: the CLI renders rustc-style text, the web app renders its own markup.

use serde::Serialize;

use crate::span::FileSpan;

/// How bad a finding is, in Asterisk's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Style or portability; Asterisk does not care.
    Hint,
    /// Asterisk loads it, but it will not behave as the author most likely expects.
    Warning,
    /// Asterisk rejects the file, or the object will not load.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary location with a short explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    pub at: FileSpan,
    pub message: String,
}

/// One replacement of a byte range by new text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TextEdit {
    pub at: FileSpan,
    pub insert: String,
}

/// Whether a fix can be applied without a person looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the author's intent; safe to apply automatically.
    Safe,
    /// Probably right, but changes behaviour: offer it, do not apply it blindly.
    Unsafe,
}

/// A suggested change: a title for the button and the edits, sorted by position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<TextEdit>,
    pub applicability: Applicability,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable identifier such as `syntax/unclosed-bracket`; documented in `docs/diagnostics.md`.
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub primary: FileSpan,
    pub secondary: Vec<Label>,
    /// What Asterisk does or logs, in words a user can match against their own logs.
    pub notes: Vec<String>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(code: &'static str, severity: Severity, at: FileSpan, message: impl Into<String>) -> Diagnostic {
        Diagnostic { code, severity, message: message.into(), primary: at, secondary: Vec::new(), notes: Vec::new(), fix: None }
    }

    pub fn error(code: &'static str, at: FileSpan, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Error, at, message)
    }

    pub fn warning(code: &'static str, at: FileSpan, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Warning, at, message)
    }

    pub fn hint(code: &'static str, at: FileSpan, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Hint, at, message)
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn with_label(mut self, at: FileSpan, message: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label { at, message: message.into() });
        self
    }

    pub fn with_fix(mut self, title: impl Into<String>, applicability: Applicability, mut edits: Vec<TextEdit>) -> Diagnostic {
        edits.sort_by_key(|e| (e.at.file, e.at.span.start));
        self.fix = Some(Fix { title: title.into(), edits, applicability });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
