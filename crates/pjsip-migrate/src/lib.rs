//! chan_sip → PJSIP: converts `sip.conf` (and `users.conf`) into `pjsip.conf`, explains every
//! line, and proves with the simulator that each device is still recognised.
//!
//! One entry, [`migrate`], takes a [`MigrateInput`] (named files, as the CLI reads them from disk
//! or the web app holds them in tabs) and returns a [`Migration`]: plain, serde-serialisable
//! data — the written files, which sip.conf lines every output line comes from (byte spans,
//! both ways), every setting that has no PJSIP counterpart with the reason, the validator's
//! findings on the output, and the simulator's verdict for every device. [`prove`] runs the
//! same proof against any pjsip.conf (for comparing with other converters).
//!
//! Promises: it never panics and never fails (a refused or empty sip.conf gives an empty
//! conversion with the loader's diagnostics); the output is deterministic; the work is linear in
//! the input apart from the per-device simulator runs. The files are read with the same
//! lossless loader as pjsip.conf (`pjsip_syntax::load`), so includes, templates and `(+)`
//! follow Asterisk. chan_sip's rules come from Asterisk 20's `channels/chan_sip.c`; PJSIP's from
//! Asterisk 22. Only the `pjsip_analysis` facade (`Analysis`, `simulate`) is used.

mod convert;
mod emit;
mod facts;
mod options;
mod plan;
mod prove;
mod register;
mod sip;
mod wizard;
mod words;

use std::cell::RefCell;
use std::collections::BTreeMap;

use pjsip_analysis::{AsteriskVersion, Environment, Input, InputFile};
use pjsip_syntax::{load, FileId, FileReader, FileSpan, LineIndex, SourceSet};
use serde::{Deserialize, Serialize};

pub use options::Why;
pub use plan::GroupKind;
pub use prove::{Check, Expect, Proof, Role, Subject};
pub use register::{parse as parse_register_line, Protocol, RegisterLine};

/// The name chan_sip reads.
pub const SIP_CONF: &str = "sip.conf";
/// The shared user list chan_sip also reads.
pub const USERS_CONF: &str = "users.conf";

/// One named text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceText {
    pub name: String,
    pub text: String,
}

/// What to convert.
#[derive(Default, Serialize, Deserialize)]
pub struct MigrateInput {
    /// sip.conf, users.conf, and the files their `#include`s name.
    pub files: Vec<SourceText>,
    /// The file to read as sip.conf; default: the one whose base name is `sip.conf`, else the
    /// first that is not users.conf.
    #[serde(default)]
    pub sip_conf: Option<String>,
    /// The file to read as users.conf; default: the one whose base name is `users.conf`.
    #[serde(default)]
    pub users_conf: Option<String>,
    /// Also write devices as `pjsip_wizard.conf` sections where that is clearer.
    #[serde(default)]
    pub wizard: bool,
    /// Keep the simulator's trace of every request of the proof; by default only failed
    /// requests keep theirs (a trace per request of 10,000 phones is a lot to hand around, and
    /// a passed request can be simulated again on the output when someone asks).
    #[serde(default)]
    pub full_traces: bool,
    /// Reads included files the input does not hold (CLI only).
    #[serde(skip)]
    reader: RefCell<Option<FileReader>>,
}

impl std::fmt::Debug for MigrateInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MigrateInput")
            .field("files", &self.files)
            .field("sip_conf", &self.sip_conf)
            .field("users_conf", &self.users_conf)
            .field("wizard", &self.wizard)
            .field("full_traces", &self.full_traces)
            .finish()
    }
}

impl MigrateInput {
    pub fn new(files: Vec<SourceText>) -> MigrateInput {
        MigrateInput { files, ..MigrateInput::default() }
    }

    /// A single sip.conf text.
    pub fn sip(text: impl Into<String>) -> MigrateInput {
        MigrateInput::new(vec![SourceText { name: SIP_CONF.into(), text: text.into() }])
    }

