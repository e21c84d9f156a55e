//! The message bar: errors (a bad link), questions (open a shared link over my work?) and undo
//! offers after something replaced the work.

use leptos::prelude::*;

use crate::state::{use_app, Notice};

#[component]
pub fn NoticeBar() -> impl IntoView {
    let app = use_app();
    let dismiss = move |_| app.notice.set(None);
    move || {
        app.notice.get().map(|notice| match notice {
            Notice::Info(text) => view! {
                <div class="notice info" role="status" data-testid="notice">
                    <span>{text}</span>
                    <button on:click=dismiss>"Dismiss"</button>
                </div>
            }
            .into_any(),
            Notice::Error(text) => view! {
                <div class="notice error" role="alert" data-testid="notice">
                    <span>{text}</span>
                    <button on:click=dismiss>"Dismiss"</button>
                </div>
            }
            .into_any(),
            Notice::Replaced(what) => view! {
                <div class="notice info" role="status" data-testid="notice">
                    <span>{what} ". Your previous work was kept."</span>
                    <button data-testid="restore-backup" on:click=move |_| app.restore_backup()>"Bring back my previous work"</button>
                    <button on:click=dismiss>"Dismiss"</button>
                </div>
            }
            .into_any(),
            Notice::PendingLink(shared) => {
                let files = shared.files.iter().map(|f| f.name.clone()).collect::<Vec<_>>().join(", ");
                view! {
                    <div class="notice question" role="alertdialog" aria-label="Open shared configuration" data-testid="notice">
                        <span>"This link holds a shared configuration (" {files} "). Opening it replaces your current work, which is kept as a backup."</span>
                        <button data-testid="open-shared" on:click=move |_| {
                            app.replace_workspace(shared.clone(), "Opened the shared configuration");
                        }>"Open shared config"</button>
                        <button data-testid="keep-mine" on:click=dismiss>"Keep my work"</button>
                    </div>
                }
                .into_any()
            }
        })
    }
}
