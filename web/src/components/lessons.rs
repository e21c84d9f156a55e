//! Interactive troubleshooting lessons: load a broken config and the requests that show the
//! failure, read the diagnosis, apply the fix with one click, and watch the simulator agree.

use leptos::prelude::*;
use pjsip_analysis::lessons::{lessons, Lesson};

use crate::components::simulator::status_text;
use crate::state::{use_app, Notice};
use crate::workspace::{FileTab, View, Workspace};

#[component]
pub fn LessonsPanel() -> impl IntoView {
    let app = use_app();
    app.load_text();
    let (current, set_current) = signal(None::<&'static Lesson>);
    let (fixed, set_fixed) = signal(false);
    let open = move |lesson: &'static Lesson| {
        let mut ws = Workspace::with_files(lesson.files.iter().map(|f| FileTab { name: f.name.clone(), text: f.text.clone() }).collect());
        ws.requests = lesson.requests.clone();
        ws.asterisk = app.asterisk.get_untracked();
        ws.view = View::Lessons;
        app.replace_workspace(ws, &format!("Opened the lesson “{}”", lesson.title));
        set_current.set(Some(lesson));
        set_fixed.set(false);
    };
    let apply_fix = move |lesson: &'static Lesson| {
        let analysis = app.analysis.get_untracked();
        match lesson.fixed_files(&*analysis) {
            Ok(files) => {
                // Each file as one change: in the editor (undoable) for the one on screen.
                for file in files {
                    if let Some(index) = app.files.position(&file.name) {
                        app.set_text(index, file.text);
                    }
                }
                set_fixed.set(true);
            }
            Err(why) => app.notice.set(Some(Notice::Error(format!("The fix could not be applied to the current text: {why}.")))),
        }
    };
    let outcomes = Memo::new(move |_| {
        let outcomes = app.scenario.with(|scenario| app.analysis.with(|analysis| analysis.simulate(scenario)));
        outcomes.into_iter().map(|o| (status_text(&o), o.status.is_some_and(|s| s < 300), o.log)).collect::<Vec<_>>()
    });
    view! {
        <div class="panel lessons" data-testid="lessons-panel">
            {move || match (current.get(), app.text()) {
                (None, crate::state::TextState::Loading) => view! { <p class="muted" role="status">"Loading the lessons…"</p> }.into_any(),
                (None, crate::state::TextState::Failed(why)) => view! { <p class="error" role="alert">{format!("The lessons could not be loaded: {why}.")}</p> }.into_any(),
                (None, crate::state::TextState::Ready) => view! {
                    <p class="muted">"The problems people hit most, each reproduced: open one, see what Asterisk would say, apply the fix."</p>
                    <ul class="lesson-list">
                        {lessons().iter().map(|lesson| view! {
                            <li class="lesson-card">
                                <h3>{lesson.title.clone()}</h3>
                                <p class="symptom"><q>{lesson.symptom.clone()}</q></p>
                                <button data-testid=format!("open-lesson-{}", lesson.id) on:click=move |_| open(lesson)>"Try it"</button>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
                (Some(lesson), _) => view! {
                    <button class="link" on:click=move |_| set_current.set(None)>"← All lessons"</button>
                    <h3>{lesson.title.clone()}</h3>
                    <p class="symptom">"What you see: " <q>{lesson.symptom.clone()}</q></p>
                    <p data-testid="lesson-diagnosis">{lesson.diagnosis.clone()}</p>
                    <p class="muted">{lesson.shown_by.clone()}</p>
                    <ol class="lesson-outcomes" data-testid="lesson-outcomes">
                        {move || outcomes.get().into_iter().map(|(status, ok, log)| view! {
                            <li><span class=if ok { "status ok" } else { "status fail" }>{status}</span>
                                {log.map(|l| view! { " " <q class="log">{l}</q> })}</li>
                        }).collect_view()}
                    </ol>
                    <Show when=move || !fixed.get() fallback=|| view! { <p class="fixed" role="status" data-testid="lesson-fixed">"Fixed. The simulator above now shows the working answer; the Problems tab has nothing left to say."</p> }>
                        <button class="fix" data-testid="apply-lesson-fix" on:click=move |_| apply_fix(lesson)>{format!("Apply the fix: {}", lesson.fix.title)}</button>
                    </Show>
                }.into_any(),
            }}
        </div>
    }
}
