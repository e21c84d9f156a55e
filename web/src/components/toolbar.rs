//! The top bar: examples, target Asterisk version, share, download/upload, reset.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pjsip_analysis::AsteriskVersion;
use wasm_bindgen::JsCast;

use crate::bindings;
use crate::examples::{self, EXAMPLES};
use crate::share::{self, LONG_LINK};
use crate::state::{use_app, Notice};
use crate::task::Resource;
use crate::workspace::{check_file_name, MAX_FILES, MAX_TOTAL_BYTES};

#[component]
pub fn Toolbar() -> impl IntoView {
    let app = use_app();
    let (open, set_open) = signal(None::<&'static str>); // which popover is open
    let toggle = move |which: &'static str| set_open.update(|o| *o = if *o == Some(which) { None } else { Some(which) });
    // Escape closes whichever popover is open.
    let on_escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            set_open.set(None);
        }
    });
    on_cleanup(move || on_escape.remove());
    let version = move || app.asterisk.get().to_string();
    let on_version = move |ev: leptos::ev::Event| {
        if let Ok(major) = event_target_value(&ev).parse::<u32>() {
            app.asterisk.set(major);
        }
    };
    let download = move |_| {
        app.files.with_active(|file| bindings::download_text(&file.name, &file.text, "text/plain"));
    };
    let reset = move |_| {
        let ok = window()
            .confirm_with_message(
                "Replace all your files with the starting example? Your current work is kept as a backup you can bring back.",
            )
            .unwrap_or(false);
        if ok {
            app.replace_workspace(examples::starter(), "Reset to the starting example");
        }
    };
    view! {
        <nav class="toolbar" aria-label="Actions">
            <button aria-haspopup="true" aria-expanded=move || (open.get() == Some("examples")).to_string()
                data-testid="examples-button" on:click=move |_| toggle("examples")>"Examples"</button>
            <label class="version">
                "Asterisk "
                <select data-testid="version-select" aria-label="Target Asterisk version" prop:value=version on:change=on_version>
                    {AsteriskVersion::ALL.iter().map(|v| {
                        let major = v.major();
                        view! { <option value=major.to_string() selected=move || app.asterisk.get() == major>{major}</option> }
                    }).collect_view()}
                </select>
            </label>
            <button data-testid="share-button" aria-haspopup="true" aria-expanded=move || (open.get() == Some("share")).to_string()
                on:click=move |_| toggle("share")>"Share"</button>
            <button on:click=download title="Download the file in the editor">"Download"</button>
            <UploadButton />
            <button on:click=reset data-testid="reset-button">"Reset"</button>
        </nav>
        <Show when=move || open.get() == Some("examples")>
            <ExamplesGallery on_done=move || set_open.set(None) />
        </Show>
        <Show when=move || open.get() == Some("share")>
            <SharePanel />
        </Show>
    }
}

