//! `pjsip-lab effective FILE...`: what Asterisk ends up with — every loaded object with every
//! option's effective value and where it came from, and every section it drops, with why.
//!
//! The files form one input, as for `check`. Defaults come from the model itself
//! ([`pjsip_analysis::Object::values`] holds every registered option, set or not); only the
//! `type` pseudo-option is left out, since it is the object's type, not a setting.

use std::fmt::Write as _;

use pjsip_analysis::{Analysis, EffectiveRow, EffectiveValue, Object, SettingOrigin};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::args::{Args, Format};
use crate::output::Locator;

pub fn run(args: &Args) -> u8 {
    let Some(analysis) = crate::check::analyse(args, "effective") else { return 2 };
    let files = &analysis;
    let locator = Locator::new(files);
    let report = report(&analysis, &locator);
    match args.format {
        Format::Json => crate::stdout::outln!("{}", serde_json::to_string_pretty(&report).expect("report serialises")),
        Format::Human => crate::stdout::out!("{}", human(&report)),
    }
    let errors = analysis.diagnostics().iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        eprintln!("pjsip-lab: the configuration has {errors} error(s); `pjsip-lab check` shows them");
    }
    crate::output::exit_code(analysis.diagnostics())
}

/// The whole answer, serialised as-is for `--format json`.
#[derive(serde::Serialize)]
pub struct Report<'a> {
    pub objects: Vec<JsonObject<'a>>,
    /// Objects the configuration asks for that Asterisk does not create (or never serves).
    pub rejected: Vec<JsonRejected<'a>>,
    /// Sections that are no object at all (no `type=`, or an unknown one).
    pub ignored: Vec<JsonIgnored<'a>>,
}

#[derive(serde::Serialize)]
pub struct JsonObject<'a> {
    #[serde(rename = "type")]
    pub type_name: &'a str,
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wizard: Option<&'a str>,
    pub file: &'a str,
    pub line: u32,
    /// Option → effective value as Asterisk shows it (`pjsip show <type> <id>`), in
    /// registration order.
    pub options: Ordered<'a, String>,
    /// Option → the value as the configuration holds it, only where that text differs from
    /// what Asterisk shows (`yes` shown as `true`, a codec list shown as `(ulaw|alaw)`).
    #[serde(skip_serializing_if = "Ordered::is_empty")]
    pub as_written: Ordered<'a, &'a str>,
    /// Option → where the value came from, or `"default"`.
    pub provenance: Ordered<'a, Provenance<'a>>,
}

/// A JSON object that keeps its keys in the given order.
pub struct Ordered<'a, T>(pub Vec<(&'a str, T)>);

impl<T> Ordered<'_, T> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: Serialize> Serialize for Ordered<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

#[derive(serde::Serialize)]
#[serde(untagged)]
pub enum Provenance<'a> {
    /// Always the string `"default"`.
    Default(&'static str),
    Set {
        /// The line that set the value last.
        file: &'a str,
        line: u32,
        /// The base section it was copied from.
        #[serde(skip_serializing_if = "Option::is_none")]
        template: Option<&'a str>,
        /// The wizard section that generated it.
        #[serde(skip_serializing_if = "Option::is_none")]
        wizard: Option<&'a str>,
        /// Earlier lines that also contributed (lists that accumulate: `match`, `allow`, …).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        earlier: Vec<Place<'a>>,
    },
}

#[derive(serde::Serialize)]
pub struct Place<'a> {
    pub file: &'a str,
    pub line: u32,
}

#[derive(serde::Serialize)]
pub struct JsonRejected<'a> {
    #[serde(rename = "type")]
    pub type_name: &'a str,
    pub name: &'a str,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wizard: Option<&'a str>,
    /// Where the section (for wizard objects: the wizard section) starts.
    pub file: &'a str,
    pub line: u32,
}

#[derive(serde::Serialize)]
pub struct JsonIgnored<'a> {
    pub name: &'a str,
    pub reason: String,
    pub file: &'a str,
    pub line: u32,
}

