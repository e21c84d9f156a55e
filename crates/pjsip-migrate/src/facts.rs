//! What chan_sip concludes from a device's settings and from `[general]`: where it listens,
//! whether a device registers or sits at a fixed address, its credentials, transports, context
//! and codecs. The converter builds PJSIP objects from these facts; the proof builds the
//! requests a device would send from the same facts, independently of any converter.

use pjsip_syntax::FileSpan;

use crate::sip::{Device, Setting, SipConf};
use crate::words::{is_false, is_true, items, port, split_host_port};

/// A signalling transport chan_sip can use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Proto {
    Udp,
    Tcp,
    Tls,
    Ws,
    Wss,
}

impl Proto {
    pub fn word(self) -> &'static str {
        match self {
            Proto::Udp => "udp",
            Proto::Tcp => "tcp",
            Proto::Tls => "tls",
            Proto::Ws => "ws",
            Proto::Wss => "wss",
        }
    }

    /// chan_sip compares only the first letters (`strncasecmp`), `wss` before `ws`.
    fn parse(word: &str) -> Option<Proto> {
        let lower = word.trim().to_ascii_lowercase();
        [("udp", Proto::Udp), ("wss", Proto::Wss), ("ws", Proto::Ws), ("tcp", Proto::Tcp), ("tls", Proto::Tls)]
            .into_iter()
            .find(|(prefix, _)| lower.starts_with(prefix))
            .map(|(_, p)| p)
    }
}

/// A value and the line that set it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Valued<T> {
    pub value: T,
    pub at: FileSpan,
}

/// A listening socket chan_sip opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listener {
    pub proto: Proto,
    /// Address as written (`0.0.0.0`, `::`, `127.0.0.1`, a name).
    pub host: String,
    pub port: u16,
    /// The lines that decided it.
    pub sources: Vec<FileSpan>,
}

/// chan_sip's `[general]` as far as the conversion and the proof need it.
#[derive(Clone, Debug)]
pub struct General {
    pub udp: Listener,
    pub tcp: Option<Listener>,
    pub tls: Option<Listener>,
    /// Transports devices use when they name none, in order (the first is the primary).
    pub default_transports: Vec<Proto>,
    pub allow_guest: bool,
    pub allow_guest_at: Option<FileSpan>,
    /// The context of devices without one and of guests.
    pub context: String,
    pub codecs: Codecs,
}

/// chan_sip's codec capabilities, as allow/disallow lines leave them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Codecs {
    all: bool,
    added: Vec<String>,
    removed: Vec<String>,
}

impl Codecs {
    /// chan_sip's built-in list: ulaw, alaw, gsm, h263.
    pub fn chan_sip_default() -> Codecs {
        Codecs { all: false, added: ["ulaw", "alaw", "gsm", "h263"].map(String::from).to_vec(), removed: Vec::new() }
    }

    /// One `allow` or `disallow` line.
    pub fn apply(&mut self, allow: bool, value: &str) {
        for codec in value.split([',', '|']).map(|c| c.trim().to_ascii_lowercase()).filter(|c| !c.is_empty()) {
            let codec = match codec.as_str() {
                "g711u" | "pcmu" => "ulaw".to_string(),
                "g711a" | "pcma" => "alaw".to_string(),
                _ => codec,
            };
            if codec == "all" {
                self.all = allow;
                self.added.clear();
                self.removed.clear();
            } else if allow {
                self.removed.retain(|c| *c != codec);
                if !self.added.contains(&codec) {
                    self.added.push(codec);
                }
            } else {
                self.added.retain(|c| *c != codec);
                if !self.removed.contains(&codec) {
                    self.removed.push(codec);
                }
            }
        }
    }

    pub fn allows(&self, codec: &str) -> bool {
        self.added.iter().any(|c| c == codec) || (self.all && !self.removed.iter().any(|c| c == codec))
    }

    /// The list as one `allow` value (`all` first when everything is allowed).
    pub fn allow_value(&self) -> String {
        let mut list: Vec<String> = Vec::new();
        if self.all {
            list.push("all".into());
        }
        list.extend(self.added.iter().cloned());
        list.join(",")
    }

    /// Codecs removed from `all` (only meaningful when everything is allowed).
    pub fn removed_value(&self) -> Option<String> {
        (self.all && !self.removed.is_empty()).then(|| self.removed.join(","))
    }
}

fn last<'a>(settings: &'a [Setting], key: &str) -> Option<&'a Setting> {
    settings.iter().rev().find(|s| s.key == key)
}

fn last_of<'a>(settings: &'a [Setting], keys: &[&str]) -> Option<&'a Setting> {
    settings.iter().rev().find(|s| keys.contains(&s.key.as_str()))
}

