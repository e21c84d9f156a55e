//! The Asterisk release the configurations are checked against: from the client's
//! initialization options (`{"asterisk": "20"}`), else from `pjsip-lab.toml` at the workspace
//! root (`asterisk = "20"`), else the default release.

use pjsip_analysis::AsteriskVersion;
use serde_json::Value;

/// The file a workspace may hold to pin the release for every editor alike.
pub const SETTINGS_FILE: &str = "pjsip-lab.toml";

/// Reads the release from the initialization options, then the settings file in `root`.
/// A value that names no supported release is reported in the second element (shown to the
/// user as a message) and the default is used.
pub fn version(options: Option<&Value>, root: Option<&std::path::Path>) -> (AsteriskVersion, Option<String>) {
    let from_options = options.and_then(|o| o.get("asterisk")).map(|v| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    let from_file = || {
        let text = std::fs::read_to_string(root?.join(SETTINGS_FILE)).ok()?;
        toml_asterisk(&text)
    };
    let Some(written) = from_options.or_else(from_file) else { return (AsteriskVersion::default(), None) };
    match parse_version(&written) {
        Some(version) => (version, None),
        None => (
            AsteriskVersion::default(),
            Some(format!("pjsip-lab: unknown Asterisk version `{written}` (expected 16, 18, 20, 21, 22 or 23); using 22")),
        ),
    }
}

/// `22`, `22.10.1` → the release line.
pub fn parse_version(text: &str) -> Option<AsteriskVersion> {
    text.trim().split('.').next()?.parse().ok().and_then(AsteriskVersion::from_major)
}

/// The top-level `asterisk = …` key of a small TOML file (quoted or bare). Only this one key is
/// read, so a full TOML parser is not needed; tables after it are not looked into.
fn toml_asterisk(text: &str) -> Option<String> {
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.starts_with('[') {
            return None;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        if key.trim() == "asterisk" {
            return Some(value.trim().trim_matches(['"', '\'']).to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_win_over_the_file() {
        let dir = std::env::temp_dir().join(format!("pjsip-lsp-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(SETTINGS_FILE), "# pinned\nasterisk = \"20\"\n").unwrap();
        assert_eq!(version(None, Some(&dir)), (AsteriskVersion::V20, None));
        let options = serde_json::json!({"asterisk": "18.2"});
        assert_eq!(version(Some(&options), Some(&dir)).0, AsteriskVersion::V18);
        let bad = serde_json::json!({"asterisk": 7});
        assert!(version(Some(&bad), None).1.is_some());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
