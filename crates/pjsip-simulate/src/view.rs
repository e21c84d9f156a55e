//! A request with the harness's defaults filled in and its headers read once: the From, To,
//! Request-URI and Contact URIs, and the full header list Asterisk would see.

use std::net::IpAddr;

use super::sip::{header_uri, parse_uri, Uri};
use super::types::{HeaderValue, Request};

/// The User-Agent the oracle harness sends unless a case overrides it.
pub const DEFAULT_USER_AGENT: &str = "ast-oracle";

#[derive(Debug)]
pub struct View<'r> {
    pub request: &'r Request,
    /// Upper-cased method.
    pub method: String,
    pub src_ip: Option<IpAddr>,
    pub src_port: u16,
    pub ruri: Uri,
    pub from: Uri,
    pub to: Uri,
    /// Contact header values as sent (`*` included).
    pub contacts: Vec<String>,
    /// Every header as (name, value), defaults included.
    pub headers: Vec<(String, String)>,
}

impl<'r> View<'r> {
    pub fn new(request: &'r Request) -> View<'r> {
        let method = request.method.trim().to_ascii_uppercase();
        let from = header_uri(&request.from);
        let to_text = match &request.to {
            Some(to) => to.clone(),
            None if method == "REGISTER" => strip_tag(&request.from),
            None => format!("<{}>", request.request_uri.trim()),
        };
        // An IPv6 source goes in brackets, as in any SIP URI.
        let src_host = match request.src_ip.trim() {
            ip if ip.contains(':') && !ip.starts_with('[') => format!("[{ip}]"),
            ip => ip.to_string(),
        };
        let default_contact = matches!(method.as_str(), "REGISTER" | "INVITE" | "OPTIONS" | "SUBSCRIBE")
            .then(|| format!("<sip:{}@{src_host}:{}>", from.user, request.src_port));
        let contact = match &request.contact {
            None => default_contact,
            Some(explicit) => explicit.clone(),
        };
        let mut headers: Vec<(String, String)> =
            vec![("From".into(), request.from.clone()), ("To".into(), to_text.clone()), ("Max-Forwards".into(), "70".into())];
        let extra = |name: &str| request.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v);
        if extra("User-Agent").is_none() {
            headers.push(("User-Agent".into(), DEFAULT_USER_AGENT.into()));
        }
        if method == "REGISTER" && extra("Expires").is_none() {
            headers.push(("Expires".into(), "3600".into()));
        }
        if let Some(contact) = &contact {
            if extra("Contact").is_none() {
                headers.push(("Contact".into(), contact.clone()));
            }
        }
        for (name, value) in &request.headers {
            match value {
                Some(HeaderValue::One(v)) => headers.push((name.clone(), v.clone())),
                Some(HeaderValue::Many(vs)) => headers.extend(vs.iter().map(|v| (name.clone(), v.clone()))),
                None => {}
            }
        }
        let contacts =
            headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("Contact") || n == "m").flat_map(|(_, v)| split_contacts(v)).collect();
        View {
            request,
            method,
            src_ip: request.src_ip.trim().parse().ok(),
            src_port: request.src_port,
            ruri: parse_uri(&request.request_uri),
            from,
            to: header_uri(&to_text),
            contacts,
            headers,
        }
    }

    /// Values of every header called `name` (case-insensitive).
    pub fn header<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers.iter().filter(move |(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The first header called `name` or its compact form (`Supported`/`k`), if any: pjproject
    /// reads only the first one of these.
    pub fn first_header(&self, name: &str, compact: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name) || n.eq_ignore_ascii_case(compact)).map(|(_, v)| v.as_str())
    }

    /// The option tags of the first header called `name` (or its compact form).
    pub fn tags(&self, name: &str, compact: &str) -> Vec<&str> {
        self.first_header(name, compact).map(|v| v.split(',').map(str::trim).filter(|t| !t.is_empty()).collect()).unwrap_or_default()
    }

    /// The body and its content type as the harness sends them: a given body (typed
    /// `application/sdp` unless the request says otherwise), else a PCMU offer for an INVITE
    /// that does not turn SDP off; `None` without a body (an empty one counts as none).
    pub fn body(&self) -> Option<(String, String)> {
        let request = self.request;
        match &request.body {
            Some(body) if body.is_empty() => None,
            Some(body) => Some((body.clone(), request.content_type.clone().unwrap_or_else(|| "application/sdp".into()))),
            None if self.method == "INVITE" && request.sdp != Some(false) => {
                Some((super::sdp::default_offer(request.src_ip.trim()), "application/sdp".into()))
            }
            None => None,
        }
    }

    /// The hosts of every Contact URI (for contact ACLs).
    pub fn contact_hosts(&self) -> Vec<(String, u16)> {
        self.contacts.iter().filter(|c| c.trim() != "*").map(|c| header_uri(c)).map(|u| (u.host, u.port.unwrap_or(5060))).collect()
    }
}

fn strip_tag(from: &str) -> String {
    match from.find('>') {
        Some(end) => from[..=end].to_string(),
        None => from.split(";tag=").next().unwrap_or(from).to_string(),
    }
}

/// Splits a Contact header value on commas outside `<>` and quotes.
fn split_contacts(value: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0);
    for (i, c) in value.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '<' if !quoted => depth += 1,
            '>' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                parts.push(value[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(value[start..].trim().to_string());
    parts.retain(|p| !p.is_empty());
    parts
}
