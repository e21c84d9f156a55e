//! The regex engine against the real glibc: every row of `tests/fixtures/regex/glibc.jsonl`
//! (recorded by `scripts/record-glibc-regex.py` through `regcomp(REG_EXTENDED | REG_NOSUB)` and
//! `regexec` in the C.UTF-8 locale, as Asterisk calls them) must come out the same: the same
//! match verdict, or a refusal with the same glibc error code.
//!
//! The deliberate differences are this engine's limits: glibc compiles back-references and huge
//! expansions, this engine refuses them ([`RegexError::BackReference`], [`RegexError::TooLarge`]);
//! those rows only require that glibc accepted them.

use pjsip_syntax::regex::{Regex, RegexError};

#[test]
fn agrees_with_glibc() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/regex/glibc.jsonl");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let (mut rows, mut differences) = (0, Vec::new());
    for line in text.lines() {
        let row: (String, String, String) = serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        let (pattern, subject, expected) = row;
        rows += 1;
        let ours = match Regex::new(&pattern) {
            Ok(re) => if re.is_match(&subject) { "match" } else { "nomatch" }.to_string(),
            // This engine's own limits, where glibc compiles the pattern.
            Err(RegexError::BackReference | RegexError::TooLarge) if !expected.starts_with("REG_") => continue,
            Err(e) => e.glibc_code().to_string(),
        };
        if ours != expected {
            differences.push(format!("{pattern:?} on {subject:?}: glibc {expected}, ours {ours}"));
        }
    }
    assert!(rows > 10_000, "only {rows} rows in {path}");
    assert!(
        differences.is_empty(),
        "{} of {rows} rows differ:\n{}",
        differences.len(),
        differences.iter().take(60).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// Patterns the fuzzer found that glibc itself cannot handle: stacked repetitions run it out of
/// memory (it copies the subexpression per operator), a large bound on a group of empty loops
/// takes it exponential time. This engine refuses the first quickly as too large and answers
/// the second in microseconds.
#[test]
fn stacked_repetitions_are_refused_not_expanded() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/regressions/regex");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{dir}: {e}")) {
        let data = std::fs::read(entry.expect("an entry").path()).expect("readable");
        let text = String::from_utf8_lossy(&data);
        let (pattern, subject) = text.split_once('\0').unwrap_or((&text, ""));
        if let Ok(re) = Regex::new(pattern) {
            re.is_match(subject);
        }
        seen += 1;
    }
    assert!(seen > 0, "no regression inputs in {dir}");
    assert_eq!(Regex::new(&format!("A{}", "+".repeat(40))), Err(RegexError::TooLarge));
}
