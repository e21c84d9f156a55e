//! pcap and pcapng containers: the records (packets) they hold.
//!
//! * pcap: the four magic numbers (µs and ns timestamps, either byte order) and the "modified"
//!   pcap variant with 8 more bytes per record header. Asterisk's `pjsip set logger pcap` writes
//!   the plain µs form in the machine's byte order, link type Ethernet.
//! * pcapng: sections (each with its own byte order) and, within them, interfaces with their
//!   link type, `if_tsresol` and `if_tsoffset`; Enhanced, Simple and the obsolete Packet blocks.
//!   Other blocks are skipped; a Decryption Secrets block is mentioned (TLS keys are not used).
//!
//! Lengths in the file are never trusted: a record that claims more bytes than remain ends the
//! reading with a note; nothing is allocated from a length field.

use crate::capture::Endian;
use crate::model::{NoteKind, Span, TraceNote};

/// One captured packet.
#[derive(Clone, Copy, Debug)]
pub struct Record<'a> {
    /// Counted from 1 in file order, as Wireshark numbers frames.
    pub number: u64,
    /// Where the record starts in the file.
    pub offset: usize,
    pub link_type: u32,
    /// Nanoseconds since the Unix epoch, when the file gives it.
    pub nanos: Option<i64>,
    pub data: &'a [u8],
    /// The packet's length on the wire (more than `data` when the capture cut it).
    pub wire_len: usize,
}

/// Which container, if any, the bytes start with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    Pcap,
    PcapNg,
}

pub fn detect(input: &[u8]) -> Option<Container> {
    match input.get(..4)? {
        [0xd4, 0xc3, 0xb2, 0xa1]
        | [0xa1, 0xb2, 0xc3, 0xd4]
        | [0x4d, 0x3c, 0xb2, 0xa1]
        | [0xa1, 0xb2, 0x3c, 0x4d]
        | [0x34, 0xcd, 0xb2, 0xa1]
        | [0xa1, 0xb2, 0xcd, 0x34] => Some(Container::Pcap),
        [0x0a, 0x0d, 0x0d, 0x0a] => Some(Container::PcapNg),
        _ => None,
    }
}

