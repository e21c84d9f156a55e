//! The output of reading a trace: plain types with public fields, serialisable as they are.
//!
//! A [`Trace`] is the list of SIP messages found, in the order the trace gives them, each with
//! what is known of its journey (direction seen from the PBX, transport, addresses, time, where it
//! sits in the input) and its parsed [`SipMessage`]; plus plain-words [`TraceNote`]s about
//! everything that could not be read, and a few counters.

use std::fmt;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::sip::SipMessage;

/// A byte range `start..end` in the input (text traces) or in a message's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end: end.max(start) }
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// What kind of trace the bytes were, as detected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TraceFormat {
    /// Text printed by Asterisk's `pjsip set logger on` (console or log file, any prefixes).
    AsteriskLogger,
    /// The pcap file Asterisk writes with `pjsip set logger pcap FILE`: every message as UDP over
    /// Ethernet, the PBX's own address left as zeros.
    AsteriskLoggerPcap,
    /// A classic libpcap file.
    Pcap,
    /// A pcapng file.
    PcapNg,
    /// SIPp's `-trace_msg` message log.
    Sipp,
    /// sngrep's "save as .txt" export.
    Sngrep,
    /// SIP messages pasted as they are.
    RawSip,
    /// Nothing recognisable (empty input, or no SIP found).
    #[default]
    Unknown,
}

/// Which way a message travelled, seen from the PBX.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The PBX received it.
    Received,
    /// The PBX sent it.
    Transmitted,
    /// The trace does not say and the PBX could not be told apart.
    #[default]
    Unknown,
}

/// The transport a message travelled over.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    Udp,
    Tcp,
    Tls,
    Ws,
    Wss,
    Sctp,
    #[default]
    Unknown,
}

impl Transport {
    /// Reads a transport name as Asterisk, SIPp or a Via header write it (`UDP`, `tls`, `WSS`…).
    pub fn from_name(name: &str) -> Transport {
        match name.trim().to_ascii_uppercase().as_str() {
            "UDP" | "UDP6" => Transport::Udp,
            "TCP" | "TCP6" => Transport::Tcp,
            "TLS" | "TLS6" => Transport::Tls,
            "WS" => Transport::Ws,
            "WSS" => Transport::Wss,
            "SCTP" => Transport::Sctp,
            _ => Transport::Unknown,
        }
    }
}

/// An IP address and port.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Endpoint {
    pub ip: IpAddr,
    pub port: u16,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ip {
            IpAddr::V4(ip) => write!(f, "{ip}:{}", self.port),
            IpAddr::V6(ip) => write!(f, "[{ip}]:{}", self.port),
        }
    }
}

/// Whose clock a [`Timestamp`] counts on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Clock {
    /// Capture files: real instants, UTC.
    #[default]
    Utc,
    /// A log's wall clock with a full date, in a time zone the log does not state.
    Local,
    /// A log's wall clock without a year (Asterisk's default `Dec  3 14:07:49`): counted as if
    /// the year were 1970, so only differences within one trace mean something.
    LocalWithoutYear,
}

/// When a message was seen.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Timestamp {
    /// Nanoseconds since 1970-01-01 00:00:00 on [`clock`](Self::clock); `None` when a text trace
    /// wrote a time this reader does not understand (then only `text` is known).
    pub nanos: Option<i64>,
    pub clock: Clock,
    /// The time as the trace wrote it (text traces), for display.
    pub text: Option<String>,
}

impl Timestamp {
    /// Milliseconds from `earlier` to `self`, when both are known on the same clock.
    pub fn millis_since(&self, earlier: &Timestamp) -> Option<i64> {
        if self.clock != earlier.clock {
            return None;
        }
        Some((self.nanos? - earlier.nanos?) / 1_000_000)
    }
}

/// One SIP message of the trace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceMessage {
    /// Its position in [`Trace::messages`].
    pub index: usize,
    pub direction: Direction,
    pub transport: Transport,
    /// Where it came from and went to, as far as the trace says. Asterisk's logger names only
    /// the far end (the source of what it received, the destination of what it sent).
    pub source: Option<Endpoint>,
    pub destination: Option<Endpoint>,
    pub timestamp: Option<Timestamp>,
    /// Text traces: the bytes of the input the message was read from — the message itself; on a
    /// console with a timestamp on every line, its lines with their stamps; for syslog, the rest
    /// of the line after the logger's marker.
    pub input_span: Option<Span>,
    /// Captures: the number (from 1, as Wireshark counts) of the record that completed it.
    pub frame: Option<u64>,
    pub sip: SipMessage,
    /// How it relates to the other messages: responses to requests, retries, retransmissions.
    pub exchange: Exchange,
}

