//! Semantic tokens straight from the syntax tree, so an editor colours a file exactly as the
//! parser reads it: a `;` inside a value after `\` stays value, a block comment hides the
//! headers in it, a line Asterisk rejects gets no colour of a valid one.

use lsp_types::{SemanticToken, SemanticTokenType, SemanticTokensLegend};
use pjsip_syntax::{parse, FileId, SyntaxKind};

use crate::position::{Encoding, Lines};

/// The token types, in legend order (the index is what the protocol sends).
const TYPES: [SemanticTokenType; 7] = [
    SemanticTokenType::COMMENT,
    SemanticTokenType::NAMESPACE,
    SemanticTokenType::TYPE,
    SemanticTokenType::KEYWORD,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::OPERATOR,
    SemanticTokenType::STRING,
];

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend { token_types: TYPES.to_vec(), token_modifiers: Vec::new() }
}

/// The legend index of a syntax token, or `None` for what is left uncoloured (whitespace,
/// brackets, errors).
fn class(kind: SyntaxKind) -> Option<u32> {
    Some(match kind {
        SyntaxKind::LineComment | SyntaxKind::BlockComment | SyntaxKind::HeaderTrailing => 0,
        SyntaxKind::SectionName => 1,
        SyntaxKind::HeaderOption => 2,
        SyntaxKind::Hash | SyntaxKind::DirectiveName => 3,
        SyntaxKind::Key => 4,
        SyntaxKind::Eq | SyntaxKind::Arrow | SyntaxKind::PlusEq => 5,
        SyntaxKind::Value | SyntaxKind::DirectiveArgument | SyntaxKind::Escape => 6,
        SyntaxKind::Whitespace
        | SyntaxKind::Newline
        | SyntaxKind::Bom
        | SyntaxKind::LBracket
        | SyntaxKind::RBracket
        | SyntaxKind::LParen
        | SyntaxKind::RParen
        | SyntaxKind::Comma
        | SyntaxKind::Error
        | SyntaxKind::Skipped => return None,
    })
}

/// Every coloured token of `text`, relative-encoded as the protocol wants. Tokens never cross
/// a line (the tree splits block comments per line), so each is one protocol token.
pub fn tokens(text: &str, encoding: Encoding) -> Vec<SemanticToken> {
    let tree = parse(FileId(0), text).tree;
    let lines = Lines::new(text, encoding);
    let mut out = Vec::new();
    let (mut last_line, mut last_start) = (0, 0);
    for token in &tree.tokens {
        let Some(class) = class(token.kind) else { continue };
        if token.span.is_empty() {
            continue;
        }
        let start = lines.position(token.span.start as usize);
        // The end without a trailing line break (a comment token stops before it anyway).
        let end = lines.position(token.span.end as usize);
        let length = if end.line == start.line { end.character - start.character } else { continue };
        let delta_line = start.line - last_line;
        let delta_start = if delta_line == 0 { start.character - last_start } else { start.character };
        out.push(SemanticToken { delta_line, delta_start, length, token_type: class, token_modifiers_bitset: 0 });
        (last_line, last_start) = (start.line, start.character);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_key_and_comment() {
        let got = tokens("[a](t) ; c\nk = v\n", Encoding::Utf16);
        let flat: Vec<(u32, u32, u32, u32)> = got.iter().map(|t| (t.delta_line, t.delta_start, t.length, t.token_type)).collect();
        assert_eq!(flat, vec![(0, 1, 1, 1), (0, 3, 1, 2), (0, 3, 3, 0), (1, 0, 1, 4), (0, 2, 1, 5), (0, 2, 1, 6)]);
    }

    #[test]
    fn block_comments_hide_headers() {
        let got = tokens(";--\n[x]\n--;\n", Encoding::Utf8);
        assert!(got.iter().all(|t| t.token_type == 0), "{got:?}");
    }
}
