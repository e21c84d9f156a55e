//! Captures built here, byte by byte, for every link type, IP version, fragmenting, TCP
//! situation and file variant the reader claims to handle.

mod common;

use common::*;
use pjsip_trace::{read, read_with, Clock, Direction, NoteKind, PbxAddress, ReadOptions, Trace, TraceFormat, Transport};

const PHONE: &str = "198.51.100.7";
const PBX: &str = "203.0.113.1";

/// The four messages of a challenged registration, phone ↔ PBX.
fn registration() -> Vec<(bool, String)> {
    let first = register(1, "z9hG4bK-r1", false);
    let second = register(2, "z9hG4bK-r2", true);
    vec![
        (true, first.clone()),
        (
            false,
            response(
                401,
                "Unauthorized",
                &first,
                "WWW-Authenticate: Digest realm=\"asterisk\",nonce=\"1733234869/f00\",opaque=\"1\",algorithm=md5,qop=\"auth\"\r\n",
            ),
        ),
        (true, second.clone()),
        (false, response(200, "OK", &second, "Expires: 3600\r\n")),
    ]
}

fn summaries(trace: &Trace) -> Vec<String> {
    trace.messages.iter().map(|m| m.sip.summary()).collect()
}

fn note_kinds(trace: &Trace) -> Vec<NoteKind> {
    trace.notes.iter().map(|n| n.kind).collect()
}

fn assert_registration(trace: &Trace) {
    assert_eq!(summaries(trace), vec!["REGISTER sip:203.0.113.1", "401 Unauthorized", "REGISTER sip:203.0.113.1", "200 OK"]);
    let directions: Vec<_> = trace.messages.iter().map(|m| m.direction).collect();
    assert_eq!(directions, vec![Direction::Received, Direction::Transmitted, Direction::Received, Direction::Transmitted]);
    let m = &trace.messages;
    assert_eq!(m[0].exchange.responses, vec![1]);
    assert_eq!(m[0].exchange.final_status, Some(401));
    assert_eq!(m[1].exchange.request, Some(0));
    assert_eq!(m[2].exchange.retry_of, Some(0));
    assert_eq!(m[2].exchange.final_status, Some(200));
    assert_eq!(m[3].exchange.request, Some(2));
    assert_eq!(trace.inbound_requests().count(), 2);
}

fn udp_registration_pcap(order: Order, nanos: bool) -> Vec<u8> {
    let mut file = Pcap::new(order, nanos, 1);
    for (n, (from_phone, text)) in registration().into_iter().enumerate() {
        let frame =
            if from_phone { eth_udp(PHONE, 5060, PBX, 5060, text.as_bytes()) } else { eth_udp(PBX, 5060, PHONE, 5060, text.as_bytes()) };
        file.record(1_733_234_869_000_000 + n as u64 * 20_250, &frame);
    }
    file.bytes
}

#[test]
fn ethernet_ipv4_udp_little_endian_microseconds() {
    let trace = read(&udp_registration_pcap(Order::Little, false));
    assert_eq!(trace.format, TraceFormat::Pcap);
    assert!(trace.notes.is_empty(), "{:?}", trace.notes);
    assert_registration(&trace);
    assert_eq!(trace.pbx, Some(PbxAddress { ip: PBX.parse().unwrap(), port: None }));
    let first = &trace.messages[0];
    assert_eq!(first.transport, Transport::Udp);
    assert_eq!(first.source.unwrap().to_string(), "198.51.100.7:5060");
    assert_eq!(first.destination.unwrap().to_string(), "203.0.113.1:5060");
    assert_eq!(first.frame, Some(1));
    let stamp = first.timestamp.as_ref().unwrap();
    assert_eq!(stamp.clock, Clock::Utc);
    assert_eq!(stamp.nanos, Some(1_733_234_869_000_000_000));
    let later = trace.messages[3].timestamp.as_ref().unwrap();
    assert_eq!(later.millis_since(stamp), Some(60));
    assert_eq!(trace.stats.frames, 4);
}

#[test]
fn big_endian_nanosecond_pcap_reads_the_same() {
    let little = read(&udp_registration_pcap(Order::Little, false));
    let big = read(&udp_registration_pcap(Order::Big, true));
    assert_eq!(little.messages, big.messages);
}

