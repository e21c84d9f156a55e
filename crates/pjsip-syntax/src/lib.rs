//! Lossless parsing and loading of Asterisk `.conf` files.
//!
//! Two layers, both total (they never fail and never panic, whatever the input):
//!
//! * [`parse`] turns one file's text into a [`SyntaxTree`] — tokens that cover every byte, grouped
//!   into lines and sections — plus syntax [`Diagnostic`]s. Printing the tree gives back the input.
//! * [`load`] follows `#include`s across a [`SourceSet`] and builds the [`Config`]: categories with
//!   inherited, added and appended variables, exactly as Asterisk's `main/config.c` does, plus the
//!   diagnostics for everything Asterisk would refuse.
//!
//! Nothing here knows about PJSIP: option names, `type=` and objects live in `pjsip-analysis`.
//! Positions are byte [`Span`]s; [`LineIndex`] converts them for humans and browsers.

pub mod codes;
pub mod config;
pub mod diagnostic;
pub mod edit;
pub mod fast_hash;
pub mod filter;
pub mod line_index;
pub mod parser;
pub mod regex;
pub mod render;
pub mod source;
pub mod span;
pub mod tree;

pub use config::{load, load_reusing, load_text, Category, CategoryId, Config, Include, Origin, Variable, VariableParts};
pub use diagnostic::{Applicability, Code, CodeInfo, Diagnostic, Family, Fix, Label, Severity, TextEdit};
pub use edit::{changed_region, ChangedRegion};
pub use line_index::{byte_offset_from_utf16, floor_char_boundary, utf16_offsets, LineCol, LineIndex};
pub use parser::{parse, reparse, Parse, MAX_LINE_LEN};
pub use render::Locator;
pub use source::{FileReader, SourceFile, SourceSet};
pub use span::{FileId, FileSpan, Span};
pub use tree::{AssignOp, Assignment, Directive, DirectiveKind, Header, Line, LineKind, SectionNode, SyntaxKind, SyntaxTree, Text, Token};

#[doc(hidden)]
pub mod sample;
