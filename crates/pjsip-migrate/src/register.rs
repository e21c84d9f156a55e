//! `register =>` lines, read the way chan_sip reads them (`sip_parse_register_line` in
//! Asterisk 20's `channels/sip/config_parser.c`):
//!
//! ```text
//! [peer?][transport://]user[@domain][:secret[:authuser]]@host[:port][/extension][~expiry]
//! ```
//!
//! plus the longer form `user[@domain]:domainport:secret:authuser@…`. The line is cut at the
//! *last* `@`; the pieces are then separated with Asterisk's argument splitter, which does not
//! split inside `(…)`, `[…]` or `"…"` and steps over a backslash. What chan_sip refuses (no `@`,
//! nothing before or after it, text between `//` and the user) is an error; what it only warns
//! about (an unknown transport, a bad port) is kept as a warning with chan_sip's fallback.

/// The transport a registration is sent over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    Udp,
    Tcp,
    Tls,
}

impl Protocol {
    pub fn word(self) -> &'static str {
        match self {
            Protocol::Udp => "udp",
            Protocol::Tcp => "tcp",
            Protocol::Tls => "tls",
        }
    }
}

/// One parsed `register =>` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterLine {
    /// `peer?`: the device whose settings the registration uses.
    pub peer: Option<String>,
    pub protocol: Protocol,
    pub user: String,
    /// `@domain` in the user part: the domain of the From/To URIs.
    pub domain: Option<String>,
    pub domain_port: Option<u16>,
    pub secret: Option<String>,
    pub auth_user: Option<String>,
    pub host: String,
    /// Written port (chan_sip uses 5060, 5061 for TLS, when absent).
    pub port: Option<u16>,
    /// Where calls through this registration enter the dialplan (`s` by default).
    pub extension: String,
    /// `~expiry` in seconds, when written and valid.
    pub expiry: Option<u32>,
    /// What chan_sip would warn about, with the fallback it takes.
    pub warnings: Vec<String>,
}

const FORMAT: &str = "[peer?][transport://]user[@domain][:secret[:authuser]]@host[:port][/extension][~expiry]";

/// Parses the value of a `register =>` line.
pub fn parse(value: &str) -> Result<RegisterLine, String> {
    let (user_part, host_part) = match value.rfind('@') {
        Some(at) => (&value[..at], &value[at + 1..]),
        None => ("", ""),
    };
    if user_part.is_empty() || host_part.is_empty() {
        return Err(format!("chan_sip refuses it: the format is {FORMAT}"));
    }
    let mut warnings = Vec::new();
    let pre1 = separate(user_part, b'?', 2);
    let (peer, user_part) = match (pre1.first(), pre1.get(1)) {
        (Some(peer), Some(rest)) if !rest.is_empty() => (Some(peer.clone()), rest.clone()),
        (Some(only), _) => (None, only.clone()),
        _ => (None, String::new()),
    };
    let pre2 = separate(&user_part, b'/', 3);
    let (transport, user_part) = match pre2.get(2) {
        Some(rest) if !rest.is_empty() => {
            let mut transport = pre2[0].clone();
            transport.pop();
            (Some(transport), rest.clone())
        }
        _ => (None, pre2.first().cloned().unwrap_or_default()),
    };
    if pre2.get(1).is_some_and(|blank| !blank.is_empty()) {
        return Err(format!("chan_sip refuses it: text between `//` and the user; the format is {FORMAT}"));
    }
    let user1 = separate(&user_part, b':', 3);
    let host1 = separate(host_part, b'~', 2);
    let host2 = separate(host1.first().map_or("", String::as_str), b'/', 2);
    let host3 = separate(host2.first().map_or("", String::as_str), b':', 2);
    let user2 = separate(user1.first().map_or("", String::as_str), b'@', 2);
    let user3 = user1.get(2).map(|a| separate(a, b':', 2)).unwrap_or_default();
    let (mut secret, mut auth_user, mut domain_port) = (user1.get(1).cloned(), user3.first().cloned(), user3.get(1).cloned());
    if user3.len() == 2 {
        // `:domainport:secret:authuser` arrives as secret=domainport, authuser=secret:authuser.
        (domain_port, secret, auth_user) = (secret, auth_user, domain_port);
    }
    let protocol = match transport.as_deref().map(str::to_ascii_lowercase) {
        None => Protocol::Udp,
        Some(t) if t.starts_with("tcp") => Protocol::Tcp,
        Some(t) if t.starts_with("tls") => Protocol::Tls,
        Some(t) if t.starts_with("udp") => Protocol::Udp,
        Some(t) => {
            warnings.push(format!("`{t}` is not a transport chan_sip knows; it used udp"));
            Protocol::Udp
        }
    };
    let port = host3.get(1).and_then(|p| {
        let parsed = leading_port(p);
        if parsed.is_none() {
            warnings.push(format!("`{p}` is not a valid port; chan_sip used the default"));
        }
        parsed
    });
    let domain_port = domain_port.as_deref().and_then(|p| {
        let parsed = leading_port(p);
        if parsed.is_none() {
            warnings.push(format!("`{p}` is not a valid domain port; chan_sip used the default"));
        }
        parsed
    });
    let expiry = host1.get(1).and_then(|e| {
        let parsed = leading_int(crate::words::strip_quotes(e)).filter(|&n| n > 0).map(|n| n as u32);
        if parsed.is_none() {
            warnings.push(format!("`~{e}` is not a usable expiry"));
        }
        parsed
    });
    let clean = |text: Option<&String>| text.map(|t| crate::words::strip_quotes(t).to_string()).filter(|t| !t.is_empty());
    let host = clean(host3.first()).unwrap_or_default();
    if host.is_empty() {
        return Err("chan_sip has no host to register to".into());
    }
    Ok(RegisterLine {
        peer: clean(peer.as_ref()),
        protocol,
        user: clean(user2.first()).unwrap_or_default(),
        domain: clean(user2.get(1)),
        domain_port,
        secret: clean(secret.as_ref()),
        auth_user: clean(auth_user.as_ref()),
        host,
        port,
        extension: clean(host2.get(1)).unwrap_or_else(|| "s".into()),
        expiry,
        warnings,
    })
}

