//! Look-up tables built once per loaded configuration so one simulated request costs a few hash
//! look-ups, not scans over thousands of objects: objects by type and id, identify sections in
//! the order Asterisk walks them, the global settings, the dialplan and the named ACLs.

use pjsip_model::ObjectType;
use std::collections::HashMap;

use pjsip_syntax::{Config, FileSpan};

use super::pattern::{exten_cmp, exten_match, ExtenMatch};
use pjsip_model::model::{Model, Object};
use pjsip_model::schema::type_schema;
use pjsip_model::values::TextMatch;

/// Indexes over one analysis.
#[derive(Debug, Default)]
pub struct Index {
    /// type → id → object index.
    by_type_id: HashMap<ObjectType, HashMap<String, usize>>,
    /// Identify objects sorted by id, byte-wise (the order `common_identify` walks them).
    pub identifies: Vec<usize>,
    /// Global `type=acl` objects, in load order.
    pub acls: Vec<usize>,
    /// Transport objects, in load order.
    pub transports: Vec<usize>,
    pub global: Option<usize>,
    pub dialplan: Option<Dialplan>,
    /// Without an `extensions.conf`: the contexts the simulator assumes exist (`default` and
    /// every context an endpoint names), each taking any extension.
    pub assumed_contexts: std::collections::HashSet<String>,
    /// Named ACLs of acl.conf: name → rules as written (`permit`/`deny`, value, line).
    pub named_acls: HashMap<String, Vec<(bool, String, FileSpan)>>,
    /// Why Asterisk could not load acl.conf, and where: then no named ACL is available and an
    /// `acl=` naming one restricts nothing (`None`: acl.conf loaded, or was not given).
    pub acl_conf_unavailable: Option<(String, Option<FileSpan>)>,
    /// Each identify's `match_header` (header name and compiled value) and `match_request_uri`,
    /// compiled once here rather than on every request. Keyed by object index.
    pub header_matches: HashMap<usize, (String, TextMatch)>,
    pub request_uri_matches: HashMap<usize, TextMatch>,
}

impl Index {
    /// The tables of one loaded configuration.
    pub fn build(loaded: &pjsip_model::Loaded) -> Index {
        Index::from_parts(&loaded.model, loaded.extensions.as_ref(), loaded.acl_conf.as_ref())
    }

    fn from_parts(model: &Model, extensions: Option<&Config>, acl_conf: Option<&Config>) -> Index {
        let mut index = Index::default();
        for (i, object) in model.objects.iter().enumerate() {
            // The first object of a type and id is the one sorcery serves.
            index.by_type_id.entry(object.object_type).or_default().entry(object.id.clone()).or_insert(i);
            match object.object_type {
                ObjectType::Identify => {
                    index.identifies.push(i);
                    // Objects whose expressions do not compile were dropped at load, so the
                    // errors here are only for the unset (empty) options.
                    let header = object.value("match_header");
                    if let Ok((name, matcher)) = pjsip_model::values::match_header(header) {
                        index.header_matches.insert(i, (name.to_string(), matcher));
                    }
                    let uri = object.value("match_request_uri");
                    if let (false, Ok(matcher)) = (uri.is_empty(), pjsip_model::values::match_request_uri(uri)) {
                        index.request_uri_matches.insert(i, matcher);
                    }
                }
                ObjectType::Acl => index.acls.push(i),
                ObjectType::Transport => index.transports.push(i),
                // The last global is applied last and is the one in force.
                ObjectType::Global => index.global = Some(i),
                _ => {}
            }
        }
        index.identifies.sort_by(|&a, &b| model.objects[a].id.as_bytes().cmp(model.objects[b].id.as_bytes()));
        index.dialplan = extensions.map(Dialplan::from_config);
        if index.dialplan.is_none() {
            index.assumed_contexts = assumed_contexts(model);
        }
        match acl_conf {
            Some(config) if config.is_rejected() => {
                index.acl_conf_unavailable = Some(("acl.conf could not be parsed".into(), None));
            }
            Some(config) => index.read_named_acls(config),
            None => {}
        }
        index
    }

