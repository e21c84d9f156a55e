//! The app's shared state, provided as a context. One signal per concern — the files
//! ([`Files`]: tab names apart from texts), the target release, the simulator's scenario
//! (requests and host table), the view beside the editor — so a keystroke re-runs what reads the text and
//! nothing else. What is derived from them is a pure memo: the analysis (of a [`Snapshot`] of
//! the files), the problems. Async work has one owner each: the text bundle and the share link
//! are resources; loads that replace the work (an example, a link) take a ticket and only the
//! latest one applies. Components read what they need and call the actions here, so the rules
//! (back up before replacing work, talk to the editor by revision, wait for a typing pause on
//! big inputs) live in one place.

use std::sync::Arc;

use leptos::prelude::*;
use pjsip_analysis::diagram::NodeId;
use pjsip_analysis::ide::highlight::{highlight, HighlightClass};
use pjsip_analysis::simulate::Scenario;
use pjsip_analysis::syntax::{FileId, Parse};
use pjsip_analysis::AsteriskVersion;

use crate::bindings::{self, EditorHandle};
use crate::documents::{smallest_edit, Edit, Files, Revision, Snapshot};
use crate::storage;
use crate::task::{Latest, Resource};
use crate::view_model::{parse_of, AnalysisRef, EditView, FixView, Place, Problems};
use crate::workspace::{View, Workspace};

/// Inputs at or under this size are analysed on every keystroke; bigger ones after a pause.
/// (10,000 sections are ≈ 650 KB and analyse in ≈ 20 ms in the browser.)
const IMMEDIATE_BYTES: usize = 1024 * 1024;
const DEBOUNCE_MS: u32 = 250;
/// Inputs at or under this size are saved on every change; bigger ones after a pause.
const AUTOSAVE_IMMEDIATE_BYTES: usize = 64 * 1024;
/// An analysis slower than this (ms) makes the next ones wait for a pause in typing.
const SLOW_ANALYSIS_MS: f64 = 40.0;

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// Puts the last analysis time on the page (`<html data-analysis-ms>`), where the browser
/// benchmark reads it; nothing in the app depends on it.
fn show_timing(ms: f64) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-analysis-ms", &pjsip_analysis::diagram::fixed(ms, 1));
    }
}

/// A message shown above the workbench.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Info(String),
    Error(String),
    /// A shared link is waiting for the user's decision (it would replace their work).
    PendingLink(Workspace),
    /// Something replaced the work; offer to bring it back.
    Replaced(String),
}

/// The editor, once mounted. Local storage: a JS handle cannot cross threads.
///
/// Calls into the editor can call back into the app (an applied edit reports itself), so
/// callers must not hold a borrow of a signal the callbacks write (the files) while calling.
#[derive(Clone, Copy, Debug)]
pub struct EditorApi(StoredValue<Option<EditorHandle>, LocalStorage>);

impl EditorApi {
    pub fn set(&self, handle: Option<EditorHandle>) {
        self.0.set_value(handle);
    }

    fn with<R>(&self, f: impl FnOnce(&EditorHandle) -> R) -> Option<R> {
        // The handle is cloned out first: the call may re-enter and read this value again.
        let handle = self.0.with_value(Clone::clone)?;
        Some(f(&handle))
    }

    pub fn is_mounted(&self) -> bool {
        self.0.with_value(Option::is_some)
    }

    pub fn show(&self, key: &str, text: &str, revision: Revision) {
        self.with(|h| bindings::show_file(h, key, text, revision));
    }

    /// Applies UTF-16 edits to the text at `revision` as one undoable change; false when the
    /// editor shows another text (or none).
    pub fn apply(&self, revision: Revision, edits: &[EditView]) -> bool {
        let json = serde_json::to_string(edits).unwrap_or_else(|_| "[]".into());
        self.with(|h| bindings::apply_edits(h, revision, &json)).unwrap_or(false)
    }

    pub fn select(&self, from16: u32, to16: u32) {
        self.with(|h| bindings::select_range(h, from16, to16));
    }

    pub fn lint(&self, key: &str, revision: Revision, json: &str) {
        self.with(|h| bindings::set_lint(h, key, revision, json));
    }

    pub fn mark(&self, ranges: &[(u32, u32)]) {
        let json = serde_json::to_string(ranges).unwrap_or_else(|_| "[]".into());
        self.with(|h| bindings::mark_ranges(h, &json));
    }

