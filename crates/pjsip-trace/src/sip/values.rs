//! Header values: lists, name-addresses, Via, CSeq and digest parameters.
//!
//! Each reader is total: it returns what it could make of the value (empty strings and `None`
//! for missing parts) and never fails.

use serde::{Deserialize, Serialize};

use crate::model::Transport;

/// Splits a comma-separated header value into items, ignoring commas inside quotes and `<…>`.
pub fn split_list(value: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut quoted, mut angle, mut escaped) = (false, false, false);
    let mut start = 0;
    for (at, c) in value.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' if !quoted && !angle => {
                push_item(&mut items, value.get(start..at));
                start = at + 1;
            }
            _ => {}
        }
    }
    push_item(&mut items, value.get(start..));
    items
}

fn push_item<'a>(items: &mut Vec<&'a str>, item: Option<&'a str>) {
    if let Some(item) = item.map(str::trim).filter(|i| !i.is_empty()) {
        items.push(item);
    }
}

/// Splits `;`-separated parameters (after the part they qualify) into names and values.
fn parameters(text: &str) -> Vec<(String, Option<String>)> {
    text.split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((name, value)) => (name.trim().to_string(), Some(unquote(value.trim()))),
            None => (p.to_string(), None),
        })
        .collect()
}

fn find_param<'a>(params: &'a [(String, Option<String>)], name: &str) -> Option<&'a str> {
    params.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_deref().unwrap_or(""))
}

/// Removes surrounding quotes and `\` escapes.
fn unquote(value: &str) -> String {
    let Some(inner) = value.strip_prefix('"').map(|v| v.strip_suffix('"').unwrap_or(v)) else {
        return value.to_string();
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A From, To or Contact value: `"Name" <sip:uri>;tag=…` or `sip:uri;tag=…`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameAddr {
    pub display_name: Option<String>,
    /// The URI without `<>` (`*` for a wildcard Contact).
    pub uri: String,
    /// The header parameters after the address (`tag`, `expires`, `q`…).
    pub params: Vec<(String, Option<String>)>,
}

impl NameAddr {
    pub fn parse(value: &str) -> NameAddr {
        let value = value.trim();
        if let Some(open) = find_unquoted(value, '<') {
            let display = unquote(value.get(..open).unwrap_or("").trim());
            let rest = value.get(open + 1..).unwrap_or("");
            let (uri, after) = rest.split_once('>').unwrap_or((rest, ""));
            return NameAddr {
                display_name: (!display.is_empty()).then_some(display),
                uri: uri.trim().to_string(),
                params: parameters(after),
            };
        }
        // Without angle brackets, parameters after the URI belong to the header (RFC 3261 §20).
        let (uri, params) = value.split_once(';').unwrap_or((value, ""));
        NameAddr { display_name: None, uri: uri.trim().to_string(), params: parameters(params) }
    }

    pub fn tag(&self) -> Option<&str> {
        self.param("tag")
    }

    /// A header parameter's value (`""` for a parameter without value).
    pub fn param(&self, name: &str) -> Option<&str> {
        find_param(&self.params, name)
    }

    /// The URI's user part (`100` in `sip:100@pbx`).
    pub fn user(&self) -> Option<&str> {
        let (_, rest) = self.uri.split_once(':')?;
        let (user, _) = rest.split_once('@')?;
        Some(user.split(';').next().unwrap_or(user))
    }
}

fn find_unquoted(value: &str, wanted: char) -> Option<usize> {
    let (mut quoted, mut escaped) = (false, false);
    for (at, c) in value.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' && quoted {
            escaped = true;
        } else if c == '"' {
            quoted = !quoted;
        } else if c == wanted && !quoted {
            return Some(at);
        }
    }
    None
}

/// One Via entry: `SIP/2.0/UDP 203.0.113.5:5060;rport;branch=z9hG4bK…`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Via {
    /// `SIP/2.0/UDP`.
    pub protocol: String,
    pub transport: Transport,
    /// `host[:port]` as written.
    pub sent_by: String,
    pub params: Vec<(String, Option<String>)>,
}

