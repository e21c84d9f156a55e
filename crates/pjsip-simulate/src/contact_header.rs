//! Contact header values as pjproject's parser reads them and as the registrar stores them.
//!
//! Promises:
//! * [`parse_element`] says whether one element of a Contact header parses at all (a request
//!   with one that does not is dropped by pjproject without an answer): `*` alone, or a
//!   name-addr / addr-spec whose URI has a scheme, and for `sip:`/`sips:` a host and a port of at
//!   most 65535;
//! * [`SipUri::stored`] prints a URI the way the registrar stores it (pjproject's printer in the
//!   Contact context): scheme in lower case, the port as a number, the known parameters `user`,
//!   `transport`, `ttl`, `maddr` first and with their names in lower case, `lr` and `method`
//!   left out, other parameters and `?headers` as written;
//! * [`SipUri::key`] is what makes two stored contacts the same binding (pjproject's URI
//!   comparison): scheme, user and password exactly, host without case, the port as written
//!   (no port is not 5060), the known parameters, and the headers; other parameters do not count;
//! * everything is linear in the text and never panics.

/// One parsed element of a Contact header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Element {
    /// `*`.
    Star,
    /// A `sip:` or `sips:` URI and the header's own parameters (`expires`, `q`, …).
    Sip { uri: SipUri, params: Vec<(String, Option<String>)> },
    /// Any other scheme (`tel:`, `mailto:`), which pjproject parses and Asterisk refuses.
    Other { scheme: String },
}

/// A `sip:`/`sips:` URI in its parts, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SipUri {
    /// `sip` or `sips`.
    pub scheme: String,
    /// `user` or `user:password`, empty when there is none.
    pub userinfo: String,
    /// The host without IPv6 brackets.
    pub host: String,
    pub port: Option<u16>,
    pub params: Vec<(String, Option<String>)>,
    /// What follows `?`, without it (empty: none).
    pub headers: String,
}

/// The comparison key of a stored contact (see the module promises).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UriKey {
    scheme: String,
    userinfo: String,
    host: String,
    port: Option<u16>,
    known: Vec<(&'static str, String)>,
    headers: Vec<(String, String)>,
}

/// The parameters pjproject keeps apart from the others, in its printing order; `lr` and
/// `method` are parsed but not printed in a Contact.
const KNOWN: [&str; 4] = ["user", "transport", "ttl", "maddr"];
const NOT_PRINTED: [&str; 2] = ["lr", "method"];

impl SipUri {
    /// The URI as the registrar stores it.
    pub fn stored(&self) -> String {
        let mut out = format!("{}:", self.scheme);
        if !self.userinfo.is_empty() {
            out.push_str(&self.userinfo);
            out.push('@');
        }
        if self.host.contains(':') {
            out.push_str(&format!("[{}]", self.host));
        } else {
            out.push_str(&self.host);
        }
        if let Some(port) = self.port.filter(|p| *p != 0) {
            out.push_str(&format!(":{port}"));
        }
        for name in KNOWN {
            if let Some(value) = self.param(name).filter(|v| !v.is_empty()) {
                out.push_str(&format!(";{name}={value}"));
            }
        }
        for (name, value) in &self.params {
            let lower = name.to_ascii_lowercase();
            if KNOWN.contains(&lower.as_str()) || NOT_PRINTED.contains(&lower.as_str()) {
                continue;
            }
            match value {
                Some(value) => out.push_str(&format!(";{name}={value}")),
                None => out.push_str(&format!(";{name}")),
            }
        }
        if !self.headers.is_empty() {
            out.push('?');
            out.push_str(&self.headers);
        }
        out
    }

    /// A parameter's value by name without case (`Some("")` for a parameter without value).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_deref().unwrap_or(""))
    }

    pub fn remove_param(&mut self, name: &str) {
        self.params.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    pub fn key(&self) -> UriKey {
        let known = KNOWN.iter().map(|&n| (n, self.param(n).unwrap_or("").to_ascii_lowercase())).collect();
        let mut headers: Vec<(String, String)> = self
            .headers
            .split('&')
            .filter(|h| !h.is_empty())
            .map(|h| {
                let (name, value) = h.split_once('=').unwrap_or((h, ""));
                (name.to_ascii_lowercase(), value.to_ascii_lowercase())
            })
            .collect();
        headers.sort();
        UriKey {
            scheme: self.scheme.clone(),
            userinfo: self.userinfo.clone(),
            host: self.host.to_ascii_lowercase(),
            port: self.port.filter(|p| *p != 0),
            known,
            headers,
        }
    }
}

