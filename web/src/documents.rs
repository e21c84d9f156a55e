//! The files as the editor has them. The editor reports every change as edits (a UTF-16 range
//! and the inserted text), which are applied here to the app's own copy of the text: a
//! keystroke moves a few bytes across the JavaScript boundary, never the whole document.
//!
//! Every text carries a [`Revision`]: a number that changes with every edit and is never reused,
//! so the editor, the analysis and the highlighter can tell whether they speak of the same text
//! without comparing it.

use leptos::prelude::*;
use pjsip_analysis::syntax::{byte_offset_from_utf16, utf16_offsets};
use pjsip_analysis::{AsteriskVersion, Input, InputFile};

use crate::workspace::FileTab;

/// Names one state of one file's text. Unique over the app's life (a fresh one per edit).
pub type Revision = u32;

/// One file: its name, its text, the revision of that text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub name: String,
    pub text: String,
    pub revision: Revision,
    /// How many bytes of the text are not ASCII. While none are, a UTF-16 offset *is* the byte
    /// offset, and the conversions below cost nothing (the common case).
    wide: usize,
}

/// One edit: replace the UTF-16 range `from..to` of the current text by `insert`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub from: u32,
    pub to: u32,
    pub insert: String,
}

fn wide_bytes(text: &str) -> usize {
    text.bytes().filter(|b| !b.is_ascii()).count()
}

impl Document {
    pub fn new(name: String, text: String, revision: Revision) -> Document {
        let wide = wide_bytes(&text);
        Document { name, text, revision, wide }
    }

    /// The byte offset of a UTF-16 offset (clamped to the text, on a character boundary).
    pub fn byte_offset(&self, utf16: u32) -> usize {
        if self.wide == 0 {
            (utf16 as usize).min(self.text.len())
        } else {
            byte_offset_from_utf16(&self.text, utf16 as usize)
        }
    }

    /// The UTF-16 offsets of byte offsets (any order).
    pub fn utf16_offsets(&self, bytes: &[usize]) -> Vec<usize> {
        if self.wide == 0 {
            bytes.iter().map(|&b| b.min(self.text.len())).collect()
        } else {
            utf16_offsets(&self.text, bytes)
        }
    }

    /// Applies edits that all refer to the text as it was before any of them (the way the
    /// editor reports one transaction), in ascending, non-overlapping order.
    pub fn apply(&mut self, edits: &[Edit]) {
        // From the last to the first, so earlier offsets stay valid.
        for edit in edits.iter().rev() {
            let from = self.byte_offset(edit.from);
            let to = self.byte_offset(edit.to).max(from);
            self.wide = self.wide - wide_bytes(&self.text[from..to]) + wide_bytes(&edit.insert);
            self.text.replace_range(from..to, &edit.insert);
        }
    }

    /// Replaces the whole text.
    pub fn set_text(&mut self, text: String) {
        self.wide = wide_bytes(&text);
        self.text = text;
    }
}

/// The smallest single edit that turns `old` into `new` (common prefix and suffix kept), in
/// UTF-16 offsets of `old`: replacing a file's text (a lesson's fix, an upload over an open tab)
/// then stays one small, undoable change in the editor.
pub fn smallest_edit(old: &str, new: &str) -> Edit {
    let prefix = old.char_indices().zip(new.chars()).take_while(|((_, a), b)| a == b).last().map_or(0, |((i, c), _)| i + c.len_utf8());
    let rest_old = &old[prefix..];
    let rest_new = &new[prefix..];
    let suffix: usize = rest_old.chars().rev().zip(rest_new.chars().rev()).take_while(|(a, b)| a == b).map(|(a, _)| a.len_utf8()).sum();
    let (from, to) = (prefix, old.len() - suffix);
    let units = utf16_offsets(old, &[from, to]);
    Edit { from: units[0] as u32, to: units[1] as u32, insert: new[prefix..new.len() - suffix].to_string() }
}

