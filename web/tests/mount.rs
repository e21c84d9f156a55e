//! Mounts the real app in a real browser (wasm-bindgen-test + Chromium), with the real
//! CodeMirror bundle, and drives it through the DOM.

use gloo_timers::future::TimeoutFuture;
use leptos::mount::mount_to;
use pjsip_lab_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn text_of(selector: &str) -> String {
    document().query_selector(selector).unwrap().map(|e| e.text_content().unwrap_or_default()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn app_mounts_the_editor_and_reacts_to_typing() {
    // Start from the example, whatever an earlier test stored.
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = mount_to(host.clone().unchecked_into(), App);
    TimeoutFuture::new(50).await;
    assert!(text_of(".cm-content").contains("type=registration"), "the trunk example is in the editor");
    assert!(text_of("[data-testid=diagnostic-summary]").starts_with("0 errors, 0 warnings"), "the example is clean");

    // Type through the browser's own editing command, as a keyboard would.
    let content: web_sys::HtmlElement = document().query_selector(".cm-content").unwrap().unwrap().unchecked_into();
    content.focus().unwrap();
    let html: web_sys::HtmlDocument = document().unchecked_into();
    html.exec_command_with_show_ui_and_value("insertText", false, "[b](nowhere)\n").unwrap();
    TimeoutFuture::new(50).await;

    let problems = text_of("[data-testid=diagnostic-list]");
    assert!(problems.contains("config/missing-base-section"), "{problems}");
    let saved = web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item("pjsip-lab/v2/workspace").unwrap().unwrap();
    assert!(saved.contains("[b](nowhere)"), "autosaved");
    drop(handle);
}
