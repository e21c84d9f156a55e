//! Whether Asterisk's option handlers accept a value, kind by kind.
//!
//! These functions answer one question: would the handler registered for this option return an
//! error (so the whole object is dropped)? They do not judge style; softer findings (a boolean
//! word Asterisk silently reads as false) live in the checks.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::schema::{is_false_word, is_true_word, Empty, Kind, OptionSchema};

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
pub fn check(option: &OptionSchema, value: &str, env: &Environment, input_files: &[String]) -> Result<(), String> {
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
        Kind::Double => match value.trim().parse::<f64>() {
            Ok(_) => Ok(()),
            Err(_) => Err(format!("`{value}` is not a number")),
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
        Kind::EnumList => {
            for item in value.split(',') {
                let item = item.trim();
                if !item.is_empty() && !enum_word(option, item) {
                    return Err(format!("`{item}` is not one of: {}", option.enum_values.join(", ")));
                }
            }
            Ok(())
        }
        Kind::CodecList => {
            for item in split_any(value, option.separator) {
                let name = codec_name(item);
                if name.is_empty() {
                    continue;
                }
                if !option.enum_values.iter().any(|c| c.eq_ignore_ascii_case(name)) {
                    return Err(format!("`{name}` is not a codec Asterisk knows"));
                }
            }
            Ok(())
        }
        Kind::UriList => {
            // Static AOR contacts: the handler refuses anything but sip:/sips: URIs.
            for item in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                if !is_sip_uri(item) {
                    return Err(format!("`{item}` is not a sip: or sips: URI"));
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
        Kind::Tos => {
            const NAMES: &[&str] = &[
                "CS0", "CS1", "CS2", "CS3", "CS4", "CS5", "CS6", "CS7", "AF11", "AF12", "AF13", "AF21", "AF22", "AF23", "AF31", "AF32",
                "AF33", "AF41", "AF42", "AF43", "EF",
            ];
            if parse_integer(value).is_some_and(|n| (0..=255).contains(&n)) || NAMES.iter().any(|n| n.eq_ignore_ascii_case(value)) {
                Ok(())
            } else {
                Err(format!("`{value}` is neither a number nor a DSCP name"))
            }
        }
        Kind::HeaderMatch => match value.split_once(':') {
            Some((name, _)) if !name.trim().is_empty() => Ok(()),
            _ => Err("expected `Header-Name: value`".into()),
        },
        _ => Ok(()),
    }
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

/// Whether `text` starts with a `sip:` or `sips:` scheme (case-insensitive) and has a host.
pub fn is_sip_uri(text: &str) -> bool {
    let text = text.trim().trim_start_matches('<');
    let lower = text.get(..5).map(str::to_ascii_lowercase).unwrap_or_default();
    let rest = if lower.starts_with("sips:") {
        &text[5..]
    } else if lower.starts_with("sip:") {
        &text[4..]
    } else {
        return false;
    };
    let host = rest.rsplit('@').next().unwrap_or(rest);
    !host.trim().is_empty()
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

/// How Asterisk prints an ACL rule: `addr[:port]/netmask`, the IPv4 mask dotted.
pub fn display_match_entry(text: &str) -> Option<String> {
    let (ip, port, bits) = parse_match_entry(text.trim().trim_start_matches('!'))?;
    let mask = match ip {
        IpAddr::V4(_) => Ipv4Addr::from(u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0)).to_string(),
        IpAddr::V6(_) => Ipv6Addr::from(u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0)).to_string(),
    };
    let addr = match (ip, port) {
        (IpAddr::V6(v6), Some(p)) => format!("[{v6}]:{p}"),
        (ip, Some(p)) => format!("{ip}:{p}"),
        (ip, None) => ip.to_string(),
    };
    Some(format!("{addr}/{mask}"))
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
        check(opt, value, &Environment::default(), &[])
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
