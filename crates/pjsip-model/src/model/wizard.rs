//! pjsip_wizard.conf: each `type=wizard` section expands into the objects it stands for
//! (`<name>`, `<name>-iauth`, `<name>-oauth`, `<name>-identify`, `<name>-reg-<n>`), with the
//! wizard's own settings appended after the prefixed ones so that they win (semantics, Wizard).
//!
//! Each object type is handled on its own, as Asterisk runs the wizard once per type load:
//! a failure of one generated object does not stop the others. An id that pjsip.conf already
//! has is served from pjsip.conf; the wizard's object is recorded as shadowed.

use std::borrow::Cow;

use pjsip_syntax::{Code, Config, FileSpan};

use crate::codes;

use crate::model::{build, raw_vars, Context, Ignored, Model, RawVar, Reason, Rejected, SettingOrigin, Shadowed, TemplateNames};
use crate::schema::{is_true_word, ObjectType};

const PREFIXES: &[(&str, &str)] = &[
    ("endpoint/", "endpoint"),
    ("aor/", "aor"),
    ("inbound_auth/", "iauth"),
    ("outbound_auth/", "oauth"),
    ("identify/", "identify"),
    ("registration/", "registration"),
    ("phoneprov/", "phoneprov"),
];

struct Wizard<'a> {
    name: String,
    header_at: FileSpan,
    vars: Vec<RawVar<'a>>,
    ctx: &'a Context<'a>,
}

impl<'a> Wizard<'a> {
    fn key(&self, key: &str) -> Option<&RawVar<'a>> {
        self.vars.iter().rev().find(|v| v.name.eq_ignore_ascii_case(key))
    }

    fn flag(&self, key: &str) -> bool {
        self.key(key).is_some_and(|v| is_true_word(&v.value))
    }

    /// Variables `prefix/x = v` turned into `x = v` for one generated object.
    fn prefixed(&self, target: &str) -> Vec<RawVar<'a>> {
        let prefix = PREFIXES.iter().find(|(_, t)| *t == target).map(|(p, _)| *p).unwrap_or("");
        self.vars
            .iter()
            .filter_map(|v| {
                // `get` rather than slicing: a key may hold non-ASCII text before the prefix
                // length, and cutting through a character would panic.
                let head = v.name.get(..prefix.len())?;
                let rest = v.name.get(prefix.len()..).filter(|rest| !rest.is_empty())?;
                head.eq_ignore_ascii_case(prefix).then(|| RawVar { name: Cow::Owned(rest.to_string()), ..v.clone() })
            })
            .collect()
    }

    /// A setting the wizard generates, placed at the key that caused it (else the header).
    fn generated(&self, name: &str, value: String, cause: Option<&RawVar<'_>>) -> RawVar<'a> {
        let (line_at, value_at) = cause.map(|c| (c.line_at, c.value_at)).unwrap_or((self.header_at, self.header_at));
        RawVar {
            name: Cow::Owned(name.to_string()),
            value: Cow::Owned(value),
            name_at: line_at,
            value_at,
            line_at,
            origin: SettingOrigin::Wizard(self.name.as_str().into()),
            source: None,
        }
    }

    fn remote_hosts(&self) -> Vec<String> {
        self.key("remote_hosts")
            .map(|v| v.value.split(',').map(|h| h.trim().to_string()).filter(|h| !h.is_empty()).collect())
            .unwrap_or_default()
    }

    fn pattern(&self, key: &str, default: &str) -> String {
        self.key(key).map(|v| v.value.to_string()).unwrap_or_else(|| default.to_string())
    }
}

/// Expands every wizard section of `config` into `model`.
pub fn expand(config: &Config, ctx: &Context<'_>, model: &mut Model) {
    let mut templates = TemplateNames::default();
    for (id, category) in config.visible_categories() {
        let first_type = crate::model::type_variable(config, category);
        let is_wizard = first_type.is_some_and(|v| config.var_value(v) == "wizard");
        if !is_wizard {
            model.ignored.push(Ignored {
                name: category.name.clone(),
                header_at: category.header_at,
                type_value: first_type.map(|v| (config.var_value(v).to_string(), config.var_value_at(v))),
                in_wizard_file: true,
            });
            continue;
        }
        let mut vars = raw_vars(config, id.0 as usize, &mut templates);
        let origin = SettingOrigin::Wizard(category.name.as_str().into());
        for v in &mut vars {
            if v.origin == SettingOrigin::Own {
                v.origin = origin.clone();
            }
        }
        let wizard = Wizard { name: category.name.clone(), header_at: category.header_at, vars, ctx };
        for (object_type, id, result) in generate(&wizard) {
            add(model, &wizard, object_type, id, result);
        }
    }
}

type Generated<'a> = (ObjectType, String, Result<Vec<RawVar<'a>>, Reason>);

