//! The model layer: what a real Asterisk 22 loads from a set of configuration files.
//!
//! [`Loaded::new`] reads the files (`pjsip-syntax` parses and loads them the way `main/config.c`
//! does), builds the objects `res_sorcery_config` would create — effective values with their
//! provenance, the sections it refuses and why, the wizard's generated objects — and keeps one
//! table of every file read. Everything above (the checks, the simulator, the diagram, the IDE
//! services, the explanations) reads a [`Loaded`]; nothing here knows about them.
//!
//! * [`schema`]: the options of every object type (generated from `data/pjsip-options.json`),
//!   [`ObjectType`] and the per-type option slots;
//! * [`values`]: whether a value is accepted, kind by kind, and how identify values match;
//! * [`model`]: objects and how sections become objects (templates, `(+)`, duplicates, apply
//!   rules, the wizard); [`display`]: values the way `pjsip show` prints them.

pub mod codes;
mod describe;
pub mod display;
pub mod ha;
pub mod input;
pub mod model;
pub mod numbers;
pub mod redact;
pub mod schema;
pub mod sections;
pub mod spelling;
pub mod tls_ciphers;
pub mod value_text;
pub mod values;

use std::sync::{Arc, OnceLock};

pub use input::{AsteriskVersion, Input, InputFile};
pub use model::{EffectiveRow, EffectiveValue, Ignored, Model, Object, Reason, Rejected, Setting, SettingOrigin, Settings, Shadowed};
pub use pjsip_syntax as syntax;
pub use pjsip_syntax::{Diagnostic, FileId, FileSpan, Severity, Span};
pub use schema::ObjectType;
pub use sections::SectionInfo;
pub use value_text::ValueText;
pub use values::Environment;

use pjsip_syntax::{load_reusing, Config, SourceSet};

/// The name Asterisk reads its PJSIP objects from.
pub const PJSIP_CONF: &str = "pjsip.conf";
/// The name the configuration wizard reads.
pub const PJSIP_WIZARD_CONF: &str = "pjsip_wizard.conf";
/// The dialplan the simulator routes calls through, when given.
pub const EXTENSIONS_CONF: &str = "extensions.conf";
/// Named ACLs (`acl=`, `contact_acl=`), when given.
pub const ACL_CONF: &str = "acl.conf";

/// Every file read while loading, by [`FileId`]: the input files and every include target,
/// whichever configuration reached it.
#[derive(Debug, Default)]
pub struct Files {
    names: Vec<String>,
    texts: Vec<Arc<str>>,
}

impl Files {
    fn from_sources(sources: &SourceSet) -> Files {
        Files {
            names: sources.ids().map(|id| sources.name(id).to_string()).collect(),
            texts: sources.ids().map(|id| sources.get(id).text.clone()).collect(),
        }
    }

    /// The name of file `id` (empty for an id no load produced).
    pub fn name(&self, id: FileId) -> &str {
        self.names.get(id.0 as usize).map_or("", String::as_str)
    }

    /// The text of file `id` (empty for an id no load produced).
    pub fn text(&self, id: FileId) -> &str {
        self.texts.get(id.0 as usize).map_or("", |t| t)
    }

    /// How many files the load read.
    pub fn count(&self) -> usize {
        self.names.len()
    }

    /// The id of the file called `name`, if it was read.
    pub fn id(&self, name: &str) -> Option<FileId> {
        self.names.iter().position(|n| n == name).map(|i| FileId(i as u32))
    }

