//! Loading: files → categories with their variables, as `main/config.c` builds them.
//!
//! This is the step between the per-file syntax trees and anything PJSIP-specific. It follows
//! `#include`/`#tryinclude`, creates one category per header, copies the variables of base
//! sections at header time (`[x](tpl1,tpl2)`), merges `(+)` additions into the section they
//! extend, and applies `+=`. It knows nothing about `type=` or option names.
//!
//! Asterisk refuses a whole file for some mistakes (a missing base section, `(+)` with nothing to
//! add to, an unclosed `[`, a line before any section, a missing `#include` target). Those become
//! errors here and set [`Config::rejected`]; loading still goes on so that every problem in the
//! file is reported at once, but a consumer must treat a rejected config as loading nothing.

use crate::fast_hash::FastMap;
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostic::{Applicability, Diagnostic, TextEdit};
use crate::parser::{parse, Parse};
use crate::source::SourceSet;
use crate::span::{FileId, FileSpan, Span};
use crate::tree::{AssignOp, DirectiveKind, LineKind, SyntaxKind};

/// Asterisk's `max_include_level`: the root file plus nine levels of nested includes.
pub const MAX_INCLUDE_LEVEL: usize = 10;

/// Index into [`Config::categories`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct CategoryId(pub u32);

/// Where a variable of a category came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Origin {
    /// Written in the category's own block (or in a `(+)` block added to it).
    Own,
    /// Copied from a base section named in the header.
    Inherited { from: CategoryId },
}

/// One `name = value` of a category, pointing back at the line that wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Variable {
    pub file: FileId,
    /// Index into the file's [`crate::SyntaxTree::lines`]; the line is an assignment.
    pub line: u32,
    pub origin: Origin,
    /// The value after `+=` appends; `None` when the line's own value stands.
    #[serde(skip_serializing_if = "Option::is_none")]
    /// (A thin box: variables are many, appended values rare.)
    pub appended: Option<Box<String>>,
}

/// The parts of a [`Variable`], as [`Config::var_name`], [`Config::var_value`],
/// [`Config::var_name_at`] and [`Config::var_value_at`] give them (and [`Config::var_line_at`]
/// through [`VariableParts::line_at`], computed only when asked for).
#[derive(Clone, Copy, Debug)]
pub struct VariableParts<'a> {
    pub name: &'a str,
    pub value: &'a str,
    pub name_at: FileSpan,
    pub value_at: FileSpan,
    /// The whole line with its line break, and the text of its file (see
    /// [`VariableParts::line_at`]).
    line: FileSpan,
    file_text: &'a str,
}

impl VariableParts<'_> {
    /// The whole line that set the variable, without its line break ([`Config::var_line_at`]).
    pub fn line_at(&self) -> FileSpan {
        FileSpan::new(self.line.file, Span::new(self.line.span.start as usize, line_content_end(self.file_text, self.line.span)))
    }
}

/// One section as Asterisk holds it after loading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Category {
    pub name: String,
    /// The section name inside `[…]`.
    pub name_at: FileSpan,
    /// The header line.
    pub header_at: FileSpan,
    /// The header's section node: header plus its lines, up to the next header.
    pub block_at: FileSpan,
    /// `(!)`: kept for inheritance only; no consumer ever sees it.
    pub is_template: bool,
    /// Base sections named in the header, in order.
    pub bases: Vec<CategoryId>,
    /// `(+)` blocks merged into this category.
    pub additions: Vec<FileSpan>,
    /// Inherited variables first (in base order), then its own, in file order.
    pub variables: Vec<Variable>,
}

/// An `#include` or `#tryinclude` and what it resolved to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Include {
    pub at: FileSpan,
    pub targets: Vec<FileId>,
}

/// The loaded configuration.
#[derive(Debug)]
pub struct Config {
    pub root: FileId,
    texts: Vec<Arc<str>>,
    names: Vec<String>,
    /// Every file reached from the root, parsed once, indexed by [`FileId`].
    pub parses: Vec<Option<Parse>>,
    pub categories: Vec<Category>,
    pub includes: Vec<Include>,
    /// Syntax diagnostics of every reached file, then loading diagnostics, in reading order.
    pub diagnostics: Vec<Diagnostic>,
    /// Why Asterisk would refuse the whole file, if it would: index into `diagnostics`.
    pub rejected: Option<usize>,
}

impl Config {
    /// How many files the source set held when this config was loaded (ids are `0..count`).
    pub fn file_count(&self) -> usize {
        self.names.len()
    }

