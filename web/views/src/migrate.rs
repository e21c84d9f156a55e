//! "Migrate from sip.conf": paste or drop chan_sip's `sip.conf` (and `users.conf`), convert it
//! with `pjsip_migrate` — the same code as `pjsip-lab migrate` — and see the result: the output
//! files line by line, each line tied to the sip.conf lines it comes from (click either side),
//! every setting not carried over and why, the validator's findings on the output, and the
//! simulator's proof, device by device. One click opens the result in the playground, with the
//! proof's requests ready in the simulator.

use std::collections::BTreeSet;
use std::sync::Arc;

use leptos::prelude::*;
use pjsip_migrate::{MigrateInput, Migration, SourceText, SIP_CONF, USERS_CONF};
use pjsip_workspace::{FileTab, Workspace};
use wasm_bindgen::JsCast;

use crate::Opener;

/// A conversion and the input texts it was made from (the migration reports places in them).
struct Converted {
    migration: Arc<Migration>,
    inputs: Vec<(String, String)>,
}

/// A line picked on one side; the other side lights up.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Picked {
    /// An output line: file and 1-based line.
    Output(String, u32),
    /// An input line: file and 1-based line.
    Input(String, u32),
}

#[component]
pub fn MigrateView(open: Opener) -> impl IntoView {
    let sip = RwSignal::new(String::new());
    let users = RwSignal::new(String::new());
    let wizard = RwSignal::new(false);
    // Other chosen or dropped files: what sip.conf's `#include`s may name.
    let extra: RwSignal<Vec<(String, String)>> = RwSignal::new(Vec::new());
    let result: RwSignal<Option<Arc<Converted>>> = RwSignal::new(None);
    let picked: RwSignal<Option<Picked>> = RwSignal::new(None);

    let convert = move |_| {
        let mut files = vec![SourceText { name: SIP_CONF.into(), text: sip.get_untracked() }];
        let users_text = users.get_untracked();
        if !users_text.trim().is_empty() {
            files.push(SourceText { name: USERS_CONF.into(), text: users_text });
        }
        files.extend(extra.get_untracked().into_iter().map(|(name, text)| SourceText { name, text }));
        let inputs = files.iter().map(|f| (f.name.clone(), f.text.clone())).collect();
        let mut input = MigrateInput::new(files);
        input.wizard = wizard.get_untracked();
        picked.set(None);
        result.set(Some(Arc::new(Converted { migration: Arc::new(pjsip_migrate::migrate(&input)), inputs })));
    };

    view! {
        <div class="migrate" data-testid="migrate-view"
            on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                if let Some(list) = ev.data_transfer().and_then(|d| d.files()) {
                    read_files(&list, sip, users, extra);
                }
            }>
            <div class="migrate-inputs">
                <p class="migrate-intro">
                    "Paste chan_sip's configuration or choose the files. It is converted here, in your browser, \
                     then checked and proven with the simulator: each phone and trunk should still be recognised."
                </p>
                <label class="migrate-file">
                    "Choose or drop sip.conf, users.conf and the files they include: "
                    <input type="file" multiple accept=".conf,text/plain" data-testid="migrate-files"
                        on:change=move |ev| {
                            let list = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).and_then(|i| i.files());
                            if let Some(list) = list {
                                read_files(&list, sip, users, extra);
                            }
                        } />
                </label>
                {move || {
                    let names: Vec<String> = extra.get().into_iter().map(|(n, _)| n).collect();
                    (!names.is_empty()).then(|| view! { <p class="hint" data-testid="migrate-extra">"Also read, for #include: " {names.join(", ")}</p> })
                }}
                <label class="migrate-text">
                    <span>"sip.conf"</span>
                    <textarea data-testid="migrate-sip" spellcheck="false" rows="12"
                        prop:value=move || sip.get()
                        on:input=move |ev| sip.set(event_target_value(&ev))
                        placeholder="[general]\ncontext=default\n\n[6001]\ntype=friend\nhost=dynamic\nsecret=…"></textarea>
                </label>
                <label class="migrate-text">
                    <span>"users.conf (optional)"</span>
                    <textarea data-testid="migrate-users" spellcheck="false" rows="4"
                        prop:value=move || users.get()
                        on:input=move |ev| users.set(event_target_value(&ev))></textarea>
                </label>
                <label class="migrate-option">
                    <input type="checkbox" data-testid="migrate-wizard"
                        prop:checked=move || wizard.get()
                        on:change=move |ev| wizard.set(event_target_checked(&ev)) />
                    " also write devices as pjsip_wizard.conf sections where that is clearer"
                </label>
                <button class="primary" data-testid="migrate-convert" on:click=convert>"Convert"</button>
            </div>
            {move || result.get().map(|c| view! {
                <Results converted=c picked=picked open=open.clone() />
            })}
        </div>
    }
}

