//! SDP offers as an INVITE carries them, read the way pjproject checks them and Asterisk turns
//! them into formats: the `m=` lines, their payload types mapped to Asterisk's codec names (the
//! static table first, `a=rtpmap` overriding it when it names an encoding Asterisk knows), and
//! the connection address each stream would use.
//!
//! Promises: never fails on any text (an unusable offer is an [`Err`] with the reason pjproject
//! would give), linear in the body's length.

/// One `m=` line of an offer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stream {
    /// `audio`, `video`, `image`, `text` or whatever was written.
    pub media: String,
    pub port: u32,
    /// The transport profile (`RTP/AVP`, `RTP/SAVPF`, `UDP/TLS/RTP/SAVP` …).
    pub transport: String,
    /// The Asterisk codecs the payload types stand for, in offer order, without repeats.
    pub codecs: Vec<&'static str>,
    /// The `c=` address in force for this stream (its own, else the session's).
    pub address: Option<String>,
    /// An `a=crypto` line is present (an SDES offer, or an optimistic one over RTP/AVP).
    pub crypto: bool,
}

/// A parsed offer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Offer {
    pub streams: Vec<Stream>,
}

/// Asterisk's RTP encodings: (media type, encoding name, clock rate, codec). The first entry
/// matching the name (any case) and media type wins, and the rate only counts when both sides
/// give one. Encodings that are not media formats (DTMF events, comfort noise) have no codec.
const ENCODINGS: &[(&str, &str, u32, Option<&str>)] = &[
    ("audio", "G723", 8000, Some("g723")),
    ("audio", "GSM", 8000, Some("gsm")),
    ("audio", "PCMU", 8000, Some("ulaw")),
    ("audio", "G711U", 8000, Some("ulaw")),
    ("audio", "PCMA", 8000, Some("alaw")),
    ("audio", "G711A", 8000, Some("alaw")),
    ("audio", "G726-32", 8000, Some("g726")),
    ("audio", "DVI4", 8000, Some("adpcm")),
    ("audio", "L16", 8000, Some("slin")),
    ("audio", "L16", 16000, Some("slin16")),
    ("audio", "L16-256", 16000, Some("slin16")),
    ("audio", "L16", 12000, Some("slin12")),
    ("audio", "L16", 24000, Some("slin24")),
    ("audio", "L16", 32000, Some("slin32")),
    ("audio", "L16", 44100, Some("slin44")),
    ("audio", "L16", 48000, Some("slin48")),
    ("audio", "L16", 96000, Some("slin96")),
    ("audio", "L16", 192000, Some("slin192")),
    ("audio", "LPC", 8000, Some("lpc10")),
    ("audio", "G729", 8000, Some("g729")),
    ("audio", "G729A", 8000, Some("g729")),
    ("audio", "G.729", 8000, Some("g729")),
    ("audio", "speex", 8000, Some("speex")),
    ("audio", "speex", 16000, Some("speex16")),
    ("audio", "speex", 32000, Some("speex32")),
    ("audio", "iLBC", 8000, Some("ilbc")),
    ("audio", "G722", 8000, Some("g722")),
    ("audio", "AAL2-G726-32", 8000, Some("g726aal2")),
    ("audio", "telephone-event", 8000, None),
    ("audio", "telephone-event", 16000, None),
    ("audio", "telephone-event", 24000, None),
    ("audio", "telephone-event", 32000, None),
    ("audio", "telephone-event", 48000, None),
    ("audio", "cisco-telephone-event", 8000, None),
    ("audio", "CN", 8000, None),
    ("video", "JPEG", 90000, Some("jpeg")),
    ("video", "PNG", 90000, Some("png")),
    ("video", "H261", 90000, Some("h261")),
    ("video", "H263", 90000, Some("h263")),
    ("video", "h263-1998", 90000, Some("h263p")),
    ("video", "H264", 90000, Some("h264")),
    ("video", "H265", 90000, Some("h265")),
    ("video", "MP4V-ES", 90000, Some("mpeg4")),
    ("text", "RED", 1000, Some("red")),
    ("text", "T140", 1000, Some("t140")),
    ("audio", "G7221", 16000, Some("siren7")),
    ("audio", "G7221", 32000, Some("siren14")),
    ("audio", "G719", 48000, Some("g719")),
    ("audio", "opus", 48000, Some("opus")),
    ("video", "VP8", 90000, Some("vp8")),
    ("video", "VP9", 90000, Some("vp9")),
];

