//! Asterisk's `pjsip set logger on` text.
//!
//! Facts from `res/res_pjsip_logger.c` (Asterisk 22.10.1) and the logger it writes through:
//!
//! * Each message is one verbose log entry: a marker line
//!   `<--- Received SIP request (N bytes) from UDP:203.0.113.5:5060 --->` (or
//!   `Transmitting SIP response (N bytes) to TLS:[2001:db8::1]:5061`), then the message exactly as
//!   on the wire (CRLF line ends, N bytes), then one extra line end. The address is the far end:
//!   the source of what was received, the destination of what was sent. The transport is PJSIP's
//!   type name: `UDP`, `TCP`, `TLS`, `WS`, `WSS` (IPv6 transports print the same names).
//! * In a log file the entry's first line carries the channel prefix
//!   `[Dec  3 14:07:49] VERBOSE[1234][C-00000001] res_pjsip_logger.c: ` and the following lines
//!   none. On a console with timestamps every line starts with `[date] `. Without timestamps the
//!   lines are bare. The date's shape follows `logger.conf`'s `dateformat`.
//! * syslog receives the entry as one line; rsyslog writes its line ends as `#012`.
//!
//! The reader finds every marker, takes the message that follows (headers to the blank line,
//! Content-Length bytes of body, stopping early at the next log entry), and reports a message
//! shorter than the N bytes announced.

use crate::model::{Direction, NoteKind, Span, Trace, TraceNote, Transport};
use crate::text::time::parse_time;
use crate::text::{find, lines, lines_from, message, parse_endpoint, Meta, TextLine};
use crate::{framing, model::Endpoint};

/// A marker line's facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    /// Where `<---` starts in the line.
    pub at: usize,
    /// Where the text after `--->` starts in the line.
    pub end: usize,
    pub direction: Direction,
    pub request: bool,
    /// The size announced in `(N bytes)`.
    pub bytes: Option<usize>,
    pub transport: Transport,
    pub peer: Option<Endpoint>,
}

const RECEIVED: &[u8] = b"<--- Received SIP ";
const TRANSMITTING: &[u8] = b"<--- Transmitting SIP ";

/// Finds and reads a logger marker in a line.
pub fn find_marker(line: &[u8]) -> Option<Marker> {
    let arrow = find(line, b"<--- ")?;
    let rest = line.get(arrow..)?;
    let (direction, after) = if rest.starts_with(RECEIVED) {
        (Direction::Received, RECEIVED.len())
    } else if rest.starts_with(TRANSMITTING) {
        (Direction::Transmitted, TRANSMITTING.len())
    } else {
        // Another arrow earlier in the line (unlikely); look further on.
        let next = find_marker(line.get(arrow + 5..)?)?;
        return Some(Marker { at: next.at + arrow + 5, end: next.end + arrow + 5, ..next });
    };
    let text = String::from_utf8_lossy(rest.get(after..)?);
    let close = text.find(" --->")?;
    let fields = text.get(..close)?;
    let (kind, fields) = fields.split_once(" (")?;
    let request = match kind {
        "request" => true,
        "response" => false,
        _ => return None,
    };
    let (count, fields) = fields.split_once(" bytes) ")?;
    let (_, address) = fields.split_once(' ')?; // "from" or "to"
    let (transport, peer) = address.split_once(':').unwrap_or((address, ""));
    // The text was converted lossily; find the end in bytes from the original.
    let end = arrow + after + find(rest.get(after..)?, b" --->")? + 5;
    Some(Marker {
        at: arrow,
        end,
        direction,
        request,
        bytes: count.trim().parse().ok(),
        transport: Transport::from_name(transport),
        peer: parse_endpoint(peer),
    })
}

/// How the lines after a marker are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// Bare lines (log file, console without timestamps).
    Bare,
    /// Every line starts with `[date] ` (console with timestamps).
    Stamped,
    /// The whole entry is on the marker's line, line ends written `#012` (syslog).
    Syslog,
}

/// Reads every logged message.
pub fn read(input: &[u8], trace: &mut Trace) {
    let mut markers = lines(input).filter_map(|line| {
        let marker = find_marker(line.text(input))?;
        Some((line, marker))
    });
    let mut current = markers.next();
    while let Some((line, marker)) = current {
        let next = markers.next();
        // The entry runs to the next marker line (exclusive) or the end of the input.
        let region_end = next.as_ref().map_or(input.len(), |(l, _)| l.start);
        read_entry(input, line, &marker, region_end, trace);
        current = next;
    }
}

