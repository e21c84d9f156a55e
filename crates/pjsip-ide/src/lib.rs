//! Editor services over the syntax tree and the loaded model, for the web app's editor and the
//! language server alike.
//!
//! * [`complete`] and [`hover`] work on the text *as the editor has it now*, which may be a
//!   keystroke ahead of the last analysis: the cursor's context (section, key or value position,
//!   the section's own `type`) is read from the syntax tree of the current text ([`cursor`]),
//!   and the [`Loaded`] configuration only supplies what cannot be seen locally (types inherited
//!   from templates, names of existing objects).
//! * [`navigate`]: go to definition, find references, rename and symbols, over the loaded
//!   configuration's syntax trees (every file, every reference kind).
//!
//! Offsets are bytes; the editors convert at their edge.

pub mod navigate;

mod cursor;

use serde::Serialize;

pub mod highlight;

use cursor::{locate, Place, Spot};

use pjsip_explain as explain;
use pjsip_model::schema::{self, Kind, OptionSchema, TypeSchema};
use pjsip_model::{AsteriskVersion, Loaded, ObjectType};

/// Suggestions for the word at the cursor: replace `from..to` with one item's `apply` (or label).
/// Every candidate is listed; the editor filters and ranks them by what was typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Completions {
    pub from: usize,
    pub to: usize,
    pub items: Vec<CompletionItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: String,
    pub info: String,
    /// Text to insert instead of the label (e.g. `dtmf_mode=`).
    pub apply: Option<String>,
    pub boost: i8,
}

/// What a completion item is; each editor maps it to its own vocabulary (CodeMirror's `type`,
/// `property`, …; LSP's `CompletionItemKind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CompletionKind {
    /// An object type, as `type=` takes it.
    ObjectType,
    /// An option name.
    Option,
    /// `type` itself, the option that decides the rest.
    Keyword,
    /// One word of an option's fixed set (an enum word, `yes`/`no`, a codec).
    Value,
    /// The name of an object or a template section.
    ObjectName,
}

/// What the word under the pointer is, in a few short paragraphs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hover {
    pub from: usize,
    pub to: usize,
    pub title: String,
    pub paragraphs: Vec<String>,
    pub link: Option<String>,
}

/// Completion at byte `offset` of `text`, the current content of the file named `file_name`.
pub fn complete(analysis: &Loaded, file_name: &str, text: &str, offset: usize) -> Option<Completions> {
    let offset = pjsip_syntax::floor_char_boundary(text, offset);
    let spot = locate(text, offset);
    let wizard_file = is_wizard_file(file_name);
    let version = analysis.version;
    match &spot.place {
        Place::Nowhere | Place::SectionName => None,
        Place::Template { word } => {
            let word = *word;
            let items = analysis
                .sections()
                .iter()
                .filter(|s| s.is_template || s.type_name.is_some())
                .filter(|s| Some(&s.name) != spot.section.as_ref())
                .map(|s| CompletionItem {
                    label: s.name.clone(),
                    kind: CompletionKind::ObjectName,
                    detail: s.type_name.clone().map(|t| format!("{t}{}", if s.is_template { " template" } else { "" })).unwrap_or_default(),
                    info: format!("{}:{}", s.file, s.line),
                    apply: None,
                    boost: if s.is_template { 1 } else { 0 },
                });
            Some(Completions { from: word.0, to: word.1, items: dedup(items.collect()) })
        }
        Place::Key { word } => {
            let word = *word;
            let type_name = section_type(analysis, &spot, wizard_file);
            let prefix = &text[word.0..offset];
            let items = key_items(type_name.as_deref(), wizard_file, version, prefix);
            Some(Completions { from: word.0, to: word.1, items })
        }
        Place::Value { key, word, .. } => {
            let (key, word) = (key.trim(), *word);
            let items = if key.eq_ignore_ascii_case("type") {
                type_items(wizard_file, version)
            } else {
                let type_name = section_type(analysis, &spot, wizard_file)?;
                let option = option_of(&type_name, key)?;
                value_items(analysis, option, wizard_key_target(&type_name, key))
            };
            Some(Completions { from: word.0, to: word.1, items })
        }
    }
}

