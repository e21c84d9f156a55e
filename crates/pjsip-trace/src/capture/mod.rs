//! Capture files: pcap and pcapng, down to the SIP messages inside.
//!
//! The layers, one module each: the container ([`file`]) yields records; the link layer
//! ([`link`]) finds the IP packet; [`ip`] reads IPv4/IPv6 and puts fragments back together; UDP
//! datagrams are read here, TCP segments go through [`tcp`]'s stream reassembly. SIP payloads
//! become [`Captured`] messages with their addresses, time and frame number; everything else is
//! counted in [`TraceStats`] or, when it might have been SIP (TLS, WebSocket, ESP, a link type
//! not understood), named in a note.
//!
//! One pass over the records, each byte looked at a bounded number of times; memory is bounded by
//! the limits in [`ReadOptions`] and those of the fragment and stream reassemblers.

pub mod file;
pub mod ip;
pub mod link;
pub mod tcp;

use std::collections::BTreeMap;
use std::net::IpAddr;

use crate::framing::{content_length, head_end, ContentLength};
use crate::model::{Endpoint, NoteKind, TraceNote, TraceStats, Transport};
use crate::sip::is_start_line;
use crate::ReadOptions;

/// Byte order of a capture file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endian {
    Little,
    Big,
}

impl Endian {
    pub fn u16(self, bytes: &[u8], at: usize) -> Option<u16> {
        let b: [u8; 2] = bytes.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(match self {
            Endian::Little => u16::from_le_bytes(b),
            Endian::Big => u16::from_be_bytes(b),
        })
    }

    pub fn u32(self, bytes: &[u8], at: usize) -> Option<u32> {
        let b: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(match self {
            Endian::Little => u32::from_le_bytes(b),
            Endian::Big => u32::from_be_bytes(b),
        })
    }

    pub fn u64(self, bytes: &[u8], at: usize) -> Option<u64> {
        let b: [u8; 8] = bytes.get(at..at.checked_add(8)?)?.try_into().ok()?;
        Some(match self {
            Endian::Little => u64::from_le_bytes(b),
            Endian::Big => u64::from_be_bytes(b),
        })
    }
}

/// A big-endian (network order) u16 at `at`.
pub fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    Endian::Big.u16(bytes, at)
}

/// A big-endian (network order) u32 at `at`.
pub fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Endian::Big.u32(bytes, at)
}

/// A SIP message found in a capture, before parsing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Captured {
    pub source: Endpoint,
    pub destination: Endpoint,
    pub transport: Transport,
    pub nanos: Option<i64>,
    pub frame: u64,
    pub bytes: Vec<u8>,
    /// Why it is shorter than it should be (capture snap length, a TCP gap, the end of the
    /// capture), if it is.
    pub truncated: Option<&'static str>,
}

/// What reading a capture produced.
#[derive(Debug, Default)]
pub struct Output {
    pub messages: Vec<Captured>,
    pub notes: Vec<TraceNote>,
    pub stats: TraceStats,
}

/// Reads every record of a pcap or pcapng file.
pub fn read(input: &[u8], container: file::Container, options: &ReadOptions) -> Output {
    let mut out = Output::default();
    let mut reader = Reader {
        fragments: ip::Reassembler::default(),
        tcp: tcp::Tcp::new(options.max_stream_bytes, options.max_message_bytes),
        unknown_links: BTreeMap::new(),
        esp: 0,
        dtls: 0,
    };
    let mut file_notes = Vec::new();
    {
        let mut visit = |record: file::Record<'_>| reader.record(record, &mut out);
        match container {
            file::Container::Pcap => file::read_pcap(input, &mut file_notes, &mut visit),
            file::Container::PcapNg => file::read_pcapng(input, &mut file_notes, &mut visit),
        }
    }
    out.notes.append(&mut file_notes);
    reader.finish(&mut out);
    out
}

struct Reader {
    fragments: ip::Reassembler,
    tcp: tcp::Tcp,
    unknown_links: BTreeMap<u32, u64>,
    esp: u64,
    dtls: u64,
}

impl Reader {
    fn record(&mut self, record: file::Record<'_>, out: &mut Output) {
        out.stats.frames += 1;
        let packet = match link::network(record.link_type, record.data) {
            None => {
                *self.unknown_links.entry(record.link_type).or_default() += 1;
                return;
            }
            Some(link::Network::Other) => {
                out.stats.other_packets += 1;
                return;
            }
            Some(link::Network::Ip(packet)) => packet,
        };
        let datagram = match ip::read(packet, &mut self.fragments) {
            ip::Ip::Datagram(d) => d,
            ip::Ip::Held => return,
            ip::Ip::Encrypted => {
                self.esp += 1;
                return;
            }
            ip::Ip::Malformed => {
                out.stats.other_packets += 1;
                return;
            }
        };
        let cut = datagram.cut || record.wire_len > record.data.len();
        let bytes = &datagram.payload[..];
        let (Some(source_port), Some(destination_port)) = (be16(bytes, 0), be16(bytes, 2)) else {
            out.stats.other_packets += 1;
            return;
        };
        let source = Endpoint { ip: datagram.source, port: source_port };
        let destination = Endpoint { ip: datagram.destination, port: destination_port };
        match datagram.protocol {
            ip::UDP => {
                let length = usize::from(be16(bytes, 4).unwrap_or(0));
                let end = if length >= 8 { length.min(bytes.len()) } else { bytes.len() };
                let payload = bytes.get(8..end).unwrap_or_default();
                let place = Place { source, destination, frame: record.number, nanos: record.nanos, cut: cut || length > bytes.len() };
                self.udp(payload, place, out);
            }
            ip::TCP => {
                let offset = usize::from(bytes.get(12).map_or(0, |b| b >> 4)) * 4;
                let (Some(seq), Some(&flags)) = (be32(bytes, 4), bytes.get(13)) else {
                    out.stats.other_packets += 1;
                    return;
                };
                if offset < 20 {
                    out.stats.other_packets += 1;
                    return;
                }
                let segment = tcp::Segment {
                    source,
                    destination,
                    seq,
                    flags,
                    payload: bytes.get(offset..).unwrap_or_default(),
                    frame: record.number,
                    nanos: record.nanos,
                    cut,
                };
                self.tcp.segment(segment, out);
            }
            _ => out.stats.other_packets += 1,
        }
    }