/// What Asterisk assumes a payload type means before any `a=rtpmap` (its static table, which
/// also pre-assigns many numbers of the dynamic range). `None`: DTMF, comfort noise or nothing.
fn static_payload(pt: u32) -> Option<&'static str> {
    Some(match pt {
        0 => "ulaw",
        2 | 111 => "g726",
        3 => "gsm",
        4 => "g723",
        5 | 6 | 16 | 17 => "adpcm",
        7 => "lpc10",
        8 => "alaw",
        9 => "g722",
        10 | 11 => "slin",
        18 => "g729",
        26 => "jpeg",
        31 => "h261",
        34 => "h263",
        96 => "slin192",
        97 => "ilbc",
        99 => "h264",
        100 => "vp8",
        102 => "siren7",
        103 => "h263p",
        104 => "mpeg4",
        105 => "red",
        106 => "t140",
        107 => "opus",
        108 => "vp9",
        109 => "h265",
        110 => "speex",
        112 => "g726aal2",
        115 => "siren14",
        116 => "g719",
        117 => "speex16",
        118 => "slin16",
        119 => "speex32",
        122 => "slin12",
        123 => "slin24",
        124 => "slin32",
        125 => "slin44",
        126 => "slin48",
        127 => "slin96",
        _ => return None,
    })
}

/// The media type of an Asterisk codec (`audio` unless it is a video, text or fax format).
pub fn codec_media(codec: &str) -> &'static str {
    match codec {
        "jpeg" | "png" | "h261" | "h263" | "h263p" | "h264" | "h265" | "mpeg4" | "vp8" | "vp9" => "video",
        "red" | "t140" => "text",
        "t38" => "image",
        _ => "audio",
    }
}

/// A stream while its lines are read: payload types as written and the rtpmaps seen.
struct Pending {
    stream: Stream,
    /// Payload types in order (numbers; anything else is kept out of the codec list).
    payloads: Vec<Option<u32>>,
    /// `a=rtpmap:<pt> <name>/<rate>` lines of this stream.
    rtpmaps: Vec<(u32, String, u32)>,
    own_address: Option<String>,
}

/// Parses an offer; `Err` says why pjproject would refuse it (Asterisk then answers 400).
pub fn parse(body: &str) -> Result<Offer, String> {
    let mut seen_version = false;
    let mut origin: Option<&str> = None;
    let mut name: Option<&str> = None;
    let mut session_address: Option<String> = None;
    let mut pending: Vec<Pending> = Vec::new();
    for line in body.lines() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            continue;
        }
        let Some((kind, value)) = line.split_once('=') else {
            return Err(format!("the line `{line}` is not `<letter>=<value>`"));
        };
        match (kind, pending.last_mut()) {
            ("v", _) => seen_version = true,
            ("o", _) => origin = Some(value),
            ("s", _) => name = Some(value),
            ("c", None) => session_address = Some(connection_address(value)?),
            ("c", Some(current)) => current.own_address = Some(connection_address(value)?),
            ("m", _) => pending.push(media_line(value)?),
            ("a", Some(current)) => {
                if let Some(rtpmap) = value.strip_prefix("rtpmap:") {
                    if let Some(entry) = read_rtpmap(rtpmap) {
                        current.rtpmaps.push(entry);
                    }
                } else if value.starts_with("crypto:") {
                    current.stream.crypto = true;
                }
            }
            _ => {}
        }
    }
    if !seen_version {
        return Err("there is no `v=` line".into());
    }
    let origin_ok = origin.is_some_and(|o| {
        let parts: Vec<&str> = o.split_whitespace().collect();
        parts.len() == 6 && parts[3] == "IN" && (parts[4] == "IP4" || parts[4] == "IP6")
    });
    if !origin_ok {
        return Err("the `o=` line is missing or not `user id version IN IP4|IP6 address`".into());
    }
    if name.is_none_or(str::is_empty) {
        return Err("the session name (`s=`) is missing or empty".into());
    }
    let mut streams = Vec::with_capacity(pending.len());
    for mut p in pending {
        if p.own_address.is_none() && session_address.is_none() {
            return Err(format!("the `{}` stream has no connection address (`c=`)", p.stream.media));
        }
        for pt in p.payloads.iter().flatten() {
            if p.stream.port != 0 && *pt >= 96 && !p.rtpmaps.iter().any(|(n, _, _)| n == pt) {
                return Err(format!("dynamic payload type {pt} has no `a=rtpmap`"));
            }
        }
        p.stream.codecs = codecs_of(&p.stream.media, &p.payloads, &p.rtpmaps);
        p.stream.address = p.own_address.or_else(|| session_address.clone());
        streams.push(p.stream);
    }
    Ok(Offer { streams })
}

/// `IN IP4 <address>` → the address.
fn connection_address(value: &str) -> Result<String, String> {
    let parts: Vec<&str> = value.split_whitespace().collect();
    match parts.as_slice() {
        ["IN", "IP4" | "IP6", address, ..] => Ok(address.split('/').next().unwrap_or(address).to_string()),
        _ => Err(format!("the connection line `c={value}` is not `IN IP4|IP6 <address>`")),
    }
}

