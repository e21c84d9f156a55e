//! One function per request: read the protocol's parameters, ask `pjsip_ide` or the analysis,
//! answer in the protocol's types. Byte spans are converted here and nowhere else.

use std::collections::HashMap;
use std::sync::Arc;

use lsp_server::{ErrorCode, Request, Response};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest, PrepareRenameRequest, References, Rename,
    Request as _, SemanticTokensFullRequest, WorkspaceSymbolRequest,
};
use lsp_types::{
    CodeAction, CodeActionOrCommand, CodeActionParams, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    DiagnosticRelatedInformation, DiagnosticSeverity, DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, Documentation,
    GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents, HoverParams, Location, MarkupContent, MarkupKind, NumberOrString,
    PrepareRenameResponse, ReferenceParams, RenameParams, SemanticTokens, SemanticTokensParams, SemanticTokensResult, SymbolInformation,
    SymbolKind, TextDocumentPositionParams, TextEdit, Url, WorkspaceEdit, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};
use pjsip_analysis::ide::navigate::{self, SymbolKind as NavKind};
use pjsip_analysis::ide::{self, CompletionKind};
use pjsip_analysis::{Analysis, FileId, FileSpan, Severity};
use serde_json::Value;

use crate::documents::Document;
use crate::position::{Encoding, Lines};
use crate::workspace::Entry;
use crate::{name_of, uri_of, Server};

type Answer = Result<Value, (i32, String)>;

/// Answers one request.
/// Whether answering `method` needs the full analysis of the current texts. Completion, which
/// editors ask for at nearly every keystroke, does not: it locates its word in the document's
/// text and reads only which sections exist, with their types, and the objects of a type. A
/// quick re-check's edit (inside one section's body, no header, no `type=`) changes none of
/// that, except that the edited section may stop or start loading while an option name is half
/// typed (its name is then offered, or not, a keystroke early) and a template's line number
/// shown beside its name may lag by the lines just added. Semantic tokens parse the document
/// itself and read no analysis. Everything else — hover's section status, navigation, symbols,
/// fixes — reads what the edit changed and waits for it.
pub fn needs_full_analysis(method: &str) -> bool {
    !matches!(method, Completion::METHOD | SemanticTokensFullRequest::METHOD)
}

pub fn handle(server: &Server, request: Request) -> Response {
    let id = request.id.clone();
    let answer = match request.method.as_str() {
        Completion::METHOD => call::<Completion>(request, |p| Ok(completion(server, &p))),
        HoverRequest::METHOD => call::<HoverRequest>(request, |p| Ok(hover(server, &p))),
        GotoDefinition::METHOD => call::<GotoDefinition>(request, |p| Ok(definition(server, &p))),
        References::METHOD => call::<References>(request, |p| Ok(references(server, &p))),
        PrepareRenameRequest::METHOD => call::<PrepareRenameRequest>(request, |p| prepare_rename(server, &p)),
        Rename::METHOD => call::<Rename>(request, |p| rename(server, p)),
        DocumentSymbolRequest::METHOD => call::<DocumentSymbolRequest>(request, |p| Ok(document_symbols(server, &p))),
        WorkspaceSymbolRequest::METHOD => call::<WorkspaceSymbolRequest>(request, |p| Ok(workspace_symbols(server, &p))),
        CodeActionRequest::METHOD => call::<CodeActionRequest>(request, |p| Ok(code_actions(server, &p))),
        SemanticTokensFullRequest::METHOD => call::<SemanticTokensFullRequest>(request, |p| Ok(semantic_tokens(server, &p))),
        other => Err((ErrorCode::MethodNotFound as i32, format!("pjsip-lab does not handle `{other}`"))),
    };
    match answer {
        Ok(value) => Response::new_ok(id, value),
        Err((code, message)) => Response::new_err(id, code, message),
    }
}

fn call<R: lsp_types::request::Request>(request: Request, answer: impl FnOnce(R::Params) -> Result<R::Result, String>) -> Answer {
    let params: R::Params = serde_json::from_value(request.params).map_err(|e| (ErrorCode::InvalidParams as i32, e.to_string()))?;
    let result = answer(params).map_err(|message| (ErrorCode::RequestFailed as i32, message))?;
    serde_json::to_value(result).map_err(|e| (ErrorCode::InternalError as i32, e.to_string()))
}