    /// Lets includes pull files in through `reader` (used once, by the next migration).
    pub fn with_reader(self, reader: FileReader) -> MigrateInput {
        MigrateInput { reader: RefCell::new(Some(reader)), ..self }
    }
}

/// A place in an input file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SourceRef {
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// Byte range of the line.
    pub start: u32,
    pub end: u32,
}

/// One line of an output file and the input lines it comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputLine {
    /// `pjsip.conf` or `pjsip_wizard.conf`.
    pub file: String,
    pub line: u32,
    /// Byte range of the line in the output, without the line break.
    pub start: u32,
    pub end: u32,
    pub sources: Vec<SourceRef>,
}

/// A PJSIP object of the output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectRef {
    #[serde(rename = "type")]
    pub type_name: String,
    pub name: String,
    /// Written as a template (`(!)`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub template: bool,
}

/// One sip.conf section (or line) and the objects it became.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionReport {
    pub sip: String,
    pub kind: GroupKind,
    pub file: Option<String>,
    pub line: Option<u32>,
    pub objects: Vec<ObjectRef>,
}

/// A setting the output does not carry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmapped {
    pub file: String,
    pub line: u32,
    pub section: String,
    pub option: String,
    pub reason: String,
    pub why: Why,
    pub start: u32,
    pub end: u32,
}

/// A setting the output carries with a difference worth knowing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub file: String,
    pub line: u32,
    pub section: String,
    pub option: String,
    pub note: String,
}

/// A finding of the validator (`pjsip-lab check`) on the output, or of the loader on the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub file: String,
    pub line: u32,
    /// `error`, `warning` or `hint`.
    pub severity: String,
    pub code: String,
    pub message: String,
}

/// The whole result.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Migration {
    /// Output file name → text.
    pub files: BTreeMap<String, String>,
    pub sections: Vec<SectionReport>,
    pub unmapped: Vec<Unmapped>,
    pub notes: Vec<Note>,
    /// Choices a person should review (guests accepted by default, merged duplicates …).
    pub decisions: Vec<String>,
    /// Every output line with the input lines it comes from.
    pub provenance: Vec<OutputLine>,
    /// The loader's diagnostics on the input (an error means chan_sip would load nothing).
    pub input_findings: Vec<Finding>,
    /// Set when Asterisk would refuse the whole sip.conf (or users.conf): chan_sip would then
    /// load nothing. The conversion still shows what the files hold.
    pub refused: Option<String>,
    /// The validator's findings on the output.
    pub check: Vec<Finding>,
    pub proof: Proof,
}

impl Migration {
    /// The input lines behind the output line at `offset` of `file`.
    pub fn sources_at(&self, file: &str, offset: u32) -> &[SourceRef] {
        self.provenance.iter().find(|l| l.file == file && l.start <= offset && offset <= l.end).map_or(&[], |l| l.sources.as_slice())
    }

    /// The output lines that come from the input line at `offset` of `file`.
    pub fn outputs_of(&self, file: &str, offset: u32) -> Vec<&OutputLine> {
        self.provenance.iter().filter(|l| l.sources.iter().any(|s| s.file == file && s.start <= offset && offset <= s.end)).collect()
    }

    pub fn errors(&self) -> usize {
        self.check.iter().filter(|f| f.severity == "error").count()
    }
}

/// The loaded input: the source set, sip.conf, users.conf.
struct Loaded {
    sources: SourceSet,
    sip: pjsip_syntax::Config,
    users: Option<pjsip_syntax::Config>,
}

fn base_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

