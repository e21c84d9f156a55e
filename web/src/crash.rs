//! What the page does when the app itself fails: a panic must never leave a blank or frozen
//! tab, nor lose what the user typed.
//!
//! The hook installed by [`install`] runs before the release build aborts (`panic = "abort"`:
//! after it, the wasm instance is dead, so everything here is plain DOM and inline JavaScript,
//! nothing that calls back into Rust). It saves the latest work ([`remember`] keeps it at every
//! edit, before any analysis runs), shows a plain message with a reload button, and puts the
//! technical details where they can be copied into a bug report.

use std::cell::RefCell;

use crate::workspace::Workspace;

thread_local! {
    /// The latest workspace not yet known to be in storage (a large one is saved after a
    /// pause). The hook saves it if the app dies first.
    static UNSAVED: RefCell<Option<Workspace>> = const { RefCell::new(None) };
}

/// Records the latest work: saved at once when small, else kept for the hook and the
/// debounced save ([`save_pending`]). Called at every edit, before the analysis of that edit
/// can run.
pub fn remember(workspace: Workspace, save_now: bool) {
    if save_now {
        crate::storage::save(&workspace);
        UNSAVED.with(|u| u.try_borrow_mut().map(|mut u| *u = None).ok());
    } else {
        UNSAVED.with(|u| u.try_borrow_mut().map(|mut u| *u = Some(workspace)).ok());
    }
}

/// Saves the work [`remember`] kept, if any (the pause after typing in a big file).
pub fn save_pending() {
    let pending = UNSAVED.with(|u| u.try_borrow_mut().ok().and_then(|mut u| u.take()));
    if let Some(workspace) = pending {
        crate::storage::save(&workspace);
    }
}

/// Installs the panic hook (once, at start).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        // Save first: showing the message may itself fail.
        let saved = UNSAVED.with(|u| match u.try_borrow() {
            Ok(pending) => {
                if let Some(ws) = pending.as_ref() {
                    crate::storage::save(ws);
                }
                true
            }
            Err(_) => false,
        });
        let details = format!("pjsip-lab {} internal error: {info}", env!("CARGO_PKG_VERSION"));
        show(&details, saved);
        // Also to the console, with the stack when the browser gives one.
        console_error_panic_hook::hook(info);
    }));
}

/// The message, drawn with plain DOM calls on top of whatever the page shows.
fn show(details: &str, saved: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = document.body() else { return };
    let Ok(panel) = document.create_element("div") else { return };
    panel.set_id("internal-error");
    let _ = panel.set_attribute("role", "alert");
    let _ = panel.set_attribute("data-testid", "internal-error");
    let _ = panel.set_attribute(
        "style",
        "position:fixed;inset:0;z-index:10000;background:rgba(0,0,0,.55);display:flex;align-items:center;justify-content:center;font:15px system-ui,sans-serif",
    );
    let work = if saved { "your work is saved" } else { "your work was saved at your last edit" };
    // Inline handlers only: the wasm instance cannot answer clicks any more.
    let html = format!(
        "<div style=\"background:Canvas;color:CanvasText;max-width:40rem;padding:1.5rem;border-radius:8px\">\
         <p data-testid=\"internal-error-message\" style=\"margin-top:0;font-size:1.1rem\"><strong>pjsip-lab hit an internal error; {work} — reload.</strong></p>\
         <p>Reloading brings your files back. If it happens again with the same configuration, please report it with the details below.</p>\
         <button type=\"button\" onclick=\"location.reload()\" data-testid=\"internal-error-reload\">Reload</button> \
         <button type=\"button\" onclick=\"navigator.clipboard&&navigator.clipboard.writeText(document.getElementById('internal-error-details').textContent)\">Copy details</button>\
         <details style=\"margin-top:1rem\"><summary>Details</summary><pre id=\"internal-error-details\" data-testid=\"internal-error-details\" style=\"white-space:pre-wrap;max-height:12rem;overflow:auto\">{}</pre></details></div>",
        escape(details)
    );
    panel.set_inner_html(&html);
    let _ = body.append_child(&panel);
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A deliberate internal error, for the browser test of this module only. Exported to the
/// page's own JavaScript (`window.wasmBindings`); nothing a user types, loads or shares can
/// reach it.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn pjsip_lab_test_internal_error() {
    panic!("deliberate internal error (browser test of the crash handler)");
}
