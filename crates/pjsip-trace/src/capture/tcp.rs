//! TCP: each direction of each connection is put back in sequence order and cut into SIP
//! messages by Content-Length.
//!
//! * Segments are placed by sequence number (wrapping arithmetic); data seen before is skipped
//!   (retransmissions), data ahead of a hole waits. When the waiting data passes 1 MiB, or the
//!   stream ends, the hole is given up: a note says how many bytes are missing, a message cut by
//!   it is kept as truncated, and reading resumes at the next start line.
//! * A connection whose first bytes are a TLS record (`0x14`–`0x17`, `0x03`) or a WebSocket
//!   handshake is not SIP-readable: its packets are counted for a note, nothing is buffered.
//!   Other non-SIP connections are counted quietly.
//! * A capture that starts mid-connection starts mid-message: bytes before the first start line
//!   are skipped with a note.
//! * Memory is bounded: per direction, at most `max_stream_bytes` are reassembled (then the
//!   stream is dropped with a note), a message may not exceed `max_message_bytes`, and at most
//!   65,536 directions are tracked.

use std::collections::{BTreeMap, HashMap};

use crate::capture::{Captured, Output};
use crate::framing::{measure, Measure};
use crate::model::{Endpoint, NoteKind, TraceNote, Transport};
use crate::sip::is_start_line;

const FIN: u8 = 0x01;
const SYN: u8 = 0x02;
const RST: u8 = 0x04;
const MAX_WAITING_BYTES: usize = 1 << 20;
const MAX_STREAMS: usize = 65_536;

/// One TCP segment.
#[derive(Clone, Copy, Debug)]
pub struct Segment<'a> {
    pub source: Endpoint,
    pub destination: Endpoint,
    pub seq: u32,
    pub flags: u8,
    pub payload: &'a [u8],
    pub frame: u64,
    pub nanos: Option<i64>,
    /// The capture kept fewer bytes than the segment had.
    pub cut: bool,
}

/// What a connection direction carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Undecided,
    Sip,
    Tls,
    WebSocket,
    Other,
}

#[derive(Debug)]
struct Stream {
    kind: Kind,
    next_seq: Option<u32>,
    /// Stream position of the next expected byte.
    position: u64,
    /// In-order bytes; those before `consumed` are already framed.
    data: Vec<u8>,
    consumed: usize,
    /// How far the header search got in the unframed bytes.
    scanned: usize,
    /// The length of the message whose headers are complete and whose body is awaited.
    awaiting: Option<usize>,
    waiting: BTreeMap<u64, Vec<u8>>,
    waiting_bytes: usize,
    /// At a message boundary (false after a hole or a mid-stream start).
    synced: bool,
    accepted: u64,
    closed: bool,
    last_frame: u64,
    last_nanos: Option<i64>,
    /// Bytes skipped to find a start line, noted once per stream.
    skipped: u64,
}

impl Stream {
    fn new(synced: bool) -> Stream {
        Stream {
            kind: Kind::Undecided,
            next_seq: None,
            position: 0,
            data: Vec::new(),
            consumed: 0,
            scanned: 0,
            awaiting: None,
            waiting: BTreeMap::new(),
            waiting_bytes: 0,
            synced,
            accepted: 0,
            closed: false,
            last_frame: 0,
            last_nanos: None,
            skipped: 0,
        }
    }
}

/// Packets of unreadable connections, per kind and service port.
#[derive(Debug, Default)]
struct Unreadable {
    packets: u64,
    connections: u64,
}

/// Every TCP stream of a capture.
#[derive(Debug)]
pub struct Tcp {
    streams: HashMap<(Endpoint, Endpoint), Stream>,
    unreadable: BTreeMap<(Kind, u16), Unreadable>,
    max_stream_bytes: u64,
    max_message_bytes: usize,
    too_many_noted: bool,
}

impl Tcp {
    pub fn new(max_stream_bytes: u64, max_message_bytes: usize) -> Tcp {
        Tcp { streams: HashMap::new(), unreadable: BTreeMap::new(), max_stream_bytes, max_message_bytes, too_many_noted: false }
    }

    pub fn segment(&mut self, segment: Segment<'_>, out: &mut Output) {
        let key = (segment.source, segment.destination);
        if !self.streams.contains_key(&key) && self.streams.len() >= MAX_STREAMS {
            if !self.too_many_noted {
                self.too_many_noted = true;
                out.notes
                    .push(TraceNote::new(NoteKind::Limit, format!("more than {MAX_STREAMS} TCP connections: later ones are not read")));
            }
            return;
        }
        let syn = segment.flags & SYN != 0;
        let stream = self.streams.entry(key).or_insert_with(|| Stream::new(syn));
        if syn {
            if stream.closed || stream.next_seq.is_some() && stream.accepted > 0 {
                // A new connection on the same addresses.
                *stream = Stream::new(true);
            }
            stream.next_seq = Some(segment.seq.wrapping_add(1));
        }
        stream.last_frame = segment.frame;
        stream.last_nanos = segment.nanos;
        let seq = if syn { segment.seq.wrapping_add(1) } else { segment.seq };
        if !segment.payload.is_empty() && !stream.closed {
            self.data(key, seq, segment.payload, out);
        }
        if segment.flags & (FIN | RST) != 0 {
            self.close(key, out);
        }
    }

