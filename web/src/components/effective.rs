//! The effective-config view: for the section under the cursor (or the object selected in the
//! diagram), every option's effective value and where it came from.

use leptos::prelude::*;

use crate::state::use_app;
use crate::view_model::{objects_at, ObjectView};

#[component]
pub fn EffectivePanel() -> impl IntoView {
    let app = use_app();
    let (show_defaults, set_show_defaults) = signal(false);
    let found = Memo::new(move |_| {
        let analysis = app.analysis.get();
        // A diagram selection wins over the cursor.
        let selected = app.selected.with(|s| s.as_ref().and_then(|id| Some((id.kind.object_type()?, id.name.clone()))));
        if let Some(object) = selected.and_then(|(t, name)| analysis.model().find(t, &name)) {
            return (vec![ObjectView::new(&analysis, object)], Vec::new());
        }
        let file = app.active_name();
        let (objects, rejected) = objects_at(&analysis, &file, app.cursor.get());
        (objects.into_iter().map(|o| ObjectView::new(&analysis, o)).collect::<Vec<_>>(), rejected)
    });
    view! {
        <div class="panel effective" data-testid="effective-panel">
            <label class="toggle">
                <input type="checkbox" prop:checked=show_defaults
                    on:change=move |ev| set_show_defaults.set(event_target_checked(&ev)) />
                " Show options left at their defaults"
            </label>
            <Show when=move || found.with(|(o, r)| o.is_empty() && r.is_empty())>
                <p class="empty">"Put the cursor in a section (or select an object in the diagram) to see what Asterisk makes of it."</p>
            </Show>
            {move || found.with(|(_, rejected)| rejected.iter().map(|r| view! { <p class="rejected" role="status">{r.clone()}</p> }).collect_view())}
            {move || {
                let all = show_defaults.get();
                found.with(|(objects, _)| objects.iter().map(|o| object_table(o, all)).collect_view())
            }}
        </div>
    }
}

fn object_table(object: &ObjectView, show_defaults: bool) -> impl IntoView {
    let app = use_app();
    let title = match &object.wizard {
        Some(w) => format!("{} {} (from wizard {w})", object.type_name, object.id),
        None => format!("{} {}", object.type_name, object.id),
    };
    let rows = object
        .values
        .iter()
        .filter(|v| show_defaults || !v.is_default)
        .map(|v| {
            let at = v.at.clone();
            let origin = match at {
                Some(place) => {
                    let label = v.origin.clone();
                    view! { <button class="link" on:click=move |_| app.go_to(&place)>{label}</button> }.into_any()
                }
                None => view! { <span class="default">{v.origin.clone()}</span> }.into_any(),
            };
            view! {
                <tr class:default=v.is_default data-testid="effective-row">
                    <td class="option">{v.option.clone()}</td>
                    <td class="value">
                        {v.value.clone()}
                        {v.as_written.clone().map(|w| view! { <span class="as-written" title="as written in the file">{format!(" (written {w})")}</span> })}
                    </td>
                    <td class="origin">{origin}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="object" data-testid="effective-object">
            <h3>{title}</h3>
            <table>
                <thead><tr><th>"Option"</th><th>"Value"</th><th>"Set by"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