    /// Every file, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &str, &str)> + '_ {
        self.names.iter().zip(&self.texts).enumerate().map(|(i, (n, t))| (FileId(i as u32), n.as_str(), &**t))
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

impl pjsip_syntax::render::Files for Files {
    fn name(&self, file: FileId) -> &str {
        Files::name(self, file)
    }
    fn source(&self, file: FileId) -> &str {
        self.text(file)
    }
}

/// One configuration as Asterisk loads it: the files, each configuration as `main/config.c`
/// builds it, and the objects. Immutable once built; cheap to share.
#[derive(Debug)]
pub struct Loaded {
    pub version: AsteriskVersion,
    /// Every file read (input files and include targets), by id.
    pub files: Files,
    /// `pjsip.conf` (or the first file) as loaded, includes followed.
    pub config: Config,
    /// `pjsip_wizard.conf` as loaded, when one was given.
    pub wizard: Option<Config>,
    /// `extensions.conf` as loaded, when given (the simulator's dialplan).
    pub extensions: Option<Config>,
    /// `acl.conf` as loaded, when given (named ACLs).
    pub acl_conf: Option<Config>,
    pub model: Model,
    /// What the load assumed about the host (key files present, modules loaded).
    pub environment: Environment,
    /// The flat section list, built on first use (most callers never ask for it).
    sections: OnceLock<Vec<SectionInfo>>,
}

impl Loaded {
    /// Loads `input` the way Asterisk would: every file parsed once, includes followed, objects
    /// built. Never fails; problems are in the configurations' diagnostics and the model's
    /// rejected and ignored sections.
    pub fn new(input: &Input) -> Loaded {
        Loaded::load(input, None)
    }

    /// [`Loaded::new`] after an edit, reusing the parses of `previous` (a load of the same
    /// configuration before it): unchanged files keep their tree, an edited one is re-parsed
    /// where the edit touched it ([`pjsip_syntax::reparse`]). The result is exactly
    /// `Loaded::new(input)`. Objects are built afresh: reusing them was measured slower (see
    /// ARCHITECTURE.md, "The language server and incremental re-analysis").
    pub fn reusing(input: &Input, previous: &Loaded) -> Loaded {
        Loaded::load(input, Some(previous))
    }

    fn load(input: &Input, previous: Option<&Loaded>) -> Loaded {
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
        // Each configuration re-parses only what an edit changed in the previous one's files.
        let config = load_reusing(&mut sources, root, previous.map(|p| &p.config));
        let wizard = wizard_id.map(|id| load_reusing(&mut sources, id, previous.and_then(|p| p.wizard.as_ref())));
        let extensions = input::named_file(&sources, EXTENSIONS_CONF)
            .filter(|&id| id != root)
            .map(|id| load_reusing(&mut sources, id, previous.and_then(|p| p.extensions.as_ref())));
        let acl_conf = input::named_file(&sources, ACL_CONF)
            .filter(|&id| id != root)
            .map(|id| load_reusing(&mut sources, id, previous.and_then(|p| p.acl_conf.as_ref())));
        let files = Files::from_sources(&sources);
        let ctx = model::Context { version: input.version, env: &input.environment, input_files: &files.names };
        let model = model::resolve(&config, wizard.as_ref(), &ctx);
        let environment = input.environment.clone();
        Loaded { version: input.version, files, config, wizard, extensions, acl_conf, model, environment, sections: OnceLock::new() }
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

    /// File name and text by id.
    pub fn file(&self, file: FileId) -> (&str, &str) {
        (self.files.name(file), self.files.text(file))
    }

    /// The id of the file called `name`, if the input (or an include) has it.
    pub fn file_id(&self, name: &str) -> Option<FileId> {
        self.files.id(name)
    }

    /// The files loading read: the root configuration and its includes, the wizard file, the
    /// dialplan and the ACL file with theirs. Other input files are not part of the
    /// configuration (a directory holds many).
    pub fn reached_files(&self) -> Vec<FileId> {
        let configs = [Some(&self.config), self.wizard.as_ref(), self.extensions.as_ref(), self.acl_conf.as_ref()];
        let mut ids: Vec<FileId> = configs
            .into_iter()
            .flatten()
            .flat_map(|c| (0..c.parses.len()).filter(|&i| c.parses[i].is_some()).map(|i| FileId(i as u32)))
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// What value checks need besides the model: the release, the environment, the files.
    pub fn context(&self) -> model::Context<'_> {
        model::Context { version: self.version, env: &self.environment, input_files: &self.files.names }
    }

    /// The syntax and loading diagnostics of every configuration read (not the checks).
    pub fn load_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        let configs = [Some(&self.config), self.wizard.as_ref()];
        configs.into_iter().flatten().flat_map(|c| c.diagnostics.iter())
    }
}

impl pjsip_syntax::render::Files for Loaded {
    fn name(&self, file: FileId) -> &str {
        self.files.name(file)
    }
    fn source(&self, file: FileId) -> &str {
        self.files.text(file)
    }
}
