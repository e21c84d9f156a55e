//! Asterisk's display form of effective values (`pjsip show <type> <id>`, the `details` of the
//! oracle's load verdicts). The model keeps values as the configuration states them; this module
//! only changes how they are printed, including where Asterisk prints something other than the
//! value it uses.

use crate::ObjectType;
use std::net::IpAddr;

use crate::model::Object;
use crate::numbers;
use crate::schema::{is_false_word, is_true_word, Kind, OptionSchema, Printer};
use crate::values::{display_match_entry, parse_ip_port};

/// The value of `option` of `object` as Asterisk prints it.
pub fn value(object: &Object, option: &str) -> String {
    let raw = object.value(option);
    match (object.object_type, option) {
        (ObjectType::Transport, "bind") => bind(object, raw),
        // Asterisk's printer for this option reads the connected-line refresh method.
        (ObjectType::Endpoint, "direct_media_method") => value(object, "connected_line_method"),
        (ObjectType::Endpoint, "acl") => acl(object, ["acl", "permit", "deny"]),
        (ObjectType::Endpoint, "contact_acl") => acl(object, ["contact_acl", "contact_permit", "contact_deny"]),
        (ObjectType::Endpoint, "callerid") => numbers::print_callerid(raw),
        (ObjectType::Endpoint, "call_group" | "pickup_group") => numbers::print_groups(numbers::groups(raw)),
        (ObjectType::Endpoint, "named_call_group" | "named_pickup_group") => numbers::named_groups(raw).join(", "),
        (ObjectType::Endpoint, "tos_audio" | "tos_video") => numbers::tos(raw).unwrap_or(0).to_string(),
        (ObjectType::Transport, "tos") => numbers::transport_tos(raw).unwrap_or(0).to_string(),
        (ObjectType::Endpoint, "dtls_rekey") => numbers::scan_u32(raw).unwrap_or(0).to_string(),
        // Stored as an address without port: IPv6 is printed without brackets.
        (ObjectType::Endpoint, "media_address") => match parse_ip_port(raw) {
            Some((ip, _)) => ip.to_string(),
            _ => raw.to_string(),
        },
        // Kept in an 80-byte buffer.
        (ObjectType::Endpoint, "subscribe_context") => {
            let mut text = raw.to_string();
            text.truncate(pjsip_syntax::floor_char_boundary(&text, 79));
            text
        }
        // A word the DTLS parser does not know leaves the default in place.
        (ObjectType::Endpoint, "dtls_fingerprint") if !["sha-1", "sha-256"].contains(&raw.trim().to_ascii_lowercase().as_str()) => {
            "SHA-256".into()
        }
        (ObjectType::Endpoint, "dtls_setup") if !["active", "passive", "actpass"].contains(&raw.trim().to_ascii_lowercase().as_str()) => {
            "active".into()
        }
        // A deprecated no-op: always printed as off.
        (ObjectType::Endpoint, "stir_shaken") => "no".into(),
        // `preferred_codec_only=yes` sets the preference for incoming offers.
        (ObjectType::Endpoint, "incoming_call_offer_pref") if object.get(option).is_none_or(|v| v.is_default()) => {
            if is_true_word(object.value("preferred_codec_only")) {
                "local_first".into()
            } else {
                by_kind(object, option, raw)
            }
        }
        (ObjectType::Endpoint, o) if o.starts_with("codec_prefs_") => codec_prefs(o, raw),
        (ObjectType::Endpoint | ObjectType::Registration, "security_mechanisms") => {
            raw.split(',').map(str::trim).filter(|m| !m.is_empty()).collect::<Vec<_>>().join(", ")
        }
        (ObjectType::Endpoint, "auth" | "outbound_auth") | (ObjectType::Registration, "outbound_auth") => {
            raw.split(',').map(str::trim).filter(|m| !m.is_empty()).collect::<Vec<_>>().join(",")
        }
        (ObjectType::Transport, "method") => match raw.trim().to_ascii_lowercase().as_str() {
            _ if object.get(option).is_none_or(|v| v.is_default()) => "unspecified".into(),
            // `default`, or written empty, is pjproject's default method, TLS 1.
            "" | "default" => "tlsv1".into(),
            _ => by_kind(object, option, raw),
        },
        // No longer settable: always one.
        (ObjectType::Transport, "async_operations") => "1".into(),
        (ObjectType::Transport, "local_net") => acl_rules(raw),
        (ObjectType::Auth, "supported_algorithms_uac" | "supported_algorithms_uas") if raw.is_empty() || raw.starts_with('(') => {
            "MD5".into()
        }
        (ObjectType::Auth, "password_digest") => password_digests(raw),
        (ObjectType::Auth, "md5_cred") if raw.is_empty() => md5_from_digests(object.value("password_digest")),
        // Every rule; `pjsip show identify` prints one `match` line per rule.
        (ObjectType::Identify, "match") => acl_rules(raw),
        _ => by_kind(object, option, raw),
    }
}

