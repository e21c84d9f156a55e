//! Where SIP messages begin and end in a run of bytes.
//!
//! Two situations, two rules:
//!
//! * **Streams** (TCP, and a UDP datagram): the message is its headers, a blank line, and exactly
//!   Content-Length bytes of body ([`measure`]). This is how the PBX itself frames them.
//! * **Text** (logs, exports, pasted messages): line ends may have lost their CR and a log may
//!   cut a message short, so Content-Length is a guide, not the law. [`split_text`] finds start
//!   lines, reads headers to the blank line, takes Content-Length bytes of body but stops early at
//!   a line the caller calls a boundary (the next log entry) or at the next start line, and says
//!   by how many bytes a body falls short of its Content-Length (allowing one lost CR per line).
//!
//! Both scan every byte a bounded number of times: linear in the input.

use crate::model::Span;
use crate::sip::{is_start_line, trim_cr};

/// The Content-Length of a header block, if it has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContentLength {
    Missing,
    Bytes(usize),
    /// Written but not a number (or absurdly large).
    Unreadable,
}

/// Reads the first `Content-Length` (or compact `l`) header among header lines.
pub fn content_length(head: &[u8]) -> ContentLength {
    for line in head.split(|&b| b == b'\n') {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let (name, value) = line.split_at(colon);
        let name = name.trim_ascii();
        if name.eq_ignore_ascii_case(b"content-length") || name.eq_ignore_ascii_case(b"l") {
            let value = value.get(1..).unwrap_or_default().trim_ascii();
            return match std::str::from_utf8(value).ok().and_then(|v| v.parse::<u32>().ok()) {
                Some(n) => ContentLength::Bytes(n as usize),
                None => ContentLength::Unreadable,
            };
        }
    }
    ContentLength::Missing
}

/// The offset just past the blank line that ends the headers (`\r\n\r\n`, `\n\n` or a mix),
/// searching from `from` (pass how far a previous search got, to stay linear as data arrives).
pub fn head_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from.saturating_sub(3);
    while let Some(nl) = bytes.get(at..)?.iter().position(|&b| b == b'\n') {
        let after = at + nl + 1;
        match bytes.get(after..) {
            Some([b'\n', ..]) => return Some(after + 1),
            Some([b'\r', b'\n', ..]) => return Some(after + 2),
            _ => at = after,
        }
    }
    None
}

/// How a stream's next message measures up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// A whole message of this many bytes is there.
    Complete { len: usize, content_length: ContentLength },
    /// More bytes are needed; headers were searched up to `scanned`.
    Incomplete { scanned: usize },
    /// The headers are complete; the message will be `len` bytes once its body is there.
    AwaitingBody { len: usize },
    /// The message would be larger than the limit.
    TooLarge { claimed: usize },
}

/// Measures the message at the start of `bytes` (a stream's unread data, keep-alives already
/// skipped). A missing Content-Length counts as 0 (RFC 3261 requires it on streams).
pub fn measure(bytes: &[u8], scanned: usize, max: usize) -> Measure {
    let Some(head) = head_end(bytes, scanned) else {
        if bytes.len() > max {
            return Measure::TooLarge { claimed: bytes.len() };
        }
        return Measure::Incomplete { scanned: bytes.len() };
    };
    let declared = content_length(bytes.get(..head).unwrap_or_default());
    let body = match declared {
        ContentLength::Bytes(n) => n,
        _ => 0,
    };
    let len = head.saturating_add(body);
    if len > max {
        return Measure::TooLarge { claimed: len };
    }
    if bytes.len() < len {
        return Measure::AwaitingBody { len };
    }
    Measure::Complete { len, content_length: declared }
}

/// A message found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextPiece {
    /// The message's bytes in the buffer given to [`split_text`].
    pub span: Span,
    /// The declared Content-Length when the body is shorter than it, even allowing one lost CR per
    /// line: the message was cut.
    pub short_of: Option<usize>,
}

