//! Turns `data/pjsip-options.json` (facts about Asterisk's PJSIP options) into compact static
//! Rust tables in `OUT_DIR/schema.rs`, included by `src/schema.rs`.
//!
//! Why generate: the JSON is ~480 KB of mostly prose and provenance; the validator needs a few
//! KB of it, in a form the wasm build can hold without a JSON parser. Only facts are copied;
//! the JSON's notes and documentation text are deliberately left out.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::Value;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let path = manifest.join("../../data/pjsip-options.json");
    println!("cargo:rerun-if-changed={}", path.display());
    println!("cargo:rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(&path).expect("data/pjsip-options.json is readable");
    let json: Value = serde_json::from_str(&text).expect("data/pjsip-options.json is valid JSON");

    let mut out = String::new();
    let mut lists: BTreeMap<Vec<String>, String> = BTreeMap::new();
    let mut list_defs = String::new();
    let mut types_src = String::new();
    let mut slots_src = String::new();
    let mut type_idx = 0usize;
    // (variant, name) of every type, for the `ObjectType` enum.
    let mut variants: Vec<(String, String)> = Vec::new();

    for file in json["files"].as_array().expect("files[]") {
        let file_name = file["file"].as_str().unwrap_or("pjsip.conf");
        for ty in file["types"].as_array().expect("types[]") {
            let name = ty["type"].as_str().expect("type name");
            let mut opts_src = String::new();
            // One constant per exactly named option: its position among them (see `Slot`).
            let _ = writeln!(slots_src, "pub mod {} {{\n    use super::Slot;", name.replace('-', "_"));
            for (position, opt) in ty["options"].as_array().expect("options[]").iter().filter(|o| o["name_regex"].is_null()).enumerate() {
                let option = opt["name"].as_str().unwrap_or("");
                let mut constant: String =
                    option.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
                if constant.starts_with(|c: char| c.is_ascii_digit()) {
                    constant.insert(0, '_'); // `100rel` → `_100REL`
                }
                let _ = writeln!(
                    slots_src,
                    "    pub const {constant}: Slot = Slot {{ type_index: {type_idx}, position: {position}, name: {option:?} }};"
                );
            }
            slots_src.push_str("}\n");
            for opt in ty["options"].as_array().expect("options[]") {
                let enum_values: Vec<String> = opt["enum_values"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
                    .unwrap_or_default();
                let list_name = if enum_values.is_empty() {
                    "&[]".to_string()
                } else {
                    let n = lists.len();
                    let entry = lists.entry(enum_values.clone()).or_insert_with(|| {
                        let id = format!("L{n}");
                        let _ = writeln!(list_defs, "const {id}: &[&str] = &{:?};", enum_values);
                        id
                    });
                    entry.clone()
                };
                let range = match (&opt["range"]["min"], &opt["range"]["max"]) {
                    (Value::Number(a), Value::Number(b)) => {
                        format!("Some(({}, {}))", a.as_f64().unwrap_or(0.0) as i64, b.as_f64().unwrap_or(0.0) as i64)
                    }
                    _ => "None".into(),
                };
                let references = match opt["references"]["target_type"].as_str() {
                    Some(t) => format!("Some(Reference {{ target: {:?}, many: {} }})", t, opt["references"]["cardinality"] == "many"),
                    None => "None".into(),
                };
                let prefix = match opt["name_regex"].as_str() {
                    // Regex-registered names are all of the form `^prefix` or `^prefix.+`.
                    Some(re) => format!("Some({:?})", re.trim_start_matches('^').trim_end_matches(".+").trim_end_matches(".*")),
                    None => "None".into(),
                };
                // The value the object holds (what `pjsip show` prints). For plain strings that is
                // the registered default even where the behaviour substitutes another value when
                // the string is empty (registration `contact_user`: empty stored, `s` used).
                let registered = opt["default"].as_str().filter(|d| !d.starts_with('?'));
                let default = match registered {
                    Some(d) if opt["kind"] == "string" => d,
                    _ => opt["effective_default"].as_str().unwrap_or(""),
                };
                let _ = writeln!(
                    opts_src,
                    "    OptionSchema {{ name: {:?}, name_prefix: {prefix}, kind: Kind::{}, default: {:?}, enum_values: {list_name}, case_sensitive: {}, bool_synonyms: {}, range: {range}, repeat: Repeat::{}, empty: Empty::{}, references: {references}, separator: {:?}, present_in: Releases({}), alias_of: {}, deprecated: {}, required: {}, printer: Printer::{} }},",
                    opt["name"].as_str().unwrap_or(""),
                    kind_variant(opt["kind"].as_str().unwrap_or("custom")),
                    default,
                    opt["case_sensitive_values"].as_bool().unwrap_or(false),
                    opt["accepts_bool_synonyms"].as_bool().unwrap_or(false),
                    camel(opt["repeat"].as_str().unwrap_or("last_wins")),
                    opt["empty_value"].as_str().map(camel).unwrap_or_else(|| "Unknown".into()),
                    opt["list_separator"].as_str().unwrap_or(""),
                    releases(&opt["present_in"]),
                    opt["alias_of"].as_str().map(|a| format!("Some({a:?})")).unwrap_or_else(|| "None".into()),
                    opt["deprecated"].as_bool().unwrap_or(false),
                    opt["required"].as_bool().unwrap_or(false),
                    match (opt["aco_type"].as_str().unwrap_or(""), opt["kind"].as_str().unwrap_or("")) {
                        ("OPT_BOOL_T", _) | ("", "bool") => "TrueFalse",
                        ("OPT_YESNO_T", _) => "YesNo",
                        ("OPT_UINT_T" | "OPT_INT_T", _) => "Integer",
                        ("OPT_DOUBLE_T", _) => "Double",
                        ("OPT_CODEC_T", _) => "Codecs",
                        ("OPT_CUSTOM_T", _) => "Custom",
                        _ => "AsStored",
                    },
                );
            }
            let _ = writeln!(out, "const T{type_idx}_OPTIONS: &[OptionSchema] = &[\n{opts_src}];");
            let _ = writeln!(
                types_src,
                "    TypeSchema {{ name: {name:?}, file: {file_name:?}, single_object: {}, explicit_name: {}, loaded_from_config: {}, present_in: Releases({}), options: T{type_idx}_OPTIONS, index: {type_idx} }},",
                ty["single_object"].as_bool().unwrap_or(false),
                ty["explicit_name"].as_str().map(|a| format!("Some({a:?})")).unwrap_or_else(|| "None".into()),
                ty["loaded_from_pjsip_conf"].as_bool().unwrap_or(false),
                releases(&ty["present_in"]),
            );
            variants.push((camel(name), name.to_string()));
            type_idx += 1;
        }
    }
    let mut all = String::from("// @generated by build.rs from data/pjsip-options.json. Do not edit.\n");
    all.push_str(&list_defs);
    all.push_str(&out);
    let _ = writeln!(all, "/// Every object type, in the order of the source JSON.\npub static TYPES: &[TypeSchema] = &[\n{types_src}];");
    let _ = writeln!(
        all,
        "/// Every object type, as a type: what a section's `type=` names (or a wizard).\n\
         #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\n\
         pub enum ObjectType {{\n{}}}\n\
         impl ObjectType {{\n\
             /// Every type, in the order of [`TYPES`].\n\
             pub const ALL: [ObjectType; {}] = [{}];\n\
             /// The name `type=` uses (`endpoint`, `inbound-publication`, …).\n\
             pub const fn name(self) -> &'static str {{\n        match self {{\n{}        }}\n    }}\n\
         }}",
        variants.iter().map(|(v, n)| format!("    /// `type={n}`\n    {v},\n")).collect::<String>(),
        variants.len(),
        variants.iter().map(|(v, _)| format!("ObjectType::{v}")).collect::<Vec<_>>().join(", "),
        variants.iter().map(|(v, n)| format!("            ObjectType::{v} => {n:?},\n")).collect::<String>(),
    );
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out_dir.join("schema.rs"), all).expect("OUT_DIR is writable");
    let slots = format!("// @generated by build.rs from data/pjsip-options.json. Do not edit.\n{slots_src}");
    std::fs::write(out_dir.join("slots.rs"), slots).expect("OUT_DIR is writable");
}