/// The open files. The texts sit in one signal: whatever reads a text (the analysis, autosave)
/// re-runs on an edit; what only needs the tab names reads [`Files::names`], which changes when
/// a tab is added, closed or replaced, not on a keystroke.
#[derive(Clone, Copy, Debug)]
pub struct Files {
    docs: RwSignal<Vec<Document>>,
    /// The tab in the editor.
    pub active: RwSignal<usize>,
    /// The tab names, in order.
    pub names: Memo<Vec<String>>,
    last_revision: StoredValue<Revision>,
}

impl Files {
    pub fn new(tabs: Vec<FileTab>, active: usize) -> Files {
        let last_revision = StoredValue::new(0);
        let docs = RwSignal::new(Vec::new());
        let files = Files { docs, active: RwSignal::new(0), names: Memo::new(move |_| docs.with(|d| names_of(d))), last_revision };
        files.replace(tabs, active);
        files
    }

    fn next_revision(&self) -> Revision {
        self.last_revision.update_value(|r| *r += 1);
        self.last_revision.get_value()
    }

    /// Tracks every text (for the analysis and autosave).
    pub fn track(&self) {
        self.docs.track();
    }

    /// Reads the documents without tracking them.
    pub fn with_untracked<R>(&self, f: impl FnOnce(&[Document]) -> R) -> R {
        self.docs.with_untracked(|d| f(d))
    }

    /// Reads the documents, tracking them.
    pub fn with<R>(&self, f: impl FnOnce(&[Document]) -> R) -> R {
        self.docs.with(|d| f(d))
    }

    /// Reads the document in the editor (untracked), if there is one.
    pub fn with_active<R>(&self, f: impl FnOnce(&Document) -> R) -> Option<R> {
        let active = self.active.get_untracked();
        self.docs.with_untracked(|d| d.get(active).map(f))
    }