/// `audio 40000 RTP/AVP 0 8 101`.
fn media_line(value: &str) -> Result<Pending, String> {
    let mut parts = value.split_whitespace();
    let (Some(media), Some(port), Some(transport)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!("the media line `m={value}` is incomplete"));
    };
    // `port/count` is allowed; the count does not matter here.
    let port: u32 = port.split('/').next().unwrap_or("").parse().map_err(|_| format!("the media port `{port}` is not a number"))?;
    let mut payloads = Vec::new();
    for format in parts {
        if format.starts_with(|c: char| c.is_ascii_digit()) {
            match format.parse::<u32>() {
                Ok(pt) if pt <= 127 => payloads.push(Some(pt)),
                _ => return Err(format!("the payload type `{format}` is not between 0 and 127")),
            }
        } else {
            payloads.push(None);
        }
    }
    if payloads.is_empty() && port != 0 {
        return Err(format!("the `{media}` stream lists no formats"));
    }
    Ok(Pending {
        stream: Stream {
            media: media.to_string(),
            port,
            transport: transport.to_string(),
            codecs: Vec::new(),
            address: None,
            crypto: false,
        },
        payloads,
        rtpmaps: Vec::new(),
        own_address: None,
    })
}

/// `0 PCMU/8000` → (0, `PCMU`, 8000).
fn read_rtpmap(value: &str) -> Option<(u32, String, u32)> {
    let (pt, encoding) = value.trim().split_once(char::is_whitespace)?;
    let mut parts = encoding.trim().split('/');
    let name = parts.next()?.to_string();
    let rate = parts.next().and_then(|r| r.trim().parse().ok()).unwrap_or(0);
    Some((pt.trim().parse().ok()?, name, rate))
}

/// The codecs a stream's payload types stand for: Asterisk's static meaning of each number,
/// replaced by the `a=rtpmap` encoding when Asterisk knows that encoding for this media type.
fn codecs_of(media: &str, payloads: &[Option<u32>], rtpmaps: &[(u32, String, u32)]) -> Vec<&'static str> {
    let mut codecs: Vec<&'static str> = Vec::new();
    for pt in payloads.iter().flatten() {
        let mapped = rtpmaps.iter().find(|(n, _, _)| n == pt).and_then(|(_, name, rate)| {
            ENCODINGS
                .iter()
                .find(|(kind, encoding, known_rate, _)| {
                    kind.eq_ignore_ascii_case(media)
                        && encoding.eq_ignore_ascii_case(name)
                        && (*rate == 0 || *known_rate == 0 || rate == known_rate)
                })
                .map(|(_, _, _, codec)| *codec)
        });
        let codec = match mapped {
            Some(known) => known,
            None => static_payload(*pt),
        };
        if let Some(codec) = codec.filter(|c| !codecs.contains(c)) {
            codecs.push(codec);
        }
    }
    codecs
}

/// The offer the oracle harness sends with an INVITE that names no body: PCMU plus DTMF events.
pub fn default_offer(src_ip: &str) -> String {
    format!(
        "v=0\r\no=oracle 1 1 IN IP4 {src_ip}\r\ns=oracle\r\nc=IN IP4 {src_ip}\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0 101\r\n\
         a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=sendrecv\r\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer(media: &str) -> String {
        format!("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=call\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n{media}")
    }

    #[test]
    fn payload_types_become_asterisk_codecs() {
        let parsed =
            parse(&offer("m=audio 4000 RTP/AVP 8 9 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n")).unwrap();
        assert_eq!(parsed.streams[0].codecs, ["alaw", "g722"], "9 needs no rtpmap; DTMF events are no codec");
        // A dynamic number whose rtpmap names a known encoding takes that encoding.
        let opus = parse(&offer("m=audio 4000 RTP/AVP 120\r\na=rtpmap:120 OPUS/48000/2\r\n")).unwrap();
        assert_eq!(opus.streams[0].codecs, ["opus"]);
        // An rtpmap Asterisk does not know leaves the number's static meaning.
        let odd = parse(&offer("m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 FOO/8000\r\n")).unwrap();
        assert_eq!(odd.streams[0].codecs, ["ulaw"]);
        let video = parse(&offer("m=video 5000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n")).unwrap();
        assert_eq!((video.streams[0].media.as_str(), video.streams[0].codecs.as_slice()), ("video", &["h264"][..]));
    }

    #[test]
    fn offers_pjproject_refuses() {
        assert!(parse("hello").is_err());
        assert!(parse(&offer("m=audio 4000 RTP/AVP 98\r\n")).unwrap_err().contains("rtpmap"));
        let no_connection = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=x\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
        assert!(parse(no_connection).unwrap_err().contains("connection"));
        assert!(parse(&offer("m=audio 4000 RTP/AVP 200\r\n")).is_err());
        assert!(parse(&default_offer("127.0.0.2")).is_ok());
    }
}
