//! Asterisk's display form of effective values (`pjsip show <type> <id>`, the `details` of the
//! oracle's load verdicts). The model keeps values as the configuration states them; this module
//! only changes how they are printed, including where Asterisk prints something other than the
//! value it uses.

use crate::ObjectType;
use std::net::IpAddr;

use crate::model::Object;
use crate::schema::{is_true_word, Kind, Printer};
use crate::values::{display_match_entry, parse_ip_port};

/// The value of `option` of `object` as Asterisk prints it.
pub fn value(object: &Object, option: &str) -> String {
    let raw = object.value(option);
    match (object.object_type, option) {
        (ObjectType::Transport, "bind") => bind(object, raw),
        // Asterisk's printer for this option reads the connected-line refresh method.
        (ObjectType::Endpoint, "direct_media_method") => object.value("connected_line_method").to_string(),
        (ObjectType::Endpoint, "acl") => acl(object, ["acl", "permit", "deny"]),
        (ObjectType::Endpoint, "contact_acl") => acl(object, ["contact_acl", "contact_permit", "contact_deny"]),
        (ObjectType::Endpoint, "callerid") => callerid(raw),
        // Stored as an address without port: IPv6 is printed without brackets.
        (ObjectType::Endpoint, "media_address") => match parse_ip_port(raw) {
            Some((ip, None)) => ip.to_string(),
            _ => raw.to_string(),
        },
        (ObjectType::Endpoint, "dtls_fingerprint") if raw.is_empty() => "SHA-256".into(),
        (ObjectType::Endpoint, "dtls_setup") if raw.is_empty() => "active".into(),
        (ObjectType::Endpoint, "stir_shaken") if raw.is_empty() => "no".into(),
        (ObjectType::Endpoint, o) if o.starts_with("codec_prefs_") => codec_prefs(o, raw),
        (ObjectType::Transport, "method") if raw.is_empty() || raw.eq_ignore_ascii_case("default") => "unspecified".into(),
        (ObjectType::Auth, "supported_algorithms_uac" | "supported_algorithms_uas") if raw.is_empty() || raw.starts_with('(') => {
            "MD5".into()
        }
        // Every rule; `pjsip show identify` prints one `match` line per rule.
        (ObjectType::Identify, "match") => raw
            .split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(|e| display_match_entry(e).unwrap_or_else(|| e.to_string()))
            .collect::<Vec<_>>()
            .join(","),
        _ => by_kind(object, option, raw),
    }
}

/// The printers shared by many options: sorcery's own for each field type (booleans as
/// `true`/`false` or `yes`/`no`, numbers in decimal, decimals with six places, codec lists in
/// parentheses), and custom printers that several options share (TLS and DTLS booleans as
/// `Yes`/`No`).
fn by_kind(object: &Object, option: &str, raw: &str) -> String {
    let Some(schema) = object.object_type.schema().option(option) else { return raw.to_string() };
    let truth = is_true_word(raw.trim());
    match (schema.printer, schema.kind) {
        (Printer::TrueFalse, _) => if truth { "true" } else { "false" }.into(),
        (Printer::YesNo, _) => if truth { "yes" } else { "no" }.into(),
        (Printer::Custom, Kind::Bool) => if truth { "Yes" } else { "No" }.into(),
        (Printer::Codecs, _) => {
            let codecs: Vec<&str> = raw.split([',', '|']).map(str::trim).filter(|c| !c.is_empty()).collect();
            if codecs.is_empty() {
                "(nothing)".into()
            } else {
                format!("({})", codecs.join("|"))
            }
        }
        (Printer::Double, _) => raw.trim().parse::<f64>().map_or_else(|_| raw.to_string(), |v| format!("{v:.6}")),
        (Printer::Integer, _) => crate::values::parse_integer(raw.trim()).map_or_else(|| raw.to_string(), |n| n.to_string()),
        // The DTLS verification modes, capitalised by their printer.
        (Printer::Custom, _) if option == "dtls_verify" => match raw.trim().to_ascii_lowercase().as_str() {
            "fingerprint" => "Fingerprint".into(),
            "certificate" => "Certificate".into(),
            word if is_true_word(word) => "Yes".into(),
            _ => "No".into(),
        },
        _ => raw.to_string(),
    }
}

/// `addr:port`, with the protocol's default port when none is written.
fn bind(object: &Object, raw: &str) -> String {
    let Some((ip, port)) = parse_ip_port(raw) else { return raw.to_string() };
    let default_port = if object.value("protocol").eq_ignore_ascii_case("tls") { 5061 } else { 5060 };
    let port = port.unwrap_or(default_port);
    match ip {
        IpAddr::V4(v4) => format!("{v4}:{port}"),
        IpAddr::V6(v6) => format!("[{v6}]:{port}"),
    }
}

