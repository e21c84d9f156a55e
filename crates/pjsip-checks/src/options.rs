//! `option/unknown`, `option/not-in-version`, `option/invalid-value`, `option/bool-word`:
//! every line of every typed pjsip.conf section, checked against the option table.
//!
//! Asterisk stops at the first bad line of an object (and drops it); this check reports every
//! bad line, and says which one Asterisk will log.

use pjsip_syntax::fast_hash::FastSet;
use pjsip_syntax::{Applicability, Config, Diagnostic, FileSpan, TextEdit};

use super::closest;
use pjsip_model::model::{Context, Model, OddLine};
use pjsip_model::schema::{self, Kind, OptionSchema, TypeSchema};
use pjsip_model::values;

/// chan_sip (sip.conf) names and what PJSIP uses: (old name, PJSIP option of the same
/// section type when it is a plain rename, advice).
pub const CHAN_SIP: &[(&str, Option<&str>, &str)] = &[
    ("secret", None, "passwords live in a `type=auth` section (`password=`), named by the endpoint's `auth=`"),
    ("md5secret", None, "use `password_digest=` (or `md5_cred=`) in a `type=auth` section"),
    ("username", None, "the login name goes in a `type=auth` section (`username=`)"),
    ("defaultuser", None, "the login name goes in a `type=auth` section (`username=`)"),
    (
        "host",
        None,
        "`host=dynamic` means an AOR with `max_contacts=1` or more; a fixed host is an AOR `contact=sip:host` plus an identify `match=`",
    ),
    ("nat", None, "PJSIP splits it into `rtp_symmetric=yes`, `force_rport=yes` and `rewrite_contact=yes`"),
    (
        "insecure",
        None,
        "no PJSIP option: an endpoint without `auth=` does not challenge; use a `type=identify` section to match by address",
    ),
    ("qualify", None, "use `qualify_frequency=` on the AOR"),
    ("port", None, "the port belongs in the AOR `contact=` URI or the transport `bind=`"),
    ("dtmfmode", Some("dtmf_mode"), "renamed to `dtmf_mode` (and `rfc2833` is now `rfc4733`)"),
    ("fromuser", Some("from_user"), "renamed to `from_user`"),
    ("fromdomain", Some("from_domain"), "renamed to `from_domain`"),
    ("canreinvite", Some("direct_media"), "renamed to `direct_media`"),
    ("directmedia", Some("direct_media"), "renamed to `direct_media`"),
    ("mailbox", Some("mailboxes"), "renamed to `mailboxes`"),
    ("outboundproxy", Some("outbound_proxy"), "renamed to `outbound_proxy`"),
    ("sendrpid", Some("send_rpid"), "renamed to `send_rpid`"),
    ("trustrpid", Some("trust_id_inbound"), "renamed to `trust_id_inbound`"),
    ("callgroup", Some("call_group"), "renamed to `call_group`"),
    ("pickupgroup", Some("pickup_group"), "renamed to `pickup_group`"),
    ("encryption", Some("media_encryption"), "renamed to `media_encryption` (values `sdes`/`dtls`)"),
    ("avpf", Some("use_avpf"), "renamed to `use_avpf`"),
    ("icesupport", Some("ice_support"), "renamed to `ice_support`"),
    ("progressinband", Some("inband_progress"), "renamed to `inband_progress`"),
    ("t38pt_udptl", Some("t38_udptl"), "renamed to `t38_udptl`"),
    ("call-limit", Some("device_state_busy_at"), "the nearest PJSIP option is `device_state_busy_at`"),
    ("tlscertfile", Some("cert_file"), "renamed to `cert_file` (transport)"),
    ("tlsprivatekey", Some("priv_key_file"), "renamed to `priv_key_file` (transport)"),
    ("tlscafile", Some("ca_list_file"), "renamed to `ca_list_file` (transport)"),
    ("tlscipher", Some("cipher"), "renamed to `cipher` (transport)"),
    ("bindaddr", Some("bind"), "a transport's address is `bind=`"),
    ("externip", Some("external_media_address"), "use `external_media_address` and `external_signaling_address` on the transport"),
    ("localnet", Some("local_net"), "renamed to `local_net` (transport)"),
    ("subscribecontext", Some("subscribe_context"), "renamed to `subscribe_context`"),
    ("qualifyfreq", None, "use `qualify_frequency=` on the AOR"),
    ("defaultexpiry", None, "use `default_expiration=` on the AOR"),
    ("maxexpiry", None, "use `maximum_expiration=` on the AOR"),
    ("minexpiry", None, "use `minimum_expiration=` on the AOR"),
    ("register", None, "outbound registrations are `type=registration` sections (`server_uri`, `client_uri`, `outbound_auth`)"),
    ("registerattempts", None, "use `max_retries=` on the registration"),
    ("registertimeout", None, "use `retry_interval=` on the registration"),
    ("allowguest", None, "unknown callers are handled by an endpoint named `anonymous` (with an identify or `endpoint_identifier_order`)"),
    ("externhost", Some("external_signaling_address"), "use `external_signaling_address` on the transport"),
    ("tlsenable", None, "TLS is a transport with `protocol=tls`"),
    ("tlsbindaddr", None, "TLS is a transport with `protocol=tls` and its own `bind=`"),
    ("tlsverify", Some("verify_server"), "use `verify_server`/`verify_client` on the TLS transport"),
    ("tlsdontverifyserver", None, "use `verify_server=no` on the TLS transport"),
    ("rtptimeout", Some("rtp_timeout"), "renamed to `rtp_timeout`"),
    ("rtpholdtimeout", Some("rtp_timeout_hold"), "renamed to `rtp_timeout_hold`"),
    ("session-timers", Some("timers"), "renamed to `timers`"),
    ("session-expires", Some("timers_sess_expires"), "renamed to `timers_sess_expires`"),
    ("session-minse", Some("timers_min_se"), "renamed to `timers_min_se`"),
    ("allowoverlap", Some("allow_overlap"), "renamed to `allow_overlap`"),
    ("allowsubscribe", Some("allow_subscribe"), "renamed to `allow_subscribe`"),
    ("usereqphone", Some("user_eq_phone"), "renamed to `user_eq_phone`"),
    ("faxdetect", Some("fax_detect"), "renamed to `fax_detect`"),
    ("busylevel", Some("device_state_busy_at"), "renamed to `device_state_busy_at`"),
    ("vmexten", Some("voicemail_extension"), "renamed to `voicemail_extension`"),
    ("mohsuggest", Some("moh_suggest"), "renamed to `moh_suggest`"),
    ("namedcallgroup", Some("named_call_group"), "renamed to `named_call_group`"),
    ("namedpickupgroup", Some("named_pickup_group"), "renamed to `named_pickup_group`"),
    ("setvar", Some("set_var"), "renamed to `set_var`"),
    ("videosupport", None, "video follows the codecs: add video codecs to `allow=` (e.g. `h264`)"),
    ("cid_number", None, "use `callerid=Name <number>`"),
    ("regexten", None, "no PJSIP equivalent; put the extension in the dialplan"),
];