/// Hover documentation at byte `offset` of `text`.
pub fn hover(analysis: &Loaded, file_name: &str, text: &str, offset: usize) -> Option<Hover> {
    let offset = pjsip_syntax::floor_char_boundary(text, offset);
    let spot = locate(text, offset);
    let wizard_file = is_wizard_file(file_name);
    match &spot.place {
        Place::Key { word } if word.0 < word.1 => {
            let word = *word;
            let key = text[word.0..word.1].trim();
            let type_name = section_type(analysis, &spot, wizard_file)?;
            let option = option_of(&type_name, key)?;
            Some(option_hover(&type_name, key, option, analysis.version, word))
        }
        Place::Value { key, word, whole, key_at } => {
            let (key, word, whole, key_at) = (key.trim(), *word, *whole, *key_at);
            if key.eq_ignore_ascii_case("type") {
                let value = text[whole.0..whole.1].trim();
                let ty = schema::type_schema(value)?;
                return Some(type_hover(ty, analysis.version, whole));
            }
            let type_name = section_type(analysis, &spot, wizard_file)?;
            let option = option_of(&type_name, key)?;
            let target = option.references.map(|r| r.target).or_else(|| wizard_key_target(&type_name, key));
            let name = text[word.0..word.1].trim();
            if let (Some(target), false) = (target, name.is_empty()) {
                return Some(reference_hover(analysis, target, name, word));
            }
            Some(option_hover(&type_name, key, option, analysis.version, key_at))
        }
        Place::SectionName => {
            let name = spot.section.as_deref()?;
            let mut paragraphs = Vec::new();
            for object in analysis.objects().iter().filter(|o| o.id == name) {
                paragraphs.push(format!("Loads as {} `{}`.", object.type_name(), object.id));
            }
            for rejected in analysis.rejected().iter().filter(|r| r.id == name) {
                paragraphs.push(format!(
                    "The {} `{}` does not load: {}.",
                    rejected.type_name(),
                    rejected.id,
                    analysis.rejection_text(rejected)
                ));
            }
            if paragraphs.is_empty() {
                paragraphs.push("No object loads from this section (a template, or a section Asterisk ignores).".into());
            }
            let (start, end) = spot.header?;
            Some(Hover { from: start, to: end, title: format!("[{name}]"), paragraphs, link: None })
        }
        _ => None,
    }
}

fn option_hover(type_name: &str, key: &str, option: &OptionSchema, version: AsteriskVersion, at: (usize, usize)) -> Hover {
    let mut paragraphs = Vec::new();
    let prose = explain::option_text(type_name, option.name).0;
    paragraphs.extend(prose.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(String::from));
    paragraphs.push(option_facts(option));
    if !option.present_in.contains(version) {
        paragraphs.push(format!("Not available in Asterisk {}: {}.", version.major(), releases(option)));
    }
    let name = if option.name_prefix.is_some() { key.to_string() } else { option.name.to_string() };
    Hover {
        from: at.0,
        to: at.1,
        title: format!("{type_name}.{name}"),
        paragraphs,
        link: (option.name_prefix.is_none()).then(|| explain::doc_url(type_name, Some(option.name), version)),
    }
}

/// The prose of an option (`option` empty: of the type), first paragraph only for tooltips.
fn explain_text(type_name: &str, option: &str) -> Option<&'static str> {
    let text = if option.is_empty() { explain::type_text(type_name) } else { explain::option_text(type_name, option).0 };
    let first = text.split("\n\n").next().unwrap_or("").trim();
    (!first.is_empty()).then_some(first)
}

/// Kind, default, allowed values and releases in one line.
pub fn option_facts(option: &OptionSchema) -> String {
    let mut facts = vec![kind_words(option.kind).to_string()];
    if !option.default.is_empty() {
        facts.push(format!("default `{}`", option.default));
    }
    if !option.enum_values.is_empty() && matches!(option.kind, Kind::Enum | Kind::EnumList) {
        facts.push(format!("one of {}", option.enum_values.join(", ")));
    }
    if let Some((lo, hi)) = option.range {
        facts.push(format!("from {lo} to {hi}"));
    }
    if let Some(r) = option.references {
        facts.push(format!("names {} {}", if r.many { "one or more" } else { "one" }, r.target));
    }
    facts.push(releases(option));
    let mut line = facts.join(" · ");
    if let Some(alias) = option.alias_of {
        line.push_str(&format!(" · another name for `{alias}`"));
    }
    if option.deprecated {
        line.push_str(" · deprecated");
    }
    line
}

fn releases(option: &OptionSchema) -> String {
    let majors: Vec<String> = option.present_in.versions().map(|v| v.major().to_string()).collect();
    if majors.len() == AsteriskVersion::ALL.len() {
        "in every supported release".into()
    } else if majors.is_empty() {
        "in no supported release".into()
    } else {
        format!("in Asterisk {}", majors.join(", "))
    }
}

