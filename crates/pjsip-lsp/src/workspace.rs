//! The configurations behind the open documents, and their analyses.
//!
//! Asterisk reads a directory: `pjsip.conf` is the root, `pjsip_wizard.conf` beside it the
//! wizard file, `acl.conf` the named ACLs, and `#include`s pull in the rest. So an open document
//! belongs to the configuration of its directory's `pjsip.conf` (open or on disk) when that
//! configuration reads it; a document nothing reads (a file opened on its own, a directory
//! without `pjsip.conf`) is the root of a configuration of its own. Open documents always win
//! over the disk: includes are read through an overlay of the editor's texts.
//!
//! Each configuration is analysed as a whole, with the same facade the CLI and the web app use,
//! so an editor sees exactly what `pjsip-lab check` reports. A change re-analyses only the
//! configurations that read the changed document.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use pjsip_analysis::ide::navigate::Index;
use pjsip_analysis::{Analysis, AsteriskVersion, FileId, Input, InputFile, ACL_CONF, PJSIP_CONF, PJSIP_WIZARD_CONF};

use crate::documents::Document;

/// One analysed configuration.
#[derive(Debug)]
pub struct Entry {
    /// The root file's name (a path, or a URI for documents that are not files).
    pub root: String,
    pub analysis: Analysis,
    /// The navigation index, built on first use.
    index: OnceLock<Index>,
}

impl Entry {
    pub fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::build(&self.analysis))
    }

    /// Whether loading parsed the file `name` (as root, wizard file, `acl.conf` or an include).
    pub fn reads(&self, name: &str) -> bool {
        self.file(name).is_some()
    }

    /// The id of the file `name` in this analysis, if loading parsed it.
    pub fn file(&self, name: &str) -> Option<FileId> {
        let id = self.analysis.file_id(name)?;
        let configs = [Some(&self.analysis.config), self.analysis.wizard.as_ref(), self.analysis.acl_conf.as_ref()];
        configs.into_iter().flatten().any(|c| c.parse_of(id).is_some()).then_some(id)
    }
}

/// Open documents, configurations and the settings they are analysed with.
#[derive(Debug, Default)]
pub struct Workspace {
    pub version: AsteriskVersion,
    pub documents: BTreeMap<String, Document>,
    /// Analyses by root name.
    pub entries: BTreeMap<String, Arc<Entry>>,
    /// Roots to re-analyse before the next answer.
    dirty: BTreeSet<String>,
    /// Replaced analyses, freed once their successors' diagnostics are sent
    /// ([`Workspace::free_retired`]).
    retired: Vec<Arc<Entry>>,
}

impl Workspace {
    pub fn new(version: AsteriskVersion) -> Workspace {
        Workspace { version, ..Workspace::default() }
    }

    /// Records that `name` changed (opened, edited, closed): every configuration reading it
    /// must be analysed again; when none does, the one its directory's `pjsip.conf` roots.
    pub fn touch(&mut self, name: &str) {
        let readers: Vec<String> = self.entries.values().filter(|e| e.reads(name)).map(|e| e.root.clone()).collect();
        if readers.is_empty() {
            self.dirty.insert(self.root_for(name));
        }
        self.dirty.extend(readers);
    }

    /// Frees the analyses that refreshing replaced. Freeing a 10,000-phone analysis costs about
    /// an eighth of building one, so the server does it after sending the new diagnostics
    /// rather than before. (A thread of its own for it was measured slower on two busy cores:
    /// it contends with the next analysis for the allocator and the processor.)
    pub fn free_retired(&mut self) {
        self.retired.clear();
    }

    pub fn is_dirty(&self) -> bool {
        !self.dirty.is_empty()
    }

