//! Where the cursor is, read from the syntax tree of the text as the editor has it now.
//!
//! The tree decides the structure — which section encloses the cursor (headers inside block
//! comments do not count), whether the cursor sits in a comment (line or block), whether the
//! line is a header, a directive or an assignment, and where an assignment's key and operator
//! are. Only the word under the cursor inside a list value or a template list is cut lexically,
//! at commas. Lines Asterisk would reject (a key being typed without `=` yet, an unclosed `[`)
//! are read lexically too, since they are exactly what a person is in the middle of typing.
//! Offsets are bytes; [`locate`] never panics, whatever the offset.

use pjsip_syntax::{parse, FileId, Line, LineKind, SyntaxKind, SyntaxTree};

/// The cursor's context.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Spot {
    /// The enclosing section's name, if the line is inside one.
    pub section: Option<String>,
    /// The enclosing section's header line (without its line break), if any.
    pub header: Option<(usize, usize)>,
    /// The section's own `type=` value, as the tree reads it (first non-empty one).
    pub own_type: Option<String>,
    pub place: Place,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// Inside a comment or somewhere nothing is offered.
    Nowhere,
    /// The name of a section header: `[na|me]`.
    SectionName,
    /// A template list in a header: `[x](a,b|)`; the word being typed.
    Template { word: (usize, usize) },
    /// The option name of an assignment (or the start of a new line).
    Key { word: (usize, usize) },
    /// The value of `key`; `word` is the list item being typed, `whole` the value.
    Value { key: String, key_at: (usize, usize), word: (usize, usize), whole: (usize, usize) },
}

/// Reads the cursor's context at byte `offset` (already on a character boundary) of `text`.
pub(crate) fn locate(text: &str, offset: usize) -> Spot {
    let parsed = parse(FileId(0), text);
    locate_in(&parsed.tree, text, offset)
}

/// [`locate`] over a tree the caller already has.
pub(crate) fn locate_in(tree: &SyntaxTree, text: &str, offset: usize) -> Spot {
    let section = section_index(tree, offset);
    let (section_name, header, own_type) = match section {
        Some(i) => describe_section(tree, text, i),
        None => (None, None, None),
    };
    let place = match line_index(tree, offset) {
        Some(i) => place_on_line(tree, &tree.lines[i], text, offset),
        // After the last line break: a new, empty line.
        None => Place::Key { word: (offset, offset) },
    };
    Spot { section: section_name, header, own_type, place }
}

/// The section whose span holds `offset` (the last one at the very end of the text).
fn section_index(tree: &SyntaxTree, offset: usize) -> Option<usize> {
    let i = tree.sections.partition_point(|s| (s.span.end as usize) <= offset);
    if i < tree.sections.len() {
        Some(i)
    } else {
        tree.sections.len().checked_sub(1)
    }
}

/// The line holding `offset`; at the end of a text without a final line break, the last line.
/// `None` when the offset is on the empty line after a final line break.
fn line_index(tree: &SyntaxTree, offset: usize) -> Option<usize> {
    let i = tree.lines.partition_point(|l| (l.span.end as usize) <= offset);
    if i < tree.lines.len() {
        return Some(i);
    }
    let last = tree.lines.len().checked_sub(1)?;
    let ends_with_break = tree.line_tokens(&tree.lines[last]).last().is_some_and(|t| t.kind == SyntaxKind::Newline);
    (!ends_with_break).then_some(last)
}

fn describe_section(tree: &SyntaxTree, text: &str, index: usize) -> (Option<String>, Option<(usize, usize)>, Option<String>) {
    let node = &tree.sections[index];
    let Some(header) = tree.section_header(node) else { return (None, None, None) };
    let header_line = &tree.lines[node.header.unwrap_or(0) as usize];
    let name = header.name.as_str(text).to_string();
    let own_type = tree.section_lines(node).iter().find_map(|line| match &line.kind {
        LineKind::Assignment(a) if a.key.as_str(text).eq_ignore_ascii_case("type") => {
            let value = a.value.as_str(text).trim();
            (!value.is_empty()).then(|| value.to_string())
        }
        _ => None,
    });
    (Some(name), Some((header_line.span.start as usize, content_end(tree, header_line))), own_type)
}

