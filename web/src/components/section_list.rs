//! The live list of parsed sections: name, type, templates, line.

use leptos::prelude::*;

use crate::components::editor::Selection;
use crate::view_model::PageModel;

#[component]
pub fn SectionList(model: Memo<PageModel>, #[prop(into)] on_select: Callback<Selection>) -> impl IntoView {
    let rows = move || model.with(|m| m.sections.clone());
    view! {
        <div class="panel" data-testid="section-list">
            <h2>"Sections " <span class="count" data-testid="section-count">{move || model.with(|m| m.sections.len())}</span></h2>
            <table>
                <thead><tr><th>"Name"</th><th>"Type"</th><th>"Templates"</th><th>"Line"</th></tr></thead>
                <tbody>
                    <For each=rows key=|row| (row.start16, row.name.clone(), row.type_name.clone()) let:row>
                        <tr data-testid="section-row" class:template=row.is_template
                            on:click=move |_| on_select.run(Selection { start: row.start16, end: row.end16 })>
                            <td class="name">{row.name.clone()}</td>
                            <td class="type">{if row.is_template { format!("{} (template)", row.type_name) } else { row.type_name.clone() }}</td>
                            <td class="templates">{row.templates.clone()}</td>
                            <td class="line">{row.line}</td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </div>
    }
}
