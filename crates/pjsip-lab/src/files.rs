//! Reading the user's files from disk, with includes resolved relative to the including file.
//! A directory stands for a whole configuration directory (`/etc/asterisk`): its `.conf` files
//! are read, so `#include` globs find theirs (FreePBX's `pjsip.*.conf`), and loading picks
//! `pjsip.conf`, `pjsip_wizard.conf`, `extensions.conf` and `acl.conf` out of them.

use std::path::{Path, PathBuf};

use pjsip_analysis::{Input, InputFile};

use crate::args::Args;

/// A configuration directory holds at most this many `.conf` files and bytes: past that it is
/// not one (a home directory given by mistake), and reading it is refused.
const MAX_DIRECTORY_FILES: usize = 5_000;
const MAX_DIRECTORY_BYTES: u64 = 256 << 20;

/// Every `.conf` file under `dir` (recursively, hidden folders skipped), top-level files first.
pub fn directory_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    let mut bytes = 0u64;
    while let Some(current) = pending.pop() {
        let entries = std::fs::read_dir(&current).map_err(|e| format!("{}: {e}", current.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else { continue };
            let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if kind.is_dir() && !hidden {
                pending.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|e| e == "conf") {
                bytes += entry.metadata().map_or(0, |m| m.len());
                found.push(path);
            }
            if found.len() > MAX_DIRECTORY_FILES || bytes > MAX_DIRECTORY_BYTES {
                return Err(format!(
                    "{} holds more than {MAX_DIRECTORY_FILES} .conf files or {} MB: give the configuration directory itself",
                    dir.display(),
                    MAX_DIRECTORY_BYTES >> 20
                ));
            }
        }
    }
    found.sort_by_key(|p| (p.components().count(), p.clone()));
    Ok(found)
}

/// Expands directories among `names` into their files (see [`directory_files`]).
pub fn expand(names: &[String]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for name in names {
        let path = Path::new(name);
        if name != "-" && path.is_dir() {
            let files = directory_files(path)?;
            if !files
                .iter()
                .any(|f| f.file_name().is_some_and(|n| n == pjsip_analysis::PJSIP_CONF || n == pjsip_analysis::PJSIP_WIZARD_CONF))
            {
                return Err(format!("{name} has no pjsip.conf or pjsip_wizard.conf"));
            }
            out.extend(files.into_iter().map(|f| f.to_string_lossy().into_owned()));
        } else {
            out.push(name.clone());
        }
    }
    Ok(out)
}

/// One input per group of files; includes are read from disk on demand.
pub fn input(names: &[String], args: &Args) -> Result<Input, String> {
    let names = expand(names)?;
    let mut files = Vec::new();
    for name in &names {
        let text = if name == "-" {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|e| format!("stdin: {e}"))?;
            text
        } else {
            let bytes = std::fs::read(name).map_err(|e| format!("{name}: {e}"))?;
            // Asterisk reads bytes; keep going on invalid UTF-8 rather than refusing the file.
            String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        };
        files.push(InputFile { name: if name == "-" { "pjsip.conf".into() } else { name.clone() }, text });
    }
    Ok(Input::new(files, args.version).with_reader(Box::new(|path: &str| {
        let bytes = std::fs::read(path).ok()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    })))
}
