//! Two pieces of work at once where there are threads (the CLI, the language server), one
//! after the other where there are none (the web app's wasm). Used for the two halves of the
//! object build and of the checks of a large configuration; the callers join the halves in
//! order, so the result never depends on it.

/// Below this many sections a second thread costs more than it saves.
pub const PARALLEL_FROM: usize = 2_000;

/// Runs `a` on a thread of its own and `b` on this one (both here, in order, in wasm).
#[cfg(not(target_arch = "wasm32"))]
pub fn join<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let handle = scope.spawn(a);
        let b = b();
        match handle.join() {
            Ok(a) => (a, b),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// Runs `a` on a thread of its own and `b` on this one (both here, in order, in wasm).
#[cfg(target_arch = "wasm32")]
pub fn join<A, B>(a: impl FnOnce() -> A, b: impl FnOnce() -> B) -> (A, B) {
    (a(), b())
}