    /// Re-analyses what changed. Returns the open documents whose diagnostics may differ.
    pub fn refresh(&mut self) -> Vec<String> {
        let mut changed = BTreeSet::new();
        while let Some(root) = self.dirty.pop_first() {
            changed.insert(root.clone());
            if !self.documents.contains_key(&root) && !exists_on_disk(&root) {
                self.retired.extend(self.entries.remove(&root));
                continue;
            }
            let entry = Arc::new(self.analyse(&root, self.entries.get(&root).map(|e| &e.analysis)));
            // Documents of this directory that the configuration does not read stand alone.
            let orphans: Vec<String> = self
                .documents
                .keys()
                .filter(|d| **d != root && self.root_for(d) == root && !entry.reads(d) && !changed.contains(*d))
                .cloned()
                .collect();
            self.dirty.extend(orphans);
            self.retired.extend(self.entries.insert(root, entry));
        }
        let owners: BTreeSet<String> = self.documents.keys().filter_map(|d| self.owner(d)).map(|e| e.root.clone()).collect();
        let unowned: Vec<String> = self.entries.keys().filter(|root| !owners.contains(*root)).cloned().collect();
        for root in unowned {
            self.retired.extend(self.entries.remove(&root));
        }
        self.documents.keys().filter(|d| self.owner(d).is_none_or(|e| changed.contains(&e.root))).cloned().collect()
    }

    /// The configuration an open document's diagnostics come from: its directory's, when that
    /// reads it, else its own.
    pub fn owner(&self, name: &str) -> Option<&Arc<Entry>> {
        let home = self.root_for(name);
        match self.entries.get(&home) {
            Some(entry) if entry.reads(name) => Some(entry),
            _ => self.entries.get(name).filter(|e| e.reads(name)),
        }
    }

    /// Every analysed configuration.
    pub fn all(&self) -> impl Iterator<Item = &Arc<Entry>> {
        self.entries.values()
    }

    /// `pjsip.conf` of the document's directory when there is one (open or on disk), else the
    /// document itself.
    pub fn root_for(&self, name: &str) -> String {
        let candidate = join(parent(name), PJSIP_CONF);
        if self.documents.contains_key(&candidate) || exists_on_disk(&candidate) {
            candidate
        } else {
            name.to_string()
        }
    }

    /// The text of `name`: the open document's, else the file's on disk.
    pub fn read(&self, name: &str) -> Option<String> {
        match self.documents.get(name) {
            Some(doc) => Some(doc.text.clone()),
            None => read_disk(name),
        }
    }

    /// Analyses the configuration rooted at `root`, reusing what the edit left of `previous`.
    fn analyse(&self, root: &str, previous: Option<&Analysis>) -> Entry {
        let mut files = vec![InputFile { name: root.to_string(), text: self.read(root).unwrap_or_default() }];
        // The wizard and the named ACLs beside the root, as Asterisk reads them.
        if base_name(root) == PJSIP_CONF {
            for sibling in [PJSIP_WIZARD_CONF, ACL_CONF] {
                let name = join(parent(root), sibling);
                if let Some(text) = self.read(&name) {
                    files.push(InputFile { name, text });
                }
            }
        }
        let overlay: HashMap<String, String> = self.documents.iter().map(|(n, d)| (n.clone(), d.text.clone())).collect();
        let reader = move |path: &str| overlay.get(path).cloned().or_else(|| read_disk(path));
        let input = Input::new(files, self.version).with_reader(Box::new(reader));
        let analysis = match previous {
            Some(previous) => Analysis::reusing(&input, previous),
            None => Analysis::new(&input),
        };
        Entry { root: root.to_string(), analysis, index: OnceLock::new() }
    }
}

fn exists_on_disk(name: &str) -> bool {
    name.starts_with('/') && std::path::Path::new(name).is_file()
}

fn read_disk(name: &str) -> Option<String> {
    if !name.starts_with('/') {
        return None;
    }
    let bytes = std::fs::read(name).ok()?;
    Some(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

pub fn parent(name: &str) -> &str {
    name.rfind('/').map_or("", |i| &name[..i])
}

pub fn base_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}
