//! A configuration directory (`/etc/asterisk`) as the browser receives it — a chosen folder,
//! several files, or an archive already unpacked by `pjsip-archive` — turned into the
//! playground's tabs. The rule is the CLI's (`pjsip-lab check /etc/asterisk`): every `.conf`
//! file outside hidden folders is offered to loading, and loading keeps what `pjsip.conf`,
//! `pjsip_wizard.conf`, `extensions.conf` and `acl.conf` reach through their includes
//! ([`Loaded::reached_files`]). Everything else is listed with the reason it was left out.
//!
//! Promises: never fails (a directory without pjsip.conf is said so in [`Directory::problem`]);
//! the tabs respect [`MAX_FILES`] and [`MAX_TOTAL_BYTES`], what does not fit is listed too.

use pjsip_analysis::{Input, InputFile, Loaded, PJSIP_CONF, PJSIP_WIZARD_CONF};
use serde::Serialize;

use crate::{browser_environment, FileTab, MAX_FILES, MAX_TOTAL_BYTES};

/// One file as given: its path inside the directory (`/`-separated) and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GivenFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A file left out, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    pub path: String,
    pub why: String,
}

/// What the playground takes from a directory.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Directory {
    /// The files loading reads, `pjsip.conf` first.
    pub tabs: Vec<FileTab>,
    pub left_out: Vec<LeftOut>,
    /// Why nothing can be opened (no pjsip.conf nor pjsip_wizard.conf), if so.
    pub problem: Option<String>,
}

