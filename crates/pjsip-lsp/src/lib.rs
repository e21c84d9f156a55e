//! A Language Server Protocol server for Asterisk's PJSIP configuration: the analysis of
//! pjsip-lab in any editor that speaks LSP (Neovim, Helix, VS Code, Emacs, …).
//!
//! This crate is protocol plumbing. The analysis is `pjsip_analysis::Analysis` (the one the CLI
//! and the web app use), completion, hover and navigation are `pjsip_ide`'s; here they meet
//! JSON-RPC ([`lsp_server`], rust-analyzer's transport) and the protocol's types
//! ([`lsp_types`]). What it promises:
//!
//! * diagnostics for every open document, published after each change (incremental sync), with
//!   the other site of a duplicate as related information and Asterisk's log phrase in the
//!   message; a document's diagnostics come from its whole configuration ([`workspace`]);
//! * quick fixes, completion, hover, definition, references, rename, document and workspace
//!   symbols, semantic tokens from the syntax tree;
//! * positions in UTF-16 or UTF-8, as negotiated ([`position`]);
//! * the Asterisk release from the initialization options or `pjsip-lab.toml` ([`settings`]).
//!
//! Edits that arrive faster than the analysis are coalesced: the server analyses when no
//! message is waiting (or when a request needs the result), never once per queued keystroke.
//! An edit inside one section is answered by a quick re-check of its neighbourhood
//! ([`pjsip_analysis::Analysis::recheck`]); the full analysis then runs on a thread of its own
//! once the client has been quiet for [`IDLE`], or at once when a request needs it.

pub mod documents;
pub mod handlers;
pub mod position;
pub mod semantic;
pub mod settings;
pub mod workspace;

use std::error::Error;
use std::time::Duration;

use crossbeam_channel::{select, unbounded, Receiver, Sender};
use pjsip_analysis::Analysis;

use lsp_server::{Connection, Message, Notification};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions, HoverProviderCapability, InitializeParams,
    InitializeResult, OneOf, RenameOptions, SemanticTokensFullOptions, SemanticTokensOptions, SemanticTokensServerCapabilities,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, Url, WorkDoneProgressOptions,
};

use position::Encoding;
use workspace::{Job, Workspace};

/// How long the client must be quiet before a full analysis starts behind quick re-checks.
/// (Longer than the gap between keys of someone typing, so that the full analysis does not
/// compete with their keystrokes for the processor.)
pub const IDLE: Duration = Duration::from_millis(300);

pub type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

/// Serves the protocol on stdin/stdout until the client says `exit`.
pub fn run_stdio() -> Result<()> {
    let (connection, io_threads) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    io_threads.join()?;
    Ok(())
}

/// Serves one client on `connection`: the initialize handshake, then the main loop.
pub fn serve(connection: &Connection) -> Result<()> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)?;
    let offered = params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_deref());
    let encoding = Encoding::negotiate(offered);
    let root = workspace_root(&params);
    let (version, warning) = settings::version(params.initialization_options.as_ref(), root.as_deref());
    let result = InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(ServerInfo { name: "pjsip-lab".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
    };
    connection.initialize_finish(id, serde_json::to_value(result)?)?;
    let mut server = Server { workspace: Workspace::new(version), encoding, closed: Vec::new(), background: Background::spawn() };
    if let Some(message) = warning {
        server.tell(connection, lsp_types::notification::ShowMessage::METHOD, &message)?;
    }
    server.main_loop(connection)
}

fn workspace_root(params: &InitializeParams) -> Option<std::path::PathBuf> {
    let folder = params.workspace_folders.as_ref().and_then(|f| f.first()).map(|f| f.uri.clone());
    #[allow(deprecated)] // `root_uri` is what older clients (Neovim 0.7, Helix) send.
    let uri = folder.or_else(|| params.root_uri.clone())?;
    uri.to_file_path().ok()
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::INCREMENTAL)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(["=", ",", "(", "/"].map(String::from).to_vec()),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions { prepare_provider: Some(true), work_done_progress_options: Default::default() })),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
            work_done_progress_options: WorkDoneProgressOptions::default(),
            legend: semantic::legend(),
            range: None,
            full: Some(SemanticTokensFullOptions::Bool(true)),
        })),
        ..ServerCapabilities::default()
    }
}

/// What the background thread is asked to do.
#[derive(Debug)]
enum Work {
    /// A full analysis behind quick re-checks; its result comes back.
    Analyse(Job),
    /// Build what quick re-checks from this analysis need (≈ 10 ms for 10,000 phones), so that
    /// the first keystroke after a full analysis made on the main loop does not pay for it.
    Prepare(std::sync::Arc<Analysis>),
}

