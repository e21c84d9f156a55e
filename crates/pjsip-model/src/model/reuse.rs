//! Reusing the objects of a previous load after an edit (what the language server does on
//! every keystroke).
//!
//! An object is a function of its section's id and header, its variables (names and values as
//! written, their spans, the names of the templates they came from), its type and the context
//! (release, environment, input files); the apply checks read only the object. So when a
//! section of the new load has exactly the variables of a section of the previous load, every
//! span where the edit moved it ([`SpanMap`]), the new object is the old one with its spans
//! moved and its value texts pointed at the new file texts — and a section the previous load
//! refused is refused for the same reason, moved. What depends on more than one section is
//! decided afresh every time: the type of each section, the type's failure (duplicate ids,
//! singletons), transport bind conflicts (transports are never reused) and auths taking the
//! global algorithms (auths are not reused when the previous load gave them any). The lines
//! to lint travel with their section.
//!
//! Nothing here guesses: a span that the edit touched, or anything that cannot be mapped,
//! means the section is built from its lines as usual.

use std::ops::Range;

use pjsip_syntax::fast_hash::FastMap;
use pjsip_syntax::tree::LineKind;
use pjsip_syntax::{Config, FileId, FileSpan, Origin, Span};

use super::stored::RemappedBases;
use super::{EffectiveValue, Model, Object, OddLine, Reason, Setting};
use crate::schema::TypeSchema;
use crate::value_text::ValueText;
use crate::{Files, ObjectType};

/// What a load remembers so that the next one can reuse its objects: how each pjsip.conf
/// section (by category index) ended.
#[derive(Debug, Default)]
pub struct Memo {
    pub(super) sections: Vec<Option<SectionMemo>>,
    /// Whether auths took the global default algorithms after building: their objects are then
    /// not what building made.
    pub(super) auths_adjusted: bool,
    /// How many sections this load took from the previous one.
    pub(super) reused: usize,
}

impl Memo {
    /// How many sections the load took from the previous one.
    pub fn reused(&self) -> usize {
        self.reused
    }
}

/// How one section ended: its type (schema index), its object (an index into the model's
/// objects) or the reason it was refused, and the lines to lint it produced (ranges of the
/// model's odd lines: the shared template lines, then its own).
#[derive(Debug)]
pub(super) struct SectionMemo {
    pub(super) schema: usize,
    pub(super) outcome: Result<u32, Reason>,
    pub(super) odd: [Range<u32>; 2],
}

/// Where the spans of a previous load are in the new one: files matched by name; in a file
/// whose text changed, the bytes before the changed region stay, the ones after move by the
/// length change, and the ones inside have no place.
#[derive(Debug)]
pub struct SpanMap {
    /// By previous file id: the new id, and the changed region when the text differs.
    files: Vec<Option<(FileId, Option<Region>)>>,
}

/// `start..old_end` of the previous text became `start..new_end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Region {
    start: u32,
    old_end: u32,
    new_end: u32,
}

impl SpanMap {
    pub fn new(old: &Files, new: &Files) -> SpanMap {
        let files = old
            .iter()
            .map(|(_, name, text)| {
                let id = new.id(name)?;
                let region = pjsip_syntax::changed_region(text, new.text(id));
                Some((id, region.map(|r| Region { start: r.start as u32, old_end: r.old_end as u32, new_end: r.new_end as u32 })))
            })
            .collect();
        SpanMap { files }
    }

    /// Where `at` of the previous load is in the new one, if the edit left it whole.
    pub fn span(&self, at: FileSpan) -> Option<FileSpan> {
        let (file, region) = (*self.files.get(at.file.0 as usize)?)?;
        let span = match region {
            None => at.span,
            Some(r) if at.span.end <= r.start => at.span,
            Some(r) if at.span.start >= r.old_end => {
                let moved = |offset: u32| offset - r.old_end + r.new_end;
                Span { start: moved(at.span.start), end: moved(at.span.end) }
            }
            Some(_) => return None,
        };
        Some(FileSpan { file, span })
    }

    /// The new id of a previous file.
    fn file(&self, id: FileId) -> Option<FileId> {
        self.files.get(id.0 as usize).copied().flatten().map(|(file, _)| file)
    }
}

/// The previous load, for reuse by the next one.
#[derive(Debug)]
pub struct Previous<'p> {
    pub config: &'p Config,
    pub model: &'p Model,
    pub memo: &'p Memo,
    pub files: &'p Files,
}

