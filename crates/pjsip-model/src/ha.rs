//! Address rules as Asterisk's host-access lists hold them (`ast_ha`, main/acl.c): what an
//! ACL line (`permit`, `deny`, `contact_permit`, `contact_deny`, transport `local_net`, the
//! lines of acl.conf) or an identify `match` entry becomes, and which addresses a rule covers.
//!
//! Promises:
//! * an entry is read the way Asterisk reads it, not the way a person would: items are split on
//!   `,` without trimming (a blank after a comma makes an item that is no address), an address
//!   is numeric only (`getaddrinfo` with `AI_NUMERICHOST`, so the old `inet_aton` spellings
//!   `127.1`, `0x7f000002` and `127.000.000.002` are addresses and host names are not), a mask
//!   is a CIDR length read like `sscanf("%d")` or a dotted/colon mask applied bit by bit, an
//!   IPv4-mapped IPv6 address becomes IPv4, and a leading `!` inverts the sense of the line
//!   instead of meaning "everything else";
//! * parsing never panics and is linear in the entry; a refusal comes back as a reason in plain
//!   words (Asterisk then refuses the whole object).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// One rule of a host-access list: a masked network address, its mask, a port (0: any) and
/// whether a `!` inverted the sense of the line that wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HaEntry {
    pub inverted: bool,
    pub net: IpAddr,
    pub mask: IpAddr,
    pub port: u16,
}

impl HaEntry {
    /// Whether the rule applies to a source address and port (`ast_apply_ha`): an IPv4 rule
    /// applies to IPv4 and IPv4-mapped sources, an IPv6 rule to other IPv6 sources; the masked
    /// source must equal the rule's network, and a rule with a port only covers that port.
    pub fn covers(&self, ip: IpAddr, port: u16) -> bool {
        let ip = match (self.net, ip) {
            (IpAddr::V4(_), IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => return false,
            },
            (IpAddr::V6(_), IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_some() => return false,
            (IpAddr::V6(_), IpAddr::V4(_)) => return false,
            _ => ip,
        };
        apply_mask(ip, self.mask) == Some(self.net) && (self.port == 0 || self.port == port)
    }

    /// The mask as a CIDR length when its bits are contiguous.
    pub fn prefix_len(&self) -> Option<u32> {
        let (bits, width) = match self.mask {
            IpAddr::V4(m) => (u128::from(u32::from(m)) << 96, 32),
            IpAddr::V6(m) => (u128::from(m), 128),
        };
        let ones = bits.leading_ones();
        (bits.count_ones() == ones).then_some(ones.min(width))
    }
}

/// The network address of `ip` under `mask`, when both are of one family.
fn apply_mask(ip: IpAddr, mask: IpAddr) -> Option<IpAddr> {
    match (ip, mask) {
        (IpAddr::V4(a), IpAddr::V4(m)) => Some(IpAddr::V4(Ipv4Addr::from(u32::from(a) & u32::from(m)))),
        (IpAddr::V6(a), IpAddr::V6(m)) => Some(IpAddr::V6(Ipv6Addr::from(u128::from(a) & u128::from(m)))),
        _ => None,
    }
}

/// The all-ones mask of a family.
fn full_mask(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::BROADCAST),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from(u128::MAX)),
    }
}

/// An IPv4-mapped IPv6 address as IPv4 (Asterisk converts them in rules and masks).
fn unmapped(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The rules of one ACL line (`ast_append_ha`): items split on `,` and read untrimmed; the first
/// item that is not an address or network refuses the line. Ports are refused, as Asterisk's
/// ACL lines forbid them.
pub fn parse_acl_line(value: &str) -> Result<Vec<HaEntry>, String> {
    value.split(',').map(|item| parse_ha_entry(item, false)).collect()
}

/// One item of an ACL line or identify `match`: `[!]address[/mask]`, the address with a port
/// only when `ports` allows it. Mirrors `append_ha_core`.
pub fn parse_ha_entry(item: &str, ports: bool) -> Result<HaEntry, String> {
    let (address, mask) = match item.split_once('/') {
        Some((a, m)) => (a, Some(m)),
        None => (item, None),
    };
    let (inverted, address) = match address.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, address),
    };
    let (ip, port) = parse_numeric_socket(address, ports).ok_or_else(|| format!("`{address}` is not an IP address"))?;
    let ip = unmapped(ip);
    let mask = match mask {
        None => full_mask(ip),
        Some(m) if m.contains(':') || m.contains('.') => {
            let (mask, _) = parse_numeric_socket(m, false).ok_or_else(|| format!("`{m}` is not a netmask"))?;
            let mask = unmapped(mask);
            if mask.is_ipv4() != ip.is_ipv4() {
                return Err(format!("the address `{address}` and the mask `{m}` are of different families"));
            }
            mask
        }
        Some(m) => cidr_mask(ip, m).ok_or_else(|| format!("`{m}` is not a CIDR length for this address"))?,
    };
    let net = apply_mask(ip, mask).unwrap_or(ip);
    Ok(HaEntry { inverted, net, mask, port })
}

