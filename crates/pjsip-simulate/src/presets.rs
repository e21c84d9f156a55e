//! Ready-made requests derived from the user's own configuration, so the simulator has
//! something meaningful to run before anyone types a request.
use pjsip_model::ObjectType;

use super::index::list;
use super::types::{Credentials, Request};
use pjsip_model::model::Object;
use pjsip_model::Loaded;

/// The first address-like entry of an identify's `match` (IP, IP:port or network).
fn first_match_address(identify: &Object) -> Option<String> {
    list(identify.value("match")).find_map(|entry| {
        let entry = entry.trim_start_matches('!');
        let addr = entry.split('/').next()?;
        let (host, _) = super::sip::split_host_port(addr);
        host.parse::<std::net::IpAddr>().ok().map(|ip| ip.to_string())
    })
}

/// Where the requests go: the first UDP transport's own address when it binds one (a transport
/// bound to 10.0.0.5 does not receive packets for 127.0.0.1), else 127.0.0.1; its port.
fn listening_address(loaded: &Loaded) -> String {
    let udp = loaded.model().of_type(ObjectType::Transport).find(|t| t.value("protocol").eq_ignore_ascii_case("udp"));
    let bound = udp.and_then(|t| pjsip_model::values::parse_bind(t.value("bind")).ok());
    let port = bound.map_or(0, |b| b.1);
    let port = if port == 0 { 5060 } else { port };
    match bound.and_then(|b| b.0).filter(|ip| !ip.is_unspecified()) {
        Some(std::net::IpAddr::V6(v6)) => format!("[{v6}]:{port}"),
        Some(v4) => format!("{v4}:{port}"),
        None => format!("127.0.0.1:{port}"),
    }
}

/// Five requests: a phone registers, a second phone on the same AOR, an INVITE from a trunk's
/// address, an unknown caller, an OPTIONS ping. Presets whose objects are missing are skipped.
pub fn presets(loaded: &Loaded) -> Vec<(String, Request)> {
    let model = loaded.model();
    let credentials = |endpoint: &Object| {
        list(endpoint.value("auth"))
            .next()
            .and_then(|name| model.find(ObjectType::Auth, name))
            .map(|auth| Credentials { username: auth.value("username").to_string(), password: auth.value("password").to_string() })
    };
    let pbx = listening_address(loaded);
    let mut presets = Vec::new();
    let phone = model.of_type(ObjectType::Endpoint).find(|e| list(e.value("aors")).next().is_some());
    if let Some(phone) = phone {
        let aor = list(phone.value("aors")).next().unwrap_or(&phone.id).to_string();
        let register = |ip: &str, port: u16| Request {
            method: "REGISTER".into(),
            src_ip: ip.into(),
            src_port: port,
            request_uri: format!("sip:{pbx}"),
            from: format!("<sip:{}@127.0.0.1>", phone.id),
            to: Some(format!("<sip:{aor}@127.0.0.1>")),
            auth: credentials(phone),
            ..Request::default()
        };
        presets.push((format!("Phone {} registers", phone.id), register("127.0.0.2", 5070)));
        presets.push((format!("Second phone on AOR {aor}"), register("127.0.0.3", 5072)));
    }
    let trunk = model.of_type(ObjectType::Identify).find_map(|identify| {
        let ip = first_match_address(identify)?;
        Some((identify.value("endpoint").to_string(), ip))
    });
    if let Some((endpoint, ip)) = trunk {
        presets.push((
            format!("Trunk {endpoint} calls in from {ip}"),
            Request {
                method: "INVITE".into(),
                src_ip: ip,
                src_port: 5060,
                request_uri: format!("sip:100@{pbx}"),
                from: "<sip:+15551230000@provider.example>".into(),
                ..Request::default()
            },
        ));
    }
    presets.push((
        "Unknown caller".into(),
        Request {
            method: "INVITE".into(),
            src_ip: "127.0.0.99".into(),
            src_port: 5060,
            request_uri: format!("sip:100@{pbx}"),
            from: "<sip:stranger@unknown.example>".into(),
            ..Request::default()
        },
    ));
    let pinger = phone.or_else(|| model.of_type(ObjectType::Endpoint).next());
    if let Some(endpoint) = pinger {
        presets.push((
            format!("OPTIONS ping from {}", endpoint.id),
            Request {
                method: "OPTIONS".into(),
                src_ip: "127.0.0.2".into(),
                src_port: 5070,
                request_uri: format!("sip:{pbx}"),
                from: format!("<sip:{}@127.0.0.1>", endpoint.id),
                auth: credentials(endpoint),
                ..Request::default()
            },
        ));
    }
    presets
}
