//! Byte offsets ↔ LSP positions.
//!
//! The core speaks byte offsets. LSP positions are a 0-based line and a column counted in the
//! negotiated encoding: UTF-16 code units unless client and server agree on UTF-8 (then the
//! column is a byte count). This module is the only place the two meet; it clamps instead of
//! failing, so a position past a line's end means that line's end, as the protocol says.

use std::borrow::Cow;

use lsp_types::{Position, PositionEncodingKind, Range};
use pjsip_syntax::{floor_char_boundary, LineIndex, Span};

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it (no conversion at all), else the protocol's default.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// One text with its line index, for conversions both ways.
#[derive(Debug)]
pub struct Lines<'t> {
    text: &'t str,
    index: Cow<'t, LineIndex>,
    encoding: Encoding,
}

impl<'t> Lines<'t> {
    /// Indexes `text` (one pass over it).
    pub fn new(text: &'t str, encoding: Encoding) -> Lines<'t> {
        Lines { text, index: Cow::Owned(LineIndex::new(text)), encoding }
    }

    /// `text` with an index already kept for it (an open document's): no pass over the text.
    pub fn with_index(text: &'t str, index: &'t LineIndex, encoding: Encoding) -> Lines<'t> {
        Lines { text, index: Cow::Borrowed(index), encoding }
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The position of byte `offset` (clamped to the text, floored to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset);
        let line = self.index.line_of(offset);
        let start = self.index.line_start(line);
        let character = match self.encoding {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => self.text[start..offset].encode_utf16().count(),
        };
        Position { line: line as u32, character: character as u32 }
    }

    pub fn range(&self, span: Span) -> Range {
        Range { start: self.position(span.start as usize), end: self.position(span.end as usize) }
    }

    /// The byte offset of `position`. A line past the end means the end of the text; a column
    /// past the line's end means the line's end (before its line break).
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.index.line_count() {
            return self.text.len();
        }
        let start = self.index.line_start(line);
        let end = start + self.index.line_text(self.text, line).len();
        let wanted = position.character as usize;
        match self.encoding {
            Encoding::Utf8 => floor_char_boundary(self.text, (start + wanted).min(end)),
            Encoding::Utf16 => {
                let mut units = 0;
                for (at, c) in self.text[start..end].char_indices() {
                    if units >= wanted {
                        return start + at;
                    }
                    units += c.len_utf16();
                }
                end
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_encodings_round_trip() {
        let text = "a=é😀x\r\n[b]\n";
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let lines = Lines::new(text, encoding);
            for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                let position = lines.position(offset);
                // A `\r` before the line break is part of no column the editor can reach.
                if text[..offset].ends_with('\r') {
                    continue;
                }
                assert_eq!(lines.offset(position), offset, "{encoding:?} {offset} {position:?}");
            }
        }
        let utf16 = Lines::new(text, Encoding::Utf16);
        assert_eq!(utf16.position(text.find('x').unwrap()), Position { line: 0, character: 5 });
        let utf8 = Lines::new(text, Encoding::Utf8);
        assert_eq!(utf8.position(text.find('x').unwrap()), Position { line: 0, character: 8 });
    }

    #[test]
    fn positions_out_of_range_clamp() {
        let lines = Lines::new("ab\ncd", Encoding::Utf16);
        assert_eq!(lines.offset(Position { line: 0, character: 99 }), 2);
        assert_eq!(lines.offset(Position { line: 9, character: 0 }), 5);
        // Inside a surrogate pair: the character's start.
        let smile = Lines::new("😀", Encoding::Utf16);
        assert_eq!(smile.offset(Position { line: 0, character: 1 }), 4);
    }
}
