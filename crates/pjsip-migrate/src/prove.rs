//! The proof: for every device of sip.conf, the requests it would send, run through the
//! simulator on a PJSIP configuration, with a verdict per device.
//!
//! The requests and what chan_sip made of them come from sip.conf alone (through `facts`), never
//! from a converted file, so the same proof judges any pjsip.conf — the one this crate writes,
//! or sip_to_pjsip.py's:
//!
//! * a device that registers (`host=dynamic`) sends a REGISTER to its own name with its secret
//!   (chan_sip: 200), then an INVITE from the registered address with its name in From;
//! * a device at a fixed address sends an INVITE from that address (and from its port when
//!   chan_sip compares it), with its name in From only when chan_sip also knows it by name;
//! * a `type=user` sends an INVITE with its name in From from anywhere;
//! * a `register =>` line's server calls in from its address to the registration's extension;
//! * an unknown caller sends an INVITE, which chan_sip accepted into the general context only
//!   with `allowguest`.
//!
//! INVITEs are answered with the credentials chan_sip would have checked (none with
//! `insecure=invite`); they offer PCMU when chan_sip's codec list for the device has it, else
//! no SDP, in the device's media profile (SRTP keys for `encryption=yes`, a DTLS fingerprint for
//! `dtlsenable=yes`, the feedback profile for `avpf=yes`). A device is *recognised* when every request reaches the intended endpoint and, for a
//! REGISTER, ends in 200, for an INVITE, enters the dialplan in the device's context. Otherwise
//! the verdict names the status, the reason and the step of the simulator's trace that failed.
//! Host names resolve through a table of documentation addresses (198.51.100.0/24), the same
//! for every configuration judged.

use pjsip_analysis::simulate::{Credentials, HostTable, Outcome, Request, StepKind, Transport, Verdict};
use pjsip_analysis::Analysis;
use serde::{Deserialize, Serialize};

use crate::facts::{self, Facts, General, Host, Media, Proto};
use crate::register;
use crate::sip::{Device, SipConf};
use crate::words::ip;

/// What a device is, for the proof.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Registers (`host=dynamic`).
    Phone,
    /// Sits at a fixed address.
    Trunk,
    /// Known by name only (`type=user`, or a friend without host).
    User,
    /// A `register =>` line: its server's calls.
    Registration,
    /// Unknown callers.
    Guests,
    /// A `type=peer` without host: chan_sip had no address and no name to recognise it by,
    /// so there is nothing to send.
    Unreachable,
}

/// The outcome a request should have.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Expect {
    /// Identified as `endpoint`, answered 200.
    Registered { endpoint: String },
    /// Identified as `endpoint` and challenged: the password is only known as an md5 hash.
    Challenged { endpoint: String },
    /// Enters the dialplan in `context`, as `endpoint` (any endpoint when `None`).
    Routed { endpoint: Option<String>, context: String },
    /// Never reaches the dialplan.
    Refused,
}

/// One request and how it went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub label: String,
    pub request: Request,
    pub expect: Expect,
    pub passed: bool,
    /// What went wrong, in words (from the outcome and the failed step of its trace).
    pub problem: Option<String>,
    pub outcome: Outcome,
}

/// One device (or registration, or the guests) and its verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    /// The sip.conf section, or the `register =>` value, or `allowguest`.
    pub sip: String,
    pub role: Role,
    /// Where it is written (file name, 1-based line); none for the guests by default.
    pub file: Option<String>,
    pub line: Option<u32>,
    pub checks: Vec<Check>,
    pub recognised: bool,
    /// "recognised as endpoint X, authenticated, routed to context Y", or what went wrong.
    pub verdict: String,
}

/// Every subject, and the host table the requests were resolved with.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proof {
    pub subjects: Vec<Subject>,
    pub hosts: HostTable,
}

impl Proof {
    pub fn recognised(&self) -> usize {
        self.subjects.iter().filter(|s| s.recognised).count()
    }

    pub fn not_recognised(&self) -> usize {
        self.subjects.len() - self.recognised()
    }
}

/// A planned subject, before it is run.
#[derive(Clone, Debug)]
pub struct Planned {
    pub sip: String,
    pub role: Role,
    pub at: Option<pjsip_syntax::FileSpan>,
    pub line: Option<u32>,
    pub checks: Vec<(String, Request, Expect)>,
}

