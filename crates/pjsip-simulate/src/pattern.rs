//! Dialplan extension patterns (`_2XX`, `_X.`, `_[1-5]!`) matched against a dialed string.
//! (Identify regexes are POSIX expressions: `pjsip_syntax::regex`.)

/// How an extension relates to a dialed string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtenMatch {
    /// The extension matches the string.
    Full,
    /// More digits could still make it match (what overlap dialing answers 484 for).
    Partial,
    No,
}

#[derive(Clone, Debug)]
enum Tok {
    Set(Vec<(char, char)>),
    /// `.`: one or more of anything.
    OneOrMore,
    /// `!`: zero or more of anything.
    ZeroOrMore,
}

/// Matches a dialed string against an extension as written (`_` starts a pattern).
pub fn exten_match(extension: &str, dialed: &str) -> ExtenMatch {
    let Some(pattern) = extension.strip_prefix('_') else {
        return if extension == dialed {
            ExtenMatch::Full
        } else if extension.starts_with(dialed) {
            ExtenMatch::Partial
        } else {
            ExtenMatch::No
        };
    };
    let tokens = exten_tokens(pattern);
    let chars: Vec<char> = dialed.chars().collect();
    match_tokens(&tokens, &chars)
}

fn exten_tokens(pattern: &str) -> Vec<Tok> {
    let mut tokens = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        let tok = match c.to_ascii_uppercase() {
            'X' => Tok::Set(vec![('0', '9')]),
            'Z' => Tok::Set(vec![('1', '9')]),
            'N' => Tok::Set(vec![('2', '9')]),
            '.' => Tok::OneOrMore,
            '!' => Tok::ZeroOrMore,
            // Dashes only make long patterns readable.
            '-' => continue,
            '[' => {
                let body: Vec<char> = chars.by_ref().take_while(|&c| c != ']').collect();
                Tok::Set(char_ranges(&body))
            }
            _ => Tok::Set(vec![(c, c)]),
        };
        tokens.push(tok);
    }
    tokens
}

/// One pass over tokens and characters together: each token is a single character class
/// except the two wildcards, which end the comparison. Linear, and no recursion (a pattern may
/// be thousands of characters long).
fn match_tokens(tokens: &[Tok], s: &[char]) -> ExtenMatch {
    let mut chars = s.iter();
    for token in tokens {
        let next = chars.next();
        match (token, next) {
            (Tok::ZeroOrMore, _) => return ExtenMatch::Full,
            (Tok::OneOrMore, None) => return ExtenMatch::Partial,
            (Tok::OneOrMore, Some(_)) => return ExtenMatch::Full,
            (Tok::Set(_), None) => return ExtenMatch::Partial,
            (Tok::Set(set), Some(&c)) => {
                if !set.iter().any(|&(lo, hi)| lo <= c && c <= hi) {
                    return ExtenMatch::No;
                }
            }
        }
    }
    if chars.next().is_none() {
        ExtenMatch::Full
    } else {
        ExtenMatch::No
    }
}

/// The members of a dialplan pattern's bracket set (`[1-5a]`) as inclusive
/// ranges: `x-y` is a range, any other character stands for itself.
fn char_ranges(body: &[char]) -> Vec<(char, char)> {
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < body.len() {
        if i + 2 < body.len() && body[i + 1] == '-' {
            ranges.push((body[i], body[i + 2]));
            i += 3;
        } else {
            ranges.push((body[i], body[i]));
            i += 1;
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_patterns() {
        assert_eq!(exten_match("_2XX", "250"), ExtenMatch::Full);
        assert_eq!(exten_match("_2XX", "2500"), ExtenMatch::No);
        assert_eq!(exten_match("_2XX", "25"), ExtenMatch::Partial);
        assert_eq!(exten_match("12345", "123"), ExtenMatch::Partial);
        assert_eq!(exten_match("_[!-~].", "*97"), ExtenMatch::Full);
        assert_eq!(exten_match("_[!-~].", "0"), ExtenMatch::Partial);
        assert_eq!(exten_match("_X!", "5"), ExtenMatch::Full);
    }
}
