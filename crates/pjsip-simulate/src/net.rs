//! Address rules as Asterisk applies them to a request (`ast_apply_ha`): an ordered list of
//! rules, each with a sense (allow or deny); the **last** rule covering the source decides, and
//! a source no rule covers is allowed. The entries are read by `pjsip_model::ha`, the same reader
//! the loader uses, so the simulator and the load checks agree on what a line means.
//!
//! Two users, two readings of the sense:
//! * ACL lines (`permit`, `deny`, `contact_*`, acl.conf): `permit` allows, `deny` denies, and a
//!   leading `!` turns the line's sense around (`deny=!10.0.0.1` *permits* 10.0.0.1 — it does not
//!   mean "deny everything else");
//! * identify `match`: every entry is written as a deny rule and a source is identified when the
//!   list ends up denying it; `!` makes an entry an allow rule, which can only take back what an
//!   earlier entry matched. Host names resolve through the user's [`HostTable`] (no DNS) and are
//!   appended after the literal entries, as Asterisk resolves them when the identify is applied.

use std::net::IpAddr;

use pjsip_model::ha::{self, HaEntry, MatchItem};
use pjsip_syntax::FileSpan;

use super::HostTable;

/// One rule of an address list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub entry: HaEntry,
    /// The sense a covered address gets.
    pub allow: bool,
    /// The entry as written (for the trace).
    pub text: String,
    pub at: FileSpan,
}

impl Rule {
    pub fn covers(&self, ip: IpAddr, port: u16) -> bool {
        self.entry.covers(ip, port)
    }
}

/// The rules of one ACL line. `allow` is the line's option (`permit`: true, `deny`: false); a
/// line Asterisk cannot read refused its object at load, so here it gives no rules.
pub fn acl_line_rules(value: &str, allow: bool, at: FileSpan) -> Vec<Rule> {
    let Ok(entries) = ha::parse_acl_line(value) else { return Vec::new() };
    value.split(',').zip(entries).map(|(text, entry)| Rule { entry, allow: allow != entry.inverted, text: text.to_string(), at }).collect()
}

/// The rules of an identify's `match` value: literal entries first (deny rules, `!` ones allow
/// rules), then the addresses of the host names, each skipped when the list already matches it.
/// An unreadable value refused the identify at load, so here it gives no rules.
pub fn identify_rules(value: &str, at: FileSpan, hosts: &HostTable) -> Vec<Rule> {
    let Ok(items) = ha::identify_match_items(value) else { return Vec::new() };
    let mut rules = Vec::new();
    let mut names = Vec::new();
    let literal = value.split(',').map(str::trim).filter(|i| !i.is_empty());
    for (item, text) in items.into_iter().zip(literal) {
        match item {
            MatchItem::Rule(entry) => rules.push(Rule { entry, allow: entry.inverted, text: text.to_string(), at }),
            MatchItem::Host(name) => names.push(name),
        }
    }
    for name in names {
        let (host, port) = ha::split_host_port(&name);
        let port = port.and_then(|p| p.parse::<u16>().ok()).unwrap_or(0);
        for ip in hosts.resolve(host) {
            if deciding_rule(&rules, ip, port).is_some_and(|r| !r.allow) {
                continue;
            }
            let written = match (ip, port) {
                (ip, 0) => ip.to_string(),
                (IpAddr::V6(v6), p) => format!("[{v6}]:{p}"),
                (v4, p) => format!("{v4}:{p}"),
            };
            if let Ok(entry) = ha::parse_ha_entry(&written, true) {
                rules.push(Rule { entry, allow: false, text: format!("{name} ({written})"), at });
            }
        }
    }
    rules
}

/// The rule that decides for an address: the last one covering it, if any.
pub fn deciding_rule(rules: &[Rule], ip: IpAddr, port: u16) -> Option<&Rule> {
    rules.iter().rev().find(|r| r.covers(ip, port))
}

/// ACL verdict: allowed unless the last covering rule denies.
pub fn acl_allows(rules: &[Rule], ip: IpAddr, port: u16) -> bool {
    deciding_rule(rules, ip, port).is_none_or(|r| r.allow)
}

/// Identify verdict: identified when the last covering rule is one of the (deny) match entries.
pub fn identify_matches(rules: &[Rule], ip: IpAddr, port: u16) -> Option<&Rule> {
    deciding_rule(rules, ip, port).filter(|r| !r.allow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pjsip_syntax::{FileId, Span};

    fn at() -> FileSpan {
        FileSpan::new(FileId(0), Span::new(0, 0))
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn last_covering_rule_decides() {
        let mut rules = acl_line_rules("0.0.0.0/0.0.0.0", false, at());
        rules.extend(acl_line_rules("127.0.10.0/24", true, at()));
        assert!(acl_allows(&rules, ip("127.0.10.5"), 5060));
        assert!(!acl_allows(&rules, ip("127.0.11.5"), 5060));
        assert!(acl_allows(&[], ip("10.0.0.1"), 1));
    }

    #[test]
    fn a_bang_turns_an_acl_line_around() {
        // `deny=!10.0.0.1` is a permit of 10.0.0.1, so nothing is denied.
        let rules = acl_line_rules("!10.0.0.1", false, at());
        assert!(acl_allows(&rules, ip("10.0.0.1"), 1) && acl_allows(&rules, ip("10.0.0.2"), 1));
        assert!(acl_line_rules("10.0.0.1, 10.0.0.2", false, at()).is_empty(), "refused at load");
    }

    #[test]
    fn identify_entries_and_exclusions() {
        let hosts = HostTable::default();
        // A source no entry covers is not matched, whatever the exclusions say.
        let rules = identify_rules("10.1.0.0/16,!10.1.1.0/24", at(), &hosts);
        assert!(identify_matches(&rules, ip("10.1.2.3"), 1).is_some());
        assert!(identify_matches(&rules, ip("10.1.1.3"), 1).is_none());
        assert!(identify_matches(&rules, ip("10.5.0.1"), 1).is_none());
        let first_excluded = identify_rules("!10.1.1.0/24,10.1.1.7", at(), &hosts);
        assert!(identify_matches(&first_excluded, ip("10.1.1.7"), 1).is_some());
        assert!(identify_matches(&first_excluded, ip("10.1.1.8"), 1).is_none());
        // Bitwise masks, ports, mapped addresses and the old inet_aton spellings.
        let odd = identify_rules("10.0.0.0/255.0.255.0", at(), &hosts);
        assert!(identify_matches(&odd, ip("10.9.0.4"), 1).is_some() && identify_matches(&odd, ip("10.0.1.4"), 1).is_none());
        let port = identify_rules("10.0.0.4:5070/32", at(), &hosts);
        assert!(identify_matches(&port, ip("10.0.0.4"), 5070).is_some() && identify_matches(&port, ip("10.0.0.4"), 5060).is_none());
        assert!(identify_matches(&identify_rules("[::ffff:10.0.0.4]", at(), &hosts), ip("10.0.0.4"), 1).is_some());
        assert!(identify_matches(&identify_rules("0x0a000004", at(), &hosts), ip("10.0.0.4"), 1).is_some());
        // Host names through the host table, after the literal entries.
        let named = identify_rules("!127.0.0.1,localhost", at(), &hosts);
        assert!(identify_matches(&named, ip("127.0.0.1"), 1).is_some());
        assert!(identify_rules("nowhere.invalid", at(), &hosts).is_empty());
    }
}
