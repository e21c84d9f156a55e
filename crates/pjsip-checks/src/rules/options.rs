//! Option lines: `option/unknown`, `option/not-in-version`, `option/invalid-value` for the
//! lines of every typed pjsip.conf section Asterisk does not build (and for the objects the
//! wizard generates), `option/bool-word` and `option/case` for lines it accepts.
//!
//! Asterisk stops at the first bad line of an object (and drops it); these rules report every
//! bad line, and say which one Asterisk will log.

use pjsip_syntax::fast_hash::FastSet;
use pjsip_syntax::{Applicability, Code, Diagnostic, FileSpan, TextEdit, VariableParts};

use super::{object_label, Checker};
use crate::codes;
use pjsip_model::codes::OPTION_INVALID_VALUE;
use pjsip_model::model::{Context, OddLine, Reason, Rejected};
use pjsip_model::schema::{self, Kind, OptionSchema, TypeSchema};
use pjsip_model::spelling::closest;
use pjsip_model::{values, AsteriskVersion};

/// chan_sip (sip.conf) names and what PJSIP uses: (old name, PJSIP option of the same
/// section type when it is a plain rename, advice).
const CHAN_SIP: &[(&str, Option<&str>, &str)] = &[
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

/// Every line of every typed pjsip.conf section that was not built, in order, through the
/// three refusal rules (the first that applies) or else the two lints; then the lines the
/// builder kept for a lint, each line (and value) linted once.
pub(super) fn check(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    let (config, model, ctx) = (cx.config(), cx.model(), cx.context());
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
        let mut section = Section { schema, name: &category.name, dropped: false };
        for var in &category.variables {
            let parts = config.var_parts(var);
            let line = Line { option: schema.option(parts.name), parts };
            let Some(option) = line.option else {
                out.push(option_unknown(&mut section, &line));
                continue;
            };
            if let Some(d) = option_not_in_version(&mut section, &line, option, ctx.version) {
                out.push(d);
                continue;
            }
            if option.kind == Kind::Type {
                continue;
            }
            if let Some(d) = option_invalid_value(&mut section, &line, option, &ctx) {
                out.push(d);
                continue;
            }
            let (name, value) = (line.parts.name, line.parts.value);
            if OddLine::applies(option, name, value) && linted.insert((line.parts.name_at, value.to_string())) {
                lint(option, name, value, line.parts.name_at, line.parts.value_at, out);
            }
        }
    }
    for odd in &model.odd_lines {
        if linted.insert((odd.name_at, odd.value.clone())) {
            lint(odd.option, &odd.name, &odd.value, odd.name_at, odd.value_at, out);
        }
    }
}

/// A pjsip.conf section Asterisk does not build: its type, its name, and whether an earlier
/// line already drops it (Asterisk stops at the first bad line; the checks report every one).
struct Section<'c> {
    schema: &'static TypeSchema,
    name: &'c str,
    dropped: bool,
}

impl Section<'_> {
    /// What the bad line at hand does to the object; the first one drops it.
    fn consequence(&mut self) -> String {
        if std::mem::replace(&mut self.dropped, true) {
            format!("{} '{}' is already dropped by an earlier line", self.schema.name, self.name)
        } else {
            format!("Asterisk drops {} '{}' here", self.schema.name, self.name)
        }
    }
}

/// One line of such a section, with the option it names (if the type has it).
struct Line<'c> {
    parts: VariableParts<'c>,
    option: Option<&'static OptionSchema>,
}

/// `option/unknown`: the type has no option of that name.
fn option_unknown(section: &mut Section<'_>, line: &Line<'_>) -> Diagnostic {
    let (schema, name, name_at) = (section.schema, line.parts.name, line.parts.name_at);
    let d = Diagnostic::new(codes::OPTION_UNKNOWN, name_at, format!("{} has no option `{name}`; {}", schema.name, section.consequence()))
        .with_note(format!("Asterisk logs: Could not find option suitable for category '{}' named '{name}'", section.name));
    suggest(d, schema, name, name_at)
}

/// `option/not-in-version`: the option exists, but not in the chosen release.
fn option_not_in_version(
    section: &mut Section<'_>,
    line: &Line<'_>,
    option: &OptionSchema,
    version: AsteriskVersion,
) -> Option<Diagnostic> {
    if option.present_in.contains(version) {
        return None;
    }
    let known: Vec<String> = option.present_in.versions().map(|v| v.major().to_string()).collect();
    let d = Diagnostic::new(
        codes::OPTION_NOT_IN_VERSION,
        line.parts.name_at,
        format!("`{}` does not exist in Asterisk {}; {}", option.name, version.major(), section.consequence()),
    )
    .with_note(if known.is_empty() {
        "only newer, unreleased code has it".to_string()
    } else {
        format!("releases that have it: {}", known.join(", "))
    })
    .with_note("Asterisk logs: Could not find option suitable for category");
    Some(d)
}

/// `option/invalid-value`: the option's handler refuses the value.
fn option_invalid_value(section: &mut Section<'_>, line: &Line<'_>, option: &OptionSchema, ctx: &Context<'_>) -> Option<Diagnostic> {
    let (name, value) = (line.parts.name, line.parts.value);
    let problem = values::check(section.schema.object_type(), option, value, ctx.env, ctx.input_files).err()?;
    let mut d = Diagnostic::new(
        OPTION_INVALID_VALUE,
        if value.is_empty() { line.parts.line_at() } else { line.parts.value_at },
        format!("`{name}={value}`: {problem}; {}", section.consequence()),
    );
    if option.kind == Kind::FilePath {
        d = d.with_note(format!("Asterisk logs: {}", missing_file_phrase(section.schema.name))).with_note(
            "pjsip-lab cannot see the server's disk: it assumes files named by path are missing unless \
                 they are given as input files (add the file, or analyse with files assumed present)",
        );
    } else {
        d = d.with_note(format!("Asterisk logs: Error parsing {name}={value}"));
    }
    Some(d)
}