/// A CIDR length as `sscanf("%30d")` reads it (leading blanks, a sign, digits, anything after
/// them ignored), turned into a mask of the address's family.
fn cidr_mask(ip: IpAddr, text: &str) -> Option<IpAddr> {
    let text = text.trim_start();
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let end = digits.bytes().take(30).take_while(u8::is_ascii_digit).count();
    if end == 0 {
        return None;
    }
    let value: u64 = digits[..end].parse().ok()?;
    if negative && value != 0 {
        return None;
    }
    let width = if ip.is_ipv4() { 32 } else { 128 };
    if value > width {
        return None;
    }
    let bits = if value == 0 { 0 } else { u128::MAX << (128 - value) };
    Some(match ip {
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::from((bits >> 96) as u32)),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from(bits)),
    })
}

/// `ast_sockaddr_parse` with numeric hosts only: `[v6]:port`, `v4:port`, a bare IPv6 address
/// (two or more colons, so no port), or a bare address. The port is read like glibc's numeric
/// service (decimal, kept modulo 65536); `ports == false` refuses any port.
pub fn parse_numeric_socket(text: &str, ports: bool) -> Option<(IpAddr, u16)> {
    let (host, port) = split_host_port(text);
    if port.is_some() && !ports {
        return None;
    }
    let ip = parse_numeric_host(host)?;
    let port = match port {
        None => 0,
        Some(p) => numeric_port(p)?,
    };
    Some((ip, port))
}

/// Asterisk's host/port split (`ast_sockaddr_split_hostport`): brackets delimit an IPv6 host;
/// without them exactly one colon separates a port, more than one means an IPv6 address.
pub fn split_host_port(text: &str) -> (&str, Option<&str>) {
    if let Some(rest) = text.strip_prefix('[') {
        return match rest.find(']') {
            Some(end) => (&rest[..end], rest[end + 1..].strip_prefix(':')),
            None => (rest, None),
        };
    }
    match text.find(':') {
        Some(first) if !text[first + 1..].contains(':') => (&text[..first], Some(&text[first + 1..])),
        _ => (text, None),
    }
}

/// A numeric service as glibc's `getaddrinfo` reads it with `AI_NUMERICSERV`: decimal digits
/// only (nothing at all is 0), truncated to 16 bits.
fn numeric_port(text: &str) -> Option<u16> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut value: u64 = 0;
    for b in text.bytes() {
        value = value.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
    }
    Some(value as u16)
}

/// A numeric host as `getaddrinfo(AI_NUMERICHOST)` accepts it: IPv4 in any `inet_aton`
/// spelling, or IPv6 (with an optional `%scope`).
pub fn parse_numeric_host(host: &str) -> Option<IpAddr> {
    if let Some(v4) = inet_aton(host) {
        return Some(IpAddr::V4(v4));
    }
    let address = match host.split_once('%') {
        Some((address, scope)) if !scope.is_empty() => address,
        Some(_) => return None,
        None => host,
    };
    if !address.contains(':') {
        return None;
    }
    address.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
}

/// `inet_aton`: one to four parts separated by dots, each decimal, octal (leading `0`) or hex
/// (`0x`); the last part fills the remaining bytes (`127.1` is 127.0.0.1).
pub fn inet_aton(text: &str) -> Option<Ipv4Addr> {
    if text.is_empty() {
        return None;
    }
    let mut parts: Vec<u64> = Vec::with_capacity(4);
    for part in text.split('.') {
        if parts.len() == 4 {
            return None;
        }
        parts.push(c_number(part)?);
    }
    let count = parts.len();
    let limit: u64 = match count {
        1 => u64::from(u32::MAX),
        2 => 0xff_ffff,
        3 => 0xffff,
        _ => 0xff,
    };
    let (last, leading) = parts.split_last()?;
    if leading.iter().any(|&p| p > 0xff) || *last > limit {
        return None;
    }
    let mut value = *last as u32;
    for (i, &part) in leading.iter().enumerate() {
        value |= (part as u32) << (24 - 8 * i);
    }
    Some(Ipv4Addr::from(value))
}

/// One `inet_aton` part: `0x` hex, leading-zero octal, or decimal; nothing else, never empty.
fn c_number(part: &str) -> Option<u64> {
    let (radix, digits) = if let Some(hex) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
        (16, hex)
    } else if part.len() > 1 && part.starts_with('0') {
        (8, &part[1..])
    } else {
        (10, part)
    };
    if digits.is_empty() && radix != 16 {
        return None;
    }
    if !digits.chars().all(|c| c.is_digit(radix)) || digits.len() > 16 {
        return None;
    }
    if digits.is_empty() {
        // `0x` alone is zero for glibc.
        return Some(0);
    }
    u64::from_str_radix(digits, radix).ok()
}

/// What one identify `match` item is: an address rule, or a host name to resolve when the
/// identify is applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatchItem {
    Rule(HaEntry),
    Host(String),
}

