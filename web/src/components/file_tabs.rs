//! Tabs for the files of the workspace: pjsip.conf, pjsip_wizard.conf and included files.

use leptos::prelude::*;
use pjsip_analysis::PJSIP_WIZARD_CONF;

use crate::state::{use_app, Notice};
use crate::workspace::{check_file_name, FileTab, MAX_FILES};

#[component]
pub fn FileTabs() -> impl IntoView {
    let app = use_app();
    let tabs = move || app.workspace.with(|ws| ws.files.iter().map(|f| f.name.clone()).enumerate().collect::<Vec<_>>());
    let add = move |_| {
        let existing: Vec<String> = app.workspace.with_untracked(|ws| ws.files.iter().map(|f| f.name.clone()).collect());
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
        app.workspace.update(|ws| ws.files.push(FileTab { name, text: String::new() }));
        let last = app.workspace.with_untracked(|ws| ws.files.len() - 1);
        app.switch_to(last);
    };
    let close = move |index: usize| {
        let file = app.workspace.with_untracked(|ws| ws.files.get(index).cloned());
        let Some(file) = file else { return };
        if !file.text.trim().is_empty()
            && !window().confirm_with_message(&format!("Close {} and discard its text?", file.name)).unwrap_or(false)
        {
            return;
        }
        app.editor.forget(&file.name);
        app.workspace.update(|ws| {
            ws.files.remove(index);
            if ws.active >= ws.files.len() || ws.active > index {
                ws.active = ws.active.saturating_sub(1);
            }
        });
        let active = app.workspace.with_untracked(|ws| ws.active);
        app.switch_to(active);
    };
    view! {
        <div class="file-tabs" role="tablist" aria-label="Files">
            <For each=tabs key=|(i, name)| (*i, name.clone()) let:tab>
                {
                    let (index, name) = tab;
                    let selected = move || app.workspace.with(|ws| ws.active == index);
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
            {move || crate::view_model::missing_includes(&app.analysis.get()).into_iter().map(|name| {
                let label = format!("Create {name} (named by an #include)");
                view! {
                    <button class="add-file missing" data-testid="create-included" title=label.clone() aria-label=label
                        on:click=move |_| {
                            let name = name.clone();
                            app.workspace.update(|ws| if ws.files.len() < MAX_FILES && !ws.files.iter().any(|f| f.name == name) {
                                ws.files.push(FileTab { name: name.clone(), text: String::new() });
                            });
                            let index = app.workspace.with_untracked(|ws| ws.files.len() - 1);
                            app.switch_to(index);
                        }>
                        "+ " {name.clone()}
                    </button>
                }
            }).collect_view()}
            <button class="add-file" aria-label="Add a file" title="Add a file (pjsip_wizard.conf, an included file)" on:click=add>"+"</button>
        </div>
    }
}