/// The lints of a line Asterisk accepts.
fn lint(option: &OptionSchema, name: &str, value: &str, name_at: FileSpan, value_at: FileSpan, out: &mut Vec<Diagnostic>) {
    out.extend(option_bool_word(option, value, value_at));
    out.extend(option_case(option, name, name_at));
}

/// `option/bool-word`: a yes/no option written with a word Asterisk reads as `no`.
fn option_bool_word(option: &OptionSchema, value: &str, value_at: FileSpan) -> Option<Diagnostic> {
    if !OddLine::odd_bool(option, value) {
        return None;
    }
    let d = Diagnostic::new(codes::OPTION_BOOL_WORD, value_at, format!("`{value}` is not a yes/no word; Asterisk reads it as `no`"))
        .with_note("Asterisk understands yes, true, y, t, 1, on and no, false, n, f, 0, off")
        .with_fix(
            format!("write `{}`", bool_meant(value)),
            Applicability::Unsafe,
            vec![TextEdit { at: value_at, insert: bool_meant(value).into() }],
        );
    Some(d)
}

/// `option/case`: an option name not in lower case.
fn option_case(option: &OptionSchema, name: &str, name_at: FileSpan) -> Option<Diagnostic> {
    if !OddLine::odd_case(name) {
        return None;
    }
    let d = Diagnostic::new(
        codes::OPTION_CASE,
        name_at,
        format!("write `{}` in lower case: some option handlers compare the name case-sensitively", option.name),
    )
    .with_fix(
        format!("write `{}`", name.to_ascii_lowercase()),
        Applicability::Safe,
        vec![TextEdit { at: name_at, insert: name.to_ascii_lowercase() }],
    );
    Some(d)
}

/// `option/unknown` in an object the wizard generates (the model refused it:
/// [`Reason::UnknownOption`]).
pub(super) fn option_unknown_in_wizard(rejected: &Rejected) -> Option<Diagnostic> {
    let Reason::UnknownOption { name, at, known_in } = &rejected.reason else { return None };
    (known_in.0 == 0).then(|| unknown_in_wizard(codes::OPTION_UNKNOWN, rejected, name, *at, ""))
}

/// `option/not-in-version` in an object the wizard generates.
pub(super) fn option_not_in_version_in_wizard(rejected: &Rejected, version: AsteriskVersion) -> Option<Diagnostic> {
    let Reason::UnknownOption { name, at, known_in } = &rejected.reason else { return None };
    (known_in.0 != 0)
        .then(|| unknown_in_wizard(codes::OPTION_NOT_IN_VERSION, rejected, name, *at, &format!(" in Asterisk {}", version.major())))
}

fn unknown_in_wizard(code: Code, rejected: &Rejected, name: &str, at: FileSpan, release: &str) -> Diagnostic {
    Diagnostic::new(
        code,
        at,
        format!("{} has no option `{name}`{release}; Asterisk does not create {}", rejected.type_name(), object_label(rejected)),
    )
    .with_note("Asterisk logs: Unable to apply object type")
    .with_note(generated_by(rejected))
}

/// `option/invalid-value` in an object the wizard generates ([`Reason::InvalidValue`]).
pub(super) fn option_invalid_value_in_wizard(rejected: &Rejected) -> Option<Diagnostic> {
    let Reason::InvalidValue { name, value, at, problem } = &rejected.reason else { return None };
    let d = Diagnostic::new(
        OPTION_INVALID_VALUE,
        *at,
        format!("`{name}={value}`: {problem}; Asterisk does not create {}", object_label(rejected)),
    )
    .with_note(format!("Asterisk logs: Error parsing {name}={value}"))
    .with_note(generated_by(rejected));
    Some(d)
}

/// The last note of a diagnostic about an object the wizard generates.
pub(super) fn generated_by(rejected: &Rejected) -> String {
    format!("generated by wizard '{}'", rejected.wizard.as_deref().unwrap_or(""))
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

/// The option of `schema` closest to the unknown `name`. Remembered per thread: a misspelt
/// template line is reported in every section that inherits it (10,000 phones, one search).
fn closest_option(schema: &TypeSchema, name: &str) -> Option<&'static str> {
    use std::cell::RefCell;
    type Seen = pjsip_syntax::fast_hash::FastMap<(usize, String), Option<&'static str>>;
    thread_local! {
        static SEEN: RefCell<Seen> = RefCell::default();
    }
    let key = (schema.index, name.to_string());
    if let Some(found) = SEEN.with(|seen| seen.borrow().get(&key).copied()) {
        return found;
    }
    let found = closest(name, schema.options.iter().filter(|o| o.name_prefix.is_none()).map(|o| o.name));
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        // Bounded: a file of random names must not grow it without end.
        if seen.len() >= 4096 {
            seen.clear();
        }
        seen.insert(key, found);
    });
    found
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
    if let Some(best) = closest_option(schema, name) {
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
    use crate::test_support::check;

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
}
