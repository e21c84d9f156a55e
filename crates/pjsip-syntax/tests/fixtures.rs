//! Snapshot tests over `tests/fixtures/syntax/{valid,invalid}` plus structural invariants.
//!
//! Valid fixtures must produce no error and no warning; invalid ones at least one, and the
//! snapshot pins every message and range.

mod common;

use std::fmt::Write;
use std::path::Path;

use pjsip_syntax::{load, render, LineKind, Severity, SourceSet};

fn describe(path: &Path) -> (String, usize, bool) {
    let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
    let mut sources = SourceSet::new();
    let root = sources.add(path.file_name().unwrap().to_str().unwrap(), text.as_str());
    let config = load(&mut sources, root);
    let parse = config.parse_of(root).expect("root is parsed");
    common::check_invariants(&text, parse).unwrap_or_else(|e| panic!("{}: {e}", path.display()));

    let mut out = String::new();
    let _ = writeln!(out, "--- lines");
    for line in &parse.tree.lines {
        let kind = match &line.kind {
            LineKind::Blank => "blank".to_string(),
            LineKind::Header(h) => {
                let options = h.options.as_ref().map(|o| {
                    let items: Vec<&str> = o.iter().map(|t| t.as_str(&text)).collect();
                    format!("({})", items.join("|"))
                });
                format!("header {:?}{}", h.name.as_str(&text), options.unwrap_or_default())
            }
            LineKind::Assignment(a) => {
                format!(
                    "assign {:?} {:?} {:?} @{}..{}",
                    a.key.as_str(&text),
                    a.op,
                    a.value.as_str(&text),
                    a.value.span.start,
                    a.value.span.end
                )
            }
            LineKind::Directive(d) => format!("directive {:?} {:?}", d.kind, d.argument.as_ref().map(|a| a.as_str(&text))),
            LineKind::Invalid => "invalid".to_string(),
            LineKind::Skipped => "skipped".to_string(),
        };
        let _ = writeln!(out, "{:>3}: {kind}", line.number);
    }
    let _ = writeln!(out, "--- categories");
    for category in &config.categories {
        let vars: Vec<String> = category.variables.iter().map(|v| format!("{}={}", config.var_name(v), config.var_value(v))).collect();
        let _ = writeln!(out, "{}{} [{}]", category.name, if category.is_template { " (template)" } else { "" }, vars.join(", "));
    }
    let _ = writeln!(out, "--- diagnostics (rejected: {})", config.is_rejected());
    for diagnostic in &config.diagnostics {
        let _ = writeln!(out, "@{}..{}", diagnostic.primary.span.start, diagnostic.primary.span.end);
        out.push_str(&render::render(&config, diagnostic));
    }
    let serious = config.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).count();
    (out, serious, config.is_rejected())
}

#[test]
fn valid_fixtures() {
    insta::glob!("../../../tests/fixtures/syntax/valid", "*.conf", |path| {
        let (snapshot, serious, rejected) = describe(path);
        assert_eq!(serious, 0, "{}: valid fixture has diagnostics\n{snapshot}", path.display());
        assert!(!rejected);
        insta::assert_snapshot!(snapshot);
    });
}

#[test]
fn invalid_fixtures() {
    insta::glob!("../../../tests/fixtures/syntax/invalid", "*.conf", |path| {
        let (snapshot, serious, _) = describe(path);
        assert!(serious > 0, "{}: invalid fixture has no error or warning\n{snapshot}", path.display());
        insta::assert_snapshot!(snapshot);
    });
}

#[test]
fn include_cycle_is_reported_not_followed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/syntax/include-set");
    let mut sources = SourceSet::new();
    let a = sources.add("a.conf", std::fs::read_to_string(dir.join("a.conf")).unwrap());
    sources.add("b.conf", std::fs::read_to_string(dir.join("b.conf")).unwrap());
    let config = load(&mut sources, a);
    let codes: Vec<&str> = config.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, vec!["config/include-cycle"]);
    assert!(config.is_rejected());
    // b.conf's line lands in [a], the section current at the #include.
    let a_cat = &config.categories[0];
    let names: Vec<&str> = a_cat.variables.iter().map(|v| config.var_name(v)).collect();
    assert_eq!(names, vec!["type", "max_contacts"]);
}
