//! The JavaScript side: CodeMirror and the browser-only helpers of `web/js/editor.js`, bundled
//! by `scripts/bundle.mjs`. Positions crossing this boundary are UTF-16 offsets; texts are named
//! by their [`crate::documents::Revision`].

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/editor.bundle.js")]
extern "C" {
    /// An editor instance (a CodeMirror view plus the per-file states kept for tab switches).
    #[derive(Clone, Debug)]
    pub type EditorHandle;

    #[wasm_bindgen(js_name = createEditor)]
    pub fn create_editor(parent: &web_sys::HtmlElement, callbacks: &JsValue) -> EditorHandle;
    #[wasm_bindgen(js_name = showFile)]
    pub fn show_file(handle: &EditorHandle, key: &str, text: &str, revision: u32);
    #[wasm_bindgen(js_name = applyEdits)]
    pub fn apply_edits(handle: &EditorHandle, revision: u32, json: &str) -> bool;
    #[wasm_bindgen(js_name = forgetFile)]
    pub fn forget_file(handle: &EditorHandle, key: &str);
    #[wasm_bindgen(js_name = setLint)]
    pub fn set_lint(handle: &EditorHandle, key: &str, revision: u32, json: &str);
    #[wasm_bindgen(js_name = selectRange)]
    pub fn select_range(handle: &EditorHandle, from: u32, to: u32);
    #[wasm_bindgen(js_name = markRanges)]
    pub fn mark_ranges(handle: &EditorHandle, json: &str);
    #[wasm_bindgen(js_name = destroyEditor)]
    pub fn destroy_editor(handle: &EditorHandle);

    #[wasm_bindgen(js_name = deflateToBase64Url, catch)]
    pub async fn deflate_to_base64url(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = inflateFromBase64Url, catch)]
    pub async fn inflate_from_base64url(text: &str, max_bytes: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = downloadText)]
    pub fn download_text(name: &str, text: &str, mime: &str);
    #[wasm_bindgen(js_name = copyText)]
    pub async fn copy_text(text: &str) -> JsValue;
    #[wasm_bindgen(js_name = downloadSvgAsPng, catch)]
    pub async fn download_svg_as_png(name: &str, svg: &str, width: f64, height: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = fetchText, catch)]
    pub async fn fetch_text(url: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = registerServiceWorker)]
    pub fn register_service_worker(url: &str);
}

/// The message of a JavaScript error (or whatever was thrown).
pub fn error_message(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".into())
}
