//! Just enough SIP syntax to read the parts of a request that Asterisk decides on:
//! name-addr headers (`"Name" <sip:user@host:port;params>;tag=…`), URIs and their user, host
//! and port. Tolerant: anything unreadable gives empty parts, never an error.

/// The parts of one URI.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Uri {
    /// Lower-cased scheme (`sip`, `sips`, `tel`, …); empty when there is none.
    pub scheme: String,
    /// The user part with its `%XX` escapes decoded, as pjproject's parser stores it (for `tel:`
    /// the number as written), `;user-options` included.
    pub user: String,
    pub host: String,
    pub port: Option<u16>,
    /// URI parameters after the host, without the leading `;`.
    pub params: String,
    /// The URI as written (without `<>`).
    pub text: String,
}

impl Uri {
    pub fn is_sip(&self) -> bool {
        self.scheme == "sip" || self.scheme == "sips"
    }

    /// The value of a URI parameter (`transport`, `expires`, …), names compared without case.
    #[allow(dead_code)] // Contacts are read by `contact_header`; kept for request URIs.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.split(';').find_map(|p| {
            let (key, value) = p.split_once('=').unwrap_or((p, ""));
            key.trim().eq_ignore_ascii_case(name).then_some(value.trim())
        })
    }
}

/// Reads the URI of a name-addr or addr-spec header value.
pub fn header_uri(value: &str) -> Uri {
    let value = value.trim();
    if let Some(start) = value.find('<') {
        let rest = &value[start + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        return parse_uri(&rest[..end]);
    }
    // Without angle brackets, `;` after the host starts header parameters (tag …); inside the
    // user part it is part of the user.
    let host_start = value.find('@').map_or(0, |at| at + 1);
    let end = value[host_start..].find(';').map_or(value.len(), |i| host_start + i);
    parse_uri(&value[..end])
}

/// Parses a bare URI.
pub fn parse_uri(text: &str) -> Uri {
    let text = text.trim();
    let Some((scheme, rest)) = text.split_once(':') else {
        return Uri { text: text.to_string(), host: text.to_string(), ..Uri::default() };
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme == "tel" {
        let (number, params) = rest.split_once(';').unwrap_or((rest, ""));
        return Uri { scheme, user: number.to_string(), params: params.to_string(), text: text.to_string(), ..Uri::default() };
    }
    let rest = rest.split('?').next().unwrap_or(rest);
    let (userinfo, hostpart) = match rest.rfind('@') {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => ("", rest),
    };
    // A password after `:` is not part of the user.
    let user = userinfo.split(':').next().unwrap_or("");
    let (hostport, params) = hostpart.split_once(';').unwrap_or((hostpart, ""));
    let (host, port) = split_host_port(hostport);
    Uri { scheme, user: unescape(user), host, port, params: params.to_string(), text: text.to_string() }
}

/// Decodes `%XX` escapes (`%36001` → `6001`); a `%` not followed by two hex digits stays.
pub fn unescape(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `host`, `host:port`, `[v6]`, `[v6]:port`.
pub fn split_host_port(text: &str) -> (String, Option<u16>) {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix('[') {
        let (addr, after) = rest.split_once(']').unwrap_or((rest, ""));
        return (addr.to_string(), after.strip_prefix(':').and_then(|p| p.parse().ok()));
    }
    match text.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') => (host.to_string(), port.parse().ok()),
        _ => (text.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_addr_with_display_name_and_params() {
        let uri = header_uri("\"Front Desk\" <sip:6001@127.0.0.1;user=phone>;tag=x1");
        assert_eq!((uri.scheme.as_str(), uri.user.as_str(), uri.host.as_str()), ("sip", "6001", "127.0.0.1"));
        assert_eq!(uri.param("user"), Some("phone"));
    }

    #[test]
    fn user_options_and_ports() {
        let uri = header_uri("<sip:6001;isup-oli=00@127.0.0.1:5070;transport=tcp>");
        assert_eq!(uri.user, "6001;isup-oli=00");
        assert_eq!(uri.port, Some(5070));
        assert_eq!(uri.param("transport"), Some("tcp"));
        let bare = header_uri("sip:alice@example.com;tag=1");
        assert_eq!((bare.user.as_str(), bare.host.as_str(), bare.params.as_str()), ("alice", "example.com", ""));
    }

    #[test]
    fn escaped_users_are_decoded() {
        assert_eq!(parse_uri("sip:%31%30%30@127.0.0.1").user, "100");
        assert_eq!(header_uri("<sip:%36001@127.0.0.1>").user, "6001");
        assert_eq!(unescape("50%-off%4"), "50%-off%4", "a % without two hex digits stays");
    }

    #[test]
    fn tel_and_ipv6() {
        let tel = parse_uri("tel:+4930123;phone-context=x");
        assert_eq!((tel.scheme.as_str(), tel.user.as_str()), ("tel", "+4930123"));
        let v6 = parse_uri("sip:[::1]:5062");
        assert_eq!((v6.host.as_str(), v6.port), ("::1", Some(5062)));
    }
}
