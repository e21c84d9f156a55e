//! Every file of `../shared/corpus` parses with no error, except the configs that a real
//! Asterisk 22 refused as a whole (checked against `../shared/oracle/load`), and for those we
//! must report the refusal too. Set `PJSIP_LAB_SHARED` to use another `shared/` folder.

mod common;

use std::path::Path;

use pjsip_testdata::{files_under, read, shared};

use pjsip_syntax::{load, SourceSet};

/// Did the real Asterisk refuse this whole file? `None` when there is no verdict for it.
fn oracle_refused(corpus_relative: &Path) -> Option<bool> {
    let verdict = shared().join("oracle/load").join(format!("{}.out.json", corpus_relative.display()));
    if !verdict.exists() {
        return None;
    }
    let json: serde_json::Value = serde_json::from_str(&read(&verdict)).unwrap_or_else(|e| panic!("{}: {e}", verdict.display()));
    let errors = json["errors"].as_array()?;
    Some(errors.iter().any(|e| e["line"].as_str().is_some_and(|l| l.contains("are invalid and cannot be parsed"))))
}

#[test]
fn corpus_parses_like_asterisk() {
    let corpus = shared().join("corpus");
    let files: Vec<_> = files_under(&corpus).into_iter().filter(|p| p.file_name().is_some_and(|n| n != "SOURCE")).collect();
    assert!(files.len() > 500, "only {} corpus files at {}", files.len(), corpus.display());
    let (mut checked, mut refused_agree, mut incomplete, mut failures) = (0, 0, Vec::new(), Vec::new());
    for path in &files {
        let text = read(path);
        let dir = path.parent().unwrap().to_path_buf();
        // Like the oracle's harness: include targets come from the same directory only.
        let mut sources = SourceSet::with_reader(Box::new(move |name: &str| {
            let candidate = dir.join(Path::new(name).file_name()?);
            std::fs::read_to_string(candidate).ok()
        }));
        let root = sources.add(path.file_name().unwrap().to_str().unwrap(), text.as_str());
        let config = load(&mut sources, root);
        common::check_invariants(&text, config.parse_of(root).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        checked += 1;
        let relative = path.strip_prefix(&corpus).unwrap();
        let refused = oracle_refused(relative);
        let errors: Vec<String> = config.errors().map(|d| format!("{}: {}", d.code, d.message)).collect();
        let missing_include = config.errors().any(|d| d.code == "config/include-not-found");
        match refused {
            Some(true) if config.is_rejected() => refused_agree += 1,
            // No verdict (the chan_sip files): an include the corpus does not hold makes the file
            // incomplete here, not wrong; it is listed, and must still be lossless (checked above).
            None if missing_include => incomplete.push(relative.display().to_string()),
            // Otherwise (including files Asterisk refused for object-level reasons such as
            // duplicate objects, which are not syntax) the file must parse cleanly here.
            _ if !errors.is_empty() => failures.push(format!("{}: {errors:?}", relative.display())),
            _ => {}
        }
    }
    println!("corpus: {checked} files parsed, {refused_agree} whole-file refusals agreed with Asterisk");
    println!("{} files include targets the corpus lacks: {incomplete:?}", incomplete.len());
    assert!(incomplete.len() <= 5, "more corpus files than expected lack their includes: {incomplete:?}");
    assert!(failures.is_empty(), "{} files disagree:\n{}", failures.len(), failures.join("\n"));
}
