//! The quick re-check path of the server (an edit inside one section answered from its
//! neighbourhood, the full analysis later): what it publishes after each keystroke — before any
//! request makes the server settle — is what a fresh server gives for that text, and the full
//! analysis that follows never has to correct it.

// The client helpers take JSON values by value so that calls read as the messages they send.
#![allow(clippy::needless_pass_by_value)]

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use pjsip_analysis::syntax::sample::office;
use pjsip_lsp::documents::Document;
use pjsip_lsp::workspace::Workspace;
use proptest::prelude::*;
use serde_json::{json, Value};

const ROOT: &str = "file:///pjsip-lsp-quick/pjsip.conf";

struct Server {
    client: Connection,
    thread: Option<std::thread::JoinHandle<()>>,
    next_id: i32,
    /// `window/logMessage`s seen (the server logs there when a full analysis corrects a quick one).
    logs: Vec<String>,
}

impl Server {
    fn start() -> Server {
        let (server, client) = Connection::memory();
        let thread = std::thread::spawn(move || pjsip_lsp::serve(&server).expect("the server runs"));
        let mut s = Server { client, thread: Some(thread), next_id: 1, logs: Vec::new() };
        s.request("initialize", json!({"capabilities": {}}));
        s.notify("initialized", json!({}));
        s
    }

    fn notify(&self, method: &str, params: Value) {
        self.client.sender.send(Message::Notification(Notification::new(method.into(), params))).unwrap();
    }

    fn next(&mut self) -> Message {
        let message = self.client.receiver.recv_timeout(std::time::Duration::from_secs(60)).expect("the server answers");
        if let Message::Notification(n) = &message {
            if n.method == "window/logMessage" {
                self.logs.push(n.params["message"].as_str().unwrap_or_default().to_string());
            }
        }
        message
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = RequestId::from(self.next_id);
        self.next_id += 1;
        self.client.sender.send(Message::Request(Request::new(id.clone(), method.into(), params))).unwrap();
        loop {
            if let Message::Response(r) = self.next() {
                if r.id == id {
                    return r.result.unwrap_or(Value::Null);
                }
            }
        }
    }

    /// The diagnostics published for `version` of the document (the first publication of it).
    fn published(&mut self, version: i64) -> Value {
        loop {
            if let Message::Notification(n) = self.next() {
                if n.method == "textDocument/publishDiagnostics" && n.params["version"].as_i64() == Some(version) {
                    return n.params["diagnostics"].clone();
                }
            }
        }
    }

    fn open(&self, text: &str) {
        let document = json!({"uri": ROOT, "languageId": "asterisk", "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": document}));
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.thread.take().unwrap().join().unwrap();
    }
}

/// The UTF-16 position of byte `at` of `text`.
fn position(text: &str, at: usize) -> Value {
    let before = &text[..at];
    let line = before.matches('\n').count();
    let column: usize = before.rsplit('\n').next().unwrap_or("").encode_utf16().count();
    json!({"line": line, "character": column})
}

const PIECES: &[&str] =
    &["x", "d", "=", ",", "\n", "direct_media=no\n", "max_contacts=0", "aors=", "10001", "1000", "transport=nope", "é", ";"];

/// A keystroke: insert a piece, or delete a few bytes, somewhere in a phone's body.
#[derive(Clone, Debug)]
struct Key {
    phone: usize,
    line: usize,
    column: usize,
    piece: Option<usize>,
}

fn key() -> impl Strategy<Value = Key> {
    (0usize..30, 0usize..4, 0usize..30, prop::option::weighted(0.8, 0usize..PIECES.len())).prop_map(|(phone, line, column, piece)| Key {
        phone,
        line,
        column,
        piece,
    })
}

/// Applies the key to `text`; returns the protocol change.
fn press(text: &mut String, key: &Key) -> Value {
    let header = format!("[{}](phone)\n", 10000 + key.phone);
    let body = text.find(&header).map_or(0, |at| at + header.len());
    let mut at = body;
    for _ in 0..key.line {
        at = text[at..].find('\n').map_or(text.len(), |n| at + n + 1);
    }
    let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
    at = (at + key.column).min(line_end);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let (end, piece) = match key.piece {
        Some(p) => (at, PIECES[p]),
        None => {
            let mut end = (at + 3).min(line_end);
            while !text.is_char_boundary(end) {
                end += 1;
            }
            (end, "")
        }
    };
    let range = json!({"start": position(text, at), "end": position(text, end)});
    text.replace_range(at..end, piece);
    json!({"range": range, "text": piece})
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn each_keystroke_publishes_the_full_analysis(keys in prop::collection::vec(key(), 1..16)) {
        let mut text = office(30, 3);
        let mut server = Server::start();
        server.open(&text);
        server.published(1);
        for (n, key) in keys.iter().enumerate() {
            let version = n as i64 + 2;
            let change = press(&mut text, key);
            server.notify("textDocument/didChange", json!({"textDocument": {"uri": ROOT, "version": version}, "contentChanges": [change]}));
            let got = server.published(version);
            let mut fresh = Server::start();
            fresh.open(&text);
            let expected = fresh.published(1);
            fresh.stop();
            prop_assert_eq!(got, expected, "after key {} ({:?})", n, key);
        }
        // A request makes the server settle: the full analysis must agree with what was said.
        server.request("workspace/symbol", json!({"query": ""}));
        prop_assert!(server.logs.iter().all(|l| !l.contains("differed")), "{:?}", server.logs);
        server.stop();
    }
}

