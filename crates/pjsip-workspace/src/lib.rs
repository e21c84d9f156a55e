//! The playground's whole user state, the part that is saved and shared: files, target version,
//! simulator requests, the selected view. Serialized as JSON for autosave and (compressed, by the
//! browser) for share links; every field has a default so older saved states and links keep
//! loading. Everything that arrives from outside (a link, storage, a dropped file) goes through
//! [`Workspace::validated`] or [`share::parse`].
//!
//! Plain Rust with no browser in sight, so it is tested natively and fuzzed (`fuzz/`).

pub mod directory;
pub mod share;

use pjsip_analysis::simulate::{HostTable, Request};
use pjsip_analysis::{AsteriskVersion, Input, InputFile, PJSIP_CONF};
use serde::{Deserialize, Serialize};

/// At most this many files (tabs).
pub const MAX_FILES: usize = 16;
/// At most this much text over all files: far above any real pjsip.conf, low enough that a
/// hostile link cannot exhaust memory.
pub const MAX_TOTAL_BYTES: usize = 8 * 1024 * 1024;
/// At most this many simulator requests.
pub const MAX_REQUESTS: usize = 200;
/// Longest accepted file name.
pub const MAX_NAME_LEN: usize = 100;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileTab {
    pub name: String,
    pub text: String,
}

/// The panel shown beside the editor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum View {
    #[default]
    Problems,
    Effective,
    Simulator,
    Lessons,
    Reference,
    Summary,
}

impl View {
    pub const ALL: [View; 6] = [View::Problems, View::Effective, View::Simulator, View::Lessons, View::Reference, View::Summary];

    pub fn label(self) -> &'static str {
        match self {
            View::Problems => "Problems",
            View::Effective => "Effective config",
            View::Simulator => "Simulator",
            View::Lessons => "Lessons",
            View::Reference => "Reference",
            View::Summary => "Explain",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            View::Problems => "problems",
            View::Effective => "effective",
            View::Simulator => "simulator",
            View::Lessons => "lessons",
            View::Reference => "reference",
            View::Summary => "summary",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    pub files: Vec<FileTab>,
    #[serde(default)]
    pub active: usize,
    /// Target Asterisk major release.
    #[serde(default = "default_asterisk")]
    pub asterisk: u32,
    /// Simulator requests, in order (the oracle's request format).
    #[serde(default)]
    pub requests: Vec<Request>,
    /// Host names the simulator resolves (the browser cannot do DNS).
    #[serde(default)]
    pub hosts: HostTable,
    #[serde(default)]
    pub view: View,
}

fn default_asterisk() -> u32 {
    AsteriskVersion::default().major()
}

impl Workspace {
    /// A workspace holding one `pjsip.conf`.
    pub fn with_text(text: &str) -> Workspace {
        Workspace::with_files(vec![FileTab { name: PJSIP_CONF.into(), text: text.into() }])
    }

    /// A workspace holding these files, everything else at its default.
    pub fn with_files(files: Vec<FileTab>) -> Workspace {
        Workspace {
            files,
            active: 0,
            asterisk: default_asterisk(),
            requests: Vec::new(),
            hosts: HostTable::default(),
            view: View::default(),
        }
    }

    pub fn version(&self) -> AsteriskVersion {
        AsteriskVersion::from_major(self.asterisk).unwrap_or_default()
    }

    /// What the analysis reads, with what the browser assumes about the Asterisk host.
    pub fn input(&self) -> Input {
        let files = self.files.iter().map(|f| InputFile { name: f.name.clone(), text: f.text.clone() }).collect();
        let mut input = Input::new(files, self.version());
        input.environment = browser_environment();
        input
    }

    pub fn total_bytes(&self) -> usize {
        self.files.iter().map(|f| f.text.len()).sum()
    }

    /// Checks a workspace that came from outside (a link, storage, an upload) and repairs what
    /// can be repaired without guessing: out-of-range tab, unknown version.
    pub fn validated(mut self) -> Result<Workspace, String> {
        if self.files.is_empty() {
            return Err("it contains no files".into());
        }
        if self.files.len() > MAX_FILES {
            return Err(format!("it contains {} files (at most {MAX_FILES} are supported)", self.files.len()));
        }
        if self.requests.len() > MAX_REQUESTS {
            return Err(format!("it holds {} simulator requests (at most {MAX_REQUESTS})", self.requests.len()));
        }
        if self.total_bytes() > MAX_TOTAL_BYTES {
            return Err(format!("its files hold more than {} MB of text", MAX_TOTAL_BYTES / (1024 * 1024)));
        }
        for (i, file) in self.files.iter().enumerate() {
            check_file_name(&file.name)?;
            if self.files[..i].iter().any(|f| f.name == file.name) {
                return Err(format!("it names the file {:?} twice", file.name));
            }
        }
        if self.active >= self.files.len() {
            self.active = 0;
        }
        if AsteriskVersion::from_major(self.asterisk).is_none() {
            self.asterisk = default_asterisk();
        }
        Ok(self)
    }
}

/// What the browser assumes about the Asterisk host: unlike the oracle harness (the CLI's
/// default), files named by TLS/DTLS options are taken to exist there — the browser cannot see
/// the host's disk, and flagging every certificate as missing would bury real problems.
pub fn browser_environment() -> pjsip_analysis::Environment {
    pjsip_analysis::Environment { referenced_files_available: true, ..pjsip_analysis::Environment::default() }
}

/// A file name the app accepts: short, printable, no path separators.
pub fn check_file_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("a file has no name".into());
    }
    if name.len() > MAX_NAME_LEN {
        return Err("a file name is too long".into());
    }
    if name.chars().any(|c| c.is_control() || c == '/' || c == '\\') {
        return Err(format!("the file name {name:?} contains characters that are not allowed"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_and_partial_states_load_with_defaults() {
        let ws: Workspace = serde_json::from_str(r#"{"files":[{"name":"pjsip.conf","text":"x"}]}"#).unwrap();
        assert_eq!(ws.asterisk, 22);
        assert_eq!(ws.view, View::Problems);
        assert!(ws.validated().is_ok());
    }

    #[test]
    fn hostile_states_are_refused_with_a_reason() {
        let mut ws = Workspace::with_text("");
        ws.files.clear();
        assert!(ws.clone().validated().unwrap_err().contains("no files"));
        ws.files = (0..20).map(|i| FileTab { name: format!("f{i}"), text: String::new() }).collect();
        assert!(ws.clone().validated().unwrap_err().contains("20 files"));
        ws.files = vec![FileTab { name: "../etc/passwd".into(), text: String::new() }];
        assert!(ws.clone().validated().is_err());
        ws.files = vec![FileTab { name: "a".into(), text: "x".repeat(MAX_TOTAL_BYTES + 1) }];
        assert!(ws.clone().validated().unwrap_err().contains("MB"));
        ws.files = vec![FileTab { name: "a".into(), text: String::new() }; 2];
        assert!(ws.clone().validated().unwrap_err().contains("twice"));
    }

    #[test]
    fn repairs_what_it_can() {
        let mut ws = Workspace::with_text("");
        ws.active = 7;
        ws.asterisk = 99;
        let ws = ws.validated().unwrap();
        assert_eq!((ws.active, ws.asterisk), (0, 22));
    }
}
