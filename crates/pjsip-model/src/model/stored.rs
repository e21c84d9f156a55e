//! The values one object holds apart from its type's defaults (see [`Stored`]).

use std::borrow::Cow;
use std::sync::Arc;

use super::{default_values, EffectiveValue, Setting, Settings};
use crate::schema::TypeSchema;
use crate::value_text::ValueText;

/// The values of one object that are not its type's shared defaults, sorted by slot: an
/// exactly named option's slot is its position in [`default_values`], prefix-registered ones
/// follow in the order they were first written.
///
/// Values that came from templates are shared: every object built from the same templates
/// points at one `base` list (built once, see the object builder) and holds in `own` only
/// what differs from it. An own value overrides the base value of the same slot.
#[derive(Clone, Debug, Default)]
pub(super) struct Stored {
    base: Option<Arc<Vec<(u32, EffectiveValue)>>>,
    pub(super) own: Vec<(u32, EffectiveValue)>,
    /// One bit per slot below [`PRESENCE_SLOTS`] held in `base` or `own`: most reads are of
    /// options nothing set, and the bit answers them without looking at either list.
    present: [u64; PRESENCE_SLOTS / 64],
}

/// Slots tracked by [`Stored::present`]; above that (never reached by the exactly named options
/// of a type today: endpoints have 146) lookups scan the lists.
const PRESENCE_SLOTS: usize = 256;

impl Stored {
    pub(super) fn with_capacity(capacity: usize) -> Stored {
        Stored { own: Vec::with_capacity(capacity), ..Stored::default() }
    }

    /// Whether `slot` may be in one of the lists (always for slots past the presence bits).
    fn may_hold(&self, slot: u32) -> bool {
        self.present.get(slot as usize / 64).is_none_or(|word| word & 1 << (slot % 64) != 0)
    }

    fn mark(&mut self, slot: u32) {
        if let Some(word) = self.present.get_mut(slot as usize / 64) {
            *word |= 1 << (slot % 64);
        }
    }

    fn base(&self) -> &[(u32, EffectiveValue)] {
        self.base.as_deref().map_or(&[], Vec::as_slice)
    }

    /// The value in `slot`, if it is not the default.
    pub(super) fn find(&self, slot: u32) -> Option<&EffectiveValue> {
        if !self.may_hold(slot) {
            return None;
        }
        // Both lists are short (a handful of values) and sorted: a forward scan beats a
        // binary search here.
        fn in_list(list: &[(u32, EffectiveValue)], slot: u32) -> Option<&EffectiveValue> {
            list.iter().find(|(s, _)| *s >= slot).filter(|(s, _)| *s == slot).map(|(_, value)| value)
        }
        in_list(&self.own, slot).or_else(|| in_list(self.base(), slot))
    }

    /// Every stored value with its slot, in slot order (own values hiding base ones).
    pub(super) fn iter(&self) -> impl Iterator<Item = (u32, &EffectiveValue)> + '_ {
        let mut own = self.own.iter().peekable();
        let mut base = self.base().iter().peekable();
        std::iter::from_fn(move || {
            let next = match (own.peek(), base.peek()) {
                (Some((o, _)), Some((b, _))) if b < o => base.next(),
                (Some((o, _)), Some((b, _))) if b == o => {
                    base.next();
                    own.next()
                }
                (Some(_), _) => own.next(),
                (None, _) => base.next(),
            };
            next.map(|(slot, value)| (*slot, value))
        })
    }

    /// The value in `slot` to change: an own copy of the base value or of the default.
    pub(super) fn find_mut(&mut self, schema: &TypeSchema, slot: u32) -> &mut EffectiveValue {
        let i = match self.own.binary_search_by_key(&slot, |(s, _)| *s) {
            Ok(i) => i,
            Err(i) => {
                let inherited = self.find(slot).cloned();
                let value = inherited.or_else(|| default_values(schema).get(slot as usize).cloned());
                // Prefix-registered slots are always created by `prefixed` with a value.
                self.own.insert(
                    i,
                    (slot, value.unwrap_or(EffectiveValue { name: Cow::Borrowed(""), value: ValueText::new(), set_by: Settings::new() })),
                );
                self.mark(slot);
                i
            }
        };
        &mut self.own[i].1
    }

    /// Sets `slot` to exactly `value`, written by `setting` alone. Unlike going through
    /// [`Stored::find_mut`], an absent slot is created with the new value directly instead of
    /// from a copy that is then overwritten.
    pub(super) fn set(&mut self, schema: &TypeSchema, slot: u32, value: ValueText, setting: Setting) {
        match self.own.binary_search_by_key(&slot, |(s, _)| *s) {
            Ok(i) => {
                let stored = &mut self.own[i].1;
                stored.value = value;
                stored.set_by.clear();
                stored.set_by.push(setting);
            }
            Err(i) => {
                let name = match self.find(slot) {
                    Some(inherited) => inherited.name.clone(),
                    None => default_values(schema).get(slot as usize).map_or(Cow::Borrowed(""), |d| d.name.clone()),
                };
                self.own.insert(i, (slot, EffectiveValue { name, value, set_by: Settings::one(setting) }));
                self.mark(slot);
            }
        }
    }

    /// The slot of the prefix-registered option written as `name` (exact), created empty on
    /// first use.
    pub(super) fn prefixed(&mut self, schema: &TypeSchema, name: &str) -> u32 {
        let first = default_values(schema).len() as u32;
        if let Some((slot, _)) = self.iter().find(|(s, v)| *s >= first && v.name == name) {
            return slot;
        }
        let last = self.own.last().map(|(s, _)| *s).max(self.base().last().map(|(s, _)| *s));
        let slot = last.map_or(first, |s| (s + 1).max(first));
        self.own.push((slot, EffectiveValue { name: Cow::Owned(name.to_string()), value: ValueText::new(), set_by: Settings::new() }));
        self.mark(slot);
        slot
    }

    /// Turns every value into a shared base, so that clones share instead of copying them.
    pub(super) fn share(&mut self) {
        if !self.own.is_empty() {
            let merged: Vec<(u32, EffectiveValue)> = self.iter().map(|(slot, value)| (slot, value.clone())).collect();
            self.base = Some(Arc::new(merged));
            self.own.clear();
        }
    }
}

impl PartialEq for Stored {
    fn eq(&self, other: &Stored) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Stored {}
