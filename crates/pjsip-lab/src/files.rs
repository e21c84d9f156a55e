//! Reading the user's files from disk, with includes resolved relative to the including file.

use pjsip_analysis::{Input, InputFile};

use crate::args::Args;

/// One input per group of files; includes are read from disk on demand.
pub fn input(names: &[String], args: &Args) -> Result<Input, String> {
    let mut files = Vec::new();
    for name in names {
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
