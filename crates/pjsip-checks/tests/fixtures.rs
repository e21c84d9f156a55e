//! One fixture directory per rule of the registry: `tests/fixtures/<family>/<rule>/` holds the
//! input files — `pjsip.conf`, and whatever else the rule needs (`pjsip_wizard.conf`, included
//! files, key files), plus an optional `asterisk-version` file with a major release (22 by
//! default) — and `diagnostics.snap`, that rule's diagnostics rendered as the CLI prints them,
//! with the edits of their fixes. Every rule has a fixture that triggers it; a directory that
//! names no rule fails. New or changed snapshots: `INSTA_UPDATE=always cargo test -p
//! pjsip-checks --test fixtures`, then read the diff.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use pjsip_checks::Rule;
use pjsip_model::{AsteriskVersion, Input, InputFile, Loaded};
use pjsip_syntax::render::Renderer;
use pjsip_syntax::Diagnostic;

/// Files of a fixture directory that are not input.
const NOT_INPUT: &[&str] = &["diagnostics.snap", "asterisk-version"];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `family/rule` for every fixture directory.
fn fixture_names() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for family in std::fs::read_dir(fixtures_dir()).expect("tests/fixtures exists") {
        let family = family.unwrap().path();
        assert!(family.is_dir(), "{}: only family directories belong in tests/fixtures", family.display());
        for rule in std::fs::read_dir(&family).unwrap() {
            let rule = rule.unwrap().path();
            assert!(rule.is_dir(), "{}: only rule directories belong in a family directory", rule.display());
            names.insert(format!("{}/{}", family.file_name().unwrap().to_str().unwrap(), rule.file_name().unwrap().to_str().unwrap()));
        }
    }
    names
}

#[test]
fn every_rule_has_a_fixture_and_every_fixture_a_rule() {
    let fixtures = fixture_names();
    let rules: BTreeSet<String> = Rule::ALL.iter().map(|r| r.name().to_string()).collect();
    let without: Vec<&String> = rules.difference(&fixtures).collect();
    let unknown: Vec<&String> = fixtures.difference(&rules).collect();
    assert!(without.is_empty(), "rules without a fixture directory in tests/fixtures: {without:?}");
    assert!(unknown.is_empty(), "fixture directories that name no rule of the registry: {unknown:?}");
}

/// The input files of a fixture (pjsip.conf first) and the release to analyse for.
fn input(dir: &Path) -> Input {
    let mut files: Vec<InputFile> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_str().unwrap();
            !NOT_INPUT.contains(&name) && !name.ends_with(".snap.new")
        })
        .map(|p| InputFile {
            name: p.file_name().unwrap().to_str().unwrap().to_string(),
            text: std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
        })
        .collect();
    files.sort_by(|a, b| (a.name != "pjsip.conf", &a.name).cmp(&(b.name != "pjsip.conf", &b.name)));
    let version = match std::fs::read_to_string(dir.join("asterisk-version")) {
        Ok(text) => {
            let major = text.trim().parse().unwrap_or_else(|_| panic!("{}: asterisk-version holds a major release", dir.display()));
            AsteriskVersion::from_major(major).unwrap_or_else(|| panic!("{}: no Asterisk {major} in the schema", dir.display()))
        }
        Err(_) => AsteriskVersion::V22,
    };
    Input::new(files, version)
}

/// The diagnostics as the CLI prints them, each followed by the edits of its fix.
fn render(loaded: &Loaded, diagnostics: &[&Diagnostic]) -> String {
    let renderer = Renderer::new(loaded);
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&renderer.render(d));
        for edit in d.fix.iter().flat_map(|f| &f.edits) {
            let (file, line, column) = renderer.location(edit.at);
            let (_, end_line, end_column) =
                renderer.location(pjsip_syntax::FileSpan::new(edit.at.file, pjsip_syntax::Span::empty(edit.at.span.end as usize)));
            let applicability = d.fix.as_ref().map(|f| format!("{:?}", f.applicability).to_lowercase()).unwrap_or_default();
            let _ = writeln!(out, "  = edit ({applicability}): {file}:{line}:{column}-{end_line}:{end_column} → {:?}", edit.insert);
        }
        out.push('\n');
    }
    out
}

#[test]
fn fixtures() {
    let mut silent = Vec::new();
    insta::glob!("fixtures", "*/*/pjsip.conf", |path| {
        let dir = path.parent().unwrap();
        let name = dir.strip_prefix(fixtures_dir()).unwrap().to_str().unwrap().replace('\\', "/");
        let rule = Rule::from_name(&name).unwrap_or_else(|| panic!("{name}: no rule of that name"));
        let loaded = Loaded::new(&input(dir));
        let diagnostics = pjsip_checks::diagnose(&loaded);
        let own: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.code == rule).collect();
        if own.is_empty() {
            silent.push(name.clone());
        }
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(dir);
        settings.remove_snapshot_suffix();
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_description(format!("{name}: {}", rule.summary()));
        settings.bind(|| insta::assert_snapshot!("diagnostics", render(&loaded, &own)));
    });
    assert!(silent.is_empty(), "fixtures that do not trigger their rule: {silent:?}");
}