/// Calls `visit` for every record of a pcap file.
pub fn read_pcap(input: &[u8], notes: &mut Vec<TraceNote>, visit: &mut dyn FnMut(Record<'_>)) {
    let Some(magic) = input.get(..4) else { return };
    let (endian, nanos_per_unit, extra) = match magic {
        [0xd4, 0xc3, 0xb2, 0xa1] => (Endian::Little, 1_000, 0),
        [0xa1, 0xb2, 0xc3, 0xd4] => (Endian::Big, 1_000, 0),
        [0x4d, 0x3c, 0xb2, 0xa1] => (Endian::Little, 1, 0),
        [0xa1, 0xb2, 0x3c, 0x4d] => (Endian::Big, 1, 0),
        [0x34, 0xcd, 0xb2, 0xa1] => (Endian::Little, 1_000, 8),
        _ => (Endian::Big, 1_000, 8),
    };
    let Some(network) = endian.u32(input, 20) else {
        notes.push(bad_file("the pcap file ends inside its header", 0));
        return;
    };
    // The upper bits may carry FCS information; the link type is the low 16 bits.
    let link_type = network & 0xffff;
    let mut at = 24;
    let mut number = 0;
    while at < input.len() {
        let header_len = 16 + extra;
        let (Some(seconds), Some(fraction), Some(caplen), Some(wire_len)) =
            (endian.u32(input, at), endian.u32(input, at + 4), endian.u32(input, at + 8), endian.u32(input, at + 12))
        else {
            notes.push(bad_file(&format!("the capture ends inside a record header at byte {at}"), at));
            return;
        };
        let data_start = at + header_len;
        let Some(data) = input.get(data_start..data_start.saturating_add(caplen as usize)) else {
            notes.push(bad_file(
                &format!(
                    "the capture ends inside record {} at byte {at} ({caplen} bytes announced, {} left)",
                    number + 1,
                    input.len().saturating_sub(data_start)
                ),
                at,
            ));
            return;
        };
        number += 1;
        let nanos = i64::from(seconds) * 1_000_000_000 + i64::from(fraction) * nanos_per_unit;
        visit(Record { number, offset: at, link_type, nanos: Some(nanos), data, wire_len: (wire_len as usize).max(data.len()) });
        at = data_start + data.len();
    }
}

/// An interface of a pcapng section.
#[derive(Clone, Copy, Debug)]
struct Interface {
    link_type: u32,
    /// Timestamp units per second: 10^n or 2^n.
    resolution: Resolution,
    offset_seconds: i64,
}

#[derive(Clone, Copy, Debug)]
enum Resolution {
    Decimal(u32),
    Binary(u32),
}

impl Resolution {
    fn nanos(self, units: u64) -> Option<i64> {
        let nanos: u128 = match self {
            Resolution::Decimal(e) if e <= 9 => u128::from(units) * 10u128.pow(9 - e),
            Resolution::Decimal(e) => u128::from(units) / 10u128.checked_pow(e - 9)?,
            Resolution::Binary(e) => (u128::from(units) * 1_000_000_000) >> e.min(127),
        };
        i64::try_from(nanos).ok()
    }
}

const SHB: u32 = 0x0a0d_0d0a;

/// Calls `visit` for every packet of a pcapng file.
pub fn read_pcapng(input: &[u8], notes: &mut Vec<TraceNote>, visit: &mut dyn FnMut(Record<'_>)) {
    let mut endian = Endian::Little;
    let mut interfaces: Vec<Interface> = Vec::new();
    let mut at = 0;
    let mut number = 0;
    let mut secrets_noted = false;
    let mut missing_interface = 0u64;
    while at < input.len() {
        let Some(kind) = endian.u32(input, at) else {
            notes.push(bad_file(&format!("the capture ends inside a block header at byte {at}"), at));
            break;
        };
        if kind == SHB {
            // The byte-order magic decides how this section (its own length included) is read.
            endian = match input.get(at + 8..at + 12) {
                Some([0x4d, 0x3c, 0x2b, 0x1a]) => Endian::Little,
                Some([0x1a, 0x2b, 0x3c, 0x4d]) => Endian::Big,
                _ => {
                    notes.push(bad_file(&format!("a pcapng section at byte {at} has no valid byte-order mark"), at));
                    break;
                }
            };
            interfaces.clear();
        }
        let Some(total) = endian.u32(input, at + 4).map(|t| t as usize) else {
            notes.push(bad_file(&format!("the capture ends inside a block header at byte {at}"), at));
            break;
        };
        if total < 12 || total % 4 != 0 {
            notes.push(bad_file(
                &format!("a pcapng block at byte {at} has an impossible length ({total}); the rest of the file is unread"),
                at,
            ));
            break;
        }
        let Some(block) = input.get(at..at.saturating_add(total)) else {
            notes.push(bad_file(
                &format!("the capture ends inside a block at byte {at} ({total} bytes announced, {} left)", input.len() - at),
                at,
            ));
            break;
        };
        let body = block.get(8..total - 4).unwrap_or_default();
        match kind {
            1 => interfaces.push(read_interface(body, endian)),
            6 | 2 | 3 => {
                let Some(packet) = read_packet(kind, body, endian) else {
                    notes.push(bad_file(&format!("a packet block at byte {at} is malformed"), at));
                    at += total;
                    continue;
                };
                let Some(interface) = interfaces.get(packet.interface) else {
                    missing_interface += 1;
                    at += total;
                    continue;
                };
                number += 1;
                let nanos = packet
                    .units
                    .and_then(|u| interface.resolution.nanos(u)?.checked_add(interface.offset_seconds.checked_mul(1_000_000_000)?));
                visit(Record {
                    number,
                    offset: at,
                    link_type: interface.link_type,
                    nanos,
                    data: packet.data,
                    wire_len: packet.wire_len.max(packet.data.len()),
                });
            }
            0x0a if !secrets_noted => {
                secrets_noted = true;
                notes.push(TraceNote::new(
                    NoteKind::Unreadable,
                    "the capture carries TLS keys (a decryption secrets block); they are not used, TLS stays unread",
                ));
            }
            _ => {}
        }
        at += total;
    }
    if missing_interface > 0 {
        notes.push(TraceNote::new(
            NoteKind::BadFile,
            format!("{missing_interface} packets name an interface the file never described; skipped"),
        ));
    }
}

fn read_interface(body: &[u8], endian: Endian) -> Interface {
    let mut interface =
        Interface { link_type: u32::from(endian.u16(body, 0).unwrap_or(0)), resolution: Resolution::Decimal(6), offset_seconds: 0 };
    for (code, value) in options(body.get(8..).unwrap_or_default(), endian) {
        match (code, value) {
            (9, [r, ..]) => {
                interface.resolution =
                    if r & 0x80 == 0 { Resolution::Decimal(u32::from(*r)) } else { Resolution::Binary(u32::from(r & 0x7f)) };
            }
            (14, v) if v.len() >= 8 => {
                interface.offset_seconds = endian.u64(v, 0).map_or(0, |o| o as i64);
            }
            _ => {}
        }
    }
    interface
}

/// The options of a block: `(code, value)` until `opt_endofopt` or the end.
fn options(mut bytes: &[u8], endian: Endian) -> Vec<(u16, &[u8])> {
    let mut found = Vec::new();
    while let (Some(code), Some(len)) = (endian.u16(bytes, 0), endian.u16(bytes, 2)) {
        if code == 0 {
            break;
        }
        let len = usize::from(len);
        let Some(value) = bytes.get(4..4 + len) else {
            break;
        };
        found.push((code, value));
        bytes = bytes.get(4 + len.next_multiple_of(4)..).unwrap_or_default();
    }
    found
}

struct Packet<'a> {
    interface: usize,
    units: Option<u64>,
    data: &'a [u8],
    wire_len: usize,
}

fn read_packet(kind: u32, body: &[u8], endian: Endian) -> Option<Packet<'_>> {
    match kind {
        // Enhanced Packet Block.
        6 => {
            let caplen = endian.u32(body, 12)? as usize;
            Some(Packet {
                interface: endian.u32(body, 0)? as usize,
                units: Some((u64::from(endian.u32(body, 4)?) << 32) | u64::from(endian.u32(body, 8)?)),
                data: body.get(20..20usize.checked_add(caplen)?)?,
                wire_len: endian.u32(body, 16)? as usize,
            })
        }
        // The obsolete Packet Block: a 16-bit interface id and a drop count.
        2 => {
            let caplen = endian.u32(body, 12)? as usize;
            Some(Packet {
                interface: usize::from(endian.u16(body, 0)?),
                units: Some((u64::from(endian.u32(body, 4)?) << 32) | u64::from(endian.u32(body, 8)?)),
                data: body.get(20..20usize.checked_add(caplen)?)?,
                wire_len: endian.u32(body, 16)? as usize,
            })
        }
        // Simple Packet Block: interface 0, no time, the data fills the block (padding included).
        _ => {
            let wire_len = endian.u32(body, 0)? as usize;
            let data = body.get(4..)?;
            Some(Packet { interface: 0, units: None, data: data.get(..wire_len.min(data.len()))?, wire_len })
        }
    }
}

fn bad_file(text: &str, at: usize) -> TraceNote {
    TraceNote::new(NoteKind::BadFile, text).at(Span::new(at, at))
}