pub(crate) fn check(config: &Config, ctx: &Context<'_>, model: &Model, out: &mut Vec<Diagnostic>) {
    let version = ctx.version;
    // Lines already linted, with the value they were linted for: a template's line belongs to
    // every section built from it (a section may have extended it with `+=`: another value).
    let mut linted: FastSet<(FileSpan, String)> = FastSet::default();
    let mut built = model.built_sections.iter().peekable();
    for (id, category) in config.visible_categories() {
        // A built object's lines all passed the option table and the value checks; the
        // builder kept the few that deserve a lint (below).
        if built.next_if(|&&i| i == id.0).is_some() {
            continue;
        }
        let Some(type_var) = pjsip_model::model::type_variable(config, category) else {
            continue;
        };
        let Some(schema) = schema::pjsip_conf_type(config.var_value(type_var)) else { continue };
        let mut first_error = true;
        for var in &category.variables {
            let parts = config.var_parts(var);
            let (name, value, name_at, value_at) = (parts.name, parts.value, parts.name_at, parts.value_at);
            let consequence = |first: &mut bool| {
                let text = if *first {
                    format!("Asterisk drops {} '{}' here", schema.name, category.name)
                } else {
                    format!("{} '{}' is already dropped by an earlier line", schema.name, category.name)
                };
                *first = false;
                text
            };
            let Some(option) = schema.option(name) else {
                let mut d = Diagnostic::error(
                    "option/unknown",
                    name_at,
                    format!("{} has no option `{name}`; {}", schema.name, consequence(&mut first_error)),
                )
                .with_note(format!("Asterisk logs: Could not find option suitable for category '{}' named '{name}'", category.name));
                d = suggest(d, schema, name, name_at);
                out.push(d);
                continue;
            };
            if !option.present_in.contains(version) {
                let known: Vec<String> = option.present_in.versions().map(|v| v.major().to_string()).collect();
                out.push(
                    Diagnostic::error(
                        "option/not-in-version",
                        name_at,
                        format!("`{}` does not exist in Asterisk {}; {}", option.name, version.major(), consequence(&mut first_error)),
                    )
                    .with_note(if known.is_empty() {
                        "only newer, unreleased code has it".to_string()
                    } else {
                        format!("releases that have it: {}", known.join(", "))
                    })
                    .with_note("Asterisk logs: Could not find option suitable for category"),
                );
                continue;
            }
            if option.kind == Kind::Type {
                continue;
            }
            if let Err(problem) = values::check(schema.object_type(), option, value, ctx.env, ctx.input_files) {
                let mut d = Diagnostic::error(
                    "option/invalid-value",
                    if value.is_empty() { parts.line_at() } else { value_at },
                    format!("`{name}={value}`: {problem}; {}", consequence(&mut first_error)),
                );
                if option.kind == Kind::FilePath {
                    d = d.with_note(format!("Asterisk logs: {}", missing_file_phrase(schema.name))).with_note(
                        "pjsip-lab cannot see the server's disk: it assumes files named by path are missing unless \
                             they are given as input files (add the file, or analyse with files assumed present)",
                    );
                } else {
                    d = d.with_note(format!("Asterisk logs: Error parsing {name}={value}"));
                }
                out.push(d);
                continue;
            }
            if OddLine::applies(option, name, value) && linted.insert((name_at, value.to_string())) {
                lint_line(option, name, value, name_at, value_at, out);
            }
        }
    }
    for odd in &model.odd_lines {
        if linted.insert((odd.name_at, odd.value.clone())) {
            lint_line(odd.option, &odd.name, &odd.value, odd.name_at, odd.value_at, out);
        }
    }
}

