//! Views that live in a module of their own (`web/views`, built by Trunk as
//! `pjsip-lab-views.js` + its wasm) and load the first time someone opens them, so the first
//! visit downloads none of their code. This file is all the main app knows of them: a button,
//! a dialog to draw into, and the callbacks through which a view hands a workspace back
//! (migration) or reads the current one (trace replay). The module is fetched once, whichever
//! view asks first.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;

use crate::state::{use_app, Notice};
use crate::workspace::Workspace;

#[wasm_bindgen(inline_js = "
let views = null;
export async function mountView(name, parent, callback) {
  if (!views) {
    views = import(new URL('pjsip-lab-views.js', document.baseURI).href).then(async (m) => { await m.default(); return m; });
  }
  const m = await views.catch((e) => { views = null; throw e; });
  m['mount_' + name](parent, callback);
}")]
extern "C" {
    /// Loads the module (once) and calls its `mount_<name>(parent, callback)`.
    #[wasm_bindgen(js_name = mountView, catch)]
    async fn mount_view(name: &str, parent: &web_sys::HtmlElement, callback: &JsValue) -> Result<JsValue, JsValue>;
}

/// The views of the module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LazyView {
    Migrate,
    Replay,
    Directory,
}

impl LazyView {
    /// The module's `mount_<name>`, and the test id stem (`open-…`, `…-dialog`, `close-…`).
    fn name(self) -> &'static str {
        match self {
            LazyView::Migrate => "migrate",
            LazyView::Replay => "replay",
            LazyView::Directory => "directory",
        }
    }

    fn title(self) -> &'static str {
        match self {
            LazyView::Migrate => "Migrate from sip.conf",
            LazyView::Replay => "Replay a trace",
            LazyView::Directory => "Open a directory",
        }
    }

    /// Short, so the three buttons fit the top bar on one line at common window widths.
    fn button(self) -> &'static str {
        match self {
            LazyView::Migrate => "Migrate sip.conf",
            LazyView::Replay => "Replay trace",
            LazyView::Directory => "Open folder",
        }
    }

    fn tooltip(self) -> &'static str {
        match self {
            LazyView::Migrate => "Convert chan_sip's sip.conf to pjsip.conf",
            LazyView::Replay => "Run the requests of a SIP trace (pjsip logger output, pcap) through this configuration",
            LazyView::Directory => "Open /etc/asterisk (a folder, files, a .zip or .tar.gz) as Asterisk would read it",
        }
    }

    fn loading(self) -> &'static str {
        match self {
            LazyView::Migrate => "Loading the migration tools…",
            LazyView::Replay => "Loading the trace replay…",
            LazyView::Directory => "Loading…",
        }
    }
}

/// Where the module is in its life: not asked for yet, on its way, drawn, or failed to load.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Load {
    NotYet,
    Loading,
    Ready,
    Failed(String),
}

/// A view of the module: the button in the top bar and the dialog the view is drawn in.
#[component]
pub fn LazyDialog(view: LazyView) -> impl IntoView {
    let app = use_app();
    let shown = RwSignal::new(false);
    let load = RwSignal::new(Load::NotYet);
    let host = NodeRef::<leptos::html::Div>::new();

    let open_view = move |_| {
        shown.set(true);
        if matches!(load.get_untracked(), Load::Ready | Load::Loading) {
            return;
        }
        let Some(parent) = host.get_untracked() else { return };
        load.set(Load::Loading);
        let callback = match view {
            // The migration and the directory hand back a workspace (JSON) to open in the playground.
            LazyView::Migrate | LazyView::Directory => Closure::<dyn Fn(String)>::new(move |json: String| {
                match serde_json::from_str::<Workspace>(&json).map_err(|e| e.to_string()).and_then(Workspace::validated) {
                    Ok(workspace) => {
                        app.replace_workspace(workspace, "The configuration is open in the playground");
                        shown.set(false);
                    }
                    Err(why) => app.notice.set(Some(Notice::Error(format!("The configuration could not be opened: {why}.")))),
                }
            })
            .into_js_value(),
            // The replay reads the work as it is when a trace is replayed.
            LazyView::Replay => {
                Closure::<dyn Fn() -> String>::new(move || serde_json::to_string(&app.workspace()).unwrap_or_default()).into_js_value()
            }
        };
        spawn_local(async move {
            match mount_view(view.name(), &parent, &callback).await {
                Ok(_) => load.set(Load::Ready),
                Err(e) => load.set(Load::Failed(e.as_string().unwrap_or_else(|| format!("{e:?}")))),
            }
        });
    };
    let status = move || match load.get() {
        Load::Loading => Some(view.loading().to_string()),
        Load::Failed(why) => Some(format!("This view could not be loaded ({why}). Are you offline on a first visit?")),
        _ => None,
    };
    let name = view.name();

    view! {
        <button data-testid=format!("open-{name}") on:click=open_view title=view.tooltip()>{view.button()}</button>
        <div class="lazy-dialog" class:hidden=move || !shown.get() role="dialog" aria-label=view.title() data-testid=format!("{name}-dialog")>
            <div class="lazy-dialog-header">
                <h2>{view.title()}</h2>
                <button data-testid=format!("close-{name}") on:click=move |_| shown.set(false)>"Close"</button>
            </div>
            <p class="lazy-status" role="status">{status}</p>
            <div class="lazy-dialog-body" node_ref=host></div>
        </div>
    }
}
