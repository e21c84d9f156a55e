//! A small SIP message parser that never fails.
//!
//! [`SipMessage::parse`] takes the text of one message (start line, headers, blank line, body)
//! and always returns a value: an unreadable start line becomes [`StartLine::Other`], a line that
//! is no header is skipped and named in [`SipMessage::problems`]. Headers keep their order;
//! compact names (`v`, `f`, `i`…) are stored under their full names; folded lines are joined.
//! The body is everything after the blank line — the caller decides where a message ends (by
//! Content-Length in streams, by the log's layout in text), see [`crate::framing`].
//!
//! The accessors read the few things a replay needs (method, Request-URI, status, Call-ID, CSeq,
//! From/To/Contact, Via, Expires, digest credentials) on demand; none of them allocates more than
//! its answer.

mod names;
mod values;

use serde::{Deserialize, Serialize};

use crate::model::{Span, Transport};
pub use names::full_name;
pub use values::{split_list, CSeq, Digest, NameAddr, Via};

/// The first line of a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum StartLine {
    Request {
        method: String,
        uri: String,
        version: String,
    },
    Response {
        version: String,
        status: u16,
        reason: String,
    },
    /// Neither a request line nor a status line; the line as written.
    Other {
        line: String,
    },
}

/// One header field, in message order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// The full name: a compact form (`v`) is stored as its full name (`Via`); other names as
    /// written. Compare names with [`Header::is`], which ignores case.
    pub name: String,
    /// The value, trimmed, with folded continuation lines joined by one space.
    pub value: String,
    /// The header's lines in [`SipMessage::text`] (continuations included, line end excluded).
    pub span: Span,
    /// Whether the message used the compact form.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub compact: bool,
}

impl Header {
    /// Whether this header is `name` (full or compact form, any case).
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(full_name(name))
    }
}

/// A parsed SIP message, with its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SipMessage {
    /// The message as it was read (bytes that are not UTF-8 replaced by U+FFFD).
    pub text: String,
    pub start_line: StartLine,
    pub headers: Vec<Header>,
    /// The body in `text`: after the blank line to the end.
    pub body: Span,
    /// Oddities met while parsing, in plain words (a line that is no header, a body longer or
    /// shorter than Content-Length…). Empty for a well-formed message.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

impl SipMessage {
    /// Parses one message's text. Leading blank lines (keep-alives) are skipped.
    pub fn parse(text: String) -> SipMessage {
        let mut problems = Vec::new();
        let mut lines = Lines::new(&text);
        let mut start_line = StartLine::Other { line: String::new() };
        for line in lines.by_ref() {
            if line.text.trim().is_empty() {
                continue;
            }
            start_line = parse_start_line(line.text);
            if let StartLine::Other { .. } = start_line {
                problems.push("the first line is neither a request line nor a status line".into());
            }
            break;
        }
        let mut headers: Vec<Header> = Vec::new();
        // A message that simply ends after its headers (pasted without the blank line) has no body.
        let mut body_start = text.len();
        for line in lines.by_ref() {
            if line.text.is_empty() {
                body_start = line.next;
                break;
            }
            if line.text.starts_with([' ', '\t']) {
                if let Some(last) = headers.last_mut() {
                    let more = line.text.trim();
                    if !more.is_empty() {
                        if !last.value.is_empty() {
                            last.value.push(' ');
                        }
                        last.value.push_str(more);
                    }
                    last.span.end = line.end;
                    continue;
                }
            }
            match line.text.split_once(':') {
                Some((name, value)) if is_token(name.trim_end()) && !name.trim_end().is_empty() => {
                    let written = name.trim_end();
                    let full = full_name(written);
                    headers.push(Header {
                        compact: full.len() != written.len(),
                        name: if full.len() != written.len() { full.to_string() } else { written.to_string() },
                        value: value.trim().to_string(),
                        span: Span::new(line.start, line.end),
                    });
                }
                _ => problems.push(format!("line {:?} is not a header", clip(line.text))),
            }
        }
        let body = Span::new(body_start.min(text.len()), text.len());
        let mut message = SipMessage { text, start_line, headers, body, problems };
        message.check_content_length();
        message
    }

