//! A small, fast, non-cryptographic hasher for the maps built on every analysis (category names,
//! object ids). The standard SipHash resists flooding, which a config validator does not need:
//! the only input is the user's own text, and a crafted config could only slow its own analysis.
//! The mixing step is an xor, a multiply and a shift per word (rustc's `FxHasher` plus the
//! shift, which it lacks: without it, `trunk-719` and `trunk-792` hashed alike), written out here
//! to keep the dependency list empty.

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
        // A multiply carries a difference only towards the high bits; the shift brings it back
        // down, so that two keys differing early cannot be cancelled by a later word.
        let mixed = (self.hash ^ word).wrapping_mul(SEED);
        self.hash = mixed ^ mixed >> 29;
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
        }
        // The tail (most keys are short names: often all of the key) without a copy into a
        // buffer: from 5 bytes on, two overlapping 4-byte reads plus the length (the overlap
        // alone would let `11111` meet `1111`); below that, the bytes and the length in one word.
        let rest = chunks.remainder();
        let n = rest.len();
        match n {
            0 => {}
            5.. => {
                let head = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
                let tail = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
                self.add(u64::from(head) | u64::from(tail) << 32);
                self.add(n as u64);
            }
            _ => self.add(rest.iter().fold(0u64, |word, &b| word << 8 | u64::from(b)) | (n as u64) << 56),
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

    #[test]
    fn short_keys_hash_apart() {
        // Extensions and ids are mostly a few digits: every tail length (1..=7 bytes past the
        // whole words) must still spread them.
        use std::hash::BuildHasher;
        let build = BuildHasherDefault::<FastHasher>::default();
        let keys: Vec<String> = (0..100_000).map(|n| n.to_string()).chain((0..20_000).map(|n| format!("trunk-{n}"))).collect();
        let hashes: FastSet<u64> = keys.iter().map(|k| build.hash_one(k.as_str())).collect();
        assert_eq!(hashes.len(), keys.len());
        let low_bits: FastSet<u64> = keys.iter().take(4096).map(|k| build.hash_one(k.as_str()) & 0xfff).collect();
        assert!(low_bits.len() > 2000, "table slots come from the low bits: {}", low_bits.len());
    }
}
