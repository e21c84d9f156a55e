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
//!
//! An edit inside one section is first answered by a *quick re-check* of that section's
//! neighbourhood ([`Analysis::recheck`], exact or refused): the entry then holds the quick
//! diagnostics of the current texts beside the last full analysis of earlier ones, and the full
//! analysis follows in the background ([`Job`]) or, when a request needs it, at once
//! ([`Workspace::settle`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use pjsip_analysis::ide::navigate::Index;
use pjsip_analysis::{Analysis, AsteriskVersion, Diagnostic, FileId, Input, InputFile, ACL_CONF, PJSIP_CONF, PJSIP_WIZARD_CONF};

use crate::documents::Document;

/// One analysed configuration.
#[derive(Debug)]
pub struct Entry {
    /// The root file's name (a path, or a URI for documents that are not files).
    pub root: String,
    /// The last full analysis: of the current texts, unless `quick` is set.
    pub analysis: Arc<Analysis>,
    /// The diagnostics of the current texts when `analysis` is of earlier ones.
    pub quick: Option<Vec<Diagnostic>>,
    /// With `quick`: the file that differs from what `analysis` read, and its text now (the
    /// quick diagnostics' spans in that file are in this text).
    pub edited: Option<(FileId, String)>,
    /// The generation of the texts `analysis` read, and of the current ones.
    pub analysed: u64,
    pub current: u64,
    /// The navigation index, built on first use.
    index: OnceLock<Index>,
}

impl Entry {
    fn full(root: &str, analysis: Arc<Analysis>, generation: u64) -> Entry {
        Entry {
            root: root.to_string(),
            analysis,
            quick: None,
            edited: None,
            analysed: generation,
            current: generation,
            index: OnceLock::new(),
        }
    }

    /// The diagnostics of the current texts.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        self.quick.as_deref().unwrap_or(self.analysis.diagnostics())
    }

    /// Whether the full analysis is of earlier texts (the diagnostics are a quick re-check's).
    pub fn is_stale(&self) -> bool {
        self.quick.is_some()
    }

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
    /// Counts text states: each refresh of a configuration gives its texts a new generation.
    generation: u64,
    /// Whether edits inside one section are answered by a quick re-check first (tests turn it
    /// off to compare with the full path).
    pub quick_checks: bool,
}

/// A full analysis to run away from the main loop: everything it reads, owned.
#[derive(Debug)]
pub struct Job {
    pub root: String,
    pub generation: u64,
    files: Vec<InputFile>,
    overlay: Arc<HashMap<String, String>>,
    version: AsteriskVersion,
    base: Arc<Analysis>,
}

impl Job {
    /// Runs the analysis (on any thread).
    pub fn run(self) -> (String, u64, Analysis) {
        let input = input_with_overlay(self.files, self.overlay, self.version);
        let analysis = Analysis::reusing(&input, &self.base);
        (self.root, self.generation, analysis)
    }
}

