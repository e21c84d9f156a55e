//! Share links in the browser: compression and base64 through the browser's own streams
//! (`bindings`), around the plain format of [`pjsip_workspace::share`].

pub use pjsip_workspace::share::*;

use crate::bindings;
use crate::workspace::Workspace;

/// The URL fragment (starting with `#v1`) for a workspace.
pub async fn encode(workspace: &Workspace) -> Result<String, String> {
    let json = serde_json::to_string(workspace).map_err(|e| e.to_string())?;
    let payload = bindings::deflate_to_base64url(&json).await.map_err(|e| bindings::error_message(&e))?;
    Ok(format!("{PREFIX}{}", payload.as_string().unwrap_or_default()))
}

/// Decodes a `#v1` payload into a validated workspace, or says in plain words what is wrong.
pub async fn decode(payload: &str) -> Result<Workspace, String> {
    if payload.len() > MAX_FRAGMENT {
        return Err(format!("The link is {} characters long, more than this page accepts.", payload.len()));
    }
    let json = bindings::inflate_from_base64url(payload, MAX_INFLATED)
        .await
        .map_err(|e| format!("This link cannot be opened: {}.", bindings::error_message(&e)))?;
    let json = json.as_string().unwrap_or_default();
    parse(&json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    async fn round_trips_through_the_browsers_deflate() {
        let mut ws = Workspace::with_text("[6001]\ntype=endpoint\n; ünïcödé 😀\n");
        ws.asterisk = 20;
        let link = encode(&ws).await.unwrap();
        let payload = match classify(&link) {
            Fragment::V1(p) => p,
            other => panic!("{other:?}"),
        };
        assert_eq!(decode(payload).await.unwrap(), ws);
        assert!(decode("!!!").await.unwrap_err().contains("base64url"));
        assert!(decode("AAAA").await.is_err());
    }
}
