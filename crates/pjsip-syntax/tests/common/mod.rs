//! Structural invariants every parse must satisfy, whatever the input.

use pjsip_syntax::Parse;

/// Checks that the tree is lossless and well-nested; returns the first violation.
pub fn check_invariants(text: &str, parse: &Parse) -> Result<(), String> {
    let tree = &parse.tree;
    if tree.print(text) != text {
        return Err("printing the tree does not give back the input".into());
    }
    let mut pos = 0u32;
    for token in &tree.tokens {
        if token.span.start != pos || token.span.end <= token.span.start {
            return Err(format!("token {token:?} does not start at {pos} or is empty"));
        }
        if !text.is_char_boundary(token.span.start as usize) || !text.is_char_boundary(token.span.end as usize) {
            return Err(format!("token {token:?} splits a character"));
        }
        pos = token.span.end;
    }
    if pos as usize != text.len() {
        return Err(format!("tokens end at {pos}, text at {}", text.len()));
    }
    let mut line_pos = 0u32;
    let mut token_pos = 0u32;
    for (i, line) in tree.lines.iter().enumerate() {
        if line.span.start != line_pos || line.number as usize != i + 1 || line.tokens.0 != token_pos {
            return Err(format!("line {i} is not contiguous: {line:?}"));
        }
        for token in tree.line_tokens(line) {
            if !line.span.contains(token.span) {
                return Err(format!("token {token:?} is outside line {}", line.number));
            }
        }
        line_pos = line.span.end;
        token_pos = line.tokens.1;
    }
    if line_pos as usize != text.len() || token_pos as usize != tree.tokens.len() {
        return Err("lines do not cover the text and tokens".into());
    }
    let mut section_line = 0u32;
    for section in &tree.sections {
        if section.lines.0 != section_line || section.lines.1 <= section.lines.0 {
            return Err(format!("section {section:?} is not contiguous"));
        }
        let first = &tree.lines[section.lines.0 as usize];
        let last = &tree.lines[section.lines.1 as usize - 1];
        if section.span.start != first.span.start || section.span.end != last.span.end {
            return Err(format!("section {section:?} span does not match its lines"));
        }
        section_line = section.lines.1;
    }
    if section_line as usize != tree.lines.len() {
        return Err("sections do not cover all lines".into());
    }
    for diagnostic in &parse.diagnostics {
        let span = diagnostic.primary.span;
        if span.end as usize > text.len() || span.start > span.end {
            return Err(format!("diagnostic {} has a bad range {span:?}", diagnostic.code));
        }
    }
    Ok(())
}
