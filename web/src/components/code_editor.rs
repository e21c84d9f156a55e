//! The CodeMirror editor. CodeMirror owns the text while typing and reports each change as
//! edits; the app keeps its own copy of the text from them ([`crate::documents`]) and answers
//! colours, completion and hover from that copy, so no callback carries the whole document.
//! The app pushes text only on explicit actions (tab switch, example, link), and lint markers
//! and fixes name the revision of the text they were computed for.

use leptos::html::Div;
use leptos::prelude::*;
use pjsip_analysis::ide;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::bindings;
use crate::state::{edits_from, use_app, AppState};
use crate::view_model::lint_json;

/// The JS callbacks, kept alive as long as the editor exists.
struct Callbacks {
    _on_changes: Closure<dyn Fn(Vec<u32>, js_sys::Array) -> u32>,
    _on_cursor: Closure<dyn Fn(u32)>,
    _complete: Closure<dyn Fn(u32) -> String>,
    _hover: Closure<dyn Fn(u32) -> String>,
    _highlight: Closure<dyn Fn(u32, u32, u32) -> Vec<u32>>,
}

#[derive(Serialize)]
struct CompletionJson {
    from: usize,
    to: usize,
    options: Vec<OptionJson>,
}

/// One completion as CodeMirror takes it.
#[derive(Serialize)]
struct OptionJson {
    label: String,
    /// CodeMirror's completion type (its icon): `type`, `property`, `enum`, `variable`, …
    #[serde(rename = "type")]
    kind: &'static str,
    detail: String,
    info: String,
    apply: Option<String>,
    boost: i8,
}

/// CodeMirror's word for the kind of a completion. The core says what an item *is*; the
/// vocabulary of one editor stays here, at the edge.
fn codemirror_type(kind: ide::CompletionKind) -> &'static str {
    match kind {
        ide::CompletionKind::ObjectType => "type",
        ide::CompletionKind::Option => "property",
        ide::CompletionKind::Keyword => "keyword",
        ide::CompletionKind::Value => "enum",
        ide::CompletionKind::ObjectName => "variable",
    }
}

#[derive(Serialize)]
struct HoverJson<'a> {
    from: usize,
    to: usize,
    title: &'a str,
    paragraphs: &'a [String],
    link: Option<&'a str>,
}

fn complete(app: AppState, pos16: u32) -> String {
    let analysis = app.analysis.get_untracked();
    let answer = app.files.with_active(|doc| {
        let offset = doc.byte_offset(pos16);
        let c = ide::complete(&analysis, &doc.name, &doc.text, offset)?;
        let units = doc.utf16_offsets(&[c.from, c.to]);
        let options = c
            .items
            .into_iter()
            .map(|i| OptionJson {
                label: i.label,
                kind: codemirror_type(i.kind),
                detail: i.detail,
                info: i.info,
                apply: i.apply,
                boost: i.boost,
            })
            .collect();
        serde_json::to_string(&CompletionJson { from: units[0], to: units[1], options }).ok()
    });
    answer.flatten().unwrap_or_default()
}

fn hover(app: AppState, pos16: u32) -> String {
    // The prose arrives on first use; this hover shows the facts, the next one the text.
    app.load_text();
    let analysis = app.analysis.get_untracked();
    let answer = app.files.with_active(|doc| {
        let offset = doc.byte_offset(pos16);
        let h = ide::hover(&analysis, &doc.name, &doc.text, offset)?;
        let units = doc.utf16_offsets(&[h.from, h.to]);
        let json = HoverJson { from: units[0], to: units[1], title: &h.title, paragraphs: &h.paragraphs, link: h.link.as_deref() };
        serde_json::to_string(&json).ok()
    });
    answer.flatten().unwrap_or_default()
}

#[component]
pub fn CodeEditor() -> impl IntoView {
    let app = use_app();
    let host = NodeRef::<Div>::new();
    let callbacks = StoredValue::new_local(None::<Callbacks>);

    Effect::new(move |_| {
        let Some(parent) = host.get() else { return };
        if callbacks.with_value(Option::is_some) {
            return;
        }
        let on_changes = Closure::<dyn Fn(Vec<u32>, js_sys::Array) -> u32>::new(move |positions: Vec<u32>, inserts: js_sys::Array| {
            app.edited(&edits_from(&positions, &inserts))
        });
        let on_cursor = Closure::<dyn Fn(u32)>::new(move |pos: u32| app.cursor_moved(pos));
        let complete = Closure::<dyn Fn(u32) -> String>::new(move |pos: u32| complete(app, pos));
        let hover = Closure::<dyn Fn(u32) -> String>::new(move |pos: u32| hover(app, pos));
        let highlight =
            Closure::<dyn Fn(u32, u32, u32) -> Vec<u32>>::new(move |from: u32, to: u32, revision: u32| app.colours(from, to, revision));
        let object = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| {
            let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
        };
        set("onChanges", on_changes.as_ref());
        set("onCursor", on_cursor.as_ref());
        set("complete", complete.as_ref());
        set("hover", hover.as_ref());
        set("highlight", highlight.as_ref());
        let classes: js_sys::Array = AppState::colour_classes().into_iter().map(JsValue::from_str).collect();
        set("highlightClasses", &classes);
        let handle = bindings::create_editor(&parent, &object);
        callbacks.set_value(Some(Callbacks {
            _on_changes: on_changes,
            _on_cursor: on_cursor,
            _complete: complete,
            _hover: hover,
            _highlight: highlight,
        }));
        app.editor.set(Some(handle));
        app.switch_to(app.files.active.get_untracked());
    });

    // Lint markers for the file on screen, whenever the analysis or the tab changes.
    Effect::new(move |_| {
        let name = app.active_name();
        let revision = app.analysis.with(|a| a.revision_of(&name));
        let json = app.problems.with(|p| lint_json(p, &name));
        if let Some(revision) = revision {
            app.editor.lint(&name, revision, &json);
        }
    });

    on_cleanup(move || {
        app.editor.destroy();
        callbacks.set_value(None);
    });

    view! { <div class="code-editor" node_ref=host></div> }
}
