//! What Asterisk registers for each PJSIP object type: option names, value kinds, defaults,
//! repeat and empty-value rules, references and the releases that know each option.
//!
//! The tables are generated at build time from `data/pjsip-options.json` (see `build.rs`); they
//! hold facts only, no prose, so they stay small in the wasm build. Lookups here follow
//! Asterisk's own matching: option names are compared case-insensitively (the option framework
//! does), regex-registered names (`event_*`, wizard `endpoint/*`) by prefix.

use crate::AsteriskVersion;

/// How a value is parsed. Mirrors `value_kinds` of the JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Kind {
    Type,
    Bool,
    Uint,
    Int,
    Double,
    String,
    Enum,
    EnumList,
    CodecList,
    Ref,
    RefList,
    Uri,
    UriList,
    Host,
    HostPort,
    HostPortList,
    IpAclList,
    NamedAclList,
    MatchList,
    HeaderMatch,
    StringOrRegex,
    Regex,
    FilePath,
    Tos,
    Callerid,
    GroupList,
    StringList,
    KeyValue,
    CodecPrefs,
    Digest,
    DigestList,
    SecurityMechanismList,
    DeprecatedNoop,
    Passthrough,
    Custom,
}

/// What writing an option several times in one section does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Repeat {
    /// Each line overwrites the previous value.
    LastWins,
    /// Each line adds to a list (codecs, contacts, ACL entries, match entries).
    Accumulates,
    /// The list is rebuilt from the last line.
    Replaces,
}

/// What `option=` with nothing after `=` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Empty {
    /// Stored as an empty value.
    Allowed,
    /// A boolean that becomes false.
    False,
    /// The handler fails: the object is dropped.
    Error,
    /// The line has no effect.
    Ignored,
    /// The list is emptied.
    Clears,
    /// Not analysed by the reference.
    Unknown,
}

/// A reference from an option's value to another object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Reference {
    /// The target type (`aor`, `auth`, `transport`, `endpoint`, or a non-PJSIP thing such as
    /// `context`).
    pub target: &'static str,
    /// A comma list of names rather than a single one.
    pub many: bool,
}

/// A set of releases, one bit each: 16, 18, 20, 21, 22 (22.10.1), 23, newer code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Releases(pub u8);

impl Releases {
    /// The bit of `version`.
    pub fn bit(version: AsteriskVersion) -> u8 {
        match version {
            AsteriskVersion::V16 => 1,
            AsteriskVersion::V18 => 1 << 1,
            AsteriskVersion::V20 => 1 << 2,
            AsteriskVersion::V21 => 1 << 3,
            AsteriskVersion::V22 => 1 << 4,
            AsteriskVersion::V23 => 1 << 5,
        }
    }

    /// Whether the release line `version` has it.
    pub fn contains(self, version: AsteriskVersion) -> bool {
        self.0 & Self::bit(version) != 0
    }

    /// The releases that have it, oldest first.
    pub fn versions(self) -> impl Iterator<Item = AsteriskVersion> {
        AsteriskVersion::ALL.into_iter().filter(move |&v| self.contains(v))
    }
}

/// One registered option of a type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptionSchema {
    /// The name as written in a file (for prefix-registered options a display form).
    pub name: &'static str,
    /// For options registered by regex: the prefix every matching name starts with
    /// (`event_`, `endpoint/`; empty = any name).
    pub name_prefix: Option<&'static str>,
    pub kind: Kind,
    /// The value the object holds when the option is absent (empty = none).
    pub default: &'static str,
    /// Allowed words for enums, codec names for codec lists.
    pub enum_values: &'static [&'static str],
    /// Whether enum words must match case-sensitively.
    pub case_sensitive: bool,
    /// Whether yes/no synonyms (`y`, `t`, `on`, `1` …) are understood.
    pub bool_synonyms: bool,
    /// Inclusive numeric range.
    pub range: Option<(i64, i64)>,
    pub repeat: Repeat,
    pub empty: Empty,
    pub references: Option<Reference>,
    /// Characters separating list items inside one value (empty = not a list).
    pub separator: &'static str,
    pub present_in: Releases,
    /// The option writing the same field, for aliases.
    pub alias_of: Option<&'static str>,
    pub deprecated: bool,
    /// Whether the apply step refuses an object without it.
    pub required: bool,
    /// How `pjsip show` prints the value (the sorcery field type it is registered with).
    pub printer: Printer,
}