    /// The named ACLs of a parsed acl.conf. Asterisk loads the file as a whole: one option it
    /// does not know, or one `permit`/`deny` value it cannot read, and no named ACL is loaded.
    fn read_named_acls(&mut self, config: &Config) {
        for (_, category) in config.visible_categories() {
            // `[general]` (any case) is not a named ACL; Asterisk skips it.
            if category.name.eq_ignore_ascii_case("general") {
                continue;
            }
            let rules = self.named_acls.entry(category.name.clone()).or_default();
            for var in &category.variables {
                let (name, value, at) = (config.var_name(var).to_ascii_lowercase(), config.var_value(var), config.var_line_at(var));
                let broken = match name.as_str() {
                    "permit" | "deny" => pjsip_model::ha::parse_acl_line(value).err(),
                    _ => Some(format!("`{}` is not an acl.conf option", config.var_name(var))),
                };
                if let Some(why) = broken {
                    self.acl_conf_unavailable = Some((format!("acl.conf, ACL `{}`: {why}", category.name), Some(at)));
                    self.named_acls.clear();
                    return;
                }
                rules.push((name == "permit", value.to_string(), at));
            }
        }
    }

    pub fn object<'m>(&self, model: &'m Model, object_type: ObjectType, id: &str) -> Option<&'m Object> {
        self.by_type_id.get(&object_type)?.get(id).map(|&i| &model.objects[i])
    }
}

/// The contexts a configuration without a dialplan is assumed to have: `default` plus every
/// `context`, `message_context` and `subscribe_context` an endpoint names.
fn assumed_contexts(model: &Model) -> std::collections::HashSet<String> {
    let mut contexts = std::collections::HashSet::from(["default".to_string()]);
    for object in model.objects.iter().filter(|o| o.object_type == ObjectType::Endpoint) {
        for option in ["context", "message_context", "subscribe_context"] {
            let name = object.value(option);
            if !name.is_empty() {
                contexts.insert(name.to_string());
            }
        }
    }
    contexts
}

/// A global setting: the `[global]` object's effective value, else the registered default.
pub fn global_value<'m>(index: &Index, model: &'m Model, option: &str) -> (&'m str, Vec<FileSpan>) {
    if let Some(global) = index.global.map(|i| &model.objects[i]) {
        if let Some(value) = global.get(option) {
            return (value.value.as_str(), value.set_by.iter().map(|s| s.at).collect());
        }
    }
    let default = type_schema("global").and_then(|t| t.option(option)).map_or("", |o| o.default);
    (default, Vec::new())
}

/// The lines that set `option` on `object`, or its header when the default stands.
pub fn option_spans(object: &Object, option: &str) -> Vec<FileSpan> {
    match object.get(option) {
        Some(value) if !value.set_by.is_empty() => value.set_by.iter().map(|s| s.at).collect(),
        _ => vec![object.header_at],
    }
}

/// Items of a comma-separated list value, trimmed, empty ones dropped.
pub fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// Whether a yes/no option is on (Asterisk's `ast_true`).
pub fn is_true(value: &str) -> bool {
    pjsip_model::schema::is_true_word(value.trim())
}

/// The dialplan of an `extensions.conf`: contexts with their extensions and includes.
#[derive(Debug, Default)]
pub struct Dialplan {
    contexts: HashMap<String, Context>,
}

#[derive(Debug, Default)]
struct Context {
    at: Option<FileSpan>,
    /// Extension as written, its first line, and the applications of all its priorities.
    extensions: Vec<(String, FileSpan, Vec<String>)>,
    includes: Vec<String>,
    /// `exten => name,hint,…` lines: the extensions a presence subscription may watch.
    hints: Vec<(String, FileSpan)>,
    /// `switch =>` lines: other dialplans Asterisk asks, which pjsip-lab does not model.
    switches: Vec<(String, FileSpan)>,
}

/// What the dialplan says about one extension in one context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    Found {
        at: FileSpan,
        answers: bool,
    },
    /// Not there, but a longer number could be (`canmatch`).
    Partial,
    Missing,
    NoContext,
}

