//! `pjsip-lab explain TYPE[.OPTION]`: the same explanation the web reference shows, with the
//! schema facts beside it (kind, default, allowed values, releases) and the official doc link.
//!
//! Unknown names exit with status 2 and a "did you mean" built from the schema.

use pjsip_analysis::explain::{self, OptionExplanation, TypeExplanation};
use pjsip_analysis::schema::Kind;
use pjsip_analysis::AsteriskVersion;
use serde_json::{json, Value};

use crate::args::{Args, Format};

pub fn run(args: &Args) -> u8 {
    let [topic] = args.files.as_slice() else {
        crate::usage_error("explain needs exactly one TYPE or TYPE.OPTION (e.g. `endpoint` or `aor.max_contacts`)");
        return 2;
    };
    // Type names contain no `.`, option names may (never before the type), so split at the first.
    let result = match topic.split_once('.') {
        Some((ty, option)) => explain::explain_option(ty, option, args.version).map(|e| render_option(&e, args)),
        None => explain::explain_type(topic).map(|e| render_type(&e, args)),
    };
    match result {
        Ok(text) => {
            crate::stdout::outln!("{text}");
            0
        }
        Err(error) => {
            eprintln!("pjsip-lab: {error}");
            2
        }
    }
}

/// `Kind::EnumList` → `enum_list`, the spelling of the reference JSON.
fn kind_name(kind: Kind) -> String {
    let mut out = String::new();
    for (i, c) in format!("{kind:?}").chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn versions(e: &OptionExplanation) -> Vec<u32> {
    e.schema.present_in.versions().map(AsteriskVersion::major).collect()
}

fn option_json(e: &OptionExplanation, version: AsteriskVersion) -> Value {
    json!({
        "type": e.type_name,
        "option": e.schema.name,
        "kind": kind_name(e.schema.kind),
        "default": e.schema.default,
        "values": e.schema.enum_values,
        "versions": versions(e),
        "text": e.text,
        "related": e.related,
        "url": e.doc_url(version),
    })
}

fn render_option(e: &OptionExplanation, args: &Args) -> String {
    if args.format == Format::Json {
        return option_json(e, args.version).to_string();
    }
    let mut out = format!("{}.{}  ({}", e.type_name, e.schema.name, kind_name(e.schema.kind));
    if !e.schema.default.is_empty() {
        out.push_str(&format!(", default {}", e.schema.default));
    }
    out.push_str(")\n");
    if !e.schema.enum_values.is_empty() && e.schema.enum_values.len() <= 16 {
        out.push_str(&format!("values: {}\n", e.schema.enum_values.join(", ")));
    }
    let list: Vec<String> = versions(e).iter().map(u32::to_string).collect();
    out.push_str(&format!("Asterisk: {}\n\n{}\n", list.join(", "), e.text));
    if !e.related.is_empty() {
        out.push_str(&format!("\nrelated: {}\n", e.related.join(", ")));
    }
    out.push_str(&format!("docs: {}", e.doc_url(args.version)));
    out
}

fn render_type(e: &TypeExplanation, args: &Args) -> String {
    let options = e.options(args.version);
    if args.format == Format::Json {
        return json!({
            "type": e.schema.name,
            "file": e.schema.file,
            "text": e.text,
            "url": e.doc_url(args.version),
            "options": options.iter().map(|o| option_json(o, args.version)).collect::<Vec<_>>(),
        })
        .to_string();
    }
    let mut out = format!("{}  ({})\n\n{}\n\noptions in Asterisk {}:\n", e.schema.name, e.schema.file, e.text, args.version.major());
    let width = options.iter().map(|o| o.schema.name.len()).max().unwrap_or(0);
    for o in &options {
        let first = o.text.split(". ").next().unwrap_or("").trim_end_matches('.');
        out.push_str(&format!("  {:width$}  {first}.\n", o.schema.name));
    }
    out.push_str(&format!("docs: {}", e.doc_url(args.version)));
    out
}