    pub fn text(&self, file: FileId) -> &str {
        &self.texts[file.0 as usize]
    }

    /// The text of `file` as the shared handle the config holds (cloning it copies nothing).
    pub fn shared_text(&self, file: FileId) -> &Arc<str> {
        &self.texts[file.0 as usize]
    }

    pub fn file_name(&self, file: FileId) -> &str {
        &self.names[file.0 as usize]
    }

    pub fn parse_of(&self, file: FileId) -> Option<&Parse> {
        self.parses.get(file.0 as usize).and_then(Option::as_ref)
    }

    fn assignment(&self, variable: &Variable) -> &crate::tree::Assignment {
        let parse = self.parse_of(variable.file).expect("variables point into parsed files");
        match &parse.tree.lines[variable.line as usize].kind {
            LineKind::Assignment(assignment) => assignment,
            _ => unreachable!("variables point at assignment lines"),
        }
    }

    /// The option name as written (trimmed).
    pub fn var_name(&self, variable: &Variable) -> &str {
        self.assignment(variable).key.as_str(self.text(variable.file))
    }

    /// The effective value (trimmed, comments removed, `\;` unescaped, `+=` applied).
    pub fn var_value<'a>(&'a self, variable: &'a Variable) -> &'a str {
        match &variable.appended {
            Some(value) => value.as_str(),
            None => self.assignment(variable).value.as_str(self.text(variable.file)),
        }
    }

    pub fn var_name_at(&self, variable: &Variable) -> FileSpan {
        FileSpan::new(variable.file, self.assignment(variable).key.span)
    }

    pub fn var_value_at(&self, variable: &Variable) -> FileSpan {
        FileSpan::new(variable.file, self.assignment(variable).value.span)
    }

    /// The whole line that set the variable, without its line break.
    pub fn var_line_at(&self, variable: &Variable) -> FileSpan {
        let parse = self.parse_of(variable.file).expect("variables point into parsed files");
        let line = &parse.tree.lines[variable.line as usize];
        FileSpan::new(variable.file, Span::new(line.span.start as usize, line_content_end(self.text(variable.file), line.span)))
    }

    /// Everything about a variable at once (one look-up of its line instead of one per part).
    pub fn var_parts<'a>(&'a self, variable: &'a Variable) -> VariableParts<'a> {
        let file = variable.file;
        let parse = self.parse_of(file).expect("variables point into parsed files");
        let line = &parse.tree.lines[variable.line as usize];
        let LineKind::Assignment(assignment) = &line.kind else { unreachable!("variables point at assignment lines") };
        let text = self.text(file);
        VariableParts {
            name: assignment.key.as_str(text),
            value: match &variable.appended {
                Some(value) => value.as_str(),
                None => assignment.value.as_str(text),
            },
            name_at: FileSpan::new(file, assignment.key.span),
            value_at: FileSpan::new(file, assignment.value.span),
            line: FileSpan::new(file, line.span),
            file_text: text,
        }
    }

    /// 1-based line number of a variable's line.
    pub fn var_line_number(&self, variable: &Variable) -> u32 {
        self.parse_of(variable.file).map_or(0, |p| p.tree.lines[variable.line as usize].number)
    }

    /// Categories that consumers see (templates excluded), in file order.
    pub fn visible_categories(&self) -> impl Iterator<Item = (CategoryId, &Category)> {
        self.categories.iter().enumerate().filter(|(_, c)| !c.is_template).map(|(i, c)| (CategoryId(i as u32), c))
    }

