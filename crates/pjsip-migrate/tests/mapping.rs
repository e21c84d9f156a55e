//! What each chan_sip construct becomes, pinned on small inputs: devices, addresses,
//! credentials, `register =>` lines in their forms, NAT, templates, guests, users.conf, the
//! report, provenance both ways, the wizard layout and the JSON shape.

use pjsip_migrate::{migrate, MigrateInput, Migration, Role, SourceText, Why};

fn convert(sip: &str) -> Migration {
    migrate(&MigrateInput::sip(sip))
}

fn pjsip(m: &Migration) -> &str {
    m.files.get("pjsip.conf").map(String::as_str).unwrap_or("")
}

/// The `name = value` lines (comments cut) of every section `[name]` of type `type_name` in
/// `file`, header excluded.
fn section_in(m: &Migration, file: &str, type_name: &str, name: &str) -> Vec<String> {
    let text = m.files.get(file).map(String::as_str).unwrap_or("");
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        let code = strip_comment(line);
        if let Some(header) = code.strip_prefix('[') {
            let name = header.split(']').next().unwrap_or("").to_string();
            sections.push((name, Vec::new()));
        } else if !code.is_empty() {
            if let Some((_, lines)) = sections.last_mut() {
                lines.push(code.to_string());
            }
        }
    }
    sections
        .into_iter()
        .filter(|(n, lines)| n == name && lines.iter().any(|l| l == &format!("type = {type_name}")))
        .flat_map(|(_, lines)| lines)
        .collect()
}

fn section(m: &Migration, type_name: &str, name: &str) -> Vec<String> {
    section_in(m, "pjsip.conf", type_name, name)
}

/// A line without its `; comment` (an escaped `\;` stays).
fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    let cut = (0..bytes.len()).find(|&i| bytes[i] == b';' && (i == 0 || bytes[i - 1] != b'\\')).unwrap_or(bytes.len());
    line[..cut].trim()
}

fn has(lines: &[String], wanted: &str) -> bool {
    lines.iter().any(|l| l == wanted)
}

#[track_caller]
fn assert_has(m: &Migration, type_name: &str, name: &str, wanted: &[&str]) {
    let lines = section(m, type_name, name);
    for w in wanted {
        assert!(has(&lines, w), "[{name}] ({type_name}) lacks `{w}`; it has {lines:#?}\n{}", pjsip(m));
    }
}

#[track_caller]
fn assert_clean(m: &Migration) {
    let errors: Vec<_> = m.check.iter().filter(|f| f.severity == "error").collect();
    assert!(errors.is_empty(), "errors in the output: {errors:#?}\n{}", pjsip(m));
    let failed: Vec<_> = m.proof.subjects.iter().filter(|s| !s.recognised).map(|s| (&s.sip, &s.verdict)).collect();
    assert!(failed.is_empty(), "not recognised: {failed:#?}\n{}", pjsip(m));
}

fn verdict<'m>(m: &'m Migration, sip: &str) -> &'m str {
    m.proof.subjects.iter().find(|s| s.sip == sip).map_or("", |s| s.verdict.as_str())
}

fn unmapped<'m>(m: &'m Migration, option: &str) -> Option<&'m pjsip_migrate::Unmapped> {
    m.unmapped.iter().find(|u| u.option.eq_ignore_ascii_case(option))
}

#[test]
fn a_registering_friend() {
    let m = convert("[general]\ncontext=internal\n[alice]\ntype=friend\nhost=dynamic\nsecret=pw\n");
    assert_has(&m, "endpoint", "alice", &["aors = alice", "auth = alice", "identify_by = username"]);
    assert_has(&m, "aor", "alice", &["max_contacts = 1", "remove_existing = yes"]);
    assert_has(&m, "auth", "alice", &["username = alice", "password = pw"]);
    assert!(section(&m, "identify", "alice").is_empty());
    assert!(!section(&m, "endpoint", "alice").iter().any(|l| l.starts_with("outbound_auth")));
    assert_eq!(verdict(&m, "alice"), "recognised as endpoint alice, authenticated, routed to context internal");
    assert!(pjsip(&m).contains("[alice](sip-general)"));
    assert_clean(&m);
}