fn type_hover(ty: &TypeSchema, version: AsteriskVersion, at: (usize, usize)) -> Hover {
    let mut paragraphs = Vec::new();
    if let Some(text) = explain_text(ty.name, "") {
        paragraphs.push(text.to_string());
    }
    paragraphs.push(format!("{} options; read from {}.", ty.options.len(), ty.file));
    Hover { from: at.0, to: at.1, title: format!("type={}", ty.name), paragraphs, link: Some(explain::type_doc_url(ty.name, version)) }
}

fn reference_hover(analysis: &Loaded, target: &str, name: &str, at: (usize, usize)) -> Hover {
    let mut paragraphs = Vec::new();
    if let Some(object) = ObjectType::from_name(target).and_then(|t| analysis.model().find(t, name)) {
        paragraphs.push(format!("The {target} `{name}` defined at {}.", analysis.place(object.header_at)));
    } else if let Some(rejected) = analysis.rejected().iter().find(|r| r.type_name() == target && r.id == name) {
        paragraphs.push(format!("The {target} `{name}` exists but does not load: {}.", analysis.rejection_text(rejected)));
    } else if let Some(other) = analysis.objects().iter().find(|o| o.id == name) {
        paragraphs.push(format!("`{name}` is a {}, not a {target}.", other.type_name()));
    } else {
        paragraphs.push(format!("No {target} named `{name}` exists."));
    }
    Hover { from: at.0, to: at.1, title: format!("{target} {name}"), paragraphs, link: None }
}

fn key_items(type_name: Option<&str>, wizard_file: bool, version: AsteriskVersion, prefix: &str) -> Vec<CompletionItem> {
    let Some(ty) = type_name.and_then(schema::type_schema) else {
        return vec![CompletionItem {
            label: "type".into(),
            kind: CompletionKind::Keyword,
            detail: "object type".into(),
            info: "Which kind of object this section defines.".into(),
            apply: Some("type=".into()),
            boost: 10,
        }];
    };
    // Wizard keys such as `endpoint/dtmf_mode`: once the prefix is typed, offer that type's options.
    if ty.name == "wizard" {
        if let Some((head, _)) = prefix.split_once('/') {
            if let Some(target) = schema::type_schema(wizard_prefix_type(head)) {
                return target
                    .options
                    .iter()
                    .filter(|o| o.name_prefix.is_none() && o.kind != Kind::Type && o.present_in.contains(version) && o.alias_of.is_none())
                    .map(|o| CompletionItem {
                        label: format!("{head}/{}", o.name),
                        kind: CompletionKind::Option,
                        detail: format!("{} option", target.name),
                        info: option_facts(o),
                        apply: Some(format!("{head}/{} = ", o.name)),
                        boost: 0,
                    })
                    .collect();
            }
        }
    }
    let _ = wizard_file;
    ty.options
        .iter()
        .filter(|o| o.present_in.contains(version) && !o.deprecated && o.alias_of.is_none())
        .map(|o| match o.name_prefix {
            Some(p) => CompletionItem {
                label: p.to_string(),
                kind: CompletionKind::Option,
                detail: "prefix".into(),
                info: option_facts(o),
                apply: None,
                boost: 0,
            },
            None => CompletionItem {
                label: o.name.to_string(),
                kind: if o.kind == Kind::Type { CompletionKind::Keyword } else { CompletionKind::Option },
                detail: kind_words(o.kind).into(),
                info: option_facts(o),
                apply: Some(format!("{}=", o.name)),
                boost: if o.kind == Kind::Type || o.required { 5 } else { 0 },
            },
        })
        .collect()
}

fn type_items(wizard_file: bool, version: AsteriskVersion) -> Vec<CompletionItem> {
    schema::TYPES
        .iter()
        .filter(|t| t.loaded_from_config && t.present_in.contains(version))
        .filter(|t| (t.name == "wizard") == wizard_file)
        .map(|t| CompletionItem {
            label: t.name.to_string(),
            kind: CompletionKind::ObjectType,
            detail: "object type".into(),
            info: explain_text(t.name, "").unwrap_or_default().to_string(),
            apply: None,
            boost: 0,
        })
        .collect()
}