    pub fn is_rejected(&self) -> bool {
        self.rejected.is_some()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

/// Loads `root` and everything it includes from `sources`.
pub fn load(sources: &mut SourceSet, root: FileId) -> Config {
    let mut loader = Loader {
        sources,
        parses: Vec::new(),
        categories: Vec::new(),
        by_name: FastMap::default(),
        includes: Vec::new(),
        diagnostics: Vec::new(),
        rejected: None,
        stack: Vec::new(),
    };
    loader.load_file(root, None, None);
    let texts = loader.sources.ids().map(|id| loader.sources.get(id).text.clone()).collect();
    let names = loader.sources.ids().map(|id| loader.sources.name(id).to_string()).collect();
    let mut parses = loader.parses;
    parses.resize_with(loader.sources.len(), || None);
    Config {
        root,
        texts,
        names,
        parses,
        categories: loader.categories,
        includes: loader.includes,
        diagnostics: loader.diagnostics,
        rejected: loader.rejected,
    }
}

/// Convenience for a single file named `name`.
pub fn load_text(name: &str, text: &str) -> (SourceSet, Config) {
    let mut sources = SourceSet::new();
    let root = sources.add(name, text);
    let config = load(&mut sources, root);
    (sources, config)
}

struct Loader<'s> {
    sources: &'s mut SourceSet,
    parses: Vec<Option<Parse>>,
    categories: Vec<Category>,
    /// Lower-cased name → categories with that name, in order (header look-ups ignore case).
    /// The first category of a name is kept apart so that a unique name allocates no list.
    by_name: FastMap<String, (CategoryId, Vec<CategoryId>)>,
    includes: Vec<Include>,
    diagnostics: Vec<Diagnostic>,
    rejected: Option<usize>,
    /// Files being read, outermost first (include cycle and depth checks).
    stack: Vec<FileId>,
}

impl Loader<'_> {
    fn reject(&mut self, diagnostic: Diagnostic) {
        let diagnostic = diagnostic.with_note(
            "Asterisk then logs \"Contents of config file … are invalid and cannot be parsed\" and loads nothing from it",
        );
        self.diagnostics.push(diagnostic);
        if self.rejected.is_none() {
            self.rejected = Some(self.diagnostics.len() - 1);
        }
    }

    fn load_file(&mut self, file: FileId, start: Option<CategoryId>, included_at: Option<FileSpan>) {
        let index = file.0 as usize;
        if self.parses.len() <= index {
            self.parses.resize_with(index + 1, || None);
        }
        let parse = match self.parses[index].take() {
            Some(parse) => parse,
            None => {
                let parse = parse(file, self.sources.text(file));
                for diagnostic in &parse.diagnostics {
                    self.diagnostics.push(diagnostic.clone());
                    if diagnostic.is_error() && self.rejected.is_none() {
                        self.rejected = Some(self.diagnostics.len() - 1);
                    }
                }
                parse
            }
        };
        self.stack.push(file);
        // Every section of the file may become a category: grow once, not by doubling (the name
        // map rehashes everything each time it grows).
        self.categories.reserve(parse.tree.sections.len());
        self.by_name.reserve(parse.tree.sections.len());
        let text = self.sources.get(file).text.clone();
        let mut current = start;
        // The section of the line being read: lines are read in order, so it only moves forward.
        let mut section_index = 0;
        // After a header Asterisk refused, its lines have no section either; one error is enough.
        let mut header_failed = false;
        for (line_index, line) in parse.tree.lines.iter().enumerate() {
            let whole = |span: Span| FileSpan::new(file, span);
            match &line.kind {
                LineKind::Header(header) => {
                    let sections = &parse.tree.sections;
                    while sections.get(section_index).is_some_and(|s| s.lines.1 as usize <= line_index) {
                        section_index += 1;
                    }
                    let node = sections.get(section_index);
                    let section = node.map_or(line.span, |s| s.span);
                    // At most one variable per line of the block: no regrowth while it fills.
                    let capacity = node.map_or(0, |s| s.lines.1.saturating_sub(s.lines.0) as usize);
                    current = self.header(file, &text, line.span, section, header, capacity);
                    header_failed = current.is_none();
                }
                LineKind::Assignment(assignment) => {
                    let Some(category) = current else {
                        if header_failed {
                            continue;
                        }
                        let at = whole(assignment.key.span.cover(assignment.value.span));
                        let mut diagnostic = Diagnostic::error(
                            "config/no-section",
                            at,
                            format!("`{}` appears before any `[section]` header", assignment.key.as_str(&text)),
                        )
                        .with_note("Asterisk logs \"parse error: No category context for line\"");
                        if let Some(include) = included_at {
                            diagnostic = diagnostic.with_label(include, "this file is included here, outside any section");
                        }
                        self.reject(diagnostic);
                        continue;
                    };
                    let variables = &mut self.categories[category.0 as usize].variables;
                    let appended = None;
                    if assignment.op == AssignOp::PlusEq {
                        let name = assignment.key.as_str(&text);
                        // `+=` extends the last earlier variable of exactly this name.
                        if let Some(previous) = variables.iter().rposition(|v| {
                            let t = if v.file == file { &text } else { self.sources.get(v.file).text.as_ref() };
                            var_name_in(&self.parses, &parse, file, v, t) == name
                        }) {
                            let old = {
                                let v = &variables[previous];
                                let t = if v.file == file { text.as_ref() } else { self.sources.get(v.file).text.as_ref() };
                                var_value_in(&self.parses, &parse, file, v, t).to_string()
                            };
                            let tokens = parse.tree.line_tokens(line);
                            let gap: String = tokens
                                .iter()
                                .skip_while(|t| t.kind != SyntaxKind::PlusEq)
                                .skip(1)
                                .take_while(|t| t.kind == SyntaxKind::Whitespace)
                                .map(|t| &text[t.span.range()])
                                .collect();
                            let joined = format!("{old}{gap}{}", assignment.value.as_str(&text));
                            let trimmed = joined.trim_end_matches([' ', '\t']).trim_start_matches([' ', '\t']);
                            variables[previous].appended = Some(Box::new(trimmed.to_string()));
                            continue;
                        }
                    }
                    variables.push(Variable { file, line: line_index as u32, origin: Origin::Own, appended });
                }
                LineKind::Directive(directive) => {
                    let at = whole(line.span);
                    let at = FileSpan::new(file, Span::new(at.span.start as usize, line_content_end(&text, line.span)));
                    match directive.kind {
                        DirectiveKind::Include | DirectiveKind::TryInclude => {
                            let Some(argument) = &directive.argument else { continue };
                            let argument = argument.as_str(&text).to_string();
                            self.include(file, at, &argument, directive.kind == DirectiveKind::TryInclude, current);
                        }
                        DirectiveKind::Exec | DirectiveKind::Unknown => {}
                    }
                }
                LineKind::Blank | LineKind::Invalid | LineKind::Skipped => {}
            }
        }
        self.stack.pop();
        self.parses[index] = Some(parse);
    }

