//! What an analysis is asked about: named files and a target Asterisk release.

use std::cell::RefCell;

use pjsip_syntax::{FileId, FileReader, SourceSet};

use crate::{PJSIP_CONF, PJSIP_WIZARD_CONF};

/// The Asterisk release line the configuration is meant for. Options are checked against it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum AsteriskVersion {
    #[serde(rename = "16")]
    V16,
    #[serde(rename = "18")]
    V18,
    #[serde(rename = "20")]
    V20,
    #[serde(rename = "21")]
    V21,
    #[default]
    #[serde(rename = "22")]
    V22,
    #[serde(rename = "23")]
    V23,
}

impl AsteriskVersion {
    pub const ALL: [AsteriskVersion; 6] = [Self::V16, Self::V18, Self::V20, Self::V21, Self::V22, Self::V23];

    /// The major number, e.g. `22`.
    pub fn major(self) -> u32 {
        match self {
            Self::V16 => 16,
            Self::V18 => 18,
            Self::V20 => 20,
            Self::V21 => 21,
            Self::V22 => 22,
            Self::V23 => 23,
        }
    }

    pub fn from_major(major: u32) -> Option<AsteriskVersion> {
        Self::ALL.into_iter().find(|v| v.major() == major)
    }
}

/// One named file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    pub name: String,
    pub text: String,
}

/// Optional access to files an `#include` names but the input does not hold (CLI only).
#[derive(Default)]
pub struct Reader(RefCell<Option<FileReader>>);

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reader")
    }
}

impl Reader {
    pub fn take_reader(&self) -> Option<FileReader> {
        self.0.borrow_mut().take()
    }
}

/// Everything a load ([`crate::Loaded::new`]) needs.
#[derive(Debug, Default)]
pub struct Input {
    /// The files, in tab order. `pjsip.conf` is the root (else the first file);
    /// `pjsip_wizard.conf`, when present, is read as the wizard file.
    pub files: Vec<InputFile>,
    pub version: AsteriskVersion,
    pub reader: Reader,
    /// What the Asterisk host offers besides the files (referenced key files, modules, …).
    /// The default is the oracle harness's environment.
    pub environment: crate::values::Environment,
}

impl Input {
    pub fn new(files: Vec<InputFile>, version: AsteriskVersion) -> Input {
        Input { files, version, reader: Reader::default(), environment: Default::default() }
    }

    /// A single `pjsip.conf`.
    pub fn single(text: impl Into<String>) -> Input {
        Input::new(vec![InputFile { name: PJSIP_CONF.into(), text: text.into() }], AsteriskVersion::default())
    }

    /// Lets includes pull files in through `reader` (used once, by the next analysis).
    pub fn with_reader(mut self, reader: FileReader) -> Input {
        self.reader = Reader(RefCell::new(Some(reader)));
        self
    }
}

fn base_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

pub fn root_file(sources: &SourceSet) -> FileId {
    sources
        .ids()
        .find(|&id| base_name(sources.name(id)) == PJSIP_CONF)
        .or_else(|| sources.ids().find(|&id| base_name(sources.name(id)) != PJSIP_WIZARD_CONF))
        .unwrap_or(FileId(0))
}

pub fn wizard_file(sources: &SourceSet) -> Option<FileId> {
    sources.ids().find(|&id| base_name(sources.name(id)) == PJSIP_WIZARD_CONF)
}

/// The file whose base name is `name`, if the input has one.
pub fn named_file(sources: &SourceSet, name: &str) -> Option<FileId> {
    sources.ids().find(|&id| base_name(sources.name(id)) == name)
}
