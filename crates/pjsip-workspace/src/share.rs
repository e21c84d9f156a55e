//! Share links: the whole [`Workspace`] in the URL fragment, `#v1` + base64url(raw deflate(JSON)).
//! The fragment never reaches a server. Decoding treats the link as hostile: size limits before
//! and during decompression (the browser inflates; see the web crate), and validation of what
//! comes out, here.

use pjsip_analysis::redact::strip_secrets;

use crate::Workspace;

/// The version prefix of the current link format. A new format gets a new prefix; old prefixes
/// keep their decoder.
pub const PREFIX: &str = "#v1";
/// Links longer than this may be cut by chat tools, mail clients and some browsers.
pub const LONG_LINK: usize = 8_000;
/// A fragment longer than this is refused before any decoding (Chromium itself refuses URLs
/// over 2 MB, so no working link is longer).
pub const MAX_FRAGMENT: usize = 1536 * 1024;
/// Decompression stops (with an error) past this many bytes: a decompression bomb costs no more.
pub const MAX_INFLATED: u32 = 12 * 1024 * 1024;

/// What the fragment of the page's URL holds.
#[derive(Debug, PartialEq, Eq)]
pub enum Fragment<'a> {
    /// No shared state.
    None,
    /// A `#v1` payload (base64url).
    V1(&'a str),
    /// Something that looks like a link of another (newer or broken) format.
    Unknown,
}

pub fn classify(hash: &str) -> Fragment<'_> {
    if hash.is_empty() || hash == "#" {
        Fragment::None
    } else if let Some(payload) = hash.strip_prefix(PREFIX) {
        Fragment::V1(payload)
    } else {
        Fragment::Unknown
    }
}

/// The workspace as it will be shared; with `strip_secret_values`, every password, `md5_cred`
/// and `password_digest` value replaced by a placeholder. Returns how many were replaced.
pub fn prepare(workspace: &Workspace, strip_secret_values: bool) -> (Workspace, usize) {
    let mut shared = workspace.clone();
    let mut count = 0;
    if strip_secret_values {
        for file in &mut shared.files {
            let (text, n) = strip_secrets(&file.text);
            file.text = text;
            count += n;
        }
    }
    (shared, count)
}

/// Reads a decoded (inflated) share link or a saved state: JSON into a validated workspace, or
/// a plain-words reason. The base64 and inflate steps happen in the browser (its own streams).
pub fn parse(json: &str) -> Result<Workspace, String> {
    let workspace: Workspace =
        serde_json::from_str(json).map_err(|e| format!("This link cannot be opened: its content is not a pjsip-lab state ({e})."))?;
    workspace.validated().map_err(|why| format!("This link cannot be opened: {why}."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_fragments() {
        assert_eq!(classify(""), Fragment::None);
        assert_eq!(classify("#v1abc"), Fragment::V1("abc"));
        assert_eq!(classify("#v9zzz"), Fragment::Unknown);
    }

    #[test]
    fn strips_secrets_only_when_asked() {
        let ws = Workspace::with_text("[a]\ntype=auth\nusername=u\npassword=hunter2\n");
        let (shared, n) = prepare(&ws, true);
        assert_eq!(n, 1);
        assert!(!shared.files[0].text.contains("hunter2"));
        let (kept, n) = prepare(&ws, false);
        assert_eq!((n, kept), (0, ws));
    }

    #[test]
    fn refuses_bad_json_and_bad_states() {
        assert!(parse("{").unwrap_err().contains("not a pjsip-lab state"));
        assert!(parse(r#"{"files":[]}"#).unwrap_err().contains("no files"));
    }
}
