//! The product owners every seeded catalog assigns its products to, deterministically.

use super::model::SeedUser;

/// The owners, in a fixed order (`username`, display name).
const OWNERS: &[(&str, &str)] = &[
    ("mara.keller", "Mara Keller"),
    ("jonas.brandt", "Jonas Brandt"),
    ("aisha.rahman", "Aisha Rahman"),
    ("luca.moretti", "Luca Moretti"),
    ("sofia.lindqvist", "Sofia Lindqvist"),
];

/// The owners as 4ALLPORTAL users.
pub fn owners() -> Vec<SeedUser> {
    OWNERS
        .iter()
        .map(|(username, display_name)| SeedUser {
            username: (*username).to_owned(),
            email: format!("{username}@shelflink-demo.example"),
            display_name: (*display_name).to_owned(),
        })
        .collect()
}

/// The owner of the product `sku` for seed number `seed`: stable for the same pair.
pub fn owner_for(sku: &str, seed: u64) -> String {
    let index = (stable_hash(sku) ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)) % OWNERS.len() as u64;
    OWNERS[index as usize].0.to_owned()
}

/// FNV-1a: a hash that stays the same across runs and platforms.
pub fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_sku_and_seed_give_the_same_owner() {
        assert_eq!(owner_for("MH02", 7), owner_for("MH02", 7));
        let names: Vec<String> = owners().into_iter().map(|u| u.username).collect();
        assert!(names.contains(&owner_for("MH02", 7)));
    }

    #[test]
    fn owners_spread_over_many_skus() {
        let distinct: std::collections::BTreeSet<String> = (0..100)
            .map(|i| owner_for(&format!("SKU-{i}"), 1))
            .collect();
        assert_eq!(distinct.len(), OWNERS.len());
    }
}
