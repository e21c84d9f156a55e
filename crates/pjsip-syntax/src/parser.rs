//! The line parser: text → [`SyntaxTree`] + diagnostics. It never fails.
//!
//! Asterisk reads a `.conf` file one physical line at a time (`main/config.c`). Per line it:
//!
//! 1. skips the line whole if it does not fit its 8 KiB buffer;
//! 2. removes comments — `;` to the end of the line, `;-- … --;` blocks that may span lines and
//!    nest — and turns `\;` into a literal `;` (the only escape in values);
//! 3. trims the remaining *logical* text and interprets it as a header, a directive or an
//!    assignment.
//!
//! This module follows the same two phases. Phase one ([`scan_comments`]) splits a physical line
//! into code pieces and comment/escape pieces. Phase two parses the concatenated code (the logical
//! line) with small nom grammars and maps every logical token back to source bytes, splitting a
//! token where a comment interrupts it. Tokens are therefore contiguous and lossless.
//!
//! Things that depend on other lines or files (no section yet, templates, `(+)`, includes) are
//! judged by [`crate::config`], not here.

use nom::bytes::complete::{take_till, take_while};
use nom::character::complete::char;
use nom::combinator::{opt, rest};
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};

use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::span::{FileId, FileSpan, Span};
use crate::tree::{
    AssignOp, Assignment, Directive, DirectiveKind, Header, Line, LineKind, SectionNode, SyntaxKind, SyntaxTree, Text, Token,
};

/// Asterisk reads lines with `fgets` into an 8192-byte buffer; a line of this many bytes or more
/// (without its `\n`) does not fit and is skipped.
pub const MAX_LINE_LEN: usize = 8191;

/// Asterisk stops counting nested `;--` after this many levels.
const MAX_NESTED_COMMENTS: i32 = 128;

/// A parsed file: the tree and what is wrong with it.
#[derive(Clone, Debug, Default)]
pub struct Parse {
    pub tree: SyntaxTree,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one file. Never fails and never panics: bad lines become [`LineKind::Invalid`] with a
/// diagnostic, and the parse goes on with the next line.
pub fn parse(file: FileId, text: &str) -> Parse {
    let mut parser = LineParser::new(file, text);
    parser.run();
    parser.finish()
}

/// What one piece of a physical line is, after comment scanning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PieceKind {
    Code,
    Escape,
    LineComment,
    BlockComment,
}

/// Where a logical (comment-free) byte range came from in the source.
#[derive(Clone, Copy, Debug)]
struct CodeRun {
    logical: u32,
    source: u32,
    len: u32,
}

struct LineParser<'t> {
    file: FileId,
    text: &'t str,
    tree: SyntaxTree,
    diagnostics: Vec<Diagnostic>,
    /// Block comment nesting carried from line to line. It can go negative: Asterisk decrements
    /// it for every `--;`, even outside a block, and then treats every later line as commented.
    depth: i32,
    /// Line number and offset of each open `;--`, for the "unterminated" warning.
    open_blocks: Vec<(u32, usize)>,
    /// Where a stray `--;` made the nesting negative.
    stray_close: Option<usize>,
    // Scratch buffers reused across lines.
    pieces: Vec<(usize, PieceKind)>,
    runs: Vec<CodeRun>,
    logical: String,
    logical_tokens: Vec<(SyntaxKind, u32, u32)>,
    /// Source offset of the current line's logical text when it is the plain source slice (no
    /// comment, no escape); `None` when `logical` and `runs` hold it.
    plain: Option<usize>,
}

impl<'t> LineParser<'t> {
    fn new(file: FileId, text: &'t str) -> Self {
        // Counting the lines costs far less than growing the vectors (a line is 80 bytes); an
        // assignment line has four tokens with its line break.
        let lines = count_newlines(text.as_bytes()) + 1;
        LineParser {
            file,
            text,
            tree: SyntaxTree { tokens: Vec::with_capacity(lines * 4), lines: Vec::with_capacity(lines), sections: Vec::new() },
            diagnostics: Vec::new(),
            depth: 0,
            open_blocks: Vec::new(),
            stray_close: None,
            pieces: Vec::new(),
            runs: Vec::new(),
            logical: String::new(),
            logical_tokens: Vec::new(),
            plain: None,
        }
    }

    fn at(&self, start: usize, end: usize) -> FileSpan {
        FileSpan::new(self.file, Span::new(start, end))
    }

    fn run(&mut self) {
        self.run_lines(0, self.text.len(), 0);
        self.finish_blocks();
    }

    /// Parses the lines of `start..end` (`start` at a line start, `end` at a line start or the
    /// end of the text), numbering them after `number`; returns the last number given.
    fn run_lines(&mut self, start: usize, end: usize, mut number: u32) -> u32 {
        let bytes = &self.text.as_bytes()[..end];
        let mut pos = start;
        while pos < bytes.len() {
            number += 1;
            // One pass finds the end of the line and whether it holds a `;` at all: most lines do
            // not, and those need no comment scanning.
            let (newline, has_semicolon) = match find_either(bytes, pos, b'\n', b';') {
                Some(i) if bytes[i] == b';' => (find_either(bytes, i, b'\n', b'\n'), true),
                found => (found, false),
            };
            let content_end = newline.unwrap_or(bytes.len());
            let line_end = newline.map_or(bytes.len(), |n| n + 1);
            self.line(number, pos, content_end, line_end, has_semicolon);
            pos = line_end;
        }
        number
    }

    /// The diagnostic for a block comment still open at the end of the file.
    fn finish_blocks(&mut self) {
        if let Some(&(line, offset)) = self.open_blocks.first().filter(|_| self.depth > 0) {
            let end = (offset + 3).min(self.text.len());
            self.diagnostics.push(
                Diagnostic::new(
                    codes::SYNTAX_UNTERMINATED_BLOCK_COMMENT,
                    self.at(offset, end),
                    format!("block comment opened on line {line} is never closed with `--;`"),
                )
                .with_note("Asterisk warns \"Unterminated comment detected\"; everything after the `;--` is ignored"),
            );
        }
    }