    fn data(&mut self, key: (Endpoint, Endpoint), seq: u32, payload: &[u8], out: &mut Output) {
        let (max_stream, max_message) = (self.max_stream_bytes, self.max_message_bytes);
        let Some(stream) = self.streams.get_mut(&key) else {
            return;
        };
        if let Kind::Tls | Kind::WebSocket | Kind::Other = stream.kind {
            count(&mut self.unreadable, stream.kind, key, false);
            return;
        }
        let next = *stream.next_seq.get_or_insert(seq);
        let ahead = i64::from(seq.wrapping_sub(next) as i32);
        let mut payload = payload;
        if ahead < 0 {
            let seen = usize::try_from(-ahead).unwrap_or(usize::MAX);
            match payload.get(seen..) {
                Some(rest) if !rest.is_empty() => payload = rest,
                _ => {
                    out.stats.tcp_retransmissions += 1;
                    return;
                }
            }
        } else if ahead > 0 {
            let at = stream.position + ahead as u64;
            if let std::collections::btree_map::Entry::Vacant(slot) = stream.waiting.entry(at) {
                stream.waiting_bytes += payload.len();
                slot.insert(payload.to_vec());
            } else {
                out.stats.tcp_retransmissions += 1;
            }
            while stream.waiting_bytes > MAX_WAITING_BYTES {
                skip_hole(stream, key, out);
                drain_waiting(stream, max_stream, key, out);
            }
            self.frame(key, max_message, out);
            return;
        }
        accept(stream, payload, max_stream, key, out);
        drain_waiting(stream, max_stream, key, out);
        self.frame(key, max_message, out);
    }

    /// Decides what the stream carries, then cuts whatever whole messages it holds.
    fn frame(&mut self, key: (Endpoint, Endpoint), max_message: usize, out: &mut Output) {
        let Some(stream) = self.streams.get_mut(&key) else {
            return;
        };
        if stream.kind == Kind::Undecided {
            stream.kind = classify(unread(stream), key, false);
            if let Kind::Tls | Kind::WebSocket | Kind::Other = stream.kind {
                count(&mut self.unreadable, stream.kind, key, true);
                stream.data = Vec::new();
                stream.consumed = 0;
                stream.waiting.clear();
                stream.waiting_bytes = 0;
                return;
            }
        }
        if stream.kind == Kind::Sip {
            cut_messages(stream, key, max_message, out);
        }
    }

    fn close(&mut self, key: (Endpoint, Endpoint), out: &mut Output) {
        let max_message = self.max_message_bytes;
        let max_stream = self.max_stream_bytes;
        let Some(stream) = self.streams.get_mut(&key) else {
            return;
        };
        if stream.closed {
            return;
        }
        while !stream.waiting.is_empty() {
            skip_hole(stream, key, out);
            drain_waiting(stream, max_stream, key, out);
            if stream.kind == Kind::Sip {
                cut_messages(stream, key, max_message, out);
            }
        }
        if stream.kind == Kind::Undecided && !unread(stream).trim_ascii().is_empty() {
            stream.kind = classify(unread(stream), key, true);
            if stream.kind == Kind::Sip {
                cut_messages(stream, key, max_message, out);
            } else {
                count(&mut self.unreadable, stream.kind, key, true);
            }
        }
        if stream.kind == Kind::Sip {
            keep_partial(stream, key, out, "the TCP stream ends inside it");
        }
        if stream.skipped > 0 {
            out.notes.push(TraceNote::new(
                NoteKind::Skipped,
                format!(
                    "TCP {} → {}: {} bytes that did not start a SIP message were skipped (the capture began mid-stream or data was missing)",
                    key.0, key.1, stream.skipped
                ),
            ));
        }
        stream.closed = true;
        stream.data = Vec::new();
        stream.consumed = 0;
    }