/// The open document at `uri`, its configuration and its id there.
struct Context<'s> {
    name: String,
    text: &'s str,
    document: &'s Document,
    entry: &'s Arc<Entry>,
    file: FileId,
    encoding: Encoding,
}

impl<'s> Context<'s> {
    fn of(server: &'s Server, uri: &Url) -> Option<Context<'s>> {
        let name = name_of(uri);
        let document = server.workspace.documents.get(&name)?;
        let entry = server.workspace.owner(&name)?;
        let file = entry.file(&name)?;
        Some(Context { name, text: &document.text, document, entry, file, encoding: server.encoding })
    }

    /// The document's text with its kept line index.
    fn lines(&self) -> Lines<'s> {
        self.document.lines(self.encoding)
    }

    /// Span conversion for this analysis, the document's own index reused.
    fn spans(&self) -> Spans<'s> {
        Spans::new(self.analysis(), self.encoding).with_document(self.file, self.document)
    }

    fn analysis(&self) -> &'s Analysis {
        &self.entry.analysis
    }

    fn offset(&self, position: lsp_types::Position) -> usize {
        self.lines().offset(position)
    }
}

/// Converts spans of one analysis, each file's line index built once.
struct Spans<'a> {
    analysis: &'a Analysis,
    encoding: Encoding,
    lines: HashMap<FileId, Lines<'a>>,
}

impl<'a> Spans<'a> {
    fn new(analysis: &'a Analysis, encoding: Encoding) -> Spans<'a> {
        Spans { analysis, encoding, lines: HashMap::new() }
    }

    /// Converts the spans of `file` with the open document's kept index, when the analysis
    /// read exactly the document's text (it always has after a refresh).
    fn with_document(mut self, file: FileId, document: &'a Document) -> Spans<'a> {
        if self.analysis.files.text(file) == document.text {
            self.lines.insert(file, document.lines(self.encoding));
        }
        self
    }

    /// Converts the spans of `file` with the open document's index, whatever text the analysis
    /// read (for diagnostics of the current text).
    fn with_current_document(mut self, file: FileId, document: &'a Document) -> Spans<'a> {
        self.lines.insert(file, document.lines(self.encoding));
        self
    }

    /// Converts the spans of `file` against `text` (a file's text since the analysis read it).
    fn with_text(mut self, file: FileId, text: &'a str) -> Spans<'a> {
        self.lines.insert(file, Lines::new(text, self.encoding));
        self
    }

    fn range(&mut self, at: FileSpan) -> lsp_types::Range {
        let (analysis, encoding) = (self.analysis, self.encoding);
        self.lines.entry(at.file).or_insert_with(|| Lines::new(analysis.files.text(at.file), encoding)).range(at.span)
    }

    fn location(&mut self, at: FileSpan) -> Location {
        Location { uri: uri_of(self.analysis.files.name(at.file)), range: self.range(at) }
    }
}

/// The diagnostics of the open document `name`, from its configuration's analysis.
pub fn diagnostics_of(server: &Server, name: &str) -> Vec<lsp_types::Diagnostic> {
    let Some(entry) = server.workspace.owner(name) else { return Vec::new() };
    let Some(file) = entry.file(name) else { return Vec::new() };
    let mut spans = Spans::new(&entry.analysis, server.encoding);
    if let Some(document) = server.workspace.documents.get(name) {
        // A quick re-check's spans are in the document's current text.
        spans = if entry.is_stale() { spans.with_current_document(file, document) } else { spans.with_document(file, document) };
    }
    // … and, in the file it found edited (another than this one, perhaps not open), in that
    // file's text now.
    if let Some((edited, text)) = entry.edited.as_ref().filter(|(edited, _)| *edited != file) {
        spans = match server.workspace.documents.get(entry.analysis.files.name(*edited)) {
            Some(document) => spans.with_current_document(*edited, document),
            None => spans.with_text(*edited, text),
        };
    }
    entry.diagnostics().iter().filter(|d| d.primary.file == file).map(|d| diagnostic(d, &mut spans)).collect()
}

/// One diagnostic: the notes (what Asterisk logs) follow the message on their own lines; the
/// secondary labels (the other duplicate, the overlapping identify) become related information.
fn diagnostic(d: &pjsip_analysis::Diagnostic, spans: &mut Spans<'_>) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    for note in &d.notes {
        message.push('\n');
        message.push_str(note);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .secondary
        .iter()
        .map(|label| DiagnosticRelatedInformation { location: spans.location(label.at), message: label.message.clone() })
        .collect();
    lsp_types::Diagnostic {
        range: spans.range(d.primary),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Hint => DiagnosticSeverity::HINT,
        }),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some("pjsip-lab".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    }
}

fn completion(server: &Server, params: &CompletionParams) -> Option<CompletionResponse> {
    let cx = Context::of(server, &params.text_document_position.text_document.uri)?;
    let offset = cx.offset(params.text_document_position.position);
    let completions = ide::complete(cx.analysis(), &cx.name, cx.text, offset)?;
    let range = cx.lines().range(pjsip_analysis::Span::new(completions.from, completions.to.max(completions.from)));
    let items = completions
        .items
        .into_iter()
        .map(|item| lsp_types::CompletionItem {
            kind: Some(match item.kind {
                CompletionKind::ObjectType => CompletionItemKind::CLASS,
                CompletionKind::Option => CompletionItemKind::PROPERTY,
                CompletionKind::Keyword => CompletionItemKind::KEYWORD,
                CompletionKind::Value => CompletionItemKind::ENUM_MEMBER,
                CompletionKind::ObjectName => CompletionItemKind::REFERENCE,
            }),
            detail: (!item.detail.is_empty()).then(|| item.detail.clone()),
            documentation: (!item.info.is_empty()).then(|| markdown(item.info.clone())),
            sort_text: Some(format!("{:03}{}", 200 - i32::from(item.boost), item.label)),
            filter_text: Some(item.label.clone()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range,
                new_text: item.apply.clone().unwrap_or_else(|| item.label.clone()),
            })),
            label: item.label,
            ..lsp_types::CompletionItem::default()
        })
        .collect();
    Some(CompletionResponse::Array(items))
}

fn markdown(text: String) -> Documentation {
    Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value: text })
}