    fn line(&mut self, number: u32, start: usize, content_end: usize, line_end: usize, has_semicolon: bool) {
        let first_token = self.tree.tokens.len() as u32;
        let mut content_start = start;
        if start == 0 && self.text.as_bytes().starts_with(b"\xEF\xBB\xBF") {
            self.push_token(SyntaxKind::Bom, 0, 3);
            content_start = 3;
        }
        // Asterisk measures the raw line, byte-order mark included.
        let kind = if content_end - start >= MAX_LINE_LEN {
            self.push_token(SyntaxKind::Skipped, content_start, content_end);
            self.diagnostics.push(
                Diagnostic::new(
                    codes::SYNTAX_LINE_TOO_LONG,
                    self.at(content_start, content_start + 32.min(content_end - content_start)),
                    format!(
                        "line {number} is {} bytes long; Asterisk reads at most {} and skips the whole line",
                        content_end - start,
                        MAX_LINE_LEN - 1
                    ),
                )
                .with_note("Asterisk logs \"Line too long, skipping\""),
            );
            LineKind::Skipped
        } else {
            // Most lines have no comment and no escape: their logical text is the source slice
            // itself, so it is borrowed instead of copied and offsets map by one addition. A line
            // without `;` outside a block comment is all code (`scan_comments` would find one
            // code piece), so it needs no scan.
            self.plain = if has_semicolon || self.depth != 0 {
                self.scan_comments(number, content_start, content_end);
                (self.pieces.len() == 2 && self.pieces[0].1 == PieceKind::Code).then_some(content_start)
            } else {
                Some(content_start)
            };
            if self.plain.is_none() {
                self.build_logical();
            }
            match self.plain.and_then(|_| self.plain_line(content_start, content_end)) {
                Some(kind) => kind,
                None => {
                    let kind = self.parse_logical(number, content_start, content_end);
                    self.emit_line_tokens(content_end);
                    kind
                }
            }
        };
        if content_end < line_end {
            self.push_token(SyntaxKind::Newline, content_end, line_end);
        }
        let last_token = self.tree.tokens.len() as u32;
        let is_header = matches!(kind, LineKind::Header(_));
        let index = self.tree.lines.len() as u32;
        self.tree.lines.push(Line { number, span: Span::new(start, line_end), tokens: (first_token, last_token), kind });
        add_to_sections(&mut self.tree.sections, index, is_header, Span::new(start, line_end));
    }

    /// Phase one: split `start..end` into code, escape and comment pieces, following the exact
    /// rules of `config_text_file_load` (including its quirks, noted inline).
    fn scan_comments(&mut self, number: u32, start: usize, end: usize) {
        let bytes = self.text.as_bytes();
        self.pieces.clear();
        // `active`: this line's text is being collected (Asterisk's `process_buf` is set).
        let mut active = self.depth == 0;
        self.pieces.push((start, if active { PieceKind::Code } else { PieceKind::BlockComment }));
        let mut search = start;
        while let Some(found) = bytes[search..end].iter().position(|&b| b == b';') {
            let i = search + found;
            let at = |k: usize| bytes.get(i + k).copied().filter(|_| i + k < end);
            if i > search && bytes[i - 1] == b'\\' {
                // `\;` is a literal semicolon; the backslash disappears. Inside a block comment
                // it merely keeps the `;` from opening or closing anything.
                if active {
                    self.pieces.push((i - 1, PieceKind::Escape));
                    self.pieces.push((i, PieceKind::Code));
                }
                search = i + 1;
            } else if at(1) == Some(b'-') && at(2) == Some(b'-') && at(3) != Some(b'-') {
                if self.depth >= MAX_NESTED_COMMENTS {
                    // Asterisk logs an error here and (in fact) spins on the same `;` forever.
                    self.diagnostics.push(
                        Diagnostic::new(
                            codes::SYNTAX_COMMENT_NESTING_LIMIT,
                            self.at(i, i + 3),
                            format!("block comments are nested more than {MAX_NESTED_COMMENTS} levels deep"),
                        )
                        .with_note("Asterisk logs \"Maximum nest limit of 128 reached\" and stops reading this file"),
                    );
                    search = i + 1;
                    continue;
                }
                if active {
                    self.pieces.push((i, PieceKind::BlockComment));
                    active = false;
                }
                self.depth += 1;
                self.open_blocks.push((number, i));
                search = i + 3;
            } else if i >= search + 2 && bytes[i - 1] == b'-' && bytes[i - 2] == b'-' {
                self.depth -= 1;
                self.open_blocks.pop();
                search = i + 1;
                if self.depth == 0 {
                    active = true;
                    self.pieces.push((i + 1, PieceKind::Code));
                } else if self.depth < 0 && self.stray_close.is_none() {
                    // A `--;` with no open block: Asterisk's counter goes negative, so from the
                    // next line on everything counts as commented out. The rest of this line is
                    // still read, with `;` no longer starting a comment.
                    self.stray_close = Some(i);
                    self.diagnostics.push(
                        Diagnostic::new(
                            codes::SYNTAX_STRAY_BLOCK_COMMENT_END,
                            self.at(i - 2, i + 1),
                            "`--;` closes a block comment that was never opened",
                        )
                        .with_note("Asterisk's comment counter goes below zero here: it ignores every following line of this file"),
                    );
                }
            } else if self.depth == 0 {
                // A plain `;` outside any block: the rest of the line is a comment.
                if active {
                    self.pieces.push((i, PieceKind::LineComment));
                }
                break;
            } else {
                search = i + 1;
            }
        }
        self.pieces.push((end, PieceKind::Code)); // sentinel: end of the last piece
    }

