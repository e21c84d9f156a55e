//! What chan_sip reads from `sip.conf` (and `users.conf`): the `[general]` and `[authentication]`
//! sections, the templates, and every device (peer, user or friend) with its effective settings.
//!
//! Files are loaded by `pjsip_syntax::load`, the same lossless loader as for `pjsip.conf`, so
//! includes, `(!)` templates, inheritance, `(+)` and `+=` behave exactly as Asterisk's
//! `main/config.c` makes them. On top of that this module applies chan_sip's own reading rules
//! (`reload_config` and `build_peer` in Asterisk 20's `channels/chan_sip.c`):
//!
//! * section names are compared without case; only the first `[general]` and `[authentication]`
//!   are read, further ones are ignored;
//! * a device's kind is decided by its *first* `type` line (what `ast_variable_retrieve`
//!   returns); a section without `type`, or with another word, is skipped;
//! * every `type` line then adds to the device (`peer` + `user` makes a friend);
//! * `users.conf` entries with `hassip` become friends built from users.conf's `[general]`
//!   settings followed by their own, before the sip.conf devices;
//! * a name seen twice builds one device: the later lines are applied on top of the first.
//!
//! Every setting keeps the line it came from, for provenance and for the report.

use pjsip_syntax::{Category, CategoryId, Config, FileSpan, Origin};

/// Which file a setting or device comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    SipConf,
    UsersConf,
}

/// One `name = value` line as chan_sip sees it.
#[derive(Clone, Debug)]
pub struct Setting {
    /// Lower-cased name (chan_sip compares names without case).
    pub key: String,
    /// The name as written.
    pub name: String,
    pub value: String,
    /// The whole line, without its line break.
    pub line: FileSpan,
    /// 1-based line number.
    pub line_no: u32,
    /// The section the line was written in, when it is inherited (`[x](base)`) or comes from
    /// users.conf's `[general]`.
    pub inherited_from: Option<String>,
    pub source: Source,
}

impl Setting {
    pub fn is_own(&self) -> bool {
        self.inherited_from.is_none()
    }
}

/// A `(!)` template of sip.conf.
#[derive(Clone, Debug)]
pub struct Template {
    pub name: String,
    pub header_at: FileSpan,
    pub line_no: u32,
    /// Base sections, in header order, with whether each is itself a template.
    pub bases: Vec<(String, bool)>,
    pub settings: Vec<Setting>,
}

/// A peer, user or friend.
#[derive(Clone, Debug)]
pub struct Device {
    pub name: String,
    pub header_at: FileSpan,
    pub line_no: u32,
    pub source: Source,
    /// Answers calls from it by name (`type=user`/`friend`).
    pub is_user: bool,
    /// Can be called, registers or is matched by address (`type=peer`/`friend`).
    pub is_peer: bool,
    /// Base sections, in header order, with whether each is a template.
    pub bases: Vec<(String, bool)>,
    /// Inherited settings first (in base order), then its own, in file order.
    pub settings: Vec<Setting>,
    /// Headers of further sections of the same name that chan_sip merged into this one.
    pub merged: Vec<FileSpan>,
}

impl Device {
    /// The last setting called `key` (lower case), if any.
    pub fn last(&self, key: &str) -> Option<&Setting> {
        self.settings.iter().rev().find(|s| s.key == key)
    }

    pub fn kind_word(&self) -> &'static str {
        match (self.is_user, self.is_peer) {
            (true, true) => "friend",
            (true, false) => "user",
            _ => "peer",
        }
    }
}

/// A section chan_sip does not turn into anything, and why.
#[derive(Clone, Debug)]
pub struct Skipped {
    pub name: String,
    pub header_at: FileSpan,
    pub line_no: u32,
    pub source: Source,
    pub reason: String,
    pub settings: Vec<Setting>,
}