/// The requests for every device of `conf`, and the host table they need.
pub fn plan(conf: &SipConf) -> (Vec<Planned>, HostTable) {
    let general = facts::general(conf);
    let all_facts: Vec<Facts> = conf.devices.iter().map(|d| facts::device(d, &general, conf)).collect();
    let mut hosts = Hosts::default();
    let mut planned = Vec::new();
    let mut phone_index = 0u32;
    for (device, facts) in conf.devices.iter().zip(&all_facts) {
        planned.push(plan_device(&general, device, facts, &mut hosts, &mut phone_index));
    }
    for s in conf.general.iter().filter(|s| s.key == "register") {
        let Ok(reg) = register::parse(&s.value) else {
            continue;
        };
        if reg.user.is_empty() {
            continue;
        }
        planned.push(plan_registration(conf, &all_facts, &general, &reg, s, &mut hosts));
    }
    planned.push(plan_guests(&general));
    (planned, hosts.table)
}

/// Host names → documentation addresses, assigned in the order they are met.
#[derive(Default)]
struct Hosts {
    table: HostTable,
    next: u32,
}

impl Hosts {
    fn address(&mut self, host: &str) -> String {
        if let Some(ip) = ip(host) {
            return ip.to_string();
        }
        let key = host.to_ascii_lowercase();
        if let Some(found) = self.table.hosts.get(&key).and_then(|a| a.first()) {
            return found.clone();
        }
        if key == "localhost" {
            return "127.0.0.1".into();
        }
        self.next += 1;
        let address = format!("198.51.100.{}", (self.next % 250) + 1);
        self.table.hosts.insert(key, vec![address.clone()]);
        address
    }
}

/// Where requests are sent: the listener of the transport, with a concrete address.
fn destination(general: &General, proto: Proto) -> (String, u16) {
    let listener = match proto {
        Proto::Tcp => general.tcp.as_ref().unwrap_or(&general.udp),
        Proto::Tls => general.tls.as_ref().unwrap_or(&general.udp),
        _ => &general.udp,
    };
    let host = match ip(&listener.host) {
        Some(addr) if !addr.is_unspecified() => crate::words::uri_host(&listener.host),
        Some(addr) if addr.is_ipv6() => "[::1]".to_string(),
        _ => "127.0.0.1".to_string(),
    };
    let port = match proto {
        Proto::Ws | Proto::Wss => 5060,
        _ => listener.port,
    };
    (host, port)
}

fn transport(proto: Proto) -> Transport {
    match proto {
        Proto::Udp => Transport::Udp,
        Proto::Tcp => Transport::Tcp,
        Proto::Tls => Transport::Tls,
        Proto::Ws => Transport::Ws,
        Proto::Wss => Transport::Wss,
    }
}

/// A source address the device's `permit` lets in, else one of the documentation range.
fn phone_address(first_permit: Option<&str>, index: u32) -> String {
    if let Some(permit) = first_permit {
        let (net, mask) = permit.split_once('/').unwrap_or((permit, "32"));
        if let Some(std::net::IpAddr::V4(v4)) = ip(net) {
            let host_bits = mask.parse::<u32>().ok().map(|bits| 32u32.saturating_sub(bits)).unwrap_or_else(|| {
                ip(mask).and_then(|m| if let std::net::IpAddr::V4(m) = m { Some(u32::from(m).count_zeros()) } else { None }).unwrap_or(0)
            });
            if host_bits < 32 {
                let base = u32::from(v4) & !((1u64 << host_bits) as u32).wrapping_sub(1);
                let address = if host_bits == 0 { base } else { base + 1 };
                return std::net::Ipv4Addr::from(address).to_string();
            }
        }
    }
    format!("203.0.113.{}", 10 + index % 240)
}

fn invite(proto: Proto, general: &General, src: (&str, u16), from_user: &str, exten: &str, pcmu: bool) -> Request {
    let (dst, port) = destination(general, proto);
    Request {
        method: "INVITE".into(),
        transport: transport(proto),
        src_ip: src.0.to_string(),
        src_port: src.1,
        request_uri: format!("sip:{exten}@{dst}:{port}"),
        from: format!("<sip:{from_user}@{}>", crate::words::uri_host(src.0)),
        sdp: (!pcmu).then_some(false),
        ..Request::default()
    }
}