/// Release bit: 16, 18, 20, 21, 22 (22.10.1), 23, then bit 6 for newer code (release
/// candidates and master), which no supported [`AsteriskVersion`] selects.
fn releases(list: &Value) -> u8 {
    let mut bits = 0u8;
    for r in list.as_array().into_iter().flatten().filter_map(Value::as_str) {
        let bit = if r.contains("rc") || r.starts_with("master") {
            6
        } else {
            match r.split('.').next() {
                Some("16") => 0,
                Some("18") => 1,
                Some("20") => 2,
                Some("21") => 3,
                Some("22") => 4,
                Some("23") => 5,
                _ => 6,
            }
        };
        bits |= 1 << bit;
    }
    bits
}

fn camel(s: &str) -> String {
    s.split(['_', '-', ' '])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn kind_variant(kind: &str) -> String {
    const KNOWN: &[&str] = &[
        "type",
        "bool",
        "uint",
        "int",
        "double",
        "string",
        "enum",
        "enum_list",
        "codec_list",
        "ref",
        "ref_list",
        "uri",
        "uri_list",
        "host",
        "host_port",
        "host_port_list",
        "ip_acl_list",
        "named_acl_list",
        "match_list",
        "header_match",
        "string_or_regex",
        "regex",
        "file_path",
        "tos",
        "callerid",
        "group_list",
        "string_list",
        "key_value",
        "codec_prefs",
        "digest",
        "digest_list",
        "security_mechanism_list",
        "deprecated_noop",
        "passthrough",
        "custom",
    ];
    if KNOWN.contains(&kind) {
        camel(kind)
    } else {
        "Custom".into()
    }
}
