//! sip.conf → the PJSIP [`Plan`]: every decision of the migration is taken here.
//!
//! * `[general]` becomes the transports, `[global]`, `[system]`, a contact ACL, and one endpoint
//!   template (`sip-general`) holding chan_sip's device defaults: its built-in codec list and
//!   NAT handling, and every device option written in `[general]`. Every endpoint inherits it
//!   first, as every chan_sip device starts from the general settings.
//! * Each `(!)` template becomes an endpoint template with the endpoint options of its own lines;
//!   devices built only from templates name them, so inheritance stays visible. A device with a
//!   non-template base gets its inherited lines written out instead (a PJSIP base section
//!   would pass on `aors`, `auth` … too).
//! * Each device becomes an endpoint, plus an AOR when it can be called (peer, friend), an auth
//!   when chan_sip challenges it, an outbound auth when chan_sip could answer its challenges
//!   (only with `defaultuser`, or `auth=` realm credentials), and an identify when it sits at a
//!   fixed address (with the port when chan_sip compares it).
//! * `register =>` lines become a registration and its auth; the provider is the device the line
//!   names or points at, else a new endpoint (with identify and AOR) that takes the calls chan_sip
//!   accepted from it as guest calls.
//! * `allowguest` (on by default in chan_sip) becomes an `anonymous` endpoint.
//!
//! Each line of input ends up cited by some output line, or in the report with a reason; a last
//! pass ([`account`]) makes sure nothing is dropped silently.

mod account;
mod device;
mod general;
mod registration;

use std::collections::HashSet;

use pjsip_syntax::FileSpan;

use crate::facts::{self, Facts, General, Host, Proto};
use crate::options::{classify, classify_general, plain, Fold, Plain, Rule, Scope, Why};
use crate::plan::{Block, Group, GroupKind, Names, Plan, WizardShape};
use crate::register::{self, Protocol, RegisterLine};
use crate::sip::{Device, Setting, SipConf, Source, Template};
use crate::words::{host_port, is_false, is_true, items, uri_host, yes_no};

/// A setting the output does not carry, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dropped {
    pub at: FileSpan,
    pub line_no: u32,
    pub section: String,
    pub option: String,
    pub why: Why,
    pub reason: String,
}

/// A setting the output carries with a difference worth knowing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Noted {
    pub at: FileSpan,
    pub line_no: u32,
    pub section: String,
    pub option: String,
    pub note: String,
}

/// The plan and the report of one conversion.
#[derive(Clone, Debug, Default)]
pub struct Converted {
    pub plan: Plan,
    pub dropped: Vec<Dropped>,
    pub notes: Vec<Noted>,
    /// Decisions a person should review, not tied to one line (`allowguest` by default …).
    pub decisions: Vec<String>,
}

/// The name of the template holding chan_sip's device defaults.
pub const GENERAL_TEMPLATE: &str = "sip-general";

struct Converter<'c> {
    conf: &'c SipConf,
    general: General,
    out: Converted,
    /// Lines already reported (a template line is reported once, not once per device).
    reported: HashSet<FileSpan>,
    /// sip.conf template name → PJSIP template name.
    templates: Vec<(String, String)>,
    general_template: String,
    /// Outbound realm credentials from `[authentication]`: auth names.
    realm_auths: Vec<String>,
    /// Registrations to build after the devices (from `callbackextension`).
    callbacks: Vec<(String, Setting)>,
    /// What chan_sip concluded about each device, in `conf.devices` order.
    facts: Vec<Facts>,
    /// Notes already given (one per line and text).
    noted: HashSet<(FileSpan, String)>,
}