#[test]
fn a_peer_at_a_fixed_address() {
    let m = convert("[trunk]\ntype=peer\nhost=203.0.113.9\nport=5070\nsecret=x\ncontext=from-trunk\n");
    assert_has(&m, "endpoint", "trunk", &["auth = trunk", "identify_by = ip", "context = from-trunk"]);
    assert_has(&m, "aor", "trunk", &["contact = sip:203.0.113.9:5070"]);
    // chan_sip compared the source port of UDP peers.
    assert_has(&m, "identify", "trunk", &["endpoint = trunk", "match = 203.0.113.9:5070"]);
    // Without defaultuser chan_sip never answered a challenge from it: no outbound auth.
    assert!(!section(&m, "endpoint", "trunk").iter().any(|l| l.starts_with("outbound_auth")));
    assert!(verdict(&m, "trunk").starts_with("recognised as endpoint trunk"));
    assert_clean(&m);
}

#[test]
fn insecure_and_defaultuser_on_a_trunk() {
    let m = convert("[trunk]\ntype=peer\nhost=sip.example.com\ninsecure=port,invite\nsecret=x\ndefaultuser=acct\n");
    let endpoint = section(&m, "endpoint", "trunk");
    assert!(!endpoint.iter().any(|l| l.starts_with("auth =")), "insecure=invite: no inbound auth: {endpoint:?}");
    assert!(pjsip(&m).contains("; no `auth`: chan_sip did not challenge calls from this device (insecure=invite)"));
    assert_has(&m, "endpoint", "trunk", &["outbound_auth = trunk-outbound"]);
    assert_has(&m, "auth", "trunk-outbound", &["username = acct", "password = x"]);
    assert_has(&m, "aor", "trunk", &["contact = sip:acct@sip.example.com"]);
    // insecure=port: the address alone identifies it.
    assert_has(&m, "identify", "trunk", &["match = sip.example.com"]);
    // The host name resolves through the proof's host table.
    assert!(m.proof.hosts.hosts.contains_key("sip.example.com"));
    assert_clean(&m);
}

#[test]
fn a_registering_device_with_insecure_invite_needs_a_decision() {
    let m = convert("[phone]\ntype=friend\nhost=dynamic\nsecret=pw\ninsecure=invite\n");
    assert_has(&m, "endpoint", "phone", &["auth = phone"]);
    let u = unmapped(&m, "insecure").expect("insecure is reported");
    assert_eq!(u.why, Why::ManualDecision);
}

#[test]
fn md5_secrets() {
    let m = convert("[p]\ntype=friend\nhost=dynamic\nmd5secret=0123456789abcdef0123456789abcdef\n");
    assert_has(&m, "auth", "p", &["auth_type = md5", "md5_cred = 0123456789abcdef0123456789abcdef"]);
    assert!(verdict(&m, "p").contains("challenged"), "{}", verdict(&m, "p"));
    assert_clean(&m);
}

#[test]
fn register_lines_in_their_forms() {
    let m = convert("[general]\ntcpenable=yes\nregister => user:pw@sip.example.com\nregister => tcp://u2:pw2:authname@sip2.example.com:5070/1000~600\nregister => u3@example.net:pw3@proxy.example.com\n");
    assert_has(
        &m,
        "registration",
        "reg-sip.example.com",
        &["server_uri = sip:sip.example.com", "client_uri = sip:user@sip.example.com", "expiration = 120", "retry_interval = 20"],
    );
    assert_has(&m, "auth", "reg-sip.example.com-registration", &["username = user", "password = pw"]);
    // chan_sip took the provider's calls as guest calls: an endpoint identified by address.
    assert_has(&m, "endpoint", "reg-sip.example.com", &["identify_by = ip", "aors = reg-sip.example.com"]);
    assert_has(&m, "identify", "reg-sip.example.com", &["match = sip.example.com"]);
    assert_has(
        &m,
        "registration",
        "reg-sip2.example.com",
        &[
            "server_uri = sip:sip2.example.com:5070\\;transport=tcp",
            "client_uri = sip:u2@sip2.example.com",
            "contact_user = 1000",
            "transport = transport-tcp",
            "expiration = 600",
        ],
    );
    assert_has(&m, "auth", "reg-sip2.example.com-registration", &["username = authname", "password = pw2"]);
    // user@domain: the domain is the server URI, the host the proxy chan_sip sent to.
    assert_has(
        &m,
        "registration",
        "reg-proxy.example.com",
        &["server_uri = sip:example.net", "outbound_proxy = sip:proxy.example.com\\;lr", "client_uri = sip:u3@example.net"],
    );
    let registrations = m.proof.subjects.iter().filter(|s| s.role == Role::Registration).count();
    assert_eq!(registrations, 3);
    assert_clean(&m);
}