/// `sscanf("%d")` on a port: leading digits, 1..=65535.
fn leading_port(text: &str) -> Option<u16> {
    leading_int(text).filter(|&n| (1..=65535).contains(&n)).map(|n| n as u16)
}

/// The integer at the start of `text` (after blanks), as `sscanf("%d")`/`atoi` read it.
fn leading_int(text: &str) -> Option<i64> {
    let text = text.trim_start();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let end = digits.bytes().take_while(u8::is_ascii_digit).count().min(18);
    digits[..end].parse::<i64>().ok().map(|n| sign * n)
}

/// Asterisk's argument splitter (`__ast_app_separate_args` without removing characters): at
/// most `max` pieces, the last one taking the rest; delimiters inside `(…)`, `[…]` or `"…"` and
/// right after a backslash do not split; a trailing delimiter makes one more, empty, piece.
fn separate(text: &str, delimiter: u8, max: usize) -> Vec<String> {
    let bytes = text.as_bytes();
    let (mut paren, mut bracket, mut quote) = (0u32, 0u32, false);
    let mut pieces = Vec::new();
    let mut scan = 0;
    let mut was_delimiter = None;
    while scan < bytes.len() && pieces.len() + 1 < max {
        let start = scan;
        let mut end = None;
        while scan < bytes.len() {
            match bytes[scan] {
                b'(' => paren += 1,
                b')' => paren = paren.saturating_sub(1),
                b'[' => bracket += 1,
                b']' => bracket = bracket.saturating_sub(1),
                b'"' if delimiter != b'"' => quote = !quote,
                b'\\' => scan += 1,
                c if c == delimiter && paren == 0 && !quote && bracket == 0 => {
                    end = Some(scan);
                    was_delimiter = Some(scan);
                    scan += 1;
                    break;
                }
                _ => {}
            }
            scan += 1;
        }
        scan = scan.min(bytes.len());
        pieces.push(lossy(&bytes[start..end.unwrap_or(scan)]));
    }
    if scan < bytes.len() || (scan > 0 && was_delimiter == Some(scan - 1)) {
        pieces.push(lossy(&bytes[scan..]));
    }
    pieces
}

/// Pieces are cut at ASCII delimiters, so they are valid UTF-8; this only guards the API.
fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg(text: &str) -> RegisterLine {
        parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn splitter_matches_asterisk() {
        assert_eq!(separate("a:b:c:d", b':', 3), ["a", "b", "c:d"]);
        assert_eq!(separate("a:", b':', 3), ["a", ""]);
        assert_eq!(separate("a::b", b':', 3), ["a", "", "b"]);
        assert_eq!(separate("", b':', 3), Vec::<String>::new());
        assert_eq!(separate("[::1]:5060", b':', 2), ["[::1]", "5060"]);
        assert_eq!(separate("a\\:b:c", b':', 2), ["a\\:b", "c"]);
        assert_eq!(separate("x\\", b':', 2), ["x\\"]);
    }

    #[test]
    fn the_simple_forms() {
        let r = reg("1234:secret@sip.example.com");
        assert_eq!((r.user.as_str(), r.secret.as_deref(), r.host.as_str()), ("1234", Some("secret"), "sip.example.com"));
        assert_eq!((r.port, r.extension.as_str(), r.expiry, r.protocol), (None, "s", None, Protocol::Udp));
        let r = reg("1234@sip.example.com");
        assert_eq!((r.user.as_str(), r.secret, r.auth_user), ("1234", None, None));
    }

    #[test]
    fn every_part() {
        let r = reg("trunk?tcp://1234@example.net:secret:authname@sip.example.com:5070/5551000~300");
        assert_eq!(r.peer.as_deref(), Some("trunk"));
        assert_eq!(r.protocol, Protocol::Tcp);
        assert_eq!((r.user.as_str(), r.domain.as_deref()), ("1234", Some("example.net")));
        assert_eq!((r.secret.as_deref(), r.auth_user.as_deref()), (Some("secret"), Some("authname")));
        assert_eq!((r.host.as_str(), r.port), ("sip.example.com", Some(5070)));
        assert_eq!((r.extension.as_str(), r.expiry), ("5551000", Some(300)));
    }

    #[test]
    fn domain_port_form_is_reordered() {
        let r = reg("1234@example.net:5080:secret:authname@sip.example.com");
        assert_eq!(r.domain_port, Some(5080));
        assert_eq!((r.secret.as_deref(), r.auth_user.as_deref()), (Some("secret"), Some("authname")));
    }

    #[test]
    fn refusals_and_warnings() {
        assert!(parse("no-at-sign").is_err());
        assert!(parse("@host").is_err());
        assert!(parse("user@").is_err());
        assert!(parse("tcp:/x/user@host").is_err());
        let r = reg("sctp://user@host:99999");
        assert_eq!((r.protocol, r.port), (Protocol::Udp, None));
        assert_eq!(r.warnings.len(), 2);
    }

    #[test]
    fn tls_and_secret_with_at_sign_in_user_part() {
        let r = reg("tls://alice:p@ss@sip.example.com");
        // The line is cut at the last `@`; the first one stays in the secret.
        assert_eq!((r.user.as_str(), r.domain.as_deref(), r.secret.as_deref()), ("alice", None, Some("p@ss")));
        assert_eq!(r.protocol, Protocol::Tls);
    }
}
