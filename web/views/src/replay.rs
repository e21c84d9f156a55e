//! "Replay a trace": paste Asterisk's `pjsip set logger on` output or raw SIP, or choose / drop a
//! log or a pcap/pcapng capture, and every request the PBX received runs through the
//! playground's configuration — the same reader and replay as `pjsip-lab replay`
//! (`pjsip_analysis::trace::read`, `Analysis::replay`). One row per request: what this
//! configuration answers, what the PBX answered in the trace, and why they may differ; each
//! row opens the simulator's steps for that request.
//!
//! The trace stays in this view: it is not saved with the work and never part of a share link,
//! so the `Authorization` answers and bodies it holds go nowhere.

use std::sync::Arc;

use leptos::prelude::*;
use pjsip_analysis::replay::{Replay, Replayed};
use pjsip_analysis::simulate::Verdict;
use pjsip_analysis::trace::Trace;
use pjsip_analysis::Analysis;
use wasm_bindgen::JsCast;

use crate::Current;

/// A trace as given: pasted text or a file's bytes, and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Given {
    source: String,
    bytes: Arc<Vec<u8>>,
}

/// One replay: the trace read and the results against the configuration of that moment.
struct Done {
    trace: Trace,
    replay: Replay,
}

#[component]
pub fn ReplayView(current: Current) -> impl IntoView {
    let pasted = RwSignal::new(String::new());
    let chosen: RwSignal<Option<Given>> = RwSignal::new(None);
    // Each replay is numbered: the results of a new one are drawn afresh (rows closed), not
    // patched into the old ones.
    let result: RwSignal<Option<(u32, Arc<Done>)>> = RwSignal::new(None);
    let runs = StoredValue::new(0u32);
    let problem = RwSignal::new(None::<String>);
    // Kept in the reactive arena so the handlers below stay `Copy`.
    let current = StoredValue::new_local(current);

    let run = move |given: Given| {
        let Some(workspace) = current.with_value(Current::workspace) else {
            problem.set(Some("The playground's configuration could not be read.".into()));
            return;
        };
        let trace = pjsip_analysis::trace::read(&given.bytes);
        if trace.messages.is_empty() {
            problem.set(Some(format!("{} holds no SIP message pjsip-lab can read.", given.source)));
            runs.update_value(|n| *n += 1);
            result.set(Some((runs.get_value(), Arc::new(Done { trace, replay: Replay::default() }))));
            return;
        }
        let analysis = Analysis::new(&workspace.input());
        let replay = analysis.replay(&trace);
        problem.set(None);
        runs.update_value(|n| *n += 1);
        result.set(Some((runs.get_value(), Arc::new(Done { trace, replay }))));
    };
    let replay_pasted = move |_| {
        let text = pasted.get_untracked();
        if text.trim().is_empty() {
            problem.set(Some("Paste a trace first, or choose a file.".into()));
            return;
        }
        run(Given { source: "The pasted text".into(), bytes: Arc::new(text.into_bytes()) });
    };
    let take_files = move |list: web_sys::FileList| {
        let Some(file) = list.get(0) else { return };
        let name = file.name();
        wasm_bindgen_futures::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => {
                    let given = Given { source: name, bytes: Arc::new(js_sys::Uint8Array::new(&buffer).to_vec()) };
                    chosen.set(Some(given.clone()));
                    run(given);
                }
                Err(_) => problem.set(Some(format!("{name} could not be read."))),
            }
        });
    };

    view! {
        <div class="replay" data-testid="replay-view"
            on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                if let Some(list) = ev.data_transfer().and_then(|d| d.files()) {
                    take_files(list);
                }
            }>
            <div class="migrate-inputs">
                <p class="migrate-intro">
                    "Every request your PBX received in the trace runs through the configuration in the playground, \
                     beside what the PBX answered. The trace is read here, in your browser; it is not saved and never \
                     part of a share link."
                </p>
                <label class="migrate-file">
                    "Choose or drop a log (pjsip set logger on), a SIP text export, or a pcap/pcapng capture: "
                    <input type="file" accept=".log,.txt,.pcap,.pcapng,.cap,text/plain" data-testid="replay-file"
                        on:change=move |ev| {
                            let list = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).and_then(|i| i.files());
                            if let Some(list) = list {
                                take_files(list);
                            }
                        } />
                </label>
                <label class="migrate-text">
                    <span>"…or paste the log or SIP messages"</span>
                    <textarea data-testid="replay-text" spellcheck="false" rows="8"
                        prop:value=move || pasted.get()
                        on:input=move |ev| pasted.set(event_target_value(&ev))
                        placeholder="<--- Received SIP request (352 bytes) from UDP:203.0.113.5:5060 --->\nREGISTER sip:pbx.example.com SIP/2.0\n…"></textarea>
                </label>
                <div class="replay-actions">
                    <button class="primary" data-testid="replay-run" on:click=replay_pasted>"Replay the pasted text"</button>
                    {move || chosen.get().map(|given| view! {
                        <button data-testid="replay-again" on:click=move |_| run(given.clone())>"Replay the file again"</button>
                    })}
                </div>
                {move || problem.get().map(|why| view! { <p class="error" role="alert" data-testid="replay-problem">{why}</p> })}
            </div>
            <For each=move || result.get() key=|(run, _)| *run children=|(run, done)| view! { <Results run=run replayed=done /> } />
        </div>
    }
}