    /// Destroys the editor (the component unmounts).
    pub fn destroy(&self) {
        if let Some(h) = self.0.try_update_value(Option::take).flatten() {
            bindings::destroy_editor(&h);
        }
    }

    pub fn forget(&self, key: &str) {
        self.with(|h| bindings::forget_file(h, key));
    }
}

/// The text bundle's fetch: loading until something asks for it and it arrives.
type TextBundle = Resource<TextState>;

/// Whether the text bundle has arrived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextState {
    Loading,
    Ready,
    Failed(String),
}

#[derive(Clone, Copy, Debug)]
pub struct AppState {
    pub files: Files,
    /// Target Asterisk major release.
    pub asterisk: RwSignal<u32>,
    /// The simulator's requests and host table (one concern: they are read together).
    pub scenario: RwSignal<Scenario>,
    /// The panel beside the editor.
    pub view: RwSignal<View>,
    /// The files and release the current analysis reads (lags behind while waiting for a
    /// typing pause).
    snapshot: RwSignal<Snapshot, LocalStorage>,
    pub analysis: Memo<AnalysisRef>,
    pub problems: Memo<Arc<Problems>>,
    /// Cursor position in the active file, in bytes.
    pub cursor: RwSignal<usize>,
    pub editor: EditorApi,
    pub notice: RwSignal<Option<Notice>>,
    /// The object selected in the diagram or by a simulator step.
    pub selected: RwSignal<Option<NodeId>>,
    /// What the reference view shows: a type and a search text.
    pub reference_query: RwSignal<(String, String)>,
    /// Whether something has asked for the text bundle yet.
    text_wanted: RwSignal<bool>,
    text_bundle: TextBundle,
    /// Loads that replace the workspace (examples, links): the latest wins.
    pub loads: Latest,
    /// The highlighter's own parse of the active file, for when the analysis has not read its
    /// current text (a typing pause pending, or a file nothing includes).
    own_parse: StoredValue<Option<(String, Revision, Arc<Parse>)>>,
    /// The pending save of a big workspace.
    pending_save: StoredValue<Option<gloo_timers::callback::Timeout>, LocalStorage>,
}

impl AppState {
    pub fn new(initial: Workspace) -> AppState {
        let files = Files::new(initial.files, initial.active);
        let asterisk = RwSignal::new(initial.asterisk);
        let snapshot = RwSignal::new_local(Snapshot::of(&files, version_of(initial.asterisk)));
        let analysis = Memo::new(move |_| {
            let analysis = snapshot.with(|s| AnalysisRef::new(s, now_ms));
            show_timing(analysis.elapsed_ms());
            analysis
        });
        let problems = Memo::new(move |_| Arc::new(analysis.with(|a| Problems::new(a))));
        let text_wanted = RwSignal::new(false);
        let text_bundle = Resource::new(move || {
            let wanted = text_wanted.get();
            async move {
                if pjsip_analysis::text::available() || !wanted {
                    return if pjsip_analysis::text::available() { TextState::Ready } else { TextState::Loading };
                }
                let installed = match bindings::fetch_text("./text.json").await {
                    Ok(json) => pjsip_analysis::text::install(&json.as_string().unwrap_or_default()),
                    Err(e) => Err(bindings::error_message(&e)),
                };
                installed.map_or_else(TextState::Failed, |()| TextState::Ready)
            }
        });
        let state = AppState {
            files,
            asterisk,
            scenario: RwSignal::new(Scenario { requests: initial.requests, hosts: initial.hosts }),
            view: RwSignal::new(initial.view),
            snapshot,
            analysis,
            problems,
            cursor: RwSignal::new(0),
            editor: EditorApi(StoredValue::new_local(None)),
            notice: RwSignal::new(None),
            selected: RwSignal::new(None),
            reference_query: RwSignal::new(("endpoint".to_string(), String::new())),
            text_wanted,
            text_bundle,
            loads: Latest::new(),
            own_parse: StoredValue::new(None),
            pending_save: StoredValue::new_local(None),
        };
        state.keep_analysis_current();
        state.free_old_results();
        state.keep_saved();
        state
    }

