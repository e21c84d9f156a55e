//! Whether Asterisk's option handlers accept a value, kind by kind.
//!
//! These functions answer one question: would the handler registered for this option return an
//! error (so the whole object is dropped)? They do not judge style; softer findings (a boolean
//! word Asterisk silently reads as false) live in the checks.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::schema::{is_false_word, is_true_word, Empty, Kind, OptionSchema, Printer};
use crate::ObjectType;

/// What the environment of the load offers beyond the files themselves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Environment {
    /// Whether files named by path in options (TLS keys and certificates, DTLS files) exist.
    /// The default, `false`, is how the oracle harness ran: such options make their object
    /// fail, exactly as Asterisk did there. Files given in the input set count as present.
    pub referenced_files_available: bool,
    /// Whether the phone-provisioning module is loaded (it was not in the harness:
    /// `type=phoneprov` sections are then silently ignored).
    pub phoneprov_loaded: bool,
    /// Whether geolocation profiles exist (geolocation.conf was empty in the harness, so any
    /// `geoloc_*_call_profile` names a missing profile and the endpoint is dropped).
    pub geolocation_profiles: Vec<String>,
}

/// Parses like `strtoul`/`strtol` with base 0, as `ast_parse_arg` does: `0x` hex, leading-`0`
/// octal, decimal; no trailing characters; nothing empty.
/// The endpoint identifiers `endpoint_identifier_order` may name (the modules that register
/// them). Asterisk compares the list's items with these untrimmed and skips any other word.
pub const ENDPOINT_IDENTIFIERS: [&str; 6] = ["ip", "username", "anonymous", "header", "request_uri", "auth_username"];

pub fn parse_integer(text: &str) -> Option<i128> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, body) = if digits.len() > 2 && (digits.starts_with("0x") || digits.starts_with("0X")) {
        (16, &digits[2..])
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) || body.len() > 40 {
        return None;
    }
    let value = i128::from_str_radix(body, radix).ok()?;
    Some(if negative { -value } else { value })
}

/// The reason a value is refused, in plain words, or `Ok` when the handler accepts it.
pub fn check(object_type: ObjectType, option: &OptionSchema, value: &str, env: &Environment, input_files: &[String]) -> Result<(), String> {
    if let Some(verdict) = check_custom(object_type, option.name, value) {
        return verdict;
    }
    if value.is_empty() {
        return match option.empty {
            Empty::Error => Err("an empty value is not accepted".into()),
            _ => Ok(()),
        };
    }
    match option.kind {
        Kind::Uint => {
            if value.starts_with('-') {
                return Err("a negative number is not accepted here".into());
            }
            check_number(option, value)
        }
        Kind::Int => check_number(option, value),
        Kind::Double => match crate::numbers::parse_double(value) {
            Some(_) => Ok(()),
            None => Err(format!("`{value}` is not a number")),
        },
        Kind::Enum => {
            if option.bool_synonyms && (is_true_word(value) || is_false_word(value)) {
                return Ok(());
            }
            if enum_word(option, value) {
                Ok(())
            } else {
                Err(format!("`{value}` is not one of: {}", option.enum_values.join(", ")))
            }
        }
        // A plain string field (`endpoint_identifier_order`): stored as written, words Asterisk
        // does not know are skipped when it is read.
        Kind::EnumList if option.printer == Printer::AsStored => Ok(()),
        Kind::EnumList => {
            for item in value.split(',') {
                let item = item.trim();
                if !item.is_empty() && !enum_word(option, item) {
                    return Err(format!("`{item}` is not one of: {}", option.enum_values.join(", ")));
                }
            }
            Ok(())
        }
        Kind::CodecList => check_codecs(option, value),
        Kind::UriList => {
            // Static AOR contacts: the handler refuses anything but sip:/sips: URIs.
            for item in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                if !is_sip_uri(item) {
                    return Err(format!("`{item}` is not a sip: or sips: URI (or its host is too long)"));
                }
            }
            Ok(())
        }
        // Asterisk splits the line on `,` without trimming: see `ha::parse_acl_line`.
        Kind::IpAclList => crate::ha::parse_acl_line(value).map(|_| ()),
        Kind::FilePath => {
            let present =
                env.referenced_files_available || input_files.iter().any(|f| f == value || value.rsplit('/').next() == Some(f.as_str()));
            if present {
                Ok(())
            } else {
                Err(format!("the file `{value}` is not available"))
            }
        }
        Kind::Tos => match crate::numbers::tos(value) {
            Some(_) => Ok(()),
            None => Err(format!("`{value}` is neither a number nor a DSCP name")),
        },
        Kind::Digest => check_digest("MD5", value.trim()),
        Kind::DigestList => {
            for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
                match entry.split_once(':') {
                    Some((algorithm, digest)) => check_digest(algorithm.trim(), digest)?,
                    // Without a prefix the digest is taken as MD5.
                    None => check_digest("MD5", entry)?,
                }
            }
            Ok(())
        }
        Kind::KeyValue if !value.contains('=') => Err(format!("`{value}` has no `=`: expected `NAME=value`")),
        Kind::HostPort if option.name == "bind" => parse_bind(value).map(|_| ()),
        Kind::HeaderMatch => match value.split_once(':') {
            Some((name, _)) if !name.trim().is_empty() => Ok(()),
            _ => Err("expected `Header-Name: value`".into()),
        },
        _ => Ok(()),
    }
}