    /// A UDP payload: SIP (perhaps several messages), a keep-alive, DTLS on 5061, or other.
    fn udp(&mut self, payload: &[u8], place: Place, out: &mut Output) {
        if !payload.is_empty() && payload.iter().all(|&b| matches!(b, b'\r' | b'\n' | 0)) {
            out.stats.keep_alives += 1;
            return;
        }
        let first_line = payload.split(|&b| b == b'\n').next().unwrap_or_default();
        if is_start_line(first_line) {
            for (bytes, truncated) in split_datagram(payload, place.cut) {
                out.messages.push(Captured {
                    source: place.source,
                    destination: place.destination,
                    transport: Transport::Udp,
                    nanos: place.nanos,
                    frame: place.frame,
                    bytes: bytes.to_vec(),
                    truncated,
                });
            }
            return;
        }
        let dtls = matches!(payload, [20..=23, 0xfe, ..]);
        if dtls && (place.source.port == 5061 || place.destination.port == 5061) {
            self.dtls += 1;
        } else {
            out.stats.non_sip_udp += 1;
        }
    }

    fn finish(&mut self, out: &mut Output) {
        self.tcp.finish(out);
        for (link_type, packets) in &self.unknown_links {
            out.notes.push(TraceNote::new(NoteKind::UnknownLinkType, format!("unknown link type {link_type}: {packets} packets not read")));
        }
        if self.fragments.waiting() > 0 || self.fragments.dropped > 0 {
            out.notes.push(TraceNote::new(
                NoteKind::Fragments,
                format!(
                    "{} fragmented IP datagrams never completed (fragments missing or over the limits)",
                    self.fragments.waiting() as u64 + self.fragments.dropped
                ),
            ));
        }
        if self.esp > 0 {
            out.notes.push(TraceNote::new(NoteKind::Unreadable, format!("encrypted/unreadable: {} IPsec ESP packets not read", self.esp)));
        }
        if self.dtls > 0 {
            out.notes.push(TraceNote::new(
                NoteKind::Unreadable,
                format!("encrypted/unreadable: {} DTLS packets on UDP port 5061 not read", self.dtls),
            ));
        }
    }
}

/// Where a UDP payload came from.
#[derive(Clone, Copy, Debug)]
struct Place {
    source: Endpoint,
    destination: Endpoint,
    frame: u64,
    nanos: Option<i64>,
    cut: bool,
}

/// The messages of one UDP datagram: normally one; its body is Content-Length bytes, or the rest
/// of the datagram without one (RFC 3261 §18.3). A second message may follow (rare); trailing
/// bytes that start none are dropped as the PBX would. Each comes with why it is cut, if it is.
fn split_datagram(payload: &[u8], cut: bool) -> Vec<(&[u8], Option<&'static str>)> {
    const SNAPPED: &str = "the capture kept only part of the packet";
    const SHORT: &str = "the datagram ends before its Content-Length";
    const NO_BLANK_LINE: &str = "the datagram ends inside its headers";
    let mut messages = Vec::new();
    let mut rest = payload;
    loop {
        let Some(head) = head_end(rest, 0) else {
            messages.push((rest, Some(if cut { SNAPPED } else { NO_BLANK_LINE })));
            break;
        };
        let length = match content_length(rest.get(..head).unwrap_or_default()) {
            ContentLength::Bytes(n) => head.saturating_add(n),
            _ => {
                // The body is the rest of the datagram: complete unless the capture cut it.
                messages.push((rest, cut.then_some(SNAPPED)));
                break;
            }
        };
        if length > rest.len() {
            messages.push((rest, Some(if cut { SNAPPED } else { SHORT })));
            break;
        }
        let (message, after) = rest.split_at(length);
        messages.push((message, None));
        let start = after.iter().position(|&b| !matches!(b, b'\r' | b'\n' | 0)).unwrap_or(after.len());
        rest = after.get(start..).unwrap_or_default();
        if rest.is_empty() || !is_start_line(rest.split(|&b| b == b'\n').next().unwrap_or_default()) {
            break;
        }
    }
    messages
}

/// Whether an address is all zeros (Asterisk's logger writes its own side that way).
pub fn is_unspecified(endpoint: &Endpoint) -> bool {
    endpoint.port == 0
        && match endpoint.ip {
            IpAddr::V4(ip) => ip.is_unspecified(),
            IpAddr::V6(ip) => ip.is_unspecified(),
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_datagram_without_content_length_is_one_message() {
        let d = b"OPTIONS sip:a SIP/2.0\r\nVia: x\r\n\r\nbody";
        assert_eq!(split_datagram(d, false), vec![(&d[..], None)]);
    }

    #[test]
    fn a_datagram_with_two_messages_and_a_short_one() {
        let d = b"SIP/2.0 200 OK\r\nl: 2\r\n\r\nabSIP/2.0 180 Ringing\r\nl: 9\r\n\r\nabc";
        let found = split_datagram(d, false);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0], (&d[..26], None));
        assert_eq!(found[1].0, &d[26..]);
        assert!(found[1].1.is_some());
    }
}
