//! "Did you mean": how close a misspelt name is to the names that exist. One distance, two
//! policies — the single best name for a quick fix ([`closest`]) and up to three for a
//! message listing possibilities ([`suggestions`]).

/// Levenshtein distance between two names, ignoring case (characters, not bytes).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (lower_chars(a), lower_chars(b));
    distance_within(&a, &b, usize::MAX, &mut Rows::default()).unwrap_or(usize::MAX)
}

fn lower_chars(word: &str) -> Vec<char> {
    word.chars().flat_map(char::to_lowercase).collect()
}

/// The two rows of the distance table, kept between calls.
#[derive(Default)]
struct Rows(Vec<usize>, Vec<usize>);

/// The Levenshtein distance of `a` and `b` when it is at most `limit`, else `None` — found
/// without filling the whole table when it is not: the distance is at least the difference of
/// the lengths, and the smallest entry of a row never decreases from one row to the next, so a
/// row whose entries all exceed the limit ends the search.
fn distance_within(a: &[char], b: &[char], limit: usize, rows: &mut Rows) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let Rows(previous, current) = rows;
    previous.clear();
    previous.extend(0..=b.len());
    current.clear();
    current.resize(b.len() + 1, 0);
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        let mut smallest = current[0];
        for (j, cb) in b.iter().enumerate() {
            current[j + 1] = (previous[j] + usize::from(ca != cb)).min(previous[j + 1] + 1).min(current[j] + 1);
            smallest = smallest.min(current[j + 1]);
        }
        if smallest > limit {
            return None;
        }
        std::mem::swap(previous, current);
    }
    Some(previous[b.len()]).filter(|&d| d <= limit)
}

/// The closest candidate, if one is within a distance proportional to the word's length (one
/// edit per three characters, between one and three): what a quick fix may rename to. The
/// first of equally close candidates wins.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    let word = lower_chars(word);
    let (mut rows, mut candidate) = (Rows::default(), Vec::new());
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        candidate.clear();
        if c.is_ascii() {
            candidate.extend(c.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            candidate.extend(c.chars().flat_map(char::to_lowercase));
        }
        // Only a strictly closer candidate can replace the best so far.
        let within = best.map_or(limit, |(d, _)| d.saturating_sub(1));
        if let Some(d) = distance_within(&word, &candidate, within, &mut rows) {
            if best.is_none_or(|(b, _)| d < b) {
                best = Some((d, c));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// Up to three names close to `wanted`, best first: within a distance of a third of its length
/// (at least two), or sharing the word (`max_contact` finds `max_contacts`).
pub fn suggestions(wanted: &str, known: impl Iterator<Item = &'static str>) -> Vec<&'static str> {
    let wanted = wanted.to_ascii_lowercase();
    let limit = (wanted.len() / 3).max(2);
    let mut scored: Vec<(usize, &'static str)> = known
        .filter_map(|name| {
            let lower = name.to_ascii_lowercase();
            let distance = edit_distance(&wanted, &lower);
            let contains = wanted.len() >= 4 && (lower.contains(&wanted) || wanted.contains(&lower) && lower.len() >= 4);
            (distance <= limit || contains).then_some((if contains { distance.min(limit) } else { distance }, name))
        })
        .collect();
    scored.sort();
    scored.dedup_by_key(|(_, n)| *n);
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_and_policies() {
        assert_eq!(edit_distance("Endpoint", "endpont"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(closest("endpont", ["endpoint", "aor"]), Some("endpoint"));
        assert_eq!(closest("xyz", ["endpoint", "aor"]), None);
        assert_eq!(suggestions("max_contact", ["max_contacts", "minimum_expiration", "contact"].into_iter()), ["max_contacts", "contact"]);
        assert_eq!(closest("contxt", ["context", "contact", "ContXt"]), Some("ContXt"), "the closest, not the first within reach");
        assert_eq!(closest("abcd", ["abxx", "abcx", "abcy"]), Some("abcx"), "the first of equally close ones");
    }

    proptest::proptest! {
        /// The pruned search finds what comparing every full distance finds.
        #[test]
        fn closest_is_the_first_nearest_within_reach(word in "[a-dA-D_é]{0,9}", candidates in proptest::collection::vec("[a-dA-D_é]{0,9}", 0..8)) {
            let limit = (word.chars().count() / 3).clamp(1, 3);
            let expected = candidates
                .iter()
                .map(|c| (edit_distance(&word, c), c.as_str()))
                .filter(|(d, _)| *d <= limit)
                .min_by_key(|(d, _)| *d)
                .map(|(_, c)| c);
            proptest::prop_assert_eq!(closest(&word, candidates.iter().map(String::as_str)), expected);
        }

        /// The bounded table is the full one.
        #[test]
        fn distances_are_levenshtein(a in "[ab]{0,7}", b in "[ab]{0,7}") {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let mut table = vec![vec![0; b.len() + 1]; a.len() + 1];
            for i in 0..=a.len() {
                for j in 0..=b.len() {
                    table[i][j] = if i == 0 || j == 0 { i + j } else {
                        (table[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1])).min(table[i - 1][j] + 1).min(table[i][j - 1] + 1)
                    };
                }
            }
            proptest::prop_assert_eq!(distance_within(&a, &b, usize::MAX, &mut Rows::default()), Some(table[a.len()][b.len()]));
        }
    }
}