/// Everything about one conversion.
#[component]
fn Results(converted: Arc<Converted>, picked: RwSignal<Option<Picked>>, open: Opener) -> impl IntoView {
    let migration = converted.migration.clone();
    let summary = summary_line(&migration);
    let refused = migration.refused.clone().map(|why| view! { <p class="migrate-refused" role="alert">{why}</p> });
    let m = migration.clone();
    let on_open = {
        let migration = migration.clone();
        move |_| {
            if let Ok(json) = serde_json::to_string(&workspace_for(&migration)) {
                open.open(&json);
            }
        }
    };
    view! {
        <div class="migrate-results" data-testid="migrate-results">
            {refused}
            <p class="migrate-summary" data-testid="migrate-summary">{summary}</p>
            <button class="primary" data-testid="migrate-open" on:click=on_open>"Open in the playground"</button>
            <h3>"Proof with the simulator"</h3>
            <ProofTable migration=m.clone() />
            <h3>"The result, line by line"</h3>
            <p class="hint">"Click an output line to see the sip.conf lines it comes from, or an input line to see what it became."</p>
            <div class="migrate-sides">
                <div class="migrate-side">
                    {m.files.iter().map(|(name, text)| {
                        view! { <FileLines migration=m.clone() name=name.clone() text=text.clone() output=true picked=picked /> }
                    }).collect_view()}
                </div>
                <div class="migrate-side">
                    {converted.inputs.iter().map(|(name, text)| {
                        view! { <FileLines migration=m.clone() name=name.clone() text=text.clone() output=false picked=picked /> }
                    }).collect_view()}
                </div>
            </div>
            <h3>"Not carried over"</h3>
            <UnmappedTable migration=m.clone() />
            <h3>"Findings on the result"</h3>
            <FindingsList migration=m />
        </div>
    }
}