/// Types `direct_media=no` after `header` in the open document `name` of `workspace`, a key at a
/// time; each must be answered by a quick re-check with the diagnostics `full` gives the text.
fn type_an_option(
    workspace: &mut Workspace,
    name: &str,
    text: &mut String,
    header: &str,
    full: impl Fn(&str) -> Vec<pjsip_analysis::Diagnostic>,
) {
    let at = text.find(header).expect("the section") + header.len();
    for (n, c) in "direct_media=no\n".char_indices() {
        text.insert(at + n, c);
        workspace.documents.insert(name.into(), Document::new(text.clone(), n as i32 + 2));
        workspace.touch(name);
        workspace.refresh();
        let entry = workspace.owner(name).expect("analysed");
        assert!(entry.is_stale(), "keystroke {n} was answered by a quick re-check");
        assert_eq!(entry.diagnostics(), full(text), "keystroke {n}");
    }
}

/// Typing an option into one phone of a large office is answered by quick re-checks, each the
/// full analysis' diagnostics, and settling brings the full analysis of the final text.
#[test]
fn typing_in_a_phone_takes_the_quick_path() {
    let root = "untitled:quick/pjsip.conf";
    let mut workspace = Workspace::new(pjsip_analysis::AsteriskVersion::V22);
    let mut text = office(300, 5);
    workspace.documents.insert(root.into(), Document::new(text.clone(), 1));
    workspace.touch(root);
    workspace.refresh();
    type_an_option(&mut workspace, root, &mut text, "[10200](phone)\n", |text| {
        let input = pjsip_analysis::Input::new(
            vec![pjsip_analysis::InputFile { name: root.into(), text: text.into() }],
            pjsip_analysis::AsteriskVersion::V22,
        );
        pjsip_analysis::Analysis::new(&input).diagnostics().to_vec()
    });
    assert!(workspace.settle().is_empty(), "the full analysis agrees with the last quick one");
    let entry = workspace.owner(root).expect("analysed");
    assert!(!entry.is_stale());
    assert_eq!(entry.analysis.files.text(entry.analysis.config.root), text);
}

/// The same across files: typing in a phone of an included, open file is answered quickly, and
/// what the root's configuration publishes is a fresh full analysis' diagnostics.
#[test]
fn typing_in_an_included_file_takes_the_quick_path() {
    let (root, phones) = ("/pjsip-lsp-quick-include/pjsip.conf", "/pjsip-lsp-quick-include/phones.conf");
    let office = office(200, 5);
    let first_phone = office.find("[10000](phone)").expect("the phones");
    let root_text = format!("{}#include phones.conf\n", &office[..first_phone]);
    let mut phones_text = office[first_phone..].to_string();
    let open = |quick: bool, phones_text: &str| {
        let mut workspace = Workspace::new(pjsip_analysis::AsteriskVersion::V22);
        workspace.quick_checks = quick;
        workspace.documents.insert(root.into(), Document::new(root_text.clone(), 1));
        workspace.documents.insert(phones.into(), Document::new(phones_text.to_string(), 1));
        workspace.touch(root);
        workspace.touch(phones);
        workspace.refresh();
        workspace
    };
    let mut workspace = open(true, &phones_text);
    type_an_option(&mut workspace, phones, &mut phones_text, "[10100](phone)\n", |text| {
        open(false, text).owner(phones).expect("analysed").diagnostics().to_vec()
    });
    assert_eq!(workspace.owner(phones).expect("analysed").root, root, "the included file belongs to pjsip.conf's configuration");
    assert!(workspace.settle().is_empty(), "the full analysis agrees with the last quick one");
}