#[test]
fn register_lines_that_name_a_device() {
    let sip = "[general]\nregister => acct:pw@trunk/5551000\n[trunk]\ntype=peer\nhost=198.51.100.7\ncontext=from-trunk\ninsecure=invite\n";
    let m = convert(sip);
    // The host names a device: chan_sip registered to its address; the device takes the calls.
    assert_has(&m, "registration", "trunk", &["server_uri = sip:198.51.100.7", "contact_user = 5551000"]);
    assert!(section(&m, "endpoint", "reg-trunk").is_empty());
    assert!(verdict(&m, "register => acct:pw@trunk/5551000").contains("endpoint trunk"));
    assert_clean(&m);
}

#[test]
fn register_lines_chan_sip_refuses_are_reported() {
    let m = convert("[general]\nregister => nothing-here\n");
    let u = unmapped(&m, "register").expect("reported");
    assert_eq!(u.why, Why::IgnoredByChanSip);
    assert!(u.reason.contains("format"), "{}", u.reason);
}

#[test]
fn nat_settings() {
    let m = convert("[general]\nnat=yes\n[a]\ntype=friend\nhost=dynamic\nnat=no\n");
    let general = section(&m, "endpoint", "sip-general");
    assert!(has(&general, "force_rport = yes") && has(&general, "rewrite_contact = yes") && has(&general, "rtp_symmetric = yes"));
    assert_has(&m, "endpoint", "a", &["force_rport = no", "rewrite_contact = no", "rtp_symmetric = no"]);
    // chan_sip's default (auto_force_rport) when [general] says nothing.
    let m = convert("[a]\ntype=friend\nhost=dynamic\n");
    let general = section(&m, "endpoint", "sip-general");
    assert!(has(&general, "force_rport = yes") && has(&general, "rewrite_contact = yes"));
    assert!(pjsip(&m).contains("; chan_sip's default nat=auto_force_rport"));
}

#[test]
fn templates_stay_templates() {
    let sip = "[tpl](!)\ncontext=x\ndtmfmode=info\nhost=dynamic\n[a](tpl)\ntype=friend\n[b](a)\ncallerid=B <2>\n";
    let m = convert(sip);
    assert!(pjsip(&m).contains("[tpl](!)\n"), "{}", pjsip(&m));
    assert!(pjsip(&m).contains("[a](sip-general,tpl)\n"));
    assert_has(&m, "endpoint", "tpl", &["context = x", "dtmf_mode = info"]);
    // The device does not repeat what its template holds; its AOR reads the template's host.
    assert!(!has(&section(&m, "endpoint", "a"), "context = x"));
    assert_has(&m, "aor", "a", &["max_contacts = 1"]);
    // A device built on another device gets its lines written out (a PJSIP base would pass on
    // aors and auth too).
    assert!(pjsip(&m).contains("[b](sip-general)\n"));
    assert_has(&m, "endpoint", "b", &["context = x", "dtmf_mode = info", "callerid = B <2>"]);
    assert_clean(&m);
}

#[test]
fn provenance_both_ways() {
    let sip = "[tpl](!)\ncontext=x\n[a](tpl)\ntype=friend\nhost=dynamic\n";
    let m = convert(sip);
    let text = pjsip(&m);
    let at = text.find("context = x").unwrap() as u32;
    let sources = m.sources_at("pjsip.conf", at);
    assert_eq!(sources.len(), 1);
    assert_eq!((sources[0].file.as_str(), sources[0].line), ("sip.conf", 2));
    let input_at = sip.find("context=x").unwrap() as u32;
    let outputs = m.outputs_of("sip.conf", input_at);
    assert!(outputs.iter().any(|o| &text[o.start as usize..o.end as usize] == "context = x"));
    // The device's header leads to its endpoint, AOR … and back.
    let header = sip.find("[a](tpl)").unwrap() as u32;
    let lines: Vec<&str> = m.outputs_of("sip.conf", header).iter().map(|o| &text[o.start as usize..o.end as usize]).collect();
    assert!(lines.contains(&"[a](sip-general,tpl)"), "{lines:?}");
}

