//! SIPp's message log (`-trace_msg`, the `*_messages.log` file).
//!
//! The format, as SIPp's source writes it (established from its `socket.cpp`/`call.cpp`; no
//! sample log was at hand): every event is a separator line of dashes followed by a time, then
//! an event line, a blank line and the message:
//!
//! ```text
//! ----------------------------------------------- 2024-12-03 14:07:49.123456
//! UDP message sent (532 bytes):
//!
//! INVITE sip:100@192.0.2.10:5060 SIP/2.0
//! …
//! ----------------------------------------------- 2024-12-03 14:07:49.125000
//! UDP message received [345] bytes :
//!
//! SIP/2.0 100 Trying
//! ```
//!
//! The transport word is `UDP`, `TCP`, `TLS` or `SCTP`; 3PCC control traffic says
//! `message sent`/`received` after `control `. Older SIPp versions wrote the time without
//! microseconds. The log names no addresses. A received TCP read may hold several messages; they
//! are split by Content-Length.
//!
//! Direction: SIPp is the phone or trunk testing the PBX, so what SIPp sent the PBX received, and
//! what SIPp received the PBX transmitted. A note says so once.

use crate::framing;
use crate::model::{Direction, NoteKind, Span, Trace, TraceNote, Transport};
use crate::text::time::parse_time;
use crate::text::{lines, message, Meta, TextLine};

/// An event line's facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    pub sent: bool,
    pub transport: Transport,
    pub bytes: Option<usize>,
}

/// Whether a line is SIPp's separator (at least 20 dashes, then perhaps a time).
pub fn is_separator(line: &[u8]) -> bool {
    line.len() >= 20 && line.iter().take(20).all(|&b| b == b'-')
}

/// Reads `UDP message sent (532 bytes):` or `TCP message received [345] bytes :`.
pub fn parse_event(line: &[u8]) -> Option<Event> {
    let text = std::str::from_utf8(line).ok()?.trim();
    let (transport, rest) = text.split_once(' ')?;
    let rest = rest.strip_prefix("control ").unwrap_or(rest);
    if let Some(rest) = rest.strip_prefix("message sent (") {
        let (count, _) = rest.split_once(" bytes)")?;
        return Some(Event { sent: true, transport: Transport::from_name(transport), bytes: count.trim().parse().ok() });
    }
    let rest = rest.strip_prefix("message received [")?;
    let (count, _) = rest.split_once("] bytes")?;
    Some(Event { sent: false, transport: Transport::from_name(transport), bytes: count.trim().parse().ok() })
}

pub fn read(input: &[u8], trace: &mut Trace) {
    let all: Vec<TextLine> = lines(input).collect();
    let mut i = 0;
    while let Some(&line) = all.get(i) {
        i += 1;
        let text = line.text(input);
        if !is_separator(text) {
            continue;
        }
        let Some(event) = all.get(i).and_then(|l| parse_event(l.text(input))) else {
            continue;
        };
        let event_line = all.get(i).copied().unwrap_or(line);
        i += 1;
        // The block runs to the next separator.
        let mut end = input.len();
        while let Some(l) = all.get(i) {
            if is_separator(l.text(input)) {
                end = l.start;
                break;
            }
            i += 1;
        }
        let stamp = String::from_utf8_lossy(text);
        let timestamp = parse_time(stamp.trim_start_matches('-').trim()).map(|(t, _)| t);
        let region = Span::new(event_line.next.min(end), end);
        read_block(input, region, event, timestamp.as_ref(), trace);
    }
    trace.notes.push(TraceNote::new(
        NoteKind::Assumption,
        "SIPp's log names no addresses; SIPp is taken to be the phone or trunk, so what it sent the PBX received",
    ));
}

fn read_block(input: &[u8], region: Span, event: Event, timestamp: Option<&crate::model::Timestamp>, trace: &mut Trace) {
    let bytes = input.get(region.start..region.end).unwrap_or_default();
    let found = framing::split_text(bytes, &|l| is_separator(l));
    for piece in &found.messages {
        let span = Span::new(region.start + piece.span.start, region.start + piece.span.end);
        let meta = Meta {
            direction: if event.sent { Direction::Received } else { Direction::Transmitted },
            transport: event.transport,
            source: None,
            destination: None,
            timestamp: timestamp.cloned(),
        };
        let index = trace.messages.len();
        let body = bytes.get(piece.span.start..piece.span.end).unwrap_or_default();
        trace.messages.push(message(body, span, meta));
        if let Some(declared) = piece.short_of {
            let mut note =
                TraceNote::new(NoteKind::Truncated, format!("message truncated at byte {}: its Content-Length is {declared}", span.end))
                    .at(span);
            note.message = Some(index);
            trace.notes.push(note);
        }
    }
    for skipped in &found.skipped {
        trace.notes.push(
            TraceNote::new(NoteKind::Skipped, "text in a SIPp event that is not SIP was skipped")
                .at(Span::new(region.start + skipped.start, region.start + skipped.end)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_lines_old_and_new() {
        assert_eq!(parse_event(b"UDP message sent (532 bytes):"), Some(Event { sent: true, transport: Transport::Udp, bytes: Some(532) }));
        assert_eq!(
            parse_event(b"TCP message received [345] bytes :"),
            Some(Event { sent: false, transport: Transport::Tcp, bytes: Some(345) })
        );
        assert_eq!(parse_event(b"TLS control message received [10] bytes :").map(|e| e.transport), Some(Transport::Tls));
        assert_eq!(parse_event(b"UDP message lost"), None);
        assert!(is_separator(b"----------------------------------------------- 2024-12-03 14:07:49.123456"));
        assert!(!is_separator(b"-- Executing"));
    }
}