    /// The index of the tab named `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.docs.with_untracked(|d| d.iter().position(|f| f.name == name))
    }

    pub fn len(&self) -> usize {
        self.docs.with_untracked(Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A copy of one file (name, text, revision), untracked.
    pub fn get(&self, index: usize) -> Option<Document> {
        self.docs.with_untracked(|d| d.get(index).cloned())
    }

    /// Applies one editor transaction to the active file; returns the text's new revision.
    pub fn edit_active(&self, edits: &[Edit]) -> Revision {
        self.change(self.active.get_untracked(), |doc| doc.apply(edits))
    }

    /// Replaces the text of tab `index` (not through the editor); returns the new revision.
    pub fn set_text(&self, index: usize, text: String) -> Revision {
        self.change(index, |doc| doc.set_text(text))
    }

    /// Changes the text of tab `index` with `change` under a new revision, which it returns.
    fn change(&self, index: usize, change: impl FnOnce(&mut Document)) -> Revision {
        let revision = self.next_revision();
        self.docs.update(|d| {
            if let Some(doc) = d.get_mut(index) {
                change(doc);
                doc.revision = revision;
            }
        });
        revision
    }

    /// Adds a tab at the end; returns its index.
    pub fn push(&self, name: String, text: String) -> usize {
        let revision = self.next_revision();
        self.docs.update(|d| d.push(Document::new(name, text, revision)));
        self.len() - 1
    }

    /// Closes tab `index`, keeping the active tab where it was (or the one before).
    pub fn remove(&self, index: usize) {
        self.docs.update(|d| {
            if index < d.len() {
                d.remove(index);
            }
        });
        let len = self.len();
        self.active.update(|a| {
            if *a >= len || *a > index {
                *a = a.saturating_sub(1);
            }
        });
    }

    /// Replaces every file (an example, a link, a backup).
    pub fn replace(&self, tabs: Vec<FileTab>, active: usize) {
        let docs: Vec<Document> = tabs.into_iter().map(|t| Document::new(t.name, t.text, self.next_revision())).collect();
        let active = if active < docs.len() { active } else { 0 };
        self.docs.set(docs);
        self.active.set(active);
    }

    /// The files as the saved workspace holds them.
    pub fn tabs(&self) -> Vec<FileTab> {
        self.docs.with_untracked(|d| d.iter().map(|f| FileTab { name: f.name.clone(), text: f.text.clone() }).collect())
    }

    /// Whether the files hold exactly these tabs (names and texts).
    pub fn holds(&self, tabs: &[FileTab]) -> bool {
        self.docs.with_untracked(|d| d.len() == tabs.len() && d.iter().zip(tabs).all(|(a, b)| a.name == b.name && a.text == b.text))
    }

    /// Total bytes of text (tracked).
    pub fn total_bytes(&self) -> usize {
        self.docs.with(|d| d.iter().map(|f| f.text.len()).sum())
    }
}

fn names_of(docs: &[Document]) -> Vec<String> {
    docs.iter().map(|d| d.name.clone()).collect()
}

/// What one analysis reads: every file at a known revision, and the target release.
#[derive(Debug)]
pub struct Snapshot {
    pub input: Input,
    /// The revision of each file of `input.files`, in the same order.
    pub revisions: Vec<Revision>,
}

impl Snapshot {
    /// The files as they are now (untracked), with what the browser assumes about the host.
    pub fn of(files: &Files, version: AsteriskVersion) -> Snapshot {
        let (inputs, revisions) = files.with_untracked(|d| {
            (d.iter().map(|f| InputFile { name: f.name.clone(), text: f.text.clone() }).collect(), d.iter().map(|f| f.revision).collect())
        });
        let mut input = Input::new(inputs, version);
        input.environment = crate::view_model::browser_environment();
        Snapshot { input, revisions }
    }

    /// The revision of the file named `name` in this snapshot.
    pub fn revision_of(&self, name: &str) -> Option<Revision> {
        self.input.files.iter().position(|f| f.name == name).map(|i| self.revisions[i])
    }
}

// Run in the browser with the other wasm tests.
#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn doc(text: &str) -> Document {
        Document::new("pjsip.conf".into(), text.into(), 1)
    }

    fn edit(from: u32, to: u32, insert: &str) -> Edit {
        Edit { from, to, insert: insert.into() }
    }

    #[test]
    fn edits_of_one_transaction_refer_to_the_old_text() {
        let mut d = doc("[a]\ntype=aor\n");
        // Both offsets are in the text before the transaction: "[a]" → "[ab]", "aor" → "auth".
        d.apply(&[edit(2, 2, "b"), edit(9, 12, "auth")]);
        assert_eq!(d.text, "[ab]\ntype=auth\n");
    }

    #[test]
    fn utf16_offsets_past_wide_characters() {
        let mut d = doc("[é😀]\n");
        // `]` is UTF-16 unit 4: `[`, `é`, and two units for `😀`.
        d.apply(&[edit(4, 4, "x")]);
        assert_eq!(d.text, "[é😀x]\n");
        assert_eq!(d.byte_offset(4), "[é😀".len());
        assert_eq!(d.utf16_offsets(&[0, "[é".len(), d.text.len()]), [0, 2, 7]);
        // Once the wide characters are gone, offsets are bytes again.
        d.apply(&[edit(1, 4, "")]);
        assert_eq!(d.text, "[x]\n");
        assert_eq!(d.wide, 0);
        assert_eq!(d.byte_offset(99), 4);
    }

    #[test]
    fn the_smallest_edit_keeps_what_both_texts_share() {
        let e = smallest_edit("[a]\ntype=Endpoint\n", "[a]\ntype=endpoint\n");
        assert_eq!(e, edit(9, 10, "e"));
        let e = smallest_edit("é=1\n", "é=12\n");
        assert_eq!(e, edit(3, 3, "2"));
        assert_eq!(smallest_edit("same", "same"), edit(4, 4, ""));
        let mut d = doc("x=1\ny=2\n");
        let e = smallest_edit(&d.text, "x=1\n");
        d.apply(&[e]);
        assert_eq!(d.text, "x=1\n");
    }
}
