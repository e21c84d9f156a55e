//! Which address is the PBX, and so which way each message of a capture went.
//!
//! A capture names both ends of every message but not which is the PBX. Unless the caller says
//! ([`crate::ReadOptions::pbx`]), the PBX is the side with the highest score:
//!
//! * +10 for each message it sent whose User-Agent or Server names Asterisk,
//! * +5 for each 401/407 challenge it sent, +1 for each other response it sent, +1 for each
//!   request it received (the PBX is the side that answers requests most),
//! * +2 for each distinct peer beyond the first (the PBX is the hub).
//!
//! Scores are added per IP address first; when the best IP is not clearly ahead, or messages go
//! between two ports of that one IP (everything on one host, as in a lab), they are added per
//! IP and port instead. A tie decides nothing: directions stay unknown and a note says how to
//! name the PBX.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::net::IpAddr;

use crate::model::{Direction, Endpoint, NoteKind, PbxAddress, TraceMessage, TraceNote};

/// Sets the direction of every message that names both ends; returns the PBX address used.
pub fn apply(messages: &mut [TraceMessage], given: Option<PbxAddress>, notes: &mut Vec<TraceNote>) -> Option<PbxAddress> {
    let both = messages.iter().filter(|m| m.source.is_some() && m.destination.is_some()).count();
    if both == 0 {
        return given;
    }
    let pbx = given.or_else(|| infer(messages));
    let Some(pbx) = pbx else {
        notes.push(TraceNote::new(
            NoteKind::Assumption,
            "could not tell which address is the PBX: directions are unknown (give the PBX's address to read them)",
        ));
        return None;
    };
    for message in messages.iter_mut() {
        let (Some(source), Some(destination)) = (message.source, message.destination) else {
            continue;
        };
        message.direction = match (pbx.matches(&source), pbx.matches(&destination)) {
            (true, false) => Direction::Transmitted,
            (false, true) => Direction::Received,
            _ => Direction::Unknown,
        };
    }
    Some(pbx)
}

impl PbxAddress {
    /// Whether `endpoint` is the PBX.
    pub fn matches(&self, endpoint: &Endpoint) -> bool {
        endpoint.ip == self.ip && self.port.is_none_or(|p| p == endpoint.port)
    }
}

fn infer(messages: &[TraceMessage]) -> Option<PbxAddress> {
    let one_host = messages.iter().any(|m| match (m.source, m.destination) {
        (Some(s), Some(d)) => s.ip == d.ip,
        _ => false,
    });
    if !one_host {
        if let Some(ip) = best(messages, |e| e.ip) {
            return Some(PbxAddress { ip, port: None });
        }
    }
    let endpoint = best(messages, |e| *e)?;
    Some(PbxAddress { ip: endpoint.ip, port: Some(endpoint.port) })
}

/// The key with the strictly highest score, if one.
fn best<K: Hash + Eq + Copy>(messages: &[TraceMessage], key: impl Fn(&Endpoint) -> K) -> Option<K> {
    let mut scores: HashMap<K, i64> = HashMap::new();
    let mut peers: HashMap<K, HashSet<K>> = HashMap::new();
    for message in messages {
        let (Some(source), Some(destination)) = (message.source, message.destination) else {
            continue;
        };
        let (from, to) = (key(&source), key(&destination));
        peers.entry(from).or_default().insert(to);
        peers.entry(to).or_default().insert(from);
        let score = scores.entry(from).or_default();
        if let Some(status) = message.sip.status() {
            *score += if status == 401 || status == 407 { 5 } else { 1 };
        }
        if message.sip.agent().is_some_and(|a| a.to_ascii_lowercase().contains("asterisk")) {
            *score += 10;
        }
        let received = scores.entry(to).or_default();
        if message.sip.is_request() {
            *received += 1;
        }
    }
    for (k, p) in &peers {
        *scores.entry(*k).or_default() += 2 * (p.len() as i64 - 1).max(0);
    }
    let mut ranked: Vec<(K, i64)> = scores.into_iter().collect();
    ranked.sort_unstable_by_key(|(_, s)| std::cmp::Reverse(*s));
    match ranked.as_slice() {
        [(k, s)] if *s > 0 => Some(*k),
        [(k, s), (_, second), ..] if *s > *second => Some(*k),
        _ => None,
    }
}

/// Reads a PBX address as a person writes it: `203.0.113.1`, `203.0.113.1:5060`,
/// `2001:db8::1`, `[2001:db8::1]:5060`.
pub fn parse_pbx(text: &str) -> Option<PbxAddress> {
    let text = text.trim();
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(PbxAddress { ip, port: None });
    }
    let endpoint = crate::text::parse_endpoint(text)?;
    Some(PbxAddress { ip: endpoint.ip, port: Some(endpoint.port) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pbx_addresses_as_people_write_them() {
        let ip = |t: &str| t.parse::<IpAddr>().unwrap();
        assert_eq!(parse_pbx(" 203.0.113.1 "), Some(PbxAddress { ip: ip("203.0.113.1"), port: None }));
        assert_eq!(parse_pbx("203.0.113.1:5060"), Some(PbxAddress { ip: ip("203.0.113.1"), port: Some(5060) }));
        assert_eq!(parse_pbx("2001:db8::1"), Some(PbxAddress { ip: ip("2001:db8::1"), port: None }));
        assert_eq!(parse_pbx("[2001:db8::1]:5061"), Some(PbxAddress { ip: ip("2001:db8::1"), port: Some(5061) }));
        assert_eq!(parse_pbx("pbx.example.com"), None);
    }
}