    /// Ends every stream (end of the capture) and writes the notes on unreadable connections.
    pub fn finish(&mut self, out: &mut Output) {
        let mut keys: Vec<_> = self.streams.keys().copied().collect();
        // The map's order is arbitrary; messages flushed here come out in a fixed order: by the
        // last frame each stream saw, then by address.
        keys.sort_unstable_by_key(|k| (self.streams.get(k).map_or(0, |s| s.last_frame), *k));
        for key in keys {
            self.close(key, out);
        }
        for ((kind, port), seen) in &self.unreadable {
            let what = match kind {
                Kind::Tls => "TLS",
                Kind::WebSocket => "WebSocket",
                _ => {
                    out.stats.non_sip_tcp += seen.packets;
                    continue;
                }
            };
            out.notes.push(TraceNote::new(
                NoteKind::Unreadable,
                format!(
                    "encrypted/unreadable: {} packets on TCP port {port} ({what}, {} connection{}) not read",
                    seen.packets,
                    seen.connections,
                    if seen.connections == 1 { "" } else { "s" }
                ),
            ));
        }
    }
}

fn unread(stream: &Stream) -> &[u8] {
    stream.data.get(stream.consumed..).unwrap_or_default()
}

/// Counts a packet (and, when `new`, a connection) of an unreadable kind.
fn count(unreadable: &mut BTreeMap<(Kind, u16), Unreadable>, kind: Kind, key: (Endpoint, Endpoint), new: bool) {
    let entry = unreadable.entry((kind, service_port(key))).or_default();
    entry.packets += 1;
    entry.connections += u64::from(new);
}

/// The port that names the service: a well-known SIP, TLS or HTTP port if either side uses one,
/// else the lower.
fn service_port((a, b): (Endpoint, Endpoint)) -> u16 {
    const KNOWN: [u16; 7] = [5060, 5061, 5062, 5063, 443, 8088, 8089];
    for port in KNOWN {
        if a.port == port || b.port == port {
            return port;
        }
    }
    a.port.min(b.port)
}

/// What a stream carries, from its first bytes. `last` when no more bytes will come.
fn classify(bytes: &[u8], key: (Endpoint, Endpoint), last: bool) -> Kind {
    let start = bytes.iter().position(|&b| b != b'\r' && b != b'\n').unwrap_or(bytes.len());
    let head = bytes.get(start..).unwrap_or_default();
    if let [first, 0x03, ..] = head {
        if (0x14..=0x17).contains(first) {
            return Kind::Tls;
        }
    }
    let first_line_done = head.contains(&b'\n');
    if !first_line_done && head.len() < 2048 && !last {
        return Kind::Undecided;
    }
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    if is_start_line(line) {
        return Kind::Sip;
    }
    let window = head.get(..head.len().min(4096)).unwrap_or_default();
    if line.starts_with(b"GET ") || line.starts_with(b"HTTP/1.1 101") {
        let lower = window.to_ascii_lowercase();
        if crate::text::find(&lower, b"websocket").is_some() {
            return Kind::WebSocket;
        }
        return Kind::Other;
    }
    let sip_port = |p: u16| p == 5060 || p == 5062;
    if crate::text::find(window, b"SIP/2.0").is_some() || sip_port(key.0.port) || sip_port(key.1.port) {
        // Mid-stream start: the framer looks for the next start line.
        return Kind::Sip;
    }
    if key.0.port == 5061 || key.1.port == 5061 {
        return Kind::Tls;
    }
    Kind::Other
}

/// Appends in-order bytes, minding the per-stream limit.
fn accept(stream: &mut Stream, bytes: &[u8], max_stream: u64, key: (Endpoint, Endpoint), out: &mut Output) {
    stream.position += bytes.len() as u64;
    stream.next_seq = stream.next_seq.map(|s| s.wrapping_add(bytes.len() as u32));
    if stream.closed {
        return;
    }
    stream.accepted += bytes.len() as u64;
    if stream.accepted > max_stream {
        out.notes.push(TraceNote::new(
            NoteKind::Limit,
            format!("TCP {} → {}: more than {max_stream} bytes; the rest of this stream is not read", key.0, key.1),
        ));
        stream.closed = true;
        stream.data = Vec::new();
        stream.consumed = 0;
        stream.waiting.clear();
        stream.waiting_bytes = 0;
        return;
    }
    if !matches!(stream.kind, Kind::Tls | Kind::WebSocket | Kind::Other) {
        stream.data.extend_from_slice(bytes);
    }
}

/// Takes waiting segments that now follow on.
fn drain_waiting(stream: &mut Stream, max_stream: u64, key: (Endpoint, Endpoint), out: &mut Output) {
    while let Some(entry) = stream.waiting.first_entry() {
        let at = *entry.key();
        if at > stream.position {
            break;
        }
        let bytes = entry.remove();
        stream.waiting_bytes = stream.waiting_bytes.saturating_sub(bytes.len());
        let seen = usize::try_from(stream.position - at).unwrap_or(usize::MAX);
        match bytes.get(seen..) {
            Some(rest) if !rest.is_empty() => accept(stream, rest, max_stream, key, out),
            _ => out.stats.tcp_retransmissions += 1,
        }
    }
}

