//! Two small matchers: dialplan extension patterns (`_2XX`, `_X.`, `_[1-5]!`) and the
//! `/regex/` form of identify `match_header` / `match_request_uri`. The regex side is a small
//! backtracking subset of POSIX extended expressions (anchors, `.`, bracket sets, `* + ?`,
//! top-level `|`, escapes) — enough for what people write there, with no regex crate.

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

fn match_tokens(tokens: &[Tok], s: &[char]) -> ExtenMatch {
    match (tokens.first(), s.first()) {
        (None, None) => ExtenMatch::Full,
        (None, Some(_)) => ExtenMatch::No,
        (Some(Tok::ZeroOrMore), _) => ExtenMatch::Full,
        (Some(Tok::OneOrMore), None) => ExtenMatch::Partial,
        (Some(Tok::OneOrMore), Some(_)) => ExtenMatch::Full,
        (Some(Tok::Set(_)), None) => ExtenMatch::Partial,
        (Some(Tok::Set(set)), Some(&c)) => {
            if set.iter().any(|&(lo, hi)| lo <= c && c <= hi) {
                match_tokens(&tokens[1..], &s[1..])
            } else {
                ExtenMatch::No
            }
        }
    }
}

/// A compiled `/regex/` (without the slashes).
#[derive(Clone, Debug)]
pub struct Regex {
    alternatives: Vec<Vec<Piece>>,
}

#[derive(Clone, Debug)]
enum Atom {
    Any,
    Char(char),
    Set { negated: bool, ranges: Vec<(char, char)> },
    Start,
    End,
}

#[derive(Clone, Debug)]
struct Piece {
    atom: Atom,
    min: usize,
    max: usize,
}

impl Regex {
    /// Compiles the supported subset; `None` when the expression uses something else
    /// (groups, counted repetition, back-references).
    pub fn new(expression: &str) -> Option<Regex> {
        let mut alternatives: Vec<Vec<Piece>> = vec![Vec::new()];
        let mut chars = expression.chars().peekable();
        while let Some(c) = chars.next() {
            let atom = match c {
                '|' => {
                    alternatives.push(Vec::new());
                    continue;
                }
                '(' | ')' | '{' | '}' => return None,
                '.' => Atom::Any,
                '^' => Atom::Start,
                '$' => Atom::End,
                '\\' => Atom::Char(chars.next()?),
                '[' => {
                    let negated = chars.peek() == Some(&'^');
                    if negated {
                        chars.next();
                    }
                    let mut body = Vec::new();
                    // A `]` right after `[` or `[^` is a literal member.
                    if chars.peek() == Some(&']') {
                        body.push(chars.next()?);
                    }
                    loop {
                        match chars.next()? {
                            ']' => break,
                            c => body.push(c),
                        }
                    }
                    Atom::Set { negated, ranges: char_ranges(&body) }
                }
                '*' | '+' | '?' => {
                    let piece = alternatives.last_mut()?.last_mut()?;
                    match c {
                        '*' => piece.min = 0,
                        '+' => {}
                        _ => {
                            piece.min = 0;
                            piece.max = 1;
                            continue;
                        }
                    }
                    piece.max = usize::MAX;
                    continue;
                }
                c => Atom::Char(c),
            };
            alternatives.last_mut()?.push(Piece { atom, min: 1, max: 1 });
        }
        Some(Regex { alternatives })
    }

    /// Whether the expression matches anywhere in `text` (POSIX `regexec` without anchors).
    pub fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        self.alternatives.iter().any(|alt| (0..=chars.len()).any(|start| match_here(alt, &chars, start)))
    }
}

fn match_here(pieces: &[Piece], s: &[char], pos: usize) -> bool {
    let Some(piece) = pieces.first() else { return true };
    match piece.atom {
        Atom::Start => return pos == 0 && match_here(&pieces[1..], s, pos),
        Atom::End => return pos == s.len() && match_here(&pieces[1..], s, pos),
        _ => {}
    }
    let mut count = 0;
    while count < piece.max && pos + count < s.len() && atom_matches(&piece.atom, s[pos + count]) {
        count += 1;
    }
    // Greedy, then back off.
    loop {
        if count >= piece.min && match_here(&pieces[1..], s, pos + count) {
            return true;
        }
        if count == 0 {
            return false;
        }
        count -= 1;
    }
}

fn atom_matches(atom: &Atom, c: char) -> bool {
    match atom {
        Atom::Any => true,
        Atom::Char(x) => *x == c,
        Atom::Set { negated, ranges } => ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated,
        Atom::Start | Atom::End => false,
    }
}

/// The members of a bracket set (`[1-5a]`, a dialplan pattern's or a regex's) as inclusive
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

    #[test]
    fn regex_subset() {
        let re = Regex::new("^sip:49[0-9]+@").unwrap();
        assert!(re.is_match("sip:4930123@127.0.0.1:5060"));
        assert!(!re.is_match("sip:4330123@127.0.0.1:5060"));
        assert!(Regex::new("acme|globex").unwrap().is_match("x-globex"));
        assert!(Regex::new("^a.*z$").unwrap().is_match("abcz"));
        assert!(!Regex::new("^a.*z$").unwrap().is_match("abczq"));
        assert!(Regex::new("(a)").is_none());
    }
}
