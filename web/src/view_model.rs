//! From an [`Analysis`] to the plain rows the page renders. No DOM here: tested natively.

use pjsip_analysis::syntax::{utf16_offsets, LineIndex};
use pjsip_analysis::{Analysis, Input, Severity};

/// One row of the section list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionRow {
    pub name: String,
    pub type_name: String,
    pub templates: String,
    pub is_template: bool,
    pub line: u32,
    /// Position of the header in the editor, in UTF-16 code units (what the textarea counts).
    pub start16: u32,
    pub end16: u32,
}

/// One row of the diagnostic list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiagnosticRow {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub notes: Vec<String>,
    pub line: u32,
    pub column: u32,
    pub start16: u32,
    pub end16: u32,
    start: u32,
    end: u32,
}

impl DiagnosticRow {
    /// The primary range in bytes (what the core uses).
    pub fn primary_bytes(&self) -> (u32, u32) {
        (self.start, self.end)
    }

    pub fn key(&self) -> (u32, u32, &'static str) {
        (self.start16, self.end16, self.code)
    }
}

/// Everything the first page shows for one version of the text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageModel {
    pub sections: Vec<SectionRow>,
    pub diagnostics: Vec<DiagnosticRow>,
    pub errors: usize,
    pub warnings: usize,
    /// Asterisk would refuse the whole file.
    pub rejected: bool,
}

impl PageModel {
    /// Analyses `text` as `pjsip.conf` and converts byte spans to UTF-16 for the editor.
    pub fn analyse(text: &str) -> PageModel {
        let analysis = Analysis::new(&Input::single(text));
        PageModel::from_analysis(&analysis, text)
    }

    pub fn from_analysis(analysis: &Analysis, text: &str) -> PageModel {
        let root = analysis.config.root;
        let index = LineIndex::new(text);
        // Collect all offsets we need in one pass over the text.
        let sections: Vec<_> = analysis.sections().iter().filter(|s| s.header_at.file == root).collect();
        let diagnostics: Vec<_> = analysis.diagnostics().iter().filter(|d| d.primary.file == root).collect();
        let mut offsets = Vec::with_capacity(2 * (sections.len() + diagnostics.len()));
        for s in &sections {
            offsets.extend([s.header_at.span.start as usize, s.header_at.span.end as usize]);
        }
        for d in &diagnostics {
            offsets.extend([d.primary.span.start as usize, d.primary.span.end as usize]);
        }
        let units = utf16_offsets(text, &offsets);
        let mut units = units.into_iter().map(|u| u as u32);
        let mut next = move || units.next().unwrap_or(0);
        let section_rows = sections
            .iter()
            .map(|s| SectionRow {
                name: s.name.clone(),
                type_name: s.type_name.clone().unwrap_or_default(),
                templates: s.templates.join(", "),
                is_template: s.is_template,
                line: s.line,
                start16: next(),
                end16: next(),
            })
            .collect();
        let diagnostic_rows: Vec<DiagnosticRow> = diagnostics
            .iter()
            .map(|d| {
                let position = index.line_col(text, d.primary.span.start as usize);
                DiagnosticRow {
                    severity: d.severity,
                    code: d.code,
                    message: d.message.clone(),
                    notes: d.notes.clone(),
                    line: position.line,
                    column: position.column,
                    start16: next(),
                    end16: next(),
                    start: d.primary.span.start,
                    end: d.primary.span.end,
                }
            })
            .collect();
        let count = |s: Severity| diagnostic_rows.iter().filter(|d| d.severity == s).count();
        PageModel {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            sections: section_rows,
            diagnostics: diagnostic_rows,
            rejected: analysis.config.is_rejected(),
        }
    }
}

// These run in the browser with the other wasm tests (`cargo test --target wasm32-unknown-unknown`),
// so the web crate never needs a native build of Leptos.
#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[test]
    fn trunk_example_lists_its_sections() {
        let model = PageModel::analyse(crate::TRUNK_EXAMPLE);
        let names: Vec<(&str, &str)> = model.sections.iter().map(|s| (s.name.as_str(), s.type_name.as_str())).collect();
        assert_eq!(
            names,
            vec![
                ("transport-udp", "transport"),
                ("mytrunk", "registration"),
                ("mytrunk", "auth"),
                ("mytrunk", "aor"),
                ("mytrunk", "endpoint"),
                ("mytrunk", "identify"),
            ]
        );
        assert_eq!(model.errors, 0);
    }

    #[test]
    fn offsets_are_utf16() {
        let text = "[é😀](t)\n";
        let model = PageModel::analyse(text);
        assert_eq!(model.diagnostics.len(), 1);
        let d = &model.diagnostics[0];
        assert_eq!(d.code, "config/missing-base-section");
        // `t` is at byte 9 but UTF-16 unit 6: `[`, `é`, `😀` (two units), `]`, `(`.
        assert_eq!(d.primary_bytes(), (9, 10));
        assert_eq!((d.start16, d.end16), (6, 7));
        assert_eq!((d.line, d.column), (1, 6));
        assert!(model.rejected);
    }
}
