//! `ref/missing`, `ref/wrong-type`, `ref/rejected`: names in `aors=`, `auth=`,
//! `outbound_auth=`, `transport=`, identify `endpoint=` … that do not lead to a loaded object of
//! the right type. Asterisk checks none of these at load; they fail at run time.

use pjsip_model::ObjectType;
use std::sync::OnceLock;

use pjsip_syntax::{Applicability, Diagnostic, FileSpan, Span, TextEdit};

use super::{closest, Index};
use pjsip_model::model::{Model, Object};
use pjsip_model::schema::{self, Slot};

pub(crate) fn check(files: &pjsip_model::Files, model: &Model, index: &Index<'_>, out: &mut Vec<Diagnostic>) {
    // Per type, the options that name objects of a type read from the file, as slots (the
    // schema is fixed: worked out once).
    static PLANS: OnceLock<Vec<Vec<(Slot, ObjectType)>>> = OnceLock::new();
    let plans = PLANS.get_or_init(|| {
        schema::TYPES
            .iter()
            .map(|t| {
                t.named_slots()
                    .filter_map(|(slot, o)| Some((slot, ObjectType::from_name(o.references?.target)?)))
                    .filter(|(_, target)| target.schema().loaded_from_config)
                    .collect()
            })
            .collect()
    });
    // Suggestions compare a name with every object of the target type: past this many, a
    // config with thousands of broken references would take quadratic time for hints.
    let mut suggestions_left = 500usize;
    for object in &model.objects {
        for &(slot, target) in &plans[object.schema().index] {
            let Some(value) = object.at(slot) else { continue };
            let Some(last) = value.set_by.last() else { continue };
            for name in value.value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                if index.find(target, name).is_some() {
                    continue;
                }
                // The line that wrote the name (lists may be built from several lines).
                let found = value.set_by.iter().rev().find_map(|s| name_in(files, s.value_at, name).map(|at| (s.value_at, at)));
                let (value_at, name_at) = match found {
                    Some((value_at, name_at)) => (value_at, Some(name_at)),
                    None => (last.value_at, None),
                };
                let suggest = suggestions_left > 0;
                suggestions_left = suggestions_left.saturating_sub(1);
                out.push(diagnose(index, object, &value.name, target, name, value_at, name_at, suggest));
            }
        }
    }
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

#[allow(clippy::too_many_arguments)]
fn diagnose(
    index: &Index<'_>,
    object: &Object,
    option: &str,
    target: ObjectType,
    name: &str,
    at: FileSpan,
    name_at: Option<FileSpan>,
    suggest: bool,
) -> Diagnostic {
    let whose = format!("{} '{}'", object.type_name(), object.id);
    if let Some(rejected) = index.rejected(target, name) {
        return Diagnostic::warning(
            "ref/rejected",
            at,
            format!("{whose} `{option}` names {target} '{name}', which Asterisk does not load"),
        )
        .with_label(rejected.header_at, "not loaded (see its own error)");
    }
    if let Some(other) = index.with_id(name) {
        return Diagnostic::error(
            "ref/wrong-type",
            at,
            format!("{whose} `{option}` needs a {target}, but '{name}' is a {}", other.type_name()),
        )
        .with_label(other.header_at, format!("this is a {}", other.type_name()));
    }
    let mut d = Diagnostic::error("ref/missing", at, format!("{whose} `{option}` names {target} '{name}', which does not exist"))
        .with_note("Asterisk does not check this at load time; it fails when the object is used");
    if !suggest {
        return d;
    }
    let candidates = index.of_type(target);
    if let Some(best) = closest(name, candidates.iter().map(|o| o.id.as_str())) {
        if let Some(o) = candidates.iter().find(|o| o.id == best) {
            d = d.with_label(o.header_at, format!("did you mean '{best}'?"));
        }
        if let Some(name_at) = name_at.filter(|_| object.wizard.is_none()) {
            d = d.with_fix(format!("write '{best}'"), Applicability::Unsafe, vec![TextEdit { at: name_at, insert: best.to_string() }]);
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use crate::test_support::{analyse, check};

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

    #[test]
    fn missing_and_wrong_type() {
        check(
            "[alice]\ntype=endpoint\naors=alice-auth,bob\nauth=alice-auth\n[alice-auth]\ntype=auth\nusername=a\npassword=b\n[bobb]\ntype=aor\n",
            "ref/",
            "ref/wrong-type error 3: endpoint 'alice' `aors` needs a aor, but 'alice-auth' is a auth
ref/missing error 3: endpoint 'alice' `aors` names aor 'bob', which does not exist [fix: write 'bobb']",
        );
    }
}
