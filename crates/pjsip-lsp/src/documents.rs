//! The open documents: their text as the editor has it, kept in step with incremental changes,
//! with a line index that each change updates rather than rebuilds (a keystroke in a 2 MB file
//! then costs no pass over the whole text to find its position).

use lsp_types::TextDocumentContentChangeEvent;
use pjsip_syntax::LineIndex;

use crate::position::{Encoding, Lines};

/// One open document.
#[derive(Clone, Debug)]
pub struct Document {
    pub text: String,
    pub version: i32,
    /// The line index of `text`, always in step with it.
    lines: LineIndex,
}

impl Document {
    pub fn new(text: String, version: i32) -> Document {
        let lines = LineIndex::new(&text);
        Document { text, version, lines }
    }

    /// The text with its line index, for position conversions.
    pub fn lines(&self, encoding: Encoding) -> Lines<'_> {
        Lines::with_index(&self.text, &self.lines, encoding)
    }

    /// The line index of the text.
    pub fn line_index(&self) -> &LineIndex {
        &self.lines
    }

    /// Applies the changes of one `didChange`, in order: each range is read against the text
    /// the previous change left (as the protocol defines it); a change without a range replaces
    /// the whole text.
    pub fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>, version: i32, encoding: Encoding) {
        for change in changes {
            match change.range {
                None => {
                    self.lines = LineIndex::new(&change.text);
                    self.text = change.text;
                }
                Some(range) => {
                    let lines = self.lines(encoding);
                    let start = lines.offset(range.start);
                    let end = lines.offset(range.end).max(start);
                    self.text.replace_range(start..end, &change.text);
                    self.lines.splice(start, end, &change.text);
                }
            }
        }
        self.version = version;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn change(start: (u32, u32), end: (u32, u32), text: &str) -> TextDocumentContentChangeEvent {
        let range = Range { start: Position::new(start.0, start.1), end: Position::new(end.0, end.1) };
        TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: text.into() }
    }

    #[test]
    fn changes_apply_in_order() {
        let mut doc = Document::new("[é]\ntype=aor\n".into(), 1);
        doc.apply(vec![change((1, 5), (1, 8), "endpoint"), change((0, 1), (0, 2), "x1")], 2, Encoding::Utf16);
        assert_eq!(doc.text, "[x1]\ntype=endpoint\n");
        doc.apply(vec![change((1, 0), (1, 0), "a\nb\n"), change((0, 4), (1, 2), "")], 3, Encoding::Utf16);
        assert_eq!(doc.text, "[x1]\nb\ntype=endpoint\n");
        assert_eq!(doc.lines, LineIndex::new(&doc.text), "the index follows the edits");
        doc.apply(vec![TextDocumentContentChangeEvent { range: None, range_length: None, text: "new\n".into() }], 4, Encoding::Utf8);
        assert_eq!((doc.text.as_str(), doc.version), ("new\n", 4));
        assert_eq!(doc.lines, LineIndex::new(&doc.text));
    }
}