fn read_entry(input: &[u8], line: TextLine, marker: &Marker, region_end: usize, trace: &mut Trace) {
    let text = line.text(input);
    let prefix = text.get(..marker.at).unwrap_or_default();
    let after = text.get(marker.end..).unwrap_or_default();
    let layout = if find(after, b"#012").is_some() {
        Layout::Syslog
    } else if is_stamp_only(prefix) {
        Layout::Stamped
    } else {
        Layout::Bare
    };
    let meta = Meta {
        direction: marker.direction,
        transport: marker.transport,
        source: (marker.direction == Direction::Received).then_some(marker.peer).flatten(),
        destination: (marker.direction == Direction::Transmitted).then_some(marker.peer).flatten(),
        timestamp: prefix_time(prefix),
    };
    let region = Span::new(line.next.min(region_end), region_end);
    let (buffer, map) = match layout {
        Layout::Bare => (Vec::new(), OffsetMap::Identity(region.start)),
        Layout::Stamped => unstamp(input, region),
        Layout::Syslog => {
            let start = line.start + marker.end;
            (unescape_syslog(after), OffsetMap::Whole(Span::new(start, line.end)))
        }
    };
    let bytes: &[u8] = match layout {
        Layout::Bare => input.get(region.start..region.end).unwrap_or_default(),
        _ => &buffer,
    };
    let found = framing::split_text(bytes, &|l| is_log_line(l));
    let Some(piece) = found.messages.first() else {
        trace.notes.push(
            TraceNote::new(NoteKind::Skipped, format!("no SIP message follows the logger line at byte {}", line.start))
                .at(Span::new(line.start, line.end)),
        );
        return;
    };
    if let Some(skipped) = found.skipped.first().filter(|s| s.end <= piece.span.start) {
        trace
            .notes
            .push(TraceNote::new(NoteKind::Skipped, "text between a logger line and its message was skipped").at(map.span(*skipped)));
    }
    let span = map.span(piece.span);
    let message_bytes = bytes.get(piece.span.start..piece.span.end).unwrap_or_default();
    let index = trace.messages.len();
    trace.messages.push(message(message_bytes, span, meta));
    let announced = marker.bytes.unwrap_or(0);
    let lost_crs = if message_bytes.contains(&b'\r') { 0 } else { message_bytes.iter().filter(|&&b| b == b'\n').count() };
    if piece.short_of.is_some() || message_bytes.len() + lost_crs + 1 < announced {
        let mut note = TraceNote::new(
            NoteKind::Truncated,
            format!(
                "message truncated at byte {}: the logger announced {announced} bytes, the text holds {}",
                span.end,
                message_bytes.len()
            ),
        )
        .at(span);
        note.message = Some(index);
        trace.notes.push(note);
    }
}

/// Where the bytes given to the framer sit in the input.
enum OffsetMap {
    /// The buffer is the input from this offset.
    Identity(usize),
    /// Lines with their stamps removed: for each kept line, (offset in buffer, offset in input).
    Lines(Vec<(usize, usize)>),
    /// The buffer was decoded from this input span; offsets inside it are not kept.
    Whole(Span),
}

impl OffsetMap {
    fn offset(&self, at: usize) -> usize {
        match self {
            OffsetMap::Identity(base) => base + at,
            OffsetMap::Lines(lines) => {
                let i = lines.partition_point(|&(buf, _)| buf <= at);
                match i.checked_sub(1).and_then(|i| lines.get(i)) {
                    Some(&(buf, input)) => input + (at - buf),
                    None => at,
                }
            }
            OffsetMap::Whole(span) => span.start,
        }
    }

    fn span(&self, span: Span) -> Span {
        match self {
            OffsetMap::Whole(whole) => *whole,
            _ => Span::new(self.offset(span.start), self.offset(span.end)),
        }
    }
}

/// Copies the region's lines without their leading `[date] ` stamps.
fn unstamp(input: &[u8], region: Span) -> (Vec<u8>, OffsetMap) {
    let mut buffer = Vec::with_capacity(region.len());
    let mut map = Vec::new();
    for line in lines_from(input, region.start) {
        if line.start >= region.end {
            break;
        }
        let whole = input.get(line.start..line.next.min(region.end)).unwrap_or_default();
        let skip = stamp_len(whole);
        map.push((buffer.len(), line.start + skip));
        buffer.extend_from_slice(whole.get(skip..).unwrap_or_default());
    }
    (buffer, OffsetMap::Lines(map))
}

/// The length of a leading `[date] ` stamp, 0 if the line has none.
fn stamp_len(line: &[u8]) -> usize {
    let Some(inner) = line.strip_prefix(b"[") else {
        return 0;
    };
    let Some(close) = inner.iter().take(64).position(|&b| b == b']') else {
        return 0;
    };
    let inside = String::from_utf8_lossy(inner.get(..close).unwrap_or_default());
    if parse_time(&inside).is_none() {
        return 0;
    }
    let used = close + 2;
    used + usize::from(line.get(used) == Some(&b' '))
}