#[test]
fn ipv6_with_extension_headers_and_vlan_tags() {
    let text = register(1, "z9hG4bK-v6", false);
    let packet =
        ipv6_with("2001:db8::7", "2001:db8::1", UDP, &[(0, ipv6_options()), (60, ipv6_options())], &udp(5060, 5060, text.as_bytes()));
    let mut file = Pcap::new(Order::Little, false, 1);
    file.record(0, &ethernet(IPV6, &[100, 200], &packet));
    let answer = response(200, "OK", &text, "");
    file.record(1, &ethernet(IPV6, &[100], &ipv6("2001:db8::1", "2001:db8::7", UDP, &udp(5060, 5060, answer.as_bytes()))));
    let trace = read(&file.bytes);
    assert_eq!(summaries(&trace), vec!["REGISTER sip:203.0.113.1", "200 OK"]);
    assert_eq!(trace.messages[0].source.unwrap().to_string(), "[2001:db8::7]:5060");
    assert_eq!(trace.messages[0].direction, Direction::Received);
    assert_eq!(trace.messages[0].exchange.final_status, Some(200));
}

#[test]
fn fragmented_ipv4_reassembles_out_of_order() {
    let text = invite("UDP", "z9hG4bK-frag", 3000);
    let datagram = udp(5060, 5060, text.as_bytes());
    let pieces = [(0, 1480), (1480, 2960), (2960, datagram.len())];
    let mut file = Pcap::new(Order::Little, false, 1);
    for &(start, end) in [pieces[2], pieces[0], pieces[1]].iter() {
        let more = end != datagram.len();
        let packet = ipv4_fragment(PHONE, PBX, UDP, 77, start, more, &datagram[start..end]);
        file.record(start as u64, &ethernet(IPV4, &[], &packet));
    }
    let trace = read(&file.bytes);
    assert!(trace.notes.is_empty(), "{:?}", trace.notes);
    assert_eq!(trace.messages.len(), 1);
    assert_eq!(trace.messages[0].sip.text, text);
    assert_eq!(trace.messages[0].frame, Some(3));
    assert!(trace.messages[0].sip.problems.is_empty());
}

#[test]
fn fragmented_ipv6_reassembles() {
    let text = invite("UDP", "z9hG4bK-frag6", 2000);
    let datagram = udp(5060, 5060, text.as_bytes());
    let mut file = Pcap::new(Order::Little, false, 1);
    let cut = 1232;
    for (start, end, more) in [(0, cut, true), (cut, datagram.len(), false)] {
        let packet = ipv6_with("2001:db8::7", "2001:db8::1", UDP, &[(44, ipv6_fragment_header(start, more, 9))], &datagram[start..end]);
        file.record(start as u64, &ethernet(IPV6, &[], &packet));
    }
    let trace = read(&file.bytes);
    assert_eq!(trace.messages.len(), 1, "{:?}", trace.notes);
    assert_eq!(trace.messages[0].sip.text, text);
}

#[test]
fn an_incomplete_fragment_set_is_noted() {
    let datagram = udp(5060, 5060, invite("UDP", "z9hG4bK-lost", 3000).as_bytes());
    let mut file = Pcap::new(Order::Little, false, 1);
    file.record(0, &ethernet(IPV4, &[], &ipv4_fragment(PHONE, PBX, UDP, 5, 0, true, &datagram[..1480])));
    let trace = read(&file.bytes);
    assert!(trace.messages.is_empty());
    assert!(note_kinds(&trace).contains(&NoteKind::Fragments), "{:?}", trace.notes);
}

