//! "Explain this config": the configuration in plain sentences, each linked to its objects.

use leptos::prelude::*;

use crate::state::use_app;
use crate::view_model::Locator;

#[component]
pub fn SummaryPanel() -> impl IntoView {
    let app = use_app();
    let items = Memo::new(move |_| {
        let analysis = app.analysis.get();
        let summary = analysis.summary();
        let mut locator = Locator::new(&analysis);
        summary
            .items
            .into_iter()
            .map(|item| {
                let place = item.spans.first().map(|s| locator.place(*s));
                (item.text, place)
            })
            .collect::<Vec<_>>()
    });
    view! {
        <div class="panel summary-panel" data-testid="summary-panel">
            <ul class="summary-items">
                {move || items.get().into_iter().map(|(text, place)| {
                    let jump = place.map(|p| view! { <button class="link" on:click=move |_| app.go_to(&p)>"show"</button> });
                    view! { <li data-testid="summary-item">{text} " " {jump}</li> }
                }).collect_view()}
            </ul>
        </div>
    }
}