    /// Concatenates the code pieces into the logical line and records how to map it back.
    fn build_logical(&mut self) {
        self.logical.clear();
        self.runs.clear();
        for pair in self.pieces.windows(2) {
            let ((from, kind), (to, _)) = (pair[0], pair[1]);
            if kind == PieceKind::Code && to > from {
                self.runs.push(CodeRun { logical: self.logical.len() as u32, source: from as u32, len: (to - from) as u32 });
                self.logical.push_str(&self.text[from..to]);
            }
        }
    }

    /// Source offset of a logical offset. `end` picks the end of a run over the start of the next
    /// one when the offset falls on a boundary.
    fn source_offset(&self, logical: u32, end: bool) -> usize {
        for run in &self.runs {
            let inside = if end {
                logical > run.logical && logical <= run.logical + run.len
            } else {
                logical >= run.logical && logical < run.logical + run.len
            };
            if inside {
                return (run.source + (logical - run.logical)) as usize;
            }
        }
        // Empty range or past the end: anchor after the last code (or at the line start).
        self.runs.last().map_or(self.pieces[0].0, |r| (r.source + r.len) as usize)
    }

    /// A [`Text`] for a logical range, owning its text only when the source is not contiguous.
    fn text(&self, logical: &str, from: u32, to: u32) -> Text {
        if let Some(start) = self.plain {
            return Text { span: Span::new(start + from as usize, start + to as usize), owned: None };
        }
        if from == to {
            let at = self.source_offset(from, from > 0);
            return Text { span: Span::empty(at), owned: None };
        }
        let start = self.source_offset(from, false);
        let end = self.source_offset(to, true);
        let contiguous = end - start == (to - from) as usize;
        Text { span: Span::new(start, end), owned: (!contiguous).then(|| Box::new(logical[from as usize..to as usize].to_string())) }
    }

    fn logical_token(&mut self, kind: SyntaxKind, from: usize, to: usize) {
        if to > from {
            match self.plain {
                // A plain line's tokens map one to one: they go straight into the tree.
                Some(start) => self.tree.tokens.push(Token { kind, span: Span::new(start + from, start + to) }),
                None => self.logical_tokens.push((kind, from as u32, to as u32)),
            }
        }
    }

    /// Phase two: what Asterisk's `process_text_line` makes of the trimmed logical line.
    fn parse_logical(&mut self, number: u32, start: usize, end: usize) -> LineKind {
        self.logical_tokens.clear();
        let owned = if self.plain.is_none() { std::mem::take(&mut self.logical) } else { String::new() };
        let source = self.text;
        let logical: &str = if self.plain.is_some() { &source[start..end] } else { &owned };
        let trimmed_start = logical.len() - trim_start_space(logical).len();
        let trimmed_end = trim_end_space(logical).len().max(trimmed_start);
        self.logical_token(SyntaxKind::Whitespace, 0, trimmed_start);
        let body = &logical[trimmed_start..trimmed_end];
        let kind = if body.is_empty() {
            LineKind::Blank
        } else if body.starts_with('[') {
            self.header(number, logical, body, trimmed_start)
        } else if body.starts_with('#') {
            self.directive(logical, body, trimmed_start)
        } else {
            self.assignment(number, logical, body, trimmed_start)
        };
        self.logical_token(SyntaxKind::Whitespace, trimmed_end, logical.len());
        if self.plain.is_none() {
            self.logical = owned;
        }
        kind
    }

    /// `header := '[' name ']' ( '(' item (',' item)* ')' )? trailing`
    fn header(&mut self, number: u32, line: &str, body: &str, base: usize) -> LineKind {
        let parsed: IResult<&str, (&str, Option<&str>)> =
            (delimited(char('['), take_till(|c| c == ']'), char(']')), opt(preceded(char('('), take_till(|c| c == ')')))).parse(body);
        let Ok((after, (name, options))) = parsed else {
            self.logical_token(SyntaxKind::LBracket, base, base + 1);
            self.logical_token(SyntaxKind::Error, base + 1, base + body.len());
            let at = self.text(line, base as u32, (base + body.len()) as u32).span;
            self.diagnostics.push(
                Diagnostic::new(codes::SYNTAX_UNCLOSED_BRACKET, FileSpan::new(self.file, at), "section header has no closing `]`")
                    .with_note("Asterisk logs \"parse error: no closing ']'\" and rejects the whole file"),
            );
            return LineKind::Invalid;
        };
        let name_at = base + 1;
        self.logical_token(SyntaxKind::LBracket, base, base + 1);
        self.logical_token(SyntaxKind::SectionName, name_at, name_at + name.len());
        self.logical_token(SyntaxKind::RBracket, name_at + name.len(), name_at + name.len() + 1);
        let name_text = self.text(line, name_at as u32, (name_at + name.len()) as u32);
        let mut items = None;
        let mut trailing_at = name_at + name.len() + 1;
        if let Some(inner) = options {
            let open = trailing_at;
            self.logical_token(SyntaxKind::LParen, open, open + 1);
            if !after.starts_with(')') {
                self.logical_token(SyntaxKind::Error, open + 1, base + body.len());
                let at = self.text(line, open as u32, (base + body.len()) as u32).span;
                self.diagnostics.push(
                    Diagnostic::new(codes::SYNTAX_UNCLOSED_PAREN, FileSpan::new(self.file, at), "header options have no closing `)`")
                        .with_note("Asterisk logs \"parse error: no closing ')'\" and rejects the whole file"),
                );
                return LineKind::Invalid;
            }
            let mut list = Vec::new();
            let mut at = open + 1;
            for (n, item) in inner.split(',').enumerate() {
                if n > 0 {
                    self.logical_token(SyntaxKind::Comma, at, at + 1);
                    at += 1;
                }
                self.logical_token(SyntaxKind::HeaderOption, at, at + item.len());
                list.push(self.text(line, at as u32, (at + item.len()) as u32));
                at += item.len();
            }
            self.logical_token(SyntaxKind::RParen, at, at + 1);
            trailing_at = at + 1;
            items = Some(list);
        }
        let trailing = &body[trailing_at - base..];
        if !trailing.is_empty() {
            self.logical_token(SyntaxKind::HeaderTrailing, trailing_at, base + body.len());
            let span = self.text(line, trailing_at as u32, (base + body.len()) as u32).span;
            let at = FileSpan::new(self.file, span);
            let diagnostic = if items.is_none() && trailing.trim_start_matches(is_space).starts_with('(') {
                Diagnostic::new(
                    codes::SYNTAX_SPACE_BEFORE_HEADER_OPTIONS,
                    at,
                    "the `(…)` after this header is ignored because it does not follow `]` immediately",
                )
                .with_note("Asterisk only reads options written as `[name](…)`: this section is not a template and inherits nothing")
            } else {
                Diagnostic::new(codes::SYNTAX_HEADER_TRAILING_TEXT, at, "text after the section header is ignored")
            };
            self.diagnostics.push(diagnostic);
        }
        if name.trim_matches(is_space).len() != name.len() {
            self.diagnostics.push(
                Diagnostic::new(
                    codes::SYNTAX_SECTION_NAME_SPACES,
                    FileSpan::new(self.file, name_text.span),
                    format!("section name `{name}` starts or ends with a space, which Asterisk keeps as part of the name"),
                )
                .with_note("`[ 6001 ]` names an object \" 6001 \", which no phone or `aors=` list will ever match"),
            );
        } else if name.is_empty() {
            self.diagnostics.push(Diagnostic::new(
                codes::SYNTAX_EMPTY_SECTION_NAME,
                FileSpan::new(self.file, name_text.span),
                format!("section on line {number} has an empty name"),
            ));
        }
        LineKind::Header(Header { name: name_text, options: items })
    }