/// What [`split_text`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextPieces {
    pub messages: Vec<TextPiece>,
    /// Text that was neither blank nor part of a message.
    pub skipped: Vec<Span>,
}

/// One line of a buffer: its content (line end excluded) and where the next one starts.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    end: usize,
    next: usize,
}

fn line_at(buf: &[u8], start: usize) -> Option<Line> {
    let rest = buf.get(start..).filter(|r| !r.is_empty())?;
    let (end, next) = match rest.iter().position(|&b| b == b'\n') {
        Some(nl) => (start + nl, start + nl + 1),
        None => (buf.len(), buf.len()),
    };
    let content = buf.get(start..end).unwrap_or_default();
    Some(Line { start, end: start + trim_cr(content).len(), next })
}

/// Finds the SIP messages in a text buffer. `is_boundary` tells lines that end any message (the
/// next log entry); start lines end a message too, except as the first line of its body (a
/// `message/sipfrag` body starts with a status line).
pub fn split_text(buf: &[u8], is_boundary: &dyn Fn(&[u8]) -> bool) -> TextPieces {
    let mut found = TextPieces::default();
    let mut at = 0;
    while let Some(line) = line_at(buf, at) {
        let content = buf.get(line.start..line.end).unwrap_or_default();
        if content.trim_ascii().is_empty() {
            at = line.next;
            continue;
        }
        if !is_start_line(content) {
            match found.skipped.last_mut() {
                Some(last) if last.end == line.start => last.end = line.next,
                _ => found.skipped.push(Span::new(line.start, line.next)),
            }
            at = line.next;
            continue;
        }
        let piece = read_message(buf, line, is_boundary);
        at = piece.span.end.max(line.next);
        found.messages.push(piece);
    }
    found
}

/// Reads one message whose start line is `first`.
fn read_message(buf: &[u8], first: Line, is_boundary: &dyn Fn(&[u8]) -> bool) -> TextPiece {
    // Headers: to the blank line, or to a line that cannot belong to this message.
    let mut at = first.next;
    let mut body_start = None;
    let mut head_stop = buf.len();
    let mut declared = ContentLength::Missing;
    while let Some(line) = line_at(buf, at) {
        let content = buf.get(line.start..line.end).unwrap_or_default();
        if content.is_empty() {
            body_start = Some(line.next);
            break;
        }
        if is_boundary(content) || is_start_line(content) {
            head_stop = line.start;
            break;
        }
        if declared == ContentLength::Missing {
            declared = content_length(content);
        }
        at = line.next;
    }
    let Some(body_start) = body_start else {
        let end = head_stop.min(buf.len()).max(first.start);
        return TextPiece { span: Span::new(first.start, end), short_of: None };
    };
    let wanted = match declared {
        ContentLength::Bytes(n) => Some(n),
        _ => None,
    };
    let window_end = wanted.map_or(buf.len(), |n| body_start.saturating_add(n).min(buf.len()));
    // The body: up to the window's end, unless a boundary or a later start line comes first.
    let mut end = window_end;
    let mut cut = false;
    let mut at = body_start;
    while let Some(line) = line_at(buf, at) {
        if line.start >= window_end {
            break;
        }
        let content = buf.get(line.start..line.end).unwrap_or_default();
        if is_boundary(content) || (line.start > body_start && is_start_line(content)) {
            end = line.start;
            cut = true;
            break;
        }
        at = line.next;
    }
    if cut || wanted.is_none() {
        end = trim_blank_tail(buf, body_start, end);
    }
    let short_of = wanted.filter(|&n| {
        let body = buf.get(body_start..end).unwrap_or_default();
        let lost_crs = if body.contains(&b'\r') { 0 } else { body.iter().filter(|&&b| b == b'\n').count() };
        body.len() + lost_crs < n
    });
    TextPiece { span: Span::new(first.start, end), short_of }
}

