//! `type/missing`, `type/unknown`, `section/duplicate`, `section/singleton`: sections Asterisk
//! ignores or whose whole type it refuses.

use pjsip_syntax::{Applicability, Config, Diagnostic, TextEdit};

use super::closest;
use pjsip_model::model::{Model, Reason};
use pjsip_model::schema;

/// chan_sip and other non-PJSIP `type=` words, with what to use instead.
const FOREIGN_TYPES: &[(&str, &str)] = &[
    ("friend", "chan_sip's `type=friend` is an endpoint + aor + auth in PJSIP"),
    ("peer", "chan_sip's `type=peer` is an endpoint + aor (+ identify) in PJSIP"),
    ("user", "chan_sip's `type=user` is an endpoint + auth in PJSIP"),
];

pub(crate) fn check(config: &Config, model: &Model, out: &mut Vec<Diagnostic>) {
    for ignored in model.ignored.iter().filter(|i| !i.in_wizard_file) {
        match &ignored.type_value {
            None => out.push(
                Diagnostic::warning(
                    "type/missing",
                    ignored.header_at,
                    format!("section [{}] has no `type=`, so Asterisk silently ignores it", ignored.name),
                )
                .with_note("Asterisk logs nothing for this; the section simply does not exist for it"),
            ),
            Some((value, at)) => {
                let known: Vec<&str> = schema::pjsip_conf_types().map(|t| t.name).collect();
                let mut d = Diagnostic::warning(
                    "type/unknown",
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
                    d = d.with_fix(
                        format!("write `type={best}`"),
                        Applicability::Unsafe,
                        vec![TextEdit { at: *at, insert: best.to_string() }],
                    );
                } else if value == "contact" || value == "subscription_persistence" {
                    d = d.with_note("this type is stored by Asterisk itself (AstDB), not read from pjsip.conf");
                } else if value == "phoneprov" {
                    d = d.with_note("res_phoneprov is assumed not loaded (environment)");
                }
                out.push(d.with_note(format!("valid types: {}", known.join(", "))));
            }
        }
    }
    // Section name spans by header, built once: a scan per rejected section would be quadratic
    // in a file of many duplicates.
    let names: pjsip_syntax::fast_hash::FastMap<pjsip_syntax::FileSpan, pjsip_syntax::FileSpan> =
        if model.rejected.is_empty() { Default::default() } else { config.categories.iter().map(|c| (c.header_at, c.name_at)).collect() };
    let name_at = |header_at| names.get(&header_at).copied();
    for rejected in &model.rejected {
        match &rejected.reason {
            Reason::DuplicateId { other } if rejected.wizard.is_none() => out.push(
                Diagnostic::error(
                    "section/duplicate",
                    name_at(rejected.header_at).unwrap_or(rejected.header_at),
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
            Reason::TooManySingletons { other } => out.push(
                Diagnostic::error(
                    "section/singleton",
                    name_at(rejected.header_at).unwrap_or(rejected.header_at),
                    format!("more than one `type={}` section, so Asterisk ignores all of them and uses the defaults", rejected.type_name()),
                )
                .with_label(*other, "another one")
                .with_note(format!("Asterisk logs: configuration contains more than one object of type '{}'", rejected.type_name())),
            ),
            Reason::TypeNotLoaded { because_of, at } => out.push(
                Diagnostic::error(
                    "section/duplicate",
                    rejected.header_at,
                    format!("{} '{}' is not loaded because '{}' is defined twice", rejected.type_name(), rejected.id, because_of),
                )
                .with_label(*at, "defined twice"),
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::check;

    #[test]
    fn wrong_case_and_chan_sip_types() {
        check(
            "[a]\ntype=Endpoint\n[b]\ntype=friend\n[c]\ncontext=x\n[d]\ntype=endpont\n",
            "type/",
            "type/unknown warning 2: `type=Endpoint` is not a PJSIP object type, so Asterisk silently ignores section [a] [fix: write `type=endpoint`]
type/unknown warning 4: `type=friend` is not a PJSIP object type, so Asterisk silently ignores section [b]
type/missing warning 5: section [c] has no `type=`, so Asterisk silently ignores it
type/unknown warning 8: `type=endpont` is not a PJSIP object type, so Asterisk silently ignores section [d] [fix: write `type=endpoint`]",
        );
    }

    #[test]
    fn duplicates_fail_the_whole_type() {
        check(
            "[a]\ntype=aor\n[b]\ntype=aor\n[a]\ntype=aor\n[a]\ntype=auth\nusername=a\npassword=b\n",
            "section/",
            "section/duplicate error 1: aor 'a' is defined twice, so Asterisk loads no aor at all
section/duplicate error 3: aor 'b' is not loaded because 'a' is defined twice
section/duplicate error 5: aor 'a' is defined twice, so Asterisk loads no aor at all",
        );
    }
}