    fn include(&mut self, from: FileId, at: FileSpan, argument: &str, optional: bool, current: Option<CategoryId>) {
        let targets = self.sources.resolve_include(from, argument);
        self.includes.push(Include { at, targets: targets.clone() });
        if targets.is_empty() {
            if optional {
                self.diagnostics.push(
                    Diagnostic::hint("config/tryinclude-not-found", at, format!("`{argument}` does not exist; `#tryinclude` skips it"))
                        .with_note("Asterisk ignores a missing #tryinclude target silently"),
                );
            } else {
                self.reject(
                    Diagnostic::error("config/include-not-found", at, format!("the included file `{argument}` does not exist"))
                        .with_note(format!("Asterisk logs \"The file '{argument}' was listed as a #include but it does not exist\"")),
                );
            }
            return;
        }
        for target in targets {
            if self.stack.contains(&target) || self.stack.len() >= MAX_INCLUDE_LEVEL {
                let cycle = self.stack.contains(&target);
                let message = if cycle {
                    format!("`{argument}` includes itself (directly or through other files)")
                } else {
                    format!("including `{argument}` goes deeper than {MAX_INCLUDE_LEVEL} levels")
                };
                let diagnostic = Diagnostic::new(
                    if cycle { "config/include-cycle" } else { "config/include-too-deep" },
                    if optional { crate::Severity::Warning } else { crate::Severity::Error },
                    at,
                    message,
                )
                .with_note("Asterisk stops at 10 nested includes with \"Maximum Include level (10) exceeded\"");
                if optional {
                    self.diagnostics.push(diagnostic);
                } else {
                    self.reject(diagnostic);
                }
                continue;
            }
            self.load_file(target, current, Some(at));
        }
    }

