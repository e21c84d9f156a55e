//! The last pass: every input line is cited by the output or reported with a reason.

use std::collections::HashSet;

use pjsip_syntax::FileSpan;

use super::*;

impl Converter<'_> {
    /// Sections chan_sip skips become empty groups (so that the report lists every section),
    /// and their lines are reported; so are lines the loader keeps in no section.
    pub(super) fn skipped_sections(&mut self) {
        for skipped in self.conf.skipped.clone() {
            let file = if skipped.source == Source::UsersConf { "users.conf" } else { "sip.conf" };
            self.out.plan.groups.push(Group {
                kind: GroupKind::Skipped,
                sip: skipped.name.clone(),
                title: format!("[{}] from {file} line {}: {}", skipped.name, skipped.line_no, skipped.reason),
                at: Some(skipped.header_at),
                blocks: Vec::new(),
                wizard: None,
            });
        }
        for (s, section, reason) in self.conf.orphans.clone() {
            self.drop_line(&s, &section, Why::IgnoredByChanSip, reason);
        }
        for skipped in self.conf.skipped.clone() {
            for s in &skipped.settings {
                let why = if skipped.source == Source::UsersConf { Why::OtherModule } else { Why::IgnoredByChanSip };
                self.drop_line(s, &skipped.name, why, skipped.reason.clone());
            }
        }
    }
}

/// Every input line must be cited by an output line or reported; lines nobody took care of
/// are explained here: overridden by a later line, a default with nothing to apply to, a
/// setting of a transport that is off. What is left gets a plain "changes nothing" (the
/// corpus test lists those, so that none hides a gap).
pub(super) fn account(c: &mut Converter) {
    let mut cited: HashSet<FileSpan> = HashSet::new();
    for group in &c.out.plan.groups {
        cited.extend(group.at);
        for block in &group.blocks {
            cited.extend(block.sources.iter().copied());
            for opt in &block.options {
                cited.extend(opt.sources.iter().copied());
            }
        }
    }
    // The conf outlives the converter's borrow: read it while reporting into `c`.
    let conf = c.conf;
    let inherited: HashSet<FileSpan> = conf.devices.iter().flat_map(|d| d.settings.iter().map(|s| s.line)).collect();
    let mut sections: Vec<(&str, &[Setting], bool)> =
        vec![("general", &conf.general, true), ("authentication", &conf.authentication, true)];
    sections.extend(conf.devices.iter().map(|d| (d.name.as_str(), d.settings.as_slice(), true)));
    sections.extend(conf.templates.iter().map(|t| (t.name.as_str(), t.settings.as_slice(), false)));
    sections.push(("general", &conf.users_general, true));
    for (section, settings, all_lines) in sections {
        for (position, s) in settings.iter().enumerate() {
            if (!all_lines && !s.is_own()) || cited.contains(&s.line) || c.reported.contains(&s.line) {
                continue;
            }
            let (why, reason) = explain(c, s, section, &settings[position + 1..], &inherited, !all_lines);
            c.drop_line(s, section, why, reason);
        }
    }
}

/// Names chan_sip reads into the same place (the last one wins).
const SAME_SETTING: &[&[&str]] = &[
    &["bindaddr", "udpbindaddr"],
    &["externip", "externaddr", "externhost"],
    &["tlsenable", "sslenable"],
    &["tlsbindaddr", "sslbindaddr"],
    &["tlscertfile", "sslcert", "tlscert"],
    &["tlsprivatekey", "sslprivatekey"],
    &["tlscipher", "sslcipher"],
    &["tlscapath", "tlscadir"],
    &["tlsclientmethod", "sslclientmethod"],
    &["defaultuser", "username"],
    &["directmedia", "canreinvite"],
    &["maxexpiry", "maxexpirey"],
    &["minexpiry", "minexpirey"],
    &["defaultexpiry", "defaultexpirey"],
];

/// Options whose lines add up instead of replacing each other.
const ADDING: &[&str] = &[
    "allow",
    "disallow",
    "register",
    "localnet",
    "setvar",
    "permit",
    "deny",
    "acl",
    "contactpermit",
    "contactdeny",
    "contactacl",
    "mailbox",
    "auth",
    "type",
    "nat",
    "header",
];