/// How Asterisk prints an option's value: by the sorcery field type it is registered with, or
/// by a printer of its own (`Custom`, see `crate::display`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Printer {
    /// `OPT_BOOL_T`: `true` / `false`.
    TrueFalse,
    /// `OPT_YESNO_T`: `yes` / `no`.
    YesNo,
    /// `OPT_UINT_T`, `OPT_INT_T`: the number in decimal.
    Integer,
    /// `OPT_DOUBLE_T`: six decimal places.
    Double,
    /// `OPT_CODEC_T`: `(ulaw|alaw)`, `(nothing)` when empty.
    Codecs,
    /// The option's own printer.
    Custom,
    /// Strings: as stored.
    AsStored,
}

impl OptionSchema {
    /// Whether `name` (as written in a file) selects this option.
    pub fn matches(&self, name: &str) -> bool {
        match self.name_prefix {
            Some(prefix) => {
                name.len() > prefix.len() && name.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix)) || prefix.is_empty()
            }
            None => self.name.eq_ignore_ascii_case(name),
        }
    }
}

/// One object type (`endpoint`, `aor`, …, and `wizard` of pjsip_wizard.conf).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypeSchema {
    pub name: &'static str,
    /// The file it is read from.
    pub file: &'static str,
    /// Only one object may exist (`global`, `system`).
    pub single_object: bool,
    /// A section with this exact name belongs to the type even without `type=`.
    pub explicit_name: Option<&'static str>,
    /// Whether Asterisk reads it from the configuration file (not AstDB or memory).
    pub loaded_from_config: bool,
    pub present_in: Releases,
    /// In registration order.
    pub options: &'static [OptionSchema],
    /// Position in [`TYPES`]: the key of the per-type tables built at run time.
    pub index: usize,
}

impl TypeSchema {
    /// The option `name` selects, exact names before prefix-registered ones (that is how
    /// the option framework tries them).
    pub fn option(&self, name: &str) -> Option<&'static OptionSchema> {
        let options: &'static [OptionSchema] = self.options;
        match self.exact_position(name) {
            Some(i) => Some(&options[i]),
            None => options.iter().find(|o| o.name_prefix.is_some() && o.matches(name)),
        }
    }

    /// The option `name` selects and, for an exactly named option, its position among the
    /// exactly named ones (one table look-up for both).
    pub fn option_and_position(&self, name: &str) -> Option<(&'static OptionSchema, Option<usize>)> {
        let options: &'static [OptionSchema] = self.options;
        match self.lookup(name) {
            Some((i, position)) => Some((&options[i], Some(position))),
            None => options.iter().find(|o| o.name_prefix.is_some() && o.matches(name)).map(|o| (o, None)),
        }
    }

    /// Index in `options` of the exactly named (not prefix-registered) option `name`,
    /// case-insensitively.
    pub fn exact_position(&self, name: &str) -> Option<usize> {
        self.lookup(name).map(|(option, _)| option)
    }

    /// (index in `options`, position among exactly named options) of `name`.
    fn lookup(&self, name: &str) -> Option<(usize, usize)> {
        name_table(self)?.find(self.options, name)
    }

    /// Every exactly named option with its slot, in slot order.
    pub fn named_slots(&self) -> impl Iterator<Item = (Slot, &'static OptionSchema)> + '_ {
        let options: &'static [OptionSchema] = self.options;
        options
            .iter()
            .filter(|o| o.name_prefix.is_none())
            .enumerate()
            .map(|(position, o)| (Slot { type_index: self.index as u16, position: position as u16, name: o.name }, o))
    }

    /// Position of the exactly named option `name` among the options that are not
    /// prefix-registered (the order of an object's values).
    pub fn value_position(&self, name: &str) -> Option<usize> {
        self.lookup(name).map(|(_, position)| position)
    }
}

include!(concat!(env!("OUT_DIR"), "/schema.rs"));

