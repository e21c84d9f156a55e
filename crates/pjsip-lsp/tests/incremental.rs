//! The server's incremental path gives exactly what a full analysis gives.
//!
//! A server that has seen a configuration's two files opened and then edited through random
//! incremental changes (ranges in UTF-16, several changes per `didChange`, edits in either
//! file, edits that break and restore the `#include`, add duplicates, templates, `(+)`, block
//! comments and non-ASCII text) must hold, for every open document, the same diagnostics as a
//! fresh server that is handed the final texts at once.

// The client helpers take JSON values by value so that calls read as the messages they send.
#![allow(clippy::needless_pass_by_value)]

use std::collections::BTreeMap;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use proptest::prelude::*;
use serde_json::{json, Value};

const ROOT: &str = "file:///pjsip-lsp-incremental/pjsip.conf";
const PHONES: &str = "file:///pjsip-lsp-incremental/phones.conf";

const PJSIP: &str = "#include \"phones.conf\"\n[t]\ntype=transport\nprotocol=udp\nbind=0.0.0.0\n\n[phone](!)\ntype=endpoint\nallow=ulaw\n\n[6001]\ntype=aor\nmax_contacts=1\n";
const PHONE_TEXT: &str = "[6001](phone)\naors=6001\ntransport=t\n\n[6002](phone)\naors=6002\ndtmfmode=inband\n";

/// Pieces an edit inserts: config syntax more often than not.
const PIECES: &[&str] = &[
    "",
    "x",
    "6001",
    "6002",
    "\n",
    "[",
    "]",
    "=",
    ",",
    ";",
    ";--",
    "--;",
    "(!)",
    "(+)",
    "(phone)",
    "type=aor\n",
    "type=endpoint\n",
    "[6002]\ntype=aor\n",
    "aors=6001,6002\n",
    "max_contacts=0\n",
    "transport=nope\n",
    "é",
    "😀",
    " ",
    "#include \"phones.conf\"\n",
];

struct Server {
    client: Connection,
    thread: Option<std::thread::JoinHandle<()>>,
    /// The last diagnostics published per document.
    published: BTreeMap<String, Value>,
    next_id: i32,
}

impl Server {
    fn start() -> Server {
        let (server, client) = Connection::memory();
        let thread = std::thread::spawn(move || pjsip_lsp::serve(&server).expect("the server runs"));
        let mut s = Server { client, thread: Some(thread), published: BTreeMap::new(), next_id: 1 };
        s.request("initialize", json!({"capabilities": {}}));
        s.notify("initialized", json!({}));
        s
    }

    fn notify(&self, method: &str, params: Value) {
        self.client.sender.send(Message::Notification(Notification::new(method.into(), params))).unwrap();
    }

    /// Sends a request and reads until its answer, recording every publication before it.
    /// The server analyses pending changes before it answers, so the answer is a barrier.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = RequestId::from(self.next_id);
        self.next_id += 1;
        self.client.sender.send(Message::Request(Request::new(id.clone(), method.into(), params))).unwrap();
        loop {
            match self.client.receiver.recv_timeout(std::time::Duration::from_secs(60)).expect("the server answers") {
                Message::Response(r) if r.id == id => return r.result.unwrap_or(Value::Null),
                Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                    let uri = n.params["uri"].as_str().unwrap().to_string();
                    self.published.insert(uri, n.params["diagnostics"].clone());
                }
                _ => {}
            }
        }
    }

    fn open(&self, uri: &str, text: &str) {
        let document = json!({"uri": uri, "languageId": "asterisk", "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": document}));
    }

    /// Waits until every change so far is analysed and published.
    fn settle(&mut self) -> BTreeMap<String, Value> {
        self.request("workspace/symbol", json!({"query": ""}));
        self.published.clone()
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.thread.take().unwrap().join().unwrap();
    }
}

/// One change: replace `len` characters at character `at` (both taken modulo the text) by a
/// piece.
#[derive(Clone, Debug)]
struct Edit {
    in_phones: bool,
    at: usize,
    len: usize,
    piece: usize,
}

fn edit() -> impl Strategy<Value = Edit> {
    (any::<bool>(), 0usize..400, 0usize..12, 0usize..PIECES.len()).prop_map(|(in_phones, at, len, piece)| Edit {
        in_phones,
        at,
        len,
        piece,
    })
}

