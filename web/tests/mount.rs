//! Mounts the real app in a real browser (wasm-bindgen-test + Chromium) and drives its DOM.

use gloo_timers::future::TimeoutFuture;
use leptos::mount::mount_to;
use pjsip_lab_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn count(selector: &str) -> u32 {
    document().query_selector_all(selector).unwrap().length()
}

#[wasm_bindgen_test]
async fn app_lists_sections_and_reacts_to_input() {
    // Start from the example, whatever an earlier test stored.
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = mount_to(host.clone().unchecked_into(), App);
    TimeoutFuture::new(0).await;
    assert_eq!(count("[data-testid=section-row]"), 6);

    let editor: web_sys::HtmlTextAreaElement =
        document().query_selector("[data-testid=editor]").unwrap().unwrap().unchecked_into();
    editor.set_value("[a]\ntype=aor\n[b](nowhere)\n");
    let event = web_sys::Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    editor.dispatch_event(&event).unwrap();
    TimeoutFuture::new(0).await;

    assert_eq!(count("[data-testid=section-row]"), 1);
    let diagnostics = document().query_selector("[data-testid=diagnostic-list]").unwrap().unwrap();
    let text = diagnostics.text_content().unwrap_or_default();
    assert!(text.contains("config/missing-base-section"), "{text}");
    drop(handle);
}
