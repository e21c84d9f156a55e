//! A small, fast, non-cryptographic hasher for the maps built on every analysis (category names,
//! object ids). The standard SipHash resists flooding, which a config validator does not need:
//! the only input is the user's own text, and a crafted config could only slow its own analysis.
//! The mixing step is the one of rustc's `FxHasher` (a rotate, xor and multiply per word),
//! written out here to keep the dependency list empty.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
/// A `HashSet` with [`FastHasher`].
pub type FastSet<T> = HashSet<T, BuildHasherDefault<FastHasher>>;

/// See the module documentation.
#[derive(Clone, Copy, Debug, Default)]
pub struct FastHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_work_with_string_keys() {
        let mut map: FastMap<String, usize> = FastMap::default();
        for i in 0..1000 {
            map.insert(format!("phone-{i}"), i);
        }
        assert_eq!(map.len(), 1000);
        assert_eq!(map.get("phone-517"), Some(&517));
        assert_eq!(map.get("phone-1000"), None);
        // Keys differing only past the first word, and in their tail bytes, stay apart.
        let mut set: FastSet<&str> = FastSet::default();
        set.extend(["abcdefgh1", "abcdefgh2", "abcdefgh", "abcdefgh\0"]);
        assert_eq!(set.len(), 4);
    }
}