impl Via {
    pub fn parse(value: &str) -> Via {
        let value = value.trim();
        let (head, params) = value.split_once(';').unwrap_or((value, ""));
        // The protocol may carry spaces around its slashes (`SIP / 2.0 / UDP`), the host follows
        // after the last word of the protocol.
        let head = head.trim();
        let (protocol, sent_by) = split_via_head(head);
        let transport = Transport::from_name(protocol.rsplit('/').next().unwrap_or(""));
        Via { protocol, transport, sent_by, params: parameters(params) }
    }

    pub fn branch(&self) -> Option<&str> {
        self.param("branch")
    }

    pub fn received(&self) -> Option<&str> {
        self.param("received")
    }

    /// `rport`'s value; `Some("")` when present without one.
    pub fn rport(&self) -> Option<&str> {
        self.param("rport")
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        find_param(&self.params, name)
    }
}

fn split_via_head(head: &str) -> (String, String) {
    let mut protocol = String::new();
    let mut rest = head;
    // Three slash-separated parts: name, version, transport.
    for part in 0..3 {
        let trimmed = rest.trim_start();
        let end = if part < 2 {
            trimmed.find('/').unwrap_or(trimmed.len())
        } else {
            trimmed.find(|c: char| c.is_whitespace()).unwrap_or(trimmed.len())
        };
        protocol.push_str(trimmed.get(..end).unwrap_or("").trim());
        rest = trimmed.get(end..).unwrap_or("");
        if part < 2 {
            protocol.push('/');
            rest = rest.trim_start().strip_prefix('/').unwrap_or(rest);
        }
    }
    (protocol, rest.trim().to_string())
}

/// A CSeq value: `102 INVITE`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CSeq {
    pub number: u32,
    pub method: String,
}

impl CSeq {
    pub fn parse(value: &str) -> Option<CSeq> {
        let mut words = value.split_whitespace();
        let number = words.next()?.parse().ok()?;
        let method = words.next().unwrap_or("").to_string();
        Some(CSeq { number, method })
    }
}

/// A credentials or challenge value: a scheme and its parameters
/// (`Digest username="100", realm="asterisk", nonce="…", uri="sip:…", response="…"`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    /// `Digest` as written.
    pub scheme: String,
    /// Parameter names in lower case, values without quotes.
    pub params: Vec<(String, String)>,
}

impl Digest {
    pub fn parse(value: &str) -> Digest {
        let value = value.trim();
        let (scheme, rest) = value.split_once(|c: char| c.is_whitespace()).unwrap_or((value, ""));
        let params = split_list(rest)
            .into_iter()
            .map(|item| match item.split_once('=') {
                Some((name, value)) => (name.trim().to_ascii_lowercase(), unquote(value.trim())),
                None => (item.trim().to_ascii_lowercase(), String::new()),
            })
            .collect();
        Digest { scheme: scheme.to_string(), params }
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn username(&self) -> Option<&str> {
        self.param("username")
    }

    pub fn realm(&self) -> Option<&str> {
        self.param("realm")
    }

    pub fn nonce(&self) -> Option<&str> {
        self.param("nonce")
    }

    pub fn uri(&self) -> Option<&str> {
        self.param("uri")
    }

    pub fn response(&self) -> Option<&str> {
        self.param("response")
    }

    pub fn algorithm(&self) -> Option<&str> {
        self.param("algorithm")
    }

    pub fn qop(&self) -> Option<&str> {
        self.param("qop")
    }

    pub fn nc(&self) -> Option<&str> {
        self.param("nc")
    }

    pub fn cnonce(&self) -> Option<&str> {
        self.param("cnonce")
    }

    pub fn opaque(&self) -> Option<&str> {
        self.param("opaque")
    }
}
