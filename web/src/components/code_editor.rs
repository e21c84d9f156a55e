//! The CodeMirror editor. The DOM (and CodeMirror) own the text while typing; the app hears
//! about changes through callbacks and pushes text only on explicit actions (tab switch,
//! example, link), so typing never fights a re-render.

use leptos::html::Div;
use leptos::prelude::*;
use pjsip_analysis::ide;
use pjsip_analysis::syntax::{byte_offset_from_utf16, utf16_offsets};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::bindings;
use crate::state::use_app;
use crate::view_model::lint_json;

/// The JS callbacks, kept alive as long as the editor exists.
struct Callbacks {
    _on_change: Closure<dyn Fn(String)>,
    _on_cursor: Closure<dyn Fn(u32)>,
    _complete: Closure<dyn Fn(String, u32) -> String>,
    _hover: Closure<dyn Fn(String, u32) -> String>,
}

#[derive(Serialize)]
struct CompletionJson<'a> {
    from: usize,
    to: usize,
    options: Vec<CompletionOption<'a>>,
}

/// One completion as CodeMirror reads it: the core's item with its kind in CodeMirror's words.
#[derive(Serialize)]
struct CompletionOption<'a> {
    label: &'a str,
    kind: &'static str,
    detail: &'a str,
    info: &'a str,
    apply: Option<&'a str>,
    boost: i8,
}

/// CodeMirror's completion types (they pick the icon).
fn codemirror_kind(kind: ide::CompletionKind) -> &'static str {
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
        let on_change = Closure::<dyn Fn(String)>::new(move |text: String| app.text_changed(text));
        let on_cursor = Closure::<dyn Fn(u32)>::new(move |pos: u32| app.cursor_moved(pos));
        let complete = Closure::<dyn Fn(String, u32) -> String>::new(move |text: String, pos: u32| {
            let analysis = app.analysis.get_untracked();
            let file = untrack(|| app.active_name());
            let offset = byte_offset_from_utf16(&text, pos as usize);
            match ide::complete(&analysis, &file, &text, offset) {
                Some(c) => {
                    let units = utf16_offsets(&text, &[c.from, c.to]);
                    let options = c
                        .items
                        .iter()
                        .map(|i| CompletionOption {
                            label: &i.label,
                            kind: codemirror_kind(i.kind),
                            detail: &i.detail,
                            info: &i.info,
                            apply: i.apply.as_deref(),
                            boost: i.boost,
                        })
                        .collect();
                    serde_json::to_string(&CompletionJson { from: units[0], to: units[1], options }).unwrap_or_default()
                }
                None => String::new(),
            }
        });
        let hover = Closure::<dyn Fn(String, u32) -> String>::new(move |text: String, pos: u32| {
            // The prose arrives on first use; this hover shows the facts, the next one the text.
            app.load_text();
            let analysis = app.analysis.get_untracked();
            let file = untrack(|| app.active_name());
            let offset = byte_offset_from_utf16(&text, pos as usize);
            match ide::hover(&analysis, &file, &text, offset) {
                Some(h) => {
                    let units = utf16_offsets(&text, &[h.from, h.to]);
                    serde_json::to_string(&HoverJson {
                        from: units[0],
                        to: units[1],
                        title: &h.title,
                        paragraphs: &h.paragraphs,
                        link: h.link.as_deref(),
                    })
                    .unwrap_or_default()
                }
                None => String::new(),
            }
        });
        let object = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| {
            let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
        };
        set("onChange", on_change.as_ref());
        set("onCursor", on_cursor.as_ref());
        set("complete", complete.as_ref());
        set("hover", hover.as_ref());
        let file = app.workspace.with_untracked(|ws| ws.files.get(ws.active).cloned());
        let text = file.as_ref().map(|f| f.text.as_str()).unwrap_or("");
        let handle = bindings::create_editor(&parent, text, &object);
        if let Some(file) = &file {
            bindings::show_file(&handle, &file.name, &file.text);
        }
        app.editor.set(Some(handle));
        callbacks.set_value(Some(Callbacks { _on_change: on_change, _on_cursor: on_cursor, _complete: complete, _hover: hover }));
    });

    // Lint markers for the file on screen, whenever the analysis or the tab changes.
    Effect::new(move |_| {
        let problems = app.problems.get();
        let analysis = app.analysis.get();
        let name = app.active_name();
        if let Some(id) = analysis.file_id(&name) {
            let text = analysis.file(id).1;
            app.editor.lint(text, &lint_json(&problems, &name));
        }
    });

    on_cleanup(move || {
        app.editor.destroy();
        callbacks.set_value(None);
    });

    view! { <div class="code-editor" node_ref=host></div> }
}