    /// Creates the category of a header line and applies its `(…)` options. Returns the
    /// category that following lines write to.
    fn header(
        &mut self,
        file: FileId,
        text: &str,
        line: Span,
        section: Span,
        header: &crate::tree::Header,
        capacity: usize,
    ) -> Option<CategoryId> {
        let name = header.name.as_str(text).to_string();
        let header_at = FileSpan::new(file, Span::new(line.start as usize, line_content_end(text, line)));
        let mut fresh = Some(Category {
            // Filled in (moved, not copied) when the category is kept.
            name: String::new(),
            name_at: FileSpan::new(file, header.name.span),
            header_at,
            block_at: FileSpan::new(file, section),
            is_template: false,
            bases: Vec::new(),
            additions: Vec::new(),
            // A section with bases reserves once it knows how many variables it inherits.
            variables: if header.options.is_some() { Vec::new() } else { Vec::with_capacity(capacity) },
        });
        // When `(+)` redirects the block into an existing category, it is the target.
        let mut target: Option<CategoryId> = None;
        for item in header.options.iter().flatten() {
            let raw = item.as_str(text);
            let item_at = FileSpan::new(file, item.span);
            if raw == "!" {
                match (&mut fresh, target) {
                    (Some(category), _) => category.is_template = true,
                    (None, Some(id)) => self.categories[id.0 as usize].is_template = true,
                    _ => {}
                }
            } else if let Some(filter) = raw.strip_prefix('+') {
                let Some(existing) = self.find_addition_target(&name, filter) else {
                    let mut diagnostic = Diagnostic::error(
                        "config/addition-without-section",
                        item_at,
                        format!("`(+)` adds to section `{name}`, but no such section appears before this line"),
                    )
                    .with_note(format!("Asterisk logs \"Category addition requested, but category '{name}' does not exist\""));
                    if let Some(template) = self.find_base(&name).filter(|id| self.categories[id.0 as usize].is_template) {
                        diagnostic.message = format!("`(+)` cannot add to `{name}`: it is a template, and `(+)` only extends ordinary sections");
                        diagnostic = diagnostic.with_label(self.categories[template.0 as usize].header_at, "the template is defined here");
                    }
                    self.reject(diagnostic);
                    return None;
                };
                if let Some(block) = fresh.take() {
                    let target_category = &mut self.categories[existing.0 as usize];
                    target_category.is_template |= block.is_template;
                    target_category.variables.extend(block.variables);
                    target_category.additions.push(block.header_at);
                }
                target = Some(existing);
            } else {
                let Some(base) = self.find_base(raw) else {
                    let mut diagnostic = Diagnostic::error(
                        "config/missing-base-section",
                        item_at,
                        format!("section `{name}` inherits from `{raw}`, but no section of that name appears before it"),
                    )
                    .with_note(format!("Asterisk logs \"Inheritance requested, but category '{raw}' does not exist\""));
                    let trimmed = raw.trim();
                    if trimmed != raw && self.find_base(trimmed).is_some() {
                        diagnostic.message = format!(
                            "section `{name}` inherits from `{raw}` (with the spaces): Asterisk does not trim names inside `(…)`"
                        );
                        diagnostic = diagnostic.with_fix(
                            format!("Remove the spaces around `{trimmed}`"),
                            Applicability::Safe,
                            vec![TextEdit { at: item_at, insert: trimmed.to_string() }],
                        );
                    }
                    self.reject(diagnostic);
                    return None;
                };
                let base_variables = &self.categories[base.0 as usize].variables;
                let inherit = |v: &Variable| Variable {
                    origin: match v.origin {
                        Origin::Own => Origin::Inherited { from: base },
                        inherited => inherited,
                    },
                    ..v.clone()
                };
                match (&mut fresh, target) {
                    (Some(category), _) => {
                        category.bases.push(base);
                        // Inherited variables and the block's own lines, in one allocation.
                        category.variables.reserve(base_variables.len() + capacity);
                        category.variables.extend(base_variables.iter().map(inherit));
                    }
                    (None, Some(id)) => {
                        let inherited: Vec<Variable> = base_variables.iter().map(inherit).collect();
                        let category = &mut self.categories[id.0 as usize];
                        category.bases.push(base);
                        category.variables.extend(inherited);
                    }
                    _ => {}
                }
            }
        }
        match fresh {
            Some(mut category) => {
                let id = CategoryId(self.categories.len() as u32);
                match self.by_name.get_mut(lower_case(&name).as_ref()) {
                    Some((_, later)) => later.push(id),
                    None => {
                        self.by_name.insert(lower_case(&name).into_owned(), (id, Vec::new()));
                    }
                }
                category.name = name;
                self.categories.push(category);
                Some(id)
            }
            None => target,
        }
    }

    /// The first earlier section of this name (templates included), ignoring case.
    fn find_base(&self, name: &str) -> Option<CategoryId> {
        self.by_name.get(lower_case(name).as_ref()).map(|(first, _)| *first)
    }

    /// The first earlier non-template section of this name matching the `(+filter)`, if any.
    fn find_addition_target(&self, name: &str, filter: &str) -> Option<CategoryId> {
        let (first, later) = self.by_name.get(lower_case(name).as_ref())?;
        std::iter::once(*first).chain(later.iter().copied()).find(|id| {
            let category = &self.categories[id.0 as usize];
            self.matches_filter(category, filter)
        })
    }

