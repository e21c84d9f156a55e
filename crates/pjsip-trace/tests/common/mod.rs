//! Builders for capture files and the packets inside them, and SIP messages to put there.
//! Written from the formats' specifications (pcap, pcapng, Ethernet, SLL, IPv4/IPv6, UDP, TCP).

#![allow(dead_code)]

use std::net::IpAddr;

/// Byte order of a file being built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Little,
    Big,
}

impl Order {
    fn u16(self, v: u16) -> [u8; 2] {
        match self {
            Order::Little => v.to_le_bytes(),
            Order::Big => v.to_be_bytes(),
        }
    }
    fn u32(self, v: u32) -> [u8; 4] {
        match self {
            Order::Little => v.to_le_bytes(),
            Order::Big => v.to_be_bytes(),
        }
    }
    fn u64(self, v: u64) -> [u8; 8] {
        match self {
            Order::Little => v.to_le_bytes(),
            Order::Big => v.to_be_bytes(),
        }
    }
}

/// A classic pcap file.
pub struct Pcap {
    order: Order,
    nanos: bool,
    pub bytes: Vec<u8>,
}

impl Pcap {
    pub fn new(order: Order, nanos: bool, link_type: u32) -> Pcap {
        let magic: u32 = if nanos { 0xa1b2_3c4d } else { 0xa1b2_c3d4 };
        let mut bytes = Vec::new();
        bytes.extend(order.u32(magic));
        bytes.extend(order.u16(2));
        bytes.extend(order.u16(4));
        bytes.extend(order.u32(0));
        bytes.extend(order.u32(0));
        bytes.extend(order.u32(65535));
        bytes.extend(order.u32(link_type));
        Pcap { order, nanos, bytes }
    }

    /// A record at `micros` microseconds since the epoch.
    pub fn record(&mut self, micros: u64, data: &[u8]) -> &mut Pcap {
        self.record_cut(micros, data, data.len())
    }

    /// A record that keeps only `kept` bytes of `data`.
    pub fn record_cut(&mut self, micros: u64, data: &[u8], kept: usize) -> &mut Pcap {
        let seconds = (micros / 1_000_000) as u32;
        let fraction = (micros % 1_000_000) as u32 * if self.nanos { 1000 } else { 1 };
        let o = self.order;
        self.bytes.extend(o.u32(seconds));
        self.bytes.extend(o.u32(fraction));
        self.bytes.extend(o.u32(kept as u32));
        self.bytes.extend(o.u32(data.len() as u32));
        self.bytes.extend(&data[..kept]);
        self
    }
}

/// A pcapng file, built block by block.
pub struct PcapNg {
    order: Order,
    pub bytes: Vec<u8>,
}

impl PcapNg {
    pub fn new(order: Order) -> PcapNg {
        let mut file = PcapNg { order, bytes: Vec::new() };
        file.section(order);
        file
    }

    fn block(&mut self, kind: u32, body: &[u8]) -> &mut PcapNg {
        let o = self.order;
        let padded = body.len().div_ceil(4) * 4;
        let total = (12 + padded) as u32;
        self.bytes.extend(o.u32(kind));
        self.bytes.extend(o.u32(total));
        self.bytes.extend(body);
        self.bytes.extend(std::iter::repeat_n(0, padded - body.len()));
        self.bytes.extend(o.u32(total));
        self
    }

    /// Starts a new section (interfaces are numbered from 0 again).
    pub fn section(&mut self, order: Order) -> &mut PcapNg {
        self.order = order;
        let mut body = Vec::new();
        body.extend(order.u32(0x1a2b_3c4d));
        body.extend(order.u16(1));
        body.extend(order.u16(0));
        body.extend(order.u64(u64::MAX));
        self.block(0x0a0d_0d0a, &body)
    }

    /// An interface; `tsresol` is the raw `if_tsresol` byte (6 = µs, the default; 9 = ns).
    pub fn interface(&mut self, link_type: u16, tsresol: Option<u8>) -> &mut PcapNg {
        let o = self.order;
        let mut body = Vec::new();
        body.extend(o.u16(link_type));
        body.extend(o.u16(0));
        body.extend(o.u32(65535));
        if let Some(r) = tsresol {
            body.extend(o.u16(9));
            body.extend(o.u16(1));
            body.extend([r, 0, 0, 0]);
            body.extend(o.u16(0));
            body.extend(o.u16(0));
        }
        self.block(1, &body)
    }

    /// An Enhanced Packet Block with a timestamp in the interface's units.
    pub fn packet(&mut self, interface: u32, units: u64, data: &[u8]) -> &mut PcapNg {
        let o = self.order;
        let mut body = Vec::new();
        body.extend(o.u32(interface));
        body.extend(o.u32((units >> 32) as u32));
        body.extend(o.u32(units as u32));
        body.extend(o.u32(data.len() as u32));
        body.extend(o.u32(data.len() as u32));
        body.extend(data);
        self.block(6, &body)
    }

