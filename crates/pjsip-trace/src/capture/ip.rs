//! IPv4 and IPv6: addresses, the transport protocol and its bytes, fragments put back together.
//!
//! IPv6 extension headers (hop-by-hop, routing, destination options, mobility, HIP, shim6,
//! authentication, fragment) are walked; ESP means encrypted. Length fields are clamped to the
//! bytes captured, and a zero length (offloaded packets captured on the sending host) means "all
//! of it". Fragments wait in a [`Reassembler`] with bounded memory: a datagram is at most 64 KiB
//! in at most 128 pieces, at most 4,096 datagrams and 8 MiB wait at once, the oldest giving way.

use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::capture::{be16, be32};

pub const UDP: u8 = 17;
pub const TCP: u8 = 6;
const ESP: u8 = 50;

/// A whole IP datagram's transport part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Datagram<'a> {
    pub source: IpAddr,
    pub destination: IpAddr,
    pub protocol: u8,
    pub payload: Cow<'a, [u8]>,
    /// The capture kept fewer bytes than the packet had.
    pub cut: bool,
}

/// What an IP packet turned out to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ip<'a> {
    Datagram(Datagram<'a>),
    /// A fragment, held until its datagram is whole.
    Held,
    /// IPsec ESP: encrypted.
    Encrypted,
    /// Not a readable IP packet.
    Malformed,
}

/// Reads an IPv4 or IPv6 packet.
pub fn read<'a>(packet: &'a [u8], fragments: &mut Reassembler) -> Ip<'a> {
    match packet.first().map(|b| b >> 4) {
        Some(4) => ipv4(packet, fragments),
        Some(6) => ipv6(packet, fragments),
        _ => Ip::Malformed,
    }
}

fn ipv4<'a>(packet: &'a [u8], fragments: &mut Reassembler) -> Ip<'a> {
    let header_len = usize::from(packet.first().map_or(0, |b| b & 0x0f)) * 4;
    let (Some(total), Some(id), Some(flags), Some(protocol), Some(addresses)) =
        (be16(packet, 2), be16(packet, 4), be16(packet, 6), packet.get(9).copied(), packet.get(12..20))
    else {
        return Ip::Malformed;
    };
    let total = usize::from(total);
    if header_len < 20 || (total != 0 && total < header_len) {
        return Ip::Malformed;
    }
    let end = if total == 0 { packet.len() } else { total.min(packet.len()) };
    let Some(payload) = packet.get(header_len..end) else {
        return Ip::Malformed;
    };
    let source = IpAddr::V4(Ipv4Addr::new(addresses[0], addresses[1], addresses[2], addresses[3]));
    let destination = IpAddr::V4(Ipv4Addr::new(addresses[4], addresses[5], addresses[6], addresses[7]));
    let more = flags & 0x2000 != 0;
    let offset = usize::from(flags & 0x1fff) * 8;
    let cut = total > packet.len();
    if more || offset > 0 {
        let key = FragmentKey { source, destination, id: u32::from(id), protocol };
        return match fragments.add(key, offset, payload, more, protocol) {
            Some((whole, protocol)) => finish(source, destination, protocol, Cow::Owned(whole), cut),
            None => Ip::Held,
        };
    }
    finish(source, destination, protocol, Cow::Borrowed(payload), cut)
}

fn ipv6<'a>(packet: &'a [u8], fragments: &mut Reassembler) -> Ip<'a> {
    let (Some(payload_len), Some(next), Some(src), Some(dst)) =
        (be16(packet, 4), packet.get(6).copied(), packet.get(8..24), packet.get(24..40))
    else {
        return Ip::Malformed;
    };
    let payload_len = usize::from(payload_len);
    let end = if payload_len == 0 { packet.len() } else { (40 + payload_len).min(packet.len()) };
    let cut = 40 + payload_len > packet.len();
    let source = IpAddr::V6(Ipv6Addr::from(<[u8; 16]>::try_from(src).unwrap_or_default()));
    let destination = IpAddr::V6(Ipv6Addr::from(<[u8; 16]>::try_from(dst).unwrap_or_default()));
    let body = packet.get(40..end).unwrap_or_default();
    match walk_extensions(next, body) {
        Walk::Done { protocol, at } => finish(source, destination, protocol, Cow::Borrowed(body.get(at..).unwrap_or_default()), cut),
        Walk::Fragment { next, offset, more, id, at } => {
            let key = FragmentKey { source, destination, id, protocol: 0 };
            match fragments.add(key, offset, body.get(at..).unwrap_or_default(), more, next) {
                // The reassembled part may begin with more extension headers.
                Some((whole, next)) => match walk_extensions(next, &whole) {
                    Walk::Done { protocol, at } => {
                        let rest = whole.get(at..).unwrap_or_default().to_vec();
                        finish(source, destination, protocol, Cow::Owned(rest), cut)
                    }
                    _ => Ip::Malformed,
                },
                None => Ip::Held,
            }
        }
        Walk::Encrypted => Ip::Encrypted,
        Walk::Malformed => Ip::Malformed,
    }
}

fn finish<'a>(source: IpAddr, destination: IpAddr, protocol: u8, payload: Cow<'a, [u8]>, cut: bool) -> Ip<'a> {
    if protocol == ESP {
        return Ip::Encrypted;
    }
    Ip::Datagram(Datagram { source, destination, protocol, payload, cut })
}