/// Reuse in progress: the previous load, where its spans went, and the template value lists
/// already moved (so that objects sharing one keep sharing it).
pub(crate) struct Reuse<'p> {
    previous: Previous<'p>,
    map: SpanMap,
    new_files: &'p Files,
    /// The previous load's file texts (their addresses) with their ids: what a value
    /// pointing into one of them is re-pointed from.
    old_texts: Vec<(usize, FileId)>,
    bases: RemappedBases,
}

impl<'p> Reuse<'p> {
    pub(crate) fn new(previous: Previous<'p>, new_files: &'p Files) -> Reuse<'p> {
        let map = SpanMap::new(previous.files, new_files);
        let old_texts = previous.files.iter().filter_map(|(id, _, _)| Some((previous.files.shared(id)?.as_ptr() as usize, id))).collect();
        Reuse { previous, map, new_files, old_texts, bases: FastMap::default() }
    }

    /// The previous section that new section `index` may be. One edit moves the sections after
    /// it by the number of headers it added or removed and leaves the ones before in place, so
    /// only those two candidates are tried, by where their header went.
    fn previous_index(&self, config: &Config, index: usize) -> Option<usize> {
        let old = &self.previous.config.categories;
        let header_at = config.categories[index].header_at;
        let after_edit = (index + old.len()).checked_sub(config.categories.len());
        [Some(index), after_edit].into_iter().flatten().find(|&j| old.get(j).is_some_and(|c| self.map.span(c.header_at) == Some(header_at)))
    }

    /// The outcome of section `index` of `config` (of type `schema`) and its lines to lint,
    /// taken from the previous load when the section is unchanged there.
    pub(super) fn section(
        &mut self,
        config: &Config,
        index: usize,
        schema: &'static TypeSchema,
    ) -> Option<(Result<Object, Reason>, Vec<OddLine>)> {
        let category = &config.categories[index];
        let j = self.previous_index(config, index)?;
        let memo = self.previous.memo.sections.get(j)?.as_ref()?;
        let object_type = schema.object_type();
        if memo.schema != schema.index
            || object_type == ObjectType::Transport
            || (object_type == ObjectType::Auth && self.previous.memo.auths_adjusted)
            || !same_section(config, index, self.previous.config, j, &self.map)
        {
            return None;
        }
        let outcome = match &memo.outcome {
            Ok(k) => {
                let object = self.object(self.previous.model.objects.get(*k as usize)?)?;
                if object.header_at != category.header_at || object.id != category.name {
                    return None;
                }
                Ok(object)
            }
            Err(reason) => Err(self.reason(reason)?),
        };
        let odd_lines = &self.previous.model.odd_lines;
        let odd = memo
            .odd
            .iter()
            .flat_map(|range| odd_lines.get(range.start as usize..range.end as usize).unwrap_or_default())
            .map(|odd| self.odd_line(odd))
            .collect::<Option<Vec<_>>>()?;
        Some((outcome, odd))
    }

    fn span(&self, at: FileSpan) -> Option<FileSpan> {
        self.map.span(at)
    }

    /// A value's text pointed at the new file text (an owned text stays as it is).
    fn text(&self, value: &ValueText) -> Option<ValueText> {
        let Some((text, start, end)) = value.shared_parts() else { return Some(value.clone()) };
        let address = text.as_ptr() as usize;
        let Some(&(_, file)) = self.old_texts.iter().find(|(a, _)| *a == address) else {
            // Not a file text of the previous load: keep the characters, not that text.
            return Some(ValueText::from(value.as_str()));
        };
        let at = self.span(FileSpan::new(file, Span { start, end }))?;
        Some(ValueText::shared(self.new_files.shared(at.file)?, at.span.start as usize, at.span.end as usize))
    }

    fn setting(&self, setting: &Setting) -> Option<Setting> {
        Some(Setting { at: self.span(setting.at)?, value_at: self.span(setting.value_at)?, origin: setting.origin.clone() })
    }

    fn value(&self, value: &EffectiveValue) -> Option<EffectiveValue> {
        let set_by = value.set_by.try_map(|setting| self.setting(setting))?;
        Some(EffectiveValue { name: value.name.clone(), value: self.text(&value.value)?, set_by })
    }

    fn object(&mut self, object: &Object) -> Option<Object> {
        let mut bases = std::mem::take(&mut self.bases);
        let stored = object.stored.remap(&mut bases, |value| self.value(value));
        self.bases = bases;
        Some(Object {
            object_type: object.object_type,
            id: object.id.clone(),
            header_at: self.span(object.header_at)?,
            wizard: object.wizard.clone(),
            schema: object.schema,
            defaults: object.defaults,
            stored: stored?,
        })
    }

    fn reason(&self, reason: &Reason) -> Option<Reason> {
        Some(match reason {
            Reason::UnknownOption { name, at, known_in } => {
                Reason::UnknownOption { name: name.clone(), at: self.span(*at)?, known_in: *known_in }
            }
            Reason::InvalidValue { name, value, at, problem } => {
                Reason::InvalidValue { name: name.clone(), value: value.clone(), at: self.span(*at)?, problem: problem.clone() }
            }
            Reason::Apply { code, message, log, at, related } => Reason::Apply {
                code: *code,
                message: message.clone(),
                log,
                at: self.span(*at)?,
                related: match related {
                    Some(related) => Some(self.span(*related)?),
                    None => None,
                },
            },
            // Decided across sections, never remembered for one.
            Reason::DuplicateId { .. } | Reason::TooManySingletons { .. } | Reason::TypeNotLoaded { .. } | Reason::Wizard { .. } => {
                return None
            }
        })
    }

    fn odd_line(&self, odd: &OddLine) -> Option<OddLine> {
        Some(OddLine {
            option: odd.option,
            name: odd.name.clone(),
            value: odd.value.clone(),
            name_at: self.span(odd.name_at)?,
            value_at: self.span(odd.value_at)?,
        })
    }
}