/// Options whose handler reads the value its own way; `None` for the rest.
fn check_custom(object_type: ObjectType, option: &str, value: &str) -> Option<Result<(), String>> {
    let verdict = match (object_type, option) {
        (ObjectType::Endpoint, "from_user") => {
            match value.chars().find(|c| !(c.is_ascii_alphanumeric() || "-._~%!$&'()*+,;=:".contains(*c))) {
                Some(bad) => Err(format!("`{bad}` is not allowed in a SIP user name")),
                None => Ok(()),
            }
        }
        (ObjectType::Endpoint, "dtls_rekey") => match crate::numbers::scan_u32(value) {
            Some(_) => Ok(()),
            None => Err(format!("`{value}` does not start with a number")),
        },
        // The DTLS parser ignores a word it does not know and keeps the previous setting.
        (ObjectType::Endpoint, "dtls_setup" | "dtls_fingerprint") => Ok(()),
        (ObjectType::Endpoint, "named_call_group" | "named_pickup_group") => {
            if !value.trim().is_empty() && crate::numbers::named_groups(value).is_empty() {
                Err("the list names no group".into())
            } else {
                Ok(())
            }
        }
        (ObjectType::Endpoint, o) if o.starts_with("codec_prefs_") => check_codec_prefs(o, value),
        (ObjectType::Transport, "cipher") => {
            match value.split(',').map(str::trim).find(|c| !c.is_empty() && !crate::tls_ciphers::is_known(c)) {
                Some(unknown) => Err(format!("`{unknown}` is not a cipher suite OpenSSL offers (names are OpenSSL's, case-sensitive)")),
                None => Ok(()),
            }
        }
        // Both end up in the Contact header Asterisk builds; pjproject refuses to parse it when
        // they hold characters a SIP URI cannot.
        (ObjectType::Registration, "contact_user") => {
            match value.chars().find(|c| !(c.is_ascii_alphanumeric() || "-_.!~*'()%&=+$,;?/".contains(*c))) {
                Some(bad) => Err(format!("`{bad}` is not allowed in the user part of a SIP URI")),
                None => Ok(()),
            }
        }
        (ObjectType::Registration, "contact_header_params") => check_header_params(value),
        (ObjectType::Registration, "outbound_proxy") if !value.is_empty() => match is_route_uri(value) {
            true => Ok(()),
            false => Err(format!("`{value}` is not a URI (`sip:proxy.example.com;lr`)")),
        },
        _ => return None,
    };
    Some(verdict)
}