fn generate<'a>(w: &Wizard<'a>) -> Vec<Generated<'a>> {
    let name = &w.name;
    let hosts = w.remote_hosts();
    let mut out: Vec<Generated<'a>> = Vec::new();
    let missing = |code: Code, message: String, log: &'static str| Reason::Wizard { code, message, log, at: w.header_at };

    for (flag, target, suffix, key) in
        [("accepts_auth", "iauth", "-iauth", "inbound_auth/username"), ("sends_auth", "oauth", "-oauth", "outbound_auth/username")]
    {
        if !w.flag(flag) {
            continue;
        }
        let mut vars = w.prefixed(target);
        let result = if !vars.iter().any(|v| v.name.eq_ignore_ascii_case("username")) {
            Err(missing(codes::WIZARD_INCOMPLETE, format!("{flag}=yes needs `{key}`"), "must have"))
        } else {
            if !vars.iter().any(|v| v.name.eq_ignore_ascii_case("auth_type")) {
                vars.insert(0, w.generated("auth_type", "userpass".into(), w.key(flag)));
            }
            Ok(vars)
        };
        out.push((ObjectType::Auth, format!("{name}{suffix}"), result));
    }

    // AOR.
    let mut aor = w.prefixed("aor");
    if !aor.iter().any(|v| v.name.eq_ignore_ascii_case("contact")) {
        let pattern = w.pattern("contact_pattern", "sip:${REMOTE_HOST}");
        for host in &hosts {
            aor.push(w.generated("contact", pattern.replace("${REMOTE_HOST}", host), w.key("remote_hosts")));
        }
    }
    if let Some(proxy) = w.key("outbound_proxy") {
        aor.push(w.generated("outbound_proxy", proxy.value.to_string(), Some(proxy)));
    }
    out.push((ObjectType::Aor, name.clone(), Ok(aor)));

    // Endpoint.
    let mut endpoint = w.prefixed("endpoint");
    endpoint.push(w.generated("aors", name.clone(), None));
    if w.flag("accepts_auth") {
        endpoint.push(w.generated("auth", format!("{name}-iauth"), w.key("accepts_auth")));
    }
    if w.flag("sends_auth") {
        endpoint.push(w.generated("outbound_auth", format!("{name}-oauth"), w.key("sends_auth")));
    }
    for key in ["transport", "outbound_proxy"] {
        if let Some(v) = w.key(key) {
            endpoint.push(w.generated(key, v.value.to_string(), Some(v)));
        }
    }
    out.push((ObjectType::Endpoint, name.clone(), Ok(endpoint)));

    // Identify, unless the peer registers to us or we send a line.
    if !w.flag("accepts_registrations") && !w.flag("sends_line_with_registrations") {
        let mut identify = w.prefixed("identify");
        let result = if hosts.is_empty() {
            Err(missing(
                codes::WIZARD_INCOMPLETE,
                "without accepts_registrations the wizard needs `remote_hosts`".into(),
                "must have 'remote_hosts'",
            ))
        } else {
            identify.push(w.generated("endpoint", name.clone(), None));
            if !identify.iter().any(|v| v.name.eq_ignore_ascii_case("match")) {
                for host in &hosts {
                    identify.push(w.generated("match", host.clone(), w.key("remote_hosts")));
                }
            }
            Ok(identify)
        };
        out.push((ObjectType::Identify, format!("{name}-identify"), result));
    }

    // Registrations, one per remote host.
    if w.flag("sends_registrations") {
        if hosts.is_empty() {
            out.push((
                ObjectType::Registration,
                format!("{name}-reg-0"),
                Err(missing(
                    codes::WIZARD_INCOMPLETE,
                    "sends_registrations=yes needs `remote_hosts`".into(),
                    "must have 'remote_hosts' if it sends registrations",
                )),
            ));
        }
        let username = if w.flag("sends_auth") {
            w.vars
                .iter()
                .rev()
                .find(|v| v.name.eq_ignore_ascii_case("outbound_auth/username"))
                .map(|v| v.value.to_string())
                .unwrap_or_else(|| name.clone())
        } else {
            name.clone()
        };
        let server_pattern = w.pattern("server_uri_pattern", "sip:${REMOTE_HOST}");
        let client_pattern = w.pattern("client_uri_pattern", "sip:${USERNAME}@${REMOTE_HOST}");
        for (n, host) in hosts.iter().enumerate() {
            let mut reg = w.prefixed("registration");
            reg.push(w.generated("server_uri", server_pattern.replace("${REMOTE_HOST}", host), w.key("remote_hosts")));
            reg.push(w.generated(
                "client_uri",
                client_pattern.replace("${USERNAME}", &username).replace("${REMOTE_HOST}", host),
                w.key("remote_hosts"),
            ));
            if w.flag("sends_auth") {
                reg.push(w.generated("outbound_auth", format!("{name}-oauth"), w.key("sends_auth")));
            }
            for key in ["transport", "outbound_proxy"] {
                if let Some(v) = w.key(key) {
                    reg.push(w.generated(key, v.value.to_string(), Some(v)));
                }
            }
            if w.flag("sends_line_with_registrations") {
                let cause = w.key("sends_line_with_registrations");
                reg.push(w.generated("line", "yes".into(), cause));
                reg.push(w.generated("endpoint", name.clone(), cause));
            }
            out.push((ObjectType::Registration, format!("{name}-reg-{n}"), Ok(reg)));
        }
    }
    out
}

fn add(model: &mut Model, w: &Wizard<'_>, object_type: ObjectType, id: String, result: Result<Vec<RawVar<'_>>, Reason>) {
    let schema = object_type.schema();
    let rejected = |reason| Rejected { object_type, id: id.clone(), header_at: w.header_at, wizard: Some(w.name.clone()), reason };
    let vars = match result {
        Ok(vars) => vars,
        Err(reason) => {
            model.rejected.push(rejected(reason));
            return;
        }
    };
    if let Some(existing) = model.find(object_type, &id) {
        let config_at = existing.header_at;
        model.shadowed.push(Shadowed { object_type, id, wizard: w.name.clone(), wizard_at: w.header_at, config_at });
        return;
    }
    match build(schema, &id, w.header_at, &vars, w.ctx) {
        Ok(mut object) => {
            object.wizard = Some(w.name.clone());
            model.objects.push(object);
        }
        Err(reason) => model.rejected.push(rejected(reason)),
    }
}