/// The first access list: a named ACL prints its name, one made of permit/deny lines prints
/// `deny/permit`. Lines are taken in the order they were written.
fn acl(object: &Object, options: [&str; 3]) -> String {
    let mut first: Option<(pjsip_syntax::FileSpan, String)> = None;
    for option in options {
        let Some(value) = object.get(option) else { continue };
        if value.value.is_empty() {
            continue;
        }
        let Some(setting) = value.set_by.first() else { continue };
        let key = (setting.at.file, setting.at.span.start);
        if first.as_ref().is_none_or(|(at, _)| key < (at.file, at.span.start)) {
            let shown = if option.ends_with("acl") {
                value.value.split(',').map(str::trim).next().unwrap_or("").to_string()
            } else {
                "deny/permit".to_string()
            };
            first = Some((setting.at, shown));
        }
    }
    first.map(|(_, shown)| shown).unwrap_or_default()
}

/// `"Name" <number>`, or `<unknown>` when no caller id is set.
fn callerid(raw: &str) -> String {
    let raw = raw.trim();
    if raw.is_empty() {
        return "<unknown>".into();
    }
    match raw.rsplit_once('<') {
        Some((name, number)) if number.ends_with('>') => {
            let name = name.trim().trim_matches('"');
            if name.is_empty() {
                format!("<{number}")
            } else {
                format!("\"{name}\" <{number}")
            }
        }
        _ => raw.to_string(),
    }
}

/// All four negotiation fields in Asterisk's order, defaults filled in.
fn codec_prefs(option: &str, raw: &str) -> String {
    let mut fields = [
        ("prefer", "pending".to_string()),
        ("operation", if option == "codec_prefs_outgoing_offer" { "union" } else { "intersect" }.to_string()),
        ("keep", "all".to_string()),
        ("transcode", "allow".to_string()),
    ];
    for part in raw.split(',') {
        let Some((key, value)) = part.split_once(':') else { continue };
        if let Some(field) = fields.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(key.trim())) {
            field.1 = value.trim().to_ascii_lowercase();
        }
    }
    fields.iter().map(|(k, v)| format!("{k}:{v}")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use crate::ObjectType;
    use crate::{AsteriskVersion, Input, InputFile, Loaded};

    fn shown(conf: &str, type_name: &str, id: &str, option: &str) -> String {
        let analysis = Loaded::new(&Input::new(vec![InputFile { name: "pjsip.conf".into(), text: conf.into() }], AsteriskVersion::V22));
        let object = ObjectType::from_name(type_name)
            .and_then(|t| analysis.model().find(t, id))
            .unwrap_or_else(|| panic!("{type_name} {id} not loaded"));
        object.display(option)
    }

    #[test]
    fn transports_show_their_port() {
        let conf = "[t6]\ntype=transport\nprotocol=tcp\nbind=[::1]\n[t4]\ntype=transport\nbind=0.0.0.0\n";
        assert_eq!(shown(conf, "transport", "t6", "bind"), "[::1]:5060");
        assert_eq!(shown(conf, "transport", "t4", "bind"), "0.0.0.0:5060");
        assert_eq!(shown(conf, "transport", "t4", "method"), "unspecified");
    }

    #[test]
    fn endpoint_quirks_and_defaults() {
        let conf = "[e]\ntype=endpoint\ndirect_media_method=update\ndeny=0.0.0.0/0\npermit=127.0.0.1\nacl=office\ncallerid=Alice <100>\n\
                    codec_prefs_incoming_offer=prefer: configured\nmedia_address=[::1]\n[f]\ntype=endpoint\nacl=office,home\ndeny=0.0.0.0/0\n";
        assert_eq!(shown(conf, "endpoint", "e", "direct_media_method"), "invite");
        assert_eq!(shown(conf, "endpoint", "e", "acl"), "deny/permit");
        assert_eq!(shown(conf, "endpoint", "f", "acl"), "office");
        assert_eq!(shown(conf, "endpoint", "f", "callerid"), "<unknown>");
        assert_eq!(shown(conf, "endpoint", "e", "callerid"), "\"Alice\" <100>");
        assert_eq!(shown(conf, "endpoint", "e", "dtls_setup"), "active");
        assert_eq!(shown(conf, "endpoint", "e", "media_address"), "::1");
        assert_eq!(
            shown(conf, "endpoint", "e", "codec_prefs_incoming_offer"),
            "prefer:configured, operation:intersect, keep:all, transcode:allow"
        );
    }

    #[test]
    fn identify_rules_and_md5_digests() {
        let conf = "[i]\ntype=identify\nendpoint=x\nmatch=127.0.0.0:5061/8,10.0.0.1\n[a]\ntype=auth\nusername=a\nmd5_cred=c9b9e23e2160fd69b19f99116da19711\n";
        assert_eq!(shown(conf, "identify", "i", "match"), "127.0.0.0:5061/255.0.0.0,10.0.0.1/255.255.255.255");
        assert_eq!(shown(conf, "auth", "a", "password_digest"), "MD5:c9b9e23e2160fd69b19f99116da19711");
        assert_eq!(shown(conf, "auth", "a", "supported_algorithms_uas"), "MD5");
    }
}
