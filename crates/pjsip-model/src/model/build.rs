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
    resolve_cut(config, wizard, ctx, share_templates, None)
}

/// [`resolve_sharing`], with the sections cut in two halves after `cut` sections (`None`: at
/// the middle of a large configuration, not at all for a small one), so that tests can hold
/// the two-thread build to the one-thread build.
fn resolve_cut(config: &Config, wizard: Option<&Config>, ctx: &Context<'_>, share_templates: bool, cut: Option<usize>) -> Model {
    let mut model = Model::default();
    if !config.is_rejected() {
        resolve_pjsip_conf(config, ctx, &mut model, share_templates, cut);
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

fn resolve_pjsip_conf(config: &Config, ctx: &Context<'_>, model: &mut Model, share_templates: bool, cut: Option<usize>) {
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
    let mut odd_lines = Vec::new();
    for (schema, result) in by_type.iter().map(|(schema, _)| *schema).zip(build_types(config, ctx, &by_type, share_templates, cut)) {
        match result {
            TypeBuilt::Failed(rejections) => model.rejected.extend(rejections),
            TypeBuilt::Built { sections, odd } => {
                for (i, result) in sections {
                    match result {
                        Ok(object) => built[i] = Some(object),
                        Err(reason) => model.rejected.push(rejected(schema, &config.categories[i], reason)),
                    }
                }
                odd_lines.extend(odd);
            }
        }
    }
    model.odd_lines = odd_lines;
    model.built_sections = built.iter().enumerate().filter(|(_, o)| o.is_some()).map(|(i, _)| i as u32).collect();
    model.objects.extend(built.into_iter().flatten());
    reject_bind_conflicts(model);
    auths_take_global_algorithms(model);
}

/// What building one type's sections gave.
enum TypeBuilt {
    /// The whole type failed (duplicate ids, extra singletons): every section refused.
    Failed(Vec<Rejected>),
    /// Each section's object or reason, in file order, and the lines to lint.
    Built { sections: Vec<(usize, Result<Object, Reason>)>, odd: Vec<OddLine> },
}

/// A run of one type's sections built by one [`Builder`].
struct Chunk {
    sections: Vec<(usize, Result<Object, Reason>)>,
    odd: Vec<OddLine>,
    /// For each odd line, the shared template prefix whose building found it, if any.
    odd_from: Vec<Option<PrefixKey>>,
    /// The prefixes built (to drop their lines from a later chunk of the same type, which built
    /// them again).
    prefixes: pjsip_syntax::fast_hash::FastMap<PrefixKey, Vec<(u32, u32)>>,
}

fn build_chunk(config: &Config, ctx: &Context<'_>, schema: &'static TypeSchema, indices: &[usize], share_templates: bool) -> Chunk {
    let mut templates = TemplateNames::default();
    let mut builder = Builder::new(ctx, share_templates);
    let sections = indices.iter().map(|&i| (i, builder.section(config, i, schema, &mut templates))).collect();
    let prefixes = builder.prefixes.into_iter().map(|(key, (lines, _))| (key, lines)).collect();
    Chunk { sections, odd: builder.odd_lines, odd_from: builder.odd_from, prefixes }
}

/// Builds the sections of each type, in `by_type` order. Types share nothing (template work is
/// shared per type, see [`Builder`]); a large configuration's sections are cut in two halves,
/// built on two threads where there are threads, and joined: the second half of a type cut in
/// two built its template prefixes again, and the lint lines found doing so are dropped, so
/// the result is exactly the one-thread build's.
fn build_types(
    config: &Config,
    ctx: &Context<'_>,
    by_type: &[(&'static TypeSchema, Vec<usize>)],
    share_templates: bool,
    cut: Option<usize>,
) -> Vec<TypeBuilt> {
    let failures: Vec<Option<Vec<Rejected>>> = by_type
        .iter()
        .map(|(schema, indices)| {
            let failure = type_failure(config, schema, indices)?;
            let first = failure.keys().min().map(|&k| &config.categories[k]);
            let rejections = indices
                .iter()
                .map(|&i| {
                    let category = &config.categories[i];
                    let reason = failure.get(&i).cloned().unwrap_or_else(|| Reason::TypeNotLoaded {
                        because_of: first.map(|c| c.name.clone()).unwrap_or_default(),
                        at: first.map_or(category.name_at, |c| c.name_at),
                    });
                    rejected(schema, category, reason)
                })
                .collect();
            Some(rejections)
        })
        .collect();
    // The sections to build, as (type position, first, end) runs, cut at the halfway section.
    let total: usize = by_type.iter().zip(&failures).filter(|(_, f)| f.is_none()).map(|((_, i), _)| i.len()).sum();
    let half = match cut {
        Some(cut) => cut,
        None if cfg!(target_arch = "wasm32") || total < pjsip_syntax::parallel::PARALLEL_FROM => usize::MAX,
        None => total / 2,
    };
    let (mut first_half, mut second_half) = (Vec::new(), Vec::new());
    let mut seen = 0;
    for (t, ((_, indices), failure)) in by_type.iter().zip(&failures).enumerate() {
        if failure.is_some() {
            continue;
        }
        let cut = half.saturating_sub(seen).min(indices.len());
        if cut > 0 {
            first_half.push((t, 0, cut));
        }
        if cut < indices.len() {
            second_half.push((t, cut, indices.len()));
        }
        seen += indices.len();
    }
    let build = |runs: &[(usize, usize, usize)]| -> Vec<(usize, Chunk)> {
        runs.iter().map(|&(t, from, to)| (t, build_chunk(config, ctx, by_type[t].0, &by_type[t].1[from..to], share_templates))).collect()
    };
    let (first, second) = if second_half.is_empty() || first_half.is_empty() {
        (build(&first_half), build(&second_half))
    } else {
        pjsip_syntax::parallel::join(|| build(&first_half), || build(&second_half))
    };
    let mut chunks: Vec<Vec<Chunk>> = by_type.iter().map(|_| Vec::new()).collect();
    for (t, chunk) in first.into_iter().chain(second) {
        chunks[t].push(chunk);
    }
    failures
        .into_iter()
        .zip(chunks)
        .map(|(failure, chunks)| match failure {
            Some(rejections) => TypeBuilt::Failed(rejections),
            None => {
                let (mut sections, mut odd) = (Vec::new(), Vec::new());
                let mut built: pjsip_syntax::fast_hash::FastMap<PrefixKey, Vec<(u32, u32)>> = Default::default();
                for chunk in chunks {
                    sections.extend(chunk.sections);
                    for (line, from) in chunk.odd.into_iter().zip(chunk.odd_from) {
                        let again = from.is_some_and(|key| built.get(&key).is_some_and(|lines| Some(lines) == chunk.prefixes.get(&key)));
                        if !again {
                            odd.push(line);
                        }
                    }
                    for (key, lines) in chunk.prefixes {
                        built.entry(key).or_insert(lines);
                    }
                }
                TypeBuilt::Built { sections, odd }
            }
        })
        .collect()
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
/// A shared template prefix: the type's position and a hash of the inherited lines.
type PrefixKey = (usize, u64);

/// Builds the objects of pjsip.conf sections, reusing the work done for a run of template
/// lines: every section made from the same templates starts with the same inherited
/// variables (Asterisk copies them before the section's own), so the state after them is
/// computed once per template combination and cloned. A 10,000-phone office built from one
/// `[phone](!)` template checks the template's lines once instead of 10,000 times.
struct Builder<'c> {
    ctx: &'c Context<'c>,
    /// Keyed by the type and a hash of the inherited lines; the entry keeps the lines (file,
    /// line index) to tell a hash collision from a hit.
    prefixes: pjsip_syntax::fast_hash::FastMap<PrefixKey, Prefix>,
    /// Off only in tests, to compare with building every section from scratch.
    share_templates: bool,
    odd_lines: Vec<OddLine>,
    /// The prefix being built when each odd line was found, if one was.
    odd_from: Vec<Option<PrefixKey>>,
}

impl<'c> Builder<'c> {
    fn new(ctx: &'c Context<'c>, share_templates: bool) -> Builder<'c> {
        Builder { ctx, prefixes: Default::default(), share_templates, odd_lines: Vec::new(), odd_from: Vec::new() }
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
                self.odd_from.resize(self.odd_lines.len(), Some(key));
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
        let applied = rest
            .iter()
            .try_for_each(|variable| state.apply(schema, &raw_var(config, variable, templates), self.ctx, Some(&mut self.odd_lines)));
        self.odd_from.resize(self.odd_lines.len(), None);
        applied?;
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

        /// A template's odd line is found once however the sections using it are cut.
        #[test]
        fn a_template_line_to_lint_is_listed_once_when_both_halves_use_it(cut in 0usize..8) {
            let text = "[t](!)\ntype=endpoint\nDirect_Media=yes\n[a](t)\n[b](t)\n[c](t)\n[d](t)\nrtp_symmetric=YES\n[e](t)\n[f](t)\n";
            let (_, loaded) = pjsip_syntax::load_text("pjsip.conf", text);
            let env = crate::Environment::default();
            let ctx = Context { version: AsteriskVersion::V22, env: &env, input_files: &[] };
            let whole = super::resolve_cut(&loaded, None, &ctx, true, Some(usize::MAX));
            let halves = super::resolve_cut(&loaded, None, &ctx, true, Some(cut));
            prop_assert!(!whole.odd_lines.is_empty());
            prop_assert_eq!(&whole.odd_lines, &halves.odd_lines);
            prop_assert_eq!(&whole.objects, &halves.objects);
        }

        /// Cut in two halves anywhere (built on two threads), the build is the one-thread build,
        /// to the order of the lines to lint.
        #[test]
        fn two_halves_build_the_same_model(seed in any::<u64>(), cut in 0usize..30) {
            let text = config(seed);
            let (_, loaded) = pjsip_syntax::load_text("pjsip.conf", &text);
            let env = crate::Environment::default();
            let ctx = Context { version: AsteriskVersion::V22, env: &env, input_files: &[] };
            for share in [true, false] {
                let whole = super::resolve_cut(&loaded, None, &ctx, share, Some(usize::MAX));
                let halves = super::resolve_cut(&loaded, None, &ctx, share, Some(cut));
                prop_assert_eq!(&whole.objects, &halves.objects, "{}", text);
                prop_assert_eq!(&whole.rejected, &halves.rejected, "{}", text);
                prop_assert_eq!(&whole.built_sections, &halves.built_sections);
                prop_assert_eq!(&whole.odd_lines, &halves.odd_lines, "{}", text);
            }
        }
    }
}
