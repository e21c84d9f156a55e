//! The app's shared state, provided as a context: the workspace, the analysis of it, and the
//! handle to the editor. Components read what they need and call the actions here, so the
//! rules (back up before replacing work, push text to the editor, debounce big analyses) live
//! in one place.

use std::sync::Arc;

use leptos::prelude::*;
use pjsip_analysis::syntax::byte_offset_from_utf16;
use pjsip_analysis::Analysis;

use crate::bindings::{self, EditorHandle};
use crate::storage;
use crate::view_model::{AnalysisRef, Place, Problems};
use crate::workspace::{FileTab, Workspace};

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
#[derive(Clone, Copy, Debug)]
pub struct EditorApi(StoredValue<Option<EditorHandle>, LocalStorage>);

impl EditorApi {
    pub fn set(&self, handle: Option<EditorHandle>) {
        self.0.set_value(handle);
    }

    fn with(&self, f: impl FnOnce(&EditorHandle)) {
        self.0.with_value(|h| {
            if let Some(h) = h {
                f(h)
            }
        });
    }

    pub fn show(&self, key: &str, text: &str) {
        self.with(|h| bindings::show_file(h, key, text));
    }

    pub fn replace(&self, text: &str) {
        self.with(|h| bindings::replace_text(h, text));
    }

    pub fn select(&self, from16: u32, to16: u32) {
        self.with(|h| bindings::select_range(h, from16, to16));
    }

    pub fn lint(&self, text: &str, json: &str) {
        self.with(|h| bindings::set_lint(h, text, json));
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

#[derive(Clone, Copy, Debug)]
pub struct AppState {
    pub workspace: RwSignal<Workspace>,
    /// The files and version the current analysis was made from (lags behind while debouncing).
    analysed: RwSignal<Workspace>,
    pub analysis: Memo<AnalysisRef>,
    pub problems: Memo<Arc<Problems>>,
    /// How long the last analysis took (ms), to decide whether to wait for a typing pause.
    last_analysis_ms: StoredValue<f64>,
    /// Cursor position in the active file, in bytes.
    pub cursor: RwSignal<usize>,
    pub editor: EditorApi,
    pub notice: RwSignal<Option<Notice>>,
    /// The object (`type/name`) selected in the diagram or by the cursor.
    pub selected: RwSignal<Option<String>>,
    /// What the reference view shows: a type and a search text.
    pub reference_query: RwSignal<(String, String)>,
    /// The prose and lessons (`text.json`): loading, loaded, or why not.
    pub text: RwSignal<TextState>,
}

/// Whether the text bundle has arrived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextState {
    Loading,
    Ready,
    Failed(String),
}

impl AppState {
    pub fn new(initial: Workspace) -> AppState {
        let workspace = RwSignal::new(initial.clone());
        let analysed = RwSignal::new(initial);
        let last_ms = StoredValue::new(0.0_f64);
        // The results a new analysis replaces are freed in a task of their own, after the page
        // has updated: freeing a 10,000-phone analysis takes milliseconds a keystroke should not
        // wait for.
        let retired = StoredValue::new_local(Vec::<Box<dyn std::any::Any>>::new());
        let retire = move |old: Box<dyn std::any::Any>| {
            retired.update_value(|list| list.push(old));
            gloo_timers::callback::Timeout::new(0, move || retired.update_value(Vec::clear)).forget();
        };
        let analysis = Memo::new(move |previous: Option<&AnalysisRef>| {
            if let Some(previous) = previous {
                retire(Box::new(previous.clone()));
            }
            analysed.with(|ws| {
                let start = now_ms();
                let analysis = AnalysisRef(Arc::new(Analysis::new(&ws.input())));
                last_ms.set_value(now_ms() - start);
                analysis
            })
        });
        let problems = Memo::new(move |previous: Option<&Arc<Problems>>| {
            if let Some(previous) = previous {
                retire(Box::new(Arc::clone(previous)));
            }
            Arc::new(Problems::new(&analysis.get()))
        });
        let state = AppState {
            workspace,
            analysed,
            analysis,
            problems,
            last_analysis_ms: last_ms,
            cursor: RwSignal::new(0),
            editor: EditorApi(StoredValue::new_local(None)),
            notice: RwSignal::new(None),
            selected: RwSignal::new(None),
            reference_query: RwSignal::new(("endpoint".to_string(), String::new())),
            text: RwSignal::new(if pjsip_analysis::text::available() { TextState::Ready } else { TextState::Loading }),
        };
        state.keep_analysis_current();
        state
    }

    /// Follows the workspace into the analysis: at once while an analysis is quick; when one takes
    /// longer than a frame budget (thousands of sections) or the input is very big, after a pause
    /// in typing, so the editor never waits for the analysis.
    fn keep_analysis_current(&self) {
        let (workspace, analysed, last_ms) = (self.workspace, self.analysed, self.last_analysis_ms);
        let pending = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
        Effect::new(move |_| {
            // Only the files and the version feed the analysis: a view switch or a simulator
            // edit must not re-analyse.
            let (size, same) =
                workspace.with(|ws| (ws.total_bytes(), analysed.with_untracked(|a| a.files == ws.files && a.asterisk == ws.asterisk)));
            if same {
                return;
            }
            let slow = last_ms.get_value() > SLOW_ANALYSIS_MS;
            if size <= IMMEDIATE_BYTES && !slow {
                pending.set_value(None);
                analysed.set(workspace.get_untracked());
            } else {
                // Wait a little longer than an analysis takes: one analysis per typing pause.
                let delay = (last_ms.get_value() * 1.5).clamp(DEBOUNCE_MS as f64, 1000.0) as u32;
                let timer = gloo_timers::callback::Timeout::new(delay, move || {
                    analysed.set(workspace.get_untracked());
                });
                pending.set_value(Some(timer));
            }
        });
        // Autosave whenever the work changes: at once for normal sizes; for very big inputs after a
        // short pause (serialising megabytes on every key would make typing sluggish), and in any
        // case when the page is hidden or closed.
        let pending_save = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
        Effect::new(move |_| {
            let size = workspace.with(|ws| ws.total_bytes());
            workspace.with_untracked(|ws| crate::crash::remember(ws, size <= AUTOSAVE_IMMEDIATE_BYTES));
            if size > AUTOSAVE_IMMEDIATE_BYTES {
                let timer = gloo_timers::callback::Timeout::new(DEBOUNCE_MS, move || {
                    workspace.with_untracked(storage::save);
                    crate::crash::saved();
                });
                pending_save.set_value(Some(timer));
            }
        });
        let on_hide = window_event_listener(leptos::ev::pagehide, move |_| workspace.with_untracked(storage::save));
        on_cleanup(move || on_hide.remove());
    }

