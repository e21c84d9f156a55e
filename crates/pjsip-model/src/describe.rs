//! Plain-words descriptions of load results, shared by the CLI, the diagram and the app.

use crate::model::{Reason, Rejected};
use crate::{FileSpan, Loaded};

impl Loaded {
    /// `file:line` of a position, 1-based.
    pub fn place(&self, at: FileSpan) -> String {
        let (file, text) = self.file(at.file);
        let start = (at.span.start as usize).min(text.len());
        let line = text.as_bytes()[..start].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("{file}:{line}")
    }

    /// Why a rejected object does not exist, in plain words (one sentence, no final period).
    pub fn rejection_text(&self, rejected: &Rejected) -> String {
        let type_name = rejected.type_name();
        match &rejected.reason {
            Reason::UnknownOption { name, known_in, .. } if known_in.0 == 0 => {
                format!("{type_name} has no option `{name}`, so Asterisk refuses the whole object")
            }
            Reason::UnknownOption { name, known_in, .. } => {
                let releases: Vec<String> = known_in.versions().map(|v| v.major().to_string()).collect();
                format!(
                    "option `{name}` does not exist in the target Asterisk release (only in {}), so Asterisk refuses the whole object",
                    releases.join(", ")
                )
            }
            Reason::InvalidValue { name, value, problem, .. } => {
                format!("`{name}={value}` is refused ({problem}), so Asterisk refuses the whole object")
            }
            Reason::Apply { message, .. } => format!("{message}, so Asterisk drops the object"),
            Reason::DuplicateId { other } => {
                format!("another {type_name} has the same name ({}), so Asterisk loads no {type_name} at all", self.place(*other))
            }
            Reason::TooManySingletons { other } => format!(
                "there is more than one `type={type_name}` section (another at {}), so Asterisk ignores all of them",
                self.place(*other)
            ),
            Reason::TypeNotLoaded { because_of, at } => {
                format!("{type_name} '{because_of}' is defined twice ({}), so Asterisk loads no {type_name} at all", self.place(*at))
            }
            Reason::Wizard { message, .. } => format!("{message}, so the wizard creates none of its objects"),
        }
    }
}
