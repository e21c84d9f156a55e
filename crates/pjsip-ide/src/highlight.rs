//! Syntax highlighting from the parser's own tokens.
//!
//! The editor colours a file with the tokens [`pjsip_syntax::parse`] produces — the same tokens
//! the loader reads — so what looks like a comment on screen is exactly what Asterisk skips. There
//! is no second grammar to drift: `;-----;` banners (a `;` and three dashes is an ordinary
//! comment, not a block opener), `\;` escapes, `;-- … --;` blocks across lines and the stray
//! `--;` that comments out the rest of a file are coloured the way the parser reads them.
//!
//! [`highlight`] classifies the tokens of a byte range of a parsed file (the part of the file an
//! editor shows) into a few [`HighlightClass`]es; an LSP server can map the same classes to
//! semantic token types. Promises: it never fails (a range past the end or backwards gives fewer
//! pieces, never a panic); pieces are in order, do not overlap, lie inside the range and on
//! character boundaries of the text; touching tokens of one class come as one piece. Cost:
//! O(log n) to find the range plus O(k) for the k tokens in it.

use std::ops::Range;

use pjsip_syntax::{floor_char_boundary, FileId, Span, SyntaxKind, SyntaxTree};
use serde::Serialize;

/// What a piece of text is, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HighlightClass {
    /// `; …` and `;-- … --;`: text Asterisk skips.
    Comment,
    /// `[name]`: the brackets and the section name.
    Section,
    /// `(!,base)` after a header: the parentheses, commas and items.
    Template,
    /// `#include`, `#tryinclude`, `#exec`: the `#` and the word.
    Directive,
    /// What a directive names (`"file.conf"`).
    DirectiveArgument,
    /// The option name of an assignment.
    Key,
    /// `=`, `=>`, `+=`.
    Operator,
    /// The value of an assignment.
    Value,
    /// The backslash of `\;`.
    Escape,
    /// Text Asterisk ignores without it being a comment: after a header's `]` or `)`, and lines
    /// too long for its line buffer.
    Ignored,
    /// Text that forms no valid line (the diagnostics say why).
    Invalid,
}

impl HighlightClass {
    /// Every class, in a fixed order (an editor can build one style per entry).
    pub const ALL: [HighlightClass; 11] = [
        HighlightClass::Comment,
        HighlightClass::Section,
        HighlightClass::Template,
        HighlightClass::Directive,
        HighlightClass::DirectiveArgument,
        HighlightClass::Key,
        HighlightClass::Operator,
        HighlightClass::Value,
        HighlightClass::Escape,
        HighlightClass::Ignored,
        HighlightClass::Invalid,
    ];

    /// A short kebab-case name (`comment`, `directive-argument`, …).
    pub const fn name(self) -> &'static str {
        match self {
            HighlightClass::Comment => "comment",
            HighlightClass::Section => "section",
            HighlightClass::Template => "template",
            HighlightClass::Directive => "directive",
            HighlightClass::DirectiveArgument => "directive-argument",
            HighlightClass::Key => "key",
            HighlightClass::Operator => "operator",
            HighlightClass::Value => "value",
            HighlightClass::Escape => "escape",
            HighlightClass::Ignored => "ignored",
            HighlightClass::Invalid => "invalid",
        }
    }

    /// Position in [`HighlightClass::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The class of a token kind; `None` for what is not coloured (spaces, line breaks, a
/// byte-order mark).
pub fn class_of(kind: SyntaxKind) -> Option<HighlightClass> {
    use HighlightClass as C;
    use SyntaxKind as K;
    Some(match kind {
        K::Whitespace | K::Newline | K::Bom => return None,
        K::LineComment | K::BlockComment => C::Comment,
        K::Escape => C::Escape,
        K::LBracket | K::RBracket | K::SectionName => C::Section,
        K::LParen | K::RParen | K::Comma | K::HeaderOption => C::Template,
        K::HeaderTrailing | K::Skipped => C::Ignored,
        K::Hash | K::DirectiveName => C::Directive,
        K::DirectiveArgument => C::DirectiveArgument,
        K::Key => C::Key,
        K::Eq | K::Arrow | K::PlusEq => C::Operator,
        K::Value => C::Value,
        K::Error => C::Invalid,
    })
}

/// One coloured piece: a byte range of the file and its class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Highlight {
    pub span: Span,
    pub class: HighlightClass,
}

/// The coloured pieces of `text`, parsed as `tree`, that overlap `range` (bytes), clipped to it.
pub fn highlight(text: &str, tree: &SyntaxTree, range: Range<usize>) -> Vec<Highlight> {
    // Inwards to character boundaries: a piece never starts or ends inside a character.
    let end = floor_char_boundary(text, range.end);
    let mut start = range.start.min(end);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let mut out: Vec<Highlight> = Vec::new();
    if start >= end {
        return out;
    }
    // Tokens are contiguous and in order: the first one that ends after `start` opens the range.
    let first = tree.tokens.partition_point(|t| (t.span.end as usize) <= start);
    for token in &tree.tokens[first..] {
        let (from, to) = (token.span.start as usize, token.span.end as usize);
        if from >= end {
            break;
        }
        let Some(class) = class_of(token.kind) else { continue };
        let (from, to) = (from.max(start), to.min(end));
        if from >= to {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.class == class && last.span.end as usize == from => last.span.end = to as u32,
            _ => out.push(Highlight { span: Span::new(from, to), class }),
        }
    }
    out
}