/// Where a line's content ends: before its line break (and a `\r` before it).
fn content_end(tree: &SyntaxTree, line: &Line) -> usize {
    let tokens = tree.line_tokens(line);
    let end = tokens.iter().rev().find(|t| !matches!(t.kind, SyntaxKind::Newline)).map_or(line.span.start, |t| t.span.end);
    end as usize
}

/// Where the code of a line ends: at its first comment, else at its content's end.
fn code_end(tree: &SyntaxTree, line: &Line) -> usize {
    let tokens = tree.line_tokens(line);
    tokens
        .iter()
        .find(|t| matches!(t.kind, SyntaxKind::LineComment | SyntaxKind::BlockComment))
        .map_or_else(|| content_end(tree, line), |t| t.span.start as usize)
}

fn in_comment(tree: &SyntaxTree, line: &Line, offset: usize) -> bool {
    tree.line_tokens(line).iter().any(|t| {
        let (start, end) = (t.span.start as usize, t.span.end as usize);
        match t.kind {
            SyntaxKind::LineComment => start < offset && offset <= end,
            SyntaxKind::BlockComment => start < offset && offset < end,
            _ => false,
        }
    })
}

fn place_on_line(tree: &SyntaxTree, line: &Line, text: &str, offset: usize) -> Place {
    if in_comment(tree, line, offset) {
        return Place::Nowhere;
    }
    let line_start = line.span.start as usize;
    let code_end = code_end(tree, line).max(line_start);
    match &line.kind {
        LineKind::Header(_) => header_place(tree, line, text, offset),
        LineKind::Directive(_) | LineKind::Skipped => Place::Nowhere,
        LineKind::Assignment(assignment) => {
            let tokens = tree.line_tokens(line);
            let Some(op) = tokens.iter().find(|t| matches!(t.kind, SyntaxKind::Eq | SyntaxKind::Arrow | SyntaxKind::PlusEq)) else {
                return lexical_place(text, line_start, code_end, offset);
            };
            // The `=` of `+=` is its second byte; `=>` and `=` start with it.
            let eq_at = op.span.start as usize + usize::from(op.kind == SyntaxKind::PlusEq);
            if eq_at < offset {
                let value_from = (op.span.end as usize).min(offset);
                let key_span = assignment.key.span;
                value_place(
                    text,
                    assignment.key.as_str(text).to_string(),
                    (key_span.start as usize, key_span.end as usize),
                    value_from,
                    code_end,
                    offset,
                )
            } else {
                key_place(text, line_start, op.span.start as usize, offset)
            }
        }
        LineKind::Blank => key_place(text, line_start, code_end, offset),
        LineKind::Invalid => lexical_place(text, line_start, code_end, offset),
    }
}

/// `[name](templates)`: the name, a template word, or nothing (after the header).
fn header_place(tree: &SyntaxTree, line: &Line, text: &str, offset: usize) -> Place {
    let tokens = tree.line_tokens(line);
    let find = |kind: SyntaxKind| tokens.iter().find(|t| t.kind == kind).map(|t| (t.span.start as usize, t.span.end as usize));
    let close = find(SyntaxKind::RBracket);
    if close.is_none_or(|(start, _)| offset <= start) {
        return Place::SectionName;
    }
    let Some((_, open_end)) = find(SyntaxKind::LParen) else { return Place::Nowhere };
    let limit = find(SyntaxKind::RParen).map_or(content_end(tree, line), |(start, _)| start);
    if offset < open_end || offset > limit {
        return Place::Nowhere;
    }
    let word_start = text[open_end..offset].rfind(',').map_or(open_end, |n| open_end + n + 1);
    let word_end = word_end(text, offset, limit, &[',', ')']);
    Place::Template { word: (skip_spaces(text, word_start, offset), word_end) }
}

/// The option name being typed between `line_start` and `key_end` (the operator or the code's end).
fn key_place(text: &str, line_start: usize, key_end: usize, offset: usize) -> Place {
    let key_end = key_end.max(line_start);
    let from = skip_spaces(text, line_start, offset.min(key_end).max(line_start));
    let from = from.min(offset);
    let end = from + text[from..key_end.max(from)].trim_end().len();
    Place::Key { word: (from, end.max(offset.min(key_end))) }
}

