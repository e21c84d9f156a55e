//! NAT sanity: `nat/no-local-net`, `nat/endpoint-settings`, `nat/direct-media`, `nat/partial`.
//!
//! A transport with `local_net` or `external_*` says Asterisk sits behind NAT and talks to peers
//! outside it. Those peers usually sit behind their own NAT, so the endpoints on that transport
//! need `rtp_symmetric`, `force_rport` and `rewrite_contact`, and should not set up direct media
//! between two phones that cannot reach each other.
use pjsip_model::ObjectType;

use pjsip_syntax::{Applicability, Diagnostic};

use super::{set_options, Checker, Index};
use crate::codes;
use pjsip_syntax::fast_hash::FastMap;

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
pub(crate) struct NatTransports<'a> {
    /// By id; the first transport of an id, as [`Index::find`] gives it.
    by_id: FastMap<&'a str, &'a Object>,
    /// What an endpoint naming no transport uses when every loaded transport is a NAT one.
    default: Option<&'a Object>,
}

impl<'a> NatTransports<'a> {
    pub(crate) fn new(index: &Index<'a>) -> NatTransports<'a> {
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
    pub(crate) fn of(&self, endpoint: &Object) -> Option<&'a Object> {
        let named = endpoint.text(ep::TRANSPORT).trim();
        if named.is_empty() {
            self.default
        } else {
            self.by_id.get(named).copied()
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

/// Which of the three NAT options (`rtp_symmetric`, `force_rport`, `rewrite_contact`) an
/// endpoint has on; read once per endpoint for the rules that need it.
pub(super) fn nat_options(endpoint: &Object) -> [bool; 3] {
    NAT_OPTIONS.map(|o| is_true_word(endpoint.text(o)))
}

/// The names of the NAT options that are off (`on` from [`nat_options`]).
fn off(on: [bool; 3]) -> Vec<&'static str> {
    NAT_OPTIONS.iter().zip(on).filter(|(_, on)| !*on).map(|(o, _)| o.name).collect()
}

/// `nat/no-local-net`: external addresses without `local_net`.
pub(super) fn nat_no_local_net(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    for transport in cx.index.of_type(ObjectType::Transport) {
        if !transport.text(tr::LOCAL_NET).trim().is_empty() {
            continue;
        }
        let Some(&option) = EXTERNAL.iter().find(|&&o| !transport.text(o).trim().is_empty()) else { continue };
        let at = transport.line_at(option);
        out.push(
            Diagnostic::new(
                codes::NAT_NO_LOCAL_NET,
                at,
                format!("transport '{}' sets `{option}` but no `local_net`: Asterisk treats every peer as outside the NAT", transport.id),
            )
            .with_note("the external address is written into SIP and SDP only for peers outside all `local_net` ranges; without one, phones on the LAN are sent the public address too")
            .with_note("add your LAN, e.g. `local_net=192.168.0.0/16`"),
        );
    }
}

/// `nat/endpoint-settings`: an endpoint on a NAT transport without all three NAT options
/// (`on` from [`nat_options`]).
pub(super) fn nat_endpoint_settings(endpoint: &Object, transport: &Object, on: [bool; 3]) -> Option<Diagnostic> {
    if on.iter().all(|&on| on) {
        return None;
    }
    let missing = off(on);
    let settings: Vec<(&str, &str)> = missing.iter().map(|o| (*o, "yes")).collect();
    let mut d = Diagnostic::new(
        codes::NAT_ENDPOINT_SETTINGS,
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
    Some(d)
}

/// `nat/direct-media`: direct media on an endpoint of a NAT transport.
pub(super) fn nat_direct_media(endpoint: &Object, transport: &Object) -> Option<Diagnostic> {
    if !is_true_word(endpoint.text(ep::DIRECT_MEDIA)) {
        return None;
    }
    let default = endpoint.at(ep::DIRECT_MEDIA).is_none_or(|v| v.is_default());
    let at = endpoint.value_at(ep::DIRECT_MEDIA);
    let mut d = Diagnostic::new(
        codes::NAT_DIRECT_MEDIA,
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
    Some(d)
}

/// `nat/partial`: some, not all, of the NAT options on, one of them set explicitly (`on` from
/// [`nat_options`]). Quiet for an endpoint on a NAT transport, where `nat/endpoint-settings`
/// says it all (`on_nat_transport`).
pub(super) fn nat_partial(endpoint: &Object, on: [bool; 3], on_nat_transport: bool) -> Option<Diagnostic> {
    let count = on.iter().filter(|&&on| on).count();
    if count == 0 || count == NAT_OPTIONS.len() || on_nat_transport {
        return None;
    }
    if !NAT_OPTIONS.iter().any(|&o| endpoint.at(o).is_some_and(|v| !v.is_default())) {
        return None;
    }
    let set: Vec<&str> = NAT_OPTIONS.iter().zip(on).filter(|(_, on)| *on).map(|(o, _)| o.name).collect();
    let missing = off(on);
    let d = Diagnostic::new(
        codes::NAT_PARTIAL,
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
        set_options(endpoint, &missing.iter().map(|o| (*o, "yes")).collect::<Vec<_>>()),
    );
    Some(d)
}

#[cfg(test)]
mod tests {
    use crate::test_support::{analyse, apply_fix};

    #[test]
    fn an_endpoint_naming_no_transport_is_on_nat_only_when_every_transport_is() {
        let endpoint = "[a]\ntype=endpoint\ndirect_media=no\n";
        let nat = "[t]\ntype=transport\nbind=0.0.0.0\nlocal_net=10.0.0.0/8\n";
        let reported = |conf: &str| {
            let analysis = analyse(conf, &[]);
            analysis.diagnostics().iter().any(|d| d.code == "nat/endpoint-settings")
        };
        assert!(reported(&format!("{nat}{endpoint}")));
        assert!(!reported(&format!("{nat}[plain]\ntype=transport\nbind=0.0.0.0:5070\n{endpoint}")));
    }

    #[test]
    fn fixes_rewrite_own_lines_and_add_missing_ones() {
        let conf = "[t]\ntype=transport\nbind=0.0.0.0\nlocal_net=10.0.0.0/8\n[a]\ntype=endpoint\nrtp_symmetric=no\ndirect_media=no\n";
        let analysis = analyse(conf, &[]);
        let d = analysis.diagnostics().iter().find(|d| d.code == "nat/endpoint-settings").expect("reported");
        let fixed = apply_fix(conf, d);
        assert_eq!(fixed, "[t]\ntype=transport\nbind=0.0.0.0\nlocal_net=10.0.0.0/8\n[a]\ntype=endpoint\nrtp_symmetric=yes\ndirect_media=no\nrewrite_contact=yes\n");
        let again = analyse(&fixed, &[]);
        assert!(again.diagnostics().iter().all(|d| !d.code.starts_with("nat/")), "{:?}", again.diagnostics());
    }
}
