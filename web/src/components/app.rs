//! The page: editor on the left, parsed sections and diagnostics on the right.

use leptos::prelude::*;

use crate::components::diagnostic_list::DiagnosticList;
use crate::components::editor::{Editor, Selection};
use crate::components::section_list::SectionList;
use crate::view_model::PageModel;
use crate::{storage, TRUNK_EXAMPLE};

#[component]
pub fn App() -> impl IntoView {
    let initial = storage::load().unwrap_or_else(|| TRUNK_EXAMPLE.to_string());
    let (text, set_text) = signal(initial);
    let model = Memo::new(move |_| PageModel::analyse(&text.read()));
    // Where the editor should put its selection when a row is clicked.
    let (selection, set_selection) = signal(None::<Selection>);
    Effect::new(move |_| storage::save(&text.read()));

    view! {
        <header class="topbar">
            <h1>"pjsip-lab"</h1>
            <p class="tagline">"See what Asterisk will make of your pjsip.conf — nothing leaves your browser."</p>
        </header>
        <main class="layout">
            <section class="pane editor-pane" aria-label="pjsip.conf editor">
                <Editor text=text on_change=move |t| set_text.set(t) selection=selection />
            </section>
            <section class="pane side-pane">
                <SectionList model=model on_select=move |s| set_selection.set(Some(s)) />
                <DiagnosticList model=model on_select=move |s| set_selection.set(Some(s)) />
            </section>
        </main>
    }
}