/// Parses `text` and highlights `range` of it: for callers without a tree at hand.
pub fn highlight_text(text: &str, range: Range<usize>) -> Vec<Highlight> {
    let parse = pjsip_syntax::parse(FileId(0), text);
    highlight(text, &parse.tree, range)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each piece as `class:text`, for compact expectations.
    fn pieces(text: &str, range: Range<usize>) -> Vec<String> {
        highlight_text(text, range).iter().map(|h| format!("{}:{}", h.class.name(), &text[h.span.range()])).collect()
    }

    /// The classes of line `n` (1-based) of `text`.
    fn line(text: &str, n: usize) -> Vec<String> {
        let start: usize = text.split_inclusive('\n').take(n - 1).map(str::len).sum();
        let len = text.split_inclusive('\n').nth(n - 1).map_or(0, str::len);
        pieces(text, start..start + len)
    }

    /// A generated file's banner: `;` followed by dashes is a plain comment for Asterisk and for
    /// the parser, so everything after the banner keeps its colours.
    #[test]
    fn a_dashed_banner_is_a_line_comment() {
        let text = ";--------------------------------------------------------------;\n\
                    ; Written by a configuration generator: edit the source instead.\n\
                    ;--------------------------------------------------------------;\n\
                    [6001](phone)\n\
                    type=endpoint ; the desk phone\n\
                    #include \"extra.conf\"\n";
        assert_eq!(line(text, 1), [format!("comment:{}", text.lines().next().unwrap_or(""))]);
        assert_eq!(line(text, 4), ["section:[6001]", "template:(phone)"]);
        assert_eq!(line(text, 5), ["key:type", "operator:=", "value:endpoint", "comment:; the desk phone"]);
        assert_eq!(line(text, 6), ["directive:#include", "directive-argument:\"extra.conf\""]);
    }

    #[test]
    fn block_comments_span_lines_and_end_where_the_parser_says() {
        let text = "a=1 ;-- one\ntwo\n--; b=2\n[x]\n";
        assert_eq!(line(text, 1), ["key:a", "operator:=", "value:1", "comment:;-- one"]);
        assert_eq!(line(text, 2), ["comment:two"]);
        assert_eq!(line(text, 3), ["comment:--;", "key:b", "operator:=", "value:2"]);
        assert_eq!(line(text, 4), ["section:[x]"]);
    }

    #[test]
    fn a_stray_block_end_comments_out_the_rest_of_the_file() {
        let text = "a=1 --;\n[x]\ntype=aor\n";
        assert!(line(text, 2).iter().all(|p| p.starts_with("comment:")), "{:?}", line(text, 2));
        assert!(line(text, 3).iter().all(|p| p.starts_with("comment:")), "{:?}", line(text, 3));
    }

    #[test]
    fn escapes_ignored_text_and_invalid_lines() {
        let text = "[x](!) junk\nmatch=a\\;b\nnot a line\n";
        assert_eq!(line(text, 1), ["section:[x]", "template:(!)", "ignored: junk"]);
        assert_eq!(line(text, 2), ["key:match", "operator:=", "value:a", "escape:\\", "value:;b"]);
        assert_eq!(line(text, 3), ["invalid:not a line"]);
    }

    #[test]
    fn pieces_are_clipped_to_the_range() {
        let text = "[office]\ncontext=from-internal\n";
        let value = text.find("from").unwrap();
        assert_eq!(pieces(text, value + 5..value + 13), ["value:internal"]);
        assert_eq!(pieces(text, 3..12), ["section:fice]", "key:con"]);
    }

    /// Any range of any text, including ranges past the end, backwards and inside a
    /// multi-byte character: no panic, pieces in order, inside the range, on char boundaries.
    #[test]
    fn never_fails_and_keeps_its_promises() {
        let texts = ["", "[é](!,b)\nkey=välue ;-- x\n😀 --; y=1\n#include <a>\nbad\n", "\u{feff}[a]\r\nx += y\\;z\n;---;\n"];
        for text in texts {
            let tree = pjsip_syntax::parse(FileId(0), text).tree;
            for start in 0..=text.len() + 2 {
                for end in 0..=text.len() + 2 {
                    let got = highlight(text, &tree, start..end);
                    let mut at = start.min(text.len());
                    for h in &got {
                        let (from, to) = (h.span.start as usize, h.span.end as usize);
                        assert!(from >= at && from < to && to <= end.min(text.len()), "{text:?} {start}..{end}: {got:?}");
                        assert!(text.is_char_boundary(from) && text.is_char_boundary(to));
                        at = to;
                    }
                }
            }
        }
        // A tree of another text gives pieces within this text, not a panic.
        let tree = pjsip_syntax::parse(FileId(0), "[long section name]\nkey=value\n").tree;
        assert!(highlight("[x]", &tree, 0..100).iter().all(|h| h.span.end as usize <= 3));
    }

    /// The example files colour without a single invalid piece, and every non-blank line gets
    /// at least one coloured piece.
    #[test]
    fn the_examples_are_coloured_throughout() {
        for text in [include_str!("../../../public/examples/trunk.conf"), include_str!("../../../public/examples/wizard.conf")] {
            let all = highlight_text(text, 0..text.len());
            assert!(all.iter().all(|h| h.class != HighlightClass::Invalid));
            let mut start = 0;
            for line in text.split_inclusive('\n') {
                let end = start + line.len();
                if !line.trim().is_empty() {
                    assert!(all.iter().any(|h| (h.span.start as usize) < end && h.span.end as usize > start), "{line:?}");
                }
                start = end;
            }
        }
    }

    #[test]
    fn class_names_and_indices_agree() {
        for (i, class) in HighlightClass::ALL.into_iter().enumerate() {
            assert_eq!(class.index(), i);
            assert_eq!(serde_json_name(class), class.name());
        }
    }

    /// The serialised name, without a JSON dependency: the `Debug` name in kebab case.
    fn serde_json_name(class: HighlightClass) -> String {
        let mut out = String::new();
        for (i, c) in format!("{class:?}").chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }
}