fn hover(server: &Server, params: &HoverParams) -> Option<Hover> {
    let cx = Context::of(server, &params.text_document_position_params.text_document.uri)?;
    let offset = cx.offset(params.text_document_position_params.position);
    let found = ide::hover(cx.analysis(), &cx.name, cx.text, offset)?;
    let mut text = format!("**{}**", found.title);
    for paragraph in &found.paragraphs {
        text.push_str("\n\n");
        text.push_str(paragraph);
    }
    if let Some(link) = &found.link {
        text.push_str(&format!("\n\n[Asterisk documentation]({link})"));
    }
    let range = cx.lines().range(pjsip_analysis::Span::new(found.from, found.to.max(found.from)));
    Some(Hover { contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: text }), range: Some(range) })
}

fn definition(server: &Server, params: &GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let cx = Context::of(server, &params.text_document_position_params.text_document.uri)?;
    let offset = cx.offset(params.text_document_position_params.position);
    let found = navigate::definition(cx.analysis(), cx.entry.index(), cx.file, offset);
    let mut spans = cx.spans();
    (!found.is_empty()).then(|| GotoDefinitionResponse::Array(found.into_iter().map(|at| spans.location(at)).collect()))
}

fn references(server: &Server, params: &ReferenceParams) -> Option<Vec<Location>> {
    let cx = Context::of(server, &params.text_document_position.text_document.uri)?;
    let offset = cx.offset(params.text_document_position.position);
    let found = navigate::references(cx.entry.index(), cx.file, offset, params.context.include_declaration);
    let mut spans = cx.spans();
    Some(found.into_iter().map(|at| spans.location(at)).collect())
}

fn prepare_rename(server: &Server, params: &TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>, String> {
    let Some(cx) = Context::of(server, &params.text_document.uri) else { return Ok(None) };
    let offset = cx.offset(params.position);
    let (site, span) = navigate::rename_target(cx.entry.index(), cx.file, offset).map_err(|e| e.to_string())?;
    let range = cx.spans().range(FileSpan::new(cx.file, span));
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder { range, placeholder: site.symbol.name.clone() }))
}