/// Reads `[general]`.
pub fn general(conf: &SipConf) -> General {
    let g = &conf.general;
    let bind = last_of(g, &["bindaddr", "udpbindaddr"]);
    let (mut host, mut bind_port) = bind.map_or(("0.0.0.0".to_string(), None), |s| {
        let (host, port_text) = split_host_port(&s.value);
        (host.to_string(), port_text.and_then(port))
    });
    if host.is_empty() {
        host = "0.0.0.0".into();
    }
    let mut udp_sources: Vec<FileSpan> = bind.map(|s| s.line).into_iter().collect();
    if let Some(bindport) = last(g, "bindport") {
        if let Some(p) = bindport.value.trim().parse::<u16>().ok().filter(|&p| p != 0) {
            bind_port = Some(p);
            udp_sources.push(bindport.line);
        }
    }
    let udp = Listener { proto: Proto::Udp, host: host.clone(), port: bind_port.unwrap_or(5060), sources: udp_sources };
    let tcp = last(g, "tcpenable").filter(|s| !is_false(&s.value)).map(|enable| {
        let bind = last(g, "tcpbindaddr");
        let (tcp_host, tcp_port) = bind.map_or((host.clone(), None), |s| {
            let (h, p) = split_host_port(&s.value);
            (h.to_string(), p.and_then(port))
        });
        let port = match (bind, tcp_port) {
            (_, Some(p)) => p,
            // Without tcpbindaddr chan_sip takes the UDP address, port included.
            (None, None) => udp.port,
            (Some(_), None) => 5060,
        };
        let sources = std::iter::once(enable.line).chain(bind.map(|s| s.line)).collect();
        Listener { proto: Proto::Tcp, host: tcp_host, port, sources }
    });
    let tls = last_of(g, &["tlsenable", "sslenable"]).filter(|s| is_true(&s.value)).map(|enable| {
        let bind = last_of(g, &["tlsbindaddr", "sslbindaddr"]);
        let (tls_host, tls_port) = bind.map_or((host.clone(), None), |s| {
            let (h, p) = split_host_port(&s.value);
            (h.to_string(), p.and_then(port))
        });
        let sources = std::iter::once(enable.line).chain(bind.map(|s| s.line)).collect();
        Listener { proto: Proto::Tls, host: tls_host, port: tls_port.unwrap_or(5061), sources }
    });
    let enabled = |p: Proto| match p {
        Proto::Tcp => tcp.is_some(),
        Proto::Tls => tls.is_some(),
        _ => true,
    };
    let mut default_transports: Vec<Proto> =
        last(g, "transport").map(|s| items(&s.value).filter_map(Proto::parse).filter(|&p| enabled(p)).collect()).unwrap_or_default();
    default_transports.dedup();
    if default_transports.is_empty() {
        default_transports.push(Proto::Udp);
    }
    let guest = last(g, "allowguest");
    let context_line = last(g, "context");
    let mut codecs = Codecs::chan_sip_default();
    for s in g.iter().filter(|s| s.key == "allow" || s.key == "disallow") {
        codecs.apply(s.key == "allow", &s.value);
    }
    General {
        udp,
        tcp,
        tls,
        default_transports,
        allow_guest: guest.is_none_or(|s| is_true(&s.value)),
        allow_guest_at: guest.map(|s| s.line),
        context: context_line.map_or("default".to_string(), |s| s.value.clone()),
        codecs,
    }
}

/// Where a device is reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Host {
    /// `host=dynamic`: it registers.
    Dynamic,
    /// A fixed address or name.
    Fixed(String),
    /// No `host` line: it can neither register nor be called.
    None,
}

/// chan_sip's reading of one device.
#[derive(Clone, Debug)]
pub struct Facts {
    pub host: Host,
    pub host_at: Option<FileSpan>,
    pub port: Option<Valued<u16>>,
    pub default_ip: Option<Valued<String>>,
    pub insecure_port: bool,
    pub insecure_invite: bool,
    pub insecure_at: Option<FileSpan>,
    pub secret: Option<Valued<String>>,
    pub md5secret: Option<Valued<String>>,
    pub remote_secret: Option<Valued<String>>,
    /// `defaultuser` (or the older `username`): the user part when calling it, and the name it
    /// authenticates with when the far end challenges.
    pub default_user: Option<Valued<String>>,
    /// Transports it may use, the first being the one chan_sip calls it over.
    pub transports: Vec<Proto>,
    pub transport_at: Option<FileSpan>,
    pub context: String,
    pub codecs: Codecs,
    /// The first `permit` network (for choosing a source address the device's ACL lets in).
    pub first_permit: Option<String>,
    /// How the device protects its media, as the conversion maps it (`dtlsenable`, `encryption`):
    /// its calls offer that, since chan_sip refused any other offer too.
    pub media: Media,
    /// `avpf=yes`: its offers use the feedback profile (`RTP/AVPF`, `RTP/SAVPF`).
    pub avpf: bool,
}

/// A device's media protection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Media {
    Plain,
    /// SRTP keyed in the SDP (`encryption=yes`).
    Sdes,
    /// DTLS-SRTP (`dtlsenable=yes`).
    Dtls,
}

impl Facts {
    pub fn is_dynamic(&self) -> bool {
        self.host == Host::Dynamic
    }