#[test]
fn every_input_line_is_mapped_or_reported() {
    let (sip, users) = office();
    let mut input = MigrateInput::new(vec![
        SourceText { name: "sip.conf".into(), text: sip.clone() },
        SourceText { name: "users.conf".into(), text: users.clone() },
    ]);
    input.wizard = false;
    let m = migrate(&input);
    for (file, text) in [("sip.conf", &sip), ("users.conf", &users)] {
        for (index, line) in text.lines().enumerate() {
            let code = strip_comment(line);
            if code.is_empty() || code.starts_with('[') || !code.contains('=') {
                continue;
            }
            let number = index as u32 + 1;
            let cited = m.provenance.iter().any(|o| o.sources.iter().any(|s| s.file == file && s.line == number));
            let reported = m.unmapped.iter().any(|u| u.file == file && u.line == number);
            assert!(cited || reported, "{file}:{number} `{line}` is neither mapped nor reported");
        }
    }
    assert_clean(&m);
}

#[test]
fn what_cannot_be_carried_over_says_why() {
    let m = convert("[general]\nvideosupport=yes\nfrobnicate=1\n[nosuchtype]\nhost=dynamic\n[odd]\ntype=phone\n");
    assert_eq!(unmapped(&m, "videosupport").map(|u| u.why), Some(Why::NoEquivalent));
    let unknown = unmapped(&m, "frobnicate").unwrap();
    assert_eq!((unknown.why, unknown.reason.as_str()), (Why::IgnoredByChanSip, "chan_sip does not know this option"));
    assert!(unmapped(&m, "host").unwrap().reason.contains("no `type`"));
    assert!(unmapped(&m, "type").unwrap().reason.contains("type=phone"));
    let skipped: Vec<&str> = m.sections.iter().filter(|s| s.kind == pjsip_migrate::GroupKind::Skipped).map(|s| s.sip.as_str()).collect();
    assert_eq!(skipped, ["nosuchtype", "odd"]);
}

#[test]
fn guests() {
    let m = convert("[general]\ncontext=public\n");
    assert!(pjsip(&m).contains("[anonymous](sip-general)\n"));
    assert_has(&m, "global", "global", &["endpoint_identifier_order = username,ip,anonymous"]);
    assert!(m.decisions.iter().any(|d| d.contains("allowguest=yes is its default")));
    assert_eq!(verdict(&m, "allowguest"), "recognised as endpoint anonymous, routed to context public");
    let m = convert("[general]\nallowguest=no\n");
    assert!(!pjsip(&m).contains("[anonymous]"));
    assert_has(&m, "global", "global", &["endpoint_identifier_order = username,ip"]);
    assert!(verdict(&m, "allowguest").contains("refused"));
    assert_clean(&m);
}

fn office() -> (String, String) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/");
    (std::fs::read_to_string(format!("{dir}office-sip.conf")).unwrap(), std::fs::read_to_string(format!("{dir}office-users.conf")).unwrap())
}

fn office_input(wizard: bool) -> MigrateInput {
    let (sip, users) = office();
    let mut input =
        MigrateInput::new(vec![SourceText { name: "sip.conf".into(), text: sip }, SourceText { name: "users.conf".into(), text: users }]);
    input.wizard = wizard;
    input
}

#[test]
fn the_office() {
    let m = migrate(&office_input(false));
    // users.conf: [general] hassip makes every entry a friend; hasvoicemail gives a mailbox.
    assert_has(&m, "endpoint", "6001", &["mailboxes = 6001@default", "callerid = \"Dana Doe\"", "context = users"]);
    assert!(section(&m, "endpoint", "6002").is_empty());
    assert_eq!(unmapped(&m, "hasiax").map(|u| u.why), Some(Why::OtherModule));
    // Transports from [general], with the NAT addresses on each.
    for proto in ["udp", "tcp", "tls"] {
        assert_has(&m, "transport", &format!("transport-{proto}"), &["external_signaling_address = 203.0.113.5", "local_net = 10.0.0.0/8"]);
    }
    assert_has(
        &m,
        "transport",
        "transport-tls",
        &["bind = 0.0.0.0:5061", "cert_file = /etc/asterisk/keys/asterisk.pem", "verify_server = no"],
    );
    assert_has(&m, "endpoint", "101", &["transport = transport-tls", "media_encryption = sdes"]);
    // [authentication] realm credentials go to devices at fixed addresses and registrations.
    assert_has(&m, "endpoint", "provider", &["outbound_auth = provider-outbound,auth-realm.example"]);
    assert_has(&m, "aor", "provider", &["qualify_frequency = 60", "qualify_timeout = 2.5"]);
    assert_has(&m, "endpoint", "fax", &["t38_udptl = yes", "t38_udptl_ec = redundancy"]);
    assert!(m.decisions.iter().any(|d| d.contains("sip.provider2.example")));
    assert_eq!(m.proof.subjects.len(), 8);
    assert_clean(&m);
}

