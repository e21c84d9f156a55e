//! From loaded sections to objects: the type of each section, whole-type failures, every
//! variable through its option's rules (once per template combination, see [`Builder`]), the
//! apply checks, and transports that cannot open their socket.
use crate::ObjectType;

use std::collections::HashMap;

use pjsip_syntax::{Config, FileSpan, Origin};

use super::{raw_var, Context, Ignored, Model, Object, OddLine, RawVar, Reason, Rejected, Setting, Stored, TemplateNames};
use crate::codes;
use crate::schema::{self, Empty, Kind, Repeat, TypeSchema};
use crate::value_text::ValueText;
use crate::values;

/// Resolves the loaded configuration (and the wizard file) into objects.
pub fn resolve(config: &Config, wizard: Option<&Config>, ctx: &Context<'_>) -> Model {
    resolve_sharing(config, wizard, ctx, true)
}

/// [`resolve`], with the sharing of template work switchable so that tests can hold the shared
/// build to the plain one.
pub fn resolve_sharing(config: &Config, wizard: Option<&Config>, ctx: &Context<'_>, share_templates: bool) -> Model {
    let mut model = Model::default();
    if !config.is_rejected() {
        resolve_pjsip_conf(config, ctx, &mut model, share_templates);
    }
    if let Some(wizard) = wizard {
        if !wizard.is_rejected() {
            crate::model::wizard::expand(wizard, ctx, &mut model);
        }
    }
    model
}