/// Reads a directory's files the way the CLI reads a directory.
pub fn read(files: Vec<GivenFile>) -> Directory {
    let prefix = common_folder(&files);
    let mut directory = Directory::default();
    let mut candidates: Vec<InputFile> = Vec::new();
    for file in files {
        let path = file.path.strip_prefix(&prefix).unwrap_or(&file.path).to_string();
        let hidden = path.split('/').any(|part| part.starts_with('.'));
        if hidden {
            directory.left_out.push(LeftOut { path, why: "in a hidden folder or hidden".into() });
        } else if !path.ends_with(".conf") {
            directory.left_out.push(LeftOut { path, why: "not a .conf file".into() });
        } else {
            // Asterisk reads bytes; keep going on invalid UTF-8 rather than refusing the file.
            let text = String::from_utf8(file.bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            candidates.push(InputFile { name: path, text });
        }
    }
    // Top-level files first, then by name (the CLI's order).
    candidates.sort_by(|a, b| (a.name.matches('/').count(), &a.name).cmp(&(b.name.matches('/').count(), &b.name)));
    if !candidates.iter().any(|f| f.name == PJSIP_CONF || f.name == PJSIP_WIZARD_CONF) {
        directory.problem = Some("there is no pjsip.conf or pjsip_wizard.conf at the top of what was given".into());
        directory.left_out.extend(candidates.into_iter().map(|f| LeftOut { path: f.name, why: "no pjsip.conf to include it".into() }));
        return directory;
    }
    let mut input = Input::new(candidates, Default::default());
    input.environment = browser_environment();
    let loaded = Loaded::new(&input);
    let reached: Vec<&str> = loaded.reached_files().into_iter().map(|id| loaded.files.name(id)).collect();
    let mut bytes = 0;
    for file in input.files {
        if !reached.contains(&file.name.as_str()) {
            let why = "not included by pjsip.conf, pjsip_wizard.conf, extensions.conf or acl.conf";
            directory.left_out.push(LeftOut { path: file.name, why: why.into() });
        } else if file.name.contains('/') {
            directory
                .left_out
                .push(LeftOut { path: file.name, why: "in a subfolder: the playground holds the top folder's files only".into() });
        } else if directory.tabs.len() >= MAX_FILES || bytes + file.text.len() > MAX_TOTAL_BYTES {
            directory.left_out.push(LeftOut { path: file.name, why: format!("the playground holds at most {MAX_FILES} files") });
        } else {
            bytes += file.text.len();
            directory.tabs.push(FileTab { name: file.name, text: file.text });
        }
    }
    // The configuration first, the way a user reads it.
    directory.tabs.sort_by_key(|t| (t.name != PJSIP_CONF, t.name != PJSIP_WIZARD_CONF, t.name.clone()));
    directory.left_out.sort_by(|a, b| a.path.cmp(&b.path));
    directory
}

/// The folders every path starts with (`asterisk/` when the folder itself was chosen,
/// `etc/asterisk/` in an archive of `/etc`), so that `etc/asterisk/pjsip.conf` is read as
/// `pjsip.conf`; empty when the paths share none.
fn common_folder(files: &[GivenFile]) -> String {
    let Some(first) = files.first() else { return String::new() };
    let mut prefix = String::new();
    for folder in first.path.split('/').collect::<Vec<_>>().split_last().map_or(&[][..], |(_, folders)| folders) {
        let longer = format!("{prefix}{folder}/");
        if !files.iter().all(|f| f.path.starts_with(&longer)) {
            break;
        }
        prefix = longer;
    }
    prefix
}

#[cfg(test)]
mod tests {
    use super::*;

    fn given(path: &str, text: &str) -> GivenFile {
        GivenFile { path: path.into(), bytes: text.as_bytes().to_vec() }
    }

    /// A FreePBX-style split: pjsip.conf includes its parts by a glob; the dialplan and the ACL
    /// file come along; the rest of /etc/asterisk is left out, each with its reason.
    #[test]
    fn a_freepbx_style_directory_keeps_what_loading_reaches() {
        let files = vec![
            given("etc/asterisk/pjsip.conf", "#include pjsip.*.conf\n#include pjsip_custom.conf\n"),
            given("etc/asterisk/pjsip.endpoint.conf", "[6001]\ntype=endpoint\ncontext=from-internal\naors=6001\n"),
            given("etc/asterisk/pjsip.aor.conf", "[6001]\ntype=aor\nmax_contacts=1\n"),
            given("etc/asterisk/pjsip_custom.conf", ""),
            given("etc/asterisk/extensions.conf", "[from-internal]\nexten => _X.,1,Answer()\n#include extensions_custom.conf\n"),
            given("etc/asterisk/extensions_custom.conf", "[custom]\n"),
            given("etc/asterisk/acl.conf", "[office]\npermit=192.0.2.0/24\n"),
            given("etc/asterisk/sip.conf", "[general]\n"),
            given("etc/asterisk/manager.conf", "[general]\n"),
            given("etc/asterisk/README", "notes"),
            given("etc/asterisk/.git/config", "[core]\n"),
            given("etc/asterisk/backup/pjsip.conf", "[old]\n"),
        ];
        let d = read(files);
        assert_eq!(d.problem, None);
        let names: Vec<&str> = d.tabs.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "pjsip.conf",
                "acl.conf",
                "extensions.conf",
                "extensions_custom.conf",
                "pjsip.aor.conf",
                "pjsip.endpoint.conf",
                "pjsip_custom.conf"
            ]
        );
        let left: Vec<(&str, &str)> = d.left_out.iter().map(|l| (l.path.as_str(), l.why.as_str())).collect();
        assert_eq!(left.len(), 5, "{left:?}");
        assert!(left.contains(&(".git/config", "in a hidden folder or hidden")));
        assert!(left.contains(&("README", "not a .conf file")));
        assert!(left.iter().any(|(p, why)| *p == "sip.conf" && why.starts_with("not included")));
        assert!(left.iter().any(|(p, why)| *p == "manager.conf" && why.starts_with("not included")));
        assert!(left.iter().any(|(p, why)| *p == "backup/pjsip.conf" && why.starts_with("not included")));
    }

    #[test]
    fn without_pjsip_conf_nothing_opens_and_the_reason_is_given() {
        let d = read(vec![given("sip.conf", "[general]\n"), given("extensions.conf", "")]);
        assert!(d.problem.as_deref().is_some_and(|p| p.contains("no pjsip.conf")));
        assert!(d.tabs.is_empty());
        assert_eq!(d.left_out.len(), 2);
        assert_eq!(read(Vec::new()).tabs, Vec::new());
    }

    #[test]
    fn more_files_than_tabs_are_listed_not_dropped_silently() {
        let mut files = vec![given("pjsip.conf", "#include part*.conf\n")];
        files.extend((0..20).map(|n| given(&format!("part{n:02}.conf"), "")));
        let d = read(files);
        assert_eq!(d.tabs.len(), MAX_FILES);
        assert_eq!(d.left_out.len(), 21 - MAX_FILES);
        assert!(d.left_out.iter().all(|l| l.why.contains("at most")));
    }
}
