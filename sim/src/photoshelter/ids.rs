//! PhotoShelter-shaped ids: a one-letter prefix, `0000`, then 11 characters of
//! `[A-Za-z0-9._]` (16 in all, e.g. `G00002zJswTLj.CY`). Seed objects get ids from a hash of
//! what names them, so the same catalog always gives the same ids; objects made at run time
//! get ids from a seeded generator.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
const TAIL: usize = 11;

/// The id with `prefix` derived from `name` (stable across runs).
pub fn hashed(prefix: char, name: &str) -> String {
    let digest = Sha256::digest(name.as_bytes());
    let mut id = format!("{prefix}0000");
    id.extend(
        digest
            .iter()
            .take(TAIL)
            .map(|b| ALPHABET[usize::from(b & 63)] as char),
    );
    id
}

/// Whether `id` has the shape of an id with `prefix`.
pub fn is_shaped(prefix: char, id: &str) -> bool {
    id.len() == 16
        && id.starts_with(prefix)
        && id[1..5] == *"0000"
        && id[5..].bytes().all(|b| ALPHABET.contains(&b))
}

/// Random ids and tokens for objects and sessions made at run time.
pub struct IdGen {
    rng: ChaCha8Rng,
}

impl IdGen {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    pub fn id(&mut self, prefix: char) -> String {
        let mut id = format!("{prefix}0000");
        id.extend((0..TAIL).map(|_| ALPHABET[self.rng.random_range(0..64)] as char));
        id
    }

    /// An alphanumeric token of `len` characters (session tokens, rendition tokens).
    pub fn token(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| ALPHABET[self.rng.random_range(0..62)] as char)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_ids_are_stable_and_shaped() {
        let a = hashed('I', "mb01-blue-0.jpg");
        assert_eq!(a, hashed('I', "mb01-blue-0.jpg"));
        assert_ne!(a, hashed('I', "mb01-blue-1.jpg"));
        assert!(is_shaped('I', &a), "{a}");
        assert!(!is_shaped('G', &a));
    }

    #[test]
    fn generated_ids_are_shaped_and_distinct() {
        let mut ids = IdGen::new(7);
        let a = ids.id('G');
        let b = ids.id('G');
        assert!(is_shaped('G', &a) && is_shaped('G', &b));
        assert_ne!(a, b);
        assert_eq!(ids.token(20).len(), 20);
    }
}