    /// `directive := '#' name (space+ argument)?` where the argument may be quoted `"…"` or `<…>`.
    fn directive(&mut self, line: &str, body: &str, base: usize) -> LineKind {
        let parsed: IResult<&str, (&str, &str, &str)> =
            (preceded(char('#'), take_while(|c: char| c as u32 > 32)), take_while(|c: char| (c as u32) <= 32), rest).parse(body);
        let Ok((_, (name, gap, argument))) = parsed else {
            return LineKind::Invalid; // unreachable: the grammar accepts every string starting with '#'
        };
        self.logical_token(SyntaxKind::Hash, base, base + 1);
        let name_at = base + 1;
        self.logical_token(SyntaxKind::DirectiveName, name_at, name_at + name.len());
        let gap_at = name_at + name.len();
        self.logical_token(SyntaxKind::Whitespace, gap_at, gap_at + gap.len());
        let arg_at = gap_at + gap.len();
        self.logical_token(SyntaxKind::DirectiveArgument, arg_at, arg_at + argument.len());
        let name_text = self.text(line, name_at as u32, gap_at as u32);
        let kind = if name.eq_ignore_ascii_case("include") {
            DirectiveKind::Include
        } else if name.eq_ignore_ascii_case("tryinclude") {
            DirectiveKind::TryInclude
        } else if name.eq_ignore_ascii_case("exec") {
            DirectiveKind::Exec
        } else {
            DirectiveKind::Unknown
        };
        let whole = self.text(line, base as u32, (base + body.len()) as u32).span;
        let at = FileSpan::new(self.file, whole);
        // Strip one pair of quotes: "file" or <file>.
        let (mut from, mut to) = (arg_at, arg_at + argument.len());
        if let Some(open) = argument.chars().next().filter(|c| *c == '"' || *c == '<') {
            let close = if open == '<' { '>' } else { '"' };
            if argument.len() >= 2 && argument.ends_with(close) {
                from += 1;
                to -= 1;
            } else if argument.len() == 1 {
                // A lone quote: Asterisk's check compares the quote with itself and strips it.
                from += 1;
            }
        }
        let argument_text = (!argument.is_empty()).then(|| self.text(line, from as u32, to as u32));
        match kind {
            DirectiveKind::Unknown => self.diagnostics.push(
                Diagnostic::new(codes::SYNTAX_UNKNOWN_DIRECTIVE, at, format!("unknown directive `#{name}` is ignored"))
                    .with_note("Asterisk logs \"Unknown directive\"; only #include, #tryinclude and #exec exist"),
            ),
            DirectiveKind::Exec => self.diagnostics.push(
                Diagnostic::new(codes::SYNTAX_EXEC_NOT_RUN, at, "`#exec` is not run: pjsip-lab never executes programs")
                    .with_note(
                        "Asterisk runs it only with execincludes=yes in asterisk.conf; otherwise it logs \"Cannot perform #exec\" and skips the line",
                    ),
            ),
            _ if argument_text.is_none() => self.diagnostics.push(
                Diagnostic::new(codes::SYNTAX_DIRECTIVE_NEEDS_ARGUMENT, at, format!("`#{name}` needs a file name"))
                    .with_note("Asterisk logs \"needs an argument\" and ignores the line"),
            ),
            _ => {}
        }
        LineKind::Directive(Box::new(Directive { kind, name: name_text, argument: argument_text }))
    }