fn value_items(analysis: &Loaded, option: &OptionSchema, wizard_target: Option<&str>) -> Vec<CompletionItem> {
    let target = option.references.map(|r| r.target).or(wizard_target);
    if let Some(target) = target {
        let mut names: Vec<CompletionItem> = analysis
            .objects()
            .iter()
            .filter(|o| o.type_name() == target)
            .map(|o| CompletionItem {
                label: o.id.clone(),
                kind: CompletionKind::ObjectName,
                detail: target.to_string(),
                info: String::new(),
                apply: None,
                boost: 0,
            })
            .collect();
        names.sort_by(|a, b| a.label.cmp(&b.label));
        return dedup(names);
    }
    let words: Vec<&str> = match option.kind {
        Kind::Bool => vec!["yes", "no"],
        Kind::Enum | Kind::EnumList | Kind::CodecList => option.enum_values.to_vec(),
        _ => Vec::new(),
    };
    words
        .into_iter()
        .map(|w| CompletionItem {
            label: w.to_string(),
            kind: CompletionKind::Value,
            detail: if w == option.default { "default".into() } else { String::new() },
            info: String::new(),
            apply: None,
            boost: if w == option.default { 1 } else { 0 },
        })
        .collect()
}

/// The option a key names in a section of `type_name` (wizard keys by prefix).
fn option_of(type_name: &str, key: &str) -> Option<&'static OptionSchema> {
    schema::type_schema(type_name)?.option(key)
}

/// The type a wizard `prefix/` writes to.
fn wizard_prefix_type(prefix: &str) -> &str {
    match prefix {
        "inbound_auth" | "outbound_auth" => "auth",
        other => other,
    }
}

/// For a wizard `endpoint/aors = …`-style key, the type its value names, if it is a reference.
fn wizard_key_target(type_name: &str, key: &str) -> Option<&'static str> {
    if type_name != "wizard" {
        return None;
    }
    let (head, option) = key.split_once('/')?;
    let ty = schema::type_schema(wizard_prefix_type(head))?;
    ty.option(option)?.references.map(|r| r.target)
}

/// The enclosing section's type: its own `type=` line, else what the analysis knows (templates).
fn section_type(analysis: &Loaded, spot: &Spot, wizard_file: bool) -> Option<String> {
    let name = spot.section.as_deref()?;
    if let Some(own) = &spot.own_type {
        return Some(own.clone());
    }
    analysis.sections().iter().filter(|s| s.name == name && (!wizard_file || is_wizard_file(&s.file))).find_map(|s| s.type_name.clone())
}

/// Whether a file (a tab name or a path) is the wizard's: its base name is `pjsip_wizard.conf`.
fn is_wizard_file(name: &str) -> bool {
    name.rsplit('/').next() == Some(pjsip_model::PJSIP_WIZARD_CONF)
}

fn dedup(mut items: Vec<CompletionItem>) -> Vec<CompletionItem> {
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| seen.insert(i.label.clone()));
    items
}

