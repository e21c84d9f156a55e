//! NAT sanity: `nat/endpoint-settings`, `nat/direct-media`, `nat/no-local-net`.
//!
//! A transport with `local_net` or `external_*` says Asterisk sits behind NAT and talks to peers
//! outside it. Those peers usually sit behind their own NAT, so the endpoints on that transport
//! need `rtp_symmetric`, `force_rport` and `rewrite_contact`, and should not set up direct media
//! between two phones that cannot reach each other.

use pjsip_syntax::{Applicability, Diagnostic};

use super::{set_options, Index};
use pjsip_syntax::fast_hash::FastSet;

use crate::model::Object;
use crate::schema::is_true_word;
use crate::schema::slot::{endpoint as ep, transport as tr};
use crate::schema::Slot;

const NAT_OPTIONS: [Slot; 3] = [ep::RTP_SYMMETRIC, ep::FORCE_RPORT, ep::REWRITE_CONTACT];
const EXTERNAL: [Slot; 2] = [tr::EXTERNAL_MEDIA_ADDRESS, tr::EXTERNAL_SIGNALING_ADDRESS];

/// Whether a transport is set up for Asterisk behind NAT.
pub(crate) fn is_nat_transport(transport: &Object) -> bool {
    !transport.text(tr::LOCAL_NET).trim().is_empty() || EXTERNAL.iter().any(|&o| !transport.text(o).trim().is_empty())
}

/// The NAT transport an endpoint uses: the one it names, or, when it names none, the only kind
/// there is (every loaded transport is a NAT one).
pub(crate) fn nat_transport_of<'a>(index: &Index<'a>, endpoint: &Object) -> Option<&'a Object> {
    let named = endpoint.text(ep::TRANSPORT).trim();
    if named.is_empty() {
        let all = index.of_type("transport");
        return all.first().copied().filter(|_| all.iter().all(|t| is_nat_transport(t)));
    }
    index.find("transport", named).filter(|t| is_nat_transport(t))
}

