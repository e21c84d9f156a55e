//! The simulator panel: a list of requests (presets from the user's own config, editable,
//! reorderable), run in order against the analysis, each with its outcome and the step trace.
//! Clicking a step marks the lines that decided it in the editor and its objects in the diagram.

use leptos::prelude::*;
use pjsip_analysis::diagram::NodeId;
use pjsip_analysis::simulate::{presets, HostTable, Outcome, Request, Step, Transport, Verdict};
use pjsip_analysis::FileSpan;

use crate::state::use_app;
use crate::view_model::Locator;
use crate::workspace::MAX_REQUESTS;

const METHODS: [&str; 6] = ["REGISTER", "INVITE", "OPTIONS", "MESSAGE", "SUBSCRIBE", "NOTIFY"];
const TRANSPORTS: [(Transport, &str); 5] =
    [(Transport::Udp, "udp"), (Transport::Tcp, "tcp"), (Transport::Tls, "tls"), (Transport::Ws, "ws"), (Transport::Wss, "wss")];

#[component]
pub fn SimulatorPanel() -> impl IntoView {
    let app = use_app();
    // Re-simulated when the analysis, the requests or the host table change.
    let outcomes = Memo::new(move |_| app.scenario.with(|scenario| app.analysis.with(|analysis| analysis.simulate(scenario))));
    let preset_list = Memo::new(move |_| presets(&app.analysis.read()));
    let add = move |request: Request| {
        app.scenario.update(|s| {
            if s.requests.len() < MAX_REQUESTS {
                s.requests.push(request);
            }
        })
    };
    let rows = move || (0..app.scenario.with(|s| s.requests.len())).collect::<Vec<_>>();
    view! {
        <div class="panel simulator" data-testid="simulator-panel">
            <p class="muted">"Requests run in order against your config, as a real Asterisk 22 would answer them; registrations made by earlier requests stay."</p>
            <div class="presets" role="group" aria-label="Add a request">
                {move || preset_list.get().into_iter().map(|(label, request)| {
                    view! { <button class="preset" data-testid="preset" on:click=move |_| add(request.clone())>"+ " {label.clone()}</button> }
                }).collect_view()}
                <button class="preset" on:click=move |_| add(Request { method: "OPTIONS".into(), from: "<sip:someone@127.0.0.9>".into(), ..Request::default() })>"+ Blank request"</button>
                <Show when=move || app.scenario.with(|s| !s.requests.is_empty())>
                    <button class="preset" on:click=move |_| app.scenario.update(|s| s.requests.clear())>"Clear all"</button>
                </Show>
            </div>
            <Show when=move || app.scenario.with(|s| s.requests.is_empty())>
                <p class="empty">"No requests yet: add one of the presets above."</p>
            </Show>
            <ol class="requests">
                <For each=rows key=|i| *i let:index>
                    <RequestCard index=index outcomes=outcomes />
                </For>
            </ol>
            <HostsEditor />
        </div>
    }
}