/// An INVITE's offer in the device's own media profile: what a device with `encryption=yes`
/// (SDES keys), `dtlsenable=yes` (DTLS fingerprint) or `avpf=yes` sends, since chan_sip refused
/// a call offered any other way. Plain devices keep the default PCMU offer.
fn offer_media(call: &mut Request, facts: &Facts) {
    if call.sdp == Some(false) || (facts.media == Media::Plain && !facts.avpf) {
        return;
    }
    let feedback = if facts.avpf { "F" } else { "" };
    let (profile, keys) = match facts.media {
        Media::Plain => (format!("RTP/AVP{feedback}"), String::new()),
        // A fixed, well-formed test key: the simulator checks the offer's shape, not the key.
        Media::Sdes => (format!("RTP/SAVP{feedback}"), "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n".to_string()),
        Media::Dtls => (
            format!("UDP/TLS/RTP/SAVP{feedback}"),
            "a=setup:actpass\r\na=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF\r\n".to_string(),
        ),
    };
    let ip = &call.src_ip;
    call.body = Some(format!(
        "v=0\r\no=- 1 1 IN IP4 {ip}\r\ns=-\r\nc=IN IP4 {ip}\r\nt=0 0\r\nm=audio 40000 {profile} 0 101\r\n\
         a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n{keys}a=sendrecv\r\n"
    ));
    call.content_type = Some("application/sdp".into());
}

fn plan_device(general: &General, device: &Device, facts: &Facts, hosts: &mut Hosts, phone_index: &mut u32) -> Planned {
    let name = device.name.clone();
    let proto = facts.primary_transport();
    let pcmu = facts.codecs.allows("ulaw");
    let context = facts.context.clone();
    let password = facts.secret.as_ref().map(|s| s.value.clone());
    let md5_only = password.is_none() && facts.md5secret.is_some();
    let credentials = password.map(|p| Credentials { username: name.clone(), password: p });
    let invite_credentials = if facts.insecure_invite { None } else { credentials.clone() };
    let routed = Expect::Routed { endpoint: Some(name.clone()), context: context.clone() };
    let invite_expect = if md5_only && !facts.insecure_invite { Expect::Challenged { endpoint: name.clone() } } else { routed };
    let mut checks = Vec::new();
    // chan_sip applied the device's ACL before anything else; a refused source stays refused.
    let refused_by_acl = |src: &str| !acl_allows(device, src);
    let role = match (&facts.host, device.is_peer, device.is_user) {
        (Host::Dynamic, true, _) => {
            *phone_index += 1;
            let src = phone_address(facts.first_permit.as_deref(), *phone_index);
            let (dst, port) = destination(general, proto);
            let register = Request {
                method: "REGISTER".into(),
                transport: transport(proto),
                src_ip: src.clone(),
                src_port: 5060,
                request_uri: format!("sip:{dst}:{port}"),
                from: format!("<sip:{name}@{dst}>"),
                to: Some(format!("<sip:{name}@{dst}>")),
                auth: credentials.clone(),
                ..Request::default()
            };
            let refused = refused_by_acl(&src);
            let expect = match () {
                _ if refused => Expect::Refused,
                _ if md5_only => Expect::Challenged { endpoint: name.clone() },
                _ => Expect::Registered { endpoint: name.clone() },
            };
            checks.push(("REGISTER with its credentials".to_string(), register, expect));
            let mut call = invite(proto, general, (&src, 5060), &name, "100", pcmu);
            offer_media(&mut call, facts);
            call.auth = invite_credentials;
            checks.push(("INVITE from the registered phone".to_string(), call, if refused { Expect::Refused } else { invite_expect }));
            Role::Phone
        }
        (Host::Fixed(host), true, user) => {
            let address = hosts.address(host);
            let port = if facts.matches_port() { facts.effective_port() } else { 5060 };
            let from = if user { name.clone() } else { "+15550100".to_string() };
            let mut call = invite(proto, general, (&address, port), &from, "100", pcmu);
            offer_media(&mut call, facts);
            call.auth = invite_credentials;
            let label = format!("INVITE from {}", crate::words::host_port(host, Some(port)));
            checks.push((label, call, if refused_by_acl(&address) { Expect::Refused } else { invite_expect }));
            Role::Trunk
        }
        (_, _, true) => {
            *phone_index += 1;
            let src = phone_address(facts.first_permit.as_deref(), *phone_index);
            let mut call = invite(proto, general, (&src, 5060), &name, "100", pcmu);
            offer_media(&mut call, facts);
            call.auth = invite_credentials;
            checks.push((
                "INVITE with its name in From".to_string(),
                call,
                if refused_by_acl(&src) { Expect::Refused } else { invite_expect },
            ));
            Role::User
        }
        // A peer without host, known by no name: chan_sip could not recognise it either.
        _ => Role::Unreachable,
    };
    Planned { sip: name, role, at: Some(device.header_at), line: Some(device.line_no), checks }
}

