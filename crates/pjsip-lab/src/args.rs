//! A small, strict argument parser: flags may appear anywhere after the command.

use pjsip_analysis::AsteriskVersion;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

#[derive(Clone, Debug)]
pub struct Args {
    pub files: Vec<String>,
    pub format: Format,
    pub version: AsteriskVersion,
    pub output: Option<String>,
    /// `erd`: draw template inheritance.
    pub templates: bool,
    /// `erd`: only this object (`type/name`) and what is within two edges of it.
    pub focus: Option<String>,
}

impl Args {
    pub fn parse(raw: &[String]) -> Result<Args, String> {
        let mut args = Args {
            files: Vec::new(),
            format: Format::Human,
            version: AsteriskVersion::default(),
            output: None,
            templates: false,
            focus: None,
        };
        let mut iter = raw.iter();
        while let Some(arg) = iter.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if arg.starts_with("--") => (flag, Some(value.to_string())),
                _ => (arg.as_str(), None),
            };
            let mut value = |name: &str| inline.clone().or_else(|| iter.next().cloned()).ok_or(format!("{name} needs a value"));
            match flag {
                "--format" => {
                    args.format = match value("--format")?.as_str() {
                        "human" => Format::Human,
                        "json" => Format::Json,
                        other => return Err(format!("unknown format `{other}` (expected human or json)")),
                    }
                }
                "--asterisk" => {
                    let text = value("--asterisk")?;
                    let major = text.split('.').next().and_then(|m| m.parse().ok());
                    args.version = major
                        .and_then(AsteriskVersion::from_major)
                        .ok_or(format!("unknown Asterisk version `{text}` (expected 16, 18, 20, 21, 22 or 23)"))?;
                }
                "-o" | "--output" => args.output = Some(value("--output")?),
                "--templates" => args.templates = true,
                "--focus" => args.focus = Some(value("--focus")?),
                _ if flag.starts_with('-') && flag != "-" => return Err(format!("unknown option `{flag}`")),
                _ => args.files.push(arg.clone()),
            }
        }
        Ok(args)
    }
}
