//! Async work with one rule: the latest wins. A [`Latest`] hands out tickets so that, of several
//! pieces of work that would replace the same thing, only the one started last applies its
//! result; a [`Resource`] is a value made by async work from reactive inputs, started again
//! whenever an input changes, keeping its last value while the new one is on its way.
//!
//! (Leptos' own `LocalResource` does the same for a value, with more machinery — transitions,
//! suspense — than this app uses; it costs ≈ 8 KB of the first visit's download, so the app
//! carries this small one instead.)

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

/// Tickets for async work that replaces the same thing.
#[derive(Clone, Copy, Debug)]
pub struct Latest(StoredValue<u32>);

impl Latest {
    pub fn new() -> Latest {
        Latest(StoredValue::new(0))
    }

    /// A ticket for new work; every earlier ticket is out of date from now on.
    pub fn start(&self) -> u32 {
        self.0.update_value(|n| *n = n.wrapping_add(1));
        self.0.get_value()
    }

    pub fn is_current(&self, ticket: u32) -> bool {
        self.0.get_value() == ticket
    }
}

impl Default for Latest {
    fn default() -> Self {
        Latest::new()
    }
}

/// A value made by async work from reactive inputs; `None` until the first work finishes.
#[derive(Debug)]
pub struct Resource<T: 'static> {
    value: RwSignal<Option<T>, LocalStorage>,
}

impl<T: 'static> Clone for Resource<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Resource<T> {}

impl<T: Clone + 'static> Resource<T> {
    /// `source` reads its inputs (tracked) and returns the work; it runs again on every change
    /// of those inputs, and only the latest work's result is kept.
    pub fn new<Fut>(source: impl Fn() -> Fut + 'static) -> Resource<T>
    where
        Fut: Future<Output = T> + 'static,
    {
        let value = RwSignal::new_local(None);
        let latest = Latest::new();
        Effect::new(move |_| {
            let work = source();
            let ticket = latest.start();
            spawn_local(async move {
                let result = work.await;
                if latest.is_current(ticket) {
                    value.set(Some(result));
                }
            });
        });
        Resource { value }
    }

    /// The latest result (tracked).
    pub fn get(&self) -> Option<T> {
        self.value.get()
    }

    pub fn get_untracked(&self) -> Option<T> {
        self.value.get_untracked()
    }

    /// Subscribes to changes of the result.
    pub fn track(&self) {
        self.value.track();
    }
}