#[component]
fn RequestCard(index: usize, outcomes: Memo<Vec<Outcome>>) -> impl IntoView {
    let app = use_app();
    let request = move || app.scenario.with(|s| s.requests.get(index).cloned());
    let edit = move |f: Box<dyn FnOnce(&mut Request)>| {
        app.scenario.update(|s| {
            if let Some(r) = s.requests.get_mut(index) {
                f(r)
            }
        })
    };
    let move_by = move |delta: isize| {
        app.scenario.update(|s| {
            let to = index as isize + delta;
            if to >= 0 && (to as usize) < s.requests.len() {
                s.requests.swap(index, to as usize);
            }
        })
    };
    let remove = move |_| {
        app.scenario.update(|s| {
            if index < s.requests.len() {
                s.requests.remove(index);
            }
        })
    };
    let outcome = move || outcomes.with(|o| o.get(index).cloned());
    let text_field = move |label: &'static str, get: fn(&Request) -> String, set: fn(&mut Request, String)| {
        view! {
            <label class="field">
                <span>{label}</span>
                <input type="text" spellcheck="false" prop:value=move || request().map(|r| get(&r)).unwrap_or_default()
                    on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |r| set(r, v))) } />
            </label>
        }
    };
    view! {
        <li class="request" data-testid="request">
            <div class="request-head">
                <select aria-label="Method" prop:value=move || request().map(|r| r.method).unwrap_or_default()
                    on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |r| r.method = v)) }>
                    {METHODS.iter().map(|m| view! { <option value=*m>{*m}</option> }).collect_view()}
                </select>
                <select aria-label="Transport" prop:value=move || request().map(|r| r.transport.protocol().to_string()).unwrap_or_default()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let t = TRANSPORTS.iter().find(|(_, n)| *n == v).map(|(t, _)| *t).unwrap_or_default();
                        edit(Box::new(move |r| r.transport = t))
                    }>
                    {TRANSPORTS.iter().map(|(_, n)| view! { <option value=*n>{*n}</option> }).collect_view()}
                </select>
                <span class="spacer"></span>
                <button aria-label="Move up" on:click=move |_| move_by(-1)>"↑"</button>
                <button aria-label="Move down" on:click=move |_| move_by(1)>"↓"</button>
                <button aria-label="Remove request" on:click=remove>"×"</button>
            </div>
            <div class="fields">
                {text_field("From", |r| r.from.clone(), |r, v| r.from = v)}
                {text_field("Request-URI", |r| r.request_uri.clone(), |r, v| r.request_uri = v)}
                {text_field("Source IP", |r| r.src_ip.clone(), |r, v| r.src_ip = v)}
                {text_field("Source port", |r| r.src_port.to_string(), |r, v| r.src_port = v.trim().parse().unwrap_or(r.src_port))}
                {text_field("To (empty: default)", |r| r.to.clone().unwrap_or_default(), |r, v| r.to = (!v.trim().is_empty()).then_some(v))}
                {text_field("Auth user", |r| r.auth.as_ref().map(|a| a.username.clone()).unwrap_or_default(),
                    |r, v| if v.trim().is_empty() { r.auth = None } else { r.auth.get_or_insert_with(Default::default).username = v })}
                {text_field("Auth password", |r| r.auth.as_ref().map(|a| a.password.clone()).unwrap_or_default(),
                    |r, v| r.auth.get_or_insert_with(Default::default).password = v)}
                {text_field("Expires header", |r| r.headers.get("Expires").and_then(|h| h.as_ref()).map(header_text).unwrap_or_default(),
                    |r, v| { if v.trim().is_empty() { r.headers.remove("Expires"); } else { r.headers.insert("Expires".into(), Some(pjsip_analysis::simulate::HeaderValue::One(v))); } })}
                {text_field("Delay before (ms)", |r| r.delay_ms.to_string(), |r, v| r.delay_ms = v.trim().parse().unwrap_or(0))}
                {text_field("Contact (empty: default, none: no header)",
                    |r| match &r.contact { None => String::new(), Some(None) => "none".into(), Some(Some(c)) => c.clone() },
                    |r, v| r.contact = match v.trim() { "" => None, "none" => Some(None), c => Some(Some(c.to_string())) })}
            </div>
            <label class="field headers">
                <span>"Other headers (one \"Name: value\" per line)"</span>
                <textarea rows="2" spellcheck="false"
                    prop:value=move || request().map(|r| other_headers(&r)).unwrap_or_default()
                    on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |r| set_other_headers(r, &v))) }></textarea>
            </label>
            {move || outcome().map(|o| view! { <OutcomeView outcome=o /> })}
        </li>
    }
}