fn section_type(config: &Config, index: usize, ctx: &Context<'_>) -> Result<&'static TypeSchema, Option<(String, FileSpan)>> {
    let category = &config.categories[index];
    let first_type = super::type_variable(config, category);
    match first_type {
        Some(v) => {
            let value = config.var_value(v);
            match schema::pjsip_conf_type(value) {
                Some(t) if t.name != "phoneprov" || ctx.env.phoneprov_loaded => Ok(t),
                _ => Err(Some((value.to_string(), config.var_value_at(v)))),
            }
        }
        None => {
            // Explicit-name types: the section is literally `global`/`system` and every
            // option in it is one of that type's.
            let explicit = schema::pjsip_conf_types().find(|t| t.explicit_name == Some(category.name.as_str()));
            match explicit {
                Some(t) if category.variables.iter().all(|v| t.option(config.var_name(v)).is_some()) => Ok(t),
                _ => Err(None),
            }
        }
    }
}

fn resolve_pjsip_conf(config: &Config, ctx: &Context<'_>, model: &mut Model, share_templates: bool) {
    // Sections per type, in file order.
    let mut by_type: Vec<(&'static TypeSchema, Vec<usize>)> = Vec::new();
    for (id, category) in config.visible_categories() {
        let index = id.0 as usize;
        match section_type(config, index, ctx) {
            Ok(t) => match by_type.iter_mut().find(|(s, _)| s.name == t.name) {
                Some((_, list)) => list.push(index),
                None => by_type.push((t, vec![index])),
            },
            Err(type_value) => model.ignored.push(Ignored {
                name: category.name.clone(),
                header_at: category.header_at,
                type_value,
                in_wizard_file: false,
            }),
        }
    }

    // Objects by section index: built type by type, listed in file order (no sort moving them).
    let mut built: Vec<Option<Object>> = Vec::new();
    built.resize_with(config.categories.len(), || None);
    let mut templates = TemplateNames::default();
    let mut builder = Builder::new(ctx, share_templates);
    for (schema, indices) in &by_type {
        if let Some(failure) = type_failure(config, schema, indices) {
            for &i in indices {
                let category = &config.categories[i];
                let reason = match failure.get(&i) {
                    Some(r) => r.clone(),
                    None => Reason::TypeNotLoaded {
                        because_of: failure.keys().min().map(|&k| config.categories[k].name.clone()).unwrap_or_default(),
                        at: failure.keys().min().map(|&k| config.categories[k].name_at).unwrap_or(category.name_at),
                    },
                };
                model.rejected.push(rejected(schema, category, reason));
            }
            continue;
        }
        for &i in indices {
            match builder.section(config, i, schema, &mut templates) {
                Ok(object) => built[i] = Some(object),
                Err(reason) => model.rejected.push(rejected(schema, &config.categories[i], reason)),
            }
        }
    }
    model.odd_lines = builder.odd_lines;
    model.built_sections = built.iter().enumerate().filter(|(_, o)| o.is_some()).map(|(i, _)| i as u32).collect();
    model.objects.extend(built.into_iter().flatten());
    reject_bind_conflicts(model);
    auths_take_global_algorithms(model);
}

/// An auth without its own `supported_algorithms_uac`/`_uas` takes the global defaults when it
/// is applied (`default_auth_algorithms_uac`/`_uas`), with the global line as its provenance.
fn auths_take_global_algorithms(model: &mut Model) {
    use crate::schema::slot::{auth as au, global};
    let Some(global) = model.settings(ObjectType::Global) else { return };
    let inherited: Vec<_> = [
        (au::SUPPORTED_ALGORITHMS_UAC, global::DEFAULT_AUTH_ALGORITHMS_UAC),
        (au::SUPPORTED_ALGORITHMS_UAS, global::DEFAULT_AUTH_ALGORITHMS_UAS),
    ]
    .into_iter()
    .filter_map(|(own, from)| global.at(from).filter(|v| !v.is_default()).map(|v| (own, v.clone())))
    .collect();
    if inherited.is_empty() {
        return;
    }
    for auth in model.objects.iter_mut().filter(|o| o.object_type == ObjectType::Auth) {
        for (own, from) in &inherited {
            if auth.at(*own).is_some_and(|v| v.is_default()) {
                if let Some(value) = auth.at_mut(*own) {
                    value.value = from.value.clone();
                    value.set_by = from.set_by.clone();
                }
            }
        }
    }
}

/// The object of pjsip.conf section `category` that Asterisk does not create, and why.
fn rejected(schema: &TypeSchema, category: &pjsip_syntax::Category, reason: Reason) -> Rejected {
    Rejected { object_type: schema.object_type(), id: category.name.clone(), header_at: category.header_at, wizard: None, reason }
}

/// Duplicate ids or extra singletons: the sections that cause the whole type to fail.
fn type_failure(config: &Config, schema: &TypeSchema, indices: &[usize]) -> Option<HashMap<usize, Reason>> {
    let mut failure = HashMap::new();
    // Sorcery sizes its table by the number of sections, rounded down to a number its prime
    // test accepts; its test calls 2 not prime, so two sections pass (both objects load) and
    // three or more fail the type.
    if schema.single_object && indices.len() > 2 {
        let first = config.categories[indices[0]].name_at;
        for &i in &indices[1..] {
            failure.insert(i, Reason::TooManySingletons { other: first });
        }
        failure.insert(indices[0], Reason::TooManySingletons { other: config.categories[indices[1]].name_at });
        return Some(failure);
    }
    let mut seen: pjsip_syntax::fast_hash::FastMap<&str, usize> =
        pjsip_syntax::fast_hash::FastMap::with_capacity_and_hasher(indices.len(), Default::default());
    for &i in indices {
        match seen.entry(config.categories[i].name.as_str()) {
            std::collections::hash_map::Entry::Occupied(first) => {
                let first = *first.get();
                failure.insert(i, Reason::DuplicateId { other: config.categories[first].name_at });
                failure.entry(first).or_insert(Reason::DuplicateId { other: config.categories[i].name_at });
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(i);
            }
        }
    }
    (!failure.is_empty()).then_some(failure)
}

/// Builds one object: registered defaults, then every variable in order through its
/// option's rules, then the type's apply checks.
pub fn build(schema: &'static TypeSchema, id: &str, header_at: FileSpan, vars: &[RawVar<'_>], ctx: &Context<'_>) -> Result<Object, Reason> {
    let mut state = ObjectState::new(vars.len());
    for var in vars {
        state.apply(schema, var, ctx, None)?;
    }
    state.finish(schema, id, header_at, ctx)
}

/// An object while its variables are applied: the stored values and the codec list that
/// `allow`/`disallow` lines edit together. Cloned as a whole to reuse a template's work.
#[derive(Clone, Debug)]
struct ObjectState {
    stored: Stored,
    codecs: Vec<&'static str>,
}

impl ObjectState {
    fn new(capacity: usize) -> ObjectState {
        // Roughly one stored value per line: no regrowth while building.
        ObjectState { stored: Stored::with_capacity(capacity), codecs: Vec::new() }
    }

    /// Applies one variable the way its option's handler does, or says why the object fails.
    /// Lines worth a lint are added to `odd` when given.
    fn apply(
        &mut self,
        schema: &'static TypeSchema,
        var: &RawVar<'_>,
        ctx: &Context<'_>,
        odd: Option<&mut Vec<OddLine>>,
    ) -> Result<(), Reason> {
        let Some((option, position)) = schema.option_and_position(&var.name) else {
            return Err(Reason::UnknownOption { name: var.name.to_string(), at: var.name_at, known_in: schema::Releases(0) });
        };
        if !option.present_in.contains(ctx.version) {
            return Err(Reason::UnknownOption { name: var.name.to_string(), at: var.name_at, known_in: option.present_in });
        }
        if option.kind == Kind::Type {
            return Ok(());
        }
        if let Err(problem) = values::check(schema.object_type(), option, &var.value, ctx.env, ctx.input_files) {
            return Err(Reason::InvalidValue { name: var.name.to_string(), value: var.value.to_string(), at: var.value_at, problem });
        }
        if let Some(odd) = odd.filter(|_| OddLine::applies(option, &var.name, &var.value)) {
            odd.push(OddLine {
                option,
                name: var.name.to_string(),
                value: var.value.to_string(),
                name_at: var.name_at,
                value_at: var.value_at,
            });
        }
        let setting = Setting { at: var.line_at, value_at: var.value_at, origin: var.origin.clone() };
        let slot = if option.name_prefix.is_some() {
            self.stored.prefixed(schema, &var.name)
        } else {
            match option.alias_of.map_or(position, |target| schema.value_position(target)) {
                Some(slot) => slot as u32,
                None => return Ok(()),
            }
        };
        if var.value.is_empty() {
            match option.empty {
                Empty::Ignored => return Ok(()),
                Empty::False => {
                    self.stored.set(schema, slot, ValueText::from("no"), setting);
                    return Ok(());
                }
                _ => {}
            }
        }
        if option.kind == Kind::CodecList {
            apply_codecs(&mut self.codecs, option.name.eq_ignore_ascii_case("disallow"), &var.value, option.enum_values);
            if let Some(allow) = schema.value_position("allow") {
                let allow = self.stored.find_mut(schema, allow as u32);
                allow.value = self.codecs.join(",").into();
                allow.set_by.push(setting);
            }
            return Ok(());
        }
        let accumulates = option.repeat == Repeat::Accumulates && !var.value.is_empty();
        if accumulates && self.stored.find(slot).is_some_and(|value| !value.is_default() && !value.value.is_empty()) {
            let value = self.stored.find_mut(schema, slot);
            value.value.push(',');
            value.value.push_str(&var.value);
            value.set_by.push(setting);
            return Ok(());
        }
        self.stored.set(schema, slot, var.value_text(), setting);
        Ok(())
    }

    /// The object, once the type's apply checks pass.
    fn finish(self, schema: &'static TypeSchema, id: &str, header_at: FileSpan, ctx: &Context<'_>) -> Result<Object, Reason> {
        let mut object = Object::new(schema, id, header_at);
        object.stored = self.stored;
        crate::model::apply::check(&mut object, ctx)?;
        Ok(object)
    }
}

/// The inherited lines (file, line index) of a template combination and the object state
/// after them.
type Prefix = (Vec<(u32, u32)>, Result<ObjectState, Reason>);

/// Builds the objects of pjsip.conf sections, reusing the work done for a run of template
/// lines: every section made from the same templates starts with the same inherited
/// variables (Asterisk copies them before the section's own), so the state after them is
/// computed once per template combination and cloned. A 10,000-phone office built from one
/// `[phone](!)` template checks the template's lines once instead of 10,000 times.
struct Builder<'c> {
    ctx: &'c Context<'c>,
    /// Keyed by the type and a hash of the inherited lines; the entry keeps the lines (file,
    /// line index) to tell a hash collision from a hit.
    prefixes: pjsip_syntax::fast_hash::FastMap<(usize, u64), Prefix>,
    /// Off only in tests, to compare with building every section from scratch.
    share_templates: bool,
    odd_lines: Vec<OddLine>,
}