/// A TCP capture: handshake, then two messages in one segment, then one message in three
/// segments of which the last arrives before the middle one, then a retransmission.
fn tcp_capture() -> Vec<u8> {
    let options = "OPTIONS sip:203.0.113.1 SIP/2.0\r\nVia: SIP/2.0/TCP 198.51.100.7:40000;branch=z9hG4bK-o1\r\nFrom: <sip:100@x>;tag=o\r\nTo: <sip:203.0.113.1>\r\nCall-ID: opt-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n".to_string();
    let reg = register(1, "z9hG4bK-t1", false).replace("UDP", "TCP");
    let big = invite("TCP", "z9hG4bK-t2", 1500);
    let mut file = Pcap::new(Order::Little, false, 1);
    let mut t = 0;
    let mut push = |file: &mut Pcap, frame: Vec<u8>| {
        t += 1000;
        file.record(t, &frame);
    };
    let (c, s) = (1000u32, 5000u32);
    push(&mut file, eth_tcp(PHONE, 40000, PBX, 5060, c, SYN, b""));
    push(&mut file, eth_tcp(PBX, 5060, PHONE, 40000, s, SYN | ACK, b""));
    let two = format!("{options}{reg}");
    let mut seq = c + 1;
    push(&mut file, eth_tcp(PHONE, 40000, PBX, 5060, seq, PSH_ACK, two.as_bytes()));
    seq += two.len() as u32;
    let bytes = big.as_bytes();
    let (a, b) = (600, 1200);
    push(&mut file, eth_tcp(PHONE, 40000, PBX, 5060, seq, PSH_ACK, &bytes[..a]));
    push(&mut file, eth_tcp(PHONE, 40000, PBX, 5060, seq + b as u32, PSH_ACK, &bytes[b..]));
    push(&mut file, eth_tcp(PHONE, 40000, PBX, 5060, seq + a as u32, PSH_ACK, &bytes[a..b]));
    // The whole first part again: a retransmission.
    push(&mut file, eth_tcp(PHONE, 40000, PBX, 5060, seq, PSH_ACK, &bytes[..a]));
    let ok = response(200, "OK", &options, "");
    push(&mut file, eth_tcp(PBX, 5060, PHONE, 40000, s + 1, PSH_ACK, ok.as_bytes()));
    file.bytes
}

#[test]
fn tcp_two_messages_in_a_segment_and_one_across_three() {
    let trace = read(&tcp_capture());
    assert!(trace.notes.is_empty(), "{:?}", trace.notes);
    assert_eq!(summaries(&trace), vec!["OPTIONS sip:203.0.113.1", "REGISTER sip:203.0.113.1", "INVITE sip:200@203.0.113.1", "200 OK"]);
    let frames: Vec<_> = trace.messages.iter().map(|m| m.frame.unwrap()).collect();
    assert_eq!(frames, vec![3, 3, 6, 8]);
    assert!(trace.messages.iter().all(|m| m.transport == Transport::Tcp));
    assert_eq!(trace.messages[2].sip.text, invite("TCP", "z9hG4bK-t2", 1500));
    assert_eq!(trace.messages[0].exchange.final_status, Some(200));
    assert_eq!(trace.messages[0].direction, Direction::Received);
    assert_eq!(trace.stats.tcp_retransmissions, 1);
}

#[test]
fn tcp_capture_starting_mid_message_skips_to_the_next_start_line() {
    let first = register(1, "z9hG4bK-m1", false).replace("UDP", "TCP");
    let second = register(2, "z9hG4bK-m2", false).replace("UDP", "TCP");
    let data = format!("{first}{second}");
    let start = 40;
    let mut file = Pcap::new(Order::Little, false, 1);
    file.record(0, &eth_tcp(PHONE, 40001, PBX, 5060, 7000, PSH_ACK, &data.as_bytes()[start..]));
    let trace = read(&file.bytes);
    assert_eq!(summaries(&trace), vec!["REGISTER sip:203.0.113.1"]);
    assert_eq!(trace.messages[0].sip.cseq().unwrap().number, 2);
    let skipped: Vec<_> = trace.notes.iter().filter(|n| n.kind == NoteKind::Skipped).collect();
    assert_eq!(skipped.len(), 1, "{:?}", trace.notes);
    assert!(skipped[0].text.contains(&format!("{} bytes", first.len() - start)), "{}", skipped[0].text);
}