pub fn report<'a>(analysis: &'a Analysis, locator: &Locator<'a>) -> Report<'a> {
    let model = analysis.model();
    let objects = model.objects.iter().map(|o| object(o, locator)).collect();
    let mut rejected: Vec<JsonRejected> = model
        .rejected
        .iter()
        .map(|r| {
            let (file, line) = crate::output::file_line(locator, r.header_at);
            JsonRejected {
                type_name: r.type_name(),
                name: &r.id,
                reason: analysis.rejection_text(r),
                wizard: r.wizard.as_deref(),
                file,
                line,
            }
        })
        .collect();
    rejected.extend(model.shadowed.iter().map(|s| {
        let (file, line) = crate::output::file_line(locator, s.wizard_at);
        let (config_file, config_line) = crate::output::file_line(locator, s.config_at);
        JsonRejected {
            type_name: s.object_type.name(),
            name: &s.id,
            reason: format!(
                "pjsip.conf defines {} '{}' too ({config_file}:{config_line}), and that one is used instead of the wizard's",
                s.object_type, s.id
            ),
            wizard: Some(&s.wizard),
            file,
            line,
        }
    }));
    let ignored = model
        .ignored
        .iter()
        .map(|i| {
            let (file, line) = crate::output::file_line(locator, i.header_at);
            let reason = match &i.type_value {
                None if i.in_wizard_file => "the section has no `type=`, so the wizard ignores it".to_string(),
                None => "the section has no `type=`, so Asterisk ignores it".to_string(),
                Some((value, _)) => format!("`type={value}` is not an object type Asterisk reads here, so it ignores the section"),
            };
            JsonIgnored { name: &i.name, reason, file, line }
        })
        .collect();
    Report { objects, rejected, ignored }
}

fn object<'a>(object: &'a Object, locator: &Locator<'a>) -> JsonObject<'a> {
    let rows: Vec<EffectiveRow<'a>> = object.effective_rows().collect();
    let (file, line) = crate::output::file_line(locator, object.header_at);
    JsonObject {
        type_name: object.type_name(),
        name: &object.id,
        wizard: object.wizard.as_deref(),
        file,
        line,
        options: Ordered(rows.iter().map(|r| (r.value.name.as_ref(), r.shown.clone())).collect()),
        as_written: Ordered(rows.iter().filter_map(|r| Some((r.value.name.as_ref(), r.as_written?))).collect()),
        provenance: Ordered(rows.iter().map(|r| (r.value.name.as_ref(), provenance(r.value, locator))).collect()),
    }
}

fn provenance<'a>(value: &'a EffectiveValue, locator: &Locator<'a>) -> Provenance<'a> {
    let Some((last, earlier)) = value.set_by.split_last() else { return Provenance::Default("default") };
    let (file, line) = crate::output::file_line(locator, last.at);
    Provenance::Set {
        file,
        line,
        template: match &last.origin {
            SettingOrigin::Template(name) => Some(name),
            _ => None,
        },
        wizard: match &last.origin {
            SettingOrigin::Wizard(name) => Some(name),
            _ => None,
        },
        earlier: earlier
            .iter()
            .map(|s| {
                let (file, line) = crate::output::file_line(locator, s.at);
                Place { file, line }
            })
            .collect(),
    }
}

/// The readable listing: one block per object, then what was dropped.
fn human(report: &Report<'_>) -> String {
    let mut out = String::new();
    for object in &report.objects {
        let wizard = object.wizard.map(|w| format!(" (wizard {w})")).unwrap_or_default();
        let _ = writeln!(out, "{} {}{wizard}  [{}:{}]", object.type_name, object.name, object.file, object.line);
        let name_width = object.options.0.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        let value_width = object.options.0.iter().map(|(_, v)| v.chars().count()).max().unwrap_or(0).min(40);
        let written = |name: &str| object.as_written.0.iter().find(|(n, _)| *n == name).map(|(_, w)| *w);
        // Set options first, then the defaults, each in registration order.
        let mut rows: Vec<_> = object.options.0.iter().zip(&object.provenance.0).collect();
        rows.sort_by_key(|(_, (_, p))| matches!(p, Provenance::Default(_)));
        for ((name, value), (_, provenance)) in rows {
            let from = match provenance {
                Provenance::Default(_) => "default".to_string(),
                Provenance::Set { file, line, template, wizard, earlier } => {
                    let mut from = String::new();
                    for place in earlier {
                        let _ = write!(from, "{}:{}, ", place.file, place.line);
                    }
                    let _ = write!(from, "{file}:{line}");
                    if let Some(t) = template {
                        let _ = write!(from, " (from template {t})");
                    }
                    if let Some(w) = wizard {
                        let _ = write!(from, " (from wizard {w})");
                    }
                    from
                }
            };
            let beside = written(name).map(|w| format!(" (written `{w}`)")).unwrap_or_default();
            let _ = writeln!(out, "  {name:<name_width$} = {value:<value_width$}  {from}{beside}");
        }
        out.push('\n');
    }
    if !report.rejected.is_empty() {
        out.push_str("not loaded:\n");
        for r in &report.rejected {
            let _ = writeln!(out, "  {} {}  [{}:{}]: {}", r.type_name, r.name, r.file, r.line, r.reason);
        }
        out.push('\n');
    }
    if !report.ignored.is_empty() {
        out.push_str("ignored sections:\n");
        for i in &report.ignored {
            let _ = writeln!(out, "  [{}]  [{}:{}]: {}", i.name, i.file, i.line, i.reason);
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} object(s), {} not loaded, {} ignored section(s)",
        report.objects.len(),
        report.rejected.len(),
        report.ignored.len()
    );
    out
}
