//! The wizard (pjsip_wizard.conf): `wizard/collision`, `wizard/incomplete`,
//! `wizard/unknown-key`, and the option rules for the objects it generates
//! (`option/unknown`, `option/not-in-version`, `option/invalid-value`, in [`super::options`]).

use pjsip_syntax::Diagnostic;

use super::options::{generated_by, option_invalid_value_in_wizard, option_not_in_version_in_wizard, option_unknown_in_wizard};
use super::{object_label, Checker};
use crate::codes;
use pjsip_model::model::{Reason, Rejected};
use pjsip_model::schema;

/// Collisions, then each generated object the model refused (through the rule of its reason),
/// then the keys of the wizard sections.
pub(super) fn check(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    wizard_collision(cx, out);
    let version = cx.loaded.version;
    for rejected in cx.model().rejected.iter().filter(|r| r.wizard.is_some()) {
        out.extend(wizard_incomplete(rejected));
        out.extend(option_unknown_in_wizard(rejected));
        out.extend(option_not_in_version_in_wizard(rejected, version));
        out.extend(option_invalid_value_in_wizard(rejected));
    }
    wizard_unknown_key(cx, out);
}

/// `wizard/collision`: a generated object whose id pjsip.conf already defines.
fn wizard_collision(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    for shadowed in &cx.model().shadowed {
        out.push(
            Diagnostic::new(
                codes::WIZARD_COLLISION,
                shadowed.wizard_at,
                format!(
                    "wizard '{}' generates {} '{}', but pjsip.conf defines one with that id, which wins",
                    shadowed.wizard, shadowed.object_type, shadowed.id
                ),
            )
            .with_label(shadowed.config_at, "this pjsip.conf section is used instead"),
        );
    }
}

/// `wizard/incomplete`: a wizard requirement is missing ([`Reason::Wizard`], decided by the
/// model).
fn wizard_incomplete(rejected: &Rejected) -> Option<Diagnostic> {
    let Reason::Wizard { code, message, log, at } = &rejected.reason else { return None };
    let d = Diagnostic::new(*code, *at, format!("{message}; Asterisk does not create {}", object_label(rejected)))
        .with_note(format!("Asterisk logs: {log}"))
        .with_note(generated_by(rejected));
    Some(d)
}

/// `wizard/unknown-key`: a key of a wizard section without a known prefix.
fn wizard_unknown_key(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    let Some(config) = cx.loaded.wizard.as_ref() else { return };
    if config.is_rejected() {
        return;
    }
    let Some(wizard_schema) = schema::type_schema("wizard") else { return };
    for (_, category) in config.visible_categories() {
        let is_wizard = pjsip_model::model::type_variable(config, category).is_some_and(|v| config.var_value(v) == "wizard");
        if !is_wizard {
            continue;
        }
        for var in &category.variables {
            let name = config.var_name(var);
            if wizard_schema.option(name).is_none() {
                let mut d = Diagnostic::new(codes::WIZARD_UNKNOWN_KEY, config.var_name_at(var), format!("the wizard ignores `{name}`"))
                    .with_note(
                    "keys for generated objects need a prefix: endpoint/, aor/, inbound_auth/, outbound_auth/, identify/, registration/",
                );
                if let Some(t) = ["endpoint", "aor", "identify", "registration"]
                    .into_iter()
                    .find(|t| schema::type_schema(t).is_some_and(|s| s.option(name).is_some()))
                {
                    d = d.with_note(format!("did you mean `{t}/{name}`?"));
                }
                out.push(d);
            }
        }
    }
}
