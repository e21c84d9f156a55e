//! `check --format github`: one GitHub Actions workflow command per diagnostic
//! (`::error file=…,line=…::message`), which the runner turns into annotations on the changed
//! lines of a pull request. Errors stay errors, warnings warnings, hints become notices.

use pjsip_analysis::syntax::render::{Files, Locator};
use pjsip_analysis::{Diagnostic, FileSpan, Severity, Span};

/// The workflow commands for `diagnostics`, one line each.
pub fn annotations(files: &dyn Files, diagnostics: &[Diagnostic]) -> Vec<String> {
    let locator = Locator::new(files);
    diagnostics.iter().map(|d| annotation(&locator, d)).collect()
}

fn annotation(locator: &Locator<'_>, d: &Diagnostic) -> String {
    let (file, line, column) = locator.location(d.primary);
    let (_, end_line, end_column) = locator.location(FileSpan::new(d.primary.file, Span::empty(d.primary.span.end as usize)));
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Hint => "notice",
    };
    let mut message = d.message.clone();
    for note in &d.notes {
        message.push('\n');
        message.push_str(note);
    }
    let mut properties = vec![format!("file={}", property(file)), format!("line={line}"), format!("col={column}")];
    // GitHub reads `endColumn` only on a single line.
    if end_line == line {
        properties.push(format!("endColumn={}", end_column.max(column)));
    } else {
        properties.push(format!("endLine={end_line}"));
    }
    properties.push(format!("title={}", property(&format!("pjsip-lab {}", d.code))));
    format!("::{level} {}::{}", properties.join(","), data(&message))
}

/// Escapes a command's message: `%`, and line breaks (a message may span lines).
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value: as the message, plus `:` and `,`, which end properties.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_ends_a_command() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