/// Whether section `i` of `new` has what section `j` of `old` had, moved by `map`: the same
/// name and header, and variable for variable the same file, name, value, spans and template
/// name (`+=` results included).
fn same_section(new: &Config, i: usize, old: &Config, j: usize, map: &SpanMap) -> bool {
    let (n, o) = (&new.categories[i], &old.categories[j]);
    if n.name != o.name
        || map.span(o.header_at) != Some(n.header_at)
        || map.span(o.name_at) != Some(n.name_at)
        || n.variables.len() != o.variables.len()
    {
        return false;
    }
    n.variables.iter().zip(&o.variables).all(|(nv, ov)| {
        if map.file(ov.file) != Some(nv.file) || nv.appended != ov.appended || !same_origin(new, nv.origin, old, ov.origin) {
            return false;
        }
        let (nl, ol) = (new.var_line(nv), old.var_line(ov));
        let (LineKind::Assignment(na), LineKind::Assignment(oa)) = (&nl.kind, &ol.kind) else { return false };
        // A span the edit did not touch covers the same bytes as before: equal spans (and equal
        // texts where comments or escapes made the parser keep its own) mean equal texts.
        let same = |n: Span, o: Span| map.span(FileSpan::new(ov.file, o)) == Some(FileSpan::new(nv.file, n));
        na.op == oa.op
            && same(nl.span, ol.span)
            && same(na.key.span, oa.key.span)
            && same(na.value.span, oa.value.span)
            && na.key.owned == oa.key.owned
            && na.value.owned == oa.value.owned
    })
}