    /// The fast path for the lines that make up nearly every real file: empty lines, plain
    /// assignments and plain headers, on a line without comments or escapes (`plain`). Returns
    /// `None` for anything else, which then takes the general path ([`Self::parse_logical`]);
    /// for the lines it accepts, the result is the general path's (a unit test compares them).
    fn plain_line(&mut self, start: usize, end: usize) -> Option<LineKind> {
        match self.text.as_bytes()[start..end].first() {
            None => Some(LineKind::Blank),
            Some(b'[') => self.plain_header(start, end),
            Some(_) => self.plain_assignment(start, end),
        }
    }

    /// `[name]` or `[name](item,…)` filling the whole line, the name not empty and with no space at
    /// either end: no diagnostic to give.
    fn plain_header(&mut self, start: usize, end: usize) -> Option<LineKind> {
        let line = &self.text[start..end];
        let inside = &line[1..];
        let close = inside.bytes().position(|b| b == b']')?;
        let name = &inside[..close];
        let after = &inside[close + 1..];
        let options = match after.strip_prefix('(') {
            Some(options) => Some(options.strip_suffix(')').filter(|o| !o.as_bytes().contains(&b')'))?),
            None if after.is_empty() => None,
            None => return None,
        };
        let (&first, &last) = (name.as_bytes().first()?, name.as_bytes().last()?);
        if is_space_byte(first) || is_space_byte(last) {
            return None;
        }
        let name_at = start + 1;
        let close_at = name_at + name.len();
        self.tree.tokens.push(Token { kind: SyntaxKind::LBracket, span: Span::new(start, name_at) });
        self.tree.tokens.push(Token { kind: SyntaxKind::SectionName, span: Span::new(name_at, close_at) });
        self.tree.tokens.push(Token { kind: SyntaxKind::RBracket, span: Span::new(close_at, close_at + 1) });
        let items = options.map(|options| {
            self.tree.tokens.push(Token { kind: SyntaxKind::LParen, span: Span::new(close_at + 1, close_at + 2) });
            let mut items = Vec::new();
            let mut at = close_at + 2;
            for (n, item) in options.as_bytes().split(|&b| b == b',').enumerate() {
                if n > 0 {
                    self.tree.tokens.push(Token { kind: SyntaxKind::Comma, span: Span::new(at, at + 1) });
                    at += 1;
                }
                self.push_token(SyntaxKind::HeaderOption, at, at + item.len());
                items.push(Text { span: Span::new(at, at + item.len()), owned: None });
                at += item.len();
            }
            self.tree.tokens.push(Token { kind: SyntaxKind::RParen, span: Span::new(at, at + 1) });
            items
        });
        let name = Text { span: Span::new(name_at, close_at), owned: None };
        Some(LineKind::Header(Header { name, options: items }))
    }

    /// `name=value` with no space around the name, the `=` or the value, and no `=>` or `+=`.
    fn plain_assignment(&mut self, start: usize, end: usize) -> Option<LineKind> {
        let line = &self.text.as_bytes()[start..end];
        let eq = line.iter().position(|&b| b == b'=')?;
        let (name, value) = (&line[..eq], &line[eq + 1..]);
        let (&first, &last) = (name.first()?, name.last()?);
        let ordinary_name = !is_space_byte(first) && !matches!(first, b'[' | b'#' | b'\\') && !is_space_byte(last) && last != b'+';
        let ordinary_value =
            value.first().is_none_or(|&b| b != b'>' && !is_space_byte(b)) && value.last().is_none_or(|&b| !is_space_byte(b));
        if !(ordinary_name && ordinary_value) {
            return None;
        }
        let (eq, end) = (start + eq, start + line.len());
        self.tree.tokens.push(Token { kind: SyntaxKind::Key, span: Span::new(start, eq) });
        self.tree.tokens.push(Token { kind: SyntaxKind::Eq, span: Span::new(eq, eq + 1) });
        if end > eq + 1 {
            self.tree.tokens.push(Token { kind: SyntaxKind::Value, span: Span::new(eq + 1, end) });
        }
        Some(LineKind::Assignment(Assignment {
            key: Text { span: Span::new(start, eq), owned: None },
            op: AssignOp::Eq,
            value: Text { span: Span::new(eq + 1, end), owned: None },
        }))
    }