fn rename(server: &Server, params: RenameParams) -> Result<Option<WorkspaceEdit>, String> {
    let position = params.text_document_position;
    let Some(cx) = Context::of(server, &position.text_document.uri) else { return Ok(None) };
    let offset = cx.offset(position.position);
    let edits = navigate::rename(cx.analysis(), cx.entry.index(), cx.file, offset, &params.new_name).map_err(|e| e.to_string())?;
    let mut spans = cx.spans();
    let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
    for edit in edits {
        let location = spans.location(edit.at);
        changes.entry(location.uri).or_default().push(TextEdit { range: location.range, new_text: edit.insert });
    }
    Ok(Some(WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() }))
}

fn symbol_kind(kind: Option<NavKind>) -> SymbolKind {
    match kind {
        Some(NavKind::Object(_)) => SymbolKind::OBJECT,
        Some(NavKind::Template) => SymbolKind::INTERFACE,
        Some(NavKind::Wizard) => SymbolKind::MODULE,
        Some(NavKind::Acl | NavKind::Context) => SymbolKind::NAMESPACE,
        Some(NavKind::File(_)) => SymbolKind::FILE,
        None => SymbolKind::KEY,
    }
}

fn document_symbols(server: &Server, params: &DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let cx = Context::of(server, &params.text_document.uri)?;
    let sections = navigate::document_symbols(cx.analysis(), cx.entry.index(), cx.file);
    let lines = cx.lines();
    #[allow(deprecated)] // `deprecated` is a required field of the protocol's struct.
    let symbols = sections
        .into_iter()
        .map(|s| DocumentSymbol {
            name: s.name,
            detail: (!s.detail.is_empty()).then_some(s.detail),
            kind: symbol_kind(s.kind),
            tags: None,
            deprecated: None,
            range: lines.range(s.full),
            selection_range: lines.range(s.selection),
            children: None,
        })
        .collect();
    Some(DocumentSymbolResponse::Nested(symbols))
}

fn workspace_symbols(server: &Server, params: &WorkspaceSymbolParams) -> Option<WorkspaceSymbolResponse> {
    let mut seen = std::collections::HashSet::new();
    let mut found = Vec::new();
    for entry in server.workspace.all() {
        let mut spans = Spans::new(&entry.analysis, server.encoding);
        for site in navigate::workspace_symbols(entry.index(), &params.query) {
            let location = spans.location(site.at);
            if !seen.insert((location.uri.clone(), location.range.start)) {
                continue;
            }
            #[allow(deprecated)] // `deprecated` is a required field of the protocol's struct.
            found.push(SymbolInformation {
                name: site.symbol.name.clone(),
                kind: symbol_kind(Some(site.symbol.kind)),
                tags: None,
                deprecated: None,
                location,
                container_name: Some(site.symbol.kind.describe().to_string()),
            });
        }
    }
    Some(WorkspaceSymbolResponse::Flat(found))
}

/// Every quick fix of a diagnostic whose span meets the requested range.
fn code_actions(server: &Server, params: &CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
    let cx = Context::of(server, &params.text_document.uri)?;
    let lines = cx.lines();
    let (from, to) = (lines.offset(params.range.start) as u32, lines.offset(params.range.end) as u32);
    let mut spans = cx.spans();
    let mut actions = Vec::new();
    for d in cx.analysis().diagnostics().iter().filter(|d| d.primary.file == cx.file) {
        let Some(fix) = &d.fix else { continue };
        if d.primary.span.start > to || d.primary.span.end < from {
            continue;
        }
        let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
        for edit in &fix.edits {
            let location = spans.location(edit.at);
            changes.entry(location.uri).or_default().push(TextEdit { range: location.range, new_text: edit.insert.clone() });
        }
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: fix.title.clone(),
            kind: Some(lsp_types::CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic(d, &mut spans)]),
            edit: Some(WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() }),
            is_preferred: Some(fix.applicability == pjsip_analysis::syntax::Applicability::Safe),
            ..CodeAction::default()
        }));
    }
    Some(actions)
}

fn semantic_tokens(server: &Server, params: &SemanticTokensParams) -> Option<SemanticTokensResult> {
    let name = name_of(&params.text_document.uri);
    let text = &server.workspace.documents.get(&name)?.text;
    let data = crate::semantic::tokens(text, server.encoding);
    Some(SemanticTokensResult::Tokens(SemanticTokens { result_id: None, data }))
}