/// A codec list as `allow`/`disallow` read it: items split on `,` and `|`, each an optional `!`,
/// a codec name (or `all`) and an optional `:milliseconds`; a whole list in parentheses is
/// accepted (it replaces the list). An empty item is an unknown codec.
fn check_codecs(option: &OptionSchema, value: &str) -> Result<(), String> {
    let list = value.strip_prefix('(').and_then(|v| v.strip_suffix(')')).unwrap_or(value);
    for item in list.split([',', '|']).map(str::trim) {
        let item = item.strip_prefix('!').unwrap_or(item);
        let (name, framing) = match item.rsplit_once(':') {
            Some((name, framing)) => (name, Some(framing)),
            None => (item, None),
        };
        if framing.is_some_and(|f| crate::numbers::scan_i32(f).is_none_or(|ms| ms < 0)) {
            return Err(format!("`{item}`: the packetization after `:` must be a number of milliseconds"));
        }
        if name.is_empty() {
            return Err("an empty item in the codec list".into());
        }
        if !name.eq_ignore_ascii_case("all") && !option.enum_values.iter().any(|c| c.eq_ignore_ascii_case(name)) {
            return Err(format!("`{name}` is not a codec Asterisk knows"));
        }
    }
    Ok(())
}

/// `codec_prefs_*`: comma-separated `name: value` pairs; the four known names take one of their
/// words (case-sensitive), unknown names are ignored, and incoming offers cannot use `union`.
fn check_codec_prefs(option: &str, value: &str) -> Result<(), String> {
    const WORDS: [(&str, &[&str]); 4] = [
        ("prefer", &["pending", "configured"]),
        ("operation", &["intersect", "union", "only_preferred", "only_nonpreferred"]),
        ("keep", &["all", "first"]),
        ("transcode", &["allow", "prevent"]),
    ];
    let mut set = [false; 4];
    for pref in value.split(',').filter(|p| !p.is_empty()) {
        let mut tokens = pref.split([':', ' ']).filter(|t| !t.is_empty());
        let (Some(name), Some(word)) = (tokens.next(), tokens.next()) else {
            return Err(format!("`{pref}` is not `name: value`"));
        };
        if let Some(i) = WORDS.iter().position(|(n, _)| *n == name) {
            // A later invalid word keeps an earlier valid one, as Asterisk's parser does.
            set[i] |= WORDS[i].1.contains(&word);
            if !set[i] {
                return Err(format!("`{word}` is not one of: {}", WORDS[i].1.join(", ")));
            }
            if option == "codec_prefs_incoming_offer" && name == "operation" && word == "union" {
                return Err("an incoming offer cannot use `operation: union`".into());
            }
        }
    }
    Ok(())
}

/// One stored password digest: a known algorithm and a digest of its length.
fn check_digest(algorithm: &str, digest: &str) -> Result<(), String> {
    let length = match algorithm.to_ascii_uppercase().as_str() {
        "MD5" => 32,
        "SHA-256" | "SHA-512-256" => 64,
        _ => return Err(format!("`{algorithm}` is not a digest algorithm (MD5, SHA-256, SHA-512-256)")),
    };
    if digest.len() != length {
        return Err(format!("a {algorithm} digest is {length} characters, this one {}", digest.len()));
    }
    Ok(())
}

/// `;name[=value]` parameters for a Contact header: tokens, values tokens or quoted strings.
fn check_header_params(value: &str) -> Result<(), String> {
    let token = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric() || "-.!%*_+`'~".contains(c));
    for param in value.split(';').filter(|p| !p.is_empty()) {
        let ok = match param.split_once('=') {
            Some((name, v)) => token(name) && (token(v) || (v.len() >= 2 && v.starts_with('"') && v.ends_with('"') && v.is_ascii())),
            None => token(param),
        };
        if !ok {
            return Err(format!("`{param}` is not a header parameter (`name` or `name=value`)"));
        }
    }
    Ok(())
}

