//! The problems panel: every diagnostic of every file, with its notes, related places and quick
//! fix. Clicking a row moves the editor to it.

use leptos::prelude::*;

use crate::state::use_app;
use crate::view_model::DiagnosticRow;

#[component]
pub fn ProblemsPanel() -> impl IntoView {
    let app = use_app();
    let rows = move || app.problems.with(|p| p.rows.clone());
    view! {
        <div class="panel problems" data-testid="diagnostic-list">
            <p class="summary" data-testid="diagnostic-summary" aria-live="polite">{move || app.problems.with(|p| p.summary())}</p>
            <Show when=move || app.problems.with(|p| p.rejected)>
                <p class="rejected" role="alert">"Asterisk would refuse the whole pjsip.conf and load nothing from it."</p>
            </Show>
            <ul>
                <For each=rows key=DiagnosticRow::key let:row>
                    <ProblemRow row=row />
                </For>
            </ul>
        </div>
    }
}

#[component]
fn ProblemRow(row: DiagnosticRow) -> impl IntoView {
    let app = use_app();
    let at = row.at.clone();
    let go = move |_| app.go_to(&at);
    let at_key = row.at.clone();
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            app.go_to(&at_key);
        }
    };
    let related = row
        .related
        .iter()
        .map(|(place, message)| {
            let place = place.clone();
            let label = format!("{}:{}", place.file, place.line);
            view! {
                <li class="related">
                    <button class="link" on:click=move |ev| { ev.stop_propagation(); app.go_to(&place); }>{label}</button>
                    " " {message.clone()}
                </li>
            }
        })
        .collect_view();
    let fix = row.fix.clone().map(|fix| {
        let title = fix.title.clone();
        view! {
            <button class="fix" data-testid="quick-fix" on:click=move |ev| { ev.stop_propagation(); app.apply_fix(&fix); }>
                "Fix: " {title}
            </button>
        }
    });
    view! {
        <li data-testid="diagnostic-row" class=format!("diagnostic {}", row.severity.as_str()) tabindex="0"
            on:click=go on:keydown=on_key>
            <span class="where">{format!("{}:{}:{}", row.at.file, row.at.line, row.at.column)}</span>
            <span class="severity">{row.severity.as_str()}</span>
            <span class="message">{row.message.clone()}</span>
            <code class="code">{row.code}</code>
            {row.notes.iter().map(|n| view! { <p class="note">{n.clone()}</p> }).collect_view()}
            <ul class="related-list">{related}</ul>
            {fix}
        </li>
    }
}
