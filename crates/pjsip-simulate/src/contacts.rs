//! The registrar's state between requests: the dynamic contacts of every AOR and the logical
//! clock, stored so that one REGISTER costs O(its contacts × log n), whatever came before.
//!
//! A flat list scanned per request would make a run of n requests O(n²). Here each AOR keeps its
//! contacts by insertion order, by contact identity (what `pjsip_uri_cmp` compares for the
//! registrar: scheme, user, host, port, transport) and by expiry; the clock expires contacts
//! from one ordered set, each contact once.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::contact_header::{parse_element, Element, UriKey};
use super::types::Binding;

/// What makes two contacts the same binding (a re-REGISTER refreshes instead of adding): the
/// stored URI compared as pjproject compares URIs (`contact_header::SipUri::key`); a text that
/// is not a SIP URI compares as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ContactKey {
    Uri(UriKey),
    Text(String),
}

impl ContactKey {
    pub fn of_text(uri: &str) -> ContactKey {
        match parse_element(&format!("<{}>", uri.trim())) {
            Ok(Element::Sip { uri, .. }) => ContactKey::Uri(uri.key()),
            _ => ContactKey::Text(uri.trim().to_string()),
        }
    }
}

/// A binding's handle: its sequence number (insertion order over the whole registrar).
pub type Seq = u64;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct AorContacts {
    by_seq: BTreeMap<Seq, Binding>,
    by_key: HashMap<ContactKey, Seq>,
    by_expiry: BTreeSet<(u64, Seq)>,
}

/// Registrar state kept between requests, and the logical clock.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Registrar {
    /// Logical time in milliseconds (advanced by each request's `delay_ms`).
    pub now_ms: u64,
    aors: BTreeMap<String, AorContacts>,
    /// Every binding by expiry, with its AOR, so the clock finds the expired ones in order.
    by_expiry: BTreeSet<(u64, Seq, String)>,
    next_seq: Seq,
}

impl Registrar {
    /// Every binding, in the order they were added.
    pub fn bindings(&self) -> Vec<&Binding> {
        let mut all: Vec<(Seq, &Binding)> = self.aors.values().flat_map(|a| a.by_seq.iter().map(|(s, b)| (*s, b))).collect();
        all.sort_unstable_by_key(|(seq, _)| *seq);
        all.into_iter().map(|(_, b)| b).collect()
    }

    /// How many contacts `aor` has.
    pub fn count(&self, aor: &str) -> usize {
        self.aors.get(aor).map_or(0, |a| a.by_seq.len())
    }

    /// The binding of `aor` that `key` identifies, if any.
    pub fn find(&self, aor: &str, key: &ContactKey) -> Option<Seq> {
        self.aors.get(aor)?.by_key.get(key).copied()
    }

    /// Every binding handle of `aor`, in insertion order.
    pub fn all_of(&self, aor: &str) -> Vec<Seq> {
        self.aors.get(aor).map(|a| a.by_seq.keys().copied().collect()).unwrap_or_default()
    }

    /// `aor`'s bindings that expire soonest, skipping `except`, at most `count` of them.
    pub fn soonest(&self, aor: &str, except: &[Seq], count: usize) -> Vec<Seq> {
        let Some(contacts) = self.aors.get(aor) else { return Vec::new() };
        contacts.by_expiry.iter().map(|&(_, seq)| seq).filter(|seq| !except.contains(seq)).take(count).collect()
    }

    /// `aor`'s bindings registered at or before `time_ms`, soonest to expire first.
    pub fn registered_before(&self, aor: &str, time_ms: u64) -> Vec<Seq> {
        let Some(contacts) = self.aors.get(aor) else { return Vec::new() };
        contacts
            .by_expiry
            .iter()
            .map(|&(_, seq)| seq)
            .filter(|seq| contacts.by_seq.get(seq).is_some_and(|b| b.registered_at_ms <= time_ms))
            .collect()
    }

