//! The checks each type's apply handler makes once all options are parsed (semantics §b,
//! "Apply-time validations"), as far as they can be decided without a running Asterisk.
//! A failure drops the object; some checks only adjust a value (system timers, SDP names).

use crate::ObjectType;
use pjsip_syntax::{Code, FileSpan};

use crate::codes;

use crate::model::{Context, Object, Reason};
use crate::schema::slot::{auth as au, endpoint as ep, global, identify as id, registration as reg, system as sys, transport as tr};
use crate::schema::Slot;
use crate::values::{is_sip_uri, parse_bind, parse_integer, MatchHeaderError};
use crate::AsteriskVersion;
use std::net::IpAddr;

fn fail(code: Code, message: impl Into<String>, log: &'static str, at: FileSpan) -> Result<(), Reason> {
    Err(Reason::Apply { code, message: message.into(), log, at, related: None })
}

fn number(object: &Object, option: Slot) -> i128 {
    parse_integer(object.text(option)).unwrap_or(0)
}

/// Runs the apply checks of the object's type; may adjust values the way Asterisk does.
pub fn check(object: &mut Object, ctx: &Context<'_>) -> Result<(), Reason> {
    match object.object_type {
        ObjectType::Endpoint => endpoint(object, ctx),
        ObjectType::Auth => {
            md5_cred_as_digest(object, ctx);
            auth(object, ctx)
        }
        ObjectType::Identify => identify(object),
        ObjectType::Registration => registration(object),
        ObjectType::Transport => transport(object),
        ObjectType::Global => {
            for option in [global::DEBUG, global::DEFAULT_FROM_USER] {
                if object.at(option).is_some_and(|v| !v.is_default() && v.value.is_empty()) {
                    return fail(
                        codes::OPTION_INVALID_VALUE,
                        format!("global `{}` cannot be empty", option.name),
                        "can't be empty",
                        object.value_at(option),
                    );
                }
            }
            // Unknown algorithms make Asterisk warn and fall back to the registered default.
            for option in [global::DEFAULT_AUTH_ALGORITHMS_UAC, global::DEFAULT_AUTH_ALGORITHMS_UAS] {
                let Some(schema) = object.object_type.schema().option(option.name) else { continue };
                let known = |item: &str| schema.enum_values.iter().any(|a| a.eq_ignore_ascii_case(item));
                if !object.text(option).split(',').map(str::trim).filter(|i| !i.is_empty()).all(known) {
                    set(object, option, schema.default.to_string());
                }
            }
            Ok(())
        }
        ObjectType::System => {
            let t1 = number(object, sys::TIMER_T1).max(100);
            let b = number(object, sys::TIMER_B).max(64 * t1);
            set(object, sys::TIMER_T1, t1.to_string());
            set(object, sys::TIMER_B, b.to_string());
            Ok(())
        }
        _ => Ok(()),
    }
}

fn set(object: &mut Object, option: Slot, value: String) {
    // Only a changed value is stored: an unchanged default stays shared.
    if object.at(option).is_some_and(|v| v.value != value) {
        if let Some(v) = object.at_mut(option) {
            v.value = value.into();
        }
    }
}

