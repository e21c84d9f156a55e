//! Link layers: from a captured frame to the IP packet inside.
//!
//! Known link types: Ethernet (1; 802.1Q/802.1ad VLAN tags, PPPoE session, MPLS), BSD null (0)
//! and loopback (108), raw IP (101, and 12/14 as some systems write it; 228 IPv4, 229 IPv6),
//! Linux cooked capture SLL (113) and SLL2 (276). The family word of null/loopback is in the
//! capturing machine's byte order and differs between BSDs, so the IP version nibble decides.

use crate::capture::be16;

/// What a frame carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Network<'a> {
    /// An IPv4 or IPv6 packet (the version nibble tells which).
    Ip(&'a [u8]),
    /// Something else (ARP, LLDP, STP…).
    Other,
}

/// The network layer of a frame, or `None` when the link type is unknown.
pub fn network(link_type: u32, frame: &[u8]) -> Option<Network<'_>> {
    let network = match link_type {
        1 => ethernet(frame),
        0 | 108 => ip_by_version(frame.get(4..).unwrap_or_default()),
        101 | 12 | 14 | 228 | 229 => ip_by_version(frame),
        113 => by_ether_type(be16(frame, 14).unwrap_or(0), frame.get(16..).unwrap_or_default()),
        276 => by_ether_type(be16(frame, 0).unwrap_or(0), frame.get(20..).unwrap_or_default()),
        _ => return None,
    };
    Some(network)
}

fn ip_by_version(packet: &[u8]) -> Network<'_> {
    match packet.first().map(|b| b >> 4) {
        Some(4 | 6) => Network::Ip(packet),
        _ => Network::Other,
    }
}

fn ethernet(frame: &[u8]) -> Network<'_> {
    let mut at = 12;
    // VLAN tags (802.1Q, 802.1ad, the old QinQ value) may stack.
    loop {
        match be16(frame, at) {
            Some(0x8100 | 0x88a8 | 0x9100) => at += 4,
            Some(ether_type) => {
                return by_ether_type(ether_type, frame.get(at + 2..).unwrap_or_default());
            }
            None => return Network::Other,
        }
    }
}

fn by_ether_type(ether_type: u16, payload: &[u8]) -> Network<'_> {
    match ether_type {
        0x0800 | 0x86dd => ip_by_version(payload),
        // PPPoE session: 6 bytes of PPPoE, then the PPP protocol (0x0021 IPv4, 0x0057 IPv6).
        0x8864 => match be16(payload, 6) {
            Some(0x0021 | 0x0057) => ip_by_version(payload.get(8..).unwrap_or_default()),
            _ => Network::Other,
        },
        // MPLS: labels until the bottom-of-stack bit, then (by convention) IP.
        0x8847 | 0x8848 => {
            let mut at = 0;
            while let Some(label) = payload.get(at..at + 4) {
                at += 4;
                if label.get(2).is_some_and(|b| b & 1 == 1) {
                    return ip_by_version(payload.get(at..).unwrap_or_default());
                }
            }
            Network::Other
        }
        _ => Network::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IP: [u8; 2] = [0x45, 0];

    #[test]
    fn every_known_link_type_reaches_the_ip_packet() {
        let mut eth = vec![0; 12];
        eth.extend([0x81, 0x00, 0, 5, 0x88, 0xa8, 0, 6, 0x08, 0x00]);
        eth.extend(IP);
        assert_eq!(network(1, &eth), Some(Network::Ip(&IP)));
        assert_eq!(network(0, &[2, 0, 0, 0, 0x45, 0]), Some(Network::Ip(&IP)));
        assert_eq!(network(108, &[0, 0, 0, 2, 0x45, 0]), Some(Network::Ip(&IP)));
        assert_eq!(network(101, &IP), Some(Network::Ip(&IP)));
        let mut sll = vec![0; 14];
        sll.extend([0x08, 0x00, 0x45, 0]);
        assert_eq!(network(113, &sll), Some(Network::Ip(&IP)));
        let mut sll2 = vec![0x86, 0xdd];
        sll2.extend([0; 18]);
        sll2.extend([0x60, 0]);
        assert_eq!(network(276, &sll2), Some(Network::Ip(&[0x60, 0])));
        let mut mpls = vec![0; 12];
        mpls.extend([0x88, 0x47, 0, 0, 0, 64, 0, 0, 1, 64]);
        mpls.extend(IP);
        assert_eq!(network(1, &mpls), Some(Network::Ip(&IP)));
    }

    #[test]
    fn other_protocols_and_unknown_link_types() {
        let mut arp = vec![0; 12];
        arp.extend([0x08, 0x06, 0, 1]);
        assert_eq!(network(1, &arp), Some(Network::Other));
        assert_eq!(network(1, &[0; 5]), Some(Network::Other));
        assert_eq!(network(147, &IP), None);
    }
}