    /// A Simple Packet Block (interface 0, no time).
    pub fn simple_packet(&mut self, data: &[u8]) -> &mut PcapNg {
        let o = self.order;
        let mut body = Vec::new();
        body.extend(o.u32(data.len() as u32));
        body.extend(data);
        self.block(3, &body)
    }

    /// A Name Resolution Block (skipped by readers that do not need it).
    pub fn names(&mut self) -> &mut PcapNg {
        self.block(4, &[0, 0, 0, 0])
    }
}

pub const IPV4: u16 = 0x0800;
pub const IPV6: u16 = 0x86dd;

/// An Ethernet II frame, with VLAN tags if any.
pub fn ethernet(ether_type: u16, vlans: &[u16], payload: &[u8]) -> Vec<u8> {
    let mut frame = vec![0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2];
    for vlan in vlans {
        frame.extend(0x8100u16.to_be_bytes());
        frame.extend(vlan.to_be_bytes());
    }
    frame.extend(ether_type.to_be_bytes());
    frame.extend(payload);
    frame
}

/// A Linux cooked (SLL) frame.
pub fn sll(protocol: u16, payload: &[u8]) -> Vec<u8> {
    let mut frame = vec![0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0];
    frame.extend(protocol.to_be_bytes());
    frame.extend(payload);
    frame
}

/// A Linux cooked v2 (SLL2) frame.
pub fn sll2(protocol: u16, payload: &[u8]) -> Vec<u8> {
    let mut frame = protocol.to_be_bytes().to_vec();
    frame.extend([0, 0, 0, 0, 0, 2, 0, 1, 0, 0, 6, 2, 0, 0, 0, 0, 1, 0]);
    frame.extend(payload);
    frame
}

/// A BSD null/loopback frame (family word in little-endian, as on x86).
pub fn null(family: u32, payload: &[u8]) -> Vec<u8> {
    let mut frame = family.to_le_bytes().to_vec();
    frame.extend(payload);
    frame
}

pub fn ip4(text: &str) -> [u8; 4] {
    match text.parse::<IpAddr>().unwrap() {
        IpAddr::V4(ip) => ip.octets(),
        IpAddr::V6(_) => panic!("not IPv4: {text}"),
    }
}

pub fn ip6(text: &str) -> [u8; 16] {
    match text.parse::<IpAddr>().unwrap() {
        IpAddr::V6(ip) => ip.octets(),
        IpAddr::V4(_) => panic!("not IPv6: {text}"),
    }
}

/// An IPv4 packet (or fragment: `offset` in bytes, a multiple of 8).
pub fn ipv4_fragment(src: &str, dst: &str, protocol: u8, id: u16, offset: usize, more: bool, payload: &[u8]) -> Vec<u8> {
    let total = (20 + payload.len()) as u16;
    let flags = ((offset / 8) as u16) | if more { 0x2000 } else { 0 };
    let mut packet = vec![0x45, 0];
    packet.extend(total.to_be_bytes());
    packet.extend(id.to_be_bytes());
    packet.extend(flags.to_be_bytes());
    packet.extend([64, protocol, 0, 0]);
    packet.extend(ip4(src));
    packet.extend(ip4(dst));
    packet.extend(payload);
    packet
}

pub fn ipv4(src: &str, dst: &str, protocol: u8, payload: &[u8]) -> Vec<u8> {
    ipv4_fragment(src, dst, protocol, 1, 0, false, payload)
}

/// An IPv6 packet; `extensions` are (header type, body bytes) placed before the payload.
pub fn ipv6_with(src: &str, dst: &str, protocol: u8, extensions: &[(u8, Vec<u8>)], payload: &[u8]) -> Vec<u8> {
    let mut chain = Vec::new();
    let kinds: Vec<u8> = extensions.iter().map(|(k, _)| *k).chain([protocol]).collect();
    for (i, (_, body)) in extensions.iter().enumerate() {
        chain.push(kinds[i + 1]);
        chain.extend(body);
    }
    chain.extend(payload);
    let mut packet = vec![0x60, 0, 0, 0];
    packet.extend((chain.len() as u16).to_be_bytes());
    packet.push(kinds[0]);
    packet.push(64);
    packet.extend(ip6(src));
    packet.extend(ip6(dst));
    packet.extend(chain);
    packet
}

pub fn ipv6(src: &str, dst: &str, protocol: u8, payload: &[u8]) -> Vec<u8> {
    ipv6_with(src, dst, protocol, &[], payload)
}

/// The body (after the next-header byte) of an 8-byte options header with padding.
pub fn ipv6_options() -> Vec<u8> {
    vec![0, 1, 4, 0, 0, 0, 0]
}

