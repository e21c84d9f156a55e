//! Diagnostics shared by every layer: syntax, configuration loading and the semantic checks.
//!
//! A diagnostic has a stable [`Code`], a severity, a message in plain words, a primary span (as
//! narrow as possible), optional secondary labels (the other duplicate, the referenced object),
//! notes (what Asterisk will do or log) and an optional fix made of text edits. Rendering is not
//! done here: the CLI renders rustc-style text, the web app renders its own markup.
//!
//! A [`Code`] is typed: it carries its name, family, default severity, a one-line summary and
//! its documentation, fixed at compile time. Each layer defines its own codes with
//! [`define_codes!`](crate::define_codes) (this crate's are in [`crate::codes`]); the checks
//! crate lists every layer's codes in one registry. A code still reads as its name (`Deref` to
//! `str`, `==` with a `&str`, `Display`, serialised as the plain string).

use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Serialize, Serializer};

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

/// The family of a code: the part of its name before the `/` (`option` in `option/unknown`).
/// Each layer names the families it uses; this crate's are [`Family::SYNTAX`] and
/// [`Family::CONFIG`], the codes of parsing and loading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Family(&'static str);

impl Family {
    /// Lines the parser reads differently from what the author meant, or not at all.
    pub const SYNTAX: Family = Family("syntax");
    /// Loading: includes, templates, `(+)` additions, pjsip-lab's own work limits.
    pub const CONFIG: Family = Family("config");

    pub const fn new(name: &'static str) -> Family {
        Family(name)
    }

    /// The family of a code name: what precedes its first `/` (the whole name without one).
    /// Evaluated when a code is defined, at compile time.
    pub const fn of_code(code: &'static str) -> Family {
        let bytes = code.as_bytes();
        let mut i = 0;
        while i < bytes.len() && bytes[i] != b'/' {
            i += 1;
        }
        match std::str::from_utf8(bytes.split_at(i).0) {
            Ok(prefix) => Family(prefix),
            // Cannot happen: `/` is ASCII, so the prefix ends on a character boundary.
            Err(_) => Family(code),
        }
    }

    pub const fn name(self) -> &'static str {
        self.0
    }

    /// Whether codes of this family come from parsing and loading the files (`syntax/*`,
    /// `config/*`), before any object exists.
    pub fn is_loading(self) -> bool {
        self == Family::SYNTAX || self == Family::CONFIG
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// Everything fixed about one diagnostic code. Written once, where the code is defined (see
/// [`define_codes!`](crate::define_codes)); read through [`Code`].
#[derive(Debug, PartialEq, Eq)]
pub struct CodeInfo {
    /// The stable name, `family/rule` (`type/unknown`).
    pub name: &'static str,
    pub family: Family,
    /// The severity a diagnostic of this code gets unless its site says otherwise.
    pub severity: Severity,
    /// One line: what the code is about.
    pub summary: &'static str,
    /// What it means and what Asterisk does, as `docs/diagnostics.md` shows it (Markdown).
    pub docs: &'static str,
}

impl CodeInfo {
    pub const fn new(name: &'static str, severity: Severity, summary: &'static str, docs: &'static str) -> CodeInfo {
        CodeInfo { name, family: Family::of_code(name), severity, summary, docs }
    }
}

/// A stable diagnostic code. Copy, one pointer wide; two codes are equal when their names are.
///
/// It reads as its name wherever a string did: `code == "type/unknown"`,
/// `code.starts_with("syntax/")`, `format!("{code}")`, and serde writes the plain string.
#[derive(Clone, Copy)]
pub struct Code(&'static CodeInfo);

impl Code {
    pub const fn new(info: &'static CodeInfo) -> Code {
        Code(info)
    }

    /// The stable name (`type/unknown`).
    pub const fn name(self) -> &'static str {
        self.0.name
    }

    /// The stable name, for places that want a `&'static str`.
    pub const fn as_str(self) -> &'static str {
        self.0.name
    }

    pub const fn family(self) -> Family {
        self.0.family
    }

    /// The severity its diagnostics get unless the site says otherwise.
    pub const fn severity(self) -> Severity {
        self.0.severity
    }

    pub const fn summary(self) -> &'static str {
        self.0.summary
    }

    pub const fn docs(self) -> &'static str {
        self.0.docs
    }

    /// Everything fixed about this code.
    pub const fn info(self) -> &'static CodeInfo {
        self.0
    }
}

impl PartialEq for Code {
    fn eq(&self, other: &Code) -> bool {
        // Constants may be copied per use site, so the pointers of one code can differ.
        std::ptr::eq(self.0, other.0) || self.0.name == other.0.name
    }
}

