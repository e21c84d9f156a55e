//! A draggable (and keyboard-adjustable) divider between two panels.

use leptos::prelude::*;

/// `size` is the width of the panel before the divider, in percent of the workbench; the
/// divider keeps it between `min` and `max`.
#[component]
pub fn Splitter(
    size: RwSignal<f64>,
    min: f64,
    max: f64,
    #[prop(into)] label: String,
    /// The panel *after* the divider is the one sized (dragging right shrinks it).
    #[prop(optional)]
    reverse: bool,
) -> impl IntoView {
    let sign = if reverse { -1.0 } else { 1.0 };
    let dragging = StoredValue::new(None::<(f64, f64, f64)>); // (start x, start size, px per %)
    let on_down = move |ev: leptos::ev::PointerEvent| {
        let Some(target) = ev.current_target() else { return };
        use wasm_bindgen::JsCast;
        let Ok(el) = target.dyn_into::<web_sys::Element>() else { return };
        let width = el.parent_element().map(|p| p.client_width() as f64).unwrap_or(1000.0).max(1.0);
        let _ = el.set_pointer_capture(ev.pointer_id());
        dragging.set_value(Some((ev.client_x() as f64, size.get_untracked(), width / 100.0)));
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        if let Some((x0, s0, px)) = dragging.get_value() {
            size.set((s0 + sign * (ev.client_x() as f64 - x0) / px).clamp(min, max));
        }
    };
    let on_up = move |_| dragging.set_value(None);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let step = match ev.key().as_str() {
            "ArrowLeft" => -2.0,
            "ArrowRight" => 2.0,
            _ => return,
        };
        ev.prevent_default();
        size.update(|s| *s = (*s + sign * step).clamp(min, max));
    };
    view! {
        <div class="splitter" role="separator" aria-orientation="vertical" tabindex="0" aria-label=label
            aria-valuemin=(min as i64).to_string() aria-valuemax=(max as i64).to_string() aria-valuenow=move || (size.get().round() as i64).to_string()
            on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up on:pointercancel=on_up on:keydown=on_key>
        </div>
    }
}