/// The body (after the next-header byte) of a fragment header.
pub fn ipv6_fragment_header(offset: usize, more: bool, id: u32) -> Vec<u8> {
    let field = (offset as u16 & 0xfff8) | u16::from(more);
    let mut body = vec![0];
    body.extend(field.to_be_bytes());
    body.extend(id.to_be_bytes());
    body
}

pub const UDP: u8 = 17;
pub const TCP: u8 = 6;

pub fn udp(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    let mut segment = Vec::new();
    segment.extend(sport.to_be_bytes());
    segment.extend(dport.to_be_bytes());
    segment.extend(((8 + payload.len()) as u16).to_be_bytes());
    segment.extend([0, 0]);
    segment.extend(payload);
    segment
}

pub const FIN: u8 = 0x01;
pub const SYN: u8 = 0x02;
pub const PSH_ACK: u8 = 0x18;
pub const ACK: u8 = 0x10;

pub fn tcp(sport: u16, dport: u16, seq: u32, flags: u8, payload: &[u8]) -> Vec<u8> {
    let mut segment = Vec::new();
    segment.extend(sport.to_be_bytes());
    segment.extend(dport.to_be_bytes());
    segment.extend(seq.to_be_bytes());
    segment.extend(0u32.to_be_bytes());
    segment.extend([0x50, flags, 0xff, 0xff, 0, 0, 0, 0]);
    segment.extend(payload);
    segment
}

/// Ethernet + IPv4 + UDP in one go.
pub fn eth_udp(src: &str, sport: u16, dst: &str, dport: u16, payload: &[u8]) -> Vec<u8> {
    ethernet(IPV4, &[], &ipv4(src, dst, UDP, &udp(sport, dport, payload)))
}

/// Ethernet + IPv4 + TCP in one go.
pub fn eth_tcp(src: &str, sport: u16, dst: &str, dport: u16, seq: u32, flags: u8, payload: &[u8]) -> Vec<u8> {
    ethernet(IPV4, &[], &ipv4(src, dst, TCP, &tcp(sport, dport, seq, flags, payload)))
}

// SIP messages of a registration with a challenge, as a phone and Asterisk would exchange them.

pub fn register(cseq: u32, branch: &str, with_auth: bool) -> String {
    let auth = if with_auth {
        "Authorization: Digest username=\"100\", realm=\"asterisk\", nonce=\"1733234869/f00\", uri=\"sip:203.0.113.1\", response=\"9f3c1d1a0c2b4e5f6a7b8c9d0e1f2a3b\", algorithm=MD5\r\n"
    } else {
        ""
    };
    format!(
        "REGISTER sip:203.0.113.1 SIP/2.0\r\n\
Via: SIP/2.0/UDP 198.51.100.7:5060;rport;branch={branch}\r\n\
Max-Forwards: 70\r\n\
From: <sip:100@203.0.113.1>;tag=phone-1\r\n\
To: <sip:100@203.0.113.1>\r\n\
Call-ID: reg-1@198.51.100.7\r\n\
CSeq: {cseq} REGISTER\r\n\
Contact: <sip:100@198.51.100.7:5060>\r\n\
Expires: 3600\r\n\
{auth}User-Agent: Yealink SIP-T46S\r\n\
Content-Length: 0\r\n\
\r\n"
    )
}

pub fn response(status: u16, reason: &str, request: &str, extra: &str) -> String {
    let mut out = format!("SIP/2.0 {status} {reason}\r\n");
    for line in request.split("\r\n").skip(1) {
        let lower = line.to_ascii_lowercase();
        if ["via:", "from:", "to:", "call-id:", "cseq:"].iter().any(|h| lower.starts_with(h)) {
            out.push_str(line);
            if lower.starts_with("to:") && !line.contains("tag=") {
                out.push_str(";tag=pbx-1");
            }
            out.push_str("\r\n");
        }
    }
    out.push_str(extra);
    out.push_str("Server: Asterisk PBX 22.10.1\r\nContent-Length: 0\r\n\r\n");
    out
}

/// An INVITE with an SDP body of about `body_len` bytes.
pub fn invite(transport: &str, branch: &str, body_len: usize) -> String {
    let mut body =
        String::from("v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 8 101\r\n");
    while body.len() < body_len {
        body.push_str("a=rtpmap:0 PCMU/8000\r\n");
    }
    format!(
        "INVITE sip:200@203.0.113.1 SIP/2.0\r\n\
Via: SIP/2.0/{transport} 198.51.100.7:5060;branch={branch}\r\n\
From: \"Alice\" <sip:100@203.0.113.1>;tag=call-1\r\n\
To: <sip:200@203.0.113.1>\r\n\
Call-ID: call-1@198.51.100.7\r\n\
CSeq: 1 INVITE\r\n\
Contact: <sip:100@198.51.100.7:5060;transport={}>\r\n\
Content-Type: application/sdp\r\n\
Content-Length: {}\r\n\
\r\n{body}",
        transport.to_ascii_lowercase(),
        body.len()
    )
}
