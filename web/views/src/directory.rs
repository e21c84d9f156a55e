//! "Open a configuration directory": choose a folder (`/etc/asterisk`), several files, or a
//! `.zip` / `.tar.gz` of one, and the playground opens what Asterisk's loading would read —
//! `pjsip.conf` with everything it includes, `pjsip_wizard.conf`, `extensions.conf` and
//! `acl.conf` — by the CLI's rule (`pjsip_workspace::directory`). Every file left out is listed
//! with the reason. Archives are unpacked here by `pjsip-archive`, so none of this code is part
//! of the first visit.

use leptos::prelude::*;
use pjsip_workspace::directory::{self, Directory, GivenFile};
use pjsip_workspace::Workspace;
use wasm_bindgen::{JsCast, JsValue};

use crate::Opener;

/// A dropped folder reaches the page only as a file-system entry: this walks it (at most 5,000
/// files) into `[path, File]` pairs, paths relative to the dropped item. The entries are taken
/// from the drop event before the first `await`, while the browser still exposes them. (Built
/// with `Function` rather than `inline_js`: Trunk preloads every snippet on the first visit.)
const WALK_DROP: &str = "return (async () => {
  const entries = Array.from(dt.items || []).map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
  if (!entries.some((e) => e && e.isDirectory)) return Array.from(dt.files || []).map((f) => [f.name, f]);
  const out = [];
  const walk = async (entry, prefix) => {
    if (out.length >= 5000) return;
    if (entry.isFile) {
      out.push([prefix + entry.name, await new Promise((ok, err) => entry.file(ok, err))]);
      return;
    }
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((ok, err) => reader.readEntries(ok, err));
      if (!batch.length) break;
      for (const e of batch) await walk(e, prefix + entry.name + '/');
    }
  };
  for (const e of entries) if (e) await walk(e, '');
  return out;
})();";

/// Starts the walk synchronously (inside the drop event) and returns its promise.
fn dropped_files(transfer: &web_sys::DataTransfer) -> js_sys::Promise {
    let walk = js_sys::Function::new_with_args("dt", WALK_DROP);
    walk.call1(&JsValue::NULL, transfer).map_or_else(|e| js_sys::Promise::reject(&e), |v| js_sys::Promise::resolve(&v))
}

/// What the user gave, read and sorted: the directory and what unpacking archives noted.
#[derive(Clone, Debug, Default, PartialEq)]
struct Read {
    directory: Directory,
    notes: Vec<String>,
}

#[component]
pub fn DirectoryView(open: Opener) -> impl IntoView {
    let read: RwSignal<Option<Read>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let take = move |files: Vec<(String, web_sys::File)>| {
        busy.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            read.set(Some(read_all(files).await));
            busy.set(false);
        });
    };
    let open = StoredValue::new_local(open);
    let open_tabs = move |_| {
        let Some(r) = read.get_untracked() else { return };
        let workspace = Workspace::with_files(r.directory.tabs);
        if let Ok(json) = serde_json::to_string(&workspace) {
            open.with_value(|o| o.open(&json));
        }
    };
    let picker = move |ev: leptos::ev::Event| {
        let list = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).and_then(|i| i.files());
        if let Some(list) = list {
            take((0..list.length()).filter_map(|i| list.get(i)).map(|f| (relative_path(&f), f)).collect());
        }
    };

    view! {
        <div class="directory" data-testid="directory-view"
            on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                let Some(transfer) = ev.data_transfer() else { return };
                // Called now, inside the event: the drop's entries vanish once it returns.
                let pending = wasm_bindgen_futures::JsFuture::from(dropped_files(&transfer));
                wasm_bindgen_futures::spawn_local(async move {
                    let Ok(pairs) = pending.await else { return };
                    let files = js_sys::Array::from(&pairs)
                        .iter()
                        .filter_map(|pair| {
                            let pair = js_sys::Array::from(&pair);
                            Some((pair.get(0).as_string()?, pair.get(1).dyn_into::<web_sys::File>().ok()?))
                        })
                        .collect();
                    take(files);
                });
            }>
            <div class="migrate-inputs">
                <p class="migrate-intro">
                    "Give your PBX's configuration directory: the playground opens pjsip.conf with every file it includes, \
                     pjsip_wizard.conf, extensions.conf and acl.conf, as Asterisk would read them, and lists what it leaves out. \
                     Everything stays in your browser."
                </p>
                <label class="migrate-file">"Choose the folder (/etc/asterisk): "
                    <input type="file" multiple prop:webkitdirectory=true data-testid="directory-folder" on:change=picker />
                </label>
                <label class="migrate-file">"…or choose or drop files, a .zip or a .tar.gz: "
                    <input type="file" multiple accept=".conf,.zip,.tar,.gz,.tgz" data-testid="directory-files" on:change=picker />
                </label>
                {move || busy.get().then(|| view! { <p class="muted" role="status">"Reading…"</p> })}
            </div>
            {move || read.get().map(|r| {
                let kept: Vec<String> = r.directory.tabs.iter().map(|t| t.name.clone()).collect();
                let can_open = !kept.is_empty();
                view! {
                    <div class="directory-result" data-testid="directory-result">
                        {r.directory.problem.clone().map(|p| view! { <p class="error" role="alert" data-testid="directory-problem">{format!("Nothing to open: {p}.")}</p> })}
                        {(!r.notes.is_empty()).then(|| view! {
                            <ul class="replay-notes" data-testid="directory-notes">{r.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
                        })}
                        {can_open.then(|| view! {
                            <p class="migrate-summary">{format!("{} file(s) to open:", kept.len())}</p>
                            <ul data-testid="directory-kept">{kept.into_iter().map(|k| view! { <li>{k}</li> }).collect_view()}</ul>
                            <button class="primary" data-testid="directory-open" on:click=open_tabs>"Open in the playground"</button>
                        })}
                        {(!r.directory.left_out.is_empty()).then(|| view! {
                            <p class="migrate-summary">{format!("{} file(s) left out:", r.directory.left_out.len())}</p>
                            <ul data-testid="directory-left-out">
                                {r.directory.left_out.iter().map(|l| view! { <li><code>{l.path.clone()}</code>" — "{l.why.clone()}</li> }).collect_view()}
                            </ul>
                        })}
                    </div>
                }
            })}
        </div>
    }
}

/// A chosen file's path inside the chosen folder, else its name.
fn relative_path(file: &web_sys::File) -> String {
    let relative =
        js_sys::Reflect::get(file, &JsValue::from_str("webkitRelativePath")).ok().and_then(|v| v.as_string()).unwrap_or_default();
    if relative.is_empty() {
        file.name()
    } else {
        relative
    }
}

/// Reads every file (archives unpacked) and applies the directory rule.
async fn read_all(files: Vec<(String, web_sys::File)>) -> Read {
    let mut given = Vec::new();
    let mut notes = Vec::new();
    for (path, file) in files {
        let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await else {
            notes.push(format!("{path} could not be read"));
            continue;
        };
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        if is_archive(&path, &bytes) {
            let archive = pjsip_archive::read(&bytes);
            notes.extend(archive.notes.into_iter().map(|n| format!("{path}: {n}")));
            given.extend(archive.files.into_iter().map(|f| GivenFile { path: f.path, bytes: f.bytes }));
        } else {
            given.push(GivenFile { path, bytes });
        }
    }
    Read { directory: directory::read(given), notes }
}

/// A zip, a tar or a gzip stream, by its first bytes or its name.
fn is_archive(path: &str, bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0x1f, 0x8b])
        || [".zip", ".tar", ".tgz", ".gz"].iter().any(|e| path.ends_with(e))
}
