//! The list of diagnostics for the current text; clicking one selects its range in the editor.

use leptos::prelude::*;

use crate::components::editor::Selection;
use crate::view_model::PageModel;

#[component]
pub fn DiagnosticList(model: Memo<PageModel>, #[prop(into)] on_select: Callback<Selection>) -> impl IntoView {
    let rows = move || model.with(|m| m.diagnostics.clone());
    let summary = move || {
        model.with(|m| match (m.errors, m.warnings, m.diagnostics.len()) {
            (_, _, 0) => "No problems found".to_string(),
            (e, w, n) => format!("{e} error(s), {w} warning(s), {} hint(s)", n - e - w),
        })
    };
    view! {
        <div class="panel" data-testid="diagnostic-list">
            <h2>"Diagnostics"</h2>
            <p class="summary" data-testid="diagnostic-summary">{summary}</p>
            <Show when=move || model.with(|m| m.rejected)>
                <p class="rejected" role="alert">"Asterisk would refuse this whole file and load nothing from it."</p>
            </Show>
            <ul>
                <For each=rows key=|row| row.key() let:row>
                    <li data-testid="diagnostic-row" class=format!("diagnostic {}", row.severity.as_str())
                        tabindex="0"
                        on:click=move |_| on_select.run(Selection { start: row.start16, end: row.end16 })>
                        <span class="where">{format!("{}:{}", row.line, row.column)}</span>
                        <span class="severity">{row.severity.as_str()}</span>
                        <span class="message">{row.message.clone()}</span>
                        <code class="code">{row.code}</code>
                        {row.notes.iter().map(|n| view! { <p class="note">{n.clone()}</p> }).collect_view()}
                    </li>
                </For>
            </ul>
        </div>
    }
}
