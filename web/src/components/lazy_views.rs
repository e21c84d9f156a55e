//! Views that live in a module of their own (`web/views`, built by Trunk as
//! `pjsip-lab-views.js` + its wasm) and load the first time someone opens them, so the first
//! visit downloads none of their code. This file is all the main app knows of them: a button,
//! a dialog to draw into, and the callback through which a view hands a workspace back.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;

use crate::state::{use_app, Notice};
use crate::workspace::Workspace;

#[wasm_bindgen(inline_js = "
export async function mountMigrate(parent, onOpen) {
  const views = await import(new URL('pjsip-lab-views.js', document.baseURI).href);
  await views.default();
  views.mount_migrate(parent, onOpen);
}")]
extern "C" {
    #[wasm_bindgen(js_name = mountMigrate, catch)]
    async fn mount_migrate(parent: &web_sys::HtmlElement, on_open: &JsValue) -> Result<JsValue, JsValue>;
}

/// Where the module is in its life: not asked for yet, on its way, drawn, or failed to load.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Load {
    NotYet,
    Loading,
    Ready,
    Failed(String),
}

/// "Migrate from sip.conf": the button in the top bar and the dialog the view is drawn in.
#[component]
pub fn MigrateDialog() -> impl IntoView {
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
        // The view hands back a workspace (JSON) to open in the playground.
        let on_open = Closure::<dyn Fn(String)>::new(move |json: String| {
            match serde_json::from_str::<Workspace>(&json).map_err(|e| e.to_string()).and_then(Workspace::validated) {
                Ok(workspace) => {
                    app.replace_workspace(workspace, "The converted configuration is open in the playground");
                    shown.set(false);
                }
                Err(why) => app.notice.set(Some(Notice::Error(format!("The converted configuration could not be opened: {why}.")))),
            }
        })
        .into_js_value();
        spawn_local(async move {
            match mount_migrate(&parent, &on_open).await {
                Ok(_) => load.set(Load::Ready),
                Err(e) => load.set(Load::Failed(e.as_string().unwrap_or_else(|| format!("{e:?}")))),
            }
        });
    };
    let status = move || match load.get() {
        Load::Loading => Some("Loading the migration tools…".to_string()),
        Load::Failed(why) => Some(format!("The migration tools could not be loaded ({why}). Are you offline on a first visit?")),
        _ => None,
    };

    view! {
        <button data-testid="open-migrate" on:click=open_view title="Convert chan_sip's sip.conf to pjsip.conf">"Migrate from sip.conf"</button>
        <div class="lazy-dialog" class:hidden=move || !shown.get() role="dialog" aria-label="Migrate from sip.conf" data-testid="migrate-dialog">
            <div class="lazy-dialog-header">
                <h2>"Migrate from sip.conf"</h2>
                <button data-testid="close-migrate" on:click=move |_| shown.set(false)>"Close"</button>
            </div>
            <p class="lazy-status" role="status">{status}</p>
            <div class="lazy-dialog-body" node_ref=host></div>
        </div>
    }
}
