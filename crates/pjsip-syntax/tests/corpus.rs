//! Every file of `../shared/corpus` parses with no error, except the configs that a real
//! Asterisk 22 refused as a whole (checked against `../shared/oracle/load`), and for those we
//! must report the refusal too. Set `PJSIP_LAB_SHARED` to use another `shared/` folder.

mod common;

use std::path::{Path, PathBuf};

use pjsip_syntax::{load, SourceSet};

fn shared() -> PathBuf {
    std::env::var_os("PJSIP_LAB_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.file_name().is_some_and(|n| n != "SOURCE") {
            out.push(path);
        }
    }
}

/// Did the real Asterisk refuse this whole file? `None` when there is no verdict for it.
fn oracle_refused(corpus_relative: &Path) -> Option<bool> {
    let verdict = shared().join("oracle/load").join(format!("{}.out.json", corpus_relative.display()));
    let text = std::fs::read_to_string(verdict).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    let errors = json["errors"].as_array()?;
    Some(errors.iter().any(|e| e["line"].as_str().is_some_and(|l| l.contains("are invalid and cannot be parsed"))))
}

#[test]
fn corpus_parses_like_asterisk() {
    let corpus = shared().join("corpus");
    let mut files = Vec::new();
    walk(&corpus, &mut files);
    files.sort();
    assert!(files.len() > 500, "corpus not found at {} (set PJSIP_LAB_SHARED)", corpus.display());
    let (mut checked, mut refused_agree, mut failures) = (0, 0, Vec::new());
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
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
        match refused {
            Some(true) if config.is_rejected() => refused_agree += 1,
            // Otherwise (including files Asterisk refused for object-level reasons such as
            // duplicate objects, which are not syntax) the file must parse cleanly here.
            _ if !errors.is_empty() => failures.push(format!("{}: {errors:?}", relative.display())),
            _ => {}
        }
    }
    println!("corpus: {checked} files parsed, {refused_agree} whole-file refusals agreed with Asterisk");
    assert!(failures.is_empty(), "{} files disagree:\n{}", failures.len(), failures.join("\n"));
}