/// Whether the device's `permit`/`deny`/`acl` lines let `source` in, as chan_sip's
/// `ast_apply_ha` decides: everything is allowed until a rule covers the address, and the last
/// rule that covers it wins. A named ACL (`acl=`) lives in acl.conf, which the input does not
/// have: chan_sip then denies everything, and so does PJSIP.
fn acl_allows(device: &Device, source: &str) -> bool {
    let Some(std::net::IpAddr::V4(address)) = ip(source) else {
        return true;
    };
    let mut allowed = true;
    for line in device.settings.iter().filter(|s| matches!(s.key.as_str(), "permit" | "deny" | "acl")) {
        if line.key == "acl" {
            if !line.value.trim().is_empty() {
                return false;
            }
            continue;
        }
        let (net, mask) = line.value.trim().split_once('/').unwrap_or((line.value.trim(), "32"));
        let Some(std::net::IpAddr::V4(net)) = ip(net) else {
            continue;
        };
        let bits = mask.trim().parse::<u32>().ok().or_else(|| match ip(mask) {
            Some(std::net::IpAddr::V4(m)) => Some(u32::from(m).count_ones()),
            _ => None,
        });
        let Some(bits) = bits.filter(|&b| b <= 32) else {
            continue;
        };
        let mask = if bits == 0 { 0 } else { u32::MAX << (32 - bits) };
        if u32::from(address) & mask == u32::from(net) & mask {
            allowed = line.key == "permit";
        }
    }
    allowed
}

/// The device chan_sip would match a call from `host:port` to (fixed address, port compared
/// for UDP peers without insecure=port); a device named like the host stands for its address.
fn device_at(conf: &SipConf, all_facts: &[Facts], host: &str, port: u16) -> Option<usize> {
    let target = match conf.device_index(host).filter(|&i| conf.devices[i].is_peer) {
        Some(index) => all_facts[index].fixed_host().map(str::to_string),
        None => Some(host.to_string()),
    }?;
    conf.devices.iter().zip(all_facts).position(|(d, f)| {
        d.is_peer && f.fixed_host().is_some_and(|h| h.eq_ignore_ascii_case(&target)) && (!f.matches_port() || f.effective_port() == port)
    })
}

fn plan_registration(
    conf: &SipConf,
    all_facts: &[Facts],
    general: &General,
    reg: &register::RegisterLine,
    line: &crate::sip::Setting,
    hosts: &mut Hosts,
) -> Planned {
    let named = conf.device_index(&reg.host).filter(|&i| conf.devices[i].is_peer).map(|i| &all_facts[i]);
    let (host, port) = match &named {
        Some(f) => (f.fixed_host().unwrap_or(&reg.host).to_string(), f.port.as_ref().map(|p| p.value).or(reg.port).unwrap_or(5060)),
        None => (reg.host.clone(), reg.port.unwrap_or(if reg.protocol == register::Protocol::Tls { 5061 } else { 5060 })),
    };
    let proto = match reg.protocol {
        register::Protocol::Udp => Proto::Udp,
        register::Protocol::Tcp if general.tcp.is_some() => Proto::Tcp,
        register::Protocol::Tls if general.tls.is_some() => Proto::Tls,
        _ => Proto::Udp,
    };
    let address = hosts.address(&host);
    let (expect, pcmu, auth) = match device_at(conf, all_facts, &reg.host, port) {
        Some(index) => {
            let (device, f) = (&conf.devices[index], &all_facts[index]);
            let auth = (!f.insecure_invite)
                .then(|| f.secret.as_ref().map(|s| Credentials { username: device.name.clone(), password: s.value.clone() }))
                .flatten();
            (Expect::Routed { endpoint: Some(device.name.clone()), context: f.context.clone() }, f.codecs.allows("ulaw"), auth)
        }
        None if general.allow_guest => {
            (Expect::Routed { endpoint: None, context: general.context.clone() }, general.codecs.allows("ulaw"), None)
        }
        None => (Expect::Refused, true, None),
    };
    let mut call = invite(proto, general, (&address, port), "+15550100", &reg.extension, pcmu);
    call.auth = auth;
    let label = format!("INVITE from {} to extension {}", crate::words::host_port(&host, Some(port)), reg.extension);
    Planned {
        sip: format!("register => {}", line.value.trim()),
        role: Role::Registration,
        at: Some(line.line),
        line: Some(line.line_no),
        checks: vec![(label, call, expect)],
    }
}