/// Moves `end` back over trailing blank lines (separators between log entries), keeping the line
/// end of the last line that has content.
fn trim_blank_tail(buf: &[u8], start: usize, end: usize) -> usize {
    let body = buf.get(start..end).unwrap_or_default();
    let Some(last) = body.iter().rposition(|b| !b.is_ascii_whitespace()) else {
        return start;
    };
    let rest = body.get(last + 1..).unwrap_or_default();
    let keep = match rest {
        [b'\r', b'\n', ..] => 2,
        [b'\n', ..] => 1,
        _ => 0,
    };
    start + last + 1 + keep
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_boundary(_: &[u8]) -> bool {
        false
    }

    #[test]
    fn content_length_reads_full_and_compact_names() {
        assert_eq!(content_length(b"INVITE x SIP/2.0\r\nContent-Length:  12\r\n"), ContentLength::Bytes(12));
        assert_eq!(content_length(b"l: 7\n"), ContentLength::Bytes(7));
        assert_eq!(content_length(b"CONTENT-LENGTH : x\n"), ContentLength::Unreadable);
        assert_eq!(content_length(b"Via: l: 3\n"), ContentLength::Missing);
    }

    #[test]
    fn head_end_finds_crlf_lf_and_mixed_blank_lines() {
        assert_eq!(head_end(b"A\r\nB\r\n\r\nbody", 0), Some(8));
        assert_eq!(head_end(b"A\nB\n\nbody", 0), Some(5));
        assert_eq!(head_end(b"A\r\n\nbody", 0), Some(4));
        assert_eq!(head_end(b"A\r\nB\r\n", 0), None);
        // Resuming after a partial search still finds a blank line split across the two.
        assert_eq!(head_end(b"A\r\nB\r\n\r\n", 6), Some(8));
    }

    #[test]
    fn measure_waits_for_the_body_and_refuses_giants() {
        let msg = b"SIP/2.0 200 OK\r\nContent-Length: 4\r\n\r\nabcdXYZ";
        assert_eq!(measure(msg, 0, 1000), Measure::Complete { len: 41, content_length: ContentLength::Bytes(4) });
        assert_eq!(measure(&msg[..40], 0, 1000), Measure::AwaitingBody { len: 41 });
        assert_eq!(measure(&msg[..20], 0, 1000), Measure::Incomplete { scanned: 20 });
        assert_eq!(measure(b"SIP/2.0 200 OK\r\nl: 99999\r\n\r\n", 0, 1000), Measure::TooLarge { claimed: 100_027 });
    }

    #[test]
    fn split_text_takes_content_length_and_allows_lost_crs() {
        let text = b"junk\nOPTIONS sip:a SIP/2.0\nContent-Length: 6\n\nab\ncd\n\nSIP/2.0 200 OK\nl: 0\n\n";
        let found = split_text(text, &no_boundary);
        assert_eq!(found.skipped, vec![Span::new(0, 5)]);
        let spans: Vec<_> = found.messages.iter().map(|m| m.span).collect();
        assert_eq!(spans, vec![Span::new(5, 52), Span::new(53, 74)]);
        assert!(found.messages.iter().all(|m| m.short_of.is_none()));
    }

    #[test]
    fn split_text_reports_a_body_cut_short() {
        let text = b"MESSAGE sip:a SIP/2.0\r\nContent-Length: 100\r\n\r\nhello\r\n";
        let found = split_text(text, &no_boundary);
        assert_eq!(found.messages[0].short_of, Some(100));
        assert_eq!(found.messages[0].span, Span::new(0, text.len()));
    }

    #[test]
    fn a_sipfrag_body_is_not_taken_for_a_new_message() {
        let text = b"NOTIFY sip:a SIP/2.0\r\nContent-Type: message/sipfrag\r\nContent-Length: 21\r\n\r\nSIP/2.0 180 Ringing\r\n";
        let found = split_text(text, &no_boundary);
        assert_eq!(found.messages.len(), 1);
        assert_eq!(found.messages[0].span, Span::new(0, text.len()));
    }
}