/// Whether a marker's prefix is a console timestamp alone (with perhaps a verbose prefix after).
fn is_stamp_only(prefix: &[u8]) -> bool {
    let skip = stamp_len(prefix);
    skip > 0 && prefix.get(skip..).unwrap_or_default().iter().all(|&b| b == b' ' || b == b'-' || b == b'=' || b == b'>')
}

/// The time written at the start of a marker's prefix (`[date] …` or syslog's `date host …`).
fn prefix_time(prefix: &[u8]) -> Option<crate::model::Timestamp> {
    let text = String::from_utf8_lossy(prefix);
    let text = text.trim_start();
    let text = text.strip_prefix('[').unwrap_or(text);
    parse_time(text).map(|(t, _)| t)
}

fn unescape_syslog(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut at = 0;
    while let Some(&b) = text.get(at) {
        let escape = match text.get(at..at + 4) {
            Some(b"#012") => Some(b'\n'),
            Some(b"#015") => Some(b'\r'),
            Some(b"#011") => Some(b'\t'),
            _ => None,
        };
        match escape {
            Some(c) => {
                out.push(c);
                at += 4;
            }
            None => {
                out.push(b);
                at += 1;
            }
        }
    }
    // The entry began right after the marker's `--->`.
    let start = out.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(out.len());
    out.split_off(start)
}

/// Whether a line is another log entry (so it ends a message): a logger marker, a log file line
/// (`[date] LEVEL[…`), a console verbose line (`  == `, `    -- `, `       > `), a CLI prompt.
pub fn is_log_line(line: &[u8]) -> bool {
    if find_marker(line).is_some() {
        return true;
    }
    let after_stamp = line.get(stamp_len(line)..).unwrap_or_default();
    if stamp_len(line) > 0 && after_stamp.first().is_some_and(u8::is_ascii_uppercase) {
        // `[date] VERBOSE[123]…`, `[date] NOTICE[…`: a level word and a bracket.
        let word = after_stamp.iter().take_while(|b| b.is_ascii_uppercase()).count();
        if after_stamp.get(word) == Some(&b'[') {
            return true;
        }
    }
    let spaces = after_stamp.iter().take_while(|&&b| b == b' ').count();
    let rest = after_stamp.get(spaces..).unwrap_or_default();
    if spaces >= 2 && (rest.starts_with(b"== ") || rest.starts_with(b"-- ") || rest.starts_with(b"> ")) {
        return true;
    }
    find(line.get(..line.len().min(40)).unwrap_or_default(), b"CLI> ").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_in_every_shape() {
        let m = find_marker(b"<--- Received SIP request (812 bytes) from UDP:203.0.113.5:5060 --->").unwrap();
        assert_eq!(m.direction, Direction::Received);
        assert!(m.request);
        assert_eq!(m.bytes, Some(812));
        assert_eq!(m.transport, Transport::Udp);
        assert_eq!(m.peer.unwrap().to_string(), "203.0.113.5:5060");
        let m = find_marker(
            b"[Dec  3 14:07:49] VERBOSE[1234][C-00000001] res_pjsip_logger.c: <--- Transmitting SIP response (540 bytes) to TLS:[2001:db8::1]:5061 --->",
        )
        .unwrap();
        assert_eq!(m.direction, Direction::Transmitted);
        assert!(!m.request);
        assert_eq!(m.transport, Transport::Tls);
        assert_eq!(m.peer.unwrap().to_string(), "[2001:db8::1]:5061");
        assert_eq!(m.at, 64);
        assert!(find_marker(b"<--- Something else --->").is_none());
        assert!(find_marker(b"<--- Received SIP request (").is_none());
    }

    #[test]
    fn log_lines_end_messages_but_sdp_and_headers_do_not() {
        assert!(is_log_line(b"[Dec  3 14:07:49] NOTICE[1234] chan_pjsip.c: hello"));
        assert!(is_log_line(b"    -- Executing [100@default:1] Dial"));
        assert!(is_log_line(b"[2024-12-03 14:07:49.123]   == Using SIP RTP CoS mark 5"));
        assert!(is_log_line(b"pbx*CLI> pjsip set logger on"));
        assert!(!is_log_line(b"v=0"));
        assert!(!is_log_line(b"Via: SIP/2.0/UDP 1.2.3.4"));
        assert!(!is_log_line(b"[1,2,3]"));
        assert!(!is_log_line(b"  <tuple id=\"x\">"));
    }

    #[test]
    fn stamps_are_recognised_only_when_they_are_times() {
        assert_eq!(stamp_len(b"[Dec  3 14:07:49] Via: x"), 18);
        assert_eq!(stamp_len(b"[2024-12-03 14:07:49.123] x"), 26);
        assert_eq!(stamp_len(b"[1,2,3] x"), 0);
        assert!(is_stamp_only(b"[Dec  3 14:07:49] "));
        assert!(!is_stamp_only(b"[Dec  3 14:07:49] VERBOSE[1] res_pjsip_logger.c: "));
    }
}
