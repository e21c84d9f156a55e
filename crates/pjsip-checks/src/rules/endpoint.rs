//! Endpoint lints Asterisk accepts at load but that fail requests later: `endpoint/no-codecs`,
//! `endpoint/no-aor`, and the walk over endpoints that also runs the NAT rules about one
//! endpoint. (The refusals of its apply step, `endpoint/timers` …, are the model's.)
use pjsip_model::ObjectType;

use pjsip_syntax::{Applicability, Diagnostic};

use super::nat::{self, NatTransports};
use super::{set_options, Checker};
use crate::codes;
use pjsip_model::model::Object;
use pjsip_model::schema::slot::endpoint as ep;

/// The rules about one endpoint, endpoint by endpoint: `nat/endpoint-settings` and
/// `nat/direct-media` (on a NAT transport), `endpoint/no-codecs`, `endpoint/no-aor`,
/// `nat/partial`. One walk, one look-up of the endpoint's NAT transport.
pub(super) fn check(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    let nat_transports = NatTransports::new(&cx.index);
    for &endpoint in cx.index.of_type(ObjectType::Endpoint) {
        let transport = if nat_transports.is_empty() { None } else { nat_transports.of(endpoint) };
        let nat_options = nat::nat_options(endpoint);
        if let Some(transport) = transport {
            out.extend(nat::nat_endpoint_settings(endpoint, transport, nat_options));
            out.extend(nat::nat_direct_media(endpoint, transport));
        }
        out.extend(endpoint_no_codecs(endpoint));
        out.extend(endpoint_no_aor(endpoint));
        out.extend(nat::nat_partial(endpoint, nat_options, transport.is_some()));
    }
}

/// `endpoint/no-codecs`: the effective codec list is empty.
fn endpoint_no_codecs(endpoint: &Object) -> Option<Diagnostic> {
    if !endpoint.text(ep::ALLOW).trim().is_empty() {
        return None;
    }
    let at = endpoint.line_at(ep::ALLOW);
    let mut d = Diagnostic::new(
        codes::ENDPOINT_NO_CODECS,
        at,
        format!("endpoint '{}' ends up with no codecs: every call with it fails", endpoint.id),
    )
    .with_note("PJSIP has no default codecs; `disallow=all` after the last `allow=` also empties the list")
    .with_note("calls are refused with 488; Asterisk logs: No joint capabilities");
    if endpoint.at(ep::ALLOW).is_none_or(|v| v.is_default()) {
        let edits = set_options(endpoint, &[("allow", "ulaw,alaw")]);
        if !edits.is_empty() {
            d = d.with_fix("add `allow=ulaw,alaw`", Applicability::Unsafe, edits);
        }
    }
    Some(d)
}

/// `endpoint/no-aor`: an endpoint without `aors=`.
fn endpoint_no_aor(endpoint: &Object) -> Option<Diagnostic> {
    if !endpoint.text(ep::AORS).trim().is_empty() {
        return None;
    }
    let d = Diagnostic::new(
        codes::ENDPOINT_NO_AOR,
        endpoint.header_at,
        format!("endpoint '{}' has no `aors=`: it cannot register and cannot be called", endpoint.id),
    )
    .with_note("REGISTER gets 403; Asterisk logs: has no configured AORs");
    Some(d)
}