/// sip.conf (+ users.conf) as chan_sip reads it.
#[derive(Clone, Debug, Default)]
pub struct SipConf {
    pub general: Vec<Setting>,
    pub general_at: Option<(FileSpan, u32)>,
    pub authentication: Vec<Setting>,
    pub authentication_at: Option<(FileSpan, u32)>,
    pub templates: Vec<Template>,
    pub devices: Vec<Device>,
    pub skipped: Vec<Skipped>,
    /// users.conf's `[general]` (its SIP options are defaults for every users.conf device).
    pub users_general: Vec<Setting>,
    pub users_general_at: Option<(FileSpan, u32)>,
    /// Lines the loader keeps in no section (after a refused header, before the first one),
    /// with the section they were written in and the reason.
    pub orphans: Vec<(Setting, String, String)>,
    /// `+=` lines and the line whose value they extend.
    pub appends: Vec<(FileSpan, FileSpan)>,
    /// Lower-cased device name → index into `devices` (chan_sip finds devices without case).
    by_name: std::collections::HashMap<String, usize>,
}

impl SipConf {
    /// The last `[general]` setting called `key`.
    pub fn general(&self, key: &str) -> Option<&Setting> {
        self.general.iter().rev().find(|s| s.key == key)
    }

    pub fn device(&self, name: &str) -> Option<&Device> {
        self.device_index(name).map(|i| &self.devices[i])
    }

    /// The index into `devices` of the device called `name` (compared without case).
    pub fn device_index(&self, name: &str) -> Option<usize> {
        self.by_name.get(&name.to_ascii_lowercase()).copied()
    }
}

/// Reads the loaded `sip` config and, when given, the loaded `users` config. A config Asterisk
/// would refuse as a whole (a missing include, a line outside any section …) is still read as
/// far as it loads: the caller reports the refusal, and the conversion shows what the file holds.
pub fn read(sip: &Config, users: Option<&Config>) -> SipConf {
    let mut conf = SipConf::default();
    if let Some(users) = users {
        read_users(users, &mut conf);
        read_loose_lines(users, Source::UsersConf, &mut conf);
    }
    read_sip(sip, &mut conf);
    read_loose_lines(sip, Source::SipConf, &mut conf);
    conf
}

/// Assignment lines that are no variable of any category: `+=` lines (their value is part of
/// the line they extend) and lines the loader dropped.
fn read_loose_lines(config: &Config, source: Source, conf: &mut SipConf) {
    let mut used = std::collections::HashSet::new();
    for category in &config.categories {
        for variable in &category.variables {
            used.insert((variable.file, variable.line));
        }
    }
    // Variables extended by `+=`, by file and name, in line order.
    let mut appended: std::collections::HashMap<(pjsip_syntax::FileId, &str), Vec<(u32, FileSpan)>> = std::collections::HashMap::new();
    for variable in config.categories.iter().flat_map(|c| &c.variables).filter(|v| v.appended.is_some()) {
        appended.entry((variable.file, config.var_name(variable))).or_default().push((variable.line, config.var_line_at(variable)));
    }
    for lines in appended.values_mut() {
        lines.sort_by_key(|(line, _)| *line);
    }
    let mut errors: Vec<(pjsip_syntax::FileId, u32, &str)> =
        config.errors().map(|d| (d.primary.file, d.primary.span.start, d.message.as_str())).collect();
    errors.sort_by_key(|(file, start, _)| (*file, *start));
    for (index, parse) in config.parses.iter().enumerate() {
        let Some(parse) = parse else { continue };
        let file = pjsip_syntax::FileId(index as u32);
        let text = config.text(file);
        let mut section = String::new();
        for (line_index, line) in parse.tree.lines.iter().enumerate() {
            if let pjsip_syntax::LineKind::Header(header) = &line.kind {
                section = header.name.as_str(text).to_string();
            }
            let pjsip_syntax::LineKind::Assignment(assignment) = &line.kind else {
                continue;
            };
            if used.contains(&(file, line_index as u32)) {
                continue;
            }
            let name = assignment.key.as_str(text);
            let end = (line.span.end as usize).min(text.len());
            let content_end = text[..end].trim_end_matches(['\n', '\r']).len().max(line.span.start as usize);
            let at = FileSpan::new(file, pjsip_syntax::Span::new(line.span.start as usize, content_end));
            if assignment.op == pjsip_syntax::AssignOp::PlusEq {
                // The loader merged it into the last earlier variable of that name.
                let target = appended
                    .get(&(file, name))
                    .and_then(|lines| lines.partition_point(|&(l, _)| (l as usize) < line_index).checked_sub(1).map(|i| lines[i].1));
                if let Some(target) = target {
                    conf.appends.push((target, at));
                    continue;
                }
            }
            // The last loading error before the line explains it (errors sorted by position).
            let before = errors.partition_point(|(f, start, _)| (*f, *start) <= (file, line.span.start));
            let reason = match before.checked_sub(1).map(|i| errors[i]).filter(|(f, _, _)| *f == file) {
                Some((_, _, message)) => format!("Asterisk's loader drops it: {message}"),
                None => "Asterisk's loader keeps this line in no section".to_string(),
            };
            let setting = Setting {
                key: name.to_ascii_lowercase(),
                name: name.to_string(),
                value: assignment.value.as_str(text).to_string(),
                line: at,
                line_no: line.number,
                inherited_from: None,
                source,
            };
            conf.orphans.push((setting, section.clone(), reason));
        }
    }
}