/// The thread that runs full analyses behind quick re-checks, one at a time.
#[derive(Debug)]
struct Background {
    jobs: Sender<Work>,
    done: Receiver<(String, u64, Analysis)>,
    busy: bool,
}

impl Background {
    fn spawn() -> Background {
        let (jobs, queue) = unbounded::<Work>();
        let (finished, done) = unbounded();
        // The thread ends when the server drops its end of the queue.
        let spawned = std::thread::Builder::new().name("pjsip-lab analysis".into()).spawn(move || {
            for work in queue {
                match work {
                    Work::Analyse(job) => {
                        let (root, generation, analysis) = job.run();
                        analysis.prepare_recheck();
                        if finished.send((root, generation, analysis)).is_err() {
                            break;
                        }
                    }
                    Work::Prepare(analysis) => analysis.prepare_recheck(),
                }
            }
        });
        // Without the thread, the queue is closed and the main loop runs the analyses itself.
        drop(spawned);
        Background { jobs, done, busy: false }
    }
}

/// What woke the main loop.
enum Event {
    Message(Message),
    Analysed(String, u64, Box<Analysis>),
    Idle,
    /// The background thread is gone (it cannot be, short of a bug): the main loop analyses
    /// in full itself from now on.
    BackgroundGone,
}

/// The server's state between messages.
#[derive(Debug)]
pub struct Server {
    pub workspace: Workspace,
    pub encoding: Encoding,
    /// Documents closed since the last publication: their diagnostics are cleared.
    closed: Vec<Url>,
    background: Background,
}

impl Server {
    fn next_event(&self, connection: &Connection) -> Option<Event> {
        let message = |m: std::result::Result<Message, _>| m.ok().map(Event::Message);
        if self.background.busy {
            select! {
                recv(connection.receiver) -> m => message(m),
                recv(self.background.done) -> d => Some(d.map_or(Event::BackgroundGone, |(root, generation, analysis)| Event::Analysed(root, generation, Box::new(analysis)))),
            }
        } else if self.workspace.stale().is_some() {
            select! {
                recv(connection.receiver) -> m => message(m),
                default(IDLE) => Some(Event::Idle),
            }
        } else {
            message(connection.receiver.recv())
        }
    }

    fn main_loop(&mut self, connection: &Connection) -> Result<()> {
        while let Some(event) = self.next_event(connection) {
            match event {
                Event::Message(Message::Request(request)) => {
                    if connection.handle_shutdown(&request)? {
                        return Ok(());
                    }
                    // A request answers from the current texts: analyse what changed first, in
                    // full unless the answer cannot tell (`handlers::needs_full_analysis`).
                    self.publish(connection)?;
                    if handlers::needs_full_analysis(&request.method) {
                        let republish = self.workspace.settle();
                        self.republish(connection, republish)?;
                        for entry in self.workspace.all() {
                            let _ = self.background.jobs.send(Work::Prepare(std::sync::Arc::clone(&entry.analysis)));
                        }
                    }
                    let response = handlers::handle(self, request);
                    connection.sender.send(Message::Response(response))?;
                }
                Event::Message(Message::Notification(notification)) => self.notify(notification),
                Event::Message(Message::Response(_)) => {}
                Event::Analysed(root, generation, analysis) => {
                    self.background.busy = false;
                    self.install(connection, &root, generation, *analysis)?;
                }
                Event::BackgroundGone => {
                    // Its queue's receiver is gone with it: every later job runs here, at once.
                    self.background.busy = false;
                }
                Event::Idle => {
                    if let Some(entry) = self.workspace.stale() {
                        let job = self.workspace.job(entry);
                        match self.background.jobs.send(Work::Analyse(job)) {
                            Ok(()) => self.background.busy = true,
                            Err(unsent) => {
                                let Work::Analyse(job) = unsent.0 else { unreachable!("sent as Analyse") };
                                let (root, generation, analysis) = job.run();
                                self.install(connection, &root, generation, analysis)?;
                            }
                        }
                    }
                }
            }
            if connection.receiver.is_empty() {
                self.publish(connection)?;
                self.workspace.free_retired();
            }
        }
        Ok(())
    }

