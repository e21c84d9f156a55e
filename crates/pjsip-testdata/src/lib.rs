//! Where tests find the data they compare against: the `shared/` folder beside the repository
//! (the corpus of real configs, the oracle's recorded answers, the reference facts), or the folder
//! `PJSIP_LAB_SHARED` names.
//!
//! Missing data is a failure, never a skip: every function here panics with a message that says
//! what is missing and how to point the tests at it. A test that passes because its data was
//! absent would assert nothing.

use std::path::{Path, PathBuf};

/// The repository's root (this crate lives in `crates/pjsip-testdata`).
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `shared/` folder: `$PJSIP_LAB_SHARED`, else `../shared` next to the repository.
pub fn shared() -> PathBuf {
    let dir = std::env::var_os("PJSIP_LAB_SHARED").map(PathBuf::from).unwrap_or_else(|| repository_root().join("../shared"));
    assert!(
        dir.is_dir(),
        "the shared test data is not at {} — check out `shared/` beside the repository or set PJSIP_LAB_SHARED",
        dir.display()
    );
    dir
}

/// A path inside `shared/` that must exist.
pub fn shared_path(relative: &str) -> PathBuf {
    let path = shared().join(relative);
    assert!(path.exists(), "{} is missing from the shared test data", path.display());
    path
}

/// Every file under `dir`, recursively, sorted. Panics if `dir` is missing or holds no file.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap_or_else(|e| panic!("cannot read an entry of {}: {e}", dir.display())).path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    assert!(!out.is_empty(), "{} holds no files", dir.display());
    out
}

/// A file's text, or a panic naming the file.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}