#[test]
fn a_tcp_gap_is_noted_and_the_cut_message_kept_as_truncated() {
    let first = register(1, "z9hG4bK-g1", false).replace("UDP", "TCP");
    let second = register(2, "z9hG4bK-g2", false).replace("UDP", "TCP");
    let third = register(3, "z9hG4bK-g3", false).replace("UDP", "TCP");
    let data = format!("{first}{second}{third}");
    let bytes = data.as_bytes();
    let cut_from = first.len() + 50;
    let cut_to = first.len() + second.len() - 10;
    let mut file = Pcap::new(Order::Little, false, 1);
    file.record(0, &eth_tcp(PHONE, 40002, PBX, 5060, 99, SYN, b""));
    file.record(1, &eth_tcp(PHONE, 40002, PBX, 5060, 100, PSH_ACK, &bytes[..cut_from]));
    file.record(2, &eth_tcp(PHONE, 40002, PBX, 5060, 100 + cut_to as u32, PSH_ACK, &bytes[cut_to..]));
    file.record(3, &eth_tcp(PHONE, 40002, PBX, 5060, 100 + bytes.len() as u32, FIN | ACK, b""));
    let trace = read(&file.bytes);
    let kinds = note_kinds(&trace);
    assert!(kinds.contains(&NoteKind::StreamGap), "{:?}", trace.notes);
    assert!(kinds.contains(&NoteKind::Truncated), "{:?}", trace.notes);
    // The first whole, the second cut by the gap (50 bytes: no CSeq left), the third found
    // again after it.
    let cseqs: Vec<_> = trace.messages.iter().map(|m| m.sip.cseq().map(|c| c.number)).collect();
    assert_eq!(cseqs, vec![Some(1), None, Some(3)]);
    assert_eq!(trace.messages[1].sip.text, &data[first.len()..cut_from]);
    let cut = trace.notes.iter().find(|n| n.kind == NoteKind::Truncated).unwrap();
    assert_eq!(cut.message, Some(1));
    assert!(cut.text.contains("a TCP gap cuts it"), "{}", cut.text);
    let gap = trace.notes.iter().find(|n| n.kind == NoteKind::StreamGap).unwrap();
    assert!(gap.text.contains(&format!("{} bytes missing", cut_to - cut_from)), "{}", gap.text);
}

#[test]
fn every_link_type() {
    let text = register(1, "z9hG4bK-l", false);
    let v4 = ipv4(PHONE, PBX, UDP, &udp(5060, 5060, text.as_bytes()));
    let v6 = ipv6("2001:db8::7", "2001:db8::1", UDP, &udp(5060, 5060, text.as_bytes()));
    let cases: Vec<(u32, Vec<u8>)> = vec![
        (113, sll(IPV4, &v4)),
        (276, sll2(IPV6, &v6)),
        (0, null(2, &v4)),
        (0, null(30, &v6)),
        (108, {
            let mut f = 2u32.to_be_bytes().to_vec();
            f.extend(&v4);
            f
        }),
        (101, v4.clone()),
        (228, v4.clone()),
        (229, v6.clone()),
    ];
    for (link_type, frame) in cases {
        let mut file = Pcap::new(Order::Little, false, link_type);
        file.record(0, &frame);
        let trace = read(&file.bytes);
        assert_eq!(summaries(&trace), vec!["REGISTER sip:203.0.113.1"], "link type {link_type}: {:?}", trace.notes);
    }
}

#[test]
fn an_unknown_link_type_is_named() {
    let mut file = Pcap::new(Order::Little, false, 147);
    file.record(0, b"whatever").record(1, b"else");
    let trace = read(&file.bytes);
    let note = trace.notes.iter().find(|n| n.kind == NoteKind::UnknownLinkType).unwrap();
    assert_eq!(note.text, "unknown link type 147: 2 packets not read");
}

#[test]
fn pcapng_with_two_interfaces_and_two_sections() {
    let reg = registration();
    let mut file = PcapNg::new(Order::Little);
    file.interface(1, None).interface(113, Some(9)).names();
    file.packet(0, 1_733_234_869_000_000, &eth_udp(PHONE, 5060, PBX, 5060, reg[0].1.as_bytes()));
    let v4 = ipv4(PBX, PHONE, UDP, &udp(5060, 5060, reg[1].1.as_bytes()));
    file.packet(1, 1_733_234_869_010_000_000, &sll(IPV4, &v4));
    file.section(Order::Big).interface(101, Some(0x80 | 10));
    let v4 = ipv4(PHONE, PBX, UDP, &udp(5060, 5060, reg[2].1.as_bytes()));
    // 2^10 units per second: 1,774,832,505,856 units = 1,733,234,869.0 s.
    file.packet(0, 1_733_234_869 * 1024, &v4);
    let v4 = ipv4(PBX, PHONE, UDP, &udp(5060, 5060, reg[3].1.as_bytes()));
    file.simple_packet(&v4);
    let trace = read(&file.bytes);
    assert_eq!(trace.format, TraceFormat::PcapNg);
    assert!(trace.notes.is_empty(), "{:?}", trace.notes);
    assert_registration(&trace);
    let nanos: Vec<_> = trace.messages.iter().map(|m| m.timestamp.as_ref().and_then(|t| t.nanos)).collect();
    assert_eq!(nanos, vec![Some(1_733_234_869_000_000_000), Some(1_733_234_869_010_000_000), Some(1_733_234_869_000_000_000), None]);
}

