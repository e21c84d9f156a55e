//! What Asterisk makes of a pjsip configuration, behind one facade: [`Analysis`].
//!
//! The web app and the CLI both build an [`Analysis`] from an [`Input`] (named files plus the
//! target Asterisk version) and read plain structs from it. Everything is computed eagerly in
//! [`Analysis::new`]; the result is immutable.
//!
//! Layers, bottom-up: `pjsip-syntax` (lossless parse and `main/config.c` loading), then this
//! crate's model, checks, graph and simulator as they are added.

pub(crate) mod apply;
pub mod checks;
mod describe;
pub mod diagram;
pub mod display;
#[doc(hidden)]
pub mod exercise;
pub mod explain;
pub mod ide;
pub mod input;
pub mod lessons;
pub mod model;
pub mod redact;
pub mod schema;
pub mod sections;
pub mod simulate;
pub mod text;
pub mod value_text;
pub mod values;
mod wizard;

pub use input::{AsteriskVersion, Input, InputFile};
pub use model::{EffectiveValue, Ignored, Model, Object, Reason, Rejected, Setting, SettingOrigin, Settings, Shadowed};
pub use pjsip_syntax as syntax;
pub use pjsip_syntax::{Diagnostic, FileId, FileSpan, Severity, Span};
pub use sections::SectionInfo;
pub use value_text::ValueText;
pub use values::Environment;

use pjsip_syntax::{load, Config, SourceSet};

/// The name Asterisk reads its PJSIP objects from.
pub const PJSIP_CONF: &str = "pjsip.conf";
/// The name the configuration wizard reads.
pub const PJSIP_WIZARD_CONF: &str = "pjsip_wizard.conf";
/// The dialplan the simulator routes calls through, when given.
pub const EXTENSIONS_CONF: &str = "extensions.conf";
/// Named ACLs (`acl=`, `contact_acl=`), when given.
pub const ACL_CONF: &str = "acl.conf";

/// One analysis of one set of files. Cheap to query, immutable once built.
#[derive(Debug)]
pub struct Analysis {
    pub version: AsteriskVersion,
    /// `pjsip.conf` (or the first file) as loaded, includes followed.
    pub config: Config,
    /// `pjsip_wizard.conf` as loaded, when one was given.
    pub wizard: Option<Config>,
    /// The flat section list, built on first use (most callers never ask for it).
    sections: std::sync::OnceLock<Vec<SectionInfo>>,
    model: Model,
    diagnostics: Vec<Diagnostic>,
    /// `extensions.conf` and `acl.conf` as loaded, when given (read by the simulator only).
    extensions: Option<Config>,
    acl_conf: Option<Config>,
    /// The simulator's look-up tables, built on first use.
    simulation_index: std::sync::OnceLock<simulate::index::Index>,
}

impl Analysis {
    pub fn new(input: &Input) -> Analysis {
        let mut sources = match input.reader.take_reader() {
            Some(reader) => SourceSet::with_reader(reader),
            None => SourceSet::new(),
        };
        for file in &input.files {
            sources.add(file.name.clone(), file.text.as_str());
        }
        if sources.is_empty() {
            sources.add(PJSIP_CONF, "");
        }
        let root = input::root_file(&sources);
        let wizard_id = input::wizard_file(&sources).filter(|&w| w != root);
        let config = load(&mut sources, root);
        let wizard = wizard_id.map(|id| load(&mut sources, id));
        let extensions = input::named_file(&sources, EXTENSIONS_CONF).filter(|&id| id != root).map(|id| load(&mut sources, id));
        let acl_conf = input::named_file(&sources, ACL_CONF).filter(|&id| id != root).map(|id| load(&mut sources, id));
        let input_files: Vec<String> = sources.ids().map(|id| sources.name(id).to_string()).collect();
        let ctx = model::Context { version: input.version, env: &input.environment, input_files: &input_files };
        let model = model::resolve(&config, wizard.as_ref(), &ctx);
        let mut diagnostics = config.diagnostics.clone();
        if let Some(wizard) = &wizard {
            diagnostics.extend(wizard.diagnostics.iter().cloned());
        }
        diagnostics.extend(checks::run(&config, wizard.as_ref(), &model, &ctx));
        sort_diagnostics(&mut diagnostics);
        Analysis {
            version: input.version,
            config,
            wizard,
            sections: std::sync::OnceLock::new(),
            model,
            diagnostics,
            extensions,
            acl_conf,
            simulation_index: std::sync::OnceLock::new(),
        }
    }

