//! Content addresses: a thumbnail's key is the SHA-256 of what it shows — the source object,
//! its content fingerprint and the size. A replaced file has a new fingerprint, so it gets a
//! new key (new pixels at once) and the old entry ages out of the store.

use super::size::ThumbSize;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ThumbKey([u8; 32]);

impl ThumbKey {
    /// The key of `source` (its identity, e.g. `ps:I0000abc`) whose content is `fingerprint`,
    /// at `size`.
    pub fn new(source: &str, fingerprint: &str, size: ThumbSize) -> ThumbKey {
        let mut hash = Sha256::new();
        for part in ["shelflink-thumb/1", source, fingerprint] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        hash.update(size.px().to_be_bytes());
        ThumbKey(hash.finalize().into())
    }

    /// Lowercase hex, 64 characters (also the file name and the HTTP ETag).
    pub fn hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn from_hex(text: &str) -> Option<ThumbKey> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes).ok()?;
        Some(ThumbKey(bytes))
    }

    /// The file inside the store: sharded by the first byte (`ab/ab12…`), 256 folders.
    pub fn relative_path(&self) -> PathBuf {
        let hex = self.hex();
        PathBuf::from(&hex[..2]).join(hex)
    }
}

impl std::fmt::Debug for ThumbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ThumbKey({})", &self.hex()[..16])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_fingerprint_or_size_is_a_new_key() {
        let key = ThumbKey::new("ps:I0000abc", "tok1|2048|2024-03-01", ThumbSize::Grid);
        assert_eq!(
            key,
            ThumbKey::new("ps:I0000abc", "tok1|2048|2024-03-01", ThumbSize::Grid)
        );
        assert_ne!(
            key,
            ThumbKey::new("ps:I0000abc", "tok2|2050|2024-03-02", ThumbSize::Grid)
        );
        assert_ne!(
            key,
            ThumbKey::new("ps:I0000abc", "tok1|2048|2024-03-01", ThumbSize::List)
        );
        assert_ne!(
            key,
            ThumbKey::new("ps:I0000abd", "tok1|2048|2024-03-01", ThumbSize::Grid)
        );
        // Parts cannot run into each other.
        assert_ne!(
            ThumbKey::new("ab", "c", ThumbSize::List),
            ThumbKey::new("a", "bc", ThumbSize::List)
        );
        assert_eq!(ThumbKey::from_hex(&key.hex()), Some(key));
        let path = key.relative_path();
        assert_eq!(path.parent().unwrap().to_str().unwrap(), &key.hex()[..2]);
    }
}
