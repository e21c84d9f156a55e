//! Shared helpers: finding the shared corpus, reading a corpus file as the CLI would.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use pjsip_migrate::{MigrateInput, SourceText};

/// `PJSIP_LAB_SHARED`, else `../shared` next to the repository.
pub fn shared() -> PathBuf {
    std::env::var_os("PJSIP_LAB_SHARED").map(PathBuf::from).unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

/// Every sip.conf of the corpus (the samples included), sorted, relative paths.
pub fn corpus() -> Vec<PathBuf> {
    let root = shared().join("corpus/sip");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    assert!(files.len() > 150, "the sip.conf corpus was not found at {} (set PJSIP_LAB_SHARED)", root.display());
    files
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("sip.conf")) {
            out.push(path);
        }
    }
}

/// The corpus path relative to `corpus/sip`, for tables.
pub fn relative(path: &Path) -> String {
    path.strip_prefix(shared().join("corpus/sip")).unwrap_or(path).display().to_string()
}

/// A migration input for one corpus file: read as sip.conf, includes from the same directory
/// (as the oracle's harness does), the users.conf sample next to the sip.conf sample.
pub fn input(path: &Path) -> MigrateInput {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut files = vec![SourceText { name: "sip.conf".into(), text }];
    if relative(path) == "sip.conf.sample-asterisk-20" {
        let users = shared().join("corpus/sip/users.conf.sample-asterisk-20");
        let text = std::fs::read_to_string(&users).unwrap_or_else(|e| panic!("{}: {e}", users.display()));
        files.push(SourceText { name: "users.conf".into(), text });
    }
    let dir = path.parent().unwrap().to_path_buf();
    MigrateInput::new(files).with_reader(Box::new(move |name: &str| {
        let candidate = dir.join(Path::new(name).file_name()?);
        std::fs::read_to_string(candidate).ok()
    }))
}