/// The printers shared by many options: sorcery's own for each field type (booleans as
/// `true`/`false` or `yes`/`no`, numbers in decimal, decimals with six places, codec lists in
/// parentheses), and custom printers that several options share (TLS and DTLS booleans as
/// `Yes`/`No`, enumerations as their canonical word).
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
        // printf's `%f`: `inf`, `nan` in lower case.
        (Printer::Double, _) => numbers::parse_double(raw).map_or_else(|| raw.to_string(), |v| format!("{v:.6}").to_ascii_lowercase()),
        (Printer::Integer, _) => crate::values::parse_integer(raw.trim()).map_or_else(|| raw.to_string(), |n| n.to_string()),
        // The DTLS verification modes, capitalised by their printer.
        (Printer::Custom, _) if option == "dtls_verify" => match raw.trim().to_ascii_lowercase().as_str() {
            "fingerprint" => "Fingerprint".into(),
            "certificate" => "Certificate".into(),
            word if is_true_word(word) => "Yes".into(),
            _ => "No".into(),
        },
        (Printer::Custom, Kind::Enum) if !schema.case_sensitive => enum_word(schema, raw.trim()),
        // By canonical names; a set of methods lists each once, in the order first written
        // (the algorithm lists keep every entry).
        (Printer::Custom, Kind::EnumList) if !schema.case_sensitive => {
            let keeps_repeats = option.starts_with("supported_algorithms");
            let mut words: Vec<String> = Vec::new();
            for item in raw.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                let word = enum_word(schema, item);
                if keeps_repeats || !words.contains(&word) {
                    words.push(word);
                }
            }
            words.join(",")
        }
        _ => raw.to_string(),
    }
}

/// An enumeration's value as its printer writes it: the registered word whatever the case it
/// was written in, yes/no for the boolean synonyms some accept, and the canonical word of a
/// synonym (`timers=forced` is `always`, `reinvite` is `invite`).
fn enum_word(schema: &OptionSchema, written: &str) -> String {
    if schema.bool_synonyms && !schema.enum_values.iter().any(|v| v.eq_ignore_ascii_case(written)) {
        if is_true_word(written) {
            return "yes".into();
        }
        if is_false_word(written) {
            return "no".into();
        }
    }
    let Some(word) = schema.enum_values.iter().find(|v| v.eq_ignore_ascii_case(written)) else { return written.to_string() };
    match (schema.name, *word) {
        ("timers", "forced") => "always".into(),
        ("connected_line_method" | "direct_media_method", "reinvite") => "invite".into(),
        _ => word.to_string(),
    }
}

