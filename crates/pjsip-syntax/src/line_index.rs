//! Conversion between byte offsets and (line, column) positions.
//!
//! The core speaks bytes. Humans read 1-based lines and character columns; browsers and editors
//! count UTF-16 code units. This module is the single place where those conversions live.

/// Start offsets of every line of one text, for fast offset → position look-ups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    len: u32,
}

/// A 1-based line and a 1-based column counted in Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// The high bit of each byte of `word` (eight bytes, little-endian) that is a `\n`, exactly: a byte
/// of `word ^ newlines` is zero where a `\n` was, and adding 0x7f to its low seven bits sets the
/// high bit of every non-zero byte without carrying into the next, so the high bits left clear
/// are the line breaks.
pub(crate) fn newline_marks(word: u64) -> u64 {
    const LOW_SEVEN: u64 = u64::from_le_bytes([0x7f; 8]);
    const NEWLINES: u64 = u64::from_le_bytes([b'\n'; 8]);
    let word = word ^ NEWLINES;
    !(((word & LOW_SEVEN) + LOW_SEVEN) | word) & !LOW_SEVEN
}

/// Calls `found` with the offset of every `\n`, in order, eight bytes at a time ([`newline_marks`];
/// a byte loop was a third of a language server's time to open a 2 MB file).
fn for_each_newline(bytes: &[u8], mut found: impl FnMut(usize)) {
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut marks = newline_marks(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
        while marks != 0 {
            found(offset + (marks.trailing_zeros() / 8) as usize);
            marks &= marks - 1;
        }
        offset += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == b'\n' {
            found(offset + i);
        }
    }
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        for_each_newline(text.as_bytes(), |at| line_starts.push((at + 1) as u32));
        LineIndex { line_starts, len: text.len() as u32 }
    }

    /// Updates the index for `text[start..old_end]` replaced by `inserted`, without reading
    /// the rest of the text: what an editor's keystroke needs instead of a new index of a large
    /// file. The lines before the edit keep their starts, the ones after move by the length
    /// change; only the removed and inserted line breaks are looked at. Equal to
    /// [`LineIndex::new`] of the edited text (offsets are clamped to the indexed length).
    pub fn splice(&mut self, start: usize, old_end: usize, inserted: &str) {
        let len = self.len as usize;
        let (start, old_end) = (start.min(len), old_end.min(len).max(start.min(len)));
        // A line starts right after its line break: the breaks in `start..old_end` are the
        // starts in `start + 1..=old_end`.
        let first = self.line_starts.partition_point(|&s| s as usize <= start);
        let last = self.line_starts.partition_point(|&s| s as usize <= old_end);
        let added: Vec<u32> = inserted.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| (start + i + 1) as u32).collect();
        let kept_after = first + added.len();
        self.line_starts.splice(first..last, added);
        let grown = inserted.len() as i64 - (old_end - start) as i64;
        for line_start in &mut self.line_starts[kept_after..] {
            *line_start = (i64::from(*line_start) + grown) as u32;
        }
        self.len = (i64::from(self.len) + grown) as u32;
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line containing `offset` (offsets past the end map to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = (offset as u32).min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).copied().unwrap_or(self.len) as usize
    }

    /// The text of 0-based `line` without its line terminator.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.line_start(line);
        let end = self.line_starts.get(line + 1).map_or(text.len(), |&s| s as usize);
        text[start..end].trim_end_matches('\n').trim_end_matches('\r')
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = text[start..offset].chars().count() as u32 + 1;
        LineCol { line: line as u32 + 1, column }
    }

    /// Byte offset → UTF-16 code-unit offset from the start of the text (what JavaScript uses).
    pub fn utf16_offset(&self, text: &str, offset: usize) -> usize {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        text[..offset].encode_utf16().count()
    }
}

/// Converts many byte offsets of one text to UTF-16 offsets in a single pass.
/// `offsets` need not be sorted; the result is in the same order.
pub fn utf16_offsets(text: &str, offsets: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![0; offsets.len()];
    let (mut byte, mut units) = (0usize, 0usize);
    let mut chars = text.char_indices().peekable();
    for i in order {
        let target = floor_char_boundary(text, offsets[i].min(text.len()));
        while byte < target {
            match chars.next() {
                Some((at, c)) => {
                    byte = at + c.len_utf8();
                    units += c.len_utf16();
                }
                None => break,
            }
        }
        out[i] = units;
    }
    out
}

/// Converts a UTF-16 offset (from the browser) back to a byte offset.
pub fn byte_offset_from_utf16(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (at, c) in text.char_indices() {
        if units >= utf16 {
            return at;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The largest character boundary of `text` at or before `offset` (`text.len()` past the end):
/// where a byte offset from outside (an editor, a fuzzer) may safely cut the text.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The word-at-a-time scan finds exactly the line breaks a byte loop finds (bytes next
        /// to `\n`, high bytes, every alignment).
        #[test]
        fn every_line_break_is_found(bytes in proptest::collection::vec(prop_oneof![Just(b'\n'), Just(b'\x0b'), Just(b'\t'), Just(0x8a_u8), Just(0xff_u8), any::<u8>()], 0..64)) {
            let mut found = Vec::new();
            for_each_newline(&bytes, |at| found.push(at));
            let expected: Vec<usize> = bytes.iter().enumerate().filter(|&(_, &b)| b == b'\n').map(|(i, _)| i).collect();
            prop_assert_eq!(found, expected);
        }

        /// A spliced index is the index of the edited text, whatever the edit (line breaks
        /// removed, added, at either end, `\r\n`, non-ASCII).
        #[test]
        fn splicing_equals_indexing_the_edited_text(
            text in "[ab\n\r\u{e9}]{0,40}",
            inserted in "[xy\n\u{1f600}]{0,6}",
            from in 0usize..50,
            length in 0usize..10,
        ) {
            let start = floor_char_boundary(&text, from);
            let end = floor_char_boundary(&text, start + length).max(start);
            let mut index = LineIndex::new(&text);
            index.splice(start, end, &inserted);
            let mut edited = text.clone();
            edited.replace_range(start..end, &inserted);
            prop_assert_eq!(index, LineIndex::new(&edited));
        }
    }

    #[test]
    fn positions_and_utf16() {
        let text = "a=1\nné=é\r\n[x]";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, column: 1 });
        let e = text.find("=é").unwrap();
        assert_eq!(index.line_col(text, e), LineCol { line: 2, column: 3 });
        assert_eq!(index.line_text(text, 1), "né=é");
        assert_eq!(index.utf16_offset(text, text.len()), text.chars().count());
        let offsets = [text.len(), 0, e];
        let units = utf16_offsets(text, &offsets);
        assert_eq!(units, vec![text.chars().count(), 0, 6]);
        assert_eq!(byte_offset_from_utf16(text, 6), e);
        // "😀" is two UTF-16 units and four bytes.
        let smile = "😀=1";
        assert_eq!(utf16_offsets(smile, &[4]), vec![2]);
        assert_eq!(byte_offset_from_utf16(smile, 2), 4);
    }
}
