//! Reads a SIP trace — the text or capture someone brings of the call or registration that
//! failed — into an ordered list of SIP messages with their network metadata.
//!
//! [`read`] takes the bytes and detects what they are:
//!
//! * text Asterisk prints with `pjsip set logger on` (log file, console, syslog; [`text::asterisk`]),
//! * the pcap Asterisk writes with `pjsip set logger pcap FILE`, and any pcap or pcapng capture
//!   ([`capture`]): Ethernet (VLAN), Linux SLL/SLL2, raw IP, BSD null/loopback; IPv4 and IPv6 with
//!   fragments; UDP; TCP reassembled per direction and cut by Content-Length,
//! * SIPp's `-trace_msg` log ([`text::sipp`]) and sngrep's `.txt` export ([`text::sngrep`]),
//! * SIP messages pasted alone ([`text::raw`]).
//!
//! The result is a [`Trace`]: messages in trace order, each with its direction seen from the PBX,
//! transport, addresses, time, place in the input and parsed [`SipMessage`], tied to each other by
//! [`pairing`] (responses to requests, retries after a challenge, retransmissions); notes in plain
//! words for everything unread (encrypted traffic, gaps, truncation, unknown link types); counters
//! for what was quietly passed over.
//!
//! Promises: reading never fails and never panics, whatever the bytes (a fuzz target holds it);
//! time is linear in the input; memory is bounded by the input and the limits in
//! [`ReadOptions`]. Nothing here depends on the rest of pjsip-lab.

pub mod capture;
pub mod direction;
pub mod framing;
pub mod model;
pub mod pairing;
pub mod sip;
pub mod text;

pub use model::{
    Clock, Direction, Endpoint, Exchange, NoteKind, PbxAddress, Span, Timestamp, Trace, TraceFormat, TraceMessage, TraceNote, TraceStats,
    Transport,
};
pub use sip::{CSeq, Digest, Header, NameAddr, SipMessage, StartLine, Via};

/// Choices and limits for [`read_with`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// The PBX's address, when the caller knows it: decides the direction of captured messages
    /// instead of the inference in [`direction`].
    pub pbx: Option<PbxAddress>,
    /// At most this many bytes are reassembled per TCP stream direction; the rest of a longer
    /// stream is dropped with a note.
    pub max_stream_bytes: u64,
    /// A message larger than this (in a TCP stream) is skipped with a note.
    pub max_message_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions { pbx: None, max_stream_bytes: 64 << 20, max_message_bytes: 1 << 20 }
    }
}

/// Reads a trace with the default options.
pub fn read(input: &[u8]) -> Trace {
    read_with(input, &ReadOptions::default())
}

/// Reads a trace.
pub fn read_with(input: &[u8], options: &ReadOptions) -> Trace {
    let mut trace = Trace::default();
    match capture::file::detect(input) {
        Some(container) => read_capture(input, container, options, &mut trace),
        None => read_text(input, &mut trace),
    }
    if matches!(trace.format, TraceFormat::Pcap | TraceFormat::PcapNg | TraceFormat::Sngrep) {
        trace.pbx = direction::apply(&mut trace.messages, options.pbx, &mut trace.notes);
    }
    for message in &mut trace.messages {
        if message.transport == Transport::Unknown {
            message.transport = message.sip.via_transport();
        }
    }
    for (index, message) in trace.messages.iter_mut().enumerate() {
        message.index = index;
    }
    pairing::pair(&mut trace.messages);
    trace
}

fn read_text(input: &[u8], trace: &mut Trace) {
    trace.format = text::detect(input);
    match trace.format {
        TraceFormat::AsteriskLogger => text::asterisk::read(input, trace),
        TraceFormat::Sipp => text::sipp::read(input, trace),
        TraceFormat::Sngrep => text::sngrep::read(input, trace),
        TraceFormat::RawSip => text::raw::read(input, trace),
        _ if input.trim_ascii().is_empty() => {}
        _ => trace.notes.push(TraceNote::new(
            NoteKind::Skipped,
            format!("no SIP message found in {} bytes: neither a capture file nor text with a SIP request or status line", input.len()),
        )),
    }
}

fn read_capture(input: &[u8], container: capture::file::Container, options: &ReadOptions, trace: &mut Trace) {
    let out = capture::read(input, container, options);
    trace.notes = out.notes;
    trace.stats = out.stats;
    let mut asterisk_side = 0;
    for found in out.messages {
        let index = trace.messages.len();
        if let Some(why) = found.truncated {
            let mut note = TraceNote::new(
                NoteKind::Truncated,
                format!("message in frame {} from {} is truncated: {why} ({} bytes kept)", found.frame, found.source, found.bytes.len()),
            );
            note.message = Some(index);
            trace.notes.push(note);
        }
        let mut message = TraceMessage {
            index,
            direction: Direction::Unknown,
            transport: found.transport,
            source: Some(found.source),
            destination: Some(found.destination),
            timestamp: found.nanos.map(|nanos| Timestamp { nanos: Some(nanos), clock: Clock::Utc, text: None }),
            input_span: None,
            frame: Some(found.frame),
            sip: SipMessage::parse(String::from_utf8_lossy(&found.bytes).into_owned()),
            exchange: Exchange::default(),
        };
        // Asterisk's logger pcap leaves its own side as zeros: that says the direction.
        match (capture::is_unspecified(&found.source), capture::is_unspecified(&found.destination)) {
            (true, false) => {
                message.direction = Direction::Transmitted;
                message.source = None;
                asterisk_side += 1;
            }
            (false, true) => {
                message.direction = Direction::Received;
                message.destination = None;
                asterisk_side += 1;
            }
            _ => {}
        }
        trace.messages.push(message);
    }
    let all_logger = asterisk_side > 0 && asterisk_side == trace.messages.len();
    trace.format = match container {
        _ if all_logger => TraceFormat::AsteriskLoggerPcap,
        capture::file::Container::Pcap => TraceFormat::Pcap,
        capture::file::Container::PcapNg => TraceFormat::PcapNg,
    };
    if all_logger {
        for message in &mut trace.messages {
            message.transport = message.sip.via_transport();
        }
        trace.notes.push(TraceNote::new(
            NoteKind::Assumption,
            "Asterisk's logger pcap stores every message as UDP and leaves the PBX's own address out; the transport shown is the top Via's",
        ));
    }
    if trace.messages.is_empty() {
        trace
            .notes
            .push(TraceNote::new(NoteKind::Skipped, format!("the capture holds no readable SIP message ({} packets)", trace.stats.frames)));
    }
}