#[test]
fn the_wizard_layout() {
    let m = migrate(&office_input(true));
    let wizard = m.files.get("pjsip_wizard.conf").expect("a wizard file");
    assert!(wizard.contains("[100](sip-general,phone)\ntype = wizard\naccepts_registrations = yes\naccepts_auth = yes\n"), "{wizard}");
    assert!(!pjsip(&m).contains("[100]"), "the wizard's devices leave pjsip.conf");
    // A device with two outbound auths does not fit the wizard: it stays in pjsip.conf.
    assert!(pjsip(&m).contains("[provider](sip-general)"));
    assert!(m.provenance.iter().any(|l| l.file == "pjsip_wizard.conf" && !l.sources.is_empty()));
    assert_clean(&m);
}

#[test]
fn duplicates_and_callback_extensions() {
    let sip = "[t]\ntype=peer\nhost=198.51.100.3\nsecret=pw\ndefaultuser=acct\ncallbackextension=7000\n[t]\ntype=peer\ncontext=later\n[u]\ncontext=nowhere\n";
    let m = convert(sip);
    assert_has(&m, "endpoint", "t", &["context = later"]);
    assert!(m.decisions.iter().any(|d| d.contains("appears 2 times")));
    // A later section without `type` is skipped by chan_sip, not merged.
    assert!(unmapped(&m, "context").is_some_and(|u| u.section == "u" && u.reason.contains("no `type`")));
    assert_has(&m, "registration", "t", &["server_uri = sip:198.51.100.3", "client_uri = sip:acct@198.51.100.3", "contact_user = 7000"]);
    assert_clean(&m);
}

#[test]
fn codecs_and_calls_without_ulaw() {
    let m = convert("[g]\ntype=friend\nhost=dynamic\ndisallow=all\nallow=g729\n");
    assert_has(&m, "endpoint", "g", &["disallow = all", "allow = g729"]);
    // The INVITE offers no SDP, since chan_sip's list for the device has no ulaw.
    let check = &m.proof.subjects.iter().find(|s| s.sip == "g").unwrap().checks[1];
    assert_eq!(check.request.sdp, Some(false));
    assert_clean(&m);
}

#[test]
fn a_refused_file_is_still_converted() {
    let m = convert("[general]\n#include missing.conf\n[a]\ntype=friend\nhost=dynamic\n");
    assert!(m.refused.as_deref().unwrap_or("").contains("missing.conf"), "{:?}", m.refused);
    assert_has(&m, "endpoint", "a", &["aors = a"]);
}

#[test]
fn the_json_has_the_issue_shape() {
    let m = migrate(&office_input(false));
    let json = serde_json::to_value(&m).unwrap();
    assert!(json["files"]["pjsip.conf"].is_string());
    let section = &json["sections"][0];
    assert!(section["sip"].is_string() && section["objects"][0]["type"].is_string() && section["objects"][0]["name"].is_string());
    let unmapped = &json["unmapped"][0];
    for key in ["file", "line", "section", "option", "reason"] {
        assert!(!unmapped[key].is_null(), "unmapped entries need `{key}`: {unmapped}");
    }
    // It reads back (the web app receives it from a worker).
    let back: Migration = serde_json::from_value(json).unwrap();
    assert_eq!(back, m);
}

#[test]
fn the_output_is_deterministic() {
    let a = serde_json::to_string(&migrate(&office_input(true))).unwrap();
    let b = serde_json::to_string(&migrate(&office_input(true))).unwrap();
    assert_eq!(a, b);
}

#[test]
fn proof_against_another_file() {
    let sip = "[alice]\ntype=friend\nhost=dynamic\nsecret=pw\n";
    // A hand-written pjsip.conf without codecs: the INVITE fails, and the proof says why.
    let other = "[transport-udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0\n[alice]\ntype=endpoint\naors=alice\nauth=alice\n[alice]\ntype=aor\nmax_contacts=1\n[alice]\ntype=auth\nusername=alice\npassword=pw\n";
    let (proof, _) = pjsip_migrate::prove(&MigrateInput::sip(sip), &[SourceText { name: "pjsip.conf".into(), text: other.into() }]);
    let alice = proof.subjects.iter().find(|s| s.sip == "alice").unwrap();
    assert!(!alice.recognised);
    assert!(alice.verdict.contains("488"), "{}", alice.verdict);
}