fn plan_guests(general: &General) -> Planned {
    let expect = if general.allow_guest { Expect::Routed { endpoint: None, context: general.context.clone() } } else { Expect::Refused };
    let call = invite(Proto::Udp, general, ("192.0.2.250", 5060), "pjsip-lab-probe", "s", general.codecs.allows("ulaw"));
    Planned {
        sip: "allowguest".into(),
        role: Role::Guests,
        at: general.allow_guest_at,
        line: None,
        checks: vec![("INVITE from an unknown address".to_string(), call, expect)],
    }
}

/// Runs the planned requests on `analysis` (one registrar per subject).
pub fn run(planned: &[Planned], hosts: &HostTable, analysis: &Analysis, file_of: &dyn Fn(pjsip_syntax::FileSpan) -> String) -> Proof {
    let subjects = planned
        .iter()
        .map(|p| {
            let mut simulation = analysis.simulation(hosts.clone());
            let checks: Vec<Check> = p
                .checks
                .iter()
                .map(|(label, request, expect)| {
                    let outcome = simulation.step(request);
                    let problem = judge(expect, &outcome);
                    Check {
                        label: label.clone(),
                        request: request.clone(),
                        expect: expect.clone(),
                        passed: problem.is_none(),
                        problem,
                        outcome,
                    }
                })
                .collect();
            let recognised = checks.iter().all(|c| c.passed);
            let verdict = verdict(p, &checks);
            Subject { sip: p.sip.clone(), role: p.role, file: p.at.map(file_of), line: p.line, checks, recognised, verdict }
        })
        .collect();
    Proof { subjects, hosts: hosts.clone() }
}

/// `None` when the outcome is what chan_sip did; else what went wrong.
fn judge(expect: &Expect, outcome: &Outcome) -> Option<String> {
    let identified = outcome.endpoint.as_deref().filter(|_| !outcome.artificial_endpoint);
    let ok = match expect {
        Expect::Registered { endpoint } => identified == Some(endpoint.as_str()) && outcome.status == Some(200),
        Expect::Challenged { endpoint } => identified == Some(endpoint.as_str()) && outcome.status == Some(401),
        Expect::Routed { endpoint, context } => {
            endpoint.as_deref().is_none_or(|e| identified == Some(e))
                && identified.is_some()
                && outcome.dialplan.as_ref().is_some_and(|d| d.context == *context)
        }
        Expect::Refused => outcome.dialplan.is_none(),
    };
    (!ok).then(|| describe_failure(expect, outcome))
}

fn describe_failure(expect: &Expect, outcome: &Outcome) -> String {
    let status = match outcome.status {
        Some(code) => format!("{code} {}", outcome.reason),
        None => "no answer".to_string(),
    };
    let wanted = match expect {
        Expect::Registered { endpoint } | Expect::Challenged { endpoint } => Some(endpoint.as_str()),
        Expect::Routed { endpoint, .. } => endpoint.as_deref(),
        Expect::Refused => None,
    };
    let who = match (&outcome.endpoint, outcome.artificial_endpoint, wanted) {
        (Some(e), false, Some(w)) if e != w => {
            format!("identified as endpoint `{e}` instead of `{w}`")
        }
        (Some(e), false, _) => format!("identified as endpoint `{e}`"),
        _ => "no endpoint identified".to_string(),
    };
    let mut text = format!("{status}, {who}");
    if let (Expect::Routed { context, .. }, Some(target)) = (expect, &outcome.dialplan) {
        if target.context != *context {
            text.push_str(&format!(", routed to context `{}` instead of `{context}`", target.context));
        }
    }
    if matches!(expect, Expect::Refused) && outcome.dialplan.is_some() {
        text.push_str(", but chan_sip refused such calls");
    }
    let failed = outcome.trace.iter().rev().find(|s| s.verdict == Verdict::Failed && s.kind != StepKind::Clock);
    if let Some(step) = failed {
        text.push_str(&format!(" — {}: {}", step.title, step.text));
    }
    text
}

