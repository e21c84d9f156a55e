//! Where two versions of a text differ: the one region an editor's change (or a batch of them)
//! replaced. What reuse after an edit needs to know which spans kept their bytes.

/// `start..old_end` of the old text became `start..new_end` of the new one; everything before
/// `start` and after the region (moved by the length change) is equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChangedRegion {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

/// The region between the common prefix and the common suffix of `old` and `new`, or `None`
/// when they are equal. Linear, by 64-byte blocks compared as slices (a `memcmp`).
pub fn changed_region(old: &str, new: &str) -> Option<ChangedRegion> {
    let (old, new) = (old.as_bytes(), new.as_bytes());
    if old == new {
        return None;
    }
    let shorter = old.len().min(new.len());
    let prefix = common_length(shorter, |i, n| old[i..i + n] == new[i..i + n]);
    let suffix = common_length(shorter - prefix, |i, n| old[old.len() - i - n..old.len() - i] == new[new.len() - i - n..new.len() - i]);
    Some(ChangedRegion { start: prefix, old_end: old.len() - suffix, new_end: new.len() - suffix })
}

/// How many leading units (of at most `limit`) agree, `same(i, n)` comparing `n` units from
/// `i`: by 64-byte blocks first, then byte by byte.
fn common_length(limit: usize, same: impl Fn(usize, usize) -> bool) -> usize {
    const BLOCK: usize = 64;
    let mut i = 0;
    while i + BLOCK <= limit && same(i, BLOCK) {
        i += BLOCK;
    }
    while i < limit && same(i, 1) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_changed_region_is_between_the_common_ends() {
        let region = |start, old_end, new_end| Some(ChangedRegion { start, old_end, new_end });
        assert_eq!(changed_region("abc", "abc"), None);
        assert_eq!(changed_region("abcdef", "abXdef"), region(2, 3, 3));
        assert_eq!(changed_region("aaaa", "aaaaa"), region(4, 4, 5));
        assert_eq!(changed_region("aaaaa", "aaaa"), region(4, 5, 4));
        assert_eq!(changed_region("", "x"), region(0, 0, 1));
        let long = "x".repeat(300);
        assert_eq!(changed_region(&format!("{long}1{long}"), &format!("{long}22{long}")), region(300, 301, 302));
    }
}