    fn check_content_length(&mut self) {
        let declared = self.header("Content-Length").map(str::trim);
        match declared.map(|v| v.parse::<usize>()) {
            Some(Ok(n)) if n != self.body.len() => {
                // A text trace that lost its CRs shortens the body by one byte per line.
                self.problems.push(format!("Content-Length is {n} but the body has {} bytes", self.body.len()));
            }
            Some(Err(_)) => self.problems.push(format!("Content-Length {:?} is not a number", declared.unwrap_or_default())),
            _ => {}
        }
    }

    pub fn is_request(&self) -> bool {
        matches!(self.start_line, StartLine::Request { .. })
    }

    pub fn is_response(&self) -> bool {
        matches!(self.start_line, StartLine::Response { .. })
    }

    /// The request's method.
    pub fn method(&self) -> Option<&str> {
        match &self.start_line {
            StartLine::Request { method, .. } => Some(method),
            _ => None,
        }
    }

    /// The request's Request-URI.
    pub fn request_uri(&self) -> Option<&str> {
        match &self.start_line {
            StartLine::Request { uri, .. } => Some(uri),
            _ => None,
        }
    }

    /// The response's status code.
    pub fn status(&self) -> Option<u16> {
        match &self.start_line {
            StartLine::Response { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The response's reason phrase.
    pub fn reason(&self) -> Option<&str> {
        match &self.start_line {
            StartLine::Response { reason, .. } => Some(reason),
            _ => None,
        }
    }

    /// The first value of header `name` (full or compact, any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|h| h.is(name)).map(|h| h.value.as_str())
    }

    /// Every value of header `name`, in order.
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers.iter().filter(move |h| h.is(name)).map(|h| h.value.as_str())
    }

    /// The body's text.
    pub fn body_text(&self) -> &str {
        self.text.get(self.body.start..self.body.end).unwrap_or("")
    }

    pub fn call_id(&self) -> Option<&str> {
        self.header("Call-ID")
    }

    pub fn cseq(&self) -> Option<CSeq> {
        CSeq::parse(self.header("CSeq")?)
    }

    pub fn from(&self) -> Option<NameAddr> {
        Some(NameAddr::parse(self.header("From")?))
    }

    pub fn to(&self) -> Option<NameAddr> {
        Some(NameAddr::parse(self.header("To")?))
    }

    /// Every Contact, across repeated headers and comma-separated lists (`*` is kept as a URI).
    pub fn contacts(&self) -> Vec<NameAddr> {
        self.header_values("Contact").flat_map(split_list).map(NameAddr::parse).collect()
    }

    /// The first Contact.
    pub fn contact(&self) -> Option<NameAddr> {
        self.contacts().into_iter().next()
    }

    /// The topmost Via.
    pub fn via(&self) -> Option<Via> {
        let first = self.header("Via")?;
        split_list(first).first().map(|v| Via::parse(v))
    }

    /// Every Via, topmost first.
    pub fn vias(&self) -> Vec<Via> {
        self.header_values("Via").flat_map(split_list).map(Via::parse).collect()
    }

    /// The topmost Via's transport.
    pub fn via_transport(&self) -> Transport {
        self.via().map(|v| v.transport).unwrap_or_default()
    }

    /// The Expires header's seconds.
    pub fn expires(&self) -> Option<u32> {
        self.header("Expires")?.trim().parse().ok()
    }

    /// The credentials of an Authorization (or else Proxy-Authorization) header.
    pub fn authorization(&self) -> Option<Digest> {
        self.header("Authorization").or_else(|| self.header("Proxy-Authorization")).map(Digest::parse)
    }

    /// The challenge of a WWW-Authenticate (or else Proxy-Authenticate) header.
    pub fn challenge(&self) -> Option<Digest> {
        self.header("WWW-Authenticate").or_else(|| self.header("Proxy-Authenticate")).map(Digest::parse)
    }

    /// The User-Agent, or else the Server header: who wrote the message.
    pub fn agent(&self) -> Option<&str> {
        self.header("User-Agent").or_else(|| self.header("Server"))
    }

    /// A short summary: `INVITE sip:100@pbx` or `401 Unauthorized`.
    pub fn summary(&self) -> String {
        match &self.start_line {
            StartLine::Request { method, uri, .. } => format!("{method} {uri}"),
            StartLine::Response { status, reason, .. } => format!("{status} {reason}"),
            StartLine::Other { line } => clip(line).to_string(),
        }
    }
}

/// Reads a start line; anything that is neither form becomes [`StartLine::Other`].
pub fn parse_start_line(line: &str) -> StartLine {
    let line = line.trim();
    let mut parts = line.splitn(3, ' ');
    let (first, second, third) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if is_sip_version(first) {
        if let Ok(status) = second.parse::<u16>() {
            if second.len() == 3 {
                return StartLine::Response { version: first.to_string(), status, reason: third.trim().to_string() };
            }
        }
    } else if is_token(first) && !first.is_empty() && !second.is_empty() {
        let third = third.trim();
        if is_sip_version(third) {
            return StartLine::Request { method: first.to_string(), uri: second.to_string(), version: third.to_string() };
        }
    }
    StartLine::Other { line: line.to_string() }
}

/// Whether `line` (without its line end) is a SIP request line or status line. Used to find where
/// messages start in text and to tell SIP from other payloads.
pub fn is_start_line(line: &[u8]) -> bool {
    let line = trim_cr(line);
    if let Some(rest) = strip_prefix_ignore_case(line, b"SIP/2.0 ") {
        return rest.len() >= 3 && rest.iter().take(3).all(u8::is_ascii_digit);
    }
    let Some(sp) = line.iter().position(|&b| b == b' ') else {
        return false;
    };
    let (method, rest) = line.split_at(sp);
    if method.is_empty() || !method.iter().all(|&b| is_token_byte(b)) {
        return false;
    }
    let rest = rest.get(1..).unwrap_or_default();
    let Some(sp) = rest.iter().rposition(|&b| b == b' ') else {
        return false;
    };
    let (uri, version) = rest.split_at(sp);
    !uri.is_empty() && !uri.contains(&b' ') && version.get(1..).is_some_and(|v| v.eq_ignore_ascii_case(b"SIP/2.0"))
}

fn is_sip_version(word: &str) -> bool {
    word.len() > 4 && word.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("SIP/"))
}

