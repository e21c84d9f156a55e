//! Endpoint and AOR lints Asterisk accepts at load but that fail requests later:
//! `endpoint/no-aor`, `endpoint/no-codecs`, `aor/max-contacts-zero`, `nat/partial`.
use pjsip_model::ObjectType;

use pjsip_syntax::{Applicability, Diagnostic, TextEdit};

use pjsip_syntax::fast_hash::FastSet;

use super::Index;
use pjsip_model::model::SettingOrigin;
use pjsip_model::schema::is_true_word;
use pjsip_model::schema::slot::{aor as aor_slot, endpoint as ep};

pub(crate) fn check(index: &Index<'_>, nat_reported: &FastSet<&str>, out: &mut Vec<Diagnostic>) {
    let mut used_aors: FastSet<&str> = FastSet::with_capacity_and_hasher(index.of_type(ObjectType::Endpoint).len(), Default::default());
    for endpoint in index.of_type(ObjectType::Endpoint) {
        used_aors.extend(endpoint.text(ep::AORS).split(',').map(str::trim));
    }
    for endpoint in index.of_type(ObjectType::Endpoint) {
        if endpoint.text(ep::ALLOW).trim().is_empty() {
            let at = endpoint.line_at(ep::ALLOW);
            let mut d = Diagnostic::warning(
                "endpoint/no-codecs",
                at,
                format!("endpoint '{}' ends up with no codecs: every call with it fails", endpoint.id),
            )
            .with_note("PJSIP has no default codecs; `disallow=all` after the last `allow=` also empties the list")
            .with_note("calls are refused with 488; Asterisk logs: No joint capabilities");
            if endpoint.at(ep::ALLOW).is_none_or(|v| v.is_default()) {
                let edits = super::set_options(endpoint, &[("allow", "ulaw,alaw")]);
                if !edits.is_empty() {
                    d = d.with_fix("add `allow=ulaw,alaw`", Applicability::Unsafe, edits);
                }
            }
            out.push(d);
        }
        if endpoint.text(ep::AORS).trim().is_empty() {
            out.push(
                Diagnostic::warning(
                    "endpoint/no-aor",
                    endpoint.header_at,
                    format!("endpoint '{}' has no `aors=`: it cannot register and cannot be called", endpoint.id),
                )
                .with_note("REGISTER gets 403; Asterisk logs: has no configured AORs"),
            );
        }
        let nat = [ep::RTP_SYMMETRIC, ep::FORCE_RPORT, ep::REWRITE_CONTACT];
        let on = nat.map(|o| is_true_word(endpoint.text(o)));
        let count = on.iter().filter(|&&on| on).count();
        let explicitly: bool = nat.iter().any(|&o| endpoint.at(o).is_some_and(|v| !v.is_default()));
        if explicitly && count > 0 && count < nat.len() && !nat_reported.contains(endpoint.id.as_str()) {
            let set: Vec<&str> = nat.iter().zip(on).filter(|(_, on)| *on).map(|(o, _)| o.name).collect();
            let missing: Vec<&str> = nat.iter().zip(on).filter(|(_, on)| !*on).map(|(o, _)| o.name).collect();
            out.push(
                Diagnostic::hint(
                    "nat/partial",
                    endpoint.header_at,
                    format!(
                        "endpoint '{}' sets {} but not {}: behind NAT all three are usually needed",
                        endpoint.id,
                        set.join(", "),
                        missing.join(", ")
                    ),
                )
                .with_note("chan_sip's `nat=yes` corresponds to rtp_symmetric, force_rport and rewrite_contact together")
                .with_fix(
                    format!("set {}", missing.iter().map(|o| format!("{o}=yes")).collect::<Vec<_>>().join(", ")),
                    Applicability::Unsafe,
                    super::set_options(endpoint, &missing.iter().map(|o| (*o, "yes")).collect::<Vec<_>>()),
                ),
            );
        }
    }
    // AORs that an endpoint uses for registration but that accept no contacts.
    for aor in index.of_type(ObjectType::Aor) {
        let used = used_aors.contains(aor.id.as_str());
        let max = pjsip_model::values::parse_integer(aor.text(aor_slot::MAX_CONTACTS)).unwrap_or(0);
        if used && max == 0 && aor.text(aor_slot::CONTACT).is_empty() {
            let mut d = Diagnostic::warning(
                "aor/max-contacts-zero",
                aor.header_at,
                format!("aor '{}' has max_contacts=0 and no static contact: phones cannot register to it", aor.id),
            )
            .with_note("REGISTER gets 403; Asterisk logs: has no configured max_contacts");
            if aor.wizard.is_none()
                && aor.at(aor_slot::MAX_CONTACTS).is_none_or(|v| v.set_by.iter().all(|s| s.origin == SettingOrigin::Own))
            {
                d = d.with_fix(
                    "add `max_contacts=1`",
                    Applicability::Unsafe,
                    vec![TextEdit { at: super::at_end(aor.header_at), insert: "\nmax_contacts=1".into() }],
                );
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::check;

    #[test]
    fn registration_needs_contacts() {
        check(
            "[a]\ntype=endpoint\naors=a\nallow=ulaw\nforce_rport=yes\nrewrite_contact=yes\n[a]\ntype=aor\n",
            "",
            "nat/partial hint 1: endpoint 'a' sets force_rport, rewrite_contact but not rtp_symmetric: behind NAT all three are usually needed [fix: set rtp_symmetric=yes]
aor/max-contacts-zero warning 7: aor 'a' has max_contacts=0 and no static contact: phones cannot register to it [fix: add `max_contacts=1`]",
        );
    }

    #[test]
    fn endpoints_without_codecs() {
        check(
            "[a]\ntype=endpoint\naors=a\n[b]\ntype=endpoint\naors=a\nallow=ulaw\ndisallow=all\n[c]\ntype=endpoint\naors=a\nallow=!all,alaw\n[a]\ntype=aor\nmax_contacts=1\n",
            "endpoint/",
            "endpoint/no-codecs warning 1: endpoint 'a' ends up with no codecs: every call with it fails [fix: add `allow=ulaw,alaw`]
endpoint/no-codecs warning 8: endpoint 'b' ends up with no codecs: every call with it fails",
        );
    }
}
