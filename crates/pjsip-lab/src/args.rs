//! A small, strict argument parser: flags may appear anywhere after the command.

use pjsip_analysis::AsteriskVersion;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

/// `check`'s formats for CI systems (`--format sarif|github`); `format` stays human then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CiFormat {
    /// SARIF 2.1.0, for code-scanning uploads.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

#[derive(Clone, Debug)]
pub struct Args {
    pub files: Vec<String>,
    pub format: Format,
    pub ci_format: Option<CiFormat>,
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
            ci_format: None,
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
                        "human" => {
                            args.ci_format = None;
                            Format::Human
                        }
                        "json" => {
                            args.ci_format = None;
                            Format::Json
                        }
                        "sarif" => {
                            args.ci_format = Some(CiFormat::Sarif);
                            Format::Human
                        }
                        "github" => {
                            args.ci_format = Some(CiFormat::Github);
                            Format::Human
                        }
                        other => return Err(format!("unknown format `{other}` (expected human, json, sarif or github)")),
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
