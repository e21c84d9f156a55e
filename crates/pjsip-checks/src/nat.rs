//! NAT sanity: `nat/endpoint-settings`, `nat/direct-media`, `nat/no-local-net`.
//!
//! A transport with `local_net` or `external_*` says Asterisk sits behind NAT and talks to peers
//! outside it. Those peers usually sit behind their own NAT, so the endpoints on that transport
//! need `rtp_symmetric`, `force_rport` and `rewrite_contact`, and should not set up direct media
//! between two phones that cannot reach each other.
use pjsip_model::ObjectType;

use pjsip_syntax::{Applicability, Diagnostic};

use super::{set_options, Index};
use pjsip_syntax::fast_hash::{FastMap, FastSet};

use pjsip_model::model::Object;
use pjsip_model::schema::is_true_word;
use pjsip_model::schema::slot::{endpoint as ep, transport as tr};
use pjsip_model::schema::Slot;

const NAT_OPTIONS: [Slot; 3] = [ep::RTP_SYMMETRIC, ep::FORCE_RPORT, ep::REWRITE_CONTACT];
const EXTERNAL: [Slot; 2] = [tr::EXTERNAL_MEDIA_ADDRESS, tr::EXTERNAL_SIGNALING_ADDRESS];

/// Whether a transport is set up for Asterisk behind NAT.
fn is_nat_transport(transport: &Object) -> bool {
    !transport.text(tr::LOCAL_NET).trim().is_empty() || EXTERNAL.iter().any(|&o| !transport.text(o).trim().is_empty())
}

/// The transports set up for NAT, decided once per analysis (a large config has thousands of
/// endpoints and a few transports).
struct NatTransports<'a> {
    /// By id; the first transport of an id, as [`Index::find`] gives it.
    by_id: FastMap<&'a str, &'a Object>,
    /// What an endpoint naming no transport uses when every loaded transport is a NAT one.
    default: Option<&'a Object>,
}

impl<'a> NatTransports<'a> {
    fn new(index: &Index<'a>) -> NatTransports<'a> {
        let all = index.of_type(ObjectType::Transport);
        let mut by_id: FastMap<&'a str, &'a Object> = FastMap::default();
        for &transport in all {
            by_id.entry(transport.id.as_str()).or_insert(transport);
        }
        by_id.retain(|_, t| is_nat_transport(t));
        let default = all.first().copied().filter(|_| all.iter().all(|t| is_nat_transport(t)));
        NatTransports { by_id, default }
    }

    /// The NAT transport `endpoint` uses: the one it names, or, when it names none, the default.
    fn of(&self, endpoint: &Object) -> Option<&'a Object> {
        let named = endpoint.text(ep::TRANSPORT).trim();
        if named.is_empty() {
            self.default
        } else {
            self.by_id.get(named).copied()
        }
    }
}

/// Endpoints this module reported on, so that `nat/partial` stays quiet for them.
pub(crate) fn check<'a>(index: &Index<'a>, out: &mut Vec<Diagnostic>) -> FastSet<&'a str> {
    for transport in index.of_type(ObjectType::Transport) {
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
    let nat_transports = NatTransports::new(index);
    if nat_transports.by_id.is_empty() {
        return FastSet::default();
    }
    let mut reported = FastSet::default();
    for &endpoint in index.of_type(ObjectType::Endpoint) {
        let Some(transport) = nat_transports.of(endpoint) else { continue };
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
                d = d.with_fix(
                    format!("set {}", missing.iter().map(|o| format!("{o}=yes")).collect::<Vec<_>>().join(", ")),
                    Applicability::Unsafe,
                    edits,
                );
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
    use crate::test_support::check;

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
    fn an_endpoint_naming_no_transport_is_on_nat_only_when_every_transport_is() {
        let endpoint = "[a]\ntype=endpoint\ndirect_media=no\n";
        let nat = "[t]\ntype=transport\nbind=0.0.0.0\nlocal_net=10.0.0.0/8\n";
        let reported = |conf: &str| {
            let analysis = crate::test_support::analyse(conf, &[]);
            analysis.diagnostics().iter().any(|d| d.code == "nat/endpoint-settings")
        };
        assert!(reported(&format!("{nat}{endpoint}")));
        assert!(!reported(&format!("{nat}[plain]\ntype=transport\nbind=0.0.0.0:5070\n{endpoint}")));
    }

    #[test]
    fn fixes_rewrite_own_lines_and_add_missing_ones() {
        let conf = "[t]\ntype=transport\nbind=0.0.0.0\nlocal_net=10.0.0.0/8\n[a]\ntype=endpoint\nrtp_symmetric=no\ndirect_media=no\n";
        let analysis = crate::test_support::analyse(conf, &[]);
        let d = analysis.diagnostics().iter().find(|d| d.code == "nat/endpoint-settings").expect("reported");
        let fixed = crate::test_support::apply_fix(conf, d);
        assert_eq!(fixed, "[t]\ntype=transport\nbind=0.0.0.0\nlocal_net=10.0.0.0/8\n[a]\ntype=endpoint\nrtp_symmetric=yes\ndirect_media=no\nrewrite_contact=yes\n");
        let again = crate::test_support::analyse(&fixed, &[]);
        assert!(again.diagnostics().iter().all(|d| !d.code.starts_with("nat/")), "{:?}", again.diagnostics());
    }
}