impl Workspace {
    pub fn new(version: AsteriskVersion) -> Workspace {
        Workspace { version, quick_checks: true, ..Workspace::default() }
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

    /// Re-analyses what changed. Returns the open documents whose diagnostics may differ, and
    /// the full analyses made (to prepare for quick re-checks).
    pub fn refresh(&mut self) -> (Vec<String>, Vec<Arc<Analysis>>) {
        let mut changed = BTreeSet::new();
        let mut analysed = Vec::new();
        while let Some(root) = self.dirty.pop_first() {
            changed.insert(root.clone());
            if !self.documents.contains_key(&root) && !exists_on_disk(&root) {
                self.retired.extend(self.entries.remove(&root));
                continue;
            }
            self.generation += 1;
            let entry = Arc::new(self.analyse(&root, self.entries.get(&root), self.generation));
            if !entry.is_stale() {
                analysed.push(Arc::clone(&entry.analysis));
            }
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
        let documents = self.documents.keys().filter(|d| self.owner(d).is_none_or(|e| changed.contains(&e.root))).cloned().collect();
        (documents, analysed)
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

    /// Whether a configuration's full analysis is of earlier texts.
    pub fn stale(&self) -> Option<&Arc<Entry>> {
        self.entries.values().find(|e| e.is_stale())
    }

    /// The full analysis of a stale configuration's current texts, to run elsewhere.
    pub fn job(&self, entry: &Entry) -> Job {
        let files = self.files(&entry.root);
        let overlay = self.overlay();
        Job {
            root: entry.root.clone(),
            generation: entry.current,
            files,
            overlay,
            version: self.version,
            base: Arc::clone(&entry.analysis),
        }
    }

    /// Takes a full analysis of generation `generation` of `root`'s texts. Returns whether the
    /// published diagnostics must change (only when it is of the current texts and differs
    /// from the quick re-check's; it never should).
    pub fn install(&mut self, root: &str, generation: u64, analysis: Analysis) -> bool {
        let Some(entry) = self.entries.get(root) else { return false };
        if generation <= entry.analysed {
            return false;
        }
        let analysis = Arc::new(analysis);
        let (replacement, differs) = if generation == entry.current {
            let differs = entry.diagnostics() != analysis.diagnostics();
            (Entry::full(root, analysis, generation), differs)
        } else {
            // Of texts since edited again: still the better base for the next quick re-checks.
            // (The quick diagnostics, and the text of the edited file they point into, are still
            // those of the current texts.)
            let (quick, edited) = (entry.quick.clone(), entry.edited.clone());
            (
                Entry {
                    root: root.to_string(),
                    analysis,
                    quick,
                    edited,
                    analysed: generation,
                    current: entry.current,
                    index: OnceLock::new(),
                },
                false,
            )
        };
        self.retired.extend(self.entries.insert(root.to_string(), Arc::new(replacement)));
        differs
    }

    /// Analyses in full, here and now, every configuration whose full analysis is of earlier
    /// texts (a request is about to read it). Returns the open documents whose published
    /// diagnostics must change.
    pub fn settle(&mut self) -> Vec<String> {
        let mut republish = Vec::new();
        while let Some(entry) = self.stale().cloned() {
            let (root, generation, analysis) = self.job(&entry).run();
            if self.install(&root, generation, analysis) {
                republish.extend(self.documents_of(&root));
            }
        }
        republish
    }

    /// The open documents whose diagnostics come from the configuration rooted at `root`.
    pub fn documents_of(&self, root: &str) -> Vec<String> {
        self.documents.keys().filter(|d| self.owner(d).is_some_and(|e| e.root == root)).cloned().collect()
    }

    /// The input files of the configuration rooted at `root`.
    fn files(&self, root: &str) -> Vec<InputFile> {
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
        files
    }

    /// The open documents' texts, through which includes are read.
    fn overlay(&self) -> Arc<HashMap<String, String>> {
        Arc::new(self.documents.iter().map(|(n, d)| (n.clone(), d.text.clone())).collect())
    }

    /// Analyses the configuration rooted at `root` as generation `generation` of its texts: a
    /// quick re-check from `previous` when the edit allows one, else in full, reusing what the
    /// edit left of `previous`.
    fn analyse(&self, root: &str, previous: Option<&Arc<Entry>>, generation: u64) -> Entry {
        let (files, overlay) = (self.files(root), self.overlay());
        if let Some(previous) = previous.filter(|_| self.quick_checks) {
            let input = input_with_overlay(files.clone(), Arc::clone(&overlay), self.version);
            if let Ok(rechecked) = previous.analysis.recheck(&input) {
                let (analysis, analysed) = (Arc::clone(&previous.analysis), previous.analysed);
                let (quick, edited) = (Some(rechecked.diagnostics), rechecked.edited);
                return Entry { root: root.to_string(), analysis, quick, edited, analysed, current: generation, index: OnceLock::new() };
            }
        }
        let input = input_with_overlay(files, overlay, self.version);
        let analysis = match previous {
            Some(previous) => Analysis::reusing(&input, &previous.analysis),
            None => Analysis::new(&input),
        };
        Entry::full(root, Arc::new(analysis), generation)
    }
}

/// An input whose includes read the open documents first, then the disk.
fn input_with_overlay(files: Vec<InputFile>, overlay: Arc<HashMap<String, String>>, version: AsteriskVersion) -> Input {
    let reader = move |path: &str| overlay.get(path).cloned().or_else(|| read_disk(path));
    Input::new(files, version).with_reader(Box::new(reader))
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