fn endpoint(object: &mut Object, ctx: &Context<'_>) -> Result<(), Reason> {
    let min_se = number(object, ep::TIMERS_MIN_SE);
    if min_se < 90 {
        return fail(
            codes::ENDPOINT_TIMERS,
            format!("timers_min_se is {min_se}; it must be at least 90"),
            "Session timer minimum expires time must be 90 or greater",
            object.value_at(ep::TIMERS_MIN_SE),
        );
    }
    if number(object, ep::TIMERS_SESS_EXPIRES) < min_se {
        return fail(
            codes::ENDPOINT_TIMERS,
            "timers_sess_expires is lower than timers_min_se",
            "Session timer expires must be greater than minimum",
            object.value_at(ep::TIMERS_SESS_EXPIRES),
        );
    }
    if crate::schema::is_true_word(object.text(ep::DTLS_AUTO_GENERATE_CERT)) && !object.text(ep::DTLS_CERT_FILE).is_empty() {
        return fail(
            codes::ENDPOINT_DTLS,
            "dtls_auto_generate_cert cannot be combined with dtls_cert_file",
            "You cannot request automatically generated certificates",
            object.value_at(ep::DTLS_AUTO_GENERATE_CERT),
        );
    }
    if object.at(ep::RTP_PORT_START).is_some() {
        let (start, end) = (number(object, ep::RTP_PORT_START), number(object, ep::RTP_PORT_END));
        if (start == 0) != (end == 0) || (start != 0 && (start < 1024 || end < 1024 || end <= start)) {
            return fail(
                codes::ENDPOINT_RTP_PORTS,
                "rtp_port_start and rtp_port_end must both be set, at least 1024, with end above start",
                "rtp_port_start and rtp_port_end",
                object.value_at(if start == 0 { ep::RTP_PORT_END } else { ep::RTP_PORT_START }),
            );
        }
    }
    if crate::schema::is_true_word(object.text(ep::PREFERRED_CODEC_ONLY))
        && object.at(ep::INCOMING_CALL_OFFER_PREF).is_some_and(|v| !v.is_default() && v.value != "local")
    {
        return fail(
            codes::ENDPOINT_CODEC_PREFS,
            "preferred_codec_only cannot be combined with a non-default incoming_call_offer_pref",
            "Setting both preferred_codec_only and incoming_call_offer_pref",
            object.value_at(ep::PREFERRED_CODEC_ONLY),
        );
    }
    for option in [ep::GEOLOC_INCOMING_CALL_PROFILE, ep::GEOLOC_OUTGOING_CALL_PROFILE] {
        let profile = object.text(option).to_string();
        if !profile.is_empty()
            && !BUILTIN_GEOLOCATION_PROFILES.contains(&profile.as_str())
            && !ctx.env.geolocation_profiles.contains(&profile)
        {
            return fail(
                codes::REF_MISSING,
                format!("geolocation profile `{profile}` does not exist"),
                "doesn't exist",
                object.value_at(option),
            );
        }
    }
    // webrtc=yes and bundle=yes force other media settings, whatever the file says.
    if crate::schema::is_true_word(object.text(ep::WEBRTC)) {
        for (option, value) in [
            (ep::BUNDLE, "yes"),
            (ep::RTCP_MUX, "yes"),
            (ep::USE_AVPF, "yes"),
            (ep::ICE_SUPPORT, "yes"),
            (ep::MEDIA_USE_RECEIVED_TRANSPORT, "yes"),
            (ep::MEDIA_ENCRYPTION, "dtls"),
            (ep::DTLS_VERIFY, "fingerprint"),
            (ep::DTLS_SETUP, "actpass"),
            (ep::DTLS_REKEY, "0"),
        ] {
            set(object, option, value.into());
        }
        if object.text(ep::DTLS_CERT_FILE).is_empty() {
            set(object, ep::DTLS_AUTO_GENERATE_CERT, "yes".into());
        }
    }
    if crate::schema::is_true_word(object.text(ep::BUNDLE)) {
        set(object, ep::RTCP_MUX, "yes".into());
    }
    // Blank SDP names are replaced (with a warning), not refused.
    if object.text(ep::SDP_SESSION).trim().is_empty() {
        set(object, ep::SDP_SESSION, "-".into());
    }
    let owner = object.text(ep::SDP_OWNER);
    if owner.trim().is_empty() || owner.contains(char::is_whitespace) {
        set(object, ep::SDP_OWNER, "-".into());
    }
    Ok(())
}

