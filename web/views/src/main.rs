//! The views of the app that load on first use. The main app (`web/`) carries none of this code:
//! when someone opens "Migrate from sip.conf", it imports this module (`pjsip-lab-views.js`,
//! built by Trunk as a separate wasm) and calls [`mount_migrate`] with the element to draw in
//! and a callback that opens a workspace in the playground. So the first visit downloads no
//! more than before, and the migration code (converter, proof, a second analysis stack) arrives
//! only when it is used.

use wasm_bindgen::prelude::*;

mod migrate;

/// Draws the migration view into `parent`. `open` receives a workspace as JSON (the
/// `pjsip_workspace::Workspace` shape) when the user opens the result in the playground.
#[wasm_bindgen]
pub fn mount_migrate(parent: web_sys::HtmlElement, open: js_sys::Function) {
    install_panic_message(&parent);
    let view = leptos::mount::mount_to(parent, move || migrate::MigrateView(migrate::MigrateViewProps { open: Opener(open) }));
    // The view lives as long as the page: the main app hides it rather than unmounting it.
    view.forget();
}

/// The callback into the main app, shareable by the view's event handlers.
#[derive(Clone, Debug)]
pub struct Opener(js_sys::Function);

impl Opener {
    fn open(&self, workspace_json: &str) {
        // The main app reports its own errors; nothing useful can be done with a failure here.
        let _ = self.0.call1(&JsValue::NULL, &JsValue::from_str(workspace_json));
    }
}

/// A failure inside this module must not look like a frozen page: it says so where the view
/// is, and the playground (another module) keeps working with its autosaved work.
fn install_panic_message(parent: &web_sys::HtmlElement) {
    let parent = parent.clone();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        parent.set_text_content(Some(&format!(
            "The migration view hit an internal error; your playground work is saved. Close this view and reload to try again.\n\n{info}"
        )));
        previous(info);
    }));
}

fn main() {
    console_error_panic_hook::set_once();
}