/// A URI a Route header accepts: `scheme:rest`, optionally in `<>`; a sip/sips URI needs a
/// host.
fn is_route_uri(text: &str) -> bool {
    let text = text.trim();
    let inner = match (text.find('<'), text.rfind('>')) {
        (Some(open), Some(close)) if open < close => &text[open + 1..close],
        _ => text,
    };
    let Some((scheme, rest)) = inner.split_once(':') else { return false };
    let scheme_ok =
        scheme.starts_with(|c: char| c.is_ascii_alphabetic()) && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !scheme_ok || rest.is_empty() || rest.contains(char::is_whitespace) {
        return false;
    }
    if scheme.eq_ignore_ascii_case("sip") || scheme.eq_ignore_ascii_case("sips") {
        let host = rest.rsplit('@').next().unwrap_or(rest);
        return !host.split([';', '?', ':']).next().unwrap_or("").is_empty();
    }
    true
}

fn check_number(option: &OptionSchema, value: &str) -> Result<(), String> {
    let Some(n) = parse_integer(value) else {
        return Err(format!("`{value}` is not a whole number"));
    };
    if let Some((min, max)) = option.range {
        if n < i128::from(min) || n > i128::from(max) {
            return Err(format!("{n} is outside {min}..={max}"));
        }
    }
    Ok(())
}

fn enum_word(option: &OptionSchema, word: &str) -> bool {
    option.enum_values.iter().any(|v| if option.case_sensitive { *v == word } else { v.eq_ignore_ascii_case(word) })
}

/// Splits on any of the characters of `separators` (`,` when none are given).
pub fn split_any<'a>(value: &'a str, separators: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    value.split(move |c: char| if separators.is_empty() { c == ',' } else { separators.contains(c) }).map(str::trim)
}

/// The codec name of a codec-list item: without `!` and `:packetisation`.
pub fn codec_name(item: &str) -> &str {
    let item = item.trim().trim_start_matches('!');
    item.split(':').next().unwrap_or(item).trim()
}

/// Whether a contact or server URI passes Asterisk's check before it is used: `sip:` or `sips:`
/// (any case, `<>` allowed around it), at most 255 characters, and a host no longer than
/// pjproject allows (127 characters, 117 without a port). The host may be empty (`sip:`).
pub fn is_sip_uri(text: &str) -> bool {
    if text.len() > 255 {
        return false;
    }
    let trimmed = text.trim();
    let uri = trimmed.strip_prefix('<').and_then(|t| t.strip_suffix('>')).unwrap_or(trimmed);
    let lower = uri.get(..5).map(str::to_ascii_lowercase).unwrap_or_else(|| uri.to_ascii_lowercase());
    let after_scheme = if lower.starts_with("sips:") {
        &uri[5..]
    } else if lower.starts_with("sip:") {
        &uri[4..]
    } else {
        return false;
    };
    let host = match after_scheme.find('@') {
        Some(at) => &after_scheme[at + 1..],
        None => after_scheme,
    };
    let (host, port) = if host.starts_with('[') {
        let Some(close) = host.find(']') else { return false };
        (&host[..=close], host[close + 1..].starts_with(':'))
    } else {
        let host = host.split([';', '?']).next().unwrap_or("");
        match host.split_once(':') {
            Some((h, _)) => (h, true),
            None => (host, false),
        }
    };
    host.len() <= if port { 127 } else { 127 - "_sips.tcp.".len() }
}

/// An address with an optional `/cidr` or `/netmask`, as ACL entries are written.
pub fn parse_network(text: &str) -> Option<(IpAddr, u8)> {
    let (addr, mask) = match text.split_once('/') {
        Some((a, m)) => (a, Some(m)),
        None => (text, None),
    };
    let addr = addr.trim().trim_start_matches('[').trim_end_matches(']');
    let ip: IpAddr = addr.parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let bits = match mask {
        None => max,
        Some(m) => match m.parse::<u8>() {
            Ok(b) if b <= max => b,
            _ => match (ip, m.parse::<Ipv4Addr>(), m.parse::<Ipv6Addr>()) {
                (IpAddr::V4(_), Ok(mask), _) => u32::from(mask).count_ones() as u8,
                (IpAddr::V6(_), _, Ok(mask)) => u128::from(mask).count_ones() as u8,
                _ => return None,
            },
        },
    };
    Some((ip, bits))
}