/// From 20.12 / 21.7 / 22.2, `md5_cred` is parsed as one more MD5 `password_digest` entry,
/// and `pjsip show auth` lists it there as `MD5:<hash>`.
fn md5_cred_as_digest(object: &mut Object, ctx: &Context<'_>) {
    let cred = object.text(au::MD5_CRED);
    if ctx.version < AsteriskVersion::V20 || cred.is_empty() {
        return;
    }
    let entry = format!("MD5:{cred}");
    let setting = object.at(au::MD5_CRED).and_then(|v| v.set_by.last()).cloned();
    if let Some(digest) = object.at_mut(au::PASSWORD_DIGEST) {
        if digest.value.split(',').any(|d| d == entry) {
            return;
        }
        if !digest.value.is_empty() {
            digest.value.push(',');
        }
        digest.value.push_str(&entry);
        digest.set_by.extend(setting);
    }
}

/// Profiles res_geolocation creates by itself, whatever geolocation.conf holds: they only say
/// which location wins (configured or received) or that it is discarded.
pub const BUILTIN_GEOLOCATION_PROFILES: &[&str] = &["<prefer_config>", "<discard_config>", "<prefer_incoming>", "<discard_incoming>"];

fn auth(object: &Object, ctx: &Context<'_>) -> Result<(), Reason> {
    let auth_type = object.text(au::AUTH_TYPE);
    if auth_type.trim().eq_ignore_ascii_case("google_oauth") {
        let missing = [au::REFRESH_TOKEN, au::OAUTH_CLIENTID, au::OAUTH_SECRET].into_iter().find(|o| object.text(*o).is_empty());
        return match missing {
            Some(option) => fail(
                codes::AUTH_MISSING_CREDENTIALS,
                format!("google_oauth needs refresh_token, oauth_clientid and oauth_secret; {} is not set", option.name),
                "'google_oauth' authentication specified but refresh_token, oauth_clientid, or oauth_secret not specified",
                object.value_at(au::AUTH_TYPE),
            ),
            None => Ok(()),
        };
    }
    if object.text(au::USERNAME).is_empty() {
        return fail(codes::AUTH_MISSING_CREDENTIALS, "the auth has no username", "No authentication username", object.header_at);
    }
    let has_password =
        !object.text(au::PASSWORD).is_empty() || !object.text(au::PASSWORD_DIGEST).is_empty() || !object.text(au::MD5_CRED).is_empty();
    // From 20.12 / 21.7 / 22.2 an auth without any password is refused; earlier releases
    // accepted it (and refused only md5 without md5_cred).
    let strict = ctx.version >= AsteriskVersion::V20;
    if strict && !has_password {
        return fail(
            codes::AUTH_MISSING_CREDENTIALS,
            "the auth has neither a password nor a password digest",
            "No plain text or digest password found for algorithm",
            object.header_at,
        );
    }
    if strict {
        // The digest handler checks only the length (32 characters for MD5, enforced when the
        // value is read), not that the characters are hexadecimal.
        let md5_cred = object.text(au::MD5_CRED);
        // Without a plain password, every algorithm the auth offers or answers with needs its
        // own digest (md5_cred counts as the MD5 one).
        if object.text(au::PASSWORD).is_empty() {
            for option in [au::SUPPORTED_ALGORITHMS_UAS, au::SUPPORTED_ALGORITHMS_UAC] {
                let configured = object.at(option).filter(|v| !v.is_default()).map_or("", |v| v.value.as_str());
                let algorithms = if configured.trim().is_empty() { "MD5" } else { configured };
                for algorithm in algorithms.split(',').map(str::trim).filter(|a| !a.is_empty()) {
                    let has_md5 = algorithm.eq_ignore_ascii_case("MD5") && !md5_cred.is_empty();
                    // An entry without an algorithm prefix is an MD5 digest.
                    let has_digest = object
                        .text(au::PASSWORD_DIGEST)
                        .split(',')
                        .map(str::trim)
                        .filter(|d| !d.is_empty())
                        // An entry without `algorithm:` is an MD5 digest (the handler's md5_cred form).
                        .any(|d| d.split_once(':').map_or("MD5", |(a, _)| a.trim()).eq_ignore_ascii_case(algorithm));
                    if !has_md5 && !has_digest {
                        return fail(
                            codes::AUTH_MISSING_CREDENTIALS,
                            format!("no password or digest for algorithm {algorithm} in {option}"),
                            "No plain text or digest password found for algorithm",
                            object.value_at(option),
                        );
                    }
                }
            }
        }
    }
    if !strict && auth_type.eq_ignore_ascii_case("md5") && object.text(au::MD5_CRED).len() != 32 {
        return fail(
            codes::AUTH_MISSING_CREDENTIALS,
            "auth_type=md5 needs a 32-character md5_cred",
            "'md5' authentication specified but no md5_cred",
            object.value_at(au::AUTH_TYPE),
        );
    }
    Ok(())
}

