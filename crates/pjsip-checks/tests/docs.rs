//! `docs/diagnostics.md`'s tables are generated from the registry ([`pjsip_checks::docs_tables`]),
//! never kept by hand: this test fails when the committed file differs, and
//! `UPDATE_DOCS=1 cargo test -p pjsip-checks --test docs` rewrites the part between the markers.

use std::path::Path;

const BEGIN: &str = "<!-- generated from pjsip_checks::Rule: begin -->\n";
const END: &str = "<!-- generated from pjsip_checks::Rule: end -->\n";

#[test]
fn the_diagnostics_doc_shows_the_registry() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/diagnostics.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let start = text.find(BEGIN).map(|i| i + BEGIN.len()).expect("docs/diagnostics.md has the begin marker");
    let end = start + text[start..].find(END).expect("docs/diagnostics.md has the end marker after the begin marker");
    let tables = pjsip_checks::docs_tables();
    if text[start..end] == tables {
        return;
    }
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, format!("{}{tables}{}", &text[..start], &text[end..])).expect("docs/diagnostics.md is writable");
        return;
    }
    panic!(
        "docs/diagnostics.md does not show the registry (pjsip_checks::Rule) as it is; \
         regenerate it with `UPDATE_DOCS=1 cargo test -p pjsip-checks --test docs`"
    );
}
