//! Plain-language explanations: what each object type and option is for, links to the official
//! documentation, and a summary of a whole configuration ([`summarize`]).
//!
//! The prose lives in `data/explain/<type>.md` (written for this project, never copied from
//! Asterisk's documentation) and is compiled into static tables by `build.rs`, which refuses
//! files that name unknown types or options. Facts (kind, default, versions, allowed values)
//! are not repeated in the prose: they come from [`pjsip_model::schema`], so the two cannot drift.
//!
//! Promises: lookups never panic; an unknown name yields a [`LookupError`] carrying the closest
//! known names, so every front end can say "did you mean …".

mod links;
mod summary;
pub mod text;

pub use links::{doc_url, type_doc_url};
pub use summary::{summarize, Summary, SummaryItem, SummaryTopic};

use pjsip_model::schema::{self, OptionSchema, TypeSchema};
use pjsip_model::AsteriskVersion;

include!(concat!(env!("OUT_DIR"), "/explain.rs"));

/// The explanation of one option, with the schema facts it is shown beside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptionExplanation {
    /// The object type (`endpoint`, `wizard`, …).
    pub type_name: &'static str,
    /// The schema entry: kind, default, enum values, releases.
    pub schema: &'static OptionSchema,
    /// Our prose; paragraphs separated by a blank line; inline `code` in backticks.
    pub text: &'static str,
    /// Related option names of the same type, `type.option` for other types, or type names.
    pub related: &'static [&'static str],
}

impl OptionExplanation {
    /// The option's link on docs.asterisk.org for `version`.
    pub fn doc_url(&self, version: AsteriskVersion) -> String {
        doc_url(self.type_name, Some(self.schema.name), version)
    }
}

/// The explanation of one object type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypeExplanation {
    pub schema: &'static TypeSchema,
    /// What the type is, when it is needed and how it links to the others.
    pub text: &'static str,
}

impl TypeExplanation {
    /// Every option of the type that `version` knows, with its explanation (options not yet
    /// explained get an empty text).
    pub fn options(&self, version: AsteriskVersion) -> Vec<OptionExplanation> {
        self.schema.options.iter().filter(|o| o.present_in.contains(version)).map(|o| explanation_of(self.schema.name, o)).collect()
    }

    /// The type's section on docs.asterisk.org for `version`.
    pub fn doc_url(&self, version: AsteriskVersion) -> String {
        type_doc_url(self.schema.name, version)
    }
}

/// Why a lookup found nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LookupError {
    /// No object type has this name; `suggestions` are the closest type names.
    UnknownType { name: String, suggestions: Vec<&'static str> },
    /// The type has no option of this name in any release.
    UnknownOption { type_name: &'static str, name: String, suggestions: Vec<&'static str> },
    /// The option exists, but not in the requested release.
    NotInVersion { type_name: &'static str, name: &'static str, version: AsteriskVersion, present_in: Vec<AsteriskVersion> },
}

impl std::fmt::Display for LookupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn did_you_mean(f: &mut std::fmt::Formatter<'_>, suggestions: &[&str]) -> std::fmt::Result {
            match suggestions {
                [] => Ok(()),
                [one] => write!(f, "; did you mean `{one}`?"),
                many => write!(f, "; did you mean one of: {}?", many.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")),
            }
        }
        match self {
            LookupError::UnknownType { name, suggestions } => {
                write!(f, "unknown object type `{name}`")?;
                did_you_mean(f, suggestions)
            }
            LookupError::UnknownOption { type_name, name, suggestions } => {
                write!(f, "type `{type_name}` has no option `{name}`")?;
                did_you_mean(f, suggestions)
            }
            LookupError::NotInVersion { type_name, name, version, present_in } => {
                let list: Vec<String> = present_in.iter().map(|v| v.major().to_string()).collect();
                if list.is_empty() {
                    write!(
                        f,
                        "`{type_name}.{name}` exists only in code newer than any supported release (not in Asterisk {})",
                        version.major()
                    )
                } else {
                    write!(f, "`{type_name}.{name}` does not exist in Asterisk {} (only in {})", version.major(), list.join(", "))
                }
            }
        }
    }
}

impl std::error::Error for LookupError {}

/// The explainer of type `name` (exact name, as `type=` compares it).
pub fn explain_type(name: &str) -> Result<TypeExplanation, LookupError> {
    let schema = schema::type_schema(name).ok_or_else(|| LookupError::UnknownType {
        name: name.to_string(),
        suggestions: closest(name, schema::TYPES.iter().map(|t| t.name)),
    })?;
    Ok(TypeExplanation { schema, text: type_text(schema.name) })
}

/// The explanation of `option` of `type_name` as known to `version`. Option names match the
/// way Asterisk matches them (case-insensitive; `event_*`, `endpoint/*` … by prefix).
pub fn explain_option(type_name: &str, option: &str, version: AsteriskVersion) -> Result<OptionExplanation, LookupError> {
    let ty = explain_type(type_name)?.schema;
    // The display names of prefix options (`endpoint/*`, `event_<event-package>`) are accepted too.
    let schema = ty.option(option).or_else(|| ty.options.iter().find(|o| o.name.eq_ignore_ascii_case(option))).ok_or_else(|| {
        LookupError::UnknownOption {
            type_name: ty.name,
            name: option.to_string(),
            suggestions: closest(option, ty.options.iter().map(|o| o.name)),
        }
    })?;
    if !schema.present_in.contains(version) {
        return Err(LookupError::NotInVersion {
            type_name: ty.name,
            name: schema.name,
            version,
            present_in: schema.present_in.versions().collect(),
        });
    }
    Ok(explanation_of(ty.name, schema))
}

/// Our prose for `type_name` (empty when the type has no file yet).
pub fn type_text(type_name: &str) -> &'static str {
    match TYPE_TEXTS.iter().find(|(t, _)| *t == type_name).map(|(_, text)| *text) {
        Some(text) if !text.is_empty() => text,
        _ => text::installed_type_text(type_name),
    }
}

/// Our prose for one option, looked up by its schema name (empty when not explained).
pub fn option_text(type_name: &str, option: &str) -> (&'static str, &'static [&'static str]) {
    OPTION_TEXTS
        .iter()
        .find(|(t, o, _, _)| *t == type_name && *o == option)
        .map(|(_, _, text, related)| {
            let text = if text.is_empty() { text::installed_option_text(type_name, option) } else { *text };
            (text, *related)
        })
        .unwrap_or(("", &[]))
}

/// Every embedded prose entry: (type, option or "" for the type, text). Empty without the
/// `embedded-text` feature.
pub(crate) fn embedded_texts() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    TYPE_TEXTS
        .iter()
        .map(|(t, text)| (*t, "", *text))
        .chain(OPTION_TEXTS.iter().map(|(t, o, text, _)| (*t, *o, *text)))
        .filter(|(_, _, text)| !text.is_empty())
}

/// The Asterisk module that registers `type_name` (`res_pjsip`, `res_pjsip_acl`, …).
pub fn module_of(type_name: &str) -> Option<&'static str> {
    TYPE_MODULES.iter().find(|(t, _)| *t == type_name).map(|(_, m)| *m)
}

fn explanation_of(type_name: &'static str, schema: &'static OptionSchema) -> OptionExplanation {
    let (text, related) = option_text(type_name, schema.name);
    OptionExplanation { type_name, schema, text, related }
}

pub use pjsip_model::spelling::suggestions as closest;

#[cfg(test)]
mod tests;
