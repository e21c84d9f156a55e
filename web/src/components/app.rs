//! The page: top bar, message bar, and the workbench (editor | diagram | side panel).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::code_editor::CodeEditor;
use crate::components::diagram::DiagramPanel;
use crate::components::effective::EffectivePanel;
use crate::components::file_tabs::FileTabs;
use crate::components::lazy_views::MigrateDialog;
use crate::components::lessons::LessonsPanel;
use crate::components::notice::NoticeBar;
use crate::components::problems::ProblemsPanel;
use crate::components::reference::ReferencePanel;
use crate::components::simulator::SimulatorPanel;
use crate::components::splitter::Splitter;
use crate::components::summary::SummaryPanel;
use crate::components::toolbar::Toolbar;
use crate::examples;
use crate::share::{self, Fragment};
use crate::state::{AppState, Notice};
use crate::storage;
use crate::workspace::{View, Workspace};

#[component]
pub fn App() -> impl IntoView {
    let saved = storage::load();
    let had_saved_work = saved.is_some();
    let initial = saved.unwrap_or_else(examples::starter);
    let app = AppState::new(initial);
    provide_context(app);

    open_link_in_url(app, had_saved_work);
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| open_link_in_url(app, true));
    on_cleanup(move || on_hash.remove());

    let editor_size = RwSignal::new(38.0);
    let side_size = RwSignal::new(30.0);
    let columns = move || {
        let (e, s): (f64, f64) = (editor_size.get(), side_size.get());
        let fr = pjsip_analysis::diagram::num;
        format!(
            "grid-template-columns: minmax(0, {}fr) auto minmax(0, {}fr) auto minmax(0, {}fr)",
            fr(e),
            fr((100.0 - e - s).max(10.0)),
            fr(s)
        )
    };
    view! {
        <header class="topbar">
            <h1><span class="logo" aria-hidden="true">"◆"</span>" pjsip-lab"</h1>
            <p class="tagline">"What will Asterisk 22 make of your pjsip.conf? Nothing leaves your browser."</p>
            <Toolbar />
            <MigrateDialog />
        </header>
        <NoticeBar />
        <main class="workbench" style=columns>
            <section class="pane editor-pane" aria-label="Editor">
                <FileTabs />
                <CodeEditor />
            </section>
            <Splitter size=editor_size min=20.0 max=60.0 label="Resize the editor" />
            <section class="pane diagram-pane" aria-label="Diagram">
                <DiagramPanel />
            </section>
            <Splitter size=side_size min=18.0 max=60.0 label="Resize the side panel" reverse=true />
            <section class="pane side-pane" aria-label="Results">
                <SideTabs />
            </section>
        </main>
    }
}

/// The views beside the editor, as tabs.
#[component]
fn SideTabs() -> impl IntoView {
    let app = crate::state::use_app();
    // A memo, so the panel is rebuilt when the view changes, not on every keystroke.
    let view_now = Memo::new(move |_| app.workspace.with(|ws| ws.view));
    let view_now = move || view_now.get();
    let shown = View::ALL;
    view! {
        <div class="view-tabs" role="tablist" aria-label="Views">
            {shown.iter().map(|&v| view! {
                <button role="tab" id=format!("tab-{}", v.id()) data-testid=format!("view-{}", v.id())
                    aria-selected=move || (view_now() == v).to_string()
                    on:click=move |_| app.workspace.update(|ws| ws.view = v)>
                    {v.label()}
                    {(v == View::Problems).then(|| view! { <span class="badge">{move || app.problems.with(|p| p.errors + p.warnings)}</span> })}
                </button>
            }).collect_view()}
        </div>
        <div class="view-body" role="tabpanel">
            {move || match view_now() {
                View::Problems => view! { <ProblemsPanel /> }.into_any(),
                View::Effective => view! { <EffectivePanel /> }.into_any(),
                View::Simulator => view! { <SimulatorPanel /> }.into_any(),
                View::Lessons => view! { <LessonsPanel /> }.into_any(),
                View::Reference => view! { <ReferencePanel /> }.into_any(),
                View::Summary => view! { <SummaryPanel /> }.into_any(),
            }}
        </div>
    }
}

/// Opens the `#v1…` link in the address bar, if there is one. With saved work that differs
/// from the link, asks first; the fragment is removed afterwards so a reload does not ask again.
fn open_link_in_url(app: AppState, has_own_work: bool) {
    let location = window().location();
    let hash = location.hash().unwrap_or_default();
    let payload = match share::classify(&hash) {
        Fragment::None => return,
        Fragment::Unknown => {
            app.notice.set(Some(Notice::Error(
                "This link was not made by this version of pjsip-lab (it does not start with #v1), so it cannot be opened. Your work is unchanged.".into(),
            )));
            clear_fragment();
            return;
        }
        Fragment::V1(payload) => payload.to_string(),
    };
    clear_fragment();
    spawn_local(async move {
        match share::decode(&payload).await {
            Err(message) => app.notice.set(Some(Notice::Error(format!("{message} Your work is unchanged.")))),
            Ok(shared) => {
                let same = app.workspace.with_untracked(|ws| ws.files == shared.files);
                if same {
                    apply_shared_settings(app, &shared);
                } else if has_own_work {
                    app.notice.set(Some(Notice::PendingLink(shared)));
                } else {
                    app.replace_workspace(shared, "Opened the shared configuration");
                }
            }
        }
    });
}

/// The link holds the same files: take its version, requests and view without asking.
fn apply_shared_settings(app: AppState, shared: &Workspace) {
    app.workspace.update(|ws| {
        ws.asterisk = shared.asterisk;
        ws.requests = shared.requests.clone();
        ws.hosts = shared.hosts.clone();
        ws.view = shared.view;
    });
}

fn clear_fragment() {
    let location = window().location();
    let url = format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