impl<'c> Builder<'c> {
    fn new(ctx: &'c Context<'c>, share_templates: bool) -> Builder<'c> {
        Builder { ctx, prefixes: Default::default(), share_templates, odd_lines: Vec::new() }
    }

    /// The object of section `index`, or why Asterisk does not create it.
    fn section(
        &mut self,
        config: &Config,
        index: usize,
        schema: &'static TypeSchema,
        templates: &mut TemplateNames,
    ) -> Result<Object, Reason> {
        use std::hash::{Hash, Hasher};
        let category = &config.categories[index];
        let variables = &category.variables;
        // The leading inherited lines (an appended `+=` value is the section's own: not shared).
        let inherited = variables.iter().take_while(|v| matches!(v.origin, Origin::Inherited { .. }) && v.appended.is_none()).count();
        let lines = || variables[..inherited].iter().map(|v| (v.file.0, v.line));
        let mut state = None;
        if inherited > 0 && self.share_templates {
            let mut hasher = pjsip_syntax::fast_hash::FastHasher::default();
            lines().for_each(|line| line.hash(&mut hasher));
            let key = (schema.index, hasher.finish());
            let entry = self.prefixes.entry(key).or_insert_with(|| {
                let mut state = ObjectState::new(variables.len());
                let result = variables[..inherited]
                    .iter()
                    .try_for_each(|v| state.apply(schema, &raw_var(config, v, templates), self.ctx, Some(&mut self.odd_lines)))
                    .map(|()| {
                        state.stored.share();
                        state
                    });
                (lines().collect(), result)
            });
            if entry.0.iter().copied().eq(lines()) {
                let mut cached = entry.1.clone()?;
                cached.stored.own.reserve(variables.len() - inherited);
                state = Some(cached);
            }
        }
        let (mut state, rest) = match state {
            Some(state) => (state, &variables[inherited..]),
            None => (ObjectState::new(variables.len()), &variables[..]),
        };
        for variable in rest {
            state.apply(schema, &raw_var(config, variable, templates), self.ctx, Some(&mut self.odd_lines))?;
        }
        state.finish(schema, &category.name, category.header_at, self.ctx)
    }
}