#[test]
fn tls_is_noted_and_rtp_counted_quietly() {
    let mut file = Pcap::new(Order::Little, false, 1);
    let hello = [0x16, 0x03, 0x01, 0x00, 0x05, 1, 0, 0, 1, 0];
    file.record(0, &eth_tcp(PHONE, 40010, PBX, 5061, 1, SYN, b""));
    file.record(1, &eth_tcp(PHONE, 40010, PBX, 5061, 2, PSH_ACK, &hello));
    file.record(2, &eth_tcp(PBX, 5061, PHONE, 40010, 8, PSH_ACK, &hello));
    file.record(3, &eth_tcp(PHONE, 40010, PBX, 5061, 12, PSH_ACK, &[0x17, 0x03, 0x03, 0, 2, 9, 9]));
    for n in 0..5u16 {
        let rtp = [0x80, 0, 0, n as u8, 0, 0, 0, 0, 1, 2, 3, 4, 0xff, 0xff];
        file.record(10 + u64::from(n), &eth_udp(PHONE, 4000, PBX, 10000, &rtp));
    }
    file.record(20, &eth_udp(PHONE, 5060, PBX, 5060, b"\r\n\r\n"));
    let trace = read(&file.bytes);
    assert!(trace.messages.is_empty());
    let tls: Vec<_> = trace.notes.iter().filter(|n| n.kind == NoteKind::Unreadable).collect();
    assert_eq!(tls.len(), 1, "{:?}", trace.notes);
    assert_eq!(tls[0].text, "encrypted/unreadable: 3 packets on TCP port 5061 (TLS, 2 connections) not read");
    assert_eq!(trace.stats.non_sip_udp, 5);
    assert_eq!(trace.stats.keep_alives, 1);
    assert!(!trace.notes.iter().any(|n| n.text.contains("RTP") || n.text.contains("10000")));
}

#[test]
fn a_capture_cut_inside_a_record_keeps_what_came_before() {
    let mut bytes = udp_registration_pcap(Order::Little, false);
    bytes.truncate(bytes.len() - 30);
    let trace = read(&bytes);
    assert_eq!(trace.messages.len(), 3);
    let bad: Vec<_> = trace.notes.iter().filter(|n| n.kind == NoteKind::BadFile).collect();
    assert_eq!(bad.len(), 1, "{:?}", trace.notes);
    assert!(bad[0].text.starts_with("the capture ends inside record 4"), "{}", bad[0].text);
}

#[test]
fn a_snapped_udp_message_is_truncated() {
    let text = invite("UDP", "z9hG4bK-snap", 800);
    let frame = eth_udp(PHONE, 5060, PBX, 5060, text.as_bytes());
    let mut file = Pcap::new(Order::Little, false, 1);
    file.record_cut(0, &frame, 400);
    let trace = read(&file.bytes);
    assert_eq!(trace.messages.len(), 1);
    let note = trace.notes.iter().find(|n| n.kind == NoteKind::Truncated).unwrap();
    assert_eq!(note.message, Some(0));
    assert!(note.text.contains("the capture kept only part of the packet"), "{}", note.text);
}

/// Asterisk's `pjsip set logger pcap` records: zero MAC addresses, TTL 128, the PBX's side all
/// zeros (source of what it sent, destination of what it received), always UDP.
fn asterisk_logger_record(file: &mut Pcap, received: bool, peer: &str, port: u16, text: &str) {
    let (src, sport, dst, dport) = if received { (peer, port, "0.0.0.0", 0) } else { ("0.0.0.0", 0, peer, port) };
    let mut packet = ipv4(src, dst, UDP, &udp(sport, dport, text.as_bytes()));
    packet[8] = 128;
    packet[4] = 0;
    packet[5] = 0;
    let mut frame = vec![0u8; 12];
    frame.extend(IPV4.to_be_bytes());
    frame.extend(packet);
    file.record(0, &frame);
}