/// One identify `match` entry as an ACL rule: an address with an optional port and an optional
/// `/cidr` or `/netmask` (`127.0.0.0:5061/8`, `[::1]:5060/64`). The mask defaults to the host.
pub fn parse_match_entry(text: &str) -> Option<(IpAddr, Option<u16>, u8)> {
    let (addr, mask) = match text.split_once('/') {
        Some((a, m)) => (a, Some(m)),
        None => (text, None),
    };
    let (ip, port) = parse_ip_port(addr)?;
    let bits = match mask {
        None => {
            if ip.is_ipv4() {
                32
            } else {
                128
            }
        }
        Some(m) => parse_network(&format!("{ip}/{m}"))?.1,
    };
    Some((ip, port, bits))
}

/// How Asterisk prints an ACL rule: `addr[:port]/netmask`, the address reduced to its network
/// (bitwise, so a non-contiguous mask works), the IPv4 mask dotted, an IPv4-mapped IPv6
/// address as IPv4, port 0 (any port) left out, `localhost` as the address it names.
pub fn display_match_entry(text: &str) -> Option<String> {
    let text = text.trim().trim_start_matches('!').trim();
    // What Asterisk's own reader makes of it (`inet_aton` spellings, a port kept to 16 bits,
    // a CIDR length read up to its first non-digit), when that reader takes it.
    if let Ok(rule) = crate::ha::parse_ha_entry(text, true) {
        let addr = match (rule.net, rule.port) {
            (ip, 0) => ip.to_string(),
            (IpAddr::V6(v6), p) => format!("[{v6}]:{p}"),
            (ip, p) => format!("{ip}:{p}"),
        };
        return Some(format!("{addr}/{}", rule.mask));
    }
    let (ip, port, mask) = match parse_match_entry(text) {
        Some((ip, port, bits)) => (ip, port, written_mask(text, ip).unwrap_or_else(|| prefix_mask(ip, bits))),
        None => {
            let (host, port) = match text.rsplit_once(':') {
                Some((host, port)) => (host, Some(port.parse::<u16>().ok()?)),
                None => (text, None),
            };
            if !host.eq_ignore_ascii_case("localhost") {
                return None;
            }
            let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
            (ip, port, prefix_mask(ip, 32))
        }
    };
    let (ip, mask) = match (ip, mask) {
        (IpAddr::V6(v6), IpAddr::V6(m)) if v6.to_ipv4_mapped().is_some() => (
            IpAddr::V4(v6.to_ipv4_mapped().unwrap_or(Ipv4Addr::UNSPECIFIED)),
            IpAddr::V4(Ipv4Addr::from((u128::from(m) & 0xffff_ffff) as u32)),
        ),
        other => other,
    };
    let network = match (ip, mask) {
        (IpAddr::V4(a), IpAddr::V4(m)) => IpAddr::V4(Ipv4Addr::from(u32::from(a) & u32::from(m))),
        (IpAddr::V6(a), IpAddr::V6(m)) => IpAddr::V6(Ipv6Addr::from(u128::from(a) & u128::from(m))),
        (ip, _) => ip,
    };
    let addr = match (network, port.filter(|p| *p != 0)) {
        (IpAddr::V6(v6), Some(p)) => format!("[{v6}]:{p}"),
        (ip, Some(p)) => format!("{ip}:{p}"),
        (ip, None) => ip.to_string(),
    };
    Some(format!("{addr}/{mask}"))
}

/// The mask of `bits` leading ones for the family of `ip`.
fn prefix_mask(ip: IpAddr, bits: u8) -> IpAddr {
    match ip {
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::from(u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0))),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from(u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0))),
    }
}

/// A mask written in address form (`/255.0.255.0`), kept as written: Asterisk applies it
/// bit by bit, contiguous or not.
fn written_mask(text: &str, ip: IpAddr) -> Option<IpAddr> {
    let (_, mask) = text.split_once('/')?;
    match ip {
        IpAddr::V4(_) => mask.trim().parse::<Ipv4Addr>().ok().map(IpAddr::V4),
        IpAddr::V6(_) => mask.trim().parse::<Ipv6Addr>().ok().map(IpAddr::V6),
    }
}

