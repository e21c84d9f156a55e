//! Every service the CLI and the app run on an analysis, run once: the fuzz targets and the
//! regression tests of crashes they found call this, so a new service is fuzzed as soon as it is
//! listed here. Not part of the API.

use crate::diagram::DiagramOptions;
use crate::simulate::{HostTable, Request, Scenario};
use crate::Analysis;

/// What a service pass touches besides the analysis itself.
#[derive(Debug, Default)]
pub struct Extras<'a> {
    /// Requests for the simulator, run in order.
    pub requests: &'a [Request],
    /// Byte offsets of the first file to ask completion and hover at (any value; out-of-range
    /// and mid-character offsets are part of the test).
    pub offsets: &'a [usize],
}

/// Runs every service and returns a number that depends on all their results (so nothing is
/// optimised away).
pub fn every_service(analysis: &Analysis, extras: &Extras<'_>) -> usize {
    let mut total = analysis.diagnostics().len() + analysis.sections().len();
    for object in analysis.objects() {
        for value in object.values() {
            total += object.display(&value.name).len() + value.set_by.len();
        }
    }
    total += analysis.rejected().len() + analysis.ignored().len();
    for options in [DiagramOptions::default(), DiagramOptions { default_transport: false, templates: true }] {
        let diagram = analysis.diagram(&options);
        total += diagram.to_svg().len();
        if let Some(first) = diagram.graph.nodes.first() {
            let id = first.id.clone();
            total += crate::diagram::Diagram::of(diagram.graph.neighbourhood(&id, 2)).to_svg().len();
        }
    }
    let outcomes = analysis.simulate(&Scenario { requests: extras.requests.to_vec(), hosts: HostTable::default() });
    total += outcomes.iter().map(|o| o.trace.len()).sum::<usize>();
    let summary = analysis.summary();
    total += summary.to_text().len();
    {
        let (name, text) = analysis.file(analysis.config.root);
        total += crate::redact::strip_secrets(text).1;
        for &offset in extras.offsets {
            total += crate::ide::complete(analysis, name, text, offset).map_or(0, |c| c.items.len());
            total += crate::ide::hover(analysis, name, text, offset).map_or(0, |h| h.paragraphs.len() + h.title.len());
        }
    }
    total
}

/// Separates the parts of a fuzz input: `pjsip.conf`, `pjsip_wizard.conf`, `extensions.conf`,
/// `acl.conf`, an include target `inc.conf`, then the requests.
pub const SEPARATOR: &[u8] = b"\n%%\n";

/// One fuzz input decoded: the files, the requests and the offsets to query. Every byte string
/// decodes to something (invalid UTF-8 is replaced), so the fuzzer never wastes an input.
#[derive(Debug, Default)]
pub struct Decoded {
    pub files: Vec<crate::InputFile>,
    pub requests: Vec<Request>,
    pub offsets: Vec<usize>,
}

impl Decoded {
    /// Reads the parts (see [`SEPARATOR`]). Requests are one per line:
    /// `METHOD|src_ip|src_port|transport|request_uri|from|to|contact|Name: value|…`
    /// (missing fields keep the request defaults; `-` as contact means none).
    pub fn from_bytes(data: &[u8]) -> Decoded {
        let mut parts = split(data, SEPARATOR);
        let names = [crate::PJSIP_CONF, crate::PJSIP_WIZARD_CONF, crate::EXTENSIONS_CONF, crate::ACL_CONF, "inc.conf"];
        let mut decoded = Decoded::default();
        for name in names {
            let Some(part) = parts.next() else { break };
            decoded.files.push(crate::InputFile { name: name.to_string(), text: String::from_utf8_lossy(part).into_owned() });
        }
        if let Some(requests) = parts.next() {
            let text = String::from_utf8_lossy(requests);
            decoded.requests = text.lines().take(50).map(request).collect();
        }
        // Offsets: every byte of a tiny root file, about fifty spread over a larger one.
        let len = decoded.files.first().map_or(0, |f| f.text.len());
        let step = (len / 48).max(1);
        decoded.offsets = (0..=len + 1).step_by(step).collect();
        decoded
    }

    pub fn input(&self) -> crate::Input {
        crate::Input::new(self.files.clone(), crate::AsteriskVersion::V22)
    }
}

fn split<'a>(data: &'a [u8], separator: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
    let mut rest = Some(data);
    std::iter::from_fn(move || {
        let data = rest?;
        match data.windows(separator.len()).position(|w| w == separator) {
            Some(at) => {
                rest = Some(&data[at + separator.len()..]);
                Some(&data[..at])
            }
            None => {
                rest = None;
                Some(data)
            }
        }
    })
}

fn request(line: &str) -> Request {
    let mut fields = line.split('|');
    let mut request = Request::default();
    let mut next = || fields.next().map(str::to_string);
    if let Some(method) = next() {
        request.method = method;
    }
    if let Some(ip) = next() {
        request.src_ip = ip;
    }
    if let Some(port) = next() {
        request.src_port = port.trim().parse().unwrap_or(5060);
    }
    if let Some(transport) = next() {
        request.transport = match transport.trim() {
            "tcp" => crate::simulate::Transport::Tcp,
            "tls" => crate::simulate::Transport::Tls,
            "ws" => crate::simulate::Transport::Ws,
            "wss" => crate::simulate::Transport::Wss,
            _ => crate::simulate::Transport::Udp,
        };
    }
    if let Some(uri) = next() {
        request.request_uri = uri;
    }
    if let Some(from) = next() {
        request.from = from;
    }
    request.to = next();
    request.contact = next().map(|c| if c == "-" { None } else { Some(c) });
    for header in fields {
        if let Some((name, value)) = header.split_once(':') {
            request.headers.insert(name.trim().to_string(), Some(crate::simulate::HeaderValue::One(value.trim().to_string())));
        } else if header == "auth" {
            request.auth = Some(crate::simulate::Credentials { username: "6001".into(), password: "secret".into() });
        }
    }
    request
}