/// `option/bool-word` and `option/case`: lints for a line Asterisk accepts.
fn lint_line(option: &OptionSchema, name: &str, value: &str, name_at: FileSpan, value_at: FileSpan, out: &mut Vec<Diagnostic>) {
    if OddLine::odd_bool(option, value) {
        out.push(
            Diagnostic::warning("option/bool-word", value_at, format!("`{value}` is not a yes/no word; Asterisk reads it as `no`"))
                .with_note("Asterisk understands yes, true, y, t, 1, on and no, false, n, f, 0, off")
                .with_fix(
                    format!("write `{}`", bool_meant(value)),
                    Applicability::Unsafe,
                    vec![TextEdit { at: value_at, insert: bool_meant(value).into() }],
                ),
        );
    }
    if OddLine::odd_case(name) {
        out.push(
            Diagnostic::warning(
                "option/case",
                name_at,
                format!("write `{}` in lower case: some option handlers compare the name case-sensitively", option.name),
            )
            .with_fix(
                format!("write `{}`", name.to_ascii_lowercase()),
                Applicability::Safe,
                vec![TextEdit { at: name_at, insert: name.to_ascii_lowercase() }],
            ),
        );
    }
}

/// The yes/no word an unknown boolean word most likely means (`enabled`, `yse` → `yes`).
fn bool_meant(word: &str) -> &'static str {
    const YES: &[&str] = &["yes", "true", "on", "enable", "enabled", "active", "always", "force", "ok", "oui", "ja", "si"];
    let lower = word.trim().to_ascii_lowercase();
    // Misspellings of yes/true keep their first letters (`yse`, `ys`, `ture`).
    let yes = YES.contains(&lower.as_str()) || lower.starts_with('y') || lower.starts_with("tr");
    if yes {
        "yes"
    } else {
        "no"
    }
}