fn load_input(input: &MigrateInput) -> Loaded {
    let mut sources = match input.reader.borrow_mut().take() {
        Some(reader) => SourceSet::with_reader(reader),
        None => SourceSet::new(),
    };
    for file in &input.files {
        sources.add(file.name.clone(), file.text.as_str());
    }
    if sources.is_empty() {
        sources.add(SIP_CONF, "");
    }
    let find = |wanted: &Option<String>, base: &str| match wanted {
        Some(name) => sources.find(name),
        None => sources.ids().find(|&id| base_name(sources.name(id)) == base),
    };
    let users_id = find(&input.users_conf, USERS_CONF);
    let sip_id = find(&input.sip_conf, SIP_CONF).or_else(|| sources.ids().find(|&id| Some(id) != users_id)).unwrap_or(FileId(0));
    let sip = load(&mut sources, sip_id);
    let users = users_id.filter(|&id| id != sip_id).map(|id| load(&mut sources, id));
    Loaded { sources, sip, users }
}

/// Turns byte spans of the input into file names and line numbers.
struct Locator<'s> {
    locator: pjsip_syntax::Locator<'s>,
}

impl<'s> Locator<'s> {
    fn new(sources: &'s SourceSet) -> Locator<'s> {
        Locator { locator: pjsip_syntax::Locator::new(sources) }
    }

    fn locate(&self, at: FileSpan) -> SourceRef {
        let (file, line, _) = self.locator.location(at);
        SourceRef { file: file.to_string(), line, start: at.span.start, end: at.span.end }
    }

    fn file(&self, at: FileSpan) -> String {
        self.locate(at).file
    }
}

const HEADER: [&str; 3] = [
    "Written by pjsip-lab migrate from chan_sip's configuration.",
    "Each group below starts with the sip.conf section it comes from; the migration report",
    "lists every setting that has no PJSIP counterpart, with the reason.",
];

/// Converts, reports and proves.
pub fn migrate(input: &MigrateInput) -> Migration {
    let loaded = load_input(input);
    let locator = Locator::new(&loaded.sources);
    let mut migration = Migration { input_findings: input_findings(&loaded, &locator), ..Migration::default() };
    for config in std::iter::once(&loaded.sip).chain(loaded.users.as_ref()) {
        if let (Some(index), None) = (config.rejected, &migration.refused) {
            let diagnostic = &config.diagnostics[index];
            migration.refused = Some(format!(
                "Asterisk would refuse {} as a whole ({}): chan_sip would load nothing from it",
                config.file_name(config.root),
                diagnostic.message
            ));
        }
    }
    let conf = sip::read(&loaded.sip, loaded.users.as_ref());
    let mut converted = convert::convert(&conf);
    let appended: Vec<convert::Dropped> = converted
        .dropped
        .iter()
        .flat_map(|d| conf.appends.iter().filter(move |(target, _)| *target == d.at).map(move |(_, line)| (d, *line)))
        .map(|(d, line)| convert::Dropped { at: line, line_no: 0, ..d.clone() })
        .collect();
    converted.dropped.extend(appended);
    let header: Vec<String> = HEADER.iter().map(|s| s.to_string()).collect();
    let (pjsip, wizard_file) =
        if input.wizard { wizard::split(&converted.plan, &header) } else { (emit::plan(&converted.plan, &header), None) };
    let mut outputs = vec![(pjsip_analysis::PJSIP_CONF.to_string(), pjsip)];
    outputs.extend(wizard_file.map(|w| (pjsip_analysis::PJSIP_WIZARD_CONF.to_string(), w)));
    // A `+=` line is part of the line it extends.
    let with_appends = |sources: &[FileSpan]| -> Vec<FileSpan> {
        let mut all = sources.to_vec();
        all.extend(conf.appends.iter().filter(|(target, _)| sources.contains(target)).map(|(_, line)| *line));
        all
    };
    for (name, writer) in &outputs {
        migration.files.insert(name.clone(), writer.text.clone());
        migration.provenance.extend(writer.lines.iter().map(|l| OutputLine {
            file: name.clone(),
            line: l.line,
            start: l.start,
            end: l.end,
            sources: with_appends(&l.sources).iter().map(|&s| locator.locate(s)).collect(),
        }));
    }
    migration.sections = converted
        .plan
        .groups
        .iter()
        .map(|g| SectionReport {
            sip: g.sip.clone(),
            kind: g.kind,
            file: g.at.map(|at| locator.file(at)),
            line: g.at.map(|at| locator.locate(at).line),
            objects: g
                .blocks
                .iter()
                .map(|b| ObjectRef { type_name: b.type_name.to_string(), name: b.name.clone(), template: b.template })
                .collect(),
        })
        .collect();
    migration.unmapped = converted
        .dropped
        .iter()
        .map(|d| {
            let at = locator.locate(d.at);
            Unmapped {
                file: at.file,
                line: at.line,
                section: d.section.clone(),
                option: d.option.clone(),
                reason: d.reason.clone(),
                why: d.why,
                start: at.start,
                end: at.end,
            }
        })
        .collect();
    migration.unmapped.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    migration.notes = converted
        .notes
        .iter()
        .map(|n| {
            let at = locator.locate(n.at);
            Note { file: at.file, line: at.line, section: n.section.clone(), option: n.option.clone(), note: n.note.clone() }
        })
        .collect();
    migration.decisions = converted.decisions.clone();
    let files: Vec<SourceText> = migration.files.iter().map(|(name, text)| SourceText { name: name.clone(), text: text.clone() }).collect();
    let analysis = analyse(&files);
    migration.check = findings(&analysis);
    let (planned, hosts) = prove::plan(&conf);
    migration.proof = prove::run(&planned, &hosts, &analysis, &|at| locator.file(at));
    if !input.full_traces {
        for check in migration.proof.subjects.iter_mut().flat_map(|s| &mut s.checks).filter(|c| c.passed) {
            check.outcome.trace.clear();
        }
    }
    migration
}

/// Runs the proof of `input`'s sip.conf against other PJSIP files (pjsip.conf, and
/// pjsip_wizard.conf when given): the same requests and verdicts as [`migrate`] gives.
pub fn prove(input: &MigrateInput, pjsip_files: &[SourceText]) -> (Proof, Vec<Finding>) {
    let loaded = load_input(input);
    let locator = Locator::new(&loaded.sources);
    let conf = sip::read(&loaded.sip, loaded.users.as_ref());
    let analysis = analyse(pjsip_files);
    let (planned, hosts) = prove::plan(&conf);
    (prove::run(&planned, &hosts, &analysis, &|at| locator.file(at)), findings(&analysis))
}

fn analyse(files: &[SourceText]) -> pjsip_analysis::Analysis {
    let files = files.iter().map(|f| InputFile { name: f.name.clone(), text: f.text.clone() }).collect();
    let mut input = Input::new(files, AsteriskVersion::default());
    // The certificates and keys sip.conf names were there for chan_sip; take them as present
    // rather than fail every TLS transport on a file the browser cannot see.
    input.environment = Environment { referenced_files_available: true, ..Environment::default() };
    pjsip_analysis::Analysis::new(&input)
}

fn findings(analysis: &pjsip_analysis::Analysis) -> Vec<Finding> {
    let mut indexes: BTreeMap<FileId, LineIndex> = BTreeMap::new();
    analysis
        .diagnostics()
        .iter()
        .map(|d| {
            let (name, text) = analysis.file(d.primary.file);
            let index = indexes.entry(d.primary.file).or_insert_with(|| LineIndex::new(text));
            let line = index.line_col(text, (d.primary.span.start as usize).min(text.len())).line;
            Finding {
                file: name.to_string(),
                line,
                severity: d.severity.as_str().into(),
                code: d.code.to_string(),
                message: d.message.clone(),
            }
        })
        .collect()
}

fn input_findings(loaded: &Loaded, locator: &Locator) -> Vec<Finding> {
    let configs = std::iter::once(&loaded.sip).chain(loaded.users.as_ref());
    configs
        .flat_map(|c| c.diagnostics.iter())
        .map(|d| {
            let at = locator.locate(d.primary);
            Finding {
                file: at.file,
                line: at.line,
                severity: d.severity.as_str().into(),
                code: d.code.to_string(),
                message: d.message.clone(),
            }
        })
        .collect()
}
