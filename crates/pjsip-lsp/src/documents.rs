//! The open documents: their text as the editor has it, kept in step with incremental changes.

use lsp_types::TextDocumentContentChangeEvent;

use crate::position::{Encoding, Lines};

/// One open document.
#[derive(Clone, Debug)]
pub struct Document {
    pub text: String,
    pub version: i32,
}

impl Document {
    /// Applies the changes of one `didChange`, in order: each range is read against the text
    /// the previous change left (as the protocol defines it); a change without a range replaces
    /// the whole text.
    pub fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>, version: i32, encoding: Encoding) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let lines = Lines::new(&self.text, encoding);
                    let start = lines.offset(range.start);
                    let end = lines.offset(range.end).max(start);
                    self.text.replace_range(start..end, &change.text);
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
        let mut doc = Document { text: "[é]\ntype=aor\n".into(), version: 1 };
        doc.apply(vec![change((1, 5), (1, 8), "endpoint"), change((0, 1), (0, 2), "x1")], 2, Encoding::Utf16);
        assert_eq!(doc.text, "[x1]\ntype=endpoint\n");
        doc.apply(vec![TextDocumentContentChangeEvent { range: None, range_length: None, text: "new".into() }], 3, Encoding::Utf8);
        assert_eq!((doc.text.as_str(), doc.version), ("new", 3));
    }
}