/// Own in both, or inherited in both from sections of the same name (all an object keeps of
/// where a line came from).
fn same_origin(new: &Config, n: Origin, old: &Config, o: Origin) -> bool {
    match (n, o) {
        (Origin::Own, Origin::Own) => true,
        (Origin::Inherited { from: a }, Origin::Inherited { from: b }) => {
            fn name(config: &Config, id: pjsip_syntax::CategoryId) -> Option<&str> {
                config.categories.get(id.0 as usize).map(|c| c.name.as_str())
            }
            name(new, a) == name(old, b)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AsteriskVersion, Input, InputFile, Loaded};
    use proptest::prelude::*;
    use std::sync::Arc;

    /// Templates, sections using them, every kind of line that builds, fails or is linted.
    const BASE: &str = "[global]\ntype=global\ndefault_auth_algorithms_uac=MD5\n\
        [t](!)\ntype=endpoint\ncontext=office\nallow=ulaw\ndirect_media=nope\n\
        [u](!,t)\nDisallow=all\n\
        [a](t)\naors=a\n[a]\ntype=aor\nmax_contacts=1\n\
        [b](u)\ncontext=lab\ntimers_min_se=10\n\
        [c](t)\ndtmf_mode=nonsense\n\
        [au]\ntype=auth\nusername=u\npassword=p\n\
        [x]\ntype=transport\nbind=0.0.0.0\n[y]\ntype=transport\nbind=0.0.0.0\n\
        [d](t)\nmailboxes+=2@default\n[a](+)\nremove_existing=yes\n\
        [i]\ntype=identify\nendpoint=a\nmatch=10.0.0.0/8\n";

    /// What a keystroke may insert: characters, line breaks, comments, headers, whole lines.
    const INSERTS: &[&str] =
        &["x", "\n", ";", ";--", "--;", "=", "[", "]", "(t)", "\n[e](t)\n", "\ncontext=x\n", "\ntype=aor\n", "é", "+", "\\", "\n[a]\n"];

    fn edit(text: &str, at: usize, remove: usize, insert: &str) -> String {
        let start = pjsip_syntax::floor_char_boundary(text, at);
        let end = pjsip_syntax::floor_char_boundary(text, start + remove).max(start);
        let mut edited = text.to_string();
        edited.replace_range(start..end, insert);
        edited
    }

    fn load(text: &str, previous: Option<&Loaded>) -> Loaded {
        let input = Input::new(vec![InputFile { name: "pjsip.conf".into(), text: text.into() }], AsteriskVersion::V22);
        match previous {
            Some(previous) => Loaded::reusing(&input, previous),
            None => Loaded::new(&input),
        }
    }

    /// The model parts a reused load must have exactly as a fresh one (the lines to lint as a
    /// set: the checks report each once).
    fn assert_same(reused: &Loaded, fresh: &Loaded, text: &str) -> Result<(), TestCaseError> {
        let (r, f) = (reused.model(), fresh.model());
        prop_assert_eq!(&r.objects, &f.objects, "{}", text);
        prop_assert_eq!(&r.rejected, &f.rejected, "{}", text);
        prop_assert_eq!(&r.ignored, &f.ignored);
        prop_assert_eq!(&r.shadowed, &f.shadowed);
        prop_assert_eq!(&r.built_sections, &f.built_sections);
        let lint = |m: &Model| {
            let mut lines: Vec<_> = m.odd_lines.iter().map(|o| (o.name_at, o.value_at, o.name.clone(), o.value.clone())).collect();
            lines.sort();
            lines.dedup();
            lines
        };
        prop_assert_eq!(lint(r), lint(f));
        // Every value that points into a file points into the new text.
        for object in &r.objects {
            for value in object.values() {
                if let Some((shared, _, _)) = value.value.shared_parts() {
                    prop_assert!(reused.files.iter().any(|(id, _, _)| reused.files.shared(id).is_some_and(|t| Arc::ptr_eq(t, shared))));
                }
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Two edits in a row, each load reusing the previous one: each is the fresh load.
        #[test]
        fn reusing_a_previous_load_gives_the_fresh_load(
            first in (0usize..600, 0usize..4, 0usize..INSERTS.len()),
            second in (0usize..600, 0usize..30, 0usize..INSERTS.len()),
        ) {
            let before = load(BASE, None);
            let once = edit(BASE, first.0, first.1, INSERTS[first.2]);
            let reused = load(&once, Some(&before));
            assert_same(&reused, &load(&once, None), &once)?;
            let twice = edit(&once, second.0, second.1, INSERTS[second.2]);
            let again = load(&twice, Some(&reused));
            assert_same(&again, &load(&twice, None), &twice)?;
        }
    }

    #[test]
    fn an_edit_in_one_section_reuses_the_others() {
        let before = load(BASE, None);
        let text = BASE.replace("username=u", "username=uu");
        let after = load(&text, Some(&before));
        // Every section but the edited auth and the two transports (never reused).
        assert_eq!(after.memo.reused(), 7);
        let ids: Vec<(ObjectType, &str)> = after.objects().iter().map(|o| (o.object_type, o.id.as_str())).collect();
        assert!(ids.contains(&(ObjectType::Identify, "i")) && ids.contains(&(ObjectType::Aor, "a")), "{ids:?}");
        assert_eq!(after.model().find(ObjectType::Auth, "au").unwrap().value("username"), "uu");
        // The identify after the edit was reused: moved by one byte, pointing into the new text.
        let identify = after.model().find(ObjectType::Identify, "i").unwrap();
        let before_at = before.model().find(ObjectType::Identify, "i").unwrap().header_at;
        assert_eq!(identify.header_at.span.start, before_at.span.start + 1);
        assert_eq!(identify.value("match"), "10.0.0.0/8");
    }
}
