//! `aor/max-contacts-zero`: an AOR an endpoint uses accepts no registrations.
use pjsip_model::ObjectType;

use pjsip_syntax::fast_hash::FastSet;
use pjsip_syntax::{Applicability, Diagnostic, TextEdit};

use super::{at_end, Checker};
use crate::codes;
use pjsip_model::model::SettingOrigin;
use pjsip_model::schema::slot::{aor as aor_slot, endpoint as ep};

/// `aor/max-contacts-zero`: an AOR named by an endpoint's `aors=` with `max_contacts=0` and no
/// static contact.
pub(super) fn aor_max_contacts_zero(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    let endpoints = cx.index.of_type(ObjectType::Endpoint);
    let mut used_aors: FastSet<&str> = FastSet::with_capacity_and_hasher(endpoints.len(), Default::default());
    for endpoint in endpoints {
        used_aors.extend(endpoint.text(ep::AORS).split(',').map(str::trim));
    }
    for aor in cx.index.of_type(ObjectType::Aor) {
        if !used_aors.contains(aor.id.as_str()) {
            continue;
        }
        let max = pjsip_model::values::parse_integer(aor.text(aor_slot::MAX_CONTACTS)).unwrap_or(0);
        if max != 0 || !aor.text(aor_slot::CONTACT).is_empty() {
            continue;
        }
        let mut d = Diagnostic::new(
            codes::AOR_MAX_CONTACTS_ZERO,
            aor.header_at,
            format!("aor '{}' has max_contacts=0 and no static contact: phones cannot register to it", aor.id),
        )
        .with_note("REGISTER gets 403; Asterisk logs: has no configured max_contacts");
        if aor.wizard.is_none() && aor.at(aor_slot::MAX_CONTACTS).is_none_or(|v| v.set_by.iter().all(|s| s.origin == SettingOrigin::Own)) {
            d = d.with_fix(
                "add `max_contacts=1`",
                Applicability::Unsafe,
                vec![TextEdit { at: at_end(aor.header_at), insert: "\nmax_contacts=1".into() }],
            );
        }
        out.push(d);
    }
}