#[component]
fn ExamplesGallery(#[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let app = use_app();
    view! {
        <div class="popover gallery" role="dialog" aria-label="Examples" data-testid="examples-gallery">
            <ul>
                {EXAMPLES.iter().map(|example| {
                    let mut lines = example.summary.lines();
                    let (first, second) = (lines.next().unwrap_or(""), lines.next().unwrap_or(""));
                    view! {
                        <li class="example-card">
                            <h3>{example.title}</h3>
                            <p>{first}</p>
                            <p class="muted">{second}</p>
                            <button data-testid=format!("open-example-{}", example.id) on:click=move |_| {
                                on_done.run(());
                                // Opening another example (or any replacement) meanwhile wins.
                                let ticket = app.loads.start();
                                spawn_local(async move {
                                    let loaded = example.load().await;
                                    if !app.loads.is_current(ticket) {
                                        return;
                                    }
                                    match loaded {
                                        Ok(ws) => app.replace_workspace(ws, &format!("Opened the example “{}”", example.title)),
                                        Err(why) => app.notice.set(Some(Notice::Error(format!("The example could not be loaded ({why}). Your work is unchanged.")))),
                                    }
                                });
                            }>"Open"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn SharePanel() -> impl IntoView {
    let app = use_app();
    let (strip, set_strip) = signal(true);
    // The link last copied: "Copied" shows while it is still the link on screen.
    let (copied, set_copied) = signal(None::<String>);
    // The link follows the work and the option; a resource, so the link on screen is always
    // the one made from the latest state.
    let link = Resource::new(move || {
        let strip = strip.get();
        let workspace = app.workspace_tracked();
        async move {
            let (shared, replaced) = share::prepare(&workspace, strip);
            share::encode(&shared).await.map(|fragment| {
                let location = window().location();
                let base = location.href().unwrap_or_default();
                let base = base.split('#').next().unwrap_or("").to_string();
                (format!("{base}{fragment}"), replaced)
            })
        }
    });
    let copy = move |_| {
        if let Some(Ok((url, _))) = link.get_untracked() {
            spawn_local(async move {
                let ok = bindings::copy_text(&url).await.as_bool().unwrap_or(false);
                set_copied.set(ok.then_some(url));
            });
        }
    };
    view! {
        <div class="popover share" role="dialog" aria-label="Share" data-testid="share-panel">
            <p>"The link holds your files, the Asterisk version and the simulator requests. It is never sent anywhere: whoever opens it decodes it in their own browser."</p>
            <label class="toggle">
                <input type="checkbox" data-testid="strip-secrets" prop:checked=strip on:change=move |ev| set_strip.set(event_target_checked(&ev)) />
                " Strip secrets (passwords, md5_cred, password_digest)"
            </label>
            {move || match link.get() {
                None => view! { <p>"Making the link…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok((url, replaced))) => {
                    let len = url.len();
                    view! {
                        <input class="share-link" data-testid="share-link" readonly aria-label="Share link" prop:value=url.clone()
                            on:focus=move |ev| { if let Some(t) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) { t.select(); } } />
                        <p class="muted" data-testid="share-length">
                            {format!("{len} characters")}
                            {(replaced > 0).then(|| format!(" · {replaced} secret value(s) replaced"))}
                        </p>
                        <Show when=move || { len > LONG_LINK }>
                            <p class="warning" role="alert" data-testid="share-too-long">"This link is longer than 8,000 characters: some chat tools, mail clients and browsers cut such links. Download the files instead if it does not open."</p>
                        </Show>
                    }.into_any()
                }
            }}
            <button data-testid="copy-link" on:click=copy>{move || {
                let shown = link.get().and_then(Result::ok).map(|(url, _)| url);
                if shown.is_some() && copied.get() == shown { "Copied" } else { "Copy link" }
            }}</button>
        </div>
    }
}

#[component]
fn UploadButton() -> impl IntoView {
    let app = use_app();
    let input = NodeRef::<leptos::html::Input>::new();
    let on_change = move |_| {
        let Some(el) = input.get() else { return };
        let Some(list) = el.files() else { return };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        el.set_value("");
        spawn_local(async move {
            for file in files {
                let name = file.name();
                if let Err(why) = check_file_name(&name) {
                    app.notice.set(Some(Notice::Error(format!("Cannot open {name}: {why}."))));
                    continue;
                }
                if file.size() > MAX_TOTAL_BYTES as f64 {
                    app.notice.set(Some(Notice::Error(format!("{name} is too big to open here."))));
                    continue;
                }
                let text = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    Ok(t) => t.as_string().unwrap_or_default(),
                    Err(_) => {
                        app.notice.set(Some(Notice::Error(format!("{name} could not be read."))));
                        continue;
                    }
                };
                match app.files.position(&name) {
                    Some(index) => {
                        app.switch_to(index);
                        app.set_text(index, text);
                    }
                    None if app.files.len() < MAX_FILES => app.add_file(name, text),
                    None => app.notice.set(Some(Notice::Error(format!("At most {MAX_FILES} files are supported.")))),
                }
            }
        });
    };
    view! {
        <label class="button upload">
            "Open files…"
            <input type="file" multiple accept=".conf,text/plain" node_ref=input on:change=on_change data-testid="upload" class="visually-hidden" />
        </label>
    }
}
