//! References: `ref/rejected`, `ref/wrong-type`, `ref/missing` for names in `aors=`, `auth=`,
//! `outbound_auth=`, `transport=`, identify `endpoint=` … that do not lead to a loaded object
//! of the right type. Asterisk checks none of these at load; they fail at run time.
//!
//! [`check`] finds every such name once; each broken reference then gets the first rule that
//! explains it: the object exists but is not loaded, it is of another type, or it is missing.

use pjsip_model::ObjectType;
use std::sync::OnceLock;

use pjsip_syntax::{Applicability, Diagnostic, FileSpan, Span, TextEdit};

use super::{Checker, Index};
use crate::codes;
use pjsip_model::codes::REF_MISSING;
use pjsip_model::model::Object;
use pjsip_model::schema::{self, Slot};
use pjsip_model::spelling::closest;

/// Suggestions compare a name with every object of the target type: past this many broken
/// references, a config with thousands of them would take quadratic time for hints.
pub const SUGGESTIONS: usize = 500;

/// A name in a reference option that leads to no loaded object of the right type.
struct Broken<'a> {
    object: &'a Object,
    option: &'a str,
    target: ObjectType,
    name: &'a str,
    /// The value of the line that wrote the name (lists may be built from several lines).
    at: FileSpan,
    /// The name itself in that value, when it is written there as a whole list item.
    name_at: Option<FileSpan>,
    /// Whether a closest name may be looked for (the first [`SUGGESTIONS`] only).
    suggest: bool,
}

/// Per type, the options that name objects of a type read from the file, as slots (the schema
/// is fixed: worked out once).
fn plans() -> &'static [Vec<(Slot, ObjectType)>] {
    static PLANS: OnceLock<Vec<Vec<(Slot, ObjectType)>>> = OnceLock::new();
    PLANS.get_or_init(|| {
        schema::TYPES
            .iter()
            .map(|t| {
                t.named_slots()
                    .filter_map(|(slot, o)| Some((slot, ObjectType::from_name(o.references?.target)?)))
                    .filter(|(_, target)| target.schema().loaded_from_config)
                    .collect()
            })
            .collect()
    })
}

/// Every broken name in a reference option of every object, in model order, with the value
/// it is written in.
fn each_broken<'a>(
    index: &Index<'a>,
    objects: &'a [Object],
    mut found: impl FnMut(&'a Object, &'a pjsip_model::EffectiveValue, ObjectType, &'a str),
) {
    let plans = plans();
    for object in objects {
        for &(slot, target) in &plans[object.schema().index] {
            let Some(value) = object.at(slot) else { continue };
            if value.set_by.is_empty() {
                continue;
            }
            for name in value.value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                if index.find(target, name).is_none() {
                    found(object, value, target, name);
                }
            }
        }
    }
}

/// A name in a reference option that leads to no loaded object of that type: what the
/// `ref/*` rules report, for callers that need the names (the language server's re-check looks
/// up the did-you-mean candidates).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenReference {
    /// The header of the object whose option names it.
    pub from: FileSpan,
    pub target: ObjectType,
    pub name: String,
}

/// Every broken reference of a loaded configuration, in the order the rules report them.
pub fn broken_references(loaded: &pjsip_model::Loaded) -> Vec<BrokenReference> {
    let index = Index::new(&loaded.model);
    let mut out = Vec::new();
    each_broken(&index, &loaded.model.objects, |object, _, target, name| {
        out.push(BrokenReference { from: object.header_at, target, name: name.to_string() });
    });
    out
}

/// Every name in a reference option of every object, in order; each broken one gets the first
/// of `ref/rejected`, `ref/wrong-type`, `ref/missing` that explains it.
pub(super) fn check(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    let (files, index) = (cx.files(), &cx.index);
    let mut suggestions_left = SUGGESTIONS;
    each_broken(index, &cx.model().objects, |object, value, target, name| {
        let last = value.set_by.last().expect("a set value");
        let found = value.set_by.iter().rev().find_map(|s| name_in(files, s.value_at, name).map(|at| (s.value_at, at)));
        let (at, name_at) = match found {
            Some((value_at, name_at)) => (value_at, Some(name_at)),
            None => (last.value_at, None),
        };
        let suggest = suggestions_left > 0;
        suggestions_left = suggestions_left.saturating_sub(1);
        let broken = Broken { object, option: &value.name, target, name, at, name_at, suggest };
        let d = ref_rejected(index, &broken).or_else(|| ref_wrong_type(index, &broken)).unwrap_or_else(|| ref_missing(index, &broken));
        out.push(d);
    });
}