/// Where a transport's `bind` listens, as pjproject reads the value: the address (`None` for a
/// host name other than `localhost`, which Asterisk resolves when it loads) and the port (0:
/// the protocol's default). An empty value is 0.0.0.0; IPv4 addresses take `inet_aton`'s
/// forms; an IPv6 address without brackets has no port.
pub fn parse_bind(text: &str) -> Result<(Option<IpAddr>, u16), String> {
    let text = text.trim();
    let port_of = |digits: &str| -> Result<u16, String> {
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!("`{digits}` is not a port number"));
        }
        if digits.is_empty() {
            return Ok(0);
        }
        digits.parse::<u32>().ok().filter(|p| *p <= 65535).map(|p| p as u16).ok_or_else(|| format!("port {digits} is above 65535"))
    };
    if let Some(rest) = text.strip_prefix('[') {
        let (host, after) = rest.split_once(']').ok_or("an opening `[` without `]`")?;
        let port = match after.rfind(':') {
            Some(colon) => port_of(&after[colon + 1..])?,
            None => 0,
        };
        let ip = host.parse::<Ipv6Addr>().map_err(|_| format!("`{host}` is not an IPv6 address"))?;
        return Ok((Some(IpAddr::V6(ip)), port));
    }
    if text.matches(':').count() > 1 {
        let ip = text.parse::<Ipv6Addr>().map_err(|_| format!("`{text}` is not an IPv6 address"))?;
        return Ok((Some(IpAddr::V6(ip)), 0));
    }
    let (host, port) = match text.rsplit_once(':') {
        Some((host, port)) => (host, port_of(port)?),
        None => (text, 0),
    };
    if host.is_empty() {
        return Ok((Some(IpAddr::V4(Ipv4Addr::UNSPECIFIED)), port));
    }
    if let Some(ip) = crate::numbers::inet_aton(host) {
        return Ok((Some(IpAddr::V4(ip)), port));
    }
    if host.eq_ignore_ascii_case("localhost") {
        return Ok((Some(IpAddr::V4(Ipv4Addr::LOCALHOST)), port));
    }
    let labels_ok = host.split('.').all(|l| !l.is_empty() && l.len() <= 63 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    let all_numeric = host.chars().all(|c| c.is_ascii_digit() || c == '.');
    let reserved = host.rsplit('.').next().is_some_and(|tld| tld.eq_ignore_ascii_case("invalid"));
    if !labels_ok || all_numeric || reserved {
        return Err(format!("`{host}` is neither an address nor a name that resolves"));
    }
    Ok((None, port))
}

