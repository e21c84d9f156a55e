//! The lossless syntax tree of one file.
//!
//! Shape: a file is a sequence of [`SectionNode`]s (the first may be a preamble without a
//! header); a section is a run of [`Line`]s; a line is a run of [`Token`]s. Tokens are contiguous
//! and cover the text exactly, so [`SyntaxTree::print`] gives back the input byte for byte.
//! Lines carry a typed payload ([`LineKind`]) with the logical meaning Asterisk gives them.

use serde::Serialize;

use crate::span::Span;

/// Every token kind. Nodes are the typed structs of this module, not kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SyntaxKind {
    /// Spaces, tabs and `\r`.
    Whitespace,
    /// `\n`.
    Newline,
    /// A UTF-8 byte-order mark at the start of the file (Asterisk drops it).
    Bom,
    /// `; …` to the end of the line.
    LineComment,
    /// Part of a `;-- … --;` block comment that falls on this line.
    BlockComment,
    /// The backslash of `\;` (removed by Asterisk; the `;` is kept as text).
    Escape,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Comma,
    SectionName,
    /// One comma-separated item inside `(…)` after a header: `!`, `+`, `+filter` or a base name.
    HeaderOption,
    /// Text after `]` or `)` that Asterisk ignores.
    HeaderTrailing,
    /// `#` of a directive.
    Hash,
    DirectiveName,
    DirectiveArgument,
    Key,
    /// `=`
    Eq,
    /// `=>`
    Arrow,
    /// `+=`
    PlusEq,
    Value,
    /// Text that does not form a valid line (no `=`, unclosed bracket, …).
    Error,
    /// A line longer than Asterisk's 8 KiB line buffer, skipped whole.
    Skipped,
}

/// A leaf: a kind and the bytes it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Token {
    pub kind: SyntaxKind,
    pub span: Span,
}

/// A piece of logical text (after comment removal and unescaping) and where it came from.
///
/// `span` covers the source bytes the text was taken from. When those bytes contain a comment
/// or an escape in the middle, the text differs from the source and is stored in `owned`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Text {
    pub span: Span,
    /// Rare; a thin `Box<String>` (one pointer) keeps every `Text`, hence every line of the
    /// tree, a word smaller than a `Box<str>` would.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owned: Option<Box<String>>,
}

impl Text {
    /// The logical text, given the file's source.
    pub fn as_str<'a>(&'a self, source: &'a str) -> &'a str {
        match &self.owned {
            Some(text) => text.as_str(),
            None => &source[self.span.range()],
        }
    }
}

/// `=`, `=>` or `+=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AssignOp {
    Eq,
    Arrow,
    PlusEq,
}

/// `[name](options)trailing`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Header {
    pub name: Text,
    /// The raw, untrimmed items between the parentheses; `None` without parentheses.
    pub options: Option<Vec<Text>>,
}

/// `key = value`, `key => value` or `key += value`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Assignment {
    /// The option name, trimmed, without a leading escape backslash.
    pub key: Text,
    pub op: AssignOp,
    /// The value, trimmed; an empty span right after the operator when there is none.
    pub value: Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DirectiveKind {
    Include,
    TryInclude,
    Exec,
    Unknown,
}

/// `#include "file"`, `#tryinclude <file>`, `#exec /path`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Directive {
    pub kind: DirectiveKind,
    pub name: Text,
    /// The argument with one pair of `"…"` or `<…>` removed.
    pub argument: Option<Text>,
}

/// What one physical line means to Asterisk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum LineKind {
    /// Nothing but whitespace and comments.
    Blank,
    /// Not boxed: a header is smaller than an assignment, so the box would only cost one
    /// allocation per section.
    Header(Header),
    Assignment(Assignment),
    Directive(Box<Directive>),
    /// Asterisk rejects or ignores this line; a diagnostic says which.
    Invalid,
    /// Longer than Asterisk's line buffer: skipped without being read.
    Skipped,
}

/// One physical line (its span includes the `\n`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Line {
    /// 1-based line number, as Asterisk reports it.
    pub number: u32,
    pub span: Span,
    /// Index range into [`SyntaxTree::tokens`].
    pub tokens: (u32, u32),
    #[serde(flatten)]
    pub kind: LineKind,
}

/// A header line and the lines up to the next header. The first section of a file has no header
/// when the file does not start with one (comments, or lines of an `#include`d fragment).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SectionNode {
    /// Index of the header line in [`SyntaxTree::lines`], if any.
    pub header: Option<u32>,
    /// Index range into [`SyntaxTree::lines`].
    pub lines: (u32, u32),
    pub span: Span,
}

/// The lossless tree of one file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SyntaxTree {
    pub tokens: Vec<Token>,
    pub lines: Vec<Line>,
    pub sections: Vec<SectionNode>,
}

impl SyntaxTree {
    /// Concatenates the text of every token: equal to the parsed input.
    pub fn print(&self, source: &str) -> String {
        let mut out = String::with_capacity(source.len());
        for token in &self.tokens {
            out.push_str(&source[token.span.range()]);
        }
        out
    }

    pub fn line_tokens(&self, line: &Line) -> &[Token] {
        &self.tokens[line.tokens.0 as usize..line.tokens.1 as usize]
    }

    pub fn section_lines(&self, section: &SectionNode) -> &[Line] {
        &self.lines[section.lines.0 as usize..section.lines.1 as usize]
    }

    /// The header payload of a section, if it has one.
    pub fn section_header(&self, section: &SectionNode) -> Option<&Header> {
        let line = &self.lines[section.header? as usize];
        match &line.kind {
            LineKind::Header(header) => Some(header),
            _ => None,
        }
    }

    /// The line containing a byte offset.
    pub fn line_at(&self, offset: usize) -> Option<&Line> {
        let i = self.lines.partition_point(|l| (l.span.end as usize) <= offset);
        self.lines.get(i).filter(|l| l.span.contains_offset(offset) || l.span.start as usize == offset)
    }

    /// The section containing a byte offset.
    pub fn section_at(&self, offset: usize) -> Option<&SectionNode> {
        let i = self.sections.partition_point(|s| (s.span.end as usize) <= offset);
        self.sections.get(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unboxed_header_does_not_grow_lines() {
        // `LineKind::Header` holds its header inline because an assignment is at least as big.
        assert!(size_of::<Header>() <= size_of::<Assignment>());
    }

    #[test]
    fn text_is_a_span_and_one_pointer() {
        assert_eq!(size_of::<Text>(), size_of::<Span>() + size_of::<usize>());
    }
}
