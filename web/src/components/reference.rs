//! The reference: every object type explained and every option of it, searchable, for the
//! chosen Asterisk version, with links to the official documentation.

use leptos::prelude::*;
use pjsip_analysis::explain::{self, OptionExplanation};
use pjsip_analysis::ide::option_facts;
use pjsip_analysis::schema::TYPES;

use crate::state::use_app;

#[component]
pub fn ReferencePanel() -> impl IntoView {
    let app = use_app();
    app.load_text();
    let query = app.reference_query;
    let version = move || pjsip_analysis::AsteriskVersion::from_major(app.asterisk.get()).unwrap_or_default();
    let types = TYPES.iter().filter(|t| t.loaded_from_config).map(|t| t.name).collect::<Vec<_>>();
    let type_name = move || query.with(|(t, _)| t.clone());
    let search = move || query.with(|(_, s)| s.clone());
    let content = move || {
        let note = match app.text() {
            crate::state::TextState::Ready => None,
            crate::state::TextState::Loading => Some("Loading the explanations…".to_string()),
            crate::state::TextState::Failed(why) => {
                Some(format!("The explanations could not be loaded ({why}); kinds, defaults and versions are still shown."))
            }
        };
        let note = note.map(|n| view! { <p class="muted" role="status">{n}</p> });
        let type_name = type_name();
        let needle = search().trim().to_ascii_lowercase();
        let v = version();
        let Ok(ty) = explain::explain_type(&type_name) else {
            return view! { <p class="empty">"Pick a type."</p> }.into_any();
        };
        let options: Vec<OptionExplanation> = ty
            .options(v)
            .into_iter()
            .filter(|o| needle.is_empty() || o.schema.name.contains(&needle) || o.text.to_ascii_lowercase().contains(&needle))
            .collect();
        let count = options.len();
        let paragraphs = ty.text.split("\n\n").map(|p| view! { <p>{p.to_string()}</p> }).collect_view();
        view! {
            {note}
            <section class="type-explainer" data-testid="type-explainer">
                <h3>{format!("type={}", ty.schema.name)}</h3>
                {paragraphs}
                <p><a href=ty.doc_url(v) target="_blank" rel="noopener noreferrer">"Official documentation"</a></p>
            </section>
            <p class="muted">{format!("{count} option(s) in Asterisk {}", v.major())}</p>
            <dl class="options">
                {options.into_iter().map(|o| {
                    let facts = option_facts(o.schema);
                    let related = (!o.related.is_empty()).then(|| format!("See also: {}", o.related.join(", ")));
                    let url = o.doc_url(v);
                    view! {
                        <dt data-testid="reference-option" id=format!("opt-{}-{}", o.type_name, o.schema.name)>{o.schema.name}</dt>
                        <dd>
                            <p class="facts">{facts}</p>
                            {o.text.split("\n\n").map(|p| view! { <p>{p.to_string()}</p> }).collect_view()}
                            {related.map(|r| view! { <p class="muted">{r}</p> })}
                            <p><a href=url target="_blank" rel="noopener noreferrer">"Asterisk documentation"</a></p>
                        </dd>
                    }
                }).collect_view()}
            </dl>
        }
        .into_any()
    };
    view! {
        <div class="panel reference" data-testid="reference-panel">
            <div class="reference-controls">
                <label>"Type "
                    <select data-testid="reference-type" prop:value=type_name
                        on:change=move |ev| { let t = event_target_value(&ev); query.update(|q| q.0 = t) }>
                        {types.into_iter().map(|t| view! { <option value=t>{t}</option> }).collect_view()}
                    </select>
                </label>
                <input type="search" placeholder="Search options and text…" aria-label="Search the reference" data-testid="reference-search"
                    prop:value=search on:input=move |ev| { let s = event_target_value(&ev); query.update(|q| q.1 = s) } />
            </div>
            {content}
        </div>
    }
}