    /// Every diagnostic, sorted by file and position.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The objects that exist after loading, with effective values and where they came from.
    pub fn objects(&self) -> &[Object] {
        &self.model.objects
    }

    /// Objects the configuration asks for that Asterisk would not create, with the reason.
    pub fn rejected(&self) -> &[Rejected] {
        &self.model.rejected
    }

    /// Sections that match no object type and are silently ignored.
    pub fn ignored(&self) -> &[Ignored] {
        &self.model.ignored
    }

    /// The whole load result (objects, rejected, ignored, shadowed wizard objects).
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The simulator's indexes over this analysis (built once, on first use).
    pub(crate) fn simulation_index(&self) -> &simulate::index::Index {
        self.simulation_index.get_or_init(|| simulate::index::Index::build(&self.model, self.extensions.as_ref(), self.acl_conf.as_ref()))
    }

    /// The entity graph of the configuration (objects and references), not laid out.
    pub fn diagram_graph(&self, options: &diagram::DiagramOptions) -> diagram::Graph {
        diagram::graph::build(self, options)
    }

    /// The entity graph laid out, ready to draw ([`diagram::Diagram::to_svg`] for a file).
    pub fn diagram(&self, options: &diagram::DiagramOptions) -> diagram::Diagram {
        diagram::Diagram::of(self.diagram_graph(options))
    }

    /// Only the syntax and loading diagnostics (what `pjsip-lab parse` reports).
    pub fn syntax_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.code.starts_with("syntax/") || d.code.starts_with("config/"))
    }

    /// Every section header as written, in reading order (templates included).
    pub fn sections(&self) -> &[SectionInfo] {
        self.sections.get_or_init(|| {
            let mut sections = sections::collect(&self.config);
            if let Some(wizard) = &self.wizard {
                sections.extend(sections::collect(wizard));
            }
            sections
        })
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// File name and text by id, whichever config the file belongs to.
    pub fn file(&self, file: FileId) -> (&str, &str) {
        let config = self.files_config();
        (config.file_name(file), config.text(file))
    }

    /// The id of the file called `name`, if the input (or an include) has it.
    pub fn file_id(&self, name: &str) -> Option<FileId> {
        let config = self.files_config();
        (0..config.file_count() as u32).map(FileId).find(|&id| config.file_name(id) == name)
    }

    /// The config that knows every file: the wizard file is loaded after `pjsip.conf` from the
    /// same source set, so its config also holds the files only it reached through includes.
    fn files_config(&self) -> &Config {
        self.wizard.as_ref().unwrap_or(&self.config)
    }
}

/// Sorts by position and drops exact repeats. Two sections with the same name inheriting the
/// same bad template line would otherwise report it twice, word for word.
fn sort_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by_key(|d| (d.primary.file, d.primary.span.start, d.primary.span.end));
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    let mut group_start = 0;
    for d in diagnostics.drain(..) {
        if kept.last().is_none_or(|last| last.primary != d.primary) {
            group_start = kept.len();
        }
        // Only diagnostics at the same place can be equal: compare within that group.
        if !kept[group_start..].contains(&d) {
            kept.push(d);
        }
    }
    *diagnostics = kept;
}

impl pjsip_syntax::render::Files for Analysis {
    fn name(&self, file: FileId) -> &str {
        self.file(file).0
    }
    fn source(&self, file: FileId) -> &str {
        self.file(file).1
    }
}
