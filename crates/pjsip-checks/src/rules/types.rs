//! Sections Asterisk ignores or whose whole type it refuses: `type/missing`, `type/unknown`,
//! `section/duplicate`, `section/singleton`.

use pjsip_syntax::{Applicability, Diagnostic, TextEdit};

use super::Checker;
use crate::codes;
use pjsip_model::model::{Ignored, Reason};
use pjsip_model::schema;
use pjsip_model::spelling::closest;

/// chan_sip and other non-PJSIP `type=` words, with what to use instead.
const FOREIGN_TYPES: &[(&str, &str)] = &[
    ("friend", "chan_sip's `type=friend` is an endpoint + aor + auth in PJSIP"),
    ("peer", "chan_sip's `type=peer` is an endpoint + aor (+ identify) in PJSIP"),
    ("user", "chan_sip's `type=user` is an endpoint + auth in PJSIP"),
];

/// The ignored sections of pjsip.conf (each gets one of the two `type/` rules), then the
/// refused ones.
pub(super) fn check(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    for ignored in cx.model().ignored.iter().filter(|i| !i.in_wizard_file) {
        out.extend(type_missing(ignored));
        out.extend(type_unknown(ignored));
    }
    section_duplicate(cx, out);
    section_singleton(cx, out);
}

/// `type/missing`: a pjsip.conf section without `type=`.
fn type_missing(ignored: &Ignored) -> Option<Diagnostic> {
    if ignored.type_value.is_some() {
        return None;
    }
    let d = Diagnostic::new(
        codes::TYPE_MISSING,
        ignored.header_at,
        format!("section [{}] has no `type=`, so Asterisk silently ignores it", ignored.name),
    )
    .with_note("Asterisk logs nothing for this; the section simply does not exist for it");
    Some(d)
}

/// `type/unknown`: `type=` names no PJSIP object type.
fn type_unknown(ignored: &Ignored) -> Option<Diagnostic> {
    let (value, at) = ignored.type_value.as_ref()?;
    let known: Vec<&str> = schema::pjsip_conf_types().map(|t| t.name).collect();
    let mut d = Diagnostic::new(
        codes::TYPE_UNKNOWN,
        *at,
        format!("`type={value}` is not a PJSIP object type, so Asterisk silently ignores section [{}]", ignored.name),
    );
    if let Some(exact) = known.iter().find(|k| k.eq_ignore_ascii_case(value)) {
        d = d.with_note("the type name is compared case-sensitively").with_fix(
            format!("write `type={exact}`"),
            Applicability::Safe,
            vec![TextEdit { at: *at, insert: exact.to_string() }],
        );
    } else if let Some((_, advice)) = FOREIGN_TYPES.iter().find(|(w, _)| w.eq_ignore_ascii_case(value)) {
        d = d.with_note(*advice);
    } else if let Some(best) = closest(value, known.iter().copied()) {
        d = d.with_fix(format!("write `type={best}`"), Applicability::Unsafe, vec![TextEdit { at: *at, insert: best.to_string() }]);
    } else if value == "contact" || value == "subscription_persistence" {
        d = d.with_note("this type is stored by Asterisk itself (AstDB), not read from pjsip.conf");
    } else if value == "phoneprov" {
        d = d.with_note("res_phoneprov is assumed not loaded (environment)");
    }
    Some(d.with_note(format!("valid types: {}", known.join(", "))))
}

/// `section/duplicate`: two pjsip.conf sections of one type and name, and every other object
/// of that type, which Asterisk then does not load either.
fn section_duplicate(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    for rejected in &cx.model().rejected {
        match &rejected.reason {
            Reason::DuplicateId { other } if rejected.wizard.is_none() => out.push(
                Diagnostic::new(
                    codes::SECTION_DUPLICATE,
                    cx.section_name_at(rejected.header_at).unwrap_or(rejected.header_at),
                    format!(
                        "{} '{}' is defined twice, so Asterisk loads no {} at all",
                        rejected.type_name(),
                        rejected.id,
                        rejected.type_name()
                    ),
                )
                .with_label(*other, "the other definition")
                .with_note("Asterisk logs: configuration contains a duplicate object")
                .with_note("use `[name](+)` to add lines to an existing section"),
            ),
            Reason::TypeNotLoaded { because_of, at } => out.push(
                Diagnostic::new(
                    codes::SECTION_DUPLICATE,
                    rejected.header_at,
                    format!("{} '{}' is not loaded because '{}' is defined twice", rejected.type_name(), rejected.id, because_of),
                )
                .with_label(*at, "defined twice"),
            ),
            _ => {}
        }
    }
}

/// `section/singleton`: three or more sections of a single-object type (`global`, `system`).
fn section_singleton(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    for rejected in &cx.model().rejected {
        let Reason::TooManySingletons { other } = &rejected.reason else { continue };
        out.push(
            Diagnostic::new(
                codes::SECTION_SINGLETON,
                cx.section_name_at(rejected.header_at).unwrap_or(rejected.header_at),
                format!("three or more `type={}` sections, so Asterisk ignores all of them and uses the defaults", rejected.type_name()),
            )
            .with_label(*other, "another one")
            .with_note(format!("Asterisk logs: configuration contains more than one object of type '{}'", rejected.type_name())),
        );
    }
}