/// A value kind in plain words.
pub fn kind_words(kind: Kind) -> &'static str {
    match kind {
        Kind::Type => "object type",
        Kind::Bool => "yes/no",
        Kind::Uint => "whole number (0 or more)",
        Kind::Int => "whole number",
        Kind::Double => "number",
        Kind::String | Kind::Passthrough | Kind::Custom => "text",
        Kind::Enum => "one word from a fixed list",
        Kind::EnumList => "list of words from a fixed list",
        Kind::CodecList => "codec list",
        Kind::Ref => "name of another object",
        Kind::RefList => "names of other objects",
        Kind::Uri => "SIP URI",
        Kind::UriList => "list of SIP URIs",
        Kind::Host => "host name or IP address",
        Kind::HostPort => "address with optional port",
        Kind::HostPortList => "list of addresses",
        Kind::IpAclList => "IP addresses or networks",
        Kind::NamedAclList => "names of ACLs from acl.conf",
        Kind::MatchList => "IP addresses, networks or host names",
        Kind::HeaderMatch => "header: value",
        Kind::StringOrRegex => "text or /regex/",
        Kind::Regex => "regular expression",
        Kind::FilePath => "file path",
        Kind::Tos => "TOS/DSCP value",
        Kind::Callerid => "caller ID (\"Name\" <number>)",
        Kind::GroupList => "group numbers and ranges",
        Kind::StringList => "comma-separated list",
        Kind::KeyValue => "name=value",
        Kind::CodecPrefs => "codec preference",
        Kind::Digest | Kind::DigestList => "digest algorithm",
        Kind::SecurityMechanismList => "security mechanisms",
        Kind::DeprecatedNoop => "obsolete, ignored",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pjsip_model::Input;

    fn starts_with_ignore_case(label: &str, prefix: &str) -> bool {
        label.len() >= prefix.len() && label.is_char_boundary(prefix.len()) && label[..prefix.len()].eq_ignore_ascii_case(prefix)
    }

    fn at(text: &str) -> (String, usize) {
        let offset = text.find('|').expect("cursor marker");
        (text.replacen('|', "", 1), offset)
    }

    fn labels(text: &str) -> Vec<String> {
        let (text, offset) = at(text);
        let analysis = Loaded::new(&Input::single(text.clone()));
        // The editor filters by what is typed; do the same (prefix, any case) to compare.
        let Some(c) = complete(&analysis, "pjsip.conf", &text, offset) else { return Vec::new() };
        let typed = &text[c.from..offset];
        c.items.into_iter().map(|i| i.label).filter(|l| starts_with_ignore_case(l, typed)).collect()
    }

    #[test]
    fn offers_options_of_the_sections_type() {
        let got = labels("[6001]\ntype=endpoint\ndtmf|\n");
        assert!(got.contains(&"dtmf_mode".to_string()), "{got:?}");
        assert!(!got.contains(&"max_contacts".to_string()));
        let got = labels("[6001]\ntype=aor\nmax|\n");
        assert_eq!(got, vec!["maximum_expiration", "max_contacts"]);
    }

    #[test]
    fn offers_type_first_in_an_untyped_section() {
        assert_eq!(labels("[6001]\n|"), vec!["type"]);
        let got = labels("[6001]\ntype=end|\n");
        assert_eq!(got, vec!["endpoint"]);
    }

    #[test]
    fn offers_enum_words_and_object_names() {
        let got = labels("[6001]\ntype=endpoint\ndtmf_mode=rfc|\n");
        assert_eq!(got, vec!["rfc4733"]);
        let got = labels("[a1]\ntype=aor\n[a2]\ntype=aor\n[x]\ntype=auth\n[6001]\ntype=endpoint\naors=a1,|\n");
        assert_eq!(got, vec!["a1", "a2"]);
        let got = labels("[6001]\ntype=endpoint\ndirect_media=|\n");
        assert_eq!(got, vec!["yes", "no"]);
    }

    #[test]
    fn type_comes_from_templates_and_wizard_keys_complete() {
        let got = labels("[t](!)\ntype=aor\n[6001](t)\nmax|\n");
        assert_eq!(got, vec!["maximum_expiration", "max_contacts"]);
        let (text, offset) = at("[trunk]\ntype=wizard\nendpoint/dtmf|\n");
        let analysis = Loaded::new(&Input::single(""));
        let got = complete(&analysis, "pjsip_wizard.conf", &text, offset).unwrap();
        assert!(got.items.iter().any(|i| i.label == "endpoint/dtmf_mode"));
    }

    #[test]
    fn nothing_in_comments_and_templates_in_headers() {
        assert!(labels("[6001]\n; type|\n").is_empty());
        let got = labels("[phone](!)\ntype=endpoint\n[6001](ph|)\n");
        assert_eq!(got, vec!["phone"]);
    }

    #[test]
    fn hover_explains_options_and_references() {
        let text = "[6001]\ntype=endpoint\naors=6001\ndtmf_mode=inband\n[6001]\ntype=aor\n";
        let analysis = Loaded::new(&Input::single(text));
        let h = hover(&analysis, "pjsip.conf", text, text.find("dtmf").unwrap() + 2).unwrap();
        assert_eq!(h.title, "endpoint.dtmf_mode");
        assert!(h.paragraphs.iter().any(|p| p.contains("default `rfc4733`")), "{h:?}");
        let h = hover(&analysis, "pjsip.conf", text, text.find("aors=").unwrap() + 6).unwrap();
        assert!(h.paragraphs[0].contains("defined at pjsip.conf:5"), "{h:?}");
        let h = hover(&analysis, "pjsip.conf", text, 3).unwrap();
        assert!(h.paragraphs.iter().any(|p| p.contains("Loads as endpoint")));
    }

    #[test]
    fn never_panics_on_odd_offsets() {
        let text = "[é](ü\nkey=värde;x\n[\n=\n+=\n=>\n";
        let analysis = Loaded::new(&Input::single(text));
        for offset in 0..=text.len() + 2 {
            let _ = complete(&analysis, "pjsip.conf", text, offset);
            let _ = hover(&analysis, "pjsip.conf", text, offset);
        }
    }
}