fn identify(object: &Object) -> Result<(), Reason> {
    if object.text(id::ENDPOINT).is_empty() {
        return fail(codes::IDENTIFY_INCOMPLETE, "the identify names no endpoint", "missing required endpoint name", object.header_at);
    }
    // Addresses and networks are checked as Asterisk reads them (`ha::identify_match_items`);
    // anything else is a host name, which must at least be one that could resolve.
    let refused = match crate::ha::identify_match_items(object.text(id::MATCH)) {
        Err(why) => Some(why),
        Ok(items) => items.into_iter().find_map(|item| match item {
            crate::ha::MatchItem::Host(host) if !resolvable_name(&host) => {
                Some(format!("`{host}` is not an address, network or host name"))
            }
            _ => None,
        }),
    };
    if let Some(why) = refused {
        return fail(codes::IDENTIFY_INCOMPLETE, why, "Failed to add address", object.value_at(id::MATCH));
    }
    if [id::MATCH, id::MATCH_HEADER, id::MATCH_REQUEST_URI].iter().all(|&o| object.text(o).is_empty()) {
        return fail(codes::IDENTIFY_INCOMPLETE, "the identify matches nothing", "is not configured to match anything", object.header_at);
    }
    let header = object.text(id::MATCH_HEADER);
    if !header.is_empty() {
        let at = object.value_at(id::MATCH_HEADER);
        match crate::values::match_header(header) {
            Ok(_) => {}
            Err(MatchHeaderError::NoColon) => {
                return fail(codes::IDENTIFY_INCOMPLETE, "match_header needs `Name: value`", "missing ':' separator in match_header", at);
            }
            Err(MatchHeaderError::NoName) => {
                return fail(
                    codes::IDENTIFY_INCOMPLETE,
                    "match_header has no header name before `:`",
                    "has no SIP header to match in match_header",
                    at,
                );
            }
            // Asterisk's two regex messages name each other's option; the phrase quoted is the
            // one it really logs.
            Err(MatchHeaderError::BadRegex(e)) => {
                return fail(
                    codes::IDENTIFY_BAD_REGEX,
                    format!("the match_header expression is refused: {e}"),
                    "failed to compile match_request_uri regex",
                    at,
                );
            }
        }
    }
    let uri = object.text(id::MATCH_REQUEST_URI);
    if let Err(e) = crate::values::match_request_uri(uri) {
        let at = object.value_at(id::MATCH_REQUEST_URI);
        return fail(
            codes::IDENTIFY_BAD_REGEX,
            format!("the match_request_uri expression is refused: {e}"),
            "failed to compile match_header regex",
            at,
        );
    }
    Ok(())
}

/// A plausible DNS name (letters, digits, `-`, `.`), with an optional port.
/// Whether a `match` host name could resolve: a host name (with an optional port) outside the
/// `.invalid` top-level domain, which RFC 6761 reserves for names that never resolve.
fn resolvable_name(text: &str) -> bool {
    let host = text.rsplit_once(':').map_or(text, |(h, _)| h).trim_end_matches('.');
    is_hostname(text) && !host.to_ascii_lowercase().ends_with(".invalid") && !host.eq_ignore_ascii_case("invalid")
}