/// A diagnostic of `pjsip.conf` can point into the included file being edited (here: `aors=`
/// naming an auth of `phones.conf`): after a quick re-check, its related location is placed in
/// that file's text as it is now, as a fresh server places it.
#[test]
fn related_locations_in_the_edited_included_file_follow_the_edit() {
    const ROOT: &str = "file:///pjsip-lsp-quick-related/pjsip.conf";
    const PHONES: &str = "file:///pjsip-lsp-quick-related/phones.conf";
    let root_text = "[t]\ntype=transport\nprotocol=udp\nbind=0.0.0.0\n\n#include phones.conf\n\n[e]\ntype=endpoint\naors=6002\n";
    let phones_text = "[6001]\ntype=endpoint\naors=6001\n\n[6001]\ntype=aor\n\n[6002]\ntype=auth\nusername=u\npassword=p\n";
    let open = |server: &Server, uri: &str, text: &str| {
        let document = json!({"uri": uri, "languageId": "asterisk", "version": 1, "text": text});
        server.notify("textDocument/didOpen", json!({"textDocument": document}));
    };
    // The publication for `uri` that follows the one for `after` with version `version`.
    let root_after = |server: &mut Server, version: i64| -> Value {
        let mut seen_phones = false;
        loop {
            if let Message::Notification(n) = server.next() {
                if n.method != "textDocument/publishDiagnostics" {
                    continue;
                }
                let uri = n.params["uri"].as_str().unwrap_or_default().to_string();
                if uri == PHONES && n.params["version"].as_i64() == Some(version) {
                    seen_phones = true;
                } else if uri == ROOT && seen_phones {
                    return n.params["diagnostics"].clone();
                }
            }
        }
    };
    let mut server = Server::start();
    open(&server, ROOT, root_text);
    open(&server, PHONES, phones_text);
    server.request("workspace/symbol", json!({"query": ""}));
    // Two lines typed into phone 6001's endpoint, before the auth the root's diagnostic names.
    let at = json!({"line": 2, "character": 0});
    let change = json!({"range": {"start": at, "end": at}, "text": "direct_media=no\nrtp_symmetric=yes\n"});
    server.notify("textDocument/didChange", json!({"textDocument": {"uri": PHONES, "version": 2}, "contentChanges": [change]}));
    let got = root_after(&mut server, 2);
    let mut edited = phones_text.to_string();
    edited.insert_str(phones_text.find("aors=6001").expect("the line"), "direct_media=no\nrtp_symmetric=yes\n");
    let mut fresh = Server::start();
    open(&fresh, ROOT, root_text);
    open(&fresh, PHONES, &edited);
    let expected = root_after(&mut fresh, 1);
    fresh.stop();
    let pointing = got.as_array().into_iter().flatten().find(|d| d["relatedInformation"].is_array()).expect("a related location");
    assert_eq!(pointing["relatedInformation"][0]["location"]["uri"], PHONES, "{got:#}");
    assert_eq!(got, expected);
    server.stop();
}

/// Completion is answered from the analysis a quick re-check stands on (editors ask for it at
/// nearly every keystroke): the items are a fresh server's for the same text.
#[test]
fn completion_after_a_quick_keystroke_is_a_fresh_servers() {
    let mut text = office(30, 3);
    let header = text.find("[10005](phone)\n").expect("phone 10005");
    let line = text[..header].matches('\n').count() as u32 + 1;
    let mut server = Server::start();
    server.open(&text);
    server.published(1);
    // A new line, then its value typed a key at a time.
    let body = header + "[10005](phone)\n".len();
    for (version, column, typed) in [(2, 0, "aors=\n"), (3, 5, "1"), (4, 6, "0"), (5, 7, "0")] {
        let at = json!({"line": line, "character": column});
        let change = json!({"range": {"start": at.clone(), "end": at}, "text": typed});
        server.notify("textDocument/didChange", json!({"textDocument": {"uri": ROOT, "version": version}, "contentChanges": [change]}));
        text.insert_str(body + column, typed);
        server.published(version);
    }
    let cursor = json!({"textDocument": {"uri": ROOT}, "position": {"line": line, "character": "aors=100".len()}});
    let got = server.request("textDocument/completion", cursor.clone());
    let mut fresh = Server::start();
    fresh.open(&text);
    fresh.published(1);
    let expected = fresh.request("textDocument/completion", cursor);
    fresh.stop();
    assert!(got.to_string().contains("10005"), "aor names are offered: {got}");
    assert_eq!(got, expected);
    server.stop();
}

#[test]
fn only_completion_and_semantic_tokens_skip_the_full_analysis() {
    assert!(!pjsip_lsp::handlers::needs_full_analysis("textDocument/completion"));
    assert!(!pjsip_lsp::handlers::needs_full_analysis("textDocument/semanticTokens/full"));
    for method in
        ["textDocument/hover", "textDocument/definition", "textDocument/references", "textDocument/codeAction", "workspace/symbol"]
    {
        assert!(pjsip_lsp::handlers::needs_full_analysis(method), "{method}");
    }
}