fn verdict(planned: &Planned, checks: &[Check]) -> String {
    if planned.role == Role::Unreachable {
        return "nothing to prove: a type=peer without host has no address and no name chan_sip could recognise it by".into();
    }
    if let Some(failed) = checks.iter().find(|c| !c.passed) {
        return format!("{}: {}", failed.label, failed.problem.as_deref().unwrap_or(""));
    }
    let last = checks.last();
    let expect = last.map(|c| &c.expect);
    let outcome = last.map(|c| &c.outcome);
    let authenticated = checks.iter().any(|c| c.request.auth.is_some());
    match (expect, outcome) {
        (Some(Expect::Routed { .. }), Some(outcome)) => {
            let endpoint = outcome.endpoint.as_deref().unwrap_or("?");
            let context = outcome.dialplan.as_ref().map_or("?", |d| d.context.as_str());
            let auth = if authenticated { ", authenticated" } else { "" };
            format!("recognised as endpoint {endpoint}{auth}, routed to context {context}")
        }
        (Some(Expect::Challenged { endpoint }), _) => {
            format!("recognised as endpoint {endpoint}; challenged (its password is only known as an md5secret, so the proof stops there)")
        }
        (Some(Expect::Registered { endpoint }), _) => format!("recognised as endpoint {endpoint}, registered"),
        (Some(Expect::Refused), _) => match planned.role {
            Role::Guests => "unknown callers are refused, as chan_sip refused them (allowguest=no)".into(),
            Role::Registration => {
                "its server's calls are refused, as chan_sip refused them (allowguest=no and no device at that address)".into()
            }
            _ => "refused, as chan_sip refused it (its ACL does not let the caller in)".into(),
        },
        _ => "nothing to check".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(lines: &[(&str, &str)]) -> Device {
        let settings = lines
            .iter()
            .map(|(k, v)| crate::sip::Setting {
                key: k.to_string(),
                name: k.to_string(),
                value: v.to_string(),
                line: pjsip_syntax::FileSpan::new(pjsip_syntax::FileId(0), pjsip_syntax::Span::empty(0)),
                line_no: 1,
                inherited_from: None,
                source: crate::sip::Source::SipConf,
            })
            .collect();
        Device {
            name: "d".into(),
            header_at: pjsip_syntax::FileSpan::new(pjsip_syntax::FileId(0), pjsip_syntax::Span::empty(0)),
            line_no: 1,
            source: crate::sip::Source::SipConf,
            is_user: true,
            is_peer: true,
            bases: Vec::new(),
            settings,
            merged: Vec::new(),
        }
    }

    #[test]
    fn acls_like_chan_sip() {
        assert!(acl_allows(&device(&[]), "10.0.0.1"));
        let only_local = device(&[("deny", "0.0.0.0/0.0.0.0"), ("permit", "127.0.0.1")]);
        assert!(acl_allows(&only_local, "127.0.0.1"));
        assert!(!acl_allows(&only_local, "127.0.0.2"));
        assert!(!acl_allows(&device(&[("deny", "10.0.0.0/8")]), "10.1.2.3"));
        assert!(!acl_allows(&device(&[("acl", "office")]), "10.1.2.3"));
    }

    #[test]
    fn addresses_inside_the_permit() {
        assert_eq!(phone_address(Some("10.1.2.0/24"), 1), "10.1.2.1");
        assert_eq!(phone_address(Some("10.1.0.0/255.255.0.0"), 1), "10.1.0.1");
        assert_eq!(phone_address(Some("192.168.1.7"), 1), "192.168.1.7");
        assert_eq!(phone_address(Some("0.0.0.0/0.0.0.0"), 3), "203.0.113.13");
        assert_eq!(phone_address(None, 1), "203.0.113.11");
    }
}