/// Why a line no output line cites changes nothing. `after` holds the section's later lines;
/// `inherited` every line some device reads (its own or from a template).
fn explain(
    c: &Converter,
    s: &Setting,
    section: &str,
    after: &[Setting],
    inherited: &HashSet<FileSpan>,
    is_template: bool,
) -> (Why, String) {
    let family: Vec<&str> = SAME_SETTING.iter().find(|f| f.contains(&s.key.as_str())).map_or(vec![s.key.as_str()], |f| f.to_vec());
    if !ADDING.contains(&s.key.as_str()) {
        if let Some(later) = after.iter().rev().find(|x| family.contains(&x.key.as_str())) {
            return (Why::NotNeeded, format!("a later `{}` (line {}) replaces it; chan_sip used the last one", later.name, later.line_no));
        }
    }
    if is_template && !inherited.contains(&s.line) {
        return (Why::NotNeeded, "no device is built on this template, so chan_sip never used this line".into());
    }
    if s.source == Source::UsersConf {
        return if s.key == "registersip" {
            (Why::NotNeeded, "no registration comes of it: it is off, or the entry lacks a host or username".into())
        } else if s.key == "hassip" {
            (Why::NotNeeded, "it asks chan_sip for a device (or registration) per users.conf entry, and there is none".into())
        } else if users_conf_only(&s.key) {
            (Why::OtherModule, "a users.conf setting for other modules; chan_sip does not read it".into())
        } else {
            (Why::NotNeeded, "a default for users.conf entries, and none of them has hassip".into())
        };
    }
    if section != "general" {
        return (Why::NotNeeded, "it changes nothing in the converted configuration".into());
    }
    let general = &c.general;
    let devices = &c.conf.devices;
    let dynamic = devices.iter().any(|d| d.is_peer && d.last("host").is_some_and(|h| h.value.trim().eq_ignore_ascii_case("dynamic")));
    let registrations = c.out.plan.groups.iter().any(|g| g.kind == GroupKind::Register);
    let key = s.key.as_str();
    let reason: (Why, &str) = match key {
        "tcpenable" if is_false(&s.value) => (Why::NotNeeded, "TCP stays off: PJSIP listens only on the transports written"),
        "tlsenable" | "sslenable" if !is_true(&s.value) => (Why::NotNeeded, "TLS stays off: PJSIP listens only on the transports written"),
        "tcpbindaddr" | "externtcpport" if general.tcp.is_none() => {
            (Why::IgnoredByChanSip, "TCP is not enabled (tcpenable), so chan_sip never used it")
        }
        k if (k.starts_with("tls") || k.starts_with("ssl") || k == "externtlsport") && general.tls.is_none() => {
            (Why::IgnoredByChanSip, "TLS is not enabled (tlsenable), so chan_sip never used it")
        }
        "transport" => (Why::NotNeeded, "devices are called over UDP by default in PJSIP too"),
        "websocket_enabled" | "websocket_write_timeout" => (Why::NotNeeded, "no device uses WebSocket"),
        "registertimeout" | "registerattempts" | "register_retry_403" if !registrations => (Why::NotNeeded, "there is no registration"),
        "maxexpiry" | "maxexpirey" | "minexpiry" | "minexpirey" | "defaultexpiry" | "defaultexpirey" if !dynamic && !registrations => {
            (Why::NotNeeded, "no device registers")
        }
        "allowguest" => (Why::NotNeeded, "it decides whether the anonymous endpoint exists"),
        "bindport" | "externtcpport" | "externtlsport" => (Why::IgnoredByChanSip, "not a valid port: chan_sip warned and ignored it"),
        "insecure" => (Why::NotNeeded, "a default that changes no device here (no device has a secret and a fixed address over UDP)"),
        "supportpath" | "qualify" | "qualifyfreq" | "outboundproxy" | "session-expires" | "session-minse" | "encryption" => {
            (Why::NotNeeded, "a default for devices, and every device here sets its own or cannot use it")
        }
        _ if devices.is_empty() && matches!(classify_general(key), Some((Scope::Both, _))) => {
            (Why::NotNeeded, "a default for devices, and there are none")
        }
        _ => (Why::NotNeeded, "it changes nothing in the converted configuration"),
    };
    (reason.0, reason.1.to_string())
}