    pub fn add(&mut self, binding: Binding) -> Seq {
        let seq = self.next_seq;
        self.next_seq += 1;
        let aor = binding.aor.clone();
        let contacts = self.aors.entry(aor.clone()).or_default();
        contacts.by_key.insert(ContactKey::of_text(&binding.uri), seq);
        contacts.by_expiry.insert((binding.expires_at_ms, seq));
        self.by_expiry.insert((binding.expires_at_ms, seq, aor));
        contacts.by_seq.insert(seq, binding);
        seq
    }

    pub fn refresh(&mut self, aor: &str, seq: Seq, expires_at_ms: u64) {
        let Some(contacts) = self.aors.get_mut(aor) else { return };
        let Some(binding) = contacts.by_seq.get_mut(&seq) else { return };
        contacts.by_expiry.remove(&(binding.expires_at_ms, seq));
        self.by_expiry.remove(&(binding.expires_at_ms, seq, aor.to_string()));
        binding.expires_at_ms = expires_at_ms;
        contacts.by_expiry.insert((expires_at_ms, seq));
        self.by_expiry.insert((expires_at_ms, seq, aor.to_string()));
    }

    /// Removes bindings of `aor`, returned in insertion order.
    pub fn remove(&mut self, aor: &str, seqs: &[Seq]) -> Vec<Binding> {
        let mut seqs = seqs.to_vec();
        seqs.sort_unstable();
        seqs.dedup();
        let Some(contacts) = self.aors.get_mut(aor) else { return Vec::new() };
        let mut removed = Vec::new();
        for seq in seqs {
            let Some(binding) = contacts.by_seq.remove(&seq) else { continue };
            contacts.by_key.remove(&ContactKey::of_text(&binding.uri));
            contacts.by_expiry.remove(&(binding.expires_at_ms, seq));
            self.by_expiry.remove(&(binding.expires_at_ms, seq, aor.to_string()));
            removed.push(binding);
        }
        if contacts.by_seq.is_empty() {
            self.aors.remove(aor);
        }
        removed
    }

    /// Advances the clock and removes the bindings whose time ran out, in expiry order.
    pub fn advance(&mut self, delay_ms: u64) -> Vec<Binding> {
        self.now_ms = self.now_ms.saturating_add(delay_ms);
        let mut gone = Vec::new();
        while let Some((at, seq, aor)) = self.by_expiry.first().cloned() {
            if at > self.now_ms {
                break;
            }
            gone.extend(self.remove(&aor, &[seq]));
        }
        gone
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binding(aor: &str, uri: &str, expires_at_ms: u64) -> Binding {
        Binding { aor: aor.into(), uri: uri.into(), endpoint: "e".into(), expires_at_ms, registered_at_ms: 0 }
    }

    #[test]
    fn finds_refreshes_and_expires_in_order() {
        let mut registrar = Registrar::default();
        let a = registrar.add(binding("x", "sip:a@10.0.0.1", 5_000));
        let b = registrar.add(binding("x", "sip:b@10.0.0.2:5060", 3_000));
        registrar.add(binding("y", "sip:c@10.0.0.3", 9_000));
        // Host case does not matter; a missing port is not 5060.
        assert_eq!(registrar.find("x", &ContactKey::of_text("sip:b@10.0.0.2:5060")), Some(b));
        assert_eq!(registrar.find("x", &ContactKey::of_text("sip:b@10.0.0.2")), None);
        assert_eq!(registrar.find("x", &ContactKey::of_text("sip:A@10.0.0.1")), None, "the user part is case-sensitive");
        assert_eq!(registrar.soonest("x", &[], 1), [b]);
        registrar.refresh("x", b, 8_000);
        assert_eq!(registrar.soonest("x", &[], 1), [a]);
        let gone = registrar.advance(6_000);
        assert_eq!(gone.iter().map(|g| g.uri.as_str()).collect::<Vec<_>>(), ["sip:a@10.0.0.1"]);
        assert_eq!(registrar.count("x"), 1);
        assert_eq!(registrar.bindings().len(), 2);
    }
}