/// The UTF-16 position of character `index` of `text`.
fn position(text: &str, index: usize) -> Value {
    let before: String = text.chars().take(index).collect();
    let line = before.matches('\n').count();
    let column: usize = before.rsplit('\n').next().unwrap_or("").encode_utf16().count();
    json!({"line": line, "character": column})
}

/// Applies `edit` to `text` (as characters) and returns the protocol change that does the same.
fn apply(text: &mut String, edit: &Edit) -> Value {
    let chars = text.chars().count();
    let at = edit.at % (chars + 1);
    let len = edit.len.min(chars - at);
    let range = json!({"start": position(text, at), "end": position(text, at + len)});
    let piece = PIECES[edit.piece];
    let start = text.char_indices().nth(at).map_or(text.len(), |(i, _)| i);
    let end = text.char_indices().nth(at + len).map_or(text.len(), |(i, _)| i);
    text.replace_range(start..end, piece);
    json!({"range": range, "text": piece})
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn incremental_equals_full(batches in prop::collection::vec(prop::collection::vec(edit(), 1..4), 1..10)) {
        let mut texts = [PJSIP.to_string(), PHONE_TEXT.to_string()];
        let mut incremental = Server::start();
        incremental.open(ROOT, &texts[0]);
        incremental.open(PHONES, &texts[1]);
        let mut version = 1;
        for batch in &batches {
            version += 1;
            // One didChange per file touched by the batch, its changes in order.
            for (file, uri) in [(0, ROOT), (1, PHONES)] {
                let changes: Vec<Value> = batch.iter().filter(|e| usize::from(e.in_phones) == file).map(|e| apply(&mut texts[file], e)).collect();
                if !changes.is_empty() {
                    incremental.notify(
                        "textDocument/didChange",
                        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
                    );
                }
            }
            let got = incremental.settle();
            let mut full = Server::start();
            full.open(ROOT, &texts[0]);
            full.open(PHONES, &texts[1]);
            let expected = full.settle();
            full.stop();
            prop_assert_eq!(got, expected, "texts: {:?}", texts);
        }
        incremental.stop();
    }
}

/// An edit re-parses only what it touched: an unchanged included file keeps its very tree, and
/// the analysis is the one a fresh analysis of the final texts gives (the property above checks
/// the diagnostics; this checks the objects too).
#[test]
fn an_edit_keeps_the_parse_of_untouched_files() {
    use pjsip_lsp::documents::Document;
    use pjsip_lsp::workspace::Workspace;
    let (root, phones) = ("untitled:reuse/pjsip.conf", "untitled:reuse/phones.conf");
    let mut workspace = Workspace::new(pjsip_analysis::AsteriskVersion::V22);
    let office = pjsip_analysis::syntax::sample::office(200, 5);
    let root_text = format!("#include \"phones.conf\"\n{office}");
    workspace.documents.insert(root.into(), Document::new(root_text.clone(), 1));
    workspace.documents.insert(phones.into(), Document::new(PHONE_TEXT.into(), 1));
    workspace.touch(root);
    workspace.refresh();
    let parse_of = |workspace: &Workspace, name: &str| {
        let entry = workspace.owner(root).expect("the configuration is analysed");
        let id = entry.analysis.file_id(name).expect("the file is read");
        std::sync::Arc::clone(entry.analysis.config.parses[id.0 as usize].as_ref().expect("parsed"))
    };
    let before = parse_of(&workspace, phones);
    let at = root_text.find("[10100](phone)\n").expect("phone 10100") + "[10100](phone)\n".len();
    let mut edited = root_text.clone();
    edited.insert_str(at, "direct_media=no\n");
    workspace.documents.insert(root.into(), Document::new(edited.clone(), 2));
    workspace.touch(root);
    workspace.refresh();
    assert!(std::sync::Arc::ptr_eq(&before, &parse_of(&workspace, phones)), "the included file was not parsed again");
    let entry = workspace.owner(root).expect("the document is analysed");
    let reader = move |name: &str| (name == phones).then(|| PHONE_TEXT.to_string());
    let input = pjsip_analysis::Input::new(
        vec![pjsip_analysis::InputFile { name: root.into(), text: edited }],
        pjsip_analysis::AsteriskVersion::V22,
    )
    .with_reader(Box::new(reader));
    let fresh = pjsip_analysis::Analysis::new(&input);
    assert_eq!(entry.analysis.diagnostics(), fresh.diagnostics());
    assert_eq!(entry.analysis.objects(), fresh.objects());
    assert_eq!(entry.analysis.config.categories, fresh.config.categories);
}
