//! Autosave: the workspace lives in `localStorage`, so a reload never loses work. Nothing leaves
//! the browser. When a shared link replaces the work, the replaced work is kept as a backup.

use gloo_storage::{LocalStorage, Storage};

use crate::workspace::Workspace;

const KEY: &str = "pjsip-lab/v2/workspace";
const BACKUP_KEY: &str = "pjsip-lab/v2/backup";
/// The first release saved only the text of pjsip.conf under this key.
const V1_TEXT_KEY: &str = "pjsip-lab/v1/pjsip.conf";

/// The saved workspace, if any (and if storage is available at all). A damaged entry is ignored
/// rather than trusted.
pub fn load() -> Option<Workspace> {
    if let Ok(json) = LocalStorage::raw().get_item(KEY) {
        if let Some(ws) = json.and_then(|j| crate::share::parse(&j).ok()) {
            return Some(ws);
        }
    }
    LocalStorage::get::<String>(V1_TEXT_KEY).ok().map(|text| Workspace::with_text(&text))
}

/// Saves the workspace; failures (private mode, quota) are ignored: the text is still on screen.
pub fn save(workspace: &Workspace) {
    if let Ok(json) = serde_json::to_string(workspace) {
        let _ = LocalStorage::raw().set_item(KEY, &json);
    }
}

/// Keeps `workspace` aside before something replaces it.
pub fn save_backup(workspace: &Workspace) {
    if let Ok(json) = serde_json::to_string(workspace) {
        let _ = LocalStorage::raw().set_item(BACKUP_KEY, &json);
    }
}

pub fn load_backup() -> Option<Workspace> {
    let json = LocalStorage::raw().get_item(BACKUP_KEY).ok()??;
    crate::share::parse(&json).ok()
}