/// The span of `name` as a whole list item inside the value written at `value_at`.
fn name_in(files: &pjsip_model::Files, value_at: FileSpan, name: &str) -> Option<FileSpan> {
    let text = files.text(value_at.file).get(value_at.span.start as usize..value_at.span.end as usize)?;
    let mut offset = 0;
    for item in text.split(',') {
        let lead = item.len() - item.trim_start().len();
        if item.trim() == name {
            let start = value_at.span.start as usize + offset + lead;
            return Some(FileSpan::new(value_at.file, Span::new(start, start + name.len())));
        }
        offset += item.len() + 1;
    }
    None
}

/// "endpoint 'alice'" for messages.
fn whose(broken: &Broken<'_>) -> String {
    format!("{} '{}'", broken.object.type_name(), broken.object.id)
}

/// `ref/rejected`: the name is an object of the right type that Asterisk does not load.
fn ref_rejected(index: &Index<'_>, broken: &Broken<'_>) -> Option<Diagnostic> {
    let rejected = index.rejected(broken.target, broken.name)?;
    let (option, target, name) = (broken.option, broken.target, broken.name);
    let d = Diagnostic::new(
        codes::REF_REJECTED,
        broken.at,
        format!("{} `{option}` names {target} '{name}', which Asterisk does not load", whose(broken)),
    )
    .with_label(rejected.header_at, "not loaded (see its own error)");
    Some(d)
}

/// `ref/wrong-type`: the name is an object of another type.
fn ref_wrong_type(index: &Index<'_>, broken: &Broken<'_>) -> Option<Diagnostic> {
    let other = index.with_id(broken.name)?;
    let (option, target, name) = (broken.option, broken.target, broken.name);
    let d = Diagnostic::new(
        codes::REF_WRONG_TYPE,
        broken.at,
        format!("{} `{option}` needs a {target}, but '{name}' is a {}", whose(broken), other.type_name()),
    )
    .with_label(other.header_at, format!("this is a {}", other.type_name()));
    Some(d)
}

/// `ref/missing`: nothing has that name; the closest name of the right type is suggested.
fn ref_missing(index: &Index<'_>, broken: &Broken<'_>) -> Diagnostic {
    let (option, target, name) = (broken.option, broken.target, broken.name);
    let mut d =
        Diagnostic::new(REF_MISSING, broken.at, format!("{} `{option}` names {target} '{name}', which does not exist", whose(broken)))
            .with_note("Asterisk does not check this at load time; it fails when the object is used");
    if !broken.suggest {
        return d;
    }
    let candidates = index.of_type(target);
    if let Some(best) = closest(name, candidates.iter().map(|o| o.id.as_str())) {
        if let Some(o) = candidates.iter().find(|o| o.id == best) {
            d = d.with_label(o.header_at, format!("did you mean '{best}'?"));
        }
        if let Some(name_at) = broken.name_at.filter(|_| broken.object.wizard.is_none()) {
            d = d.with_fix(format!("write '{best}'"), Applicability::Unsafe, vec![TextEdit { at: name_at, insert: best.to_string() }]);
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use crate::test_support::analyse;

    #[test]
    fn suggestions_stop_after_500_broken_references() {
        let mut conf = String::new();
        for n in 0..600 {
            conf.push_str(&format!("[p{n}]\ntype=endpoint\naors=a{n}x\n[a{n}]\ntype=aor\nmax_contacts=1\n"));
        }
        let analysis = analyse(&conf, &[]);
        let missing: Vec<_> = analysis.diagnostics().iter().filter(|d| d.code == "ref/missing").collect();
        assert_eq!(missing.len(), 600);
        assert_eq!(missing.iter().filter(|d| d.fix.is_some()).count(), 500);
        assert!(missing[0].fix.is_some() && missing[599].fix.is_none());
    }
}