/// Converts what chan_sip read into the PJSIP plan and the report.
pub fn convert(conf: &SipConf) -> Converted {
    let mut c = Converter {
        conf,
        general: facts::general(conf),
        out: Converted::default(),
        reported: HashSet::new(),
        templates: Vec::new(),
        general_template: GENERAL_TEMPLATE.to_string(),
        realm_auths: Vec::new(),
        callbacks: Vec::new(),
        facts: Vec::new(),
        noted: HashSet::new(),
    };
    c.facts = conf.devices.iter().map(|d| facts::device(d, &c.general, conf)).collect();
    let mut groups = c.general_group();
    groups.extend(c.authentication_group());
    for template in &conf.templates {
        groups.push(c.template_group(template));
    }
    for (index, device) in conf.devices.iter().enumerate() {
        groups.push(c.device_group(device, index));
    }
    c.out.plan.groups = groups;
    let registrations = c.registration_groups();
    c.out.plan.groups.extend(registrations);
    if let Some(guests) = c.guest_group() {
        c.out.plan.groups.push(guests);
    }
    c.skipped_sections();
    account::account(&mut c);
    c.out
}

impl Converter<'_> {
    fn drop_line(&mut self, setting: &Setting, section: &str, why: Why, reason: impl Into<String>) {
        // users.conf's [general] lines reach every users.conf device; report them where written.
        let section =
            if setting.source == Source::UsersConf && setting.inherited_from.as_deref() == Some("general") { "general" } else { section };
        if self.reported.insert(setting.line) {
            self.out.dropped.push(Dropped {
                at: setting.line,
                line_no: setting.line_no,
                section: section.to_string(),
                option: setting.name.clone(),
                why,
                reason: reason.into(),
            });
        }
    }

    fn note_line(&mut self, setting: &Setting, section: &str, note: impl Into<String>) {
        let note = note.into();
        if self.noted.insert((setting.line, note.clone())) {
            self.out.notes.push(Noted {
                at: setting.line,
                line_no: setting.line_no,
                section: section.to_string(),
                option: setting.name.clone(),
                note,
            });
        }
    }

    fn last_general(&self, key: &str) -> Option<&Setting> {
        self.conf.general(key)
    }
}

/// A name no sip.conf device (nor, with `templates_too`, template) has, compared without case
/// as config.c finds base sections.
fn free_against_devices(conf: &SipConf, base: &str, templates_too: bool) -> String {
    let taken = |name: &str| {
        conf.device(name).is_some()
            || (templates_too && conf.templates.iter().any(|t| t.name.eq_ignore_ascii_case(name)))
            || ["global", "system"].contains(&name)
    };
    if !taken(base) {
        return base.to_string();
    }
    (2..).map(|n| format!("{base}-{n}")).find(|n| !taken(n)).unwrap_or_default()
}

/// Names only users.conf uses (for voicemail, IAX2, the GUI, phone provisioning …).
fn users_conf_only(key: &str) -> bool {
    matches!(
        key,
        "hassip"
            | "hasiax"
            | "hash323"
            | "hasmanager"
            | "hasvoicemail_unused"
            | "vmsecret"
            | "email"
            | "userbase"
            | "callwaiting"
            | "threewaycalling"
            | "callwaitingcallerid"
            | "transfer"
            | "canpark"
            | "cancallforward"
            | "callreturn"
            | "dahdichan"
            | "alternateexts"
            | "macaddress"
            | "autoprov"
            | "linekeys"
            | "linenumber"
            | "managerread"
            | "managerwrite"
            | "registersip"
            | "registeriax"
            | "contact"
            | "authuser"
            | "hasagent"
            | "hasdirectory"
            | "zapchan"
            | "group"
            | "signalling"
            | "cidsignalling"
            | "pager"
            | "delete"
    )
}

/// The transports a `transport` value names, in order.
fn transport_words(value: &str) -> Vec<Proto> {
    items(value)
        .filter_map(|w| {
            let w = w.to_ascii_lowercase();
            [("udp", Proto::Udp), ("wss", Proto::Wss), ("ws", Proto::Ws), ("tcp", Proto::Tcp), ("tls", Proto::Tls)]
                .into_iter()
                .find(|(p, _)| w.starts_with(p))
                .map(|(_, p)| p)
        })
        .collect()
}

