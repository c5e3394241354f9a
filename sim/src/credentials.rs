//! The demo credentials a simulator run accepts, derived from the seed number.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// PhotoShelter account of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhotoshelterCredentials {
    /// 11 characters of `[A-Za-z0-9._]`.
    pub api_key: String,
    pub email: String,
    pub password: String,
    pub org_id: String,
    pub org_name: String,
}

/// 4ALLPORTAL account of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllportalCredentials {
    /// A UUID v4.
    pub api_key: String,
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Credentials {
    pub photoshelter: PhotoshelterCredentials,
    pub allportal: AllportalCredentials,
}

const ID_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";

fn id_chars(rng: &mut ChaCha8Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(ID_CHARS[rng.random_range(0..ID_CHARS.len())]))
        .collect()
}

impl Credentials {
    /// The credentials of seed number `seed` (the same seed, the same credentials).
    pub fn for_seed(seed: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xC0DE);
        let mut uuid: [u8; 16] = rng.random();
        uuid[6] = (uuid[6] & 0x0F) | 0x40;
        uuid[8] = (uuid[8] & 0x3F) | 0x80;
        let hex = hex::encode(uuid);
        Self {
            photoshelter: PhotoshelterCredentials {
                api_key: id_chars(&mut rng, 11),
                email: "demo@shelflink-demo.example".to_owned(),
                password: "shelflink-demo".to_owned(),
                org_id: format!("O0000{}", id_chars(&mut rng, 11)),
                org_name: "Shelflink Demo Studio".to_owned(),
            },
            allportal: AllportalCredentials {
                api_key: format!(
                    "{}-{}-{}-{}-{}",
                    &hex[..8],
                    &hex[8..12],
                    &hex[12..16],
                    &hex[16..20],
                    &hex[20..]
                ),
                username: "shelflink".to_owned(),
                password: "shelflink-demo".to_owned(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_have_the_shapes_of_the_real_services() {
        let c = Credentials::for_seed(1);
        let key = &c.photoshelter.api_key;
        assert_eq!(key.len(), 11);
        assert!(key.bytes().all(|b| ID_CHARS.contains(&b)));
        assert_eq!(c.photoshelter.org_id.len(), 16);
        let uuid = &c.allportal.api_key;
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "4", "version 4");
        assert!(
            matches!(&uuid[19..20], "8" | "9" | "a" | "b"),
            "RFC 4122 variant"
        );
        assert_eq!(Credentials::for_seed(1), c);
        assert_ne!(
            Credentials::for_seed(2).photoshelter.api_key,
            c.photoshelter.api_key
        );
    }
}