impl Dialplan {
    fn from_config(config: &Config) -> Dialplan {
        let mut dialplan = Dialplan::default();
        for (_, category) in config.visible_categories() {
            let context = dialplan.contexts.entry(category.name.clone()).or_default();
            context.at.get_or_insert(category.header_at);
            let mut last: Option<usize> = None;
            for var in &category.variables {
                let name = config.var_name(var).to_ascii_lowercase();
                let value = config.var_value(var);
                match name.as_str() {
                    "exten" => {
                        let mut parts = value.splitn(3, ',');
                        let exten = parts.next().unwrap_or("").trim().to_string();
                        let priority = parts.next().unwrap_or("").trim();
                        let app = parts.next().unwrap_or("").trim().to_string();
                        if priority.eq_ignore_ascii_case("hint") {
                            context.hints.push((exten, config.var_line_at(var)));
                            continue;
                        }
                        match context.extensions.iter().position(|e| e.0 == exten) {
                            Some(i) => {
                                context.extensions[i].2.push(app);
                                last = Some(i);
                            }
                            None => {
                                context.extensions.push((exten, config.var_line_at(var), vec![app]));
                                last = Some(context.extensions.len() - 1);
                            }
                        }
                    }
                    "same" => {
                        if let Some(i) = last {
                            let app = value.split_once(',').map_or("", |(_, app)| app).trim().to_string();
                            context.extensions[i].2.push(app);
                        }
                    }
                    "include" => context.includes.push(value.trim().to_string()),
                    "switch" => context.switches.push((value.trim().to_string(), config.var_line_at(var))),
                    _ => {}
                }
            }
        }
        dialplan
    }

    /// Looks `exten` up in `context` and the contexts it includes.
    pub fn lookup(&self, context: &str, exten: &str) -> Lookup {
        if !self.contexts.contains_key(context) {
            return Lookup::NoContext;
        }
        let mut seen = std::collections::HashSet::new();
        self.lookup_in(context, exten, &mut seen)
    }

    /// The line of the hint for `exten` in `context` or a context it includes, if any.
    pub fn hint(&self, context: &str, exten: &str) -> Option<FileSpan> {
        let mut pending = vec![context];
        let mut seen = std::collections::HashSet::new();
        while let Some(name) = pending.pop() {
            let Some(ctx) = self.contexts.get(name).filter(|_| seen.insert(name)) else { continue };
            if let Some((_, at)) = ctx.hints.iter().find(|(name, _)| exten_match(name, exten) == ExtenMatch::Full) {
                return Some(*at);
            }
            pending.extend(ctx.includes.iter().map(String::as_str));
        }
        None
    }

    /// The `switch =>` targets of `context` and the contexts it includes (not modelled: a call
    /// not found here could still be found through them).
    pub fn switches(&self, context: &str) -> Vec<(String, FileSpan)> {
        let mut out = Vec::new();
        let mut pending = vec![context];
        let mut seen = std::collections::HashSet::new();
        while let Some(name) = pending.pop() {
            let Some(ctx) = self.contexts.get(name).filter(|_| seen.insert(name)) else { continue };
            out.extend(ctx.switches.iter().cloned());
            pending.extend(ctx.includes.iter().map(String::as_str));
        }
        out
    }

    fn lookup_in<'a>(&'a self, context: &'a str, exten: &str, seen: &mut std::collections::HashSet<&'a str>) -> Lookup {
        let Some(ctx) = self.contexts.get(context) else { return Lookup::Missing };
        if !seen.insert(context) {
            return Lookup::Missing;
        }
        let mut partial = false;
        // The first matching extension in Asterisk's order (literal before pattern, the more
        // specific pattern first), not the first written.
        let best = ctx
            .extensions
            .iter()
            .filter(|(name, _, _)| match exten_match(name, exten) {
                ExtenMatch::Full => true,
                ExtenMatch::Partial => {
                    partial = true;
                    false
                }
                ExtenMatch::No => false,
            })
            .min_by(|a, b| exten_cmp(&a.0, &b.0));
        if let Some((_, at, apps)) = best {
            let answers = apps.iter().any(|a| a.to_ascii_lowercase().starts_with("answer"));
            return Lookup::Found { at: *at, answers };
        }
        for include in &ctx.includes {
            match self.lookup_in(include, exten, seen) {
                found @ Lookup::Found { .. } => return found,
                Lookup::Partial => partial = true,
                _ => {}
            }
        }
        if partial {
            Lookup::Partial
        } else {
            Lookup::Missing
        }
    }
}
