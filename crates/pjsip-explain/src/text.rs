//! The text bundle: the prose of every type and option and the lesson files, as one JSON
//! document. The CLI and native tests compile the text in (feature `embedded-text`, on by
//! default). The web app leaves it out of its wasm — it is a third of what a first visit would
//! download and only needed on hover, in the reference and in lessons — and installs it at run
//! time from `text.json`, which `pjsip-lab export-text` writes at build time.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The bundle as serialized.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct TextBundle {
    /// `type` → explainer, `type.option` → explanation.
    pub explain: HashMap<String, String>,
    /// (file name, JSON text) of every lesson, in teaching order.
    pub lessons: Vec<(String, String)>,
}

#[derive(Debug)]
struct Installed {
    explain: HashMap<String, &'static str>,
    #[cfg_attr(feature = "embedded-text", allow(dead_code))]
    lessons: Vec<(&'static str, &'static str)>,
}

static INSTALLED: OnceLock<Installed> = OnceLock::new();

/// The bundle of the compiled-in prose and the given lesson files, as JSON (the prose is empty
/// without `embedded-text`).
pub fn export_json(lessons: &[(&str, &str)]) -> String {
    let mut bundle = TextBundle::default();
    for (type_name, option, text) in crate::embedded_texts() {
        let key = if option.is_empty() { type_name.to_string() } else { format!("{type_name}.{option}") };
        bundle.explain.insert(key, text.to_string());
    }
    bundle.lessons = lessons.iter().map(|(f, j)| (f.to_string(), j.to_string())).collect();
    serde_json::to_string(&bundle).unwrap_or_default()
}

/// Installs a bundle read at run time. Only the first successful call counts (the text is
/// immutable afterwards, so `&'static str` lookups stay valid).
pub fn install(json: &str) -> Result<(), String> {
    let bundle: TextBundle = serde_json::from_str(json).map_err(|e| format!("the text bundle does not parse: {e}"))?;
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let installed = Installed {
        explain: bundle.explain.into_iter().map(|(k, v)| (k, leak(v))).collect(),
        lessons: bundle.lessons.into_iter().map(|(f, j)| (leak(f), leak(j))).collect(),
    };
    INSTALLED.set(installed).map_err(|_| "the text bundle is already installed".to_string())
}

/// Whether prose is available (compiled in or installed).
pub fn available() -> bool {
    INSTALLED.get().is_some() || crate::embedded_texts().next().is_some()
}

pub(crate) fn installed_type_text(type_name: &str) -> &'static str {
    INSTALLED.get().and_then(|i| i.explain.get(type_name).copied()).unwrap_or("")
}

pub(crate) fn installed_option_text(type_name: &str, option: &str) -> &'static str {
    INSTALLED.get().and_then(|i| i.explain.get(&format!("{type_name}.{option}")).copied()).unwrap_or("")
}

#[cfg(not(feature = "embedded-text"))]
pub fn installed_lessons() -> &'static [(&'static str, &'static str)] {
    INSTALLED.get().map(|i| i.lessons.as_slice()).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundle_holds_every_text_and_the_lessons_given() {
        let bundle: TextBundle = serde_json::from_str(&export_json(&[("a.json", "{}")])).unwrap();
        assert!(bundle.explain["endpoint"].len() > 100);
        assert!(!bundle.explain["aor.max_contacts"].is_empty());
        assert_eq!(bundle.lessons, [("a.json".to_string(), "{}".to_string())]);
        assert!(install("{not json").is_err());
    }
}