/// Reads one element of a Contact header. `Err` carries why pjproject's parser refuses it.
pub fn parse_element(text: &str) -> Result<Element, String> {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix('*') {
        return if rest.trim().is_empty() { Ok(Element::Star) } else { Err(format!("`{text}`: nothing may follow `*`")) };
    }
    let (uri, after) = match text.find('<') {
        Some(open) => {
            let display = text[..open].trim();
            // A display name is words, or one quoted string; a stray quote does not parse.
            let quoted = display.len() >= 2 && display.starts_with('"') && display.ends_with('"');
            if display.contains('"') && !quoted {
                return Err(format!("`{text}`: the display name is not readable"));
            }
            let close = text[open..].find('>').map(|c| open + c).ok_or_else(|| format!("`{text}`: `<` without `>`"))?;
            (&text[open + 1..close], &text[close + 1..])
        }
        // An addr-spec: what follows the URI's first `;` belongs to the header.
        None => match text.find(';') {
            Some(semi) => (&text[..semi], &text[semi..]),
            None => (text, ""),
        },
    };
    let after = after.trim();
    if !after.is_empty() && !after.starts_with(';') {
        return Err(format!("`{text}`: unexpected `{after}` after the URI"));
    }
    let params = parse_params(after.strip_prefix(';').unwrap_or(""));
    let (scheme, rest) = uri.split_once(':').ok_or_else(|| format!("`{uri}` has no scheme"))?;
    let scheme_ok = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !scheme_ok {
        return Err(format!("`{uri}` has no scheme"));
    }
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "sip" && scheme != "sips" {
        return Ok(Element::Other { scheme });
    }
    Ok(Element::Sip { uri: parse_sip(&scheme, rest)?, params })
}

/// The part of a `sip:`/`sips:` URI after the scheme.
fn parse_sip(scheme: &str, rest: &str) -> Result<SipUri, String> {
    let (main, headers) = rest.split_once('?').unwrap_or((rest, ""));
    // The user part may hold `;` (user parameters), so the host starts after the last `@`.
    let (userinfo, hostpart) = match main.rfind('@') {
        Some(at) => (&main[..at], &main[at + 1..]),
        None => ("", main),
    };
    let (hostport, params) = hostpart.split_once(';').unwrap_or((hostpart, ""));
    let (host, port) = match hostport.strip_prefix('[') {
        Some(v6) => {
            let (host, after) = v6.split_once(']').ok_or_else(|| format!("`{hostport}`: `[` without `]`"))?;
            (host, after.strip_prefix(':'))
        }
        None => match hostport.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (hostport, None),
        },
    };
    if host.is_empty() {
        return Err(format!("`{scheme}:{rest}` has no host"));
    }
    let port = match port {
        None => None,
        Some(digits) => {
            let valid = !digits.is_empty() && digits.len() <= 5 && digits.bytes().all(|b| b.is_ascii_digit());
            let number = digits.parse::<u32>().ok().filter(|p| valid && *p <= 65535);
            Some(number.ok_or_else(|| format!("port `{digits}` is not a port number"))? as u16)
        }
    };
    Ok(SipUri {
        scheme: scheme.to_string(),
        userinfo: canonical_userinfo(userinfo),
        host: host.to_string(),
        port,
        params: parse_params(params),
        headers: headers.to_string(),
    })
}

/// User and password as pjproject prints them back: `%XX` escapes decoded when parsed, and
/// only the characters their grammar does not allow escaped again (`%36001` is `6001`).
fn canonical_userinfo(userinfo: &str) -> String {
    const MARK: &str = "-_.!~*'()";
    let (user, password) = match userinfo.split_once(':') {
        Some((user, password)) => (user, Some(password)),
        None => (userinfo, None),
    };
    let escape = |text: &str, extra: &str| -> String {
        let decoded = super::sip::unescape(text);
        let mut out = String::with_capacity(decoded.len());
        for c in decoded.chars() {
            if c.is_ascii_alphanumeric() || MARK.contains(c) || extra.contains(c) {
                out.push(c);
            } else {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
        out
    };
    match password {
        Some(password) => format!("{}:{}", escape(user, "&=+$,;?/"), escape(password, "&=+$,")),
        None => escape(user, "&=+$,;?/"),
    }
}

fn parse_params(text: &str) -> Vec<(String, Option<String>)> {
    text.split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((name, value)) => (name.trim().to_string(), Some(value.trim().to_string())),
            None => (p.to_string(), None),
        })
        .collect()
}