/// The single codec list `allow` and `disallow` share, updated by one line. Names are the
/// registered (lower-case) codec names: the value check already refused any other. A list in
/// parentheses (the way Asterisk prints one) starts from nothing for `allow` and from every
/// codec for `disallow`; `all` adds the codecs not yet listed after the ones that are.
fn apply_codecs(codecs: &mut Vec<&'static str>, disallow: bool, value: &str, known: &'static [&'static str]) {
    let every = || known.iter().copied().filter(|c| !matches!(*c, "all" | "none"));
    let add_every = |codecs: &mut Vec<&'static str>| {
        for codec in every() {
            if !codecs.contains(&codec) {
                codecs.push(codec);
            }
        }
    };
    let value = match value.strip_prefix('(').and_then(|v| v.strip_suffix(')')) {
        Some(inner) => {
            if disallow {
                add_every(codecs);
            } else {
                codecs.clear();
            }
            inner
        }
        None => value,
    };
    for item in values::split_any(value, ",|") {
        let negated = item.starts_with('!');
        let written = values::codec_name(item);
        let Some(&name) = known.iter().find(|c| c.eq_ignore_ascii_case(written)) else { continue };
        let add = disallow == negated;
        if name == "all" {
            if add {
                add_every(codecs);
            } else {
                codecs.clear();
            }
        } else if add {
            if !codecs.contains(&name) {
                codecs.push(name);
            }
        } else {
            codecs.retain(|c| *c != name);
        }
    }
}

