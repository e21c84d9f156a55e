//! `check --format sarif`: the diagnostics as a SARIF 2.1.0 log, the format code-scanning
//! services (GitHub's among them) take as an upload.
//!
//! One run, one tool (`pjsip-lab`) whose rules are the diagnostic codes that occur; one result
//! per diagnostic with its level, its message (Asterisk's log phrase appended), its primary
//! region and the secondary sites as related locations. Lines and columns are 1-based; columns
//! count Unicode code points, as `columnKind` says. File names are written as given on the
//! command line (relative names stay relative, which is what an upload from a checkout needs).

use pjsip_analysis::syntax::render::{Files, Locator};
use pjsip_analysis::syntax::Code;
use pjsip_analysis::{Diagnostic, FileSpan, Severity, Span};
use serde_json::{json, Value};

/// The log for `diagnostics` of the files `files`.
pub fn log(files: &dyn Files, diagnostics: &[Diagnostic]) -> Value {
    let locator = Locator::new(files);
    let mut codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
    codes.sort_unstable_by_key(|c| c.name());
    codes.dedup_by_key(|c| c.name());
    let rules: Vec<&str> = codes.iter().map(|c| c.name()).collect();
    let results: Vec<Value> = diagnostics.iter().map(|d| result(&locator, files, d, &rules)).collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "pjsip-lab",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": codes.iter().map(|code| json!({
                        "id": code.name(),
                        "shortDescription": { "text": code.summary() },
                        "fullDescription": { "text": code.docs() },
                    })).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

fn result(locator: &Locator<'_>, files: &dyn Files, d: &Diagnostic, rules: &[&str]) -> Value {
    let mut message = d.message.clone();
    for note in &d.notes {
        message.push('\n');
        message.push_str(note);
    }
    let related: Vec<Value> = d
        .secondary
        .iter()
        .enumerate()
        .map(|(i, label)| {
            json!({
                "id": i + 1,
                "physicalLocation": physical(locator, files, label.at),
                "message": { "text": label.message },
            })
        })
        .collect();
    let mut result = json!({
        "ruleId": d.code.name(),
        "ruleIndex": rules.iter().position(|r| *r == d.code).unwrap_or(0),
        "level": match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Hint => "note",
        },
        "message": { "text": message },
        "locations": [{ "physicalLocation": physical(locator, files, d.primary) }],
    });
    if !related.is_empty() {
        result["relatedLocations"] = Value::Array(related);
    }
    result
}

fn physical(locator: &Locator<'_>, files: &dyn Files, at: FileSpan) -> Value {
    let (_, start_line, start_column) = locator.location(at);
    let (_, end_line, end_column) = locator.location(FileSpan::new(at.file, Span::empty(at.span.end as usize)));
    json!({
        "artifactLocation": { "uri": uri(files.name(at.file)) },
        "region": {
            "startLine": start_line,
            "startColumn": start_column,
            "endLine": end_line.max(start_line),
            "endColumn": if end_line > start_line { end_column } else { end_column.max(start_column) },
        }
    })
}

/// A file name as a URI reference: relative names stay relative; bytes outside the unreserved
/// set (and `/`) are percent-encoded; absolute paths become `file://` URIs.
fn uri(name: &str) -> String {
    let mut out = String::new();
    if name.starts_with('/') {
        out.push_str("file://");
    }
    for byte in name.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn names_become_uri_references() {
        assert_eq!(uri("conf/pjsip.conf"), "conf/pjsip.conf");
        assert_eq!(uri("/etc/asterisk/my pjsip.conf"), "file:///etc/asterisk/my%20pjsip.conf");
    }
}