pub fn is_hostname(text: &str) -> bool {
    let host = text.rsplit_once(':').map(|(h, p)| if p.chars().all(|c| c.is_ascii_digit()) { h } else { text }).unwrap_or(text);
    !host.is_empty()
        && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_')
        && host.chars().any(|c| c.is_ascii_alphabetic())
}

fn registration(object: &Object) -> Result<(), Reason> {
    for (option, label) in [(reg::SERVER_URI, "Server"), (reg::CLIENT_URI, "Client")] {
        let uri = object.text(option);
        if uri.is_empty() {
            return fail(
                codes::REGISTRATION_BAD_URI,
                format!("the registration has no {option}"),
                if label == "Server" { "No server URI specified" } else { "No client URI specified" },
                object.header_at,
            );
        }
        // Asterisk's length check lets `sip:` through, but pjproject then cannot parse it.
        let host_missing = uri.trim().trim_start_matches('<').split_once(':').is_some_and(|(_, rest)| {
            rest.rsplit('@').next().unwrap_or(rest).split([';', '?', ':', '>']).next().unwrap_or("").trim().is_empty()
        });
        if !is_sip_uri(uri) || host_missing {
            let problem = if host_missing && is_sip_uri(uri) { "names no host" } else { "is not a sip: or sips: URI" };
            return fail(
                codes::REGISTRATION_BAD_URI,
                format!("{option} `{uri}` {problem}"),
                "URI or hostname length exceeds pjproject limit or is not a sip(s) uri",
                object.value_at(option),
            );
        }
    }
    let line = crate::schema::is_true_word(object.text(reg::LINE));
    let endpoint = !object.text(reg::ENDPOINT).is_empty();
    if line && !endpoint {
        return fail(codes::REGISTRATION_LINE, "line=yes needs an endpoint", "Line support has been enabled", object.value_at(reg::LINE));
    }
    if endpoint && !line {
        return fail(
            codes::REGISTRATION_LINE,
            "an endpoint is only used with line=yes",
            "An endpoint has been specified",
            object.value_at(reg::ENDPOINT),
        );
    }
    if number(object, reg::EXPIRATION) == 0 {
        return fail(
            codes::REGISTRATION_EXPIRATION,
            "expiration=0: pjproject cannot build a REGISTER that expires at once, so the registration is not created",
            "Assert failed: regc && srv_url && from_url && to_url && expires",
            object.value_at(reg::EXPIRATION),
        );
    }
    Ok(())
}

fn transport(object: &Object) -> Result<(), Reason> {
    let protocol = object.text(tr::PROTOCOL).trim().to_ascii_lowercase();
    // Only a bind line that was never written leaves the transport without an address; an
    // empty one listens on 0.0.0.0.
    if protocol != "flow" && object.at(tr::BIND).is_none_or(|v| v.is_default()) {
        return fail(
            codes::TRANSPORT_NO_BIND,
            "the transport has no bind address",
            "could not be started as binding not specified",
            object.header_at,
        );
    }
    Ok(())
}

/// The socket a transport opens, for conflict detection: `(udp|tcp, address, port)` with the
/// protocol's default port filled in. `None` for transports without a socket of their own
/// (`ws`/`wss` use the HTTP server, `flow` none) and for a bind by host name.
pub fn bind_socket(object: &Object) -> Option<(&'static str, IpAddr, u16)> {
    let protocol = object.text(tr::PROTOCOL).trim().to_ascii_lowercase();
    let family = match protocol.as_str() {
        "udp" | "" => "udp",
        "tcp" | "tls" => "tcp",
        _ => return None,
    };
    let (ip, port) = parse_bind(object.text(tr::BIND)).ok()?;
    let default_port = if protocol == "tls" { 5061 } else { 5060 };
    Some((family, ip?, if port == 0 { default_port } else { port }))
}
