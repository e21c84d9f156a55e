//! The set of named files a configuration is read from.
//!
//! In the browser these are the editor's tabs; in the CLI they are files on disk, read on
//! demand through a [`FileReader`] when an `#include` names them. The loader never touches the
//! file system itself, so it behaves the same in both places and cannot hang on a slow disk.

use std::sync::Arc;

use crate::span::FileId;

/// One named text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The name as the user knows it: a tab title or a path.
    pub name: String,
    pub text: Arc<str>,
}

/// Reads a file that an `#include` names but the set does not hold yet (CLI only).
pub type FileReader = Box<dyn FnMut(&str) -> Option<String>>;

/// Named files, in the order they were added. The first is usually the root (`pjsip.conf`).
#[derive(Default)]
pub struct SourceSet {
    files: Vec<SourceFile>,
    reader: Option<FileReader>,
    /// Exact name → file, and normalised path (`./a/../b.conf` → `b.conf`) → first file with it:
    /// look-ups stay O(1) in a directory of thousands of files.
    names: crate::fast_hash::FastMap<String, FileId>,
    paths: crate::fast_hash::FastMap<String, FileId>,
}

impl std::fmt::Debug for SourceSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceSet").field("files", &self.files).field("reader", &self.reader.is_some()).finish()
    }
}

impl SourceSet {
    pub fn new() -> SourceSet {
        SourceSet::default()
    }

    /// A set that can pull further files in through `reader` when includes ask for them.
    pub fn with_reader(reader: FileReader) -> SourceSet {
        SourceSet { reader: Some(reader), ..SourceSet::default() }
    }

    /// Adds (or replaces) a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> FileId {
        let name = name.into();
        let text = text.into();
        if let Some(id) = self.find(&name) {
            self.files[id.0 as usize].text = text;
            return id;
        }
        let id = FileId(self.files.len() as u32);
        self.names.insert(name.clone(), id);
        self.paths.entry(normalize(&name)).or_insert(id);
        self.files.push(SourceFile { name, text });
        id
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn text(&self, id: FileId) -> &str {
        &self.files[id.0 as usize].text
    }

    pub fn name(&self, id: FileId) -> &str {
        &self.files[id.0 as usize].name
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn ids(&self) -> impl Iterator<Item = FileId> {
        (0..self.files.len() as u32).map(FileId)
    }

    /// The file called exactly `name`.
    pub fn find(&self, name: &str) -> Option<FileId> {
        self.names.get(name).copied()
    }

    /// The first file whose name, normalised, is the path `path` (already normalised).
    fn find_path(&self, path: &str) -> Option<FileId> {
        self.paths.get(path).copied()
    }

    /// The files an `#include` argument written in `from` refers to.
    ///
    /// A relative name is looked up next to the including file, then as written; an absolute
    /// one as written, then by its last component next to the including file (so an
    /// `#include /etc/asterisk/extra.conf` finds a browser tab named `extra.conf`). Glob patterns
    /// (`*`, `?`) match the names already in the set, sorted, like Asterisk's use of `glob(3)`.
    pub fn resolve_include(&mut self, from: FileId, argument: &str) -> Vec<FileId> {
        let dir = parent(self.name(from)).to_string();
        let candidates = if argument.starts_with('/') {
            vec![normalize(argument), join(&dir, base_name(argument))]
        } else {
            vec![join(&dir, argument), normalize(argument)]
        };
        if argument.contains(['*', '?']) {
            let mut found: Vec<FileId> =
                self.ids().filter(|&id| candidates.iter().any(|pattern| glob_match(pattern, &normalize(self.name(id))))).collect();
            found.sort_by(|a, b| self.name(*a).cmp(self.name(*b)));
            return found;
        }
        for candidate in &candidates {
            if let Some(id) = self.find(candidate).or_else(|| self.find_path(candidate)) {
                return vec![id];
            }
        }
        if let Some(reader) = self.reader.as_mut() {
            for candidate in candidates {
                if let Some(text) = reader(&candidate) {
                    return vec![self.add(candidate, text)];
                }
            }
        }
        Vec::new()
    }
}

fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

fn base_name(path: &str) -> &str {
    path.rfind('/').map_or(path, |i| &path[i + 1..])
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        normalize(name)
    } else {
        normalize(&format!("{dir}/{name}"))
    }
}

/// Removes `.` components and folds `dir/..`, keeping a leading `/`.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    if path.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

/// `*` and `?` wildcards, as `glob(3)` applies them within one path.
fn glob_match(pattern: &str, name: &str) -> bool {
    let (p, n) = (pattern.as_bytes(), name.as_bytes());
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi] == n[ni]) && !(p[pi] == b'?' && n[ni] == b'/') {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star.filter(|&(_, sn)| n[sn] != b'/') {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn include_resolution() {
        let mut set = SourceSet::new();
        let root = set.add("conf/pjsip.conf", "");
        let extra = set.add("conf/extra.conf", "");
        let other = set.add("conf/sub/other.conf", "");
        assert_eq!(set.resolve_include(root, "extra.conf"), vec![extra]);
        assert_eq!(set.resolve_include(root, "./sub/../extra.conf"), vec![extra]);
        assert_eq!(set.resolve_include(root, "/etc/asterisk/extra.conf"), vec![extra]);
        assert_eq!(set.resolve_include(root, "sub/*.conf"), vec![other]);
        assert_eq!(set.resolve_include(root, "*.conf"), vec![extra, root]);
        assert!(set.resolve_include(root, "missing.conf").is_empty());
    }

    #[test]
    fn reader_pulls_files_in() {
        let mut set = SourceSet::with_reader(Box::new(|path| (path == "a/b.conf").then(|| "[x]".to_string())));
        let root = set.add("a/pjsip.conf", "");
        let found = set.resolve_include(root, "b.conf");
        assert_eq!(found.len(), 1);
        assert_eq!(set.text(found[0]), "[x]");
    }

    #[test]
    fn globbing() {
        assert!(glob_match("*.conf", "a.conf"));
        assert!(!glob_match("*.conf", "d/a.conf"));
        assert!(glob_match("a?c", "abc"));
        assert!(!glob_match("a?c", "ac"));
    }
}
