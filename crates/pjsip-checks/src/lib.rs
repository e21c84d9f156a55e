//! Validator checks: turn what loading found (`pjsip_model`) into diagnostics, and add
//! lints for things Asterisk accepts silently but that break at run time.
//!
//! Built the way ruff builds its rules:
//! * one registry, [`Rule`], names every code of every layer (parsing and loading, the model's
//!   apply step, these checks) with its severity, summary and documentation — each code is a
//!   typed [`pjsip_syntax::Code`] defined where it is produced, this crate's in [`codes`];
//!   `docs/diagnostics.md`'s tables are generated from the registry;
//! * one function per rule over the model, named after it, in one module per family
//!   (`rules::nat::nat_partial` …). Each module's `check` walks the model once and calls its
//!   rules; rules that classify the same item (a reference, a `match` entry, an option line)
//!   are called per item, so that diagnostics at one place keep a stable order, and the
//!   endpoint rules share one walk over the endpoints. What several rules need is built once
//!   per analysis ([`Checker`]: the object index, section names; the NAT transports) and the
//!   per-type plans (reference slots) once per process;
//! * one fixture directory per rule (`tests/fixtures/<family>/<rule>/`) with a snapshot of
//!   that rule's diagnostics.
//!
//! Messages are plain words; a note quotes the fragment Asterisk logs, so a user can grep
//! their log for it; fixes are text edits where the right edit is clear.

use pjsip_syntax::Diagnostic;

use pjsip_model::Loaded;

pub mod codes;
mod registry;
mod rules;

pub use registry::{docs_tables, Rule};
pub(crate) use rules::Checker;
pub use rules::{broken_references, BrokenReference, REFERENCE_SUGGESTIONS};

/// Every diagnostic of a loaded configuration: those of parsing and loading, then every check,
/// sorted by file and position, exact repeats dropped.
pub fn diagnose(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> = loaded.load_diagnostics().cloned().collect();
    diagnostics.extend(run(loaded));
    sort_diagnostics(&mut diagnostics);
    diagnostics
}

/// Sorts by position and drops exact repeats. Two sections with the same name inheriting the
/// same bad template line would otherwise report it twice, word for word.
pub fn sort_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by_key(|d| (d.primary.file, d.primary.span.start, d.primary.span.end));
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    let mut group_start = 0;
    for d in diagnostics.drain(..) {
        if kept.last().is_none_or(|last| last.primary != d.primary) {
            group_start = kept.len();
        }
        // Only diagnostics at the same place can be equal: compare within that group.
        if !kept[group_start..].contains(&d) {
            kept.push(d);
        }
    }
    *diagnostics = kept;
}

/// Runs every check over a loaded configuration (the diagnostics of loading itself are the
/// configurations' own; [`diagnose`] gives both).
pub fn run(loaded: &Loaded) -> Vec<Diagnostic> {
    let checker = Checker::new(loaded);
    let mut out = Vec::new();
    rules::check(&checker, &mut out);
    out
}

#[cfg(test)]
pub(crate) mod test_support {
    //! `check(config, expect)`: analyse a one-file pjsip.conf and compare the diagnostics of
    //! one code family, rendered as `code severity line: message`, with the expectation.

    use pjsip_model::{AsteriskVersion, Input, InputFile, Loaded};
    use pjsip_syntax::Diagnostic;

    /// A loaded configuration with every diagnostic, as the facade holds them.
    pub(crate) struct Checked {
        pub loaded: Loaded,
        pub diagnostics: Vec<Diagnostic>,
    }

    impl Checked {
        pub(crate) fn new(input: &Input) -> Checked {
            let loaded = Loaded::new(input);
            let diagnostics = crate::diagnose(&loaded);
            Checked { loaded, diagnostics }
        }

        pub(crate) fn diagnostics(&self) -> &[Diagnostic] {
            &self.diagnostics
        }
    }

    impl std::ops::Deref for Checked {
        type Target = Loaded;
        fn deref(&self) -> &Loaded {
            &self.loaded
        }
    }

    pub(crate) fn render(analysis: &Checked, prefix: &str) -> String {
        let mut out = String::new();
        for d in analysis.diagnostics().iter().filter(|d| d.code.starts_with(prefix)) {
            let (_, text) = analysis.file(d.primary.file);
            let line = text[..d.primary.span.start as usize].matches('\n').count() + 1;
            let fix = d.fix.as_ref().map(|f| format!(" [fix: {}]", f.title)).unwrap_or_default();
            out.push_str(&format!("{} {} {}: {}{}\n", d.code, d.severity.as_str(), line, d.message, fix));
        }
        out
    }

    /// Diagnostics whose code starts with `prefix`, for a pjsip.conf (and optional wizard file).
    pub(crate) fn check_with(pjsip: &str, wizard: Option<&str>, version: AsteriskVersion, prefix: &str, expect: &str) {
        let mut files = vec![InputFile { name: "pjsip.conf".into(), text: pjsip.into() }];
        if let Some(w) = wizard {
            files.push(InputFile { name: "pjsip_wizard.conf".into(), text: w.into() });
        }
        let analysis = Checked::new(&Input::new(files, version));
        let got = render(&analysis, prefix);
        assert_eq!(got.trim(), expect.trim(), "\n--- got ---\n{got}");
    }

    /// A pjsip.conf analysed together with other named input files.
    pub(crate) fn analyse(pjsip: &str, others: &[(&str, &str)]) -> Checked {
        let mut files = vec![InputFile { name: "pjsip.conf".into(), text: pjsip.into() }];
        files.extend(others.iter().map(|(n, t)| InputFile { name: (*n).into(), text: (*t).into() }));
        Checked::new(&Input::new(files, AsteriskVersion::V22))
    }

    /// `text` with the fix of `d` applied (edits are sorted by position).
    pub(crate) fn apply_fix(text: &str, d: &Diagnostic) -> String {
        let mut out = text.to_string();
        for edit in d.fix.as_ref().expect("a fix").edits.iter().rev() {
            out.replace_range(edit.at.span.start as usize..edit.at.span.end as usize, &edit.insert);
        }
        out
    }

    pub(crate) fn check(pjsip: &str, prefix: &str, expect: &str) {
        check_with(pjsip, None, AsteriskVersion::V22, prefix, expect);
    }
}
