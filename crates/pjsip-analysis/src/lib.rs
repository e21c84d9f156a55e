//! What Asterisk makes of a pjsip configuration, behind one facade: [`Analysis`].
//!
//! The web app, the CLI and the language server build an [`Analysis`] from an [`Input`] (named
//! files plus the target Asterisk version) and read plain structs from it. It is a thin
//! composition of the layers below, each its own crate:
//!
//! * `pjsip-syntax`: lossless parse, and loading as `main/config.c` does it;
//! * `pjsip-model`: the objects Asterisk builds ([`Loaded`]);
//! * `pjsip-checks`: the validator's rules;
//! * services over the model — `pjsip-simulate`, `pjsip-diagram`, `pjsip-ide`,
//!   `pjsip-explain`, `pjsip-lessons` — none of which sees this crate.
//!
//! The analysis is computed eagerly in [`Analysis::new`] (load + checks); the simulator's
//! tables are built on first use. The result is immutable.

#[doc(hidden)]
pub mod exercise;
pub mod local;

pub use pjsip_checks as checks;
pub use pjsip_diagram as diagram;
pub use pjsip_explain as explain;
pub use pjsip_explain::text;
pub use pjsip_ide as ide;
pub use pjsip_lessons as lessons;
pub use pjsip_model::{display, input, model, redact, schema, sections, value_text, values};
pub use pjsip_model::{
    AsteriskVersion, EffectiveRow, EffectiveValue, Environment, Files, Ignored, Input, InputFile, Loaded, Model, Object, ObjectType,
    Reason, Rejected, SectionInfo, Setting, SettingOrigin, Settings, Shadowed, ValueText, ACL_CONF, EXTENSIONS_CONF, PJSIP_CONF,
    PJSIP_WIZARD_CONF,
};
pub use pjsip_replay as replay;
pub use pjsip_simulate as simulate;
pub use pjsip_syntax as syntax;
pub use pjsip_syntax::{Diagnostic, FileId, FileSpan, Severity, Span};
pub use pjsip_trace as trace;

use std::sync::OnceLock;

/// One analysis of one set of files: what loads, and every diagnostic. Cheap to query,
/// immutable once built. It reads as the [`Loaded`] configuration it holds (`Deref`): the
/// files, the configurations, the model.
#[derive(Debug)]
pub struct Analysis {
    loaded: Loaded,
    diagnostics: Vec<Diagnostic>,
    /// The simulator's look-up tables, built on first use.
    simulation_index: OnceLock<simulate::Index>,
    /// What [`local::recheck`] needs to re-check one section after an edit, built on first use.
    neighbours: OnceLock<local::Neighbours>,
}

impl std::ops::Deref for Analysis {
    type Target = Loaded;

    fn deref(&self) -> &Loaded {
        &self.loaded
    }
}

impl Analysis {
    pub fn new(input: &Input) -> Analysis {
        let loaded = Loaded::new(input);
        let diagnostics = checks::diagnose(&loaded);
        Analysis { loaded, diagnostics, simulation_index: OnceLock::new(), neighbours: OnceLock::new() }
    }

    /// [`Analysis::new`] after an edit: the parses of `previous` are reused where the edit left
    /// them (see [`Loaded::reusing`]); the result is the same.
    pub fn reusing(input: &Input, previous: &Analysis) -> Analysis {
        let loaded = Loaded::reusing(input, &previous.loaded);
        let diagnostics = checks::diagnose(&loaded);
        Analysis { loaded, diagnostics, simulation_index: OnceLock::new(), neighbours: OnceLock::new() }
    }

    /// The diagnostics [`Analysis::new`] would give for `input`, an edit of this analysis' input
    /// inside one section, worked out from this analysis and that section's neighbourhood
    /// ([`local::recheck`]); or why the edit is not one it can answer exactly.
    pub fn recheck(&self, input: &Input) -> Result<local::Rechecked, &'static str> {
        local::recheck(self, input)
    }

    /// Builds now what [`Analysis::recheck`] would build on first use (a server does it on the
    /// thread that made the analysis, not on the keystroke that first needs it).
    pub fn prepare_recheck(&self) {
        self.neighbours();
    }

    pub(crate) fn neighbours(&self) -> &local::Neighbours {
        self.neighbours.get_or_init(|| local::Neighbours::build(self))
    }

    /// The loaded configuration.
    pub fn loaded(&self) -> &Loaded {
        &self.loaded
    }

    /// Every diagnostic, sorted by file and position.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Only the syntax and loading diagnostics (what `pjsip-lab parse` reports).
    pub fn syntax_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.code.family().is_loading())
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The simulator's tables over this analysis (built once, on first use).
    pub fn simulation_index(&self) -> &simulate::Index {
        self.simulation_index.get_or_init(|| simulate::Index::build(&self.loaded))
    }

    /// Runs a scenario's requests in order from an empty registrar.
    pub fn simulate(&self, scenario: &simulate::Scenario) -> Vec<simulate::Outcome> {
        simulate::simulate(&self.loaded, self.simulation_index(), scenario)
    }

    /// A stepping simulation (registrar state kept between [`simulate::Simulation::step`] calls).
    pub fn simulation(&self, hosts: simulate::HostTable) -> simulate::Simulation<'_> {
        simulate::Simulation::new(&self.loaded, self.simulation_index(), hosts)
    }

    /// Replays every request the PBX received in `trace` through this configuration, beside the
    /// PBX's own answers.
    pub fn replay(&self, trace: &trace::Trace) -> replay::Replay {
        replay::replay(&self.loaded, self.simulation_index(), trace)
    }

    /// The entity graph of the configuration (objects and references), not laid out.
    pub fn diagram_graph(&self, options: &diagram::DiagramOptions) -> diagram::Graph {
        diagram::graph::build(&self.loaded, options)
    }

    /// The entity graph laid out, ready to draw ([`diagram::Diagram::to_svg`] for a file).
    pub fn diagram(&self, options: &diagram::DiagramOptions) -> diagram::Diagram {
        diagram::Diagram::of(self.diagram_graph(options))
    }

    /// A plain-language summary of the configuration.
    pub fn summary(&self) -> explain::Summary {
        explain::summarize(&self.loaded, &self.diagnostics)
    }

    /// Completion at byte `offset` of `text`, the current content of the file `file_name`.
    pub fn complete(&self, file_name: &str, text: &str, offset: usize) -> Option<ide::Completions> {
        ide::complete(&self.loaded, file_name, text, offset)
    }

    /// Hover documentation at byte `offset` of `text`.
    pub fn hover(&self, file_name: &str, text: &str, offset: usize) -> Option<ide::Hover> {
        ide::hover(&self.loaded, file_name, text, offset)
    }
}

impl lessons::Analysed for Analysis {
    fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
    fn file_name(&self, file: FileId) -> &str {
        self.loaded.files.name(file)
    }
    fn simulate(&self, scenario: &simulate::Scenario) -> Vec<simulate::Outcome> {
        Analysis::simulate(self, scenario)
    }
}

impl pjsip_syntax::render::Files for Analysis {
    fn name(&self, file: FileId) -> &str {
        self.loaded.files.name(file)
    }
    fn source(&self, file: FileId) -> &str {
        self.loaded.files.text(file)
    }
}