fn header_line(config: &Config, category: &Category) -> u32 {
    config.parse_of(category.header_at.file).and_then(|p| p.tree.line_at(category.header_at.span.start as usize)).map_or(0, |l| l.number)
}

/// The settings of one category, each with its line and where it was inherited from.
fn settings_of(config: &Config, category: &Category, source: Source) -> Vec<Setting> {
    category
        .variables
        .iter()
        .map(|variable| {
            let parts = config.var_parts(variable);
            let inherited_from = match variable.origin {
                Origin::Own => None,
                Origin::Inherited { from } => Some(config.categories[from.0 as usize].name.clone()),
            };
            Setting {
                key: parts.name.to_ascii_lowercase(),
                name: parts.name.to_string(),
                value: parts.value.to_string(),
                line: parts.line_at(),
                line_no: config.var_line_number(variable),
                inherited_from,
                source,
            }
        })
        .collect()
}

fn bases_of(config: &Config, category: &Category) -> Vec<(String, bool)> {
    category
        .bases
        .iter()
        .map(|&CategoryId(id)| {
            let base = &config.categories[id as usize];
            (base.name.clone(), base.is_template)
        })
        .collect()
}

fn read_sip(config: &Config, conf: &mut SipConf) {
    let mut seen_general = false;
    let mut seen_authentication = false;
    for category in &config.categories {
        let line_no = header_line(config, category);
        let settings = settings_of(config, category, Source::SipConf);
        if category.is_template && category.name.is_empty() {
            continue;
        }
        if category.is_template {
            conf.templates.push(Template {
                name: category.name.clone(),
                header_at: category.header_at,
                line_no,
                bases: bases_of(config, category),
                settings,
            });
            continue;
        }
        let skip = |reason: &str| Skipped {
            name: category.name.clone(),
            header_at: category.header_at,
            line_no,
            source: Source::SipConf,
            reason: reason.to_string(),
            settings: settings.clone(),
        };
        if category.name.eq_ignore_ascii_case("general") {
            if seen_general {
                conf.skipped.push(skip("chan_sip reads only the first [general] section"));
            } else {
                seen_general = true;
                conf.general = settings;
                conf.general_at = Some((category.header_at, line_no));
            }
            continue;
        }
        if category.name.eq_ignore_ascii_case("authentication") {
            if seen_authentication {
                conf.skipped.push(skip("chan_sip reads only the first [authentication] section"));
            } else {
                seen_authentication = true;
                conf.authentication = settings;
                conf.authentication_at = Some((category.header_at, line_no));
            }
            continue;
        }
        // `ast_variable_retrieve` gives the first `type` line, inherited ones included.
        let Some(kind) = settings.iter().find(|s| s.key == "type").map(|s| s.value.to_ascii_lowercase()) else {
            conf.skipped.push(skip("the section has no `type`: chan_sip skips it (\"Section lacks type\")"));
            continue;
        };
        if !matches!(kind.as_str(), "peer" | "user" | "friend") {
            conf.skipped.push(skip(&format!("`type={kind}` is not peer, user or friend: chan_sip skips the section")));
            continue;
        }
        if category.name.is_empty() {
            conf.skipped.push(skip("a section with an empty name: no PJSIP object can be named so"));
            continue;
        }
        let (is_user, is_peer) = device_type(&settings);
        add_device(
            conf,
            Device {
                name: category.name.clone(),
                header_at: category.header_at,
                line_no,
                source: Source::SipConf,
                is_user,
                is_peer,
                bases: bases_of(config, category),
                settings,
                merged: Vec::new(),
            },
        );
    }
}