    /// Follows the files and the release into the analysis: at once while an analysis is
    /// quick; when one takes longer than a frame budget (thousands of sections) or the input is
    /// very big, after a pause in typing, so the editor never waits for the analysis. A newer
    /// change cancels the pending one (the latest wins).
    fn keep_analysis_current(&self) {
        let (files, asterisk, snapshot, analysis) = (self.files, self.asterisk, self.snapshot, self.analysis);
        let pending = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
        Effect::new(move |_| {
            let size = files.total_bytes();
            let version = version_of(asterisk.get());
            let same = snapshot.with_untracked(|s| {
                s.input.version == version && files.with_untracked(|d| s.revisions.iter().copied().eq(d.iter().map(|f| f.revision)))
            });
            if same {
                pending.set_value(None);
                return;
            }
            let last_ms = analysis.with_untracked(AnalysisRef::elapsed_ms);
            if size <= IMMEDIATE_BYTES && last_ms <= SLOW_ANALYSIS_MS {
                pending.set_value(None);
                snapshot.set(Snapshot::of(&files, version));
            } else {
                // Wait a little longer than an analysis takes: one analysis per typing pause.
                let delay = (last_ms * 1.5).clamp(DEBOUNCE_MS as f64, 1000.0) as u32;
                let timer = gloo_timers::callback::Timeout::new(delay, move || {
                    snapshot.set(Snapshot::of(&files, version_of(asterisk.get_untracked())));
                });
                pending.set_value(Some(timer));
            }
        });
    }

    /// The results a new analysis replaces are freed in a task of their own, after the page
    /// has updated: freeing a 10,000-phone analysis takes milliseconds a keystroke should not
    /// wait for.
    fn free_old_results(&self) {
        let (analysis, problems) = (self.analysis, self.problems);
        let retired = StoredValue::new_local(Vec::<(AnalysisRef, Arc<Problems>)>::new());
        Effect::new(move |previous: Option<(AnalysisRef, Arc<Problems>)>| {
            let current = (analysis.get(), problems.get());
            if let Some(old) = previous {
                retired.update_value(|list| list.push(old));
                gloo_timers::callback::Timeout::new(0, move || retired.update_value(Vec::clear)).forget();
            }
            current
        });
    }

    /// Autosave of everything but the texts (which [`AppState::remember`] saves as they
    /// change): the release, the requests, the host table, the view, the tabs.
    fn keep_saved(&self) {
        let state = *self;
        Effect::new(move |first: Option<()>| {
            state.asterisk.track();
            state.scenario.track();
            state.view.track();
            state.files.active.track();
            state.files.names.track();
            if first.is_some() {
                state.remember();
            }
        });
        let on_hide = window_event_listener(leptos::ev::pagehide, move |_| storage::save(&state.workspace()));
        on_cleanup(move || on_hide.remove());
    }

    /// The whole work as it is saved and shared (untracked).
    pub fn workspace(&self) -> Workspace {
        Workspace {
            files: self.files.tabs(),
            active: self.files.active.get_untracked(),
            asterisk: self.asterisk.get_untracked(),
            requests: self.scenario.with_untracked(|s| s.requests.clone()),
            hosts: self.scenario.with_untracked(|s| s.hosts.clone()),
            view: self.view.get_untracked(),
        }
    }

    /// The whole work, tracking every part of it (for the share link).
    pub fn workspace_tracked(&self) -> Workspace {
        self.files.track();
        self.files.active.track();
        self.asterisk.track();
        self.scenario.track();
        self.view.track();
        self.workspace()
    }

    /// Saves the work now when it is small; a big one is kept for the crash handler and saved
    /// after a short pause (serialising megabytes on every key would make typing sluggish), and
    /// in any case when the page is hidden.
    fn remember(&self) {
        let workspace = self.workspace();
        let small = workspace.total_bytes() <= AUTOSAVE_IMMEDIATE_BYTES;
        crate::crash::remember(workspace, small);
        let timer = (!small).then(|| {
            gloo_timers::callback::Timeout::new(DEBOUNCE_MS, move || {
                crate::crash::save_pending();
            })
        });
        self.pending_save.set_value(timer);
    }

    /// The editor reported one transaction on the active file; returns the text's revision.
    pub fn edited(&self, edits: &[Edit]) -> Revision {
        let revision = self.files.edit_active(edits);
        // Saved (or kept for the crash handler) now, before the analysis of this edit runs.
        self.remember();
        revision
    }