fn strip_prefix_ignore_case<'a>(bytes: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    let head = bytes.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| bytes.get(prefix.len()..).unwrap_or_default())
}

pub(crate) fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// RFC 3261 `token` characters.
pub(crate) fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-.!%*_+`'~".contains(&b)
}

fn is_token(s: &str) -> bool {
    s.bytes().all(is_token_byte)
}

/// At most 60 characters of a line, for messages.
pub(crate) fn clip(line: &str) -> &str {
    match line.char_indices().nth(60) {
        Some((at, _)) => line.get(..at).unwrap_or(line),
        None => line,
    }
}

/// One line of a text: its content without the line end, and where it sits.
struct Line<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    next: usize,
}

/// Lines ended by LF or CRLF; the last line may have no end.
struct Lines<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        Lines { text, at: 0 }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        let rest = self.text.get(self.at..)?;
        if rest.is_empty() {
            return None;
        }
        let start = self.at;
        let (content_len, next) = match rest.find('\n') {
            Some(nl) => (nl, start + nl + 1),
            None => (rest.len(), self.text.len()),
        };
        let content = rest.get(..content_len).unwrap_or("");
        let content = content.strip_suffix('\r').unwrap_or(content);
        self.at = next;
        Some(Line { text: content, start, end: start + content.len(), next })
    }
}

#[cfg(test)]
mod tests;