impl ObjectType {
    /// The type's registered options and rules.
    pub fn schema(self) -> &'static TypeSchema {
        &TYPES[self as usize]
    }

    /// The type `type=name` selects (exact and case-sensitive, as Asterisk compares it).
    pub fn from_name(name: &str) -> Option<ObjectType> {
        ObjectType::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl std::fmt::Display for ObjectType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for ObjectType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl TypeSchema {
    /// This schema's type.
    pub fn object_type(&self) -> ObjectType {
        ObjectType::ALL[self.index]
    }
}

/// An exactly named option of one type, resolved when the crate is built: reading it from an
/// object ([`crate::Object::at`]) is an index instead of a hashed name look-up. The checks read
/// a dozen options of every object, so on a 30,000-object config that difference is most of
/// their cost. `slot::endpoint::AORS`, `slot::aor::MAX_CONTACTS`, … (types with `-` use `_`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Slot {
    /// The type's position in [`TYPES`].
    pub type_index: u16,
    /// Position among the type's exactly named options (the order of an object's values).
    pub position: u16,
    pub name: &'static str,
}

impl std::fmt::Display for Slot {
    /// The option's name, as written in a file.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// Every exactly named option of every type as a [`Slot`] constant.
#[allow(missing_docs, dead_code)]
pub mod slot {
    pub use super::Slot;
    include!(concat!(env!("OUT_DIR"), "/slots.rs"));
}

/// A case-insensitive hash table from an exactly named option to (index in `options`,
/// position among exactly named options). Option lookups run for every line and for every
/// value a check reads, so they must neither scan nor compare many strings: open addressing
/// over a power-of-two table at most half full, keyed by a hash of the lower-cased name.
#[derive(Debug)]
struct NameTable {
    /// (hash, option index, position); `option index == EMPTY` marks a free slot.
    slots: Vec<(u32, u16, u16)>,
}

const EMPTY: u16 = u16::MAX;

/// A hash of the case-folded length, first and last four bytes: enough to tell the options
/// of one type apart (collisions only cost a comparison) without a loop over every byte.
fn name_hash(name: &str) -> u32 {
    let bytes = name.as_bytes();
    // Names of four bytes or more (nearly all) read their words in one load each.
    let (head, tail) = match (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        (Some(head), Some(tail)) => (u32::from_be_bytes(*head) | 0x2020_2020, u32::from_be_bytes(*tail) | 0x2020_2020),
        _ => {
            let word = bytes.iter().fold(0u32, |w, &b| w << 8 | u32::from(b | 0x20));
            (word, word)
        }
    };
    let mixed = (head ^ tail.rotate_left(13) ^ (bytes.len() as u32).wrapping_mul(0x9e37_79b9)).wrapping_mul(0x85eb_ca6b);
    mixed ^ mixed >> 15
}

impl NameTable {
    fn new(options: &[OptionSchema]) -> NameTable {
        let named = options.iter().filter(|o| o.name_prefix.is_none()).count();
        let mut table = NameTable { slots: vec![(0, EMPTY, 0); (named * 2).next_power_of_two().max(2)] };
        let mask = table.slots.len() - 1;
        let exact = (0..options.len()).filter(|&i| options[i].name_prefix.is_none());
        for (position, i) in exact.enumerate() {
            let hash = name_hash(options[i].name);
            let mut slot = hash as usize & mask;
            while table.slots[slot].1 != EMPTY {
                slot = (slot + 1) & mask;
            }
            table.slots[slot] = (hash, i as u16, position as u16);
        }
        table
    }