impl Eq for Code {}

impl Hash for Code {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.name.hash(state);
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Code) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// By name.
impl Ord for Code {
    fn cmp(&self, other: &Code) -> std::cmp::Ordering {
        self.0.name.cmp(other.0.name)
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.0.name == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.0.name == *other
    }
}

impl PartialEq<String> for Code {
    fn eq(&self, other: &String) -> bool {
        self.0.name == other
    }
}

impl PartialEq<Code> for str {
    fn eq(&self, other: &Code) -> bool {
        self == other.0.name
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.0.name
    }
}

impl std::ops::Deref for Code {
    type Target = str;

    fn deref(&self) -> &str {
        self.0.name
    }
}

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.0.name
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name)
    }
}

/// As the name in quotes, the way the plain string printed.
impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0.name, f)
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.name)
    }
}

/// Defines diagnostic codes as `pub const` [`Code`]s, plus `pub const ALL: &[Code]` listing
/// them in order. Each entry: the constant, the name, the default severity, a one-line
/// summary and the documentation (`docs/diagnostics.md`'s meaning).
///
/// ```
/// pjsip_syntax::define_codes! {
///     EXAMPLE_CODE = "example/code", Warning,
///         "One line about it.",
///         "What it means, in Markdown.";
/// }
/// assert_eq!(EXAMPLE_CODE, "example/code");
/// assert_eq!(EXAMPLE_CODE.family().name(), "example");
/// assert_eq!(ALL.len(), 1);
/// ```
#[macro_export]
macro_rules! define_codes {
    ($($konst:ident = $name:literal, $severity:ident, $summary:literal, $docs:literal;)*) => {
        $(
            #[doc = concat!("`", $name, "`: ", $summary)]
            pub const $konst: $crate::diagnostic::Code = {
                const INFO: $crate::diagnostic::CodeInfo =
                    $crate::diagnostic::CodeInfo::new($name, $crate::diagnostic::Severity::$severity, $summary, $docs);
                $crate::diagnostic::Code::new(&INFO)
            };
        )*
        /// Every code defined here, in order.
        pub const ALL: &[$crate::diagnostic::Code] = &[$($konst),*];
    };
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
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub primary: FileSpan,
    pub secondary: Vec<Label>,
    /// What Asterisk does or logs, in words a user can match against their own logs.
    pub notes: Vec<String>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A finding of `code` at `at`, with the code's default severity.
    pub fn new(code: Code, at: FileSpan, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            primary: at,
            secondary: Vec::new(),
            notes: Vec::new(),
            fix: None,
        }
    }

    /// Another severity than the code's default, for a site that knows better (an include
    /// cycle under `#tryinclude` is only a warning).
    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
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

#[cfg(test)]
mod tests {
    use super::*;

    crate::define_codes! {
        SAMPLE = "sample/code", Hint, "A sample.", "A sample code.";
        OTHER = "other", Error, "No family separator.", "The whole name is the family.";
    }

    #[test]
    fn a_code_reads_as_its_name() {
        assert_eq!(SAMPLE, "sample/code");
        assert!("sample/code" == SAMPLE && SAMPLE != "sample");
        assert!(SAMPLE.starts_with("sample/"));
        assert_eq!(format!("{SAMPLE} {SAMPLE:?}"), "sample/code \"sample/code\"");
        assert_eq!(serde_json::to_string(&SAMPLE).unwrap(), "\"sample/code\"");
        assert_eq!(SAMPLE.family(), Family::new("sample"));
        assert_eq!(OTHER.family().name(), "other");
        assert_eq!(ALL, &[SAMPLE, OTHER]);
    }

    #[test]
    fn equal_names_are_equal_codes() {
        const INFO: CodeInfo = CodeInfo::new("sample/code", Severity::Error, "", "");
        const COPY: Code = Code::new(&INFO);
        assert_eq!(COPY, SAMPLE);
        assert_ne!(OTHER, SAMPLE);
    }

    #[test]
    fn a_diagnostic_takes_the_default_severity_unless_told() {
        let at = FileSpan::new(crate::FileId(0), crate::Span::new(0, 1));
        assert_eq!(Diagnostic::new(SAMPLE, at, "m").severity, Severity::Hint);
        assert!(Diagnostic::new(SAMPLE, at, "m").with_severity(Severity::Error).is_error());
        assert_eq!(serde_json::to_value(Diagnostic::new(OTHER, at, "m")).unwrap()["code"], "other");
    }
}