/// Gives up the hole before the first waiting segment: the message it cuts is kept as
/// truncated, reading resumes at the next start line.
fn skip_hole(stream: &mut Stream, key: (Endpoint, Endpoint), out: &mut Output) {
    let Some(&at) = stream.waiting.keys().next() else {
        return;
    };
    let missing = at.saturating_sub(stream.position);
    out.notes.push(TraceNote::new(
        NoteKind::StreamGap,
        format!(
            "TCP stream gap: {} → {}: {missing} bytes missing after stream byte {} (lost or not captured)",
            key.0, key.1, stream.position
        ),
    ));
    if stream.kind == Kind::Sip {
        keep_partial(stream, key, out, "a TCP gap cuts it");
    }
    stream.data.clear();
    stream.consumed = 0;
    stream.scanned = 0;
    stream.awaiting = None;
    stream.position = at;
    stream.next_seq = stream.next_seq.map(|s| s.wrapping_add(missing as u32));
    stream.synced = false;
}

/// Keeps what is left of an unfinished message as a truncated message; `why` says what cut it.
fn keep_partial(stream: &mut Stream, key: (Endpoint, Endpoint), out: &mut Output, why: &'static str) {
    let rest = unread(stream);
    let start = rest.iter().position(|&b| b != b'\r' && b != b'\n').unwrap_or(rest.len());
    let rest = rest.get(start..).unwrap_or_default();
    if rest.is_empty() {
        return;
    }
    if stream.synced && is_start_line(rest.split(|&b| b == b'\n').next().unwrap_or_default()) {
        out.messages.push(Captured {
            source: key.0,
            destination: key.1,
            transport: Transport::Tcp,
            nanos: stream.last_nanos,
            frame: stream.last_frame,
            bytes: rest.to_vec(),
            truncated: Some(why),
        });
    } else {
        stream.skipped += rest.len() as u64;
    }
    stream.consumed = stream.data.len();
    stream.scanned = 0;
    stream.awaiting = None;
}

/// Cuts every whole message from the unframed bytes.
fn cut_messages(stream: &mut Stream, key: (Endpoint, Endpoint), max_message: usize, out: &mut Output) {
    loop {
        if !stream.synced && !resync(stream) {
            break;
        }
        let rest = unread(stream);
        let blank = rest.iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
        if blank > 0 {
            out.stats.keep_alives += 1;
            stream.consumed += blank;
            stream.scanned = 0;
            continue;
        }
        if rest.is_empty() {
            break;
        }
        let measured = match stream.awaiting {
            Some(len) if rest.len() < len => break,
            Some(len) => Measure::Complete { len, content_length: crate::framing::ContentLength::Missing },
            None => measure(rest, stream.scanned, max_message),
        };
        match measured {
            Measure::AwaitingBody { len } => {
                stream.awaiting = Some(len);
                break;
            }
            Measure::Complete { len, .. } => {
                out.messages.push(Captured {
                    source: key.0,
                    destination: key.1,
                    transport: Transport::Tcp,
                    nanos: stream.last_nanos,
                    frame: stream.last_frame,
                    bytes: rest.get(..len).unwrap_or_default().to_vec(),
                    truncated: None,
                });
                stream.awaiting = None;
                stream.consumed += len;
                stream.scanned = 0;
            }
            Measure::Incomplete { scanned } => {
                stream.scanned = scanned;
                break;
            }
            Measure::TooLarge { claimed } => {
                out.notes.push(TraceNote::new(
                    NoteKind::Limit,
                    format!("TCP {} → {}: a message of {claimed} bytes exceeds the {max_message}-byte limit; skipped", key.0, key.1),
                ));
                // Step past its start line and look for the next message.
                let line = rest.iter().position(|&b| b == b'\n').map_or(rest.len(), |n| n + 1);
                stream.consumed += line;
                stream.scanned = 0;
                stream.synced = false;
            }
        }
    }
    compact(stream);
}

/// Skips to the next start line among complete lines; false when none is there yet.
fn resync(stream: &mut Stream) -> bool {
    let rest = unread(stream);
    let mut at = 0;
    while let Some(nl) = rest.get(at..).and_then(|r| r.iter().position(|&b| b == b'\n')) {
        let line = rest.get(at..at + nl).unwrap_or_default();
        if is_start_line(line) {
            stream.skipped += at as u64;
            stream.consumed += at;
            stream.synced = true;
            stream.scanned = 0;
            return true;
        }
        at += nl + 1;
    }
    // Only the last, unfinished line may still become a start line.
    stream.skipped += at as u64;
    stream.consumed += at;
    false
}

/// Drops framed bytes once they are half the buffer, keeping the work linear.
fn compact(stream: &mut Stream) {
    if stream.consumed > 0 && stream.consumed * 2 >= stream.data.len() {
        stream.data.drain(..stream.consumed.min(stream.data.len()));
        stream.consumed = 0;
    }
}