/// What the `type` lines add up to: `peer` and `user` add, `friend` sets both.
fn device_type(settings: &[Setting]) -> (bool, bool) {
    let (mut user, mut peer) = (false, false);
    for setting in settings.iter().filter(|s| s.key == "type") {
        match setting.value.to_ascii_lowercase().as_str() {
            "peer" => peer = true,
            "user" => user = true,
            "friend" => (user, peer) = (true, true),
            _ => {}
        }
    }
    (user, peer)
}

/// Adds a device, or applies its lines on top of an earlier one of the same name.
fn add_device(conf: &mut SipConf, device: Device) {
    let key = device.name.to_ascii_lowercase();
    match conf.by_name.get(&key).map(|&i| &mut conf.devices[i]) {
        Some(existing) => {
            existing.is_user |= device.is_user;
            existing.is_peer |= device.is_peer;
            existing.merged.push(device.header_at);
            existing.settings.extend(device.settings);
        }
        None => {
            conf.by_name.insert(key, conf.devices.len());
            conf.devices.push(device);
        }
    }
}

fn read_users(config: &Config, conf: &mut SipConf) {
    let general = config.categories.iter().find(|c| !c.is_template && c.name.eq_ignore_ascii_case("general"));
    let mut general_settings = general.map(|c| settings_of(config, c, Source::UsersConf)).unwrap_or_default();
    for setting in &mut general_settings {
        setting.inherited_from = Some("general".into());
    }
    let general_hassip = general_settings.iter().find(|s| s.key == "hassip").is_some_and(|s| crate::words::is_true(&s.value));
    if let Some(general) = general {
        conf.users_general_at = Some((general.header_at, header_line(config, general)));
    }
    conf.users_general = general_settings.clone();
    for category in config.categories.iter().filter(|c| !c.is_template) {
        if category.name.eq_ignore_ascii_case("general") {
            continue;
        }
        if category.name.is_empty() {
            conf.skipped.push(Skipped {
                name: String::new(),
                header_at: category.header_at,
                line_no: header_line(config, category),
                source: Source::UsersConf,
                reason: "a section with an empty name: no PJSIP object can be named so".into(),
                settings: settings_of(config, category, Source::UsersConf),
            });
            continue;
        }
        let own = settings_of(config, category, Source::UsersConf);
        let line_no = header_line(config, category);
        let hassip = own.iter().find(|s| s.key == "hassip");
        let builds = match hassip {
            Some(s) => crate::words::is_true(&s.value),
            None => general_hassip,
        };
        if !builds {
            conf.skipped.push(Skipped {
                name: category.name.clone(),
                header_at: category.header_at,
                line_no,
                source: Source::UsersConf,
                reason: "users.conf entry without `hassip = yes`: chan_sip creates no SIP device for it".into(),
                settings: own,
            });
            continue;
        }
        let mut settings = general_settings.clone();
        settings.extend(own);
        add_device(
            conf,
            Device {
                name: category.name.clone(),
                header_at: category.header_at,
                line_no,
                source: Source::UsersConf,
                // users.conf entries are always friends.
                is_user: true,
                is_peer: true,
                bases: Vec::new(),
                settings,
                merged: Vec::new(),
            },
        );
    }
}
