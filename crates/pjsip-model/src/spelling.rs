//! "Did you mean": how close a misspelt name is to the names that exist. One distance, two
//! policies — the single best name for a quick fix ([`closest`]) and up to three for a
//! message listing possibilities ([`suggestions`]).

/// Levenshtein distance between two names, ignoring case (characters, not bytes).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            current[j + 1] = (previous[j] + usize::from(ca != cb)).min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// The closest candidate, if one is within a distance proportional to the word's length (one
/// edit per three characters, between one and three): what a quick fix may rename to.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates.into_iter().map(|c| (edit_distance(word, c), c)).filter(|(d, _)| *d <= limit).min_by_key(|(d, _)| *d).map(|(_, c)| c)
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
    }
}
