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

use crate::codes;
use crate::diagnostic::{Applicability, Diagnostic, TextEdit};
use crate::filter::Filter;
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
    /// Every file reached from the root, parsed once, indexed by [`FileId`]. Shared (`Arc`)
    /// because the loader reads a file's tree while it loads that file's own includes.
    pub parses: Vec<Option<Arc<Parse>>>,
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
        self.parses.get(file.0 as usize).and_then(Option::as_deref)
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
    load_reusing(sources, root, None)
}

/// [`load`], taking the parse of each file from `previous` (a load of the same files before an
/// edit) when the file has the same name and id there: as it is when its text is unchanged,
/// else through [`crate::reparse`]. The result is exactly what [`load`] gives.
pub fn load_reusing(sources: &mut SourceSet, root: FileId, previous: Option<&Config>) -> Config {
    let mut loader = Loader {
        previous,
        sources,
        parses: Vec::new(),
        categories: Vec::new(),
        by_name: FastMap::default(),
        includes: Vec::new(),
        diagnostics: Vec::new(),
        rejected: None,
        stack: Vec::new(),
        filter_budget: FILTER_BUDGET,
        plus_index: FastMap::default(),
        inherit_budget: INHERIT_BUDGET,
        line_budget: LINE_BUDGET,
        read_budget: READ_BUDGET,
        budget_reported: false,
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
    /// A load of the same files before an edit, whose parses may be reused.
    previous: Option<&'s Config>,
    sources: &'s mut SourceSet,
    parses: Vec<Option<Arc<Parse>>>,
    categories: Vec<Category>,
    /// Lower-cased name → categories with that name, in order (header look-ups ignore case).
    /// The first category of a name is kept apart so that a unique name allocates no list.
    by_name: FastMap<String, (CategoryId, Vec<CategoryId>)>,
    includes: Vec<Include>,
    diagnostics: Vec<Diagnostic>,
    rejected: Option<usize>,
    /// Files being read, outermost first (include cycle and depth checks).
    stack: Vec<FileId>,
    /// Regex steps `(+filter)` matching may still take ([`FILTER_BUDGET`] at the start).
    filter_budget: u64,
    /// Per category that has seen a `+=`: variable name → position of its last variable.
    plus_index: FastMap<CategoryId, FastMap<String, usize>>,
    /// What is left of [`INHERIT_BUDGET`] and [`LINE_BUDGET`]; a diagnostic is given the first
    /// time one runs out.
    inherit_budget: usize,
    line_budget: usize,
    read_budget: usize,
    budget_reported: bool,
}

/// How many inherited variables one load copies at most. Asterisk copies a base section's
/// variables into every section naming it, and a chain of templates each naming the previous
/// one makes that quadratic (a 10,000-deep chain would copy 50 million variables). Real
/// configurations copy far fewer: 10,000 phones from a 30-line template copy 300,000.
pub const INHERIT_BUDGET: usize = 2_000_000;

/// How many lines one load reads at most, counting a file again each time it is included, and
/// how many times it reads a file. Includes nest ten deep, so a few files including each other
/// many times would otherwise read an exponential number of lines. (The 10,000-phone benchmark
/// office is 120,000 lines in one file.)
pub const LINE_BUDGET: usize = 2_000_000;
pub const READ_BUDGET: usize = 10_000;

/// The work all `(+filter)` look-ups of one load may take together, in regex steps plus a small
/// charge per section and variable looked at. Asterisk tries every earlier section of the name
/// for each header, which is quadratic; real filters use a tiny fraction of this (a thousand
/// units for a typical file), and a hostile file gets a diagnostic instead of a frozen tab.
pub const FILTER_BUDGET: u64 = 5_000_000;

impl Loader<'_> {
    fn reject(&mut self, diagnostic: Diagnostic) {
        let diagnostic = diagnostic
            .with_note("Asterisk then logs \"Contents of config file … are invalid and cannot be parsed\" and loads nothing from it");
        self.diagnostics.push(diagnostic);
        if self.rejected.is_none() {
            self.rejected = Some(self.diagnostics.len() - 1);
        }
    }

    /// The position of the last variable of `category` named exactly `name`. The first `+=` in
    /// a category indexes its names once; later ones look up, so `+=` costs O(1) however long
    /// the section (a scan per `+=` would be quadratic).
    fn last_named(&mut self, category: CategoryId, name: &str) -> Option<usize> {
        if !self.plus_index.contains_key(&category) {
            let mut index: FastMap<String, usize> = FastMap::default();
            for (position, v) in self.categories[category.0 as usize].variables.iter().enumerate() {
                index.insert(var_name_in(&self.parses, v, self.sources.text(v.file)).to_string(), position);
            }
            self.plus_index.insert(category, index);
        }
        self.plus_index.get(&category)?.get(name).copied()
    }

    /// Appends `gap` and `value` to a variable's value, as `+=` does, in place: repeated `+=`
    /// lines cost the length of what they add, not of the whole value so far.
    fn append(&mut self, category: CategoryId, position: usize, gap: &str, value: &str) {
        let v = &self.categories[category.0 as usize].variables[position];
        let mut joined = match &v.appended {
            Some(_) => None,
            None => Some(var_value_in(&self.parses, v, self.sources.text(v.file)).to_string()),
        };
        let v = &mut self.categories[category.0 as usize].variables[position];
        let buffer: &mut String = match (&mut v.appended, &mut joined) {
            (Some(existing), _) => existing,
            (None, Some(fresh)) => fresh,
            (None, None) => return,
        };
        buffer.push_str(gap);
        buffer.push_str(value);
        // Asterisk trims blanks at both ends of the joined value.
        let end = buffer.trim_end_matches([' ', '\t']).len();
        buffer.truncate(end);
        let start = buffer.len() - buffer.trim_start_matches([' ', '\t']).len();
        if start > 0 {
            buffer.drain(..start);
        }
        if let Some(fresh) = joined {
            v.appended = Some(Box::new(fresh));
        }
    }

    /// Keeps a category's `+=` index (if it has one) in step with variables added to it.
    fn index_added(&mut self, category: CategoryId, from: usize) {
        let Some(mut index) = self.plus_index.remove(&category) else { return };
        for (position, v) in self.categories[category.0 as usize].variables.iter().enumerate().skip(from) {
            index.insert(var_name_in(&self.parses, v, self.sources.text(v.file)).to_string(), position);
        }
        self.plus_index.insert(category, index);
    }

    /// Says once that a work limit of pjsip-lab (not of Asterisk) was reached at `at`.
    fn over_budget(&mut self, at: FileSpan, what: &str) {
        if std::mem::replace(&mut self.budget_reported, true) {
            return;
        }
        self.diagnostics.push(
            Diagnostic::new(codes::CONFIG_LIMIT, at, format!("pjsip-lab stops here: {what}; what follows is not fully analysed"))
                .with_note("This is a limit of pjsip-lab that keeps the page responsive, not an Asterisk error."),
        );
    }

    /// The parse of `file` from the previous load, when that load had the file under the same
    /// name and id (its spans and diagnostics carry the id): shared when the text is the same,
    /// else re-parsed where the edit changed it.
    fn previous_parse(&self, file: FileId) -> Option<Arc<Parse>> {
        let previous = self.previous?;
        let index = file.0 as usize;
        if previous.names.get(index)? != self.sources.name(file) {
            return None;
        }
        let parse = previous.parses.get(index)?.as_ref()?;
        let (before, text) = (&previous.texts[index], self.sources.text(file));
        if **before == *text {
            return Some(Arc::clone(parse));
        }
        Some(Arc::new(crate::parser::reparse(file, text, parse, before)))
    }

    fn load_file(&mut self, file: FileId, start: Option<CategoryId>, included_at: Option<FileSpan>) {
        let index = file.0 as usize;
        if self.parses.len() <= index {
            self.parses.resize_with(index + 1, || None);
        }
        let parse = match &self.parses[index] {
            Some(parse) => Arc::clone(parse),
            None => {
                let parse = self.previous_parse(file).unwrap_or_else(|| Arc::new(parse(file, self.sources.text(file))));
                for diagnostic in &parse.diagnostics {
                    self.diagnostics.push(diagnostic.clone());
                    if diagnostic.is_error() && self.rejected.is_none() {
                        self.rejected = Some(self.diagnostics.len() - 1);
                    }
                }
                self.parses[index] = Some(Arc::clone(&parse));
                parse
            }
        };
        let lines = parse.tree.lines.len();
        if lines > self.line_budget || self.read_budget == 0 {
            let at = included_at.unwrap_or(FileSpan::new(file, Span::new(0, 0)));
            self.over_budget(at, &format!("the includes read files more than {READ_BUDGET} times or more than {LINE_BUDGET} lines in all"));
            return;
        }
        self.line_budget -= lines;
        self.read_budget -= 1;
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
                        let mut diagnostic = Diagnostic::new(
                            codes::CONFIG_NO_SECTION,
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
                    if assignment.op == AssignOp::PlusEq {
                        let name = assignment.key.as_str(&text);
                        // `+=` extends the last earlier variable of exactly this name.
                        if let Some(previous) = self.last_named(category, name) {
                            let tokens = parse.tree.line_tokens(line);
                            let gap: String = tokens
                                .iter()
                                .skip_while(|t| t.kind != SyntaxKind::PlusEq)
                                .skip(1)
                                .take_while(|t| t.kind == SyntaxKind::Whitespace)
                                .map(|t| &text[t.span.range()])
                                .collect();
                            self.append(category, previous, &gap, assignment.value.as_str(&text));
                            continue;
                        }
                    }
                    let position = self.categories[category.0 as usize].variables.len();
                    if let Some(index) = self.plus_index.get_mut(&category) {
                        index.insert(assignment.key.as_str(&text).to_string(), position);
                    }
                    let variables = &mut self.categories[category.0 as usize].variables;
                    let appended = None;
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
    }

    fn include(&mut self, from: FileId, at: FileSpan, argument: &str, optional: bool, current: Option<CategoryId>) {
        let targets = self.sources.resolve_include(from, argument);
        self.includes.push(Include { at, targets: targets.clone() });
        if targets.is_empty() {
            if optional {
                self.diagnostics.push(
                    Diagnostic::new(codes::CONFIG_TRYINCLUDE_NOT_FOUND, at, format!("`{argument}` does not exist; `#tryinclude` skips it"))
                        .with_note("Asterisk ignores a missing #tryinclude target silently"),
                );
            } else {
                self.reject(
                    Diagnostic::new(codes::CONFIG_INCLUDE_NOT_FOUND, at, format!("the included file `{argument}` does not exist"))
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
                let code = if cycle { codes::CONFIG_INCLUDE_CYCLE } else { codes::CONFIG_INCLUDE_TOO_DEEP };
                let diagnostic = Diagnostic::new(code, at, message)
                    .with_severity(if optional { crate::Severity::Warning } else { crate::Severity::Error })
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
                let filter = Filter::new(filter);
                if let Filter::BadRegex { pattern, error } = &filter {
                    self.diagnostics.push(
                        Diagnostic::new(
                            codes::CONFIG_BAD_FILTER,
                            item_at,
                            format!("the `(+)` filter's expression `{pattern}` does not compile: {error}"),
                        )
                        .with_note("Asterisk logs \"Regular expression … failed to compile\" for every section it tries"),
                    );
                }
                let Some(existing) = self.find_addition_target(&name, &filter, item_at) else {
                    let mut diagnostic = Diagnostic::new(
                        codes::CONFIG_ADDITION_WITHOUT_SECTION,
                        item_at,
                        format!("`(+)` adds to section `{name}`, but no such section appears before this line"),
                    )
                    .with_note(format!("Asterisk logs \"Category addition requested, but category '{name}' does not exist\""));
                    if let Some(template) = self.find_base(&name).filter(|id| self.categories[id.0 as usize].is_template) {
                        diagnostic.message =
                            format!("`(+)` cannot add to `{name}`: it is a template, and `(+)` only extends ordinary sections");
                        diagnostic = diagnostic.with_label(self.categories[template.0 as usize].header_at, "the template is defined here");
                    }
                    self.reject(diagnostic);
                    return None;
                };
                if let Some(block) = fresh.take() {
                    let target_category = &mut self.categories[existing.0 as usize];
                    let from = target_category.variables.len();
                    target_category.is_template |= block.is_template;
                    target_category.variables.extend(block.variables);
                    target_category.additions.push(block.header_at);
                    self.index_added(existing, from);
                }
                target = Some(existing);
            } else {
                let Some(base) = self.find_base(raw) else {
                    let mut diagnostic = Diagnostic::new(
                        codes::CONFIG_MISSING_BASE_SECTION,
                        item_at,
                        format!("section `{name}` inherits from `{raw}`, but no section of that name appears before it"),
                    )
                    .with_note(format!("Asterisk logs \"Inheritance requested, but category '{raw}' does not exist\""));
                    let trimmed = raw.trim();
                    if trimmed != raw && self.find_base(trimmed).is_some() {
                        diagnostic.message =
                            format!("section `{name}` inherits from `{raw}` (with the spaces): Asterisk does not trim names inside `(…)`");
                        diagnostic = diagnostic.with_fix(
                            format!("Remove the spaces around `{trimmed}`"),
                            Applicability::Safe,
                            vec![TextEdit { at: item_at, insert: trimmed.to_string() }],
                        );
                    }
                    self.reject(diagnostic);
                    return None;
                };
                let inherited_count = self.categories[base.0 as usize].variables.len();
                if inherited_count > self.inherit_budget {
                    self.over_budget(item_at, &format!("templates copy more than {INHERIT_BUDGET} settings in all"));
                    continue;
                }
                self.inherit_budget -= inherited_count;
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
                        let from = category.variables.len();
                        category.bases.push(base);
                        category.variables.extend(inherited);
                        self.index_added(id, from);
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

    /// The first earlier section of this name matching the `(+filter)`, if any.
    fn find_addition_target(&mut self, name: &str, filter: &Filter, at: FileSpan) -> Option<CategoryId> {
        let mut budget = self.filter_budget;
        let verdict = {
            let (first, later) = self.by_name.get(lower_case(name).as_ref())?;
            let (parses, sources, categories) = (&self.parses, &*self.sources, &self.categories);
            let mut verdict = Some(None);
            for id in std::iter::once(*first).chain(later.iter().copied()) {
                let category = &categories[id.0 as usize];
                let variables = || -> Box<dyn Iterator<Item = (&str, &str)> + '_> {
                    Box::new(category.variables.iter().map(move |v| {
                        let text = sources.text(v.file);
                        (var_name_in(parses, v, text), var_value_in(parses, v, text))
                    }))
                };
                match filter.matches(category.is_template, variables, &mut budget) {
                    Some(true) => {
                        verdict = Some(Some(id));
                        break;
                    }
                    Some(false) => {}
                    None => {
                        verdict = None;
                        break;
                    }
                }
            }
            verdict
        };
        self.filter_budget = budget;
        match verdict {
            Some(found) => found,
            None => {
                self.over_budget(
                    at,
                    "the `(+)` filters ask for more matching than pjsip-lab does; an addition is treated as finding no section",
                );
                None
            }
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

/// Name of a variable during loading (its file's parse is always in `parses` by then).
fn var_name_in<'a>(parses: &'a [Option<Arc<Parse>>], v: &Variable, text: &'a str) -> &'a str {
    match parses.get(v.file.0 as usize).and_then(Option::as_deref).map(|p| &p.tree.lines[v.line as usize].kind) {
        Some(LineKind::Assignment(a)) => a.key.as_str(text),
        _ => "",
    }
}

fn var_value_in<'a>(parses: &'a [Option<Arc<Parse>>], v: &'a Variable, text: &'a str) -> &'a str {
    if let Some(value) = &v.appended {
        return value.as_str();
    }
    match parses.get(v.file.0 as usize).and_then(Option::as_deref).map(|p| &p.tree.lines[v.line as usize].kind) {
        Some(LineKind::Assignment(a)) => a.value.as_str(text),
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, section: &str) -> Vec<String> {
        let (_, config) = load_text("pjsip.conf", text);
        let category = config.categories.iter().rfind(|c| c.name == section).expect("section");
        category.variables.iter().map(|v| format!("{}={}", config.var_name(v), config.var_value(v))).collect()
    }

    #[test]
    fn plus_equals_extends_the_last_variable_of_the_name_after_additions_and_inheritance() {
        let text = "[t](!)\nallow=ulaw\n[a](t)\nallow+=,alaw\nx=1\n[a](+)\nallow+=,g722\nx+= 2\n";
        assert_eq!(values(text, "a"), ["allow=ulaw,alaw,g722", "x=1 2"]);
        // A `+=` with nothing to extend is an ordinary line.
        assert_eq!(values("[b]\ny+=3\n", "b"), ["y=3"]);
    }
}