    pub fn fixed_host(&self) -> Option<&str> {
        match &self.host {
            Host::Fixed(host) => Some(host),
            _ => None,
        }
    }

    pub fn primary_transport(&self) -> Proto {
        self.transports.first().copied().unwrap_or(Proto::Udp)
    }

    /// Whether chan_sip compares the source port when matching it by address: only for UDP,
    /// and not with `insecure=port`.
    pub fn matches_port(&self) -> bool {
        !self.insecure_port && self.transports.iter().all(|&p| p == Proto::Udp)
    }

    /// The port chan_sip sends to (and, for UDP peers, expects requests from).
    pub fn effective_port(&self) -> u16 {
        self.port.as_ref().map(|p| p.value).unwrap_or(if self.primary_transport() == Proto::Tls { 5061 } else { 5060 })
    }
}

fn valued(setting: Option<&Setting>) -> Option<Valued<String>> {
    setting.filter(|s| !s.value.trim().is_empty()).map(|s| Valued { value: s.value.trim().to_string(), at: s.line })
}

/// Reads one device (its settings already hold what it inherits).
pub fn device(device: &Device, general: &General, conf: &SipConf) -> Facts {
    let s = &device.settings;
    let host_line = last(s, "host");
    let host = match host_line.map(|h| h.value.trim()) {
        Some(v) if v.eq_ignore_ascii_case("dynamic") => Host::Dynamic,
        Some(v) if !v.is_empty() => Host::Fixed(split_host_port(v).0.to_string()),
        _ => Host::None,
    };
    let port_line = last(s, "port");
    let port = port_line.and_then(|p| port(&p.value).map(|value| Valued { value, at: p.line }));
    // `insecure` in a device replaces the general default entirely.
    let insecure = last(s, "insecure").or_else(|| conf.general("insecure"));
    let (mut insecure_port, mut insecure_invite) = (false, false);
    if let Some(line) = insecure.filter(|l| !is_false(&l.value)) {
        for word in line.value.split(',') {
            match word.trim().to_ascii_lowercase().as_str() {
                "port" => insecure_port = true,
                "invite" => insecure_invite = true,
                _ => {}
            }
        }
    }
    let enabled = |p: Proto| match p {
        Proto::Tcp => general.tcp.is_some(),
        Proto::Tls => general.tls.is_some(),
        _ => true,
    };
    let transport_line = last(s, "transport");
    let mut transports: Vec<Proto> =
        transport_line.map(|t| items(&t.value).filter_map(Proto::parse).filter(|&p| enabled(p)).collect()).unwrap_or_default();
    transports.dedup();
    if transports.is_empty() {
        transports = general.default_transports.clone();
    }
    let context_line = last(s, "context");
    let mut codecs = general.codecs.clone();
    for line in s.iter().filter(|l| l.key == "allow" || l.key == "disallow") {
        codecs.apply(line.key == "allow", &line.value);
    }
    Facts {
        host,
        host_at: host_line.map(|h| h.line),
        port,
        default_ip: valued(last(s, "defaultip")),
        insecure_port,
        insecure_invite,
        insecure_at: insecure.map(|l| l.line),
        secret: valued(last(s, "secret")),
        md5secret: valued(last(s, "md5secret")),
        remote_secret: valued(last(s, "remotesecret")),
        default_user: valued(last_of(s, &["defaultuser", "username"])),
        transports,
        transport_at: transport_line.map(|t| t.line),
        context: context_line.map_or_else(|| general.context.clone(), |c| c.value.clone()),
        codecs,
        first_permit: s.iter().find(|l| l.key == "permit").map(|l| l.value.trim().to_string()),
        media: if last(s, "dtlsenable").is_some_and(|l| is_true(&l.value)) {
            Media::Dtls
        } else if last(s, "encryption").is_some_and(|l| is_true(&l.value)) {
            Media::Sdes
        } else {
            Media::Plain
        },
        avpf: last(s, "avpf").is_some_and(|l| is_true(&l.value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codec_lists() {
        let mut codecs = Codecs::chan_sip_default();
        assert!(codecs.allows("ulaw") && codecs.allows("gsm"));
        codecs.apply(false, "all");
        codecs.apply(true, "g729,alaw");
        assert!(!codecs.allows("ulaw") && codecs.allows("alaw"));
        assert_eq!(codecs.allow_value(), "g729,alaw");
        codecs.apply(true, "all");
        codecs.apply(false, "gsm");
        assert!(codecs.allows("ulaw") && !codecs.allows("gsm"));
        assert_eq!(codecs.removed_value().as_deref(), Some("gsm"));
    }

    #[test]
    fn transports_compare_prefixes() {
        assert_eq!(Proto::parse("WSS"), Some(Proto::Wss));
        assert_eq!(Proto::parse("ws"), Some(Proto::Ws));
        assert_eq!(Proto::parse("udpx"), Some(Proto::Udp));
        assert_eq!(Proto::parse("sctp"), None);
    }
}