    /// `assignment := '\'? name ( '=' | '=>' | '+=' ) value`
    fn assignment(&mut self, number: u32, line: &str, body: &str, base: usize) -> LineKind {
        let escaped = body.starts_with('\\');
        if escaped && body[1..].chars().next().is_none_or(|c| (c as u32) < 33) {
            self.logical_token(SyntaxKind::Error, base, base + body.len());
            let at = self.text(line, base as u32, (base + body.len()) as u32).span;
            self.diagnostics.push(
                Diagnostic::new(
                    codes::SYNTAX_INVALID_ESCAPE,
                    FileSpan::new(self.file, at),
                    format!("line {number} starts with `\\` followed by nothing printable"),
                )
                .with_note("Asterisk logs \"Invalid escape in line\" and rejects the whole file"),
            );
            return LineKind::Invalid;
        }
        let skip = usize::from(escaped);
        let Some(eq) = body[skip..].find('=').map(|i| i + skip) else {
            self.logical_token(SyntaxKind::Error, base, base + body.len());
            let at = self.text(line, base as u32, (base + body.len()) as u32).span;
            let mut diagnostic = Diagnostic::new(
                codes::SYNTAX_MISSING_EQUALS,
                FileSpan::new(self.file, at),
                format!("`{body}` has no `=`, so Asterisk ignores this line"),
            )
            .with_note("Asterisk logs \"No '=' (equal sign) in line\"");
            if body.contains(':') && !body.contains(' ') {
                diagnostic = diagnostic.with_note("options are written `name=value`, not `name: value`");
            }
            self.diagnostics.push(diagnostic);
            return LineKind::Invalid;
        };
        let (op, name_end, value_start) = if eq > skip && body.as_bytes()[eq - 1] == b'+' {
            (AssignOp::PlusEq, eq - 1, eq + 1)
        } else if body.as_bytes().get(eq + 1) == Some(&b'>') {
            (AssignOp::Arrow, eq, eq + 2)
        } else {
            (AssignOp::Eq, eq, eq + 1)
        };
        let raw_name = &body[..name_end];
        let name = trim_end_space(trim_start_space(raw_name));
        let name_from = base + (raw_name.len() - trim_start_space(raw_name).len());
        let name_to = name_from + name.len();
        let raw_value = &body[value_start..];
        let value = trim_end_space(trim_start_space(raw_value));
        let value_from = base + value_start + (raw_value.len() - trim_start_space(raw_value).len());
        let value_to = value_from + value.len();
        self.logical_token(SyntaxKind::Key, name_from, name_to);
        self.logical_token(SyntaxKind::Whitespace, name_to, base + name_end);
        self.logical_token(
            match op {
                AssignOp::Eq => SyntaxKind::Eq,
                AssignOp::Arrow => SyntaxKind::Arrow,
                AssignOp::PlusEq => SyntaxKind::PlusEq,
            },
            base + name_end,
            base + value_start,
        );
        self.logical_token(SyntaxKind::Whitespace, base + value_start, value_from);
        self.logical_token(SyntaxKind::Value, value_from, value_to);
        // The key of an escaped name drops its backslash (Asterisk skips it).
        let key_from = if escaped && name_from == base { name_from + 1 } else { name_from };
        let key = self.text(line, key_from as u32, name_to.max(key_from) as u32);
        let value_text = self.text(line, value_from as u32, value_to as u32);
        if name.len() <= skip {
            let at = self.text(line, base as u32, (base + body.len()) as u32).span;
            self.diagnostics.push(
                Diagnostic::new(
                    codes::SYNTAX_MISSING_NAME,
                    FileSpan::new(self.file, at),
                    "this line has a value but no option name, so Asterisk ignores it",
                )
                .with_note("Asterisk logs \"No variable name in line\""),
            );
            return LineKind::Invalid;
        }
        LineKind::Assignment(Assignment { key, op, value: value_text })
    }

    /// Maps the logical tokens to source tokens and interleaves the comment/escape pieces.
    fn emit_line_tokens(&mut self, end: usize) {
        if self.plain.is_some() {
            // No comment, no escape: `logical_token` already wrote the tokens.
            return;
        }
        let mut run = 0;
        let mut next_token = 0;
        for p in 0..self.pieces.len() - 1 {
            let (from, kind) = self.pieces[p];
            let to = self.pieces[p + 1].0;
            if to <= from {
                continue;
            }
            match kind {
                PieceKind::Escape => self.push_token(SyntaxKind::Escape, from, to),
                PieceKind::LineComment => self.push_token(SyntaxKind::LineComment, from, to),
                PieceKind::BlockComment => self.push_token(SyntaxKind::BlockComment, from, to),
                PieceKind::Code => {
                    // This code piece is runs[run]; emit the parts of logical tokens inside it.
                    let r = self.runs[run];
                    run += 1;
                    let (lstart, lend) = (r.logical, r.logical + r.len);
                    while next_token < self.logical_tokens.len() {
                        let (tkind, tfrom, tto) = self.logical_tokens[next_token];
                        let a = tfrom.max(lstart);
                        let b = tto.min(lend);
                        if a < b {
                            let s = (r.source + (a - r.logical)) as usize;
                            self.push_token(tkind, s, s + (b - a) as usize);
                        }
                        if tto <= lend {
                            next_token += 1;
                        } else {
                            break;
                        }
                    }
                }
            }
        }
        debug_assert!(self.tree.tokens.last().is_none_or(|t| t.span.end as usize <= end));
    }

    fn push_token(&mut self, kind: SyntaxKind, start: usize, end: usize) {
        if end > start {
            self.tree.tokens.push(Token { kind, span: Span::new(start, end) });
        }
    }

    fn finish(self) -> Parse {
        Parse { tree: self.tree, diagnostics: self.diagnostics }
    }
}

/// Adds line `index` (spanning `span`) to the sections: a header opens a new one; anything
/// before the first header forms a preamble.
fn add_to_sections(sections: &mut Vec<SectionNode>, index: u32, is_header: bool, span: Span) {
    match sections.last_mut() {
        Some(section) if !is_header => {
            section.lines.1 = index + 1;
            section.span.end = span.end;
        }
        _ => sections.push(SectionNode { header: is_header.then_some(index), lines: (index, index + 1), span }),
    }
}

/// Parses `text` after an edit, given `previous`, the parse of `previous_text` (the same file
/// before the edit): equal to [`parse`]`(file, text)`, but the lines the edit did not touch are
/// taken from `previous` (moved by the edit's length change) instead of parsed again.
///
/// A line's parse depends on its own bytes alone, except through block comments (`;--` … `--;`
/// carry a nesting depth from line to line). So lines are reused only when neither text holds
/// a block comment mark, and only when no diagnostic of `previous` comes after the edit (their
/// messages may name line numbers); otherwise the whole text is parsed.
pub fn reparse(file: FileId, text: &str, previous: &Parse, previous_text: &str) -> Parse {
    reparse_lines(file, text, previous, previous_text).unwrap_or_else(|| parse(file, text))
}

