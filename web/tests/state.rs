//! The app's state in a real browser, without the page: an edit arrives as a change, gets a
//! revision, re-runs the analysis, and leaves alone what does not read the text.

use std::cell::Cell;
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use leptos::mount::mount_to;
use leptos::prelude::*;
use pjsip_lab_web::documents::Edit;
use pjsip_lab_web::state::AppState;
use pjsip_lab_web::workspace::{View, Workspace};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Counts the runs of an effect that reads what `read` reads.
fn runs(read: impl Fn() + 'static) -> Rc<Cell<u32>> {
    let count = Rc::new(Cell::new(0));
    let counter = Rc::clone(&count);
    Effect::new(move |_| {
        read();
        counter.set(counter.get() + 1);
    });
    count
}

/// Mounting anything sets up Leptos' task executor (effects run on it).
fn start_executor() {
    let host = web_sys::window().and_then(|w| w.document()).and_then(|d| d.create_element("div").ok()).expect("a document");
    std::mem::forget(mount_to(wasm_bindgen::JsCast::unchecked_into(host), || ()));
}

async fn settle() {
    TimeoutFuture::new(20).await;
}

#[wasm_bindgen_test]
async fn an_edit_reruns_what_reads_the_text_and_nothing_else() {
    start_executor();
    let owner = Owner::new();
    owner.set();
    let app = AppState::new(Workspace::with_text("[a]\ntype=aor\n"));
    let analysis = runs(move || app.analysis.track());
    let names = runs(move || app.files.names.track());
    let scenario = runs(move || app.scenario.track());
    let view = runs(move || app.view.track());
    let version = runs(move || app.asterisk.track());
    settle().await;
    let before = [analysis.get(), names.get(), scenario.get(), view.get(), version.get()];

    // One keystroke's worth of change, as the editor reports it: UTF-16 offsets, inserted text.
    let revision = app.edited(&[Edit { from: 13, to: 13, insert: "max_contacts=1\n".into() }]);
    settle().await;
    assert_eq!(app.files.get(0).map(|d| d.text), Some("[a]\ntype=aor\nmax_contacts=1\n".to_string()));
    assert_eq!(analysis.get(), before[0] + 1, "the analysis follows the text");
    assert_eq!(app.analysis.with_untracked(|a| a.revision_of("pjsip.conf")), Some(revision), "of this very revision");
    assert_eq!(
        [names.get(), scenario.get(), view.get(), version.get()],
        [before[1], before[2], before[3], before[4]],
        "nothing else re-ran"
    );
    // The parsed model has the new value.
    let max = app.analysis.with_untracked(|a| a.objects()[0].value("max_contacts").to_string());
    assert_eq!(max, "1");

    // A view switch re-runs the view's readers only, and switching to the same view is no news.
    app.show_view(View::Simulator);
    app.show_view(View::Simulator);
    settle().await;
    assert_eq!(view.get(), before[3] + 1);
    assert_eq!(analysis.get(), before[0] + 1, "a view switch does not re-analyse");

    // A release change re-analyses; the texts and their revision stay.
    app.asterisk.set(20);
    settle().await;
    assert_eq!(analysis.get(), before[0] + 2);
    assert_eq!(app.analysis.with_untracked(|a| a.revision_of("pjsip.conf")), Some(revision));
    owner.unset();
}

#[wasm_bindgen_test]
async fn colours_come_from_the_parse_of_the_text_on_screen() {
    start_executor();
    let owner = Owner::new();
    owner.set();
    let banner = ";-----------------------------------;\n";
    let app = AppState::new(Workspace::with_text(&format!("{banner}[a]\ntype=aor\n")));
    settle().await;
    let revision = app.files.get(0).map(|d| d.revision).unwrap_or_default();
    let names = AppState::colour_classes();
    let pieces = app.colours(0, 100, revision);
    let classes: Vec<(u32, u32, &str)> = pieces.chunks(3).map(|p| (p[0], p[1], names[p[2] as usize])).collect();
    let b = banner.len() as u32 - 1;
    assert_eq!(
        classes,
        [(0, b, "comment"), (b + 1, b + 4, "section"), (b + 5, b + 9, "key"), (b + 9, b + 10, "operator"), (b + 10, b + 13, "value")]
    );
    // Another revision (the editor is a step ahead or behind) gets nothing rather than wrong colours.
    assert!(app.colours(0, 100, revision + 1).is_empty());
    owner.unset();
}
