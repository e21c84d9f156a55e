//! Validator checks: turn what loading found (`pjsip_model`) into diagnostics, and add
//! lints for things Asterisk accepts silently but that break at run time.
//!
//! One module per code family; each code is stable and listed in `docs/diagnostics.md`.
//! Messages are plain words; a note quotes the fragment Asterisk logs, so a user can grep
//! their log for it; fixes are text edits where the right edit is clear.

use pjsip_syntax::fast_hash::FastMap;
use pjsip_syntax::{Diagnostic, FileSpan, TextEdit};

use pjsip_model::model::{Model, Object, Rejected, SettingOrigin};
use pjsip_model::{Loaded, ObjectType};

pub mod apply;
pub mod auth;
pub mod endpoint;
pub mod identify;
pub mod nat;
pub mod options;
pub mod refs;
pub mod transport;
pub mod types;
pub mod wizard;

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
fn sort_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
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
    let (config, wizard_config, model, files) = (&loaded.config, loaded.wizard.as_ref(), &loaded.model, &loaded.files);
    let ctx = &loaded.context();
    let version = ctx.version;
    let mut out = Vec::new();
    let index = Index::new(model);
    if !config.is_rejected() {
        types::check(config, model, &mut out);
        options::check(config, ctx, model, &mut out);
    }
    apply::check(model, &mut out);
    wizard::check(wizard_config, model, version, &mut out);
    refs::check(files, model, &index, &mut out);
    let nat_reported = nat::check(&index, &mut out);
    endpoint::check(&index, &nat_reported, &mut out);
    auth::check(files, &index, &mut out);
    identify::check(files, model, &mut out);
    transport::check(model, &mut out);
    out
}

/// Loaded objects by (type, id) and by type, built once so that checks stay linear in the
/// size of the configuration ([`Model::find`] scans).
pub(crate) struct Index<'a> {
    by_key: FastMap<(ObjectType, &'a str), &'a Object>,
    /// The first object with each id, whatever its type.
    by_id: FastMap<&'a str, &'a Object>,
    /// Objects per type, by the type's position in [`pjsip_model::schema::TYPES`].
    by_type: Vec<Vec<&'a Object>>,
    /// The first rejected section of each type and id.
    rejected: FastMap<(ObjectType, &'a str), &'a Rejected>,
}

impl<'a> Index<'a> {
    pub(crate) fn new(model: &'a Model) -> Index<'a> {
        let mut index = Index {
            by_key: FastMap::with_capacity_and_hasher(model.objects.len(), Default::default()),
            by_id: FastMap::with_capacity_and_hasher(model.objects.len(), Default::default()),
            by_type: vec![Vec::new(); pjsip_model::schema::TYPES.len()],
            rejected: FastMap::default(),
        };
        for rejected in &model.rejected {
            index.rejected.entry((rejected.object_type, rejected.id.as_str())).or_insert(rejected);
        }
        for object in &model.objects {
            // The first object wins, as in `Model::find`.
            index.by_key.entry((object.object_type, object.id.as_str())).or_insert(object);
            index.by_id.entry(object.id.as_str()).or_insert(object);
            index.by_type[object.schema().index].push(object);
        }
        index
    }

    pub(crate) fn find(&self, object_type: ObjectType, id: &str) -> Option<&'a Object> {
        self.by_key.get(&(object_type, id)).copied()
    }

    /// The first section of this type and id that Asterisk does not load.
    pub(crate) fn rejected(&self, object_type: ObjectType, id: &str) -> Option<&'a Rejected> {
        self.rejected.get(&(object_type, id)).copied()
    }

    /// The first object (in model order) whose id is `id`, of any type.
    pub(crate) fn with_id(&self, id: &str) -> Option<&'a Object> {
        self.by_id.get(id).copied()
    }

    pub(crate) fn of_type(&self, object_type: ObjectType) -> &[&'a Object] {
        &self.by_type[object_type as usize]
    }
}

/// "`endpoint 'alice'`" for messages.
pub(crate) fn object_label(rejected: &Rejected) -> String {
    format!("{} '{}'", rejected.type_name(), rejected.id)
}

pub use pjsip_model::spelling::{closest, edit_distance};

/// Edits that make `object` hold `value` for each option: a line the object's own section (or
/// its wizard) wrote is rewritten in place, otherwise a line is added under the header (after
/// the template lines, so it wins). Wizard objects get the wizard's `type/` prefix.
pub(crate) fn set_options(object: &Object, settings: &[(&str, &str)]) -> Vec<TextEdit> {
    let prefix = match (&object.wizard, object.type_name()) {
        (None, _) => String::new(),
        (Some(_), "auth") => return Vec::new(),
        (Some(_), t) => format!("{t}/"),
    };
    let mut edits = Vec::new();
    let mut added = String::new();
    for (option, value) in settings {
        let own = object
            .get(option)
            .and_then(|v| v.set_by.last())
            .filter(|s| matches!(s.origin, SettingOrigin::Own | SettingOrigin::Wizard(_)) && s.value_at != object.header_at);
        match own {
            Some(setting) => edits.push(TextEdit { at: setting.value_at, insert: (*value).to_string() }),
            None => added.push_str(&format!("\n{prefix}{option}={value}")),
        }
    }
    if !added.is_empty() {
        // After the last line the section itself wrote (templates' lines come before those).
        let last_own = object
            .set_values()
            .flat_map(|v| &v.set_by)
            .filter(|s| {
                s.origin == SettingOrigin::Own && s.at.file == object.header_at.file && s.at.span.start > object.header_at.span.start
            })
            .map(|s| s.at)
            .max_by_key(|at| at.span.end);
        edits.push(TextEdit { at: at_end(last_own.unwrap_or(object.header_at)), insert: added });
    }
    edits.sort_by_key(|e| (e.at.file, e.at.span.start));
    edits
}

/// A span covering nothing at `at`'s end.
pub(crate) fn at_end(at: FileSpan) -> FileSpan {
    FileSpan::new(at.file, pjsip_syntax::Span::empty(at.span.end as usize))
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
