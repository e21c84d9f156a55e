//! The text editor. A plain `<textarea>` for now; its value is owned by the DOM so typing never
//! moves the caret, and the app only hears about changes through `on_change`.

use leptos::html::Textarea;
use leptos::prelude::*;

/// A range to select, in UTF-16 code units (the textarea's own unit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    pub start: u32,
    pub end: u32,
}

#[component]
pub fn Editor(
    text: ReadSignal<String>,
    #[prop(into)] on_change: Callback<String>,
    selection: ReadSignal<Option<Selection>>,
) -> impl IntoView {
    let node = NodeRef::<Textarea>::new();
    let initial = text.get_untracked();
    Effect::new(move |_| {
        if let (Some(area), Some(range)) = (node.get(), selection.get()) {
            let _ = area.focus();
            let _ = area.set_selection_range(range.start, range.end);
        }
    });
    view! {
        <textarea
            node_ref=node
            class="editor"
            data-testid="editor"
            aria-label="pjsip.conf"
            spellcheck="false"
            autocomplete="off"
            wrap="off"
            prop:value=initial
            on:input=move |ev| on_change.run(event_target_value(&ev))
        ></textarea>
    }
}