/// The items of an identify `match` value (`ip_identify_match_handler`): split on `,`, each
/// trimmed, empty ones skipped. An item with a `/` or that parses as an address (a port is
/// allowed) must be a valid rule — `!` and masks included — or the identify is refused;
/// anything else is a host name, `!` and all.
pub fn identify_match_items(value: &str) -> Result<Vec<MatchItem>, String> {
    let mut items = Vec::new();
    for item in value.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        if item.contains('/') || parse_numeric_socket(item, true).is_some() {
            items.push(MatchItem::Rule(parse_ha_entry(item, true).map_err(|why| format!("`{item}`: {why}"))?));
        } else {
            items.push(MatchItem::Host(item.to_string()));
        }
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(text: &str) -> IpAddr {
        IpAddr::V4(text.parse().unwrap())
    }

    #[test]
    fn inet_aton_spellings() {
        assert_eq!(inet_aton("127.1"), Some("127.0.0.1".parse().unwrap()));
        assert_eq!(inet_aton("127.0.0"), Some("127.0.0.0".parse().unwrap()));
        assert_eq!(inet_aton("0x7f000002"), Some("127.0.0.2".parse().unwrap()));
        assert_eq!(inet_aton("127.000.000.002"), Some("127.0.0.2".parse().unwrap()));
        assert_eq!(inet_aton("127.0.0.08"), None, "8 is no octal digit");
        assert_eq!(inet_aton("127.0.0.256"), None);
        assert_eq!(inet_aton("1.2.3.4.5"), None);
        assert_eq!(inet_aton(" 127.0.0.1"), None);
        assert_eq!(inet_aton("127..1"), None);
        assert_eq!(inet_aton("localhost"), None);
    }

    #[test]
    fn acl_lines_are_split_without_trimming() {
        assert_eq!(parse_acl_line("127.0.0.0/8,10.0.0.0/8").map(|r| r.len()), Ok(2));
        assert!(parse_acl_line("127.0.0.2, 127.0.0.3").is_err(), "a blank after the comma is no address");
        assert!(parse_acl_line("127.0.0.2,,127.0.0.3").is_err(), "an empty item is no address");
        assert!(parse_acl_line("127.0.0.2:5070").is_err(), "ACL lines forbid ports");
        assert!(parse_acl_line("localhost").is_err(), "host names are not numeric");
        assert!(parse_acl_line("[::1]:5060").is_err());
        assert!(parse_acl_line("::1/128").is_ok());
        assert!(parse_acl_line("::1/255.0.0.0").is_err(), "families differ");
    }

    #[test]
    fn masks_ports_and_inversion() {
        let rule = parse_ha_entry("!127.0.0.0/255.0.255.0", false).unwrap();
        assert!(rule.inverted);
        assert_eq!(rule.prefix_len(), None);
        assert!(rule.covers(v4("127.0.0.2"), 1) && rule.covers(v4("127.5.0.2"), 1));
        assert!(!rule.covers(v4("127.0.1.2"), 1));
        let odd = parse_ha_entry("127.0.0.2/24/8", false).unwrap();
        assert_eq!((odd.net, odd.prefix_len()), (v4("127.0.0.0"), Some(24)), "the length is read up to the first non-digit");
        let port = parse_ha_entry("127.0.0.2:5070/32", true).unwrap();
        assert!(port.covers(v4("127.0.0.2"), 5070) && !port.covers(v4("127.0.0.2"), 5071));
        let any = parse_ha_entry("127.0.0.2:0", true).unwrap();
        assert!(any.covers(v4("127.0.0.2"), 9));
        assert_eq!(parse_ha_entry("127.0.0.2:65536", true).map(|r| r.port), Ok(0), "the port is kept modulo 65536");
        let mapped = parse_ha_entry("[::ffff:127.0.0.2]:5070", true).unwrap();
        assert_eq!(mapped.net, v4("127.0.0.2"));
        assert!(parse_ha_entry("::ffff:127.0.0.0/104", true).is_err(), "a mapped address becomes IPv4, where 104 bits do not fit");
        let v6 = parse_ha_entry("fe80::1%lo", true).unwrap();
        assert!(!v6.covers(v4("127.0.0.1"), 1), "an IPv6 rule does not cover IPv4 sources");
    }

    #[test]
    fn identify_items_are_rules_or_host_names() {
        let items = identify_match_items(" 127.0.0.1 ,!127.0.0.2, ! 127.0.0.3,sip.example.com,,127.0.0.0/8").unwrap();
        assert!(matches!(items[0], MatchItem::Rule(_)));
        assert_eq!(items[1], MatchItem::Host("!127.0.0.2".into()), "`!` without a mask is not an address");
        assert_eq!(items[2], MatchItem::Host("! 127.0.0.3".into()));
        assert_eq!(items[3], MatchItem::Host("sip.example.com".into()));
        assert!(matches!(items[4], MatchItem::Rule(HaEntry { inverted: false, .. })));
        assert!(identify_match_items("127.0.0.0/33").is_err());
    }
}