    /// The editor reported new text for the active file.
    pub fn text_changed(&self, text: String) {
        self.workspace.update(|ws| {
            let active = ws.active;
            if let Some(file) = ws.files.get_mut(active) {
                file.text = text;
            }
        });
        // Saved (or kept for the crash handler) now, before the analysis of this edit runs.
        self.workspace.with_untracked(|ws| crate::crash::remember(ws, ws.total_bytes() <= AUTOSAVE_IMMEDIATE_BYTES));
    }

    /// The editor reported a cursor move (UTF-16 offset).
    pub fn cursor_moved(&self, pos16: u32) {
        let offset = self
            .workspace
            .with_untracked(|ws| ws.files.get(ws.active).map(|f| byte_offset_from_utf16(&f.text, pos16 as usize)).unwrap_or(0));
        self.cursor.set(offset);
    }

    /// The name of the file in the editor (tracked: readers re-run on a tab switch).
    pub fn active_name(&self) -> String {
        self.workspace.with(|ws| ws.files.get(ws.active).map(|f| f.name.clone())).unwrap_or_default()
    }

    pub fn active_file(&self) -> FileTab {
        self.workspace.with(|ws| ws.files.get(ws.active).cloned().unwrap_or_else(|| FileTab { name: String::new(), text: String::new() }))
    }

    /// Shows tab `index` in the editor.
    pub fn switch_to(&self, index: usize) {
        let mut shown = None;
        self.workspace.update(|ws| {
            if index < ws.files.len() {
                ws.active = index;
                shown = Some(ws.files[index].clone());
            }
        });
        if let Some(file) = shown {
            self.editor.show(&file.name, &file.text);
        }
    }

    /// Moves the editor to a place (switching tabs if needed) and selects it.
    pub fn go_to(&self, place: &Place) {
        let index = self.workspace.with_untracked(|ws| ws.files.iter().position(|f| f.name == place.file));
        if let Some(index) = index {
            if self.workspace.with_untracked(|ws| ws.active) != index {
                self.switch_to(index);
            }
            self.editor.select(place.from16, place.to16);
        }
    }

    /// Replaces the whole workspace (example, link, backup): the old one is kept as a backup.
    pub fn replace_workspace(&self, next: Workspace, what: &str) {
        let previous = self.workspace.get_untracked();
        if previous.files != next.files {
            storage::save_backup(&previous);
        }
        let shown = next.files.get(next.active).cloned();
        self.workspace.set(next);
        if let Some(file) = shown {
            // Forget per-file editor states: the files are new, their undo histories meaningless.
            for f in &previous.files {
                self.editor.forget(&f.name);
            }
            self.editor.show(&file.name, &file.text);
        }
        if previous.files != self.workspace.with_untracked(|w| w.files.clone()) {
            self.notice.set(Some(Notice::Replaced(what.to_string())));
        }
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

    /// Applies a fix (UTF-16 edits of one file) as an undoable editor change.
    pub fn apply_fix(&self, fix: &crate::view_model::FixView) {
        let index = self.workspace.with_untracked(|ws| ws.files.iter().position(|f| f.name == fix.file));
        let Some(index) = index else { return };
        if self.workspace.with_untracked(|ws| ws.active) != index {
            self.switch_to(index);
        }
        let text = self.workspace.with_untracked(|ws| ws.files[index].text.clone());
        let fixed = crate::view_model::apply_edits(&text, &fix.edits);
        self.editor.replace(&fixed);
        // The editor reports the change back through text_changed; without an editor (tests,
        // a failed mount) update the state directly.
        if self.workspace.with_untracked(|ws| ws.files[index].text != fixed) {
            self.text_changed(fixed);
        }
    }
}

impl AppState {
    /// Fetches and installs the text bundle, once, when something first needs it (hover, the
    /// reference, lessons): it is not part of the initial load.
    pub fn load_text(&self) {
        if self.text.get_untracked() != TextState::Loading {
            return;
        }
        let text = self.text;
        leptos::task::spawn_local(async move {
            let result = match bindings::fetch_text("./text.json").await {
                Ok(json) => pjsip_analysis::text::install(&json.as_string().unwrap_or_default()),
                Err(e) => Err(bindings::error_message(&e)),
            };
            text.set(match result {
                Ok(()) => TextState::Ready,
                Err(why) => TextState::Failed(why),
            });
        });
    }

    /// Opens the reference at a type (the diagram's "?", links in panels).
    pub fn show_reference(&self, type_name: &str) {
        self.reference_query.set((type_name.to_string(), String::new()));
        self.workspace.update(|ws| ws.view = crate::workspace::View::Reference);
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