/// The `expires` parameter of a Contact as pjproject reads it: absent or empty is "not given";
/// otherwise the leading digits (none: 0), kept to 32 bits.
pub fn expires_param(params: &[(String, Option<String>)]) -> Option<u32> {
    let (_, value) = params.iter().find(|(n, _)| n.eq_ignore_ascii_case("expires"))?;
    let value = value.as_deref().filter(|v| !v.is_empty())?;
    let mut number: u64 = 0;
    for b in value.bytes().take_while(u8::is_ascii_digit) {
        number = number.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
    }
    // The all-ones value means "not given" to pjproject, so it is stored one lower.
    Some((number as u32).min(u32::MAX - 1))
}

/// An `Expires` header as pjproject reads it: digits only (blanks around them allowed), kept to
/// 32 bits. `Err` when the request does not parse.
pub fn expires_header(value: &str) -> Result<u32, String> {
    let digits = value.trim_matches(|c| c == ' ' || c == '\t');
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("Expires `{value}` is not a number"));
    }
    let mut number: u64 = 0;
    for b in digits.bytes() {
        number = number.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
    }
    Ok(number as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sip(text: &str) -> (SipUri, Vec<(String, Option<String>)>) {
        match parse_element(text) {
            Ok(Element::Sip { uri, params }) => (uri, params),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn elements_that_do_not_parse() {
        for bad in ["<>", "<sip:>", "garbage", "<sip:6001@10.0.0.1:5070", "<sip:6001@10.0.0.1:99999>", "*;expires=0"] {
            assert!(parse_element(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_element(" * "), Ok(Element::Star));
        assert_eq!(parse_element("<tel:+15551234>"), Ok(Element::Other { scheme: "tel".into() }));
    }

    #[test]
    fn stored_form() {
        let stored = |text: &str| sip(text).0.stored();
        assert_eq!(stored("<SIP:6001@10.0.0.1:05070;TRANSPORT=TCP>"), "sip:6001@10.0.0.1:5070;transport=TCP");
        assert_eq!(
            stored("<sip:6001@10.0.0.1:5070;lr;x-a=b;maddr=10.0.0.9;transport=udp>"),
            "sip:6001@10.0.0.1:5070;transport=udp;maddr=10.0.0.9;x-a=b"
        );
        assert_eq!(stored("\"Bob\" <sip:6001:pw@[::1]:5070?Subject=x>"), "sip:6001:pw@[::1]:5070?Subject=x");
        assert_eq!(stored("sip:6001@example.com;expires=60"), "sip:6001@example.com");
        assert_eq!(stored("<sip:%36001@10.0.0.1>"), "sip:6001@10.0.0.1", "escapes are decoded");
        assert_eq!(stored("<sip:a%20b@10.0.0.1>"), "sip:a%20b@10.0.0.1", "and kept where the grammar needs them");
    }

    #[test]
    fn bindings_compare_like_pjproject() {
        let key = |text: &str| sip(text).0.key();
        assert_eq!(key("<sip:a@H.example:5070;rinstance=1>"), key("<sip:a@h.example:5070;x-foo=bar>"));
        assert_ne!(key("<sip:a@h:5070>"), key("<sip:a@h:5070;transport=tcp>"));
        assert_ne!(key("<sip:a@h>"), key("<sip:a@h:5060>"), "no port is not port 5060");
        assert_ne!(key("<sip:a@h>"), key("<sip:A@h>"));
        assert_ne!(key("<sip:a@h>"), key("<sip:a@h?Subject=x>"));
    }

    #[test]
    fn expires_readings() {
        let param = |text: &str| expires_param(&sip(text).1);
        assert_eq!(param("<sip:a@h>;expires=120"), Some(120));
        assert_eq!(param("<sip:a@h>;EXPIRES=120"), Some(120));
        assert_eq!(param("<sip:a@h>;expires=abc"), Some(0));
        assert_eq!(param("<sip:a@h>;expires=-5"), Some(0));
        assert_eq!(param("<sip:a@h>;expires=\"120\""), Some(0));
        assert_eq!(param("<sip:a@h>;expires="), None);
        assert_eq!(expires_header(" 0120 "), Ok(120));
        assert_eq!(expires_header("4294967296"), Ok(0));
        assert_eq!(expires_header("4294967295"), Ok(u32::MAX));
        for bad in ["-1", "abc", "1e3", ""] {
            assert!(expires_header(bad).is_err(), "{bad}");
        }
    }
}