    /// Asterisk's category filter: `name=regex&name=regex…`, plus `TEMPLATES=include|restrict`.
    /// Values are matched as unanchored patterns; `^`, `$`, `.` and `.*` are understood, every
    /// other character literally (the filters seen in practice need no more).
    fn matches_filter(&self, category: &Category, filter: &str) -> bool {
        let mut templates = "exclude";
        let mut all = true;
        for expression in filter.split('&').map(str::trim).filter(|e| !e.is_empty()) {
            let (name, pattern) = expression.split_once('=').map_or((expression, ""), |(n, p)| (n.trim(), p.trim()));
            if name == "TEMPLATES" {
                templates = if pattern.eq_ignore_ascii_case("include") {
                    "include"
                } else if pattern.eq_ignore_ascii_case("restrict") {
                    "restrict"
                } else {
                    templates
                };
                continue;
            }
            let found = category.variables.iter().any(|v| {
                let text = self.sources.text(v.file);
                let parse = self.parses.get(v.file.0 as usize).and_then(Option::as_ref);
                let Some(LineKind::Assignment(a)) = parse.map(|p| &p.tree.lines[v.line as usize].kind) else {
                    return false;
                };
                a.key.as_str(text).eq_ignore_ascii_case(name)
                    && (pattern.is_empty() || pattern_search(pattern, v.appended.as_deref().map_or(a.value.as_str(text), String::as_str)))
            });
            all &= found;
        }
        all && match templates {
            "include" => true,
            "restrict" => category.is_template,
            _ => !category.is_template,
        }
    }
}

/// `name.to_lowercase()`, borrowing `name` when it has nothing to lower (the usual case: section
/// names are mostly digits and lower-case letters).
fn lower_case(name: &str) -> std::borrow::Cow<'_, str> {
    if name.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(name)
    } else {
        std::borrow::Cow::Owned(name.to_lowercase())
    }
}

/// Where a line's text ends without its line break: `\n` and any `\r` before it. Both are ASCII,
/// so stepping back over their bytes never splits a character.
fn line_content_end(text: &str, line: Span) -> usize {
    let (start, mut end) = (line.start as usize, line.end as usize);
    let bytes = text.as_bytes();
    while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    end
}

/// Name of a variable while its file may be the one being loaded (whose parse is borrowed out).
fn var_name_in<'a>(parses: &'a [Option<Parse>], current: &'a Parse, file: FileId, v: &Variable, text: &'a str) -> &'a str {
    let parse = if v.file == file { current } else { parses[v.file.0 as usize].as_ref().unwrap_or(current) };
    match &parse.tree.lines[v.line as usize].kind {
        LineKind::Assignment(a) => a.key.as_str(text),
        _ => "",
    }
}

fn var_value_in<'a>(parses: &'a [Option<Parse>], current: &'a Parse, file: FileId, v: &'a Variable, text: &'a str) -> &'a str {
    if let Some(value) = &v.appended {
        return value.as_str();
    }
    let parse = if v.file == file { current } else { parses[v.file.0 as usize].as_ref().unwrap_or(current) };
    match &parse.tree.lines[v.line as usize].kind {
        LineKind::Assignment(a) => a.value.as_str(text),
        _ => "",
    }
}

/// A tiny unanchored matcher for category filters: `^`, `$`, `.`, `x*`; everything else literal.
fn pattern_search(pattern: &str, text: &str) -> bool {
    fn here(p: &[u8], t: &[u8]) -> bool {
        match p {
            [] => true,
            [b'$'] => t.is_empty(),
            [c, b'*', rest @ ..] => {
                let mut i = 0;
                loop {
                    if here(rest, &t[i..]) {
                        return true;
                    }
                    if i < t.len() && (*c == b'.' || t[i] == *c) {
                        i += 1;
                    } else {
                        return false;
                    }
                }
            }
            [c, rest @ ..] => !t.is_empty() && (*c == b'.' || *c == t[0]) && here(rest, &t[1..]),
        }
    }
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    if let Some(anchored) = p.strip_prefix(b"^") {
        return here(anchored, t);
    }
    (0..=t.len()).any(|i| here(p, &t[i..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_patterns() {
        assert!(pattern_search("endpoint", "endpoint"));
        assert!(pattern_search("^end", "endpoint"));
        assert!(!pattern_search("^point", "endpoint"));
        assert!(pattern_search("point$", "endpoint"));
        assert!(pattern_search("e.d.*t$", "endpoint"));
    }
}