/// The request's headers other than Expires (which has its own field), one per line.
fn other_headers(request: &Request) -> String {
    request
        .headers
        .iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("Expires"))
        .map(|(name, value)| format!("{name}: {}", value.as_ref().map(header_text).unwrap_or_default()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn set_other_headers(request: &mut Request, text: &str) {
    request.headers.retain(|name, _| name.eq_ignore_ascii_case("Expires"));
    for line in text.lines() {
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim();
            if !name.is_empty() && !name.eq_ignore_ascii_case("Expires") {
                request.headers.insert(name.to_string(), Some(pjsip_analysis::simulate::HeaderValue::One(value.trim().to_string())));
            }
        }
    }
}

fn header_text(value: &pjsip_analysis::simulate::HeaderValue) -> String {
    match value {
        pjsip_analysis::simulate::HeaderValue::One(v) => v.clone(),
        pjsip_analysis::simulate::HeaderValue::Many(vs) => vs.join(", "),
    }
}

/// "200 OK", or "no answer" when Asterisk would send nothing.
pub fn status_text(outcome: &Outcome) -> String {
    outcome.status.map(|s| format!("{s} {}", outcome.reason)).unwrap_or_else(|| "no answer".into())
}

#[component]
fn OutcomeView(outcome: Outcome) -> impl IntoView {
    let app = use_app();
    let status = status_text(&outcome);
    let class = match outcome.status {
        Some(200..=299) => "status ok",
        Some(100..=199) => "status info",
        Some(603) if outcome.dialplan.is_some() => "status ok",
        _ => "status fail",
    };
    let mut facts = Vec::new();
    facts.push(format!(
        "endpoint: {}",
        outcome.endpoint.clone().unwrap_or_else(|| if outcome.artificial_endpoint { "none (artificial)".into() } else { "none".into() })
    ));
    if let Some(aor) = &outcome.aor {
        facts.push(format!("AOR: {aor}"));
    }
    if let Some(d) = &outcome.dialplan {
        facts.push(format!("dialplan: {} @ {}", d.exten, d.context));
    }
    for c in &outcome.contacts_added {
        facts.push(format!("+ contact {} on {}", c.uri, c.aor));
    }
    for c in &outcome.contacts_removed {
        facts.push(format!("− contact {} on {}", c.uri, c.aor));
    }
    let log = outcome.log.clone();
    let show_step = move |step: &Step| {
        let analysis = app.analysis.get_untracked();
        let spans: Vec<FileSpan> = step.spans.clone();
        if spans.is_empty() {
            app.editor.mark(&[]);
            return;
        }
        let places = Locator::new(&analysis).places(&spans);
        // The first object whose section holds one of the deciding spans, for the diagram.
        let first = analysis
            .objects()
            .iter()
            .find(|o| spans.iter().any(|s| s.file == o.header_at.file && s.span.start == o.header_at.span.start))
            .map(|o| NodeId::object(o.object_type, o.id.as_str()));
        if first.is_some() {
            app.selected.set(first);
        }
        if let Some(first) = places.first() {
            app.go_to(first);
            let ranges: Vec<(u32, u32)> = places.iter().filter(|p| p.file == first.file).map(|p| (p.from16, p.to16)).collect();
            app.editor.mark(&ranges);
        }
    };
    view! {
        <div class="outcome" data-testid="outcome">
            <p><span class=class data-testid="outcome-status">{status}</span> " " <span class="facts">{facts.join(" · ")}</span></p>
            {log.map(|l| view! { <p class="log">"Asterisk logs: " <q>{l}</q></p> })}
            <details class="trace">
                <summary>{format!("Why ({} steps)", outcome.trace.len())}</summary>
                <ol>
                    {outcome.trace.into_iter().map(|step| {
                        let verdict = match step.verdict { Verdict::Matched => "matched", Verdict::Failed => "failed", Verdict::Info => "info" };
                        let title = step.title.clone();
                        let text = step.text.clone();
                        let clickable = !step.spans.is_empty();
                        view! {
                            <li class=format!("step {verdict}") data-testid="trace-step">
                                <button class="link" disabled=!clickable on:click=move |_| show_step(&step)>{title}</button>
                                <p>{text}</p>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </details>
        </div>
    }
}

/// The host table: `name = address, address` per line.
#[component]
fn HostsEditor() -> impl IntoView {
    let app = use_app();
    let text =
        move || app.scenario.with(|s| s.hosts.hosts.iter().map(|(h, a)| format!("{h} = {}", a.join(", "))).collect::<Vec<_>>().join("\n"));
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let mut hosts = HostTable { hosts: Default::default() };
        for line in value.lines() {
            if let Some((name, addrs)) = line.split_once('=') {
                let addrs: Vec<String> = addrs.split(',').map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect();
                if !name.trim().is_empty() {
                    hosts.hosts.insert(name.trim().to_string(), addrs);
                }
            }
        }
        app.scenario.update(|s| s.hosts = hosts);
    };
    view! {
        <details class="hosts">
            <summary>"Host names (the browser cannot look them up)"</summary>
            <textarea rows="3" spellcheck="false" aria-label="Host table: one name = address per line" prop:value=text on:change=on_change></textarea>
        </details>
    }
}