/// The rows of one replay, the reader's notes and what was skipped.
#[component]
fn Results(run: u32, replayed: Arc<Done>) -> impl IntoView {
    let (observed, agreeing) = replayed.replay.agreement();
    let summary = format!(
        "{} request(s) replayed; {agreeing} of the {observed} with an answer in the trace got the same status.",
        replayed.replay.results.len()
    );
    let notes: Vec<String> = replayed.trace.notes.iter().map(|n| n.text.clone()).collect();
    let skipped = replayed.replay.skipped.clone();
    let rows: Vec<_> = replayed.replay.results.iter().enumerate().map(|(n, r)| row(n, r)).collect();
    view! {
        <div class="replay-results" data-testid="replay-results" data-run=run>
            <p class="migrate-summary" data-testid="replay-summary">{summary}</p>
            {(!notes.is_empty()).then(|| view! {
                <ul class="replay-notes" data-testid="replay-notes">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            })}
            <ol class="replay-rows">{rows}</ol>
            {(!skipped.is_empty()).then(|| view! {
                <details class="replay-skipped" data-testid="replay-skipped">
                    <summary>{format!("{} message(s) not replayed", skipped.len())}</summary>
                    <ul>{skipped.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                </details>
            })}
        </div>
    }
}

/// One request: the request line, both answers side by side, the remarks, and the simulator's
/// steps inside.
fn row(n: usize, r: &Replayed) -> impl IntoView {
    let (ours, theirs) = (r.our_answer(), r.their_answer());
    let (mark, class) = match r.agrees {
        Some(true) => ("same", "replay-row same"),
        Some(false) => ("differs", "replay-row differs"),
        None => ("", "replay-row"),
    };
    let request = format!("{}. {}", n + 1, r.request);
    let who = r
        .outcome
        .endpoint
        .as_ref()
        .map(|e| format!("endpoint {e}{}", r.outcome.aor.as_ref().map(|a| format!(", AOR {a}")).unwrap_or_default()));
    let remarks = r.remarks.clone();
    let steps: Vec<(String, String, &'static str)> = r
        .outcome
        .trace
        .iter()
        .map(|s| {
            let verdict = match s.verdict {
                Verdict::Matched => "matched",
                Verdict::Failed => "failed",
                Verdict::Info => "info",
            };
            (s.title.clone(), s.text.clone(), verdict)
        })
        .collect();
    let log = r.outcome.log.clone();
    view! {
        <li class=class data-testid="replay-row">
            <details>
                <summary>
                    <span class="replay-request">{request}</span>
                    <span class="replay-answers">
                        <span data-testid="replay-ours">{format!("this configuration: {ours}")}</span>
                        " · "
                        <span data-testid="replay-theirs">{format!("your PBX: {theirs}")}</span>
                        " "
                        <strong class="replay-mark" data-testid="replay-mark">{mark}</strong>
                    </span>
                </summary>
                {who.map(|w| view! { <p class="muted">{w}</p> })}
                {log.map(|l| view! { <p class="muted">"Asterisk logs: " {l}</p> })}
                {(!remarks.is_empty()).then(|| view! {
                    <ul class="replay-remarks" data-testid="replay-remarks">{remarks.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                })}
                <ol class="replay-steps" data-testid="replay-steps">
                    {steps.into_iter().map(|(title, text, verdict)| view! {
                        <li class=format!("step {verdict}")><strong>{title}</strong>" — "{text}</li>
                    }).collect_view()}
                </ol>
            </details>
        </li>
    }
}
