//! The language server's hot path without criterion, for instruction counts: start a server
//! in-process, open the 10,000-phone office, type `keystrokes` characters into phone 10500's
//! section (then delete them), each waited for. Under callgrind, run it with 0 and with N
//! keystrokes and divide the difference by N:
//! `cargo build --profile cli -p pjsip-lsp --example profile_keystroke` then
//! `valgrind --tool=callgrind target/cli/examples/profile_keystroke 20`. A second argument
//! `errors` gives every phone's endpoint an unknown option (10,000 diagnostics to publish); a
//! third, a pause in milliseconds between keystrokes (someone typing rather than a replay).

use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use pjsip_syntax::sample::office;
use serde_json::{json, Value};

// The allocator of the `pjsip-lab` binary, whose server this measures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let keystrokes: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let mut text = office(10_000, 50);
    if std::env::args().nth(2).as_deref() == Some("errors") {
        text = text.replace("(phone)\n", "(phone)\nno_such_option=1\n");
    }
    let header = text.find("[10500](phone)\n").expect("phone 10500");
    let line = text[..header].matches('\n').count() as u32 + 1;
    let started = Instant::now();
    let (server, client) = Connection::memory();
    let handle = std::thread::spawn(move || pjsip_lsp::serve(&server).expect("the server runs"));
    let uri = "file:///pjsip-lsp-profile/pjsip.conf";
    request(&client, "initialize", json!({"capabilities": {}}));
    notify(&client, "initialized", json!({}));
    let document = json!({"uri": uri, "languageId": "asterisk", "version": 1, "text": text});
    notify(&client, "textDocument/didOpen", json!({"textDocument": document}));
    let published = wait_diagnostics(&client, 1);
    eprintln!("start-up to first diagnostics: {:?} ({published} diagnostics)", started.elapsed());
    let pause: u64 = std::env::args().nth(3).and_then(|a| a.parse().ok()).unwrap_or(0);
    let typed = "direct_media=no";
    let mut times = Vec::new();
    for k in 0..keystrokes {
        let step = k % (2 * typed.len());
        let change = if step < typed.len() {
            let at = position(line, step as u32);
            json!({"range": {"start": at, "end": at}, "text": &typed[step..=step]})
        } else {
            let keep = 2 * typed.len() - step - 1;
            json!({"range": {"start": position(line, keep as u32), "end": position(line, keep as u32 + 1)}, "text": ""})
        };
        let version = k as i32 + 2;
        std::thread::sleep(Duration::from_millis(pause));
        let t = Instant::now();
        let params = json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]});
        notify(&client, "textDocument/didChange", params);
        wait_diagnostics(&client, version);
        times.push(t.elapsed());
    }
    if !times.is_empty() {
        times.sort();
        let mean = times.iter().sum::<Duration>() / times.len() as u32;
        eprintln!(
            "{keystrokes} keystrokes: median {:?}, mean {mean:?}, 90th percentile {:?}, slowest {:?}",
            times[times.len() / 2],
            times[times.len() * 9 / 10],
            times[times.len() - 1]
        );
    }
    request(&client, "shutdown", Value::Null);
    notify(&client, "exit", Value::Null);
    handle.join().expect("the server stops");
}

fn position(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

fn notify(client: &Connection, method: &str, params: Value) {
    client.sender.send(Message::Notification(Notification::new(method.into(), params))).expect("the server listens");
}

fn request(client: &Connection, method: &str, params: Value) -> Value {
    let id = RequestId::from(1);
    client.sender.send(Message::Request(Request::new(id.clone(), method.into(), params))).expect("the server listens");
    loop {
        if let Message::Response(response) = client.receiver.recv().expect("the server answers") {
            if response.id == id {
                return response.result.unwrap_or(Value::Null);
            }
        }
    }
}

fn wait_diagnostics(client: &Connection, version: i32) -> usize {
    loop {
        if let Message::Notification(n) = client.receiver.recv().expect("the server publishes") {
            if n.method == "textDocument/publishDiagnostics" && n.params["version"] == version {
                return n.params["diagnostics"].as_array().map_or(0, Vec::len);
            }
        }
    }
}
