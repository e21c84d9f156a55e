//! Text traces: Asterisk's `pjsip set logger on` output, SIPp's `-trace_msg` log, sngrep's `.txt`
//! export, and SIP messages pasted alone.
//!
//! The input stays bytes (a log may hold text that is not UTF-8), so every span is a byte span of
//! the input. [`detect`] looks for each format's marker lines in a fixed order — Asterisk's
//! `<--- Received SIP` / `<--- Transmitting SIP`, SIPp's dashed separator followed by
//! `message sent` / `message received`, sngrep's `date time src -> dst` line — and falls back to
//! pasted messages when a SIP start line is found at all.

pub mod asterisk;
pub mod raw;
pub mod sipp;
pub mod sngrep;
pub mod time;

use crate::model::{Direction, Endpoint, Span, Timestamp, TraceFormat, TraceMessage, Transport};
use crate::sip::{is_start_line, SipMessage};

/// Which text format `input` is, or [`TraceFormat::Unknown`] when no SIP is found.
pub fn detect(input: &[u8]) -> TraceFormat {
    let mut raw = false;
    let mut previous_was_sipp_separator = false;
    for line in lines(input) {
        let text = line.text(input);
        if asterisk::find_marker(text).is_some() {
            return TraceFormat::AsteriskLogger;
        }
        if previous_was_sipp_separator && sipp::parse_event(text).is_some() {
            return TraceFormat::Sipp;
        }
        previous_was_sipp_separator = sipp::is_separator(text);
        if sngrep::parse_header(text).is_some() {
            return TraceFormat::Sngrep;
        }
        raw = raw || is_start_line(text);
    }
    if raw {
        TraceFormat::RawSip
    } else {
        TraceFormat::Unknown
    }
}

/// A line of the input: `start..end` is its content without the line end; `next` is where the
/// following line starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextLine {
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

impl TextLine {
    pub fn text(self, input: &[u8]) -> &[u8] {
        input.get(self.start..self.end).unwrap_or_default()
    }
}

/// The lines of `input` from `start`, LF or CRLF ended.
pub fn lines_from(input: &[u8], start: usize) -> impl Iterator<Item = TextLine> + '_ {
    let mut at = start;
    std::iter::from_fn(move || {
        let rest = input.get(at..).filter(|r| !r.is_empty())?;
        let start = at;
        let (end, next) = match rest.iter().position(|&b| b == b'\n') {
            Some(nl) => (start + nl, start + nl + 1),
            None => (input.len(), input.len()),
        };
        at = next;
        let content = input.get(start..end).unwrap_or_default();
        let end = start + content.strip_suffix(b"\r").unwrap_or(content).len();
        Some(TextLine { start, end, next })
    })
}

pub fn lines(input: &[u8]) -> impl Iterator<Item = TextLine> + '_ {
    lines_from(input, 0)
}

/// Whether `needle` occurs in `haystack`, and where first.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Reads `ip:port`, `[ipv6]:port`, or (sngrep) a bare IPv6 address whose last `:` starts the port.
pub fn parse_endpoint(text: &str) -> Option<Endpoint> {
    let text = text.trim();
    let (ip, port) = if let Some(rest) = text.strip_prefix('[') {
        let (ip, after) = rest.split_once(']')?;
        (ip, after.strip_prefix(':')?)
    } else {
        text.rsplit_once(':')?
    };
    Some(Endpoint { ip: ip.parse().ok()?, port: port.parse().ok()? })
}

/// What a text reader knows about one message besides its bytes.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub direction: Direction,
    pub transport: Transport,
    pub source: Option<Endpoint>,
    pub destination: Option<Endpoint>,
    pub timestamp: Option<Timestamp>,
}

/// A trace message read from `bytes`, found at `span` of the input.
pub fn message(bytes: &[u8], span: Span, meta: Meta) -> TraceMessage {
    TraceMessage {
        index: 0,
        direction: meta.direction,
        transport: meta.transport,
        source: meta.source,
        destination: meta.destination,
        timestamp: meta.timestamp,
        input_span: Some(span),
        frame: None,
        sip: SipMessage::parse(String::from_utf8_lossy(bytes).into_owned()),
        exchange: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_in_every_written_form() {
        let v4 = parse_endpoint("203.0.113.5:5060").unwrap();
        assert_eq!(v4.to_string(), "203.0.113.5:5060");
        let v6 = parse_endpoint("[2001:db8::1]:5061").unwrap();
        assert_eq!(v6.to_string(), "[2001:db8::1]:5061");
        let bare = parse_endpoint("2001:db8::1:5060").unwrap();
        assert_eq!(bare.to_string(), "[2001:db8::1]:5060");
        assert_eq!(parse_endpoint("pbx.example.com:5060"), None);
        assert_eq!(parse_endpoint("1.2.3.4"), None);
    }

    #[test]
    fn detection_prefers_the_most_specific_format() {
        assert_eq!(detect(b""), TraceFormat::Unknown);
        assert_eq!(detect(b"hello\nworld"), TraceFormat::Unknown);
        assert_eq!(detect(b"OPTIONS sip:a SIP/2.0\r\n\r\n"), TraceFormat::RawSip);
        assert_eq!(
            detect(b"<--- Received SIP request (3 bytes) from UDP:1.2.3.4:5060 --->\nOPTIONS sip:a SIP/2.0\n"),
            TraceFormat::AsteriskLogger
        );
        assert_eq!(
            detect(b"----------------------------------------------- 2024-12-03 14:07:49.123456\nUDP message sent (10 bytes):\n\nOPTIONS sip:a SIP/2.0\n"),
            TraceFormat::Sipp
        );
        assert_eq!(detect(b"2024/12/03 14:07:49.123456 10.0.0.1:5060 -> 10.0.0.2:5060\nOPTIONS sip:a SIP/2.0\n"), TraceFormat::Sngrep);
    }
}
