//! The small value grammars chan_sip shares with the rest of Asterisk: true/false words,
//! `host[:port]`, IP literals, ports.

use std::net::IpAddr;

/// `ast_true`: yes, true, y, t, 1, on (any case).
pub fn is_true(value: &str) -> bool {
    matches!(value.trim().to_ascii_lowercase().as_str(), "yes" | "true" | "y" | "t" | "1" | "on")
}

/// `ast_false`: no, false, n, f, 0, off (any case).
pub fn is_false(value: &str) -> bool {
    matches!(value.trim().to_ascii_lowercase().as_str(), "no" | "false" | "n" | "f" | "0" | "off")
}

/// PJSIP's word for a chan_sip boolean.
pub fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

/// `port_str2int`: a port in 1..=65535, else `None`.
pub fn port(text: &str) -> Option<u16> {
    text.trim().parse::<u16>().ok().filter(|&p| p != 0)
}

/// Splits `host[:port]`, `[v6][:port]` or a bare IPv6 address. The port is the text after the
/// host, unparsed (chan_sip warns about bad ones and uses the default).
pub fn split_host_port(text: &str) -> (&str, Option<&str>) {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix('[') {
        if let Some(end) = rest.find(']') {
            let port = rest[end + 1..].strip_prefix(':');
            return (&text[..end + 2], port);
        }
        return (text, None);
    }
    if text.matches(':').count() > 1 {
        // A bare IPv6 address has no port.
        return (text, None);
    }
    match text.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (text, None),
    }
}

/// The address of an IP literal (`[v6]` brackets allowed).
pub fn ip(text: &str) -> Option<IpAddr> {
    text.trim().trim_start_matches('[').trim_end_matches(']').parse().ok()
}

/// An address written for a URI or a bind: IPv6 literals get brackets.
pub fn uri_host(host: &str) -> String {
    match ip(host) {
        Some(IpAddr::V6(v6)) => format!("[{v6}]"),
        Some(IpAddr::V4(v4)) => v4.to_string(),
        None => host.to_string(),
    }
}

/// `host` or `host:port`.
pub fn host_port(host: &str, port: Option<u16>) -> String {
    match port {
        Some(port) => format!("{}:{port}", uri_host(host)),
        None => uri_host(host),
    }
}

/// Comma-separated items, trimmed, empty ones dropped.
pub fn items(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// `"` removed from both ends, as `ast_strip_quoted` does for register lines.
pub fn strip_quotes(text: &str) -> &str {
    let text = text.trim();
    let text = text.strip_prefix('"').unwrap_or(text);
    text.strip_suffix('"').unwrap_or(text)
}

/// A section name built from free text (a host, a realm): characters that could end a header
/// or start a comment become `-`.
pub fn section_name(text: &str) -> String {
    let name: String = text.chars().map(|c| if c.is_alphanumeric() || "._@:+-".contains(c) { c } else { '-' }).collect();
    if name.is_empty() {
        "unnamed".into()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truth_words() {
        assert!(is_true("Yes") && is_true("on") && is_true("1"));
        assert!(!is_true("yess") && !is_true(""));
        assert!(is_false("OFF") && is_false("n") && !is_false("maybe"));
    }

    #[test]
    fn names_from_text() {
        assert_eq!(section_name("sip.example.com"), "sip.example.com");
        assert_eq!(section_name("[::1]"), "-::1-");
        assert_eq!(section_name("a b;c"), "a-b-c");
        assert_eq!(section_name(""), "unnamed");
    }

    #[test]
    fn host_and_port() {
        assert_eq!(split_host_port("10.0.0.1:5070"), ("10.0.0.1", Some("5070")));
        assert_eq!(split_host_port("sip.example.com"), ("sip.example.com", None));
        assert_eq!(split_host_port("[::1]:5061"), ("[::1]", Some("5061")));
        assert_eq!(split_host_port("::"), ("::", None));
        assert_eq!(uri_host("::1"), "[::1]");
        assert_eq!(host_port("::", Some(5060)), "[::]:5060");
        assert_eq!(port("5060"), Some(5060));
        assert_eq!(port("0"), None);
        assert_eq!(port("x"), None);
    }
}