    /// Takes a full analysis made behind quick re-checks ([`Workspace::install`]), republishing
    /// if it disagrees with them.
    fn install(&mut self, connection: &Connection, root: &str, generation: u64, analysis: Analysis) -> Result<()> {
        if self.workspace.install(root, generation, analysis) {
            let documents = self.workspace.documents_of(root);
            self.republish(connection, documents)?;
        }
        Ok(())
    }

    /// Publishes the full analysis' diagnostics where they differ from a quick re-check's
    /// (which they never should: said in the client's log, for a bug report).
    fn republish(&mut self, connection: &Connection, documents: Vec<String>) -> Result<()> {
        for name in documents {
            let message = format!("pjsip-lab: the quick re-check of {name} differed from the full analysis; please report it");
            self.tell(connection, lsp_types::notification::LogMessage::METHOD, &message)?;
            self.publish_document(connection, &name)?;
        }
        Ok(())
    }

    /// Sends the diagnostics of the open document `name`, for its current version.
    fn publish_document(&self, connection: &Connection, name: &str) -> Result<()> {
        let Some(document) = self.workspace.documents.get(name) else { return Ok(()) };
        let diagnostics = handlers::diagnostics_of(self, name);
        send_diagnostics(connection, uri_of(name), diagnostics, Some(document.version))
    }

    fn notify(&mut self, notification: Notification) {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(params) = notification.extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD) else { return };
                let name = name_of(&params.text_document.uri);
                let document = documents::Document::new(params.text_document.text, params.text_document.version);
                self.workspace.documents.insert(name.clone(), document);
                self.workspace.touch(&name);
            }
            DidChangeTextDocument::METHOD => {
                let Ok(params) = notification.extract::<lsp_types::DidChangeTextDocumentParams>(DidChangeTextDocument::METHOD) else {
                    return;
                };
                let name = name_of(&params.text_document.uri);
                let encoding = self.encoding;
                if let Some(document) = self.workspace.documents.get_mut(&name) {
                    document.apply(params.content_changes, params.text_document.version, encoding);
                    self.workspace.touch(&name);
                }
            }
            DidCloseTextDocument::METHOD => {
                let Ok(params) = notification.extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD) else {
                    return;
                };
                let name = name_of(&params.text_document.uri);
                self.workspace.documents.remove(&name);
                self.workspace.touch(&name);
                self.closed.push(params.text_document.uri);
            }
            // A save changes nothing the overlay did not already have; files that are not open
            // are read afresh at the next analysis of their configuration.
            DidSaveTextDocument::METHOD => {}
            _ => {}
        }
    }

    /// Analyses what changed and publishes the diagnostics of the documents concerned.
    fn publish(&mut self, connection: &Connection) -> Result<()> {
        for uri in std::mem::take(&mut self.closed) {
            send_diagnostics(connection, uri, Vec::new(), None)?;
        }
        if !self.workspace.is_dirty() {
            return Ok(());
        }
        let (changed, analysed) = self.workspace.refresh();
        for analysis in analysed {
            // Ignored if the thread is gone: the first quick re-check builds it then.
            let _ = self.background.jobs.send(Work::Prepare(analysis));
        }
        for name in changed {
            self.publish_document(connection, &name)?;
        }
        Ok(())
    }

    /// A warning for the user (`window/showMessage`) or the client's log (`window/logMessage`):
    /// the two take parameters of the same shape.
    fn tell(&self, connection: &Connection, method: &str, message: &str) -> Result<()> {
        let params = lsp_types::ShowMessageParams { typ: lsp_types::MessageType::WARNING, message: message.to_string() };
        connection.sender.send(Message::Notification(Notification::new(method.into(), params)))?;
        Ok(())
    }
}

fn send_diagnostics(connection: &Connection, uri: Url, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) -> Result<()> {
    let params = lsp_types::PublishDiagnosticsParams { uri, diagnostics, version };
    connection.sender.send(Message::Notification(Notification::new(PublishDiagnostics::METHOD.into(), params)))?;
    Ok(())
}

/// The name a document has in the analysis: its path for `file:` URIs (so includes resolve on
/// disk), else the URI itself.
pub fn name_of(uri: &Url) -> String {
    match uri.to_file_path() {
        Ok(path) => path.to_string_lossy().into_owned(),
        Err(()) => uri.to_string(),
    }
}

/// The URI of a file of the analysis.
pub fn uri_of(name: &str) -> Url {
    if name.starts_with('/') {
        if let Ok(uri) = Url::from_file_path(name) {
            return uri;
        }
    }
    Url::parse(name).unwrap_or_else(|_| Url::parse("untitled:pjsip.conf").expect("a valid URI"))
}
