//! Autosave: the editor text lives in `localStorage` so that a reload never loses work.
//! Nothing leaves the browser.

use gloo_storage::{LocalStorage, Storage};

const KEY: &str = "pjsip-lab/v1/pjsip.conf";

/// The last saved text, if any (and if storage is available at all).
pub fn load() -> Option<String> {
    LocalStorage::get::<String>(KEY).ok()
}

/// Saves the text; failures (private mode, quota) are ignored: the text is still in the editor.
pub fn save(text: &str) {
    let _ = LocalStorage::set(KEY, text);
}