    /// Replaces the text of tab `index`: through the editor (one undoable change) when it shows
    /// that tab, directly otherwise.
    pub fn set_text(&self, index: usize, text: String) {
        let Some(doc) = self.files.get(index) else { return };
        if doc.text == text {
            return;
        }
        let on_screen = self.files.active.get_untracked() == index && self.editor.is_mounted();
        let edit = smallest_edit(&doc.text, &text);
        let view = EditView { from: edit.from, to: edit.to, insert: edit.insert };
        if !(on_screen && self.editor.apply(doc.revision, &[view])) {
            self.files.set_text(index, text);
            self.remember();
        }
    }

    /// Adds a file (a new tab) and shows it.
    pub fn add_file(&self, name: String, text: String) {
        let index = self.files.push(name, text);
        self.remember();
        self.switch_to(index);
    }

    /// Closes tab `index` and shows the tab now active.
    pub fn close_file(&self, index: usize) {
        let Some(doc) = self.files.get(index) else { return };
        self.editor.forget(&doc.name);
        self.files.remove(index);
        self.remember();
        self.switch_to(self.files.active.get_untracked());
    }

    /// The editor reported a cursor move (UTF-16 offset).
    pub fn cursor_moved(&self, pos16: u32) {
        let offset = self.files.with_active(|d| d.byte_offset(pos16)).unwrap_or(0);
        self.cursor.set(offset);
    }

    /// The name of the file in the editor (tracked: readers re-run on a tab switch or rename,
    /// not on an edit).
    pub fn active_name(&self) -> String {
        let active = self.files.active.get();
        self.files.names.with(|n| n.get(active).cloned()).unwrap_or_default()
    }

    /// Shows tab `index` in the editor.
    pub fn switch_to(&self, index: usize) {
        let Some(doc) = self.files.get(index) else { return };
        self.files.active.set(index);
        self.editor.show(&doc.name, &doc.text, doc.revision);
    }

    /// Moves the editor to a place (switching tabs if needed) and selects it.
    pub fn go_to(&self, place: &Place) {
        if let Some(index) = self.files.position(&place.file) {
            if self.files.active.get_untracked() != index {
                self.switch_to(index);
            }
            self.editor.select(place.from16, place.to16);
        }
    }

    /// Replaces the whole work (example, link, backup): the old one is kept as a backup.
    pub fn replace_workspace(&self, next: Workspace, what: &str) {
        // Whatever load was still on its way is out of date now.
        self.loads.start();
        let previous = self.workspace();
        let changed = previous.files != next.files;
        if changed {
            storage::save_backup(&previous);
        }
        // Forget per-file editor states: the files are new, their undo histories meaningless.
        for f in &previous.files {
            self.editor.forget(&f.name);
        }
        self.files.replace(next.files, next.active);
        self.asterisk.set(next.asterisk);
        // Analysed at once, in the same turn as the new requests are set: a replacement is not
        // typing, and views that read both (a lesson's outcomes) must never pair the new
        // requests with the old files.
        self.snapshot.set(Snapshot::of(&self.files, version_of(next.asterisk)));
        self.scenario.set(Scenario { requests: next.requests, hosts: next.hosts });
        self.show_view(next.view);
        self.selected.set(None);
        self.remember();
        self.switch_to(self.files.active.get_untracked());
        if changed {
            self.notice.set(Some(Notice::Replaced(what.to_string())));
        }
    }

    /// Takes a shared link's release, requests and view (its files are the ones open).
    pub fn apply_settings(&self, shared: &Workspace) {
        self.asterisk.set(shared.asterisk);
        self.scenario.set(Scenario { requests: shared.requests.clone(), hosts: shared.hosts.clone() });
        self.show_view(shared.view);
    }

    /// Brings back the work a replacement put aside.
    pub fn restore_backup(&self) {
        match storage::load_backup() {
            Some(backup) => {
                self.replace_workspace(backup, "Your previous work is back");
                self.notice.set(Some(Notice::Info("Your previous work is back.".into())));
            }
            None => self.notice.set(Some(Notice::Error("There is no earlier work to restore.".into()))),
        }
    }