/// The value of `key` from `value_from` to `code_end`: the list item under the cursor.
fn value_place(text: &str, key: String, key_at: (usize, usize), value_from: usize, code_end: usize, offset: usize) -> Place {
    let code_end = code_end.max(offset);
    let word_start = text[value_from..offset].rfind(',').map_or(value_from, |n| value_from + n + 1);
    let word_start = skip_spaces(text, word_start, offset);
    let word_end = word_end(text, offset, code_end, &[',']);
    let whole_from = skip_spaces(text, value_from, code_end);
    Place::Value { key, key_at, word: (word_start, word_end), whole: (whole_from, code_end) }
}

/// A line Asterisk rejects, read as what is being typed: an unfinished header, or a key
/// (`=` not written yet), or a value after an `=` the grammar did not accept.
fn lexical_place(text: &str, line_start: usize, code_end: usize, offset: usize) -> Place {
    let code_end = code_end.max(line_start);
    let code = &text[line_start..code_end];
    if code.trim_start().starts_with('[') {
        let before = &text[line_start..offset.min(code_end).max(line_start)];
        return if before.contains(']') { Place::Nowhere } else { Place::SectionName };
    }
    match code.find('=') {
        Some(eq) if line_start + eq < offset => {
            let key_end = if code[..eq].ends_with('+') { eq - 1 } else { eq };
            let key = &code[..key_end];
            let key_from = line_start + (key.len() - key.trim_start().len());
            let value_from = (line_start + eq + 1 + usize::from(code[eq + 1..].starts_with('>'))).min(offset);
            value_place(text, key.trim().to_string(), (key_from, line_start + key.trim_end().len()), value_from, code_end, offset)
        }
        eq => key_place(text, line_start, eq.map_or(code_end, |e| line_start + e), offset),
    }
}

fn word_end(text: &str, offset: usize, limit: usize, stops: &[char]) -> usize {
    if offset >= limit {
        return offset;
    }
    text[offset..limit].find(|c: char| stops.contains(&c) || c.is_whitespace()).map_or(limit, |n| offset + n)
}

fn skip_spaces(text: &str, from: usize, limit: usize) -> usize {
    if from >= limit {
        return from;
    }
    from + text[from..limit].len() - text[from..limit].trim_start().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spot(marked: &str) -> (String, Spot) {
        let offset = marked.find('|').expect("cursor marker");
        let text = marked.replacen('|', "", 1);
        let spot = locate(&text, offset);
        (text, spot)
    }

    #[test]
    fn keys_values_and_headers() {
        let (_, s) = spot("[a]\ntype=aor\nmax|\n");
        assert_eq!(s.section.as_deref(), Some("a"));
        assert_eq!(s.own_type.as_deref(), Some("aor"));
        assert_eq!(s.place, Place::Key { word: (13, 16) });
        let (text, s) = spot("[a]\naors = x, y|z ; c\n");
        let Place::Value { key, word, whole, .. } = s.place else { panic!("{:?}", s.place) };
        assert_eq!((key.as_str(), &text[word.0..word.1], &text[whole.0..whole.1]), ("aors", "yz", "x, yz "));
        let (_, s) = spot("[a](t1,t|2)\n");
        assert_eq!(s.place, Place::Template { word: (7, 9) });
        let (_, s) = spot("[a|b]\n");
        assert_eq!(s.place, Place::SectionName);
        let (_, s) = spot("#include \"x|.conf\"\n");
        assert_eq!(s.place, Place::Nowhere);
    }

    #[test]
    fn block_comments_hide_headers_and_lines() {
        // The old line scanner took `[hidden]` for the enclosing section; the tree does not.
        let (_, s) = spot("[real]\ntype=aor\n;--\n[hidden]\n--;\nmax|\n");
        assert_eq!(s.section.as_deref(), Some("real"));
        assert_eq!(s.own_type.as_deref(), Some("aor"));
        let (_, s) = spot("[real]\n;-- type=aor\nmax|--;\n");
        assert_eq!(s.place, Place::Nowhere);
        assert_eq!(s.own_type, None);
    }

    #[test]
    fn end_of_text_and_lines_being_typed() {
        let (_, s) = spot("[a]\n|");
        assert_eq!(s.place, Place::Key { word: (4, 4) });
        let (_, s) = spot("[a]\ndtmf|");
        assert_eq!(s.place, Place::Key { word: (4, 8) });
        let (_, s) = spot("[unfinished|");
        assert_eq!(s.place, Place::SectionName);
    }
}
