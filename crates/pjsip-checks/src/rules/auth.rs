//! `auth/wrong-direction`: `auth=` and `outbound_auth=` swapped. (An auth without credentials,
//! `auth/missing-credentials`, is the model's.)
//!
//! `auth=` names the credentials Asterisk *demands* from the peer (it challenges with 401);
//! `outbound_auth=` names those Asterisk *sends* when the peer challenges it. Two conservative
//! findings, each with a secondary label at the evidence:
//! * an endpoint demands, through `auth=`, credentials a registration sends to a provider
//!   (its `outbound_auth`): the provider's calls get 401. (The same auth in an endpoint's own
//!   `auth` and `outbound_auth` is left alone: two PBXes may challenge each other that way.)
//! * an endpoint that phones register to (an AOR accepting contacts) has only `outbound_auth=`,
//!   naming credentials no registration sends: nothing is ever demanded from those phones.
use pjsip_model::ObjectType;

use pjsip_syntax::{Applicability, Diagnostic, TextEdit};

use pjsip_syntax::fast_hash::FastMap;

use super::Checker;
use crate::codes;
use pjsip_model::model::{Object, SettingOrigin};
use pjsip_model::schema::slot::{aor as aor_slot, endpoint as ep, registration as reg};

fn names(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|n| !n.is_empty())
}

/// An edit renaming the option of the line that set `option` (own section lines only).
fn rename(config: &pjsip_model::Files, object: &Object, option: &str, new: &str) -> Option<TextEdit> {
    let setting = object.get(option)?.set_by.last()?;
    if setting.origin != SettingOrigin::Own {
        return None;
    }
    let text = config.text(setting.at.file);
    let start = setting.at.span.start as usize;
    let line = text.get(start..setting.at.span.end as usize)?;
    let written = line.get(..option.len())?;
    if !written.eq_ignore_ascii_case(option) || line[option.len()..].trim_start().chars().next().is_some_and(|c| c != '=') {
        return None;
    }
    let at = pjsip_syntax::FileSpan::new(setting.at.file, pjsip_syntax::Span::new(start, start + option.len()));
    Some(TextEdit { at, insert: new.to_string() })
}

/// `auth/wrong-direction`: both findings, endpoint by endpoint.
pub(super) fn auth_wrong_direction(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    let (config, index) = (cx.files(), &cx.index);
    // Auth name → the first registration sending it.
    let mut sent: FastMap<&str, &Object> = FastMap::default();
    for registration in index.of_type(ObjectType::Registration) {
        for name in names(registration.text(reg::OUTBOUND_AUTH)) {
            sent.entry(name).or_insert(registration);
        }
    }
    for endpoint in index.of_type(ObjectType::Endpoint) {
        let auth_at = endpoint.value_at(ep::AUTH);
        for name in names(endpoint.text(ep::AUTH)) {
            let Some(&sender) = sent.get(name) else { continue };
            let kind = "registration";
            let sent_at = sender.value_at(reg::OUTBOUND_AUTH);
            let mut d = Diagnostic::new(
                codes::AUTH_WRONG_DIRECTION,
                auth_at,
                format!(
                    "endpoint '{}' demands auth '{name}' from callers, but '{name}' holds credentials Asterisk sends ({kind} '{}' uses it as `outbound_auth`)",
                    endpoint.id, sender.id
                ),
            )
            .with_label(sent_at, "sent to the provider here")
            .with_note("`auth=` challenges incoming requests; a provider does not answer the challenge, so its calls fail with 401")
            .with_note("for a provider trunk use `outbound_auth=` only");
            if names(endpoint.text(ep::AUTH)).count() == 1 && endpoint.text(ep::OUTBOUND_AUTH).is_empty() {
                if let Some(edit) = rename(config, endpoint, "auth", "outbound_auth") {
                    d = d.with_fix("rename to `outbound_auth`", Applicability::Unsafe, vec![edit]);
                }
            }
            out.push(d);
        }
        // Phones register here, yet nothing is demanded from them.
        if !endpoint.text(ep::AUTH).trim().is_empty() || endpoint.text(ep::OUTBOUND_AUTH).trim().is_empty() {
            continue;
        }
        let sent = names(endpoint.text(ep::OUTBOUND_AUTH)).any(|n| sent.contains_key(n));
        let accepts = names(endpoint.text(ep::AORS)).filter_map(|a| index.find(ObjectType::Aor, a)).find(|aor| {
            pjsip_model::values::parse_integer(aor.text(aor_slot::MAX_CONTACTS)).unwrap_or(0) > 0 && aor.text(aor_slot::CONTACT).is_empty()
        });
        let (false, Some(aor)) = (sent, accepts) else { continue };
        let at = endpoint.value_at(ep::OUTBOUND_AUTH);
        let mut d = Diagnostic::new(
            codes::AUTH_WRONG_DIRECTION,
            at,
            format!(
                "endpoint '{}' has only `outbound_auth`, so Asterisk never challenges the phones that register to it: anyone can register and call as '{}'",
                endpoint.id, endpoint.id
            ),
        )
        .with_label(aor.header_at, "this AOR accepts registrations")
        .with_note("`outbound_auth=` is what Asterisk sends when it is challenged; `auth=` is what it demands from phones");
        if let Some(edit) = rename(config, endpoint, "outbound_auth", "auth") {
            d = d.with_fix("rename to `auth`", Applicability::Unsafe, vec![edit]);
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{analyse, apply_fix, check};

    const TRUNK: &str = "[prov-auth]\ntype=auth\nusername=u\npassword=p\n[prov]\ntype=endpoint\naors=prov\nauth=prov-auth\n[prov]\ntype=aor\ncontact=sip:sip.example.com\n\
                         [prov-reg]\ntype=registration\nserver_uri=sip:sip.example.com\nclient_uri=sip:u@sip.example.com\noutbound_auth=prov-auth\n";

    #[test]
    fn provider_credentials_demanded_from_the_provider() {
        check(
            TRUNK,
            "auth/",
            "auth/wrong-direction warning 8: endpoint 'prov' demands auth 'prov-auth' from callers, but 'prov-auth' holds credentials Asterisk sends (registration 'prov-reg' uses it as `outbound_auth`) [fix: rename to `outbound_auth`]",
        );
        let analysis = analyse(TRUNK, &[]);
        let d = analysis.diagnostics().iter().find(|d| d.code == "auth/wrong-direction").unwrap();
        assert!(apply_fix(TRUNK, d).contains("\noutbound_auth=prov-auth\n[prov]\ntype=aor"));
    }

    #[test]
    fn phones_never_challenged() {
        check(
            "[6001]\ntype=endpoint\naors=6001\noutbound_auth=6001\n[6001]\ntype=auth\nusername=6001\npassword=x\n[6001]\ntype=aor\nmax_contacts=1\n\
             [6002]\ntype=endpoint\naors=6002\nauth=6002\n[6002]\ntype=auth\nusername=6002\npassword=x\n[6002]\ntype=aor\nmax_contacts=1\n",
            "auth/",
            "auth/wrong-direction warning 4: endpoint '6001' has only `outbound_auth`, so Asterisk never challenges the phones that register to it: anyone can register and call as '6001' [fix: rename to `auth`]",
        );
    }
}