#[component]
fn ProofTable(migration: Arc<Migration>) -> impl IntoView {
    let rows = migration
        .proof
        .subjects
        .iter()
        .map(|s| {
            let class = if s.recognised { "proof-ok" } else { "proof-bad" };
            let mark = if s.recognised { "✓" } else { "✗" };
            let place = s.line.map(|l| format!("{}:{l}", s.file.as_deref().unwrap_or(SIP_CONF))).unwrap_or_default();
            view! {
                <tr class=class data-testid="proof-row">
                    <td>{mark}</td>
                    <td><code>{s.sip.clone()}</code></td>
                    <td>{format!("{:?}", s.role).to_lowercase()}</td>
                    <td>{s.verdict.clone()}</td>
                    <td class="place">{place}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="migrate-table" data-testid="proof-table">
            <thead><tr><th></th><th>"device"</th><th>"kind"</th><th>"verdict"</th><th>"written at"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
fn UnmappedTable(migration: Arc<Migration>) -> impl IntoView {
    if migration.unmapped.is_empty() {
        return view! { <p data-testid="unmapped-none">"Every setting was carried over."</p> }.into_any();
    }
    let rows = migration
        .unmapped
        .iter()
        .map(|u| {
            view! {
                <tr data-testid="unmapped-row">
                    <td class="place">{format!("{}:{}", u.file, u.line)}</td>
                    <td>{format!("[{}]", u.section)}</td>
                    <td><code>{u.option.clone()}</code></td>
                    <td>{u.reason.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="migrate-table" data-testid="unmapped-table">
            <thead><tr><th>"where"</th><th>"section"</th><th>"setting"</th><th>"why"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn FindingsList(migration: Arc<Migration>) -> impl IntoView {
    if migration.check.is_empty() {
        return view! { <p data-testid="findings-none">"pjsip-lab finds nothing to report in the result."</p> }.into_any();
    }
    let items = migration
        .check
        .iter()
        .map(|f| {
            view! {
                <li class=format!("finding-{}", f.severity) data-testid="migrate-finding">
                    {format!("{}:{} {} [{}] {}", f.file, f.line, f.severity, f.code, f.message)}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="migrate-findings">{items}</ul> }.into_any()
}

/// One output file, each line clickable.
#[component]
fn FileLines(migration: Arc<Migration>, name: String, text: String, output: bool, picked: RwSignal<Option<Picked>>) -> impl IntoView {
    let lit = {
        let (migration, name) = (migration.clone(), name.clone());
        Memo::new(move |_| lit_lines(&migration, picked.get().as_ref(), &name, output))
    };
    let lines = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let number = i as u32 + 1;
            let pick = if output { Picked::Output(name.clone(), number) } else { Picked::Input(name.clone(), number) };
            let is_picked = {
                let pick = pick.clone();
                move || picked.get().as_ref() == Some(&pick)
            };
            let is_lit = move || lit.with(|l| l.contains(&number));
            view! {
                <div class="mig-line" class:picked=is_picked class:lit=is_lit
                    data-testid=if output { "output-line" } else { "input-line" }
                    on:click=move |_| picked.set(Some(pick.clone()))>
                    <span class="mig-number">{number}</span>
                    <span class="mig-text">{line.to_string()}</span>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="mig-file">
            <h4>{name}</h4>
            <div class="mig-lines">{lines}</div>
        </section>
    }
}

/// The line numbers to light up in file `name` (an output file when `output`) for the pick.
fn lit_lines(migration: &Migration, picked: Option<&Picked>, name: &str, output: bool) -> BTreeSet<u32> {
    match (picked, output) {
        (Some(Picked::Output(file, line)), false) => migration
            .provenance
            .iter()
            .filter(|l| &l.file == file && l.line == *line)
            .flat_map(|l| l.sources.iter())
            .filter(|s| s.file == name)
            .map(|s| s.line)
            .collect(),
        (Some(Picked::Input(file, line)), true) => migration
            .provenance
            .iter()
            .filter(|l| l.file == name && l.sources.iter().any(|s| &s.file == file && s.line == *line))
            .map(|l| l.line)
            .collect(),
        _ => BTreeSet::new(),
    }
}

/// "12 sections → 30 objects · 3 settings not carried over · 11/12 devices recognised · 0 errors".
fn summary_line(m: &Migration) -> String {
    let objects: usize = m.sections.iter().map(|s| s.objects.len()).sum();
    format!(
        "{} sections → {} objects · {} settings not carried over · {}/{} devices recognised by the simulator · {} errors and {} warnings in the result",
        m.sections.len(),
        objects,
        m.unmapped.len(),
        m.proof.recognised(),
        m.proof.subjects.len(),
        m.errors(),
        m.check.iter().filter(|f| f.severity == "warning").count(),
    )
}

/// The playground workspace for a migration: its output files, and the proof's requests in the
/// simulator (with the host names they resolve), so the proof can be replayed and varied.
fn workspace_for(migration: &Migration) -> Workspace {
    let mut files: Vec<FileTab> = migration.files.iter().map(|(name, text)| FileTab { name: name.clone(), text: text.clone() }).collect();
    // pjsip.conf first: the playground's first tab is the root of the configuration.
    files.sort_by_key(|f| f.name != "pjsip.conf");
    let mut workspace = Workspace::with_files(files);
    workspace.requests = migration.proof.subjects.iter().flat_map(|s| s.checks.iter().map(|c| c.request.clone())).collect();
    workspace.hosts = migration.proof.hosts.clone();
    workspace
}

/// Reads chosen or dropped files: one named users.conf goes to that box, one named sip.conf
/// (else the first other file) to the sip.conf box, the rest are kept for `#include`.
fn read_files(list: &web_sys::FileList, sip: RwSignal<String>, users: RwSignal<String>, extra: RwSignal<Vec<(String, String)>>) {
    let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
    let has_sip = files.iter().any(|f| f.name().ends_with(SIP_CONF));
    let mut sip_taken = false;
    extra.set(Vec::new());
    for file in files {
        let name = file.name();
        let slot = if name.ends_with(USERS_CONF) {
            Slot::Users
        } else if name.ends_with(SIP_CONF) || (!has_sip && !sip_taken) {
            sip_taken = true;
            Slot::Sip
        } else {
            Slot::Extra
        };
        wasm_bindgen_futures::spawn_local(async move {
            let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await else { return };
            let text = text.as_string().unwrap_or_default();
            match slot {
                Slot::Users => users.set(text),
                Slot::Sip => sip.set(text),
                Slot::Extra => extra.update(|e| e.push((name, text))),
            }
        });
    }
}

#[derive(Clone, Copy)]
enum Slot {
    Sip,
    Users,
    Extra,
}