    fn find(&self, options: &[OptionSchema], name: &str) -> Option<(usize, usize)> {
        let hash = name_hash(name);
        let mask = self.slots.len() - 1;
        let mut slot = hash as usize & mask;
        loop {
            let (h, i, position) = self.slots[slot];
            if i == EMPTY {
                return None;
            }
            // Names are usually written in lower case, as registered: a byte comparison first.
            if h == hash && (options[i as usize].name == name || options[i as usize].name.eq_ignore_ascii_case(name)) {
                return Some((i as usize, position as usize));
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// The name table of `schema`, built once for every type.
fn name_table(schema: &TypeSchema) -> Option<&'static NameTable> {
    static TABLES: std::sync::OnceLock<Vec<NameTable>> = std::sync::OnceLock::new();
    let tables = TABLES.get_or_init(|| TYPES.iter().map(|t| NameTable::new(t.options)).collect());
    tables.get(type_index(schema)?)
}

/// Position of `schema` in [`TYPES`] (per-type tables are indexed by it).
pub fn type_index(schema: &TypeSchema) -> Option<usize> {
    // A copy of a TYPES entry keeps its index; anything else has no tables.
    TYPES.get(schema.index).filter(|t| std::ptr::eq(t.options, schema.options)).map(|_| schema.index)
}

/// The schema of object type `name` (exact, case-sensitive, as `type=` compares it).
pub fn type_schema(name: &str) -> Option<&'static TypeSchema> {
    TYPES.iter().find(|t| t.name == name)
}

/// The type named `name` (exact, as `type=` compares it) if its objects come from `pjsip.conf`.
pub fn pjsip_conf_type(name: &str) -> Option<&'static TypeSchema> {
    static TYPES_OF_PJSIP_CONF: std::sync::OnceLock<Vec<&'static TypeSchema>> = std::sync::OnceLock::new();
    TYPES_OF_PJSIP_CONF.get_or_init(|| pjsip_conf_types().collect()).iter().copied().find(|t| t.name == name)
}

/// Types whose objects come from `pjsip.conf`.
pub fn pjsip_conf_types() -> impl Iterator<Item = &'static TypeSchema> {
    TYPES.iter().filter(|t| t.file == crate::PJSIP_CONF && t.loaded_from_config)
}

/// Whether `word` is a true boolean for Asterisk's `ast_true` (case-insensitive).
pub fn is_true_word(word: &str) -> bool {
    ["yes", "true", "y", "t", "1", "on"].iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether `word` is one of the words Asterisk's `ast_false` understands.
pub fn is_false_word(word: &str) -> bool {
    ["no", "false", "n", "f", "0", "off"].iter().any(|w| w.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_hold_every_type() {
        assert_eq!(TYPES.len(), 18);
        let endpoint = type_schema("endpoint").unwrap();
        assert_eq!(endpoint.options.len(), 146);
        let dtmf = endpoint.option("DTMF_Mode").unwrap();
        assert_eq!(dtmf.kind, Kind::Enum);
        assert_eq!(dtmf.default, "rfc4733");
        assert!(!dtmf.case_sensitive);
        let aors = endpoint.option("aors").unwrap();
        assert_eq!(aors.references, Some(Reference { target: "aor", many: true }));
    }

    #[test]
    fn releases_follow_present_in() {
        let endpoint = type_schema("endpoint").unwrap();
        let rtp_port_start = endpoint.option("rtp_port_start").unwrap();
        assert!(rtp_port_start.present_in.contains(AsteriskVersion::V22));
        assert!(!rtp_port_start.present_in.contains(AsteriskVersion::V21));
        let transport = type_schema("transport").unwrap();
        let hostname = transport.option("external_signaling_hostname").unwrap();
        assert!(!hostname.present_in.contains(AsteriskVersion::V22));
    }

    #[test]
    fn lookups_ignore_case_and_know_every_option() {
        for t in TYPES {
            for option in t.options.iter().filter(|o| o.name_prefix.is_none()) {
                assert_eq!(t.option(option.name).map(|o| o.name), Some(option.name));
                assert_eq!(t.option(&option.name.to_ascii_uppercase()).map(|o| o.name), Some(option.name));
            }
            if !t.options.iter().any(|o| o.name_prefix == Some("")) {
                assert!(t.option("no_such_option_here").is_none(), "{}", t.name);
            }
        }
    }

    #[test]
    fn slots_name_the_options_they_index() {
        for (i, t) in TYPES.iter().enumerate() {
            let named: Vec<&str> = t.options.iter().filter(|o| o.name_prefix.is_none()).map(|o| o.name).collect();
            for (position, name) in named.iter().enumerate() {
                assert_eq!(t.value_position(name), Some(position), "{}.{name}", t.name);
            }
            assert_eq!(t.index, i);
        }
        let aors = slot::endpoint::AORS;
        assert_eq!((TYPES[aors.type_index as usize].name, aors.name), ("endpoint", "aors"));
        assert_eq!(type_schema("endpoint").unwrap().value_position("aors"), Some(aors.position as usize));
        let max_contacts = slot::aor::MAX_CONTACTS;
        assert_eq!(type_schema("aor").unwrap().value_position("max_contacts"), Some(max_contacts.position as usize));
    }

    #[test]
    fn prefix_options_match_by_prefix() {
        let publication = type_schema("inbound-publication").unwrap();
        assert!(publication.option("event_presence").is_some());
        assert!(publication.option("event_").is_none());
        let wizard = type_schema("wizard").unwrap();
        assert_eq!(wizard.option("endpoint/context").unwrap().kind, Kind::Passthrough);
        assert_eq!(type_schema("global").unwrap().explicit_name, Some("global"));
    }
}
