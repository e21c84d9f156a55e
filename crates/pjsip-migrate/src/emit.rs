//! Writes a [`Plan`] as `pjsip.conf` text, and records for every written line the sip.conf
//! lines it comes from.
//!
//! The layout is fixed so the output is deterministic: a header comment, then one group per
//! sip.conf section (a comment naming its origin, then its PJSIP sections), options in the
//! order the converter produced them. Values are written with `;` escaped (`\;`), the way
//! Asterisk's config reader expects a literal semicolon; comments never contain a block
//! comment marker.

use pjsip_syntax::FileSpan;

use crate::plan::{Block, Group, Plan};

/// One written line and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// 1-based line number in the output.
    pub line: u32,
    /// Byte range of the line in the output, without its line break.
    pub start: u32,
    pub end: u32,
    pub sources: Vec<FileSpan>,
}

/// Builds text and keeps the line records in step.
#[derive(Debug, Default)]
pub struct Writer {
    pub text: String,
    pub lines: Vec<Written>,
}

impl Writer {
    pub fn line(&mut self, content: &str, sources: Vec<FileSpan>) {
        let start = self.text.len() as u32;
        self.text.push_str(content);
        let end = self.text.len() as u32;
        self.text.push('\n');
        let line = self.lines.len() as u32 + 1;
        let mut sources = sources;
        sources.sort();
        sources.dedup();
        self.lines.push(Written { line, start, end, sources });
    }

    pub fn blank(&mut self) {
        self.line("", Vec::new());
    }

    pub fn comment(&mut self, text: &str, sources: Vec<FileSpan>) {
        self.line(&format!("; {}", safe_comment(text)), sources);
    }
}

/// The pjsip.conf text of `groups` (a subset of a plan's groups, in order).
pub fn pjsip_conf(groups: &[&Group], header: &[String]) -> Writer {
    let mut w = Writer::default();
    for line in header {
        w.comment(line, Vec::new());
    }
    for group in groups {
        if group.blocks.is_empty() {
            continue;
        }
        w.blank();
        w.comment(&format!("---- {}", group.title), group.at.into_iter().collect());
        for block in &group.blocks {
            write_block(&mut w, block);
        }
    }
    w
}

fn write_block(w: &mut Writer, block: &Block) {
    let mut header = format!("[{}]", block.name);
    let mut items: Vec<&str> = Vec::new();
    if block.template {
        items.push("!");
    }
    items.extend(block.bases.iter().map(String::as_str));
    if !items.is_empty() {
        header.push_str(&format!("({})", items.join(",")));
    }
    w.blank();
    w.line(&header, block.sources.clone());
    for opt in &block.options {
        if opt.name.is_empty() {
            w.comment(opt.comment.as_deref().unwrap_or(""), opt.sources.clone());
            continue;
        }
        let mut line = format!("{} = {}", opt.name, escape(&opt.value));
        if let Some(comment) = &opt.comment {
            line.push_str(&format!(" ; {}", safe_comment(comment)));
        }
        w.line(&line, opt.sources.clone());
    }
}

/// `;` starts a comment in Asterisk's config files; a literal one is written `\;`.
pub fn escape(value: &str) -> String {
    value.replace(';', "\\;")
}

/// Comment text that cannot open or close a block comment, on one line.
pub fn safe_comment(text: &str) -> String {
    text.replace(['\n', '\r'], " ").replace(";--", "; --").replace("--;", "-- ;")
}

/// A whole plan as one pjsip.conf.
pub fn plan(plan: &Plan, header: &[String]) -> Writer {
    let groups: Vec<&Group> = plan.groups.iter().collect();
    pjsip_conf(&groups, header)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape("sip:proxy;lr"), "sip:proxy\\;lr");
        assert_eq!(escape("a\\b"), "a\\b");
        assert_eq!(safe_comment("x ;-- y --; z"), "x ; -- y -- ; z");
    }

    #[test]
    fn lines_record_their_ranges() {
        let mut w = Writer::default();
        w.comment("hello", Vec::new());
        w.line("[x]", Vec::new());
        assert_eq!(w.text, "; hello\n[x]\n");
        assert_eq!((w.lines[1].start, w.lines[1].end, w.lines[1].line), (8, 11, 2));
    }
}