/// chan_sip's `[transport://]host[:port][,force]` as a PJSIP proxy URI.
fn outbound_proxy(value: &str) -> (String, Option<String>) {
    let mut note = None;
    let mut text = value.trim();
    if let Some((proxy, flag)) = text.split_once(',') {
        if flag.trim().eq_ignore_ascii_case("force") {
            note = Some("`force` has no counterpart: PJSIP always sends through the proxy".to_string());
        }
        text = proxy.trim();
    }
    let (transport, host) = match text.split_once("://") {
        Some((t, h)) => (Some(t.to_ascii_lowercase()), h),
        None => (None, text),
    };
    let param = match transport.as_deref() {
        Some("tcp") => ";transport=tcp",
        Some("tls") => ";transport=tls",
        _ => "",
    };
    let scheme = if host.starts_with("sip:") || host.starts_with("sips:") { "" } else { "sip:" };
    (format!("{scheme}{host}{param};lr"), note)
}

/// Seconds with up to three decimals, from milliseconds.
fn format_seconds(millis: u32) -> String {
    let text = format!("{}.{:03}", millis / 1000, millis % 1000);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The device's mailboxes (accumulated over its `mailbox` lines, duplicates dropped; or
/// `hasvoicemail`'s `name@default`) and the lines that set them.
fn mailboxes(device: &Device) -> (String, Vec<FileSpan>) {
    let mut list: Vec<String> = Vec::new();
    let mut lines = Vec::new();
    for s in device.settings.iter().filter(|s| s.key == "mailbox") {
        lines.push(s.line);
        for mailbox in items(&s.value) {
            if !list.iter().any(|m| m == mailbox) {
                list.push(mailbox.to_string());
            }
        }
    }
    if list.is_empty() {
        if let Some(s) = device.settings.iter().find(|s| s.key == "hasvoicemail" && is_true(&s.value)) {
            lines.push(s.line);
            let name = if device.name.contains('@') { device.name.clone() } else { format!("{}@default", device.name) };
            list.push(name);
        }
    }
    (list.join(","), lines)
}

/// `user[:secret]@realm` or `user#md5secret@realm`.
struct RealmAuth {
    user: String,
    secret: Option<String>,
    md5: Option<String>,
    realm: String,
}

impl RealmAuth {
    fn block(&self, name: &str, at: FileSpan) -> Block {
        let mut block = Block::new("auth", name, vec![at]);
        block.set("type", "auth", Vec::new());
        block.set("username", self.user.clone(), vec![at]);
        match (&self.secret, &self.md5) {
            (Some(secret), _) => block.set("password", secret.clone(), vec![at]),
            (None, Some(md5)) => {
                block.set("auth_type", "md5", vec![at]);
                block.set("md5_cred", md5.clone(), vec![at]);
            }
            (None, None) => block.set("password", "", vec![at]),
        }
        block.set("realm", self.realm.clone(), vec![at]);
        block
    }
}

fn parse_realm_auth(value: &str) -> Option<RealmAuth> {
    let (credentials, realm) = value.trim().rsplit_once('@')?;
    if credentials.is_empty() || realm.is_empty() {
        return None;
    }
    let (user, secret, md5) = match credentials.split_once(':') {
        Some((user, secret)) => (user, Some(secret.to_string()), None),
        None => match credentials.split_once('#') {
            Some((user, md5)) => (user, None, Some(md5.to_string())),
            None => (credentials, None, None),
        },
    };
    Some(RealmAuth { user: user.to_string(), secret, md5, realm: realm.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxies() {
        assert_eq!(outbound_proxy("proxy.example.com:5070").0, "sip:proxy.example.com:5070;lr");
        let (proxy, note) = outbound_proxy("tcp://10.0.0.1,force");
        assert_eq!(proxy, "sip:10.0.0.1;transport=tcp;lr");
        assert!(note.is_some());
    }

    #[test]
    fn seconds() {
        assert_eq!(format_seconds(2000), "2");
        assert_eq!(format_seconds(1500), "1.5");
        assert_eq!(format_seconds(250), "0.25");
    }

    #[test]
    fn realm_credentials() {
        let a = parse_realm_auth("bob:secret@example.com").unwrap();
        assert_eq!((a.user.as_str(), a.secret.as_deref(), a.realm.as_str()), ("bob", Some("secret"), "example.com"));
        let a = parse_realm_auth("bob#abc123@example.com").unwrap();
        assert_eq!(a.md5.as_deref(), Some("abc123"));
        assert!(parse_realm_auth("nobody").is_none());
    }
}