    /// Applies a fix (UTF-16 edits of the text the analysis read) as an undoable editor change.
    pub fn apply_fix(&self, fix: &FixView) {
        let Some(index) = self.files.position(&fix.file) else { return };
        let Some(revision) = self.analysis.with_untracked(|a| a.revision_of(&fix.file)) else { return };
        if self.files.active.get_untracked() != index {
            self.switch_to(index);
        }
        if self.editor.apply(revision, &fix.edits) {
            return;
        }
        // Without an editor (tests, a failed mount), or when the text moved on since the
        // analysis: apply to the text the analysis read, if it is still the current one.
        if let Some(doc) = self.files.get(index).filter(|d| d.revision == revision) {
            let fixed = crate::view_model::apply_edits(&doc.text, &fix.edits);
            self.files.set_text(index, fixed);
            self.remember();
        }
    }

    /// Colours for the UTF-16 range `from16..to16` of the active file at `revision`, as
    /// `[from, to, class index, …]` in UTF-16 offsets; empty for another revision. The tokens
    /// come from the analysis's own parse when it read this very text, else from a parse of
    /// the file alone (kept until the next edit).
    pub fn colours(&self, from16: u32, to16: u32, revision: Revision) -> Vec<u32> {
        let analysis = self.analysis.get_untracked();
        self.files
            .with_active(|doc| {
                if doc.revision != revision {
                    return Vec::new();
                }
                let shared = (analysis.revision_of(&doc.name) == Some(revision))
                    .then(|| analysis.file_id(&doc.name).and_then(|id| parse_of(&analysis, id)))
                    .flatten();
                let parse = shared.unwrap_or_else(|| self.own_parse_of(&doc.name, revision, &doc.text));
                let (from, to) = (doc.byte_offset(from16), doc.byte_offset(to16));
                let pieces = highlight(&doc.text, &parse.tree, from..to);
                let bytes: Vec<usize> = pieces.iter().flat_map(|p| [p.span.start as usize, p.span.end as usize]).collect();
                let units = doc.utf16_offsets(&bytes);
                pieces
                    .iter()
                    .enumerate()
                    .flat_map(|(i, p)| [units[2 * i] as u32, units[2 * i + 1] as u32, p.class.index() as u32])
                    .collect()
            })
            .unwrap_or_default()
    }

    fn own_parse_of(&self, name: &str, revision: Revision, text: &str) -> Arc<Parse> {
        let kept = self.own_parse.with_value(|p| p.as_ref().filter(|(n, r, _)| n == name && *r == revision).map(|(_, _, p)| Arc::clone(p)));
        kept.unwrap_or_else(|| {
            let parse = Arc::new(pjsip_analysis::syntax::parse(FileId(0), text));
            self.own_parse.set_value(Some((name.to_string(), revision, Arc::clone(&parse))));
            parse
        })
    }

    /// The colour classes, in the order [`AppState::colours`] numbers them.
    pub fn colour_classes() -> Vec<&'static str> {
        HighlightClass::ALL.iter().map(|c| c.name()).collect()
    }

    /// Whether the text bundle has arrived (tracked).
    pub fn text(&self) -> TextState {
        match self.text_bundle.get() {
            _ if pjsip_analysis::text::available() => TextState::Ready,
            Some(state) => state,
            None => TextState::Loading,
        }
    }

    /// Asks for the text bundle (prose, lessons) when something first needs it (hover, the
    /// reference, lessons): it is not part of the initial load.
    pub fn load_text(&self) {
        if !self.text_wanted.get_untracked() {
            self.text_wanted.set(true);
        }
    }

    /// Shows a view beside the editor. Showing the view already shown is no news: its panel
    /// keeps its state (a lesson opened from the lessons view stays open).
    pub fn show_view(&self, view: View) {
        self.view.maybe_update(|current| {
            let changed = *current != view;
            *current = view;
            changed
        });
    }

    /// Opens the reference at a type (the diagram's "?", links in panels).
    pub fn show_reference(&self, type_name: &str) {
        self.reference_query.set((type_name.to_string(), String::new()));
        self.show_view(View::Reference);
    }
}

fn version_of(major: u32) -> AsteriskVersion {
    AsteriskVersion::from_major(major).unwrap_or_default()
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

/// Edits as `[from, to]` pairs (UTF-16, in the text before the transaction) and inserted texts,
/// the way the editor reports a transaction.
pub fn edits_from(positions: &[u32], inserts: &js_sys::Array) -> Vec<Edit> {
    positions
        .chunks_exact(2)
        .enumerate()
        .map(|(i, pair)| Edit { from: pair[0], to: pair[1], insert: inserts.get(i as u32).as_string().unwrap_or_default() })
        .collect()
}
