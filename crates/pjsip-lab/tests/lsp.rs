//! `pjsip-lab lsp` driven over its stdio with JSON-RPC, as an editor drives it: initialize,
//! didOpen/didChange, published diagnostics, completion, hover, definition, references,
//! rename, code actions, symbols, semantic tokens, shutdown and exit.

// The client helpers take JSON values by value so that calls read as the messages they send.
#![allow(clippy::needless_pass_by_value)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_pjsip-lab");
/// Long enough for a debug build on a busy machine; a hang fails instead of blocking forever.
const WAIT: Duration = Duration::from_secs(60);

/// A directory of test files, removed when the test is done with it.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn dir(files: &[(&str, &str)]) -> TempDir {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!("pjsip-lab-lsp-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (path, text) in files {
        std::fs::write(dir.join(path), text).unwrap();
    }
    TempDir(dir)
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A client: the server process, its stdin, and the messages it wrote, in order.
struct Client {
    child: Child,
    stdin: ChildStdin,
    inbox: Receiver<Value>,
    next_id: i64,
    /// Notifications read while waiting for something else.
    pending: Vec<Value>,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(BIN).arg("lsp").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("pjsip-lab lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, inbox) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 {
                        return;
                    }
                    let header = header.trim_end();
                    if header.is_empty() {
                        break;
                    }
                    if let Some(n) = header.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                reader.read_exact(&mut body).unwrap();
                if send.send(serde_json::from_slice::<Value>(&body).expect("the server writes JSON")).is_err() {
                    return;
                }
            }
        });
        Client { child, stdin, inbox, next_id: 1, pending: Vec::new() }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its whole response (`result` or `error`).
    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.inbox.recv_timeout(WAIT).unwrap_or_else(|_| panic!("no answer to {method}"));
            if message["id"] == json!(id) && message.get("method").is_none() {
                return message;
            }
            self.pending.push(message);
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.call(method, params);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// The next diagnostics published for `uri` (earlier ones are skipped).
    fn diagnostics(&mut self, uri: &str) -> Value {
        if let Some(i) = self.pending.iter().rposition(|m| is_diagnostics_for(m, uri)) {
            let found = self.pending.remove(i);
            self.pending.retain(|m| !is_diagnostics_for(m, uri));
            return found["params"].clone();
        }
        loop {
            let message = self.inbox.recv_timeout(WAIT).unwrap_or_else(|_| panic!("no diagnostics for {uri}"));
            if is_diagnostics_for(&message, uri) {
                return message["params"].clone();
            }
            self.pending.push(message);
        }
    }

    fn initialize(&mut self, root: &Path, capabilities: Value, options: Value) -> Value {
        let result = self.request(
            "initialize",
            json!({"processId": null, "rootUri": uri(root), "capabilities": capabilities, "initializationOptions": options}),
        );
        self.notify("initialized", json!({}));
        result
    }

    fn open(&mut self, path: &Path) {
        let text = std::fs::read_to_string(path).unwrap();
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(path), "languageId": "asterisk", "version": 1, "text": text}}),
        );
    }

    /// Shutdown, exit, and the process's exit status.
    fn finish(mut self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        status.code().expect("exited normally")
    }
}

fn is_diagnostics_for(message: &Value, uri: &str) -> bool {
    message["method"] == "textDocument/publishDiagnostics" && message["params"]["uri"] == uri
}