/// How a message is tied to the others (filled by the pairing pass).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    /// Requests: the responses of the same transaction, in trace order (retransmitted responses
    /// included).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<usize>,
    /// Requests: the status of the first final (≥ 200) response seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_status: Option<u16>,
    /// Responses: the request they answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<usize>,
    /// Requests: the earlier request that a 401 or 407 challenged and this one retries with
    /// credentials (same Call-ID and method, higher CSeq). Follow it back for the whole chain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_of: Option<usize>,
    /// The first copy of a message this one repeats (same transaction, same start line, same
    /// direction): a retransmission, or the same packet captured twice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retransmission_of: Option<usize>,
}

/// What kind of problem a [`TraceNote`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteKind {
    /// A message is shorter than its Content-Length or was cut by the log or the capture.
    Truncated,
    /// Text or data that is not SIP was skipped where a message was expected.
    Skipped,
    /// TCP data is missing (lost packets, capture started or stopped mid-stream).
    StreamGap,
    /// A limit on memory was reached (a stream, a message, fragments): the rest was dropped.
    Limit,
    /// Packets that carry SIP (or probably do) but cannot be read: TLS, WebSocket, ESP.
    Unreadable,
    /// A link layer this reader does not know.
    UnknownLinkType,
    /// The capture file itself is damaged or ends early.
    BadFile,
    /// IP fragments that never made a whole packet.
    Fragments,
    /// Something this reader had to assume (the trace does not say).
    Assumption,
}

/// A problem in plain words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceNote {
    pub kind: NoteKind,
    pub text: String,
    /// Where in the input (text traces: bytes; captures: the byte offset of the record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_span: Option<Span>,
    /// The message it concerns, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<usize>,
}

impl TraceNote {
    pub fn new(kind: NoteKind, text: impl Into<String>) -> TraceNote {
        TraceNote { kind, text: text.into(), input_span: None, message: None }
    }

    pub fn at(mut self, span: Span) -> TraceNote {
        self.input_span = Some(span);
        self
    }
}

/// Counters for what was read and quietly passed over.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceStats {
    /// Capture records (packets) read.
    pub frames: u64,
    /// UDP datagrams that were not SIP (RTP, RTCP, STUN, DNS…), ignored.
    pub non_sip_udp: u64,
    /// TCP segments of connections that were not SIP and not encrypted SIP, ignored.
    pub non_sip_tcp: u64,
    /// Packets that were neither IPv4 nor IPv6 (ARP, LLDP…), or another IP protocol than UDP/TCP.
    pub other_packets: u64,
    /// Keep-alive packets (a bare CRLF or CRLFCRLF), ignored.
    pub keep_alives: u64,
    /// TCP segments that repeated data already seen.
    pub tcp_retransmissions: u64,
}

/// A whole trace: the messages in order, the notes, the format detected.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    pub format: TraceFormat,
    pub messages: Vec<TraceMessage>,
    pub notes: Vec<TraceNote>,
    pub stats: TraceStats,
    /// The PBX's address when a capture or export named both ends and the reader settled on one
    /// (given by the caller, or inferred: see [`crate::direction`]).
    pub pbx: Option<PbxAddress>,
}

/// The PBX's address: an IP, and a port when one port is what tells it apart (everything on one
/// host, as in a lab).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PbxAddress {
    pub ip: IpAddr,
    pub port: Option<u16>,
}

impl Trace {
    /// The requests the PBX received, first copies only (no retransmissions): what a replay sends.
    pub fn inbound_requests(&self) -> impl Iterator<Item = &TraceMessage> {
        self.messages.iter().filter(|m| m.direction == Direction::Received && m.sip.is_request() && m.exchange.retransmission_of.is_none())
    }

    /// The responses recorded for request `index`, resolved to messages.
    pub fn responses_to(&self, index: usize) -> impl Iterator<Item = &TraceMessage> {
        self.messages.get(index).map(|m| m.exchange.responses.as_slice()).unwrap_or_default().iter().filter_map(|&i| self.messages.get(i))
    }
}