fn reparse_lines(file: FileId, text: &str, previous: &Parse, previous_text: &str) -> Option<Parse> {
    if has_block_comment_mark(previous_text) || has_block_comment_mark(text) {
        return None;
    }
    let old_lines = &previous.tree.lines;
    let last_line = old_lines.len().checked_sub(1)?;
    let Some(region) = crate::changed_region(previous_text, text) else { return Some(previous.clone()) };
    // The lines that hold the changed bytes, and the line after them when the edit ends at its
    // start (the bytes up to its end join the edited text).
    let line_of = |offset: usize| old_lines.partition_point(|l| (l.span.end as usize) <= offset).min(last_line);
    let (first, last) = (line_of(region.start), line_of(region.old_end));
    let old_start = old_lines[first].span.start as usize;
    let old_end = old_lines[last].span.end as usize;
    if previous.diagnostics.iter().any(|d| d.primary.span.start as usize >= old_end) {
        return None;
    }
    let moved = |offset: u32| (i64::from(offset) + region.new_end as i64 - region.old_end as i64) as u32;
    let new_end = moved(old_end as u32) as usize;

    let mut parser = LineParser::new(file, text);
    let first_token = old_lines[first].tokens.0 as usize;
    parser.tree.tokens.extend_from_slice(&previous.tree.tokens[..first_token]);
    parser.tree.lines.extend_from_slice(&old_lines[..first]);
    parser.diagnostics.extend(previous.diagnostics.iter().filter(|d| (d.primary.span.start as usize) < old_start).cloned());
    let numbered = parser.run_lines(old_start, new_end, old_lines[first].number - 1);
    if parser.depth != 0 || !parser.open_blocks.is_empty() || parser.stray_close.is_some() {
        return None;
    }
    let mut tree = parser.tree;
    // The lines after the edit, moved: bytes by the length change, numbers by the lines the
    // edit added or removed, token indices by the tokens it did.
    let tail = &old_lines[last + 1..];
    let tail_tokens = old_lines[last].tokens.1 as usize;
    let token_shift = tree.tokens.len() as i64 - tail_tokens as i64;
    let number_shift = i64::from(numbered + 1) - tail.first().map_or(0, |l| i64::from(l.number));
    tree.tokens.extend(previous.tree.tokens[tail_tokens..].iter().map(|t| Token { kind: t.kind, span: move_span(t.span, &moved) }));
    tree.lines.extend(tail.iter().map(|line| Line {
        number: (i64::from(line.number) + number_shift) as u32,
        span: move_span(line.span, &moved),
        tokens: ((i64::from(line.tokens.0) + token_shift) as u32, (i64::from(line.tokens.1) + token_shift) as u32),
        kind: move_kind(&line.kind, &moved),
    }));
    tree.sections.clear();
    for (index, line) in tree.lines.iter().enumerate() {
        add_to_sections(&mut tree.sections, index as u32, matches!(line.kind, LineKind::Header(_)), line.span);
    }
    Some(Parse { tree, diagnostics: parser.diagnostics })
}

/// Whether `text` holds `;--` or `--;` anywhere (escaped or not: a cheap, safe over-estimate).
fn has_block_comment_mark(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices(';').any(|(i, _)| bytes.get(i + 1..i + 3) == Some(b"--") || (i >= 2 && &bytes[i - 2..i] == b"--"))
}

fn move_span(span: Span, moved: &impl Fn(u32) -> u32) -> Span {
    Span { start: moved(span.start), end: moved(span.end) }
}

fn move_text(text: &Text, moved: &impl Fn(u32) -> u32) -> Text {
    Text { span: move_span(text.span, moved), owned: text.owned.clone() }
}

fn move_kind(kind: &LineKind, moved: &impl Fn(u32) -> u32) -> LineKind {
    match kind {
        LineKind::Blank => LineKind::Blank,
        LineKind::Invalid => LineKind::Invalid,
        LineKind::Skipped => LineKind::Skipped,
        LineKind::Header(header) => LineKind::Header(Header {
            name: move_text(&header.name, moved),
            options: header.options.as_ref().map(|options| options.iter().map(|o| move_text(o, moved)).collect()),
        }),
        LineKind::Assignment(a) => {
            LineKind::Assignment(Assignment { key: move_text(&a.key, moved), op: a.op, value: move_text(&a.value, moved) })
        }
        LineKind::Directive(d) => LineKind::Directive(Box::new(Directive {
            kind: d.kind,
            name: move_text(&d.name, moved),
            argument: d.argument.as_ref().map(|a| move_text(a, moved)),
        })),
    }
}

/// The first `a` or `b` in `bytes` at or after `from`.
///
/// Lines are short but files are long, so this tests eight bytes at a time: XOR with the wanted
/// byte turns a match into a zero byte, and the classic "has a zero byte" trick marks it. The
/// lowest mark is always exact (a false mark can only appear above a true one), which is the
/// one wanted. Portable and safe, so it serves WebAssembly as well as native builds.
fn find_either(bytes: &[u8], from: usize, a: u8, b: u8) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let zero_bytes = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;
    let (spread_a, spread_b) = (ONES * u64::from(a), ONES * u64::from(b));
    let mut chunks = bytes[from..].chunks_exact(8);
    let mut offset = from;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let found = zero_bytes(word ^ spread_a) | zero_bytes(word ^ spread_b);
        if found != 0 {
            return Some(offset + (found.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks.remainder().iter().position(|&c| c == a || c == b).map(|i| offset + i)
}

/// How many `\n` bytes `bytes` holds, eight at a time ([`crate::line_index::newline_marks`]).
fn count_newlines(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(8);
    let mut count = 0;
    for chunk in &mut chunks {
        count += crate::line_index::newline_marks(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]))).count_ones() as usize;
    }
    count + chunks.remainder().iter().filter(|&&b| b == b'\n').count()
}

/// `isspace` in the C locale, which `ast_strip` uses.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// [`is_space`] on one byte. Every space is ASCII, so trimming bytes never splits a character.
fn is_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// `text.trim_start_matches(is_space)`, byte by byte.
fn trim_start_space(text: &str) -> &str {
    let skip = text.bytes().take_while(|&b| is_space_byte(b)).count();
    &text[skip..]
}