/// Endpoints this module reported on, so that `nat/partial` stays quiet for them.
pub(crate) fn check<'a>(index: &Index<'a>, out: &mut Vec<Diagnostic>) -> FastSet<&'a str> {
    for transport in index.of_type("transport") {
        if transport.text(tr::LOCAL_NET).trim().is_empty() {
            if let Some(&option) = EXTERNAL.iter().find(|&&o| !transport.text(o).trim().is_empty()) {
                let at = transport.line_at(option);
                out.push(
                    Diagnostic::warning(
                        "nat/no-local-net",
                        at,
                        format!("transport '{}' sets `{option}` but no `local_net`: Asterisk treats every peer as outside the NAT", transport.id),
                    )
                    .with_note("the external address is written into SIP and SDP only for peers outside all `local_net` ranges; without one, phones on the LAN are sent the public address too")
                    .with_note("add your LAN, e.g. `local_net=192.168.0.0/16`"),
                );
            }
        }
    }
    // Nearly every endpoint of a large config names one of a few transports: decide once each.
    let nat_transports: FastSet<&str> = index.of_type("transport").iter().filter(|t| is_nat_transport(t)).map(|t| t.id.as_str()).collect();
    if nat_transports.is_empty() {
        return FastSet::default();
    }
    let mut reported = FastSet::default();
    for &endpoint in index.of_type("endpoint") {
        let named = endpoint.text(ep::TRANSPORT).trim();
        let transport = if named.is_empty() || !nat_transports.contains(named) {
            nat_transport_of(index, endpoint)
        } else {
            index.find("transport", named)
        };
        let Some(transport) = transport else { continue };
        let missing: Vec<&str> = NAT_OPTIONS.iter().filter(|&&o| !is_true_word(endpoint.text(o))).map(|o| o.name).collect();
        if !missing.is_empty() {
            let settings: Vec<(&str, &str)> = missing.iter().map(|o| (*o, "yes")).collect();
            let mut d = Diagnostic::warning(
                "nat/endpoint-settings",
                endpoint.header_at,
                format!(
                    "endpoint '{}' uses transport '{}', which is set up for NAT, but does not set {}",
                    endpoint.id,
                    transport.id,
                    missing.iter().map(|o| format!("`{o}=yes`")).collect::<Vec<_>>().join(", ")
                ),
            )
            .with_label(transport.header_at, "NAT settings here")
            .with_note("without them Asterisk answers and sends media to the private address a phone behind NAT advertises: one-way or no audio, lost calls");
            let edits = set_options(endpoint, &settings);
            if !edits.is_empty() {
                d = d.with_fix(format!("set {}", missing.iter().map(|o| format!("{o}=yes")).collect::<Vec<_>>().join(", ")), Applicability::Unsafe, edits);
            }
            out.push(d);
            reported.insert(endpoint.id.as_str());
        }
        if is_true_word(endpoint.text(ep::DIRECT_MEDIA)) {
            let default = endpoint.at(ep::DIRECT_MEDIA).is_none_or(|v| v.is_default());
            let at = endpoint.value_at(ep::DIRECT_MEDIA);
            let mut d = Diagnostic::warning(
                "nat/direct-media",
                at,
                format!(
                    "endpoint '{}' allows direct media{} on NAT transport '{}': Asterisk may try to connect two phones' media directly, which NAT usually breaks",
                    endpoint.id,
                    if default { " (the default)" } else { "" },
                    transport.id
                ),
            )
            .with_label(transport.header_at, "NAT settings here")
            .with_note("Asterisk re-invites both phones to send media to each other's advertised addresses; behind NAT that gives one-way or no audio");
            let edits = set_options(endpoint, &[("direct_media", "no")]);
            if !edits.is_empty() {
                d = d.with_fix("set direct_media=no", Applicability::Unsafe, edits);
            }
            out.push(d);
        }
    }
    reported
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::check;

    #[test]
    fn endpoints_on_a_nat_transport() {
        check(
            "[t]\ntype=transport\nbind=0.0.0.0\nexternal_media_address=203.0.113.1\nexternal_signaling_address=203.0.113.1\n\
             [a]\ntype=endpoint\ntransport=t\nrtp_symmetric=no\n\
             [b]\ntype=endpoint\ntransport=t\nrtp_symmetric=yes\nforce_rport=yes\nrewrite_contact=yes\ndirect_media=no\n",
            "nat/",
            "nat/no-local-net warning 4: transport 't' sets `external_media_address` but no `local_net`: Asterisk treats every peer as outside the NAT
nat/endpoint-settings warning 6: endpoint 'a' uses transport 't', which is set up for NAT, but does not set `rtp_symmetric=yes`, `rewrite_contact=yes` [fix: set rtp_symmetric=yes, rewrite_contact=yes]
nat/direct-media warning 6: endpoint 'a' allows direct media (the default) on NAT transport 't': Asterisk may try to connect two phones' media directly, which NAT usually breaks [fix: set direct_media=no]",
        );
    }

    #[test]
    fn fixes_rewrite_own_lines_and_add_missing_ones() {
        let conf = "[t]\ntype=transport\nbind=0.0.0.0\nlocal_net=10.0.0.0/8\n[a]\ntype=endpoint\nrtp_symmetric=no\ndirect_media=no\n";
        let analysis = crate::checks::test_support::analyse(conf, &[]);
        let d = analysis.diagnostics().iter().find(|d| d.code == "nat/endpoint-settings").expect("reported");
        let fixed = crate::checks::test_support::apply_fix(conf, d);
        assert_eq!(fixed, "[t]\ntype=transport\nbind=0.0.0.0\nlocal_net=10.0.0.0/8\n[a]\ntype=endpoint\nrtp_symmetric=yes\ndirect_media=no\nrewrite_contact=yes\n");
        let again = crate::checks::test_support::analyse(&fixed, &[]);
        assert!(again.diagnostics().iter().all(|d| !d.code.starts_with("nat/")), "{:?}", again.diagnostics());
    }
}