enum Walk {
    Done { protocol: u8, at: usize },
    Fragment { next: u8, offset: usize, more: bool, id: u32, at: usize },
    Encrypted,
    Malformed,
}

/// Follows IPv6 extension headers from `next` at the start of `body`. Each step moves at least
/// 8 bytes, so the walk ends.
fn walk_extensions(mut next: u8, body: &[u8]) -> Walk {
    let mut at = 0;
    loop {
        match next {
            0 | 43 | 60 | 135 | 139 | 140 | 51 => {
                let (Some(&following), Some(&len)) = (body.get(at), body.get(at + 1)) else {
                    return Walk::Malformed;
                };
                at += if next == 51 { (usize::from(len) + 2) * 4 } else { (usize::from(len) + 1) * 8 };
                next = following;
            }
            44 => {
                let (Some(&following), Some(field), Some(id)) = (body.get(at), be16(body, at + 2), be32(body, at + 4)) else {
                    return Walk::Malformed;
                };
                return Walk::Fragment { next: following, offset: usize::from(field & 0xfff8), more: field & 1 == 1, id, at: at + 8 };
            }
            ESP => return Walk::Encrypted,
            protocol => return if at <= body.len() { Walk::Done { protocol, at } } else { Walk::Malformed },
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct FragmentKey {
    source: IpAddr,
    destination: IpAddr,
    id: u32,
    protocol: u8,
}

#[derive(Debug, Default)]
struct Pending {
    pieces: Vec<(usize, Vec<u8>)>,
    /// Known once the last fragment arrived.
    total: Option<usize>,
    received: usize,
    /// The protocol (IPv4) or the next header of the fragmentable part (IPv6).
    protocol: u8,
}

const MAX_DATAGRAM: usize = 65_535;
const MAX_PIECES: usize = 128;
const MAX_WAITING_BYTES: usize = 8 << 20;
const MAX_WAITING: usize = 4_096;

/// Fragments waiting for the rest of their datagram.
#[derive(Debug, Default)]
pub struct Reassembler {
    pending: HashMap<FragmentKey, Pending>,
    /// Arrival order of the waiting datagrams, oldest first (keys may be stale).
    order: VecDeque<FragmentKey>,
    waiting_bytes: usize,
    /// Datagrams given up: too big, too many pieces, or pushed out by newer ones.
    pub dropped: u64,
    /// Datagrams put back together.
    pub reassembled: u64,
}

impl Reassembler {
    /// Adds a fragment; returns the whole payload and its protocol once every byte is there.
    fn add(&mut self, key: FragmentKey, offset: usize, data: &[u8], more: bool, protocol: u8) -> Option<(Vec<u8>, u8)> {
        let end = offset.checked_add(data.len())?;
        if end > MAX_DATAGRAM {
            self.dropped += 1;
            self.forget(&key);
            return None;
        }
        if !self.pending.contains_key(&key) {
            self.make_room(data.len());
            self.order.push_back(key);
        }
        let pending = self.pending.entry(key).or_default();
        if pending.pieces.len() >= MAX_PIECES {
            self.dropped += 1;
            self.forget(&key);
            return None;
        }
        if offset == 0 {
            pending.protocol = protocol;
        }
        if !more {
            pending.total = Some(end);
        }
        pending.pieces.push((offset, data.to_vec()));
        pending.received += data.len();
        self.waiting_bytes += data.len();
        let total = pending.total?;
        if pending.received < total {
            return None;
        }
        let whole = assemble(&mut pending.pieces, total)?;
        let protocol = pending.protocol;
        self.forget(&key);
        self.reassembled += 1;
        Some((whole, protocol))
    }

    fn forget(&mut self, key: &FragmentKey) {
        if let Some(gone) = self.pending.remove(key) {
            self.waiting_bytes = self.waiting_bytes.saturating_sub(gone.received);
        }
    }

    /// Drops the oldest waiting datagrams until `incoming` more bytes and one more datagram fit.
    fn make_room(&mut self, incoming: usize) {
        while self.pending.len() >= MAX_WAITING || self.waiting_bytes + incoming > MAX_WAITING_BYTES {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            if self.pending.contains_key(&oldest) {
                self.forget(&oldest);
                self.dropped += 1;
            }
        }
        // Stale keys of finished datagrams would otherwise pile up.
        if self.order.len() > 2 * MAX_WAITING {
            let pending = &self.pending;
            self.order.retain(|k| pending.contains_key(k));
        }
    }

    /// Datagrams still incomplete.
    pub fn waiting(&self) -> usize {
        self.pending.len()
    }
}

/// The datagram's bytes when the pieces cover `0..total` without a hole.
fn assemble(pieces: &mut [(usize, Vec<u8>)], total: usize) -> Option<Vec<u8>> {
    pieces.sort_unstable_by_key(|(offset, _)| *offset);
    let mut covered = 0;
    for (offset, data) in pieces.iter() {
        if *offset > covered {
            return None;
        }
        covered = covered.max(offset + data.len());
    }
    if covered < total {
        return None;
    }
    let mut whole = vec![0; total];
    for (offset, data) in pieces.iter() {
        let end = (offset + data.len()).min(total);
        if let (Some(target), Some(source)) = (whole.get_mut(*offset..end), data.get(..end.saturating_sub(*offset))) {
            target.copy_from_slice(source);
        }
    }
    Some(whole)
}