/// `addr:port`, with the protocol's default port when none (or 0) is written; `localhost` as
/// the address it names. A `flow` transport binds nothing: `0.0.0.0:0`.
fn bind(object: &Object, raw: &str) -> String {
    if object.value("protocol").trim().eq_ignore_ascii_case("flow") {
        return "0.0.0.0:0".into();
    }
    let Ok((Some(ip), port)) = crate::values::parse_bind(raw) else { return raw.to_string() };
    let default_port = if object.value("protocol").trim().eq_ignore_ascii_case("tls") { 5061 } else { 5060 };
    let port = if port == 0 { default_port } else { port };
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

/// ACL rules one per line as Asterisk prints them: `addr/netmask`, the address reduced to its
/// network, `!` before a rule that denies.
fn acl_rules(raw: &str) -> String {
    raw.split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|e| {
            let deny = e.starts_with('!');
            let shown = display_match_entry(e).unwrap_or_else(|| e.to_string());
            if deny {
                format!("!{shown}")
            } else {
                shown
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Each `password_digest` entry with its algorithm in Asterisk's spelling (`md5:` → `MD5:`);
/// 32 hex digits without a prefix are taken as MD5.
fn password_digests(raw: &str) -> String {
    raw.split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|entry| match entry.split_once(':') {
            Some((algorithm, digest)) => {
                let canonical = ["MD5", "SHA-256", "SHA-512-256"].into_iter().find(|a| a.eq_ignore_ascii_case(algorithm.trim()));
                format!("{}:{digest}", canonical.unwrap_or(algorithm))
            }
            None => format!("MD5:{entry}"),
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// `md5_cred` as printed when only `password_digest` set it: the MD5 entry's digest.
fn md5_from_digests(digests: &str) -> String {
    digests
        .split(',')
        .map(str::trim)
        .find_map(|entry| match entry.split_once(':') {
            Some((algorithm, digest)) if algorithm.trim().eq_ignore_ascii_case("MD5") => Some(digest.to_string()),
            None if !entry.is_empty() => Some(entry.to_string()),
            _ => None,
        })
        .unwrap_or_default()
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

    #[test]
    fn enumerations_print_their_canonical_word() {
        let conf = "[e]\ntype=endpoint\ntimers=Forced\n100rel=1\ndtmf_mode=RFC4733\nconnected_line_method=reinvite\n\
                    identify_by=USERNAME , ip,username\nstir_shaken=abc\npreferred_codec_only=yes\n\
                    [t]\ntype=transport\nprotocol=Flow\nbind=127.0.0.1:5070\nmethod=default\ntos=46\nasync_operations=4\n\
                    [u]\ntype=transport\nprotocol=udp\nbind=localhost:0\nlocal_net=127.0.0.1/8\n";
        assert_eq!(shown(conf, "endpoint", "e", "timers"), "always");
        assert_eq!(shown(conf, "endpoint", "e", "100rel"), "yes");
        assert_eq!(shown(conf, "endpoint", "e", "dtmf_mode"), "rfc4733");
        assert_eq!(shown(conf, "endpoint", "e", "direct_media_method"), "invite");
        assert_eq!(shown(conf, "endpoint", "e", "identify_by"), "username,ip");
        assert_eq!(shown(conf, "endpoint", "e", "stir_shaken"), "no");
        assert_eq!(shown(conf, "endpoint", "e", "incoming_call_offer_pref"), "local_first");
        assert_eq!(shown(conf, "transport", "t", "protocol"), "flow");
        assert_eq!(shown(conf, "transport", "t", "bind"), "0.0.0.0:0");
        assert_eq!(shown(conf, "transport", "t", "method"), "tlsv1");
        assert_eq!(shown(conf, "transport", "t", "tos"), "44");
        assert_eq!(shown(conf, "transport", "t", "async_operations"), "1");
        assert_eq!(shown(conf, "transport", "u", "bind"), "127.0.0.1:5060");
        assert_eq!(shown(conf, "transport", "u", "local_net"), "127.0.0.0/255.0.0.0");
    }

    #[test]
    fn settings_aliases_and_two_singletons() {
        let conf = "[system]\ntype=system\ntaskpool_max_size=7\ntimer_t1=100\n[system2]\ntype=system\n\
                    [global]\ntype=global\ndefault_auth_algorithms_uas=SHA-256\n[a]\ntype=auth\nusername=a\npassword=p\n";
        let loaded = Loaded::new(&Input::new(vec![InputFile { name: "pjsip.conf".into(), text: conf.into() }], AsteriskVersion::V22));
        let system = loaded.model().settings(ObjectType::System).expect("two system sections still load");
        assert_eq!(system.id, "system");
        assert_eq!(system.display("threadpool_max_size"), "7");
        assert_eq!(system.display("timer_t1"), "100");
        assert_eq!(shown(conf, "auth", "a", "supported_algorithms_uas"), "SHA-256");
        let three = format!("{conf}[system3]\ntype=system\n");
        let loaded = Loaded::new(&Input::new(vec![InputFile { name: "pjsip.conf".into(), text: three }], AsteriskVersion::V22));
        assert!(loaded.model().settings(ObjectType::System).is_none(), "three system sections fail the type");
    }
}