/// `text.trim_end_matches(is_space)`, byte by byte.
fn trim_end_space(text: &str) -> &str {
    let keep = text.len() - text.bytes().rev().take_while(|&b| is_space_byte(b)).count();
    &text[..keep]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Texts to edit: sections, assignments, directives, invalid and long lines, escapes,
    /// comments (line and block), a byte-order mark, non-ASCII.
    const TEXTS: &[&str] = &[
        "[a]\ntype=aor\nmax_contacts=1\n\n[b](!)\ncontext=x ; note\n#include \"x.conf\"\nnonsense\n[c](b)\nvalue=a\\;b\n",
        "\u{feff}[é]\nkey = value\n[\n=novalue\nlast=line",
        "[a]\n;-- block\nstill --;\nx=1\n[b]\ny=2\n",
        "",
    ];
    const PIECES: &[&str] = &["x", "\n", "[", "]", "=", ";", ";--", "--;", "\\", "é", "[s](t)\n", "k=v\n", "#include \"y\"\n", " ", "\r\n"];

    proptest! {
        /// Re-parsing after an edit gives the parse of the edited text, whatever the edit.
        #[test]
        fn reparsing_equals_parsing(text in 0..TEXTS.len(), at in 0usize..120, remove in 0usize..12, piece in 0..PIECES.len(), twice in any::<bool>()) {
            let before = TEXTS[text].to_string();
            let start = crate::floor_char_boundary(&before, at);
            let end = crate::floor_char_boundary(&before, start + remove).max(start);
            let mut after = before.clone();
            after.replace_range(start..end, PIECES[piece]);
            if twice {
                after.push_str(PIECES[piece]);
            }
            let previous = parse(FileId(3), &before);
            let reparsed = reparse(FileId(3), &after, &previous, &before);
            let fresh = parse(FileId(3), &after);
            prop_assert_eq!(&reparsed.tree, &fresh.tree, "{:?}", after);
            prop_assert_eq!(&reparsed.diagnostics, &fresh.diagnostics, "{:?}", after);
        }
    }

    #[test]
    fn an_edit_reparses_its_lines_only() {
        let before = "[a]\nx=1\n[b]\ny=2\nz=3\n";
        let after = "[a]\nx=1\n[b]\nyy=2\n\nz=3\n";
        let previous = parse(FileId(0), before);
        let reparsed = reparse_lines(FileId(0), after, &previous, before).expect("lines reused");
        assert_eq!(reparsed.tree, parse(FileId(0), after).tree);
        // Block comments carry state across lines: those texts are parsed whole.
        assert!(reparse_lines(FileId(0), "[a]\n;--\nx=1\n", &previous, before).is_none());
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

        /// Whatever plain line the fast path accepts, the general path reads the same way.
        #[test]
        fn plain_lines_agree_with_the_general_path(
            line in prop_oneof![
                r"[a-z0-9 =>+\[\]#\\\t\r_é()!,]{0,12}",
                r"[a-z \\#\[+]{0,4}=[a-z =>\t\r]{0,5}",
                r"\[[a-z \[\]()]{0,4}\]([(][a-z!+ ,()]{0,6}[)]?)?[a-z ()]{0,2}",
            ],
        ) {
            let mut fast = LineParser::new(FileId(0), &line);
            fast.plain = Some(0);
            let Some(kind) = fast.plain_line(0, line.len()) else { return Ok(()) };
            let mut general = LineParser::new(FileId(0), &line);
            general.plain = Some(0);
            let expected = general.parse_logical(1, 0, line.len());
            prop_assert_eq!(kind, expected);
            prop_assert_eq!(fast.tree.tokens, general.tree.tokens);
            prop_assert!(general.diagnostics.is_empty());
        }
    }

    #[test]
    fn the_fast_path_takes_plain_lines_only() {
        let accepts = |line: &str| {
            let mut parser = LineParser::new(FileId(0), line);
            parser.plain = Some(0);
            parser.plain_line(0, line.len()).is_some()
        };
        for plain in ["type=endpoint", "allow=", "callerid=\"Phone 1\" <1>", "", "[6001]", "[6001](!,phone)", "[a b](+)", "[x]()"] {
            assert!(accepts(plain), "{plain:?}");
        }
        for other in [" a=b", "a =b", "a= b", "a=b ", "a=b\r", "a=>b", "a+=b", "\\a=b", "=b", "#include x", "ab", " ", "\r"] {
            assert!(!accepts(other), "{other:?}");
        }
        for other in ["[]", "[ a]", "[a ]", "[a] ", "[a", "[a](", "[a](b", "[a](b))", "[a]x", "[a](b)x", "[a] (b)", "[a]\r"] {
            assert!(!accepts(other), "{other:?}");
        }
    }

    #[test]
    fn count_newlines_counts_every_line_break() {
        for text in ["", "\n", "a\nb", "\n\n\n\n\n\n\n\n\n", "0123456\n89abcde\n\u{10a}\u{a0a}\n\x0b\u{8a}\n"] {
            assert_eq!(count_newlines(text.as_bytes()), text.matches('\n').count(), "{text:?}");
        }
    }

    #[test]
    fn find_either_finds_the_first_of_two_bytes() {
        let text = b"0123456789abcdef;ghij\nklmnopqrstuvwxyz";
        for from in 0..text.len() {
            let expected = text[from..].iter().position(|&b| b == b';' || b == b'\n').map(|i| from + i);
            assert_eq!(find_either(text, from, b'\n', b';'), expected, "from {from}");
            let expected = text[from..].iter().position(|&b| b == b'z').map(|i| from + i);
            assert_eq!(find_either(text, from, b'z', b'z'), expected, "from {from}");
        }
        // Bytes just above and below the wanted one, and high bytes, are not matches.
        assert_eq!(find_either("\u{80}\u{ff}:<\x0b\t\x0c;".as_bytes(), 0, b'\n', b';'), Some(9));
    }
}