fn position(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

fn codes(published: &Value) -> Vec<String> {
    published["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

const PJSIP: &str = "#include \"phones.conf\"\n[transport-udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0\n\n[6001]\ntype=aor\nmax_contacts=1\n\n[6002]\ntype=aor\n";
const PHONES: &str = "[6001]\ntype=endpoint\naors=6001\ndtmfmode=rfc4733\ntransport=transport-udp\nallow=ulaw\n";

#[test]
fn a_session_in_an_included_file() {
    let tmp = dir(&[("pjsip.conf", PJSIP), ("phones.conf", PHONES)]);
    let phones = tmp.0.join("phones.conf");
    let phones_uri = uri(&phones);
    let pjsip_uri = uri(&tmp.0.join("pjsip.conf"));
    let mut client = Client::start();
    let init = client.initialize(&tmp.0, json!({}), Value::Null);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["capabilities"]["textDocumentSync"], 2, "incremental sync");
    assert_eq!(init["serverInfo"]["name"], "pjsip-lab");

    // The included file is analysed as part of pjsip.conf's configuration (the transport it
    // names is there), and the unknown option is reported with Asterisk's words.
    client.open(&phones);
    let published = client.diagnostics(&phones_uri);
    assert_eq!(codes(&published), vec!["option/unknown"], "{published}");
    let unknown = &published["diagnostics"][0];
    assert_eq!(unknown["range"], json!({"start": position(3, 0), "end": position(3, 8)}));
    assert_eq!(unknown["severity"], 1);
    assert_eq!(unknown["source"], "pjsip-lab");

    // The quick fix renames the option.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": phones_uri}, "range": unknown["range"], "context": {"diagnostics": [unknown]}}),
    );
    let fix = &actions[0];
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["edit"]["changes"][&phones_uri][0]["newText"], "dtmf_mode", "{actions}");

    // Apply it as an incremental change: the diagnostic goes away.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": phones_uri, "version": 2},
               "contentChanges": [{"range": unknown["range"], "text": "dtmf_mode"}]}),
    );
    let published = client.diagnostics(&phones_uri);
    assert_eq!(published["version"], 2);
    assert_eq!(codes(&published), Vec::<String>::new(), "{published}");

    // A duplicate aor: the error points at both sites (related information in pjsip.conf).
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": phones_uri, "version": 3},
               "contentChanges": [{"range": {"start": position(6, 0), "end": position(6, 0)}, "text": "[6001]\ntype=aor\n"}]}),
    );
    let published = client.diagnostics(&phones_uri);
    let duplicate = published["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "section/duplicate").expect("duplicate");
    let related = &duplicate["relatedInformation"][0]["location"];
    assert_eq!(related["uri"], pjsip_uri, "{duplicate}");
    assert_eq!(related["range"]["start"], position(6, 1));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": phones_uri, "version": 4},
               "contentChanges": [{"range": {"start": position(6, 0), "end": position(8, 0)}, "text": ""}]}),
    );
    assert_eq!(codes(&client.diagnostics(&phones_uri)), Vec::<String>::new());

    // Completion of enum words and of option names.
    let at = |line, character| json!({"textDocument": {"uri": phones_uri}, "position": position(line, character)});
    let completion = client.request("textDocument/completion", at(3, 14));
    let labels: Vec<&str> = completion.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"rfc4733") && labels.contains(&"inband"), "{labels:?}");
    let completion = client.request("textDocument/completion", at(5, 3));
    let names: Vec<&str> = completion.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(names.contains(&"allow") && names.contains(&"direct_media"), "{names:?}");

    // Hover explains the option.
    let hover = client.request("textDocument/hover", at(3, 3));
    assert!(hover["contents"]["value"].as_str().unwrap().starts_with("**endpoint.dtmf_mode**"), "{hover}");

    // Definition across files: the transport and the aor live in pjsip.conf.
    let definition = client.request("textDocument/definition", at(4, 12));
    assert_eq!(definition, json!([{"uri": pjsip_uri, "range": {"start": position(1, 1), "end": position(1, 14)}}]));
    let definition = client.request("textDocument/definition", at(2, 6));
    assert_eq!(definition[0]["range"]["start"], position(6, 1));
    // The include argument leads to the file.
    client.open(&tmp.0.join("pjsip.conf"));
    let definition = client.request("textDocument/definition", json!({"textDocument": {"uri": pjsip_uri}, "position": position(0, 12)}));
    assert_eq!(definition[0]["uri"], phones_uri);

    // References of the aor: its header in pjsip.conf and the endpoint's aors= here.
    let references = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": phones_uri}, "position": position(2, 6), "context": {"includeDeclaration": true}}),
    );
    let sites: Vec<(String, Value)> =
        references.as_array().unwrap().iter().map(|l| (l["uri"].as_str().unwrap().to_string(), l["range"]["start"].clone())).collect();
    assert_eq!(sites, vec![(pjsip_uri.clone(), position(6, 1)), (phones_uri.clone(), position(2, 5))]);

    // Rename: refused onto another aor's name, done in both files otherwise.
    let rename = |name: &str| json!({"textDocument": {"uri": phones_uri}, "position": position(2, 6), "newName": name});
    let refused = client.call("textDocument/rename", rename("6002"));
    assert!(refused["error"]["message"].as_str().unwrap().contains("already exists"), "{refused}");
    let prepared = client.request("textDocument/prepareRename", at(2, 6));
    assert_eq!(prepared["placeholder"], "6001");
    let edit = client.request("textDocument/rename", rename("6101"));
    assert_eq!(edit["changes"][&pjsip_uri].as_array().unwrap().len(), 1, "{edit}");
    assert_eq!(edit["changes"][&phones_uri][0]["newText"], "6101");

    // Symbols: the document's sections with their types, and the workspace's by name.
    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": phones_uri}}));
    assert_eq!((symbols[0]["name"].as_str(), symbols[0]["detail"].as_str()), (Some("6001"), Some("endpoint")));
    let found = client.request("workspace/symbol", json!({"query": "transport"}));
    assert_eq!(found[0]["name"], "transport-udp", "{found}");

    // Semantic tokens: five numbers per token, the first a section name.
    let tokens = client.request("textDocument/semanticTokens/full", json!({"textDocument": {"uri": phones_uri}}));
    let data = tokens["data"].as_array().unwrap();
    assert!(data.len() >= 5 * 12 && data.len() % 5 == 0);
    assert_eq!(data[..5], [json!(0), json!(1), json!(4), json!(1), json!(0)]);

    // Closing clears the file's diagnostics.
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": phones_uri}}));
    assert_eq!(client.diagnostics(&phones_uri)["diagnostics"], json!([]));
    assert_eq!(client.finish(), 0);
}

