//! Lines Asterisk loads without a word but does not use as written: `section/second-singleton`
//! and `option/ignored-value`. They never drop anything, which is why they are easy to miss: the
//! PBX starts, and a setting the admin believes in is simply not in force.

use pjsip_model::model::Object;
use pjsip_model::numbers::{tos, transport_tos};
use pjsip_model::schema::slot::{global, transport as tr};
use pjsip_model::schema::Slot;
use pjsip_model::values::ENDPOINT_IDENTIFIERS;
use pjsip_model::{FileSpan, ObjectType};
use pjsip_syntax::Diagnostic;

use super::Checker;
use crate::codes;

/// `section/second-singleton`: two global (or system) sections both load, and only one of them
/// counts ([`pjsip_model::Model::settings`]); three or more are `section/singleton`.
pub(super) fn section_second_singleton(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    for object_type in [ObjectType::Global, ObjectType::System] {
        let all = cx.index.of_type(object_type);
        let Some(in_force) = cx.model().settings(object_type) else { continue };
        for other in all.iter().filter(|o| !std::ptr::eq(**o, in_force)) {
            let which = if object_type == ObjectType::Global { "the last one" } else { "the first one" };
            out.push(
                Diagnostic::new(
                    codes::SECTION_SECOND_SINGLETON,
                    cx.section_name_at(other.header_at).unwrap_or(other.header_at),
                    format!(
                        "a second `type={t}` section: Asterisk loads both but uses {which}, '{}', so the settings of '{}' are not in force",
                        in_force.id,
                        other.id,
                        t = object_type.name(),
                    ),
                )
                .with_label(cx.section_name_at(in_force.header_at).unwrap_or(in_force.header_at), "the one in force")
                .with_note(format!("merge the two into one `type={}` section", object_type.name())),
            );
        }
    }
}

/// `option/ignored-value`: the value of a loaded object that Asterisk reads differently from
/// how it is written.
pub(super) fn option_ignored_value(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(global) = cx.model().settings(ObjectType::Global) {
        identifier_order(cx, global, out);
        auth_algorithms(cx, global, out);
    }
    for transport in cx.index.of_type(ObjectType::Transport) {
        transport_values(cx, transport, out);
    }
}

/// The text and place of the last line that set `slot`, if a line did.
fn written<'a>(cx: &Checker<'a>, object: &Object, slot: Slot) -> Option<(&'a str, FileSpan)> {
    let at = object.at(slot)?.set_by.last()?.value_at;
    let text = cx.files().text(at.file).get(at.span.start as usize..at.span.end as usize)?;
    Some((text, at))
}

fn identifier_order(cx: &Checker<'_>, global: &Object, out: &mut Vec<Diagnostic>) {
    let Some((value, at)) = written(cx, global, global::ENDPOINT_IDENTIFIER_ORDER) else { return };
    let unknown: Vec<&str> = value.split(',').filter(|item| !ENDPOINT_IDENTIFIERS.contains(item)).collect();
    if unknown.is_empty() {
        return;
    }
    let listed = unknown.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ");
    let mut d = Diagnostic::new(
        codes::OPTION_IGNORED_VALUE,
        at,
        format!(
            "endpoint_identifier_order: {listed} {}, so Asterisk skips {}",
            if unknown.len() == 1 { "names no identifier" } else { "name no identifiers" },
            if unknown.len() == 1 { "it" } else { "them" }
        ),
    )
    .with_note(format!("the identifiers are {}", ENDPOINT_IDENTIFIERS.join(", ")));
    if unknown.iter().any(|i| i.trim() != *i && ENDPOINT_IDENTIFIERS.contains(&i.trim())) {
        d = d.with_note("Asterisk does not trim the items: write the list without spaces (`ip,username`)");
    }
    out.push(d);
}

fn auth_algorithms(cx: &Checker<'_>, global: &Object, out: &mut Vec<Diagnostic>) {
    for slot in [global::DEFAULT_AUTH_ALGORITHMS_UAC, global::DEFAULT_AUTH_ALGORITHMS_UAS] {
        let Some((value, at)) = written(cx, global, slot) else { continue };
        let Some(option) = ObjectType::Global.schema().option(slot.name) else { continue };
        let unknown: Vec<&str> = value
            .split(',')
            .map(str::trim)
            .filter(|i| !i.is_empty() && !option.enum_values.iter().any(|a| a.eq_ignore_ascii_case(i)))
            .collect();
        if unknown.is_empty() {
            continue;
        }
        out.push(
            Diagnostic::new(
                codes::OPTION_IGNORED_VALUE,
                at,
                format!(
                    "{}: `{}` is not an algorithm Asterisk knows, so it ignores the whole list and uses `{}`",
                    slot.name,
                    unknown.join("`, `"),
                    option.default
                ),
            )
            .with_note(format!("the algorithms are {}", option.enum_values.join(", "))),
        );
    }
}

fn transport_values(cx: &Checker<'_>, transport: &Object, out: &mut Vec<Diagnostic>) {
    if let Some((value, at)) = written(cx, transport, tr::ASYNC_OPERATIONS) {
        if value.trim() != "1" {
            out.push(
                Diagnostic::new(
                    codes::OPTION_IGNORED_VALUE,
                    at,
                    format!("async_operations={value}: Asterisk reads the option but always uses 1"),
                )
                .with_note("remove the line; it changes nothing"),
            );
        }
    }
    if let Some((value, at)) = written(cx, transport, tr::TOS) {
        if let (Some(read), Some(used)) = (tos(value), transport_tos(value)) {
            if read != used {
                out.push(
                    Diagnostic::new(
                        codes::OPTION_IGNORED_VALUE,
                        at,
                        format!("tos={value} is the byte {read}; a transport clears its two low bits and uses {used}"),
                    )
                    .with_note("the two low bits of the TOS byte are ECN, not DSCP; write a multiple of 4 (a DSCP value times 4) or a name such as ef"),
                );
            }
        }
    }
}
