//! Address rules as Asterisk holds them for ACLs (`permit`/`deny`/`acl`) and identify `match=`:
//! an ordered list where the **last** rule covering an address decides. Host names resolve
//! through the user's [`HostTable`] instead of DNS.

use std::net::IpAddr;

use pjsip_syntax::FileSpan;

use super::HostTable;
use pjsip_model::values::{parse_ip_port, parse_network};

/// One address rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// What a covered address gets: allowed (permit / identified) or not.
    pub allow: bool,
    pub net: IpAddr,
    pub bits: u8,
    /// Only this source port, when the entry named one.
    pub port: Option<u16>,
    /// `!entry`: the rule covers every address *outside* the network.
    pub negated: bool,
    pub at: FileSpan,
}

impl Rule {
    fn covers(&self, ip: IpAddr, port: u16) -> bool {
        let inside = in_network(ip, self.net, self.bits) && self.port.is_none_or(|p| p == port);
        inside != self.negated
    }
}

fn in_network(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = if bits == 0 { 0 } else { u32::MAX << (32 - u32::from(bits.min(32))) };
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = if bits == 0 { 0 } else { u128::MAX << (128 - u32::from(bits.min(128))) };
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// Turns one written entry (`1.2.3.4`, `1.2.3.0/24`, `1.2.3.0/255.255.255.0`, `1.2.3.4:5060`,
/// `host`, `host:port`, `!entry`) into rules. Unreadable or unresolvable entries give none.
pub fn entry_rules(entry: &str, allow: bool, at: FileSpan, hosts: &HostTable) -> Vec<Rule> {
    let entry = entry.trim();
    let (negated, entry) = match entry.strip_prefix('!') {
        Some(rest) => (true, rest.trim()),
        None => (false, entry),
    };
    if entry.is_empty() {
        return Vec::new();
    }
    let one = |net: IpAddr, bits: u8, port: Option<u16>| Rule { allow, net, bits, port, negated, at };
    if entry.contains('/') {
        return parse_network(entry).map(|(net, bits)| vec![one(net, bits, None)]).unwrap_or_default();
    }
    if let Some((ip, port)) = parse_ip_port(entry) {
        return vec![one(ip, full_bits(ip), port)];
    }
    let (host, port) = super::sip::split_host_port(entry);
    hosts.resolve(&host).into_iter().map(|ip| one(ip, full_bits(ip), port)).collect()
}

fn full_bits(ip: IpAddr) -> u8 {
    if ip.is_ipv4() {
        32
    } else {
        128
    }
}

/// The deciding rule for an address, if any covers it (the last one does).
pub fn deciding_rule(rules: &[Rule], ip: IpAddr, port: u16) -> Option<&Rule> {
    rules.iter().rev().find(|r| r.covers(ip, port))
}

/// ACL verdict: allowed unless the last covering rule denies.
pub fn acl_allows(rules: &[Rule], ip: IpAddr, port: u16) -> bool {
    deciding_rule(rules, ip, port).is_none_or(|r| r.allow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pjsip_syntax::{FileId, Span};

    fn at() -> FileSpan {
        FileSpan::new(FileId(0), Span::new(0, 0))
    }

    #[test]
    fn last_covering_rule_decides() {
        let hosts = HostTable::default();
        let mut rules = entry_rules("0.0.0.0/0.0.0.0", false, at(), &hosts);
        rules.extend(entry_rules("127.0.10.0/24", true, at(), &hosts));
        assert!(acl_allows(&rules, "127.0.10.5".parse().unwrap(), 5060));
        assert!(!acl_allows(&rules, "127.0.11.5".parse().unwrap(), 5060));
        assert!(acl_allows(&[], "10.0.0.1".parse().unwrap(), 1));
    }

    #[test]
    fn ports_netmasks_and_host_names() {
        let hosts = HostTable::default();
        let port = entry_rules("127.0.0.32:5090", true, at(), &hosts);
        assert!(deciding_rule(&port, "127.0.0.32".parse().unwrap(), 5090).is_some());
        assert!(deciding_rule(&port, "127.0.0.32".parse().unwrap(), 5092).is_none());
        let mask = entry_rules("127.0.4.0/255.255.255.128", true, at(), &hosts);
        assert!(deciding_rule(&mask, "127.0.4.100".parse().unwrap(), 1).is_some());
        assert!(deciding_rule(&mask, "127.0.4.200".parse().unwrap(), 1).is_none());
        let local = entry_rules("localhost", true, at(), &hosts);
        assert!(deciding_rule(&local, "127.0.0.1".parse().unwrap(), 1).is_some());
        assert!(entry_rules("nowhere.invalid", true, at(), &hosts).is_empty());
    }
}