/// Two transports on the same protocol family, address and port: the second cannot open its
/// socket (`could not be started`) and is dropped.
fn reject_bind_conflicts(model: &mut Model) {
    use std::net::IpAddr;
    // Two sockets of one protocol family on one port clash when their addresses are equal or
    // either is the wildcard of the same IP version (0.0.0.0 takes 127.0.0.1's port too). The
    // first of each kind is remembered: one look-up per transport.
    let mut exact: pjsip_syntax::fast_hash::FastMap<(&'static str, IpAddr, u16), FileSpan> = Default::default();
    let mut wildcard: pjsip_syntax::fast_hash::FastMap<(&'static str, bool, u16), FileSpan> = Default::default();
    let mut specific: pjsip_syntax::fast_hash::FastMap<(&'static str, bool, u16), FileSpan> = Default::default();
    let mut dropped = Vec::new();
    for (i, object) in model.objects.iter().enumerate().filter(|(_, o)| o.object_type == ObjectType::Transport) {
        let Some((family, ip, port)) = crate::model::apply::bind_socket(object) else { continue };
        let version = (family, ip.is_ipv6(), port);
        let clash = if ip.is_unspecified() {
            wildcard.get(&version).or_else(|| specific.get(&version))
        } else {
            exact.get(&(family, ip, port)).or_else(|| wildcard.get(&version))
        };
        match clash {
            Some(first_at) => dropped.push((i, *first_at)),
            None => {
                let at = object.header_at;
                if ip.is_unspecified() {
                    wildcard.insert(version, at);
                } else {
                    exact.insert((family, ip, port), at);
                    specific.entry(version).or_insert(at);
                }
            }
        }
    }
    if dropped.is_empty() {
        return;
    }
    // Taken out in one pass (removing one by one would shift the list each time).
    let mut taken = Vec::with_capacity(dropped.len());
    let mut next = dropped.iter().peekable();
    let objects = std::mem::take(&mut model.objects);
    for (i, object) in objects.into_iter().enumerate() {
        if let Some(&(_, first_at)) = next.next_if(|(d, _)| *d == i) {
            taken.push((object, first_at));
        } else {
            model.objects.push(object);
        }
    }
    for (object, first_at) in taken.into_iter().rev() {
        let at = object.value_at(schema::slot::transport::BIND);
        model.rejected.push(Rejected {
            object_type: object.object_type,
            id: object.id,
            header_at: object.header_at,
            wizard: None,
            reason: Reason::Apply {
                code: codes::TRANSPORT_BIND_CONFLICT,
                message: "another transport already listens on this address and port".into(),
                log: "could not be started",
                at,
                related: Some(first_at),
            },
        });
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::resolve_sharing;
    use crate::model::Context;
    use crate::AsteriskVersion;

    /// A config of templates (some built on others) and sections using zero to two of them,
    /// with a mix of valid, invalid, odd and `+=` lines over several types.
    fn config(seed: u64) -> String {
        const LINES: &[(&str, &[&str])] = &[
            (
                "endpoint",
                &[
                    "context=office",
                    "allow=ulaw",
                    "allow=!alaw,g722",
                    "disallow=all",
                    "direct_media=nope",
                    "Direct_Media=yes",
                    "aors=a1,a2",
                    "timers_min_se=10",
                    "timers_min_se=120",
                    "dtmf_mode=bogus",
                    "set_var=A=1",
                    "webrtc=yes",
                    "allow=",
                    "mailboxes+=2@default",
                    "direct_media+=no",
                ],
            ),
            ("aor", &["max_contacts=1", "contact=sip:1.2.3.4", "contact=sip:5.6.7.8", "remove_existing=yes", "remove_existing+=s"]),
            ("auth", &["auth_type=userpass", "username=u", "password=p", "md5_cred=x"]),
            ("transport", &["bind=0.0.0.0", "bind=0.0.0.0:5062", "local_net=10.0.0.0/8", "protocol=tcp"]),
            ("identify", &["endpoint=e1", "match=1.2.3.4", "match=10.0.0.0/8", "match=bad/99"]),
        ];
        let mut state = seed | 1;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut text = String::new();
        let lines = |text: &mut String, next: &mut dyn FnMut(usize) -> usize, count: usize| {
            let (type_name, options) = LINES[next(LINES.len())];
            if next(10) < 8 {
                text.push_str(&format!("type={type_name}\n"));
            }
            for _ in 0..count {
                text.push_str(options[next(options.len())]);
                text.push('\n');
            }
        };
        for (i, template) in ["t1", "t2", "t3"].iter().enumerate() {
            let base = if i > 0 && next(3) == 0 { ",t1" } else { "" };
            text.push_str(&format!("[{template}](!{base})\n"));
            let count = next(5);
            lines(&mut text, &mut next, count);
        }
        for i in 0..3 + next(20) {
            let name = ["e1", "a1", "a2", "au1", "x"][next(5)];
            let templates = match next(5) {
                0 => String::new(),
                1 => "(t1)".into(),
                2 => "(t2,t1)".into(),
                3 => "(t1,t3)".into(),
                _ => "(t3)".into(),
            };
            text.push_str(&format!("[{name}{}]{templates}\n", if name == "x" { i.to_string() } else { String::new() }));
            let count = next(5);
            lines(&mut text, &mut next, count);
            // Extending an inherited line makes it the section's own.
            if next(3) == 0 {
                text.push_str(["direct_media+=no\n", "context+=x\n", "max_contacts+=0\n"][next(3)]);
            }
        }
        text
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Sharing the state after a template combination's lines changes nothing: the same
        /// objects, values, provenance, rejections and lines to lint as building each section
        /// from its first line.
        #[test]
        fn sharing_template_work_builds_the_same_model(seed in any::<u64>()) {
            let text = config(seed);
            let (_, loaded) = pjsip_syntax::load_text("pjsip.conf", &text);
            let env = crate::Environment::default();
            let ctx = Context { version: AsteriskVersion::V22, env: &env, input_files: &[] };
            let shared = resolve_sharing(&loaded, None, &ctx, true);
            let plain = resolve_sharing(&loaded, None, &ctx, false);
            prop_assert_eq!(&shared.objects, &plain.objects, "{}", text);
            prop_assert_eq!(&shared.rejected, &plain.rejected, "{}", text);
            prop_assert_eq!(&shared.built_sections, &plain.built_sections);
            let lint = |m: &crate::Model| {
                let mut lines: Vec<_> = m.odd_lines.iter().map(|o| (o.name_at, o.value.clone())).collect();
                lines.sort();
                lines.dedup();
                lines
            };
            prop_assert_eq!(lint(&shared), lint(&plain));
        }
    }
}
