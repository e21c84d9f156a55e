//! The simulator's public, serialisable vocabulary: what a request is (in exactly the oracle
//! harness's case format), what comes back, and the registrar state carried between requests.

use std::collections::BTreeMap;
use std::net::IpAddr;

use pjsip_syntax::FileSpan;
use serde::{Deserialize, Deserializer, Serialize};

/// The transport a request arrives over.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    #[default]
    Udp,
    Tcp,
    Tls,
    Ws,
    Wss,
}

impl Transport {
    /// The `protocol=` word of a transport object that receives it.
    pub fn protocol(self) -> &'static str {
        match self {
            Transport::Udp => "udp",
            Transport::Tcp => "tcp",
            Transport::Tls => "tls",
            Transport::Ws => "ws",
            Transport::Wss => "wss",
        }
    }
}

/// Username and password used to answer one digest challenge.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

/// An extra header's value: one line, or the header repeated once per item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum HeaderValue {
    One(String),
    Many(Vec<String>),
}

/// One inbound request, as a person describes it (the oracle harness's request format).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Request {
    /// `REGISTER`, `INVITE`, `OPTIONS`, `MESSAGE`, `SUBSCRIBE` or any other method.
    pub method: String,
    pub transport: Transport,
    pub src_ip: String,
    pub src_port: u16,
    pub request_uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dst: Option<String>,
    pub from: String,
    /// Default: From without its tag for REGISTER, `<request_uri>` otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Absent: `<sip:{from user}@{src_ip}:{src_port}>` (REGISTER, INVITE, OPTIONS, SUBSCRIBE);
    /// `Some(None)` (JSON `null`): no Contact header.
    #[serde(deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub contact: Option<Option<String>>,
    /// Extra headers; a `null` value suppresses a default one (`"Expires": null`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, Option<HeaderValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth: Option<Credentials>,
    /// INVITE: send a PCMU offer (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sdp: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Pause before sending: advances the simulator's clock (contacts expire).
    #[serde(skip_serializing_if = "is_zero")]
    pub delay_ms: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Default for Request {
    fn default() -> Request {
        Request {
            method: "OPTIONS".into(),
            transport: Transport::Udp,
            src_ip: "127.0.0.2".into(),
            src_port: 5060,
            request_uri: "sip:127.0.0.1:5060".into(),
            dst: None,
            from: String::new(),
            to: None,
            contact: None,
            headers: BTreeMap::new(),
            auth: None,
            sdp: None,
            body: None,
            content_type: None,
            delay_ms: 0,
        }
    }
}

/// Tells an absent field (`None`) from an explicit `null` (`Some(None)`).
fn nullable<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

/// Host names the simulator may resolve (the browser cannot do DNS). Names compare without case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct HostTable {
    pub hosts: BTreeMap<String, Vec<String>>,
}

impl Default for HostTable {
    /// Only `localhost`, as an isolated host's `/etc/hosts` has it.
    fn default() -> HostTable {
        HostTable { hosts: BTreeMap::from([("localhost".to_string(), vec!["127.0.0.1".to_string(), "::1".to_string()])]) }
    }
}

impl HostTable {
    /// The addresses of `name` (an IP literal resolves to itself; unknown names to nothing).
    pub fn resolve(&self, name: &str) -> Vec<IpAddr> {
        let name = name.trim().trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = name.parse() {
            return vec![ip];
        }
        self.hosts
            .iter()
            .filter(|(host, _)| host.eq_ignore_ascii_case(name))
            .flat_map(|(_, addrs)| addrs.iter().filter_map(|a| a.trim().parse().ok()))
            .collect()
    }
}

/// Requests to run in order against one analysis, with the host table to resolve names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scenario {
    pub requests: Vec<Request>,
    pub hosts: HostTable,
}

/// An oracle case file: the configuration files plus the requests.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Case {
    pub description: String,
    /// File name → text (`pjsip.conf`, `pjsip_wizard.conf`, `extensions.conf`, `acl.conf`).
    pub files: BTreeMap<String, String>,
    pub requests: Vec<Request>,
}

impl Case {
    /// The analysis input for the case's files (pjsip.conf first).
    pub fn input(&self) -> pjsip_model::Input {
        let mut files: Vec<pjsip_model::InputFile> =
            self.files.iter().map(|(name, text)| pjsip_model::InputFile { name: name.clone(), text: text.clone() }).collect();
        files.sort_by_key(|f| f.name != pjsip_model::PJSIP_CONF);
        pjsip_model::Input::new(files, pjsip_model::AsteriskVersion::V22)
    }
}

/// How one step of the trace came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Matched,
    Failed,
    Info,
}

/// The stage of request processing a step belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Transport,
    GlobalAcl,
    MessageFilter,
    Identify,
    EndpointAcl,
    Auth,
    Registrar,
    Options,
    Session,
    Dialplan,
    Subscribe,
    Clock,
}

/// One thing the simulator tried, and why it came out as it did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub kind: StepKind,
    pub title: String,
    /// Plain words: what was compared with what.
    pub text: String,
    pub verdict: Verdict,
    /// The configuration lines that decided it.
    pub spans: Vec<FileSpan>,
}

/// A contact, as the oracle reports added and removed ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRef {
    pub aor: String,
    pub uri: String,
}

/// Where an INVITE or MESSAGE entered the dialplan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DialplanTarget {
    pub context: String,
    pub exten: String,
}

/// What happened to one request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// Final SIP status; `None` when Asterisk would send nothing (no transport listens).
    pub status: Option<u16>,
    pub reason: String,
    /// The identified endpoint (also when an endpoint ACL then rejected the request).
    pub endpoint: Option<String>,
    /// REGISTER: the AOR the registrar matched.
    pub aor: Option<String>,
    pub contacts_added: Vec<ContactRef>,
    pub contacts_removed: Vec<ContactRef>,
    /// No endpoint matched (or an ACL rejected it): Asterisk's artificial endpoint answered.
    pub artificial_endpoint: bool,
    /// `global`, `endpoint` or `endpoint-contact` when an ACL refused the request.
    pub acl_rejected: Option<String>,
    pub dialplan: Option<DialplanTarget>,
    /// REGISTER 200: the expiry granted to the request's contacts.
    pub expires: Option<u32>,
    /// The key phrase of the line Asterisk logs for this outcome, so users find it in their logs.
    pub log: Option<String>,
    pub trace: Vec<Step>,
}

/// One registered (dynamic) contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    pub aor: String,
    pub uri: String,
    pub endpoint: String,
    /// Logical time (ms) at which it expires.
    pub expires_at_ms: u64,
    /// Logical time (ms) at which it was first registered (qualify counts from there).
    #[serde(default)]
    pub registered_at_ms: u64,
}