/// An IP literal with an optional port (`1.2.3.4`, `1.2.3.4:5060`, `[::1]:5060`, `::1`).
pub fn parse_ip_port(text: &str) -> Option<(IpAddr, Option<u16>)> {
    let text = text.trim();
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some((ip, None));
    }
    if let Some(rest) = text.strip_prefix('[') {
        let (addr, after) = rest.split_once(']')?;
        let ip = addr.parse::<Ipv6Addr>().ok()?;
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p.parse().ok()?),
            None if after.is_empty() => None,
            None => return None,
        };
        return Some((IpAddr::V6(ip), port));
    }
    let (addr, port) = text.rsplit_once(':')?;
    Some((IpAddr::V4(addr.parse().ok()?), Some(port.parse().ok()?)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::type_schema;

    fn check_endpoint(option: &str, value: &str) -> Result<(), String> {
        let opt = type_schema("endpoint").unwrap().option(option).unwrap();
        check(ObjectType::Endpoint, opt, value, &Environment::default(), &[])
    }

    fn check_in(type_name: &str, option: &str, value: &str) -> Result<(), String> {
        let schema = type_schema(type_name).unwrap();
        check(schema.object_type(), schema.option(option).unwrap(), value, &Environment::default(), &[])
    }

    #[test]
    fn handlers_with_their_own_rules() {
        assert!(check_endpoint("allow", "(ulaw|alaw)").is_ok());
        assert!(check_endpoint("allow", "ulaw:20").is_ok());
        assert!(check_endpoint("allow", "ulaw,,alaw").is_err());
        assert!(check_endpoint("allow", "ulaw:abc").is_err());
        assert!(check_endpoint("from_user", "with space").is_err());
        assert!(check_endpoint("from_user", "a,b").is_ok());
        assert!(check_endpoint("dtls_rekey", "12abc").is_ok());
        assert!(check_endpoint("dtls_rekey", "abc").is_err());
        assert!(check_endpoint("tos_audio", "-1").is_ok());
        assert!(check_endpoint("tos_audio", "foo").is_err());
        assert!(check_endpoint("set_var", "A").is_err());
        assert!(check_endpoint("named_call_group", ",").is_err());
        assert!(check_endpoint("codec_prefs_incoming_offer", "operation: union").is_err());
        assert!(check_endpoint("codec_prefs_outgoing_offer", "operation: union, keep: first").is_ok());
        assert!(check_endpoint("codec_prefs_outgoing_offer", "keep").is_err());
        assert!(check_in("aor", "qualify_timeout", "0x10").is_ok());
        assert!(check_in("aor", "qualify_timeout", "1,5").is_err());
        assert!(check_in("aor", "contact", "sip:").is_ok());
        assert!(check_in("aor", "contact", "tel:+1555").is_err());
        assert!(check_in("auth", "password_digest", "MD5:short").is_err());
        assert!(check_in("auth", "password_digest", "sha-256:9dd4e461268c8034f5c8564e155c67a6").is_err());
        assert!(check_in("auth", "md5_cred", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz").is_ok());
        assert!(check_in("transport", "bind", "localhost").is_ok());
        assert!(check_in("transport", "bind", "no.such.invalid").is_err());
        assert!(check_in("transport", "bind", "127.0.0.1:99999").is_err());
        assert!(check_in("transport", "cipher", "a").is_err());
        assert!(check_in("registration", "contact_user", "with space").is_err());
        assert!(check_in("registration", "contact_header_params", "a,b").is_err());
        assert!(check_in("registration", "outbound_proxy", "tel:+1555").is_ok());
        assert!(check_in("registration", "outbound_proxy", "127.0.0.1").is_err());
    }

    #[test]
    fn integers_follow_strtoul_base_zero() {
        assert_eq!(parse_integer("0x1F"), Some(31));
        assert_eq!(parse_integer("017"), Some(15));
        assert_eq!(parse_integer("0"), Some(0));
        assert_eq!(parse_integer("12abc"), None);
        assert_eq!(parse_integer(""), None);
        assert_eq!(parse_integer("09"), None);
        assert!(check_endpoint("timers_min_se", "-5").is_err());
        assert!(check_endpoint("rtp_port_start", "70000").is_err());
    }

    #[test]
    fn enums_codecs_and_lists() {
        assert!(check_endpoint("dtmf_mode", "RFC4733").is_ok());
        assert_eq!(
            check_endpoint("dtmf_mode", "rfc2833").unwrap_err(),
            "`rfc2833` is not one of: rfc4733, inband, info, auto, auto_info, none"
        );
        assert!(check_endpoint("allow", "!all,ULAW|alaw:20").is_ok());
        assert_eq!(check_endpoint("allow", "g729a").unwrap_err(), "`g729a` is not a codec Asterisk knows");
        assert!(check_endpoint("allow", "").is_err());
        assert!(check_endpoint("identify_by", "username,transport").is_err());
        assert!(check_endpoint("permit", "10.0.0.0/255.0.0.0,!192.168.1.1").is_ok());
        assert!(check_endpoint("permit", "example.com").is_err());
        assert!(check_endpoint("direct_media", "nope").is_ok());
    }

    #[test]
    fn addresses() {
        assert_eq!(parse_network("10.0.0.0/8").map(|n| n.1), Some(8));
        assert_eq!(parse_network("10.0.0.0/255.255.0.0").map(|n| n.1), Some(16));
        assert_eq!(parse_ip_port("[::1]:5060").map(|n| n.1), Some(Some(5060)));
        assert_eq!(parse_ip_port("127.0.0.1:5061").map(|n| n.1), Some(Some(5061)));
        assert_eq!(parse_match_entry("127.0.0.0:5061/8").map(|n| (n.1, n.2)), Some((Some(5061), 8)));
        assert_eq!(parse_match_entry("[::1]:5060/64").map(|n| (n.1, n.2)), Some((Some(5060), 64)));
        assert_eq!(parse_match_entry("example.com/8"), None);
        assert_eq!(display_match_entry("127.0.0.0:5061/8").as_deref(), Some("127.0.0.0:5061/255.0.0.0"));
        assert_eq!(display_match_entry("10.1.2.3").as_deref(), Some("10.1.2.3/255.255.255.255"));
        assert_eq!(display_match_entry("10.1").as_deref(), Some("10.0.0.1/255.255.255.255"), "inet_aton spelling");
        assert_eq!(display_match_entry("10.0.0.2:65536").as_deref(), Some("10.0.0.2/255.255.255.255"), "port kept to 16 bits");
        assert_eq!(display_match_entry("10.0.0.2/24/8").as_deref(), Some("10.0.0.0/255.255.255.0"));
        assert_eq!(display_match_entry("fe80::1%lo").as_deref(), Some("fe80::1/ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        assert!(is_sip_uri("SIP:alice@example.com"));
        assert!(!is_sip_uri("siptrunk"));
    }
}

/// How an identify compares a header value or the Request-URI it receives: as text, or with a
/// POSIX regular expression written between slashes (`/^sip:49/`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextMatch {
    /// Compared byte for byte (`strcmp`).
    Literal(String),
    Regex(pjsip_syntax::regex::Regex),
    /// An expression Asterisk compiles but pjsip-lab cannot evaluate (a back-reference, or a
    /// repetition too large to expand): the simulator treats it as not matching and says so.
    Unsupported(pjsip_syntax::regex::RegexError),
}

impl TextMatch {
    /// Reads a value as `res_pjsip_endpoint_identifier_ip` does: longer than two characters,
    /// starting and ending with `/`, is a regex; anything else is literal. An expression glibc
    /// refuses is an error (Asterisk then drops the identify).
    pub fn new(value: &str) -> Result<TextMatch, pjsip_syntax::regex::RegexError> {
        match value.strip_prefix('/').and_then(|v| v.strip_suffix('/')) {
            Some(inner) if value.len() > 2 => match pjsip_syntax::regex::Regex::new(inner) {
                Ok(regex) => Ok(TextMatch::Regex(regex)),
                Err(e) if e.asterisk_refuses() => Err(e),
                Err(e) => Ok(TextMatch::Unsupported(e)),
            },
            _ => Ok(TextMatch::Literal(value.to_string())),
        }
    }

    /// Whether `text` matches (`false` for an expression pjsip-lab cannot evaluate).
    pub fn is_match(&self, text: &str) -> bool {
        match self {
            TextMatch::Literal(literal) => literal == text,
            TextMatch::Regex(regex) => regex.is_match(text),
            TextMatch::Unsupported(_) => false,
        }
    }
}

/// Why a `match_header` value cannot be used (Asterisk drops the identify).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchHeaderError {
    NoColon,
    NoName,
    BadRegex(pjsip_syntax::regex::RegexError),
}

/// Splits `match_header` into the header name and how its value is compared: both sides of the
/// first `:` trimmed, and `//` meaning the empty text.
pub fn match_header(value: &str) -> Result<(&str, TextMatch), MatchHeaderError> {
    let (name, wanted) = value.split_once(':').ok_or(MatchHeaderError::NoColon)?;
    let (name, wanted) = (name.trim(), wanted.trim());
    if name.is_empty() {
        return Err(MatchHeaderError::NoName);
    }
    let wanted = if wanted == "//" { "" } else { wanted };
    TextMatch::new(wanted).map(|m| (name, m)).map_err(MatchHeaderError::BadRegex)
}

/// How `match_request_uri` compares the Request-URI. `//` stays the literal text `//` here
/// (Asterisk empties only a local copy of it), so it matches no real URI.
pub fn match_request_uri(value: &str) -> Result<TextMatch, pjsip_syntax::regex::RegexError> {
    TextMatch::new(value)
}