/// What Asterisk logs when a file option names a file it cannot read.
fn missing_file_phrase(type_name: &str) -> &'static str {
    if type_name == "transport" {
        "is either missing or not readable"
    } else {
        "does not exist or is not readable"
    }
}

/// Adds a chan_sip explanation, a rename fix, or a did-you-mean to an unknown-option diagnostic.
fn suggest(d: Diagnostic, schema: &TypeSchema, name: &str, at: FileSpan) -> Diagnostic {
    if let Some((_, rename, advice)) = CHAN_SIP.iter().find(|(old, _, _)| old.eq_ignore_ascii_case(name)) {
        let d = d.with_note(format!("`{name}` is a chan_sip (sip.conf) option: {advice}"));
        return match rename.filter(|r| schema.option(r).is_some()) {
            Some(new) => d.with_fix(format!("rename to `{new}`"), Applicability::Unsafe, vec![TextEdit { at, insert: new.to_string() }]),
            None => d,
        };
    }
    let names = schema.options.iter().filter(|o| o.name_prefix.is_none()).map(|o| o.name);
    if let Some(best) = closest(name, names) {
        return d.with_fix(format!("rename to `{best}`"), Applicability::Unsafe, vec![TextEdit { at, insert: best.to_string() }]);
    }
    // The option may exist on another type: say which.
    let elsewhere: Vec<&str> =
        schema::pjsip_conf_types().filter(|t| t.name != schema.name && t.option(name).is_some()).map(|t| t.name).collect();
    if elsewhere.is_empty() {
        d
    } else {
        d.with_note(format!("`{name}` is an option of: {}", elsewhere.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{check, check_with};
    use pjsip_model::AsteriskVersion;

    #[test]
    fn unknown_options_get_suggestions() {
        check(
            "[a]\ntype=endpoint\ndtmfmode=rfc2833\nsecret=x\nallow_subscriber=yes\nmax_contacts=1\nsession-timers=yes\nqualifyfreq=60\n",
            "option/",
            "option/unknown error 3: endpoint has no option `dtmfmode`; Asterisk drops endpoint 'a' here [fix: rename to `dtmf_mode`]
option/unknown error 4: endpoint has no option `secret`; endpoint 'a' is already dropped by an earlier line
option/unknown error 5: endpoint has no option `allow_subscriber`; endpoint 'a' is already dropped by an earlier line [fix: rename to `allow_subscribe`]
option/unknown error 6: endpoint has no option `max_contacts`; endpoint 'a' is already dropped by an earlier line
option/unknown error 7: endpoint has no option `session-timers`; endpoint 'a' is already dropped by an earlier line [fix: rename to `timers`]
option/unknown error 8: endpoint has no option `qualifyfreq`; endpoint 'a' is already dropped by an earlier line",
        );
    }

    #[test]
    fn values_and_bool_words() {
        check(
            "[a]\ntype=endpoint\ndtmf_mode=rfc2833\ndirect_media=nope\nallow=\ntimers_min_se=0x10\nforce_rport=enabled\nrtp_symmetric=yse\n",
            "option/",
            "option/invalid-value error 3: `dtmf_mode=rfc2833`: `rfc2833` is not one of: rfc4733, inband, info, auto, auto_info, none; Asterisk drops endpoint 'a' here
option/bool-word warning 4: `nope` is not a yes/no word; Asterisk reads it as `no` [fix: write `no`]
option/invalid-value error 5: `allow=`: an empty value is not accepted; endpoint 'a' is already dropped by an earlier line
option/bool-word warning 7: `enabled` is not a yes/no word; Asterisk reads it as `no` [fix: write `yes`]
option/bool-word warning 8: `yse` is not a yes/no word; Asterisk reads it as `no` [fix: write `yes`]",
        );
    }

    #[test]
    fn missing_key_files_are_reported_with_the_log_phrase() {
        let conf = "[tls]\ntype=transport\nprotocol=tls\nbind=0.0.0.0:5061\ncert_file=/etc/asterisk/keys/a.crt\npriv_key_file=a.key\n";
        check(
            conf,
            "option/",
            "option/invalid-value error 5: `cert_file=/etc/asterisk/keys/a.crt`: the file `/etc/asterisk/keys/a.crt` is not available; Asterisk drops transport 'tls' here
option/invalid-value error 6: `priv_key_file=a.key`: the file `a.key` is not available; transport 'tls' is already dropped by an earlier line",
        );
        let analysis = crate::test_support::analyse(conf, &[("a.key", "key"), ("a.crt", "cert")]);
        assert!(analysis.diagnostics().iter().all(|d| !d.code.starts_with("option/")), "{:?}", analysis.diagnostics());
        let d = &crate::test_support::analyse(conf, &[]).diagnostics().iter().find(|d| d.code == "option/invalid-value").cloned().unwrap();
        assert!(d.notes.iter().any(|n| n.contains("is either missing or not readable")), "{:?}", d.notes);
    }

    #[test]
    fn a_template_line_is_linted_once_however_many_sections_use_it() {
        check(
            "[t](!)\ntype=endpoint\nDirect_Media=nope\n[a](t)\n[b](t)\nforce_rport=enabled\n[c](t)\nallow=\n",
            "option/",
            "option/case warning 3: write `direct_media` in lower case: some option handlers compare the name case-sensitively [fix: write `direct_media`]
option/bool-word warning 3: `nope` is not a yes/no word; Asterisk reads it as `no` [fix: write `no`]
option/bool-word warning 6: `enabled` is not a yes/no word; Asterisk reads it as `no` [fix: write `yes`]
option/invalid-value error 8: `allow=`: an empty value is not accepted; Asterisk drops endpoint 'c' here",
        );
    }

    #[test]
    fn a_template_line_extended_by_a_section_is_linted_for_each_value() {
        check(
            "[t](!)\ntype=endpoint\ndirect_media=nope\n[a](t)\n[b](t)\n[c](t)\ndirect_media+=no\n",
            "option/bool-word",
            "option/bool-word warning 3: `nope` is not a yes/no word; Asterisk reads it as `no` [fix: write `no`]
option/bool-word warning 3: `nopeno` is not a yes/no word; Asterisk reads it as `no` [fix: write `no`]",
        );
    }

    #[test]
    fn a_bad_template_line_shared_by_two_same_named_sections_is_reported_once() {
        check(
            "[t](!)\ntype=auth\nexternal_media_address=1.2.3.4\n[a](t)\n[a](t)\n",
            "option/",
            "option/unknown error 3: auth has no option `external_media_address`; Asterisk drops auth 'a' here",
        );
    }

    #[test]
    fn options_follow_the_release() {
        check_with(
            "[a]\ntype=endpoint\nrtp_port_start=10000\nrtp_port_end=20000\n",
            None,
            AsteriskVersion::V21,
            "option/",
            "option/not-in-version error 3: `rtp_port_start` does not exist in Asterisk 21; Asterisk drops endpoint 'a' here
option/not-in-version error 4: `rtp_port_end` does not exist in Asterisk 21; endpoint 'a' is already dropped by an earlier line",
        );
    }
}
