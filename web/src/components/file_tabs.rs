//! Tabs for the files of the workspace: pjsip.conf, pjsip_wizard.conf and included files. They
//! read the tab names and the active tab only, so typing never re-renders them.

use leptos::prelude::*;
use pjsip_analysis::PJSIP_WIZARD_CONF;

use crate::state::{use_app, Notice};
use crate::workspace::{check_file_name, MAX_FILES};

#[component]
pub fn FileTabs() -> impl IntoView {
    let app = use_app();
    let tabs = move || app.files.names.get().into_iter().enumerate().collect::<Vec<_>>();
    // Files an #include names that are not open yet; a memo, so the buttons change only when
    // that list does.
    let missing = Memo::new(move |_| crate::view_model::missing_includes(&app.analysis.read()));
    let add = move |_| {
        let existing = app.files.names.get_untracked();
        if existing.len() >= MAX_FILES {
            app.notice.set(Some(Notice::Error(format!("At most {MAX_FILES} files are supported."))));
            return;
        }
        let suggestion = if existing.iter().any(|n| n == PJSIP_WIZARD_CONF) { "extra.conf" } else { PJSIP_WIZARD_CONF };
        let Some(name) = window()
            .prompt_with_message_and_default("File name (use #include \"name\" in pjsip.conf to pull it in):", suggestion)
            .ok()
            .flatten()
        else {
            return;
        };
        let name = name.trim().to_string();
        if let Err(why) = check_file_name(&name) {
            app.notice.set(Some(Notice::Error(format!("Cannot add the file: {why}."))));
            return;
        }
        if existing.contains(&name) {
            app.notice.set(Some(Notice::Error(format!("A file named {name} is already open."))));
            return;
        }
        app.add_file(name, String::new());
    };
    let close = move |index: usize| {
        let Some(file) = app.files.get(index) else { return };
        if !file.text.trim().is_empty()
            && !window().confirm_with_message(&format!("Close {} and discard its text?", file.name)).unwrap_or(false)
        {
            return;
        }
        app.close_file(index);
    };
    view! {
        <div class="file-tabs" role="tablist" aria-label="Files">
            <For each=tabs key=|(i, name)| (*i, name.clone()) let:tab>
                {
                    let (index, name) = tab;
                    let selected = move || app.files.active.get() == index;
                    let closable = index > 0;
                    view! {
                        <span class="tab" class:active=selected>
                            <button role="tab" aria-selected=move || selected().to_string() data-testid="file-tab"
                                on:click=move |_| app.switch_to(index)>{name.clone()}</button>
                            <Show when=move || closable>
                                <button class="close" aria-label=format!("Close {name}") on:click=move |_| close(index)>"×"</button>
                            </Show>
                        </span>
                    }
                }
            </For>
            {move || missing.get().into_iter().map(|name| {
                let label = format!("Create {name} (named by an #include)");
                view! {
                    <button class="add-file missing" data-testid="create-included" title=label.clone() aria-label=label
                        on:click=move |_| {
                            match app.files.position(&name) {
                                Some(index) => app.switch_to(index),
                                None if app.files.len() < MAX_FILES => app.add_file(name.clone(), String::new()),
                                None => app.notice.set(Some(Notice::Error(format!("At most {MAX_FILES} files are supported.")))),
                            }
                        }>
                        "+ " {name.clone()}
                    </button>
                }
            }).collect_view()}
            <button class="add-file" aria-label="Add a file" title="Add a file (pjsip_wizard.conf, an included file)" on:click=add>"+"</button>
        </div>
    }
}