#[test]
fn utf8_positions_when_offered_and_the_version_from_the_settings_file() {
    // `overlap_context` is an endpoint option Asterisk 16 does not have.
    let text = "[zoé]\ntype=aor\nmax_contacts=1\n[e]\ntype=endpoint\naors=zoé\nallow=ulaw\noverlap_context=x\n";
    let tmp = dir(&[("pjsip.conf", text), ("pjsip-lab.toml", "asterisk = \"16\"\n")]);
    let path = tmp.0.join("pjsip.conf");
    let mut client = Client::start();
    let init = client.initialize(&tmp.0, json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}), Value::Null);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    client.open(&path);
    let published = client.diagnostics(&uri(&path));
    assert_eq!(codes(&published), vec!["option/not-in-version"], "{published}");
    let references = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri(&path)}, "position": position(5, 6), "context": {"includeDeclaration": false}}),
    );
    // `zoé` is four bytes: the range ends at byte column 9 of `aors=zoé`.
    assert_eq!(references[0]["range"], json!({"start": position(5, 5), "end": position(5, 9)}));
    assert_eq!(client.finish(), 0);
}

#[test]
fn the_initialization_options_choose_the_release() {
    let text = "[e]\ntype=endpoint\nallow=ulaw\noverlap_context=x\n";
    let tmp = dir(&[("pjsip.conf", text), ("pjsip-lab.toml", "asterisk = \"16\"\n")]);
    let path = tmp.0.join("pjsip.conf");
    let mut client = Client::start();
    client.initialize(&tmp.0, json!({}), json!({"asterisk": "22"}));
    client.open(&path);
    let published = client.diagnostics(&uri(&path));
    assert!(!codes(&published).contains(&"option/not-in-version".to_string()), "{published}");
    assert_eq!(client.finish(), 0);
}
