//! The language server as an editor meets it: time from a keystroke (`didChange`) to its
//! diagnostics, and from start-up to the first diagnostics. Run with
//! `cargo bench -p pjsip-lsp --bench keystroke`; figures go in the notes, never asserted.
//!
//! The server runs in-process on an in-memory connection (the stdio transport adds a pipe
//! write and read per message). The editing session types a line into one phone's section of
//! the 10,000-phone office, one character per `didChange`, then deletes it again, one
//! backspace per `didChange`, and waits each time for the diagnostics of that version.

// The client helpers take JSON values by value so that calls read as the messages they send.
#![allow(clippy::needless_pass_by_value)]

use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use pjsip_syntax::sample::office;
use serde_json::{json, Value};

// The allocator of the `pjsip-lab` binary, whose server this measures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Session {
    client: Connection,
    server: Option<JoinHandle<()>>,
    uri: String,
    version: i32,
    /// Where the typed line goes: (line, column) of the insertion point.
    at: (u32, u32),
    typed: Vec<char>,
    step: usize,
}

const TYPED: &str = "direct_media=no\n";

impl Session {
    /// Starts a server, initializes it and opens `text`; returns once the first diagnostics
    /// arrived, with the time that took.
    fn start(text: &str, at: (u32, u32)) -> (Session, Duration) {
        let started = Instant::now();
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || pjsip_lsp::serve(&server).expect("the server runs"));
        let uri = "file:///pjsip-lsp-bench/pjsip.conf".to_string();
        let session = Session { client, server: Some(handle), uri, version: 1, at, typed: TYPED.chars().collect(), step: 0 };
        session.request("initialize", json!({"capabilities": {}}));
        session.notify("initialized", json!({}));
        let document = json!({"uri": session.uri, "languageId": "asterisk", "version": 1, "text": text});
        session.notify("textDocument/didOpen", json!({"textDocument": document}));
        session.wait_diagnostics(1);
        let elapsed = started.elapsed();
        (session, elapsed)
    }

    fn notify(&self, method: &str, params: Value) {
        self.client.sender.send(Message::Notification(Notification::new(method.into(), params))).unwrap();
    }

    fn request(&self, method: &str, params: Value) -> Value {
        let id = RequestId::from(1);
        self.client.sender.send(Message::Request(Request::new(id.clone(), method.into(), params))).unwrap();
        loop {
            if let Message::Response(response) = self.client.receiver.recv().unwrap() {
                if response.id == id {
                    return response.result.unwrap_or(Value::Null);
                }
            }
        }
    }

    fn wait_diagnostics(&self, version: i32) -> usize {
        loop {
            if let Message::Notification(n) = self.client.receiver.recv().unwrap() {
                if n.method == "textDocument/publishDiagnostics" && n.params["version"] == version {
                    return n.params["diagnostics"].as_array().map_or(0, Vec::len);
                }
            }
        }
    }

    /// One keystroke of the session: the next character typed, or the next backspace.
    fn keystroke(&mut self) -> usize {
        let n = self.typed.len();
        let (line, column) = self.at;
        // Steps 0..n type, n..2n delete from the end; positions are UTF-16 (all ASCII here).
        let change = if self.step < n {
            let typed: String = self.typed[..self.step].iter().collect();
            let (dl, dc) = position_after(&typed);
            let start = if dl == 0 { (line, column + dc) } else { (line + dl, dc) };
            json!({"range": range(start, start), "text": self.typed[self.step].to_string()})
        } else {
            let keep = 2 * n - self.step - 1;
            let before: String = self.typed[..keep].iter().collect();
            let (bl, bc) = position_after(&before);
            let after: String = self.typed[..=keep].iter().collect();
            let (al, ac) = position_after(&after);
            let from = if bl == 0 { (line, column + bc) } else { (line + bl, bc) };
            let to = if al == 0 { (line, column + ac) } else { (line + al, ac) };
            json!({"range": range(from, to), "text": ""})
        };
        self.step = (self.step + 1) % (2 * n);
        self.version += 1;
        let params = json!({"textDocument": {"uri": self.uri, "version": self.version}, "contentChanges": [change]});
        self.notify("textDocument/didChange", params);
        self.wait_diagnostics(self.version)
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        if let Some(handle) = self.server.take() {
            handle.join().unwrap();
        }
    }
}

/// Lines and last-line columns a text spans.
fn position_after(text: &str) -> (u32, u32) {
    let lines = text.matches('\n').count() as u32;
    let column = text.rsplit('\n').next().unwrap_or("").len() as u32;
    (lines, column)
}

fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({"start": {"line": start.0, "character": start.1}, "end": {"line": end.0, "character": end.1}})
}

/// The line after `[10500]`'s header in the office text (the endpoint of phone 10500).
fn insertion_point(text: &str) -> (u32, u32) {
    let header = text.find("[10500](phone)\n").expect("phone 10500");
    (text[..header].matches('\n').count() as u32 + 1, 0)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("lsp");
    group.sample_size(10);
    let small = office(33, 2);
    let big = office(10_000, 50);
    for (label, text) in [("100 sections", &small), ("10,000 phones", &big)] {
        // Only the start-up is timed; shutting the server down (and freeing) is not.
        group.bench_function(format!("start-up to first diagnostics, {label}"), |b| {
            b.iter_custom(|runs| {
                let mut total = Duration::ZERO;
                for _ in 0..runs {
                    let (session, took) = Session::start(text, (0, 0));
                    total += took;
                    session.stop();
                }
                total
            })
        });
    }
    let (mut session, _) = Session::start(&big, insertion_point(&big));
    group.bench_function("keystroke to diagnostics, 10,000 phones", |b| b.iter(|| session.keystroke()));
    session.stop();
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
