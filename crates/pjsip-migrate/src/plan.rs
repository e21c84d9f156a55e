//! The converted configuration before it is written: PJSIP sections grouped by the sip.conf
//! section they come from, each option holding the sip.conf lines that produced it.
//!
//! The writers (`emit` for pjsip.conf, `wizard` for pjsip_wizard.conf) only lay this out; every
//! decision is taken by `convert`.

use pjsip_syntax::FileSpan;

/// One `name = value` of the output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opt {
    pub name: String,
    pub value: String,
    /// The sip.conf / users.conf lines it comes from (none: a chan_sip default).
    pub sources: Vec<FileSpan>,
    /// Written after the value as `; comment`: why a value that no line wrote is there.
    pub comment: Option<String>,
}

/// One PJSIP section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub type_name: &'static str,
    pub name: String,
    /// `(!)`: a template.
    pub template: bool,
    /// Templates named in the header, in order.
    pub bases: Vec<String>,
    pub options: Vec<Opt>,
    /// The lines that make the object exist (the section header, `type`, `host` …).
    pub sources: Vec<FileSpan>,
}

impl Block {
    pub fn new(type_name: &'static str, name: impl Into<String>, sources: Vec<FileSpan>) -> Block {
        Block { type_name, name: name.into(), template: false, bases: Vec::new(), options: Vec::new(), sources }
    }

    /// Adds an option from the given lines.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>, sources: Vec<FileSpan>) {
        self.options.push(Opt { name: name.into(), value: value.into(), sources, comment: None });
    }

    /// Adds an option with a trailing comment.
    pub fn set_noted(&mut self, name: impl Into<String>, value: impl Into<String>, sources: Vec<FileSpan>, comment: impl Into<String>) {
        self.options.push(Opt { name: name.into(), value: value.into(), sources, comment: Some(comment.into()) });
    }

    /// A comment line among the options (`; text`), for a decision no option shows.
    pub fn comment(&mut self, text: impl Into<String>, sources: Vec<FileSpan>) {
        self.options.push(Opt { name: String::new(), value: String::new(), sources, comment: Some(text.into()) });
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.options.iter().rev().find(|o| o.name == name).map(|o| o.value.as_str())
    }
}

/// What a group of sections stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// `[general]`: transports, [global], [system], the device defaults template.
    General,
    Template,
    Friend,
    Peer,
    User,
    /// A `register =>` line (or a device's `callbackextension`, or users.conf's `registersip`).
    Register,
    /// `[authentication]` credentials.
    Authentication,
    /// The endpoint that answers unknown callers (`allowguest`).
    Guests,
    /// A section chan_sip skips (no or unknown `type`, a second `[general]` …): no objects.
    Skipped,
}

/// The sections converted from one sip.conf section or line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub kind: GroupKind,
    /// The sip.conf section (or `register =>` value) it comes from.
    pub sip: String,
    /// The comment written above the group.
    pub title: String,
    /// Where it comes from (the section header or the line).
    pub at: Option<FileSpan>,
    pub blocks: Vec<Block>,
    /// Whether the wizard writer may turn the group into one wizard section.
    pub wizard: Option<WizardShape>,
}

/// How a device maps onto a `type=wizard` section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WizardShape {
    pub accepts_registrations: bool,
    pub remote_hosts: Option<String>,
}

/// The whole converted configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub groups: Vec<Group>,
}

/// The section names a configuration uses, per type (sorcery ids compare exactly), to give new
/// sections names nobody has.
#[derive(Clone, Debug, Default)]
pub struct Names {
    taken: std::collections::HashSet<(String, String)>,
}

impl Names {
    /// Every section name of `groups`.
    pub fn of<'g>(groups: impl IntoIterator<Item = &'g Group>) -> Names {
        let taken = groups.into_iter().flat_map(|g| &g.blocks).map(|b| (b.type_name.to_string(), b.name.clone())).collect();
        Names { taken }
    }

    /// `base`, or `base-2`, `base-3` … the first no section of `type_name` has; now taken.
    pub fn claim(&mut self, type_name: &str, base: &str) -> String {
        let free = |name: &str| !self.taken.contains(&(type_name.to_string(), name.to_string()));
        let name = if free(base) { base.to_string() } else { (2..).map(|n| format!("{base}-{n}")).find(|n| free(n)).unwrap_or_default() };
        self.taken.insert((type_name.to_string(), name.clone()));
        name
    }
}
