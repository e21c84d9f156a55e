//! sngrep's "save as .txt" export.
//!
//! The format, as sngrep's source writes it (`save_msg_txt`; established from the source, no
//! sample file was at hand): for each message, a header line
//! `2024/12/03 14:07:49.123456 10.0.0.1:5060 -> 10.0.0.2:5060` (local date, time with
//! microseconds, source, destination; an IPv6 address is written without brackets, so its last
//! `:` starts the port), then the SIP payload, then a blank line.
//!
//! sngrep writes the messages dialog by dialog, not in time order, so they are put back in time
//! order here (stable, so equal times keep the file's order). The export names no transport;
//! the top Via's is used. Direction is inferred from the addresses like a capture's.

use crate::framing;
use crate::model::{NoteKind, Span, Timestamp, Trace, TraceNote};
use crate::text::time::parse_time;
use crate::text::{lines, message, parse_endpoint, Meta};

/// A header line's facts: time, source, destination.
pub fn parse_header(line: &[u8]) -> Option<(Timestamp, crate::model::Endpoint, crate::model::Endpoint)> {
    let text = std::str::from_utf8(line).ok()?;
    if text.as_bytes().get(4) != Some(&b'/') {
        return None;
    }
    let (time, used) = parse_time(text)?;
    let rest = text.get(used..)?.trim();
    let (source, destination) = rest.split_once(" -> ")?;
    Some((time, parse_endpoint(source)?, parse_endpoint(destination)?))
}

pub fn read(input: &[u8], trace: &mut Trace) {
    let headers: Vec<_> = lines(input).filter_map(|line| Some((line, parse_header(line.text(input))?))).collect();
    let first_message = trace.messages.len();
    for (n, (line, (time, source, destination))) in headers.iter().enumerate() {
        let end = headers.get(n + 1).map_or(input.len(), |(next, _)| next.start);
        let region = Span::new(line.next.min(end), end);
        let bytes = input.get(region.start..region.end).unwrap_or_default();
        let found = framing::split_text(bytes, &|l| parse_header(l).is_some());
        for piece in &found.messages {
            let span = Span::new(region.start + piece.span.start, region.start + piece.span.end);
            let meta = Meta { source: Some(*source), destination: Some(*destination), timestamp: Some(time.clone()), ..Meta::default() };
            let text = bytes.get(piece.span.start..piece.span.end).unwrap_or_default();
            trace.messages.push(message(text, span, meta));
            if let Some(declared) = piece.short_of {
                trace.notes.push(
                    TraceNote::new(
                        NoteKind::Truncated,
                        format!("message truncated at byte {}: its Content-Length is {declared}", span.end),
                    )
                    .at(span),
                );
            }
        }
    }
    // Dialog by dialog in the file; time order in the trace.
    if let Some(messages) = trace.messages.get_mut(first_message..) {
        messages.sort_by_key(|m| m.timestamp.as_ref().and_then(|t| t.nanos));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_with_ipv4_and_bare_ipv6() {
        let (time, src, dst) = parse_header(b"2024/12/03 14:07:49.123456 10.0.0.1:5060 -> 10.0.0.2:5080").unwrap();
        assert_eq!(time.text.as_deref(), Some("2024/12/03 14:07:49.123456"));
        assert_eq!(src.to_string(), "10.0.0.1:5060");
        assert_eq!(dst.to_string(), "10.0.0.2:5080");
        let (_, src, _) = parse_header(b"2024/12/03 14:07:49.123456 2001:db8::1:5060 -> 2001:db8::2:5060").unwrap();
        assert_eq!(src.to_string(), "[2001:db8::1]:5060");
        assert!(parse_header(b"2024-12-03 14:07:49 1.2.3.4:5 -> 1.2.3.5:6").is_none());
        assert!(parse_header(b"2024/12/03 14:07:49 hello").is_none());
    }
}