#[test]
fn asterisk_logger_pcap_says_the_direction_and_takes_the_transport_from_via() {
    let reg = registration();
    let mut file = Pcap::new(Order::Little, false, 1);
    for (from_phone, text) in &reg {
        let text = text.replace("SIP/2.0/UDP", "SIP/2.0/TCP");
        asterisk_logger_record(&mut file, *from_phone, PHONE, 5060, &text);
    }
    let trace = read(&file.bytes);
    assert_eq!(trace.format, TraceFormat::AsteriskLoggerPcap);
    assert_registration(&trace);
    assert!(trace.messages.iter().all(|m| m.transport == Transport::Tcp));
    assert_eq!(trace.messages[0].source.unwrap().to_string(), "198.51.100.7:5060");
    assert_eq!(trace.messages[0].destination, None);
    assert_eq!(trace.messages[1].source, None);
    assert_eq!(note_kinds(&trace), vec![NoteKind::Assumption]);
}

#[test]
fn the_callers_pbx_address_decides_directions() {
    let bytes = udp_registration_pcap(Order::Little, false);
    let options = ReadOptions { pbx: Some(PbxAddress { ip: PHONE.parse().unwrap(), port: None }), ..ReadOptions::default() };
    let trace = read_with(&bytes, &options);
    assert_eq!(trace.messages[0].direction, Direction::Transmitted);
    // Seen from the "PBX" the caller named, the phone's registration is outbound.
    assert_eq!(trace.inbound_requests().count(), 0);
}

#[test]
fn one_host_labs_tell_the_pbx_by_port() {
    let mut file = Pcap::new(Order::Little, false, 1);
    for (from_phone, text) in registration() {
        let frame = if from_phone {
            eth_udp("127.0.0.1", 5070, "127.0.0.1", 5060, text.as_bytes())
        } else {
            eth_udp("127.0.0.1", 5060, "127.0.0.1", 5070, text.as_bytes())
        };
        file.record(0, &frame);
    }
    let trace = read(&file.bytes);
    assert_eq!(trace.pbx, Some(PbxAddress { ip: "127.0.0.1".parse().unwrap(), port: Some(5060) }));
    assert_registration(&trace);
}

#[test]
fn retransmissions_are_marked_and_skipped_by_inbound_requests() {
    let text = invite("UDP", "z9hG4bK-rtx", 200);
    let trying = response(100, "Trying", &text, "");
    let busy = response(486, "Busy Here", &text, "");
    let mut file = Pcap::new(Order::Little, false, 1);
    for (from_phone, msg) in [(true, &text), (true, &text), (false, &trying), (false, &busy), (false, &busy)] {
        let frame =
            if from_phone { eth_udp(PHONE, 5060, PBX, 5060, msg.as_bytes()) } else { eth_udp(PBX, 5060, PHONE, 5060, msg.as_bytes()) };
        file.record(0, &frame);
    }
    let trace = read(&file.bytes);
    let m = &trace.messages;
    assert_eq!(m[1].exchange.retransmission_of, Some(0));
    assert_eq!(m[0].exchange.responses, vec![2, 3, 4]);
    assert_eq!(m[0].exchange.final_status, Some(486));
    assert_eq!(m[4].exchange.retransmission_of, Some(3));
    assert_eq!(trace.inbound_requests().count(), 1);
}

#[test]
fn the_stream_and_message_limits_hold_with_notes() {
    let first = register(1, "z9hG4bK-big1", false).replace("UDP", "TCP");
    let second = register(2, "z9hG4bK-big2", false).replace("UDP", "TCP");
    let data = format!("{first}{second}");
    let mut file = Pcap::new(Order::Little, false, 1);
    file.record(0, &eth_tcp(PHONE, 40003, PBX, 5060, 1, SYN, b""));
    file.record(1, &eth_tcp(PHONE, 40003, PBX, 5060, 2, PSH_ACK, &data.as_bytes()[..first.len()]));
    file.record(2, &eth_tcp(PHONE, 40003, PBX, 5060, 2 + first.len() as u32, PSH_ACK, second.as_bytes()));
    let stream_limit = ReadOptions { max_stream_bytes: first.len() as u64 + 10, ..ReadOptions::default() };
    let trace = read_with(&file.bytes, &stream_limit);
    assert_eq!(trace.messages.len(), 1);
    let limit = trace.notes.iter().find(|n| n.kind == NoteKind::Limit).unwrap();
    assert!(limit.text.contains("the rest of this stream is not read"), "{}", limit.text);
    let message_limit = ReadOptions { max_message_bytes: 100, ..ReadOptions::default() };
    let trace = read_with(&file.bytes, &message_limit);
    assert!(trace.messages.is_empty());
    let limits = trace.notes.iter().filter(|n| n.kind == NoteKind::Limit).count();
    assert_eq!(limits, 2, "{:?}", trace.notes);
}
