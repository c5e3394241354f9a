//! The rights situations a synthetic image can be in, relative to the day the simulator
//! starts, and the metadata each one writes.

use super::model::SeedMetadata;
use chrono::{Duration, NaiveDate};
use rand::Rng;

/// One rights situation (see `SPREAD` for how often each occurs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RightsKind {
    /// Licence ended 1–400 days ago.
    Expired,
    /// Licence ends in 1–7 days.
    Expiring7,
    /// Licence ends in 8–14 days.
    Expiring14,
    /// Licence ends in 15–30 days.
    Expiring30,
    /// Licence runs for more than 30 days, or royalty-free without end.
    Valid,
    /// Licence starts in 3–60 days.
    NotYetValid,
    /// Valid, but only in a few countries.
    RegionRestricted,
    /// No licence information at all.
    Unknown,
}

/// Relative frequency of each situation, in percent.
pub const SPREAD: &[(RightsKind, u32)] = &[
    (RightsKind::Valid, 38),
    (RightsKind::Unknown, 14),
    (RightsKind::Expired, 10),
    (RightsKind::Expiring7, 6),
    (RightsKind::Expiring14, 6),
    (RightsKind::Expiring30, 8),
    (RightsKind::NotYetValid, 6),
    (RightsKind::RegionRestricted, 12),
];

const REGION_SETS: &[&[&str]] = &[
    &["DE", "AT", "CH"],
    &["US", "CA"],
    &["FR", "BE"],
    &["GB", "IE"],
    &["SE", "NO", "DK"],
];
const CHANNEL_SETS: &[&[&str]] = &[
    &["web", "social"],
    &["print"],
    &["web", "marketplace"],
    &["press"],
];

/// A situation drawn with the frequencies of `SPREAD`.
pub fn pick(rng: &mut impl Rng) -> RightsKind {
    let mut roll = rng.random_range(0..100);
    for (kind, share) in SPREAD {
        if roll < *share {
            return *kind;
        }
        roll -= share;
    }
    RightsKind::Valid
}

/// Writes the licence period, type, terms, regions and channels of `kind` into `meta`.
pub fn apply(kind: RightsKind, today: NaiveDate, rng: &mut impl Rng, meta: &mut SeedMetadata) {
    let days = |n: i64| today + Duration::days(n);
    let (start, end) = match kind {
        RightsKind::Expired => {
            let end = days(-rng.random_range(1..=400));
            (Some(end - Duration::days(365)), Some(end))
        }
        RightsKind::Expiring7 => (Some(days(-300)), Some(days(rng.random_range(1..=7)))),
        RightsKind::Expiring14 => (Some(days(-300)), Some(days(rng.random_range(8..=14)))),
        RightsKind::Expiring30 => (Some(days(-200)), Some(days(rng.random_range(15..=30)))),
        RightsKind::Valid | RightsKind::RegionRestricted => {
            if rng.random_bool(0.3) {
                (Some(days(-rng.random_range(30..=500))), None)
            } else {
                (
                    Some(days(-rng.random_range(30..=300))),
                    Some(days(rng.random_range(60..=900))),
                )
            }
        }
        RightsKind::NotYetValid => {
            let start = days(rng.random_range(3..=60));
            (Some(start), Some(start + Duration::days(365)))
        }
        RightsKind::Unknown => (None, None),
    };
    meta.licence_start = start;
    meta.licence_end = end;
    meta.expiration_date = end;
    meta.licence_type = match (kind, end) {
        (RightsKind::Unknown, _) => None,
        (_, None) => Some("royalty_free".to_owned()),
        _ => Some("rights_managed".to_owned()),
    };
    meta.regions = match kind {
        RightsKind::RegionRestricted => REGION_SETS[rng.random_range(0..REGION_SETS.len())]
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        _ => Vec::new(),
    };
    meta.channels = match kind {
        RightsKind::Valid if rng.random_bool(0.2) => CHANNEL_SETS
            [rng.random_range(0..CHANNEL_SETS.len())]
        .iter()
        .map(|s| (*s).to_owned())
        .collect(),
        _ => Vec::new(),
    };
    meta.usage_terms = match (kind, end) {
        (RightsKind::Unknown, _) => None,
        (_, Some(end)) => Some(format!(
            "Catalog, e-commerce and marketing use until {end}; no resale."
        )),
        (_, None) => {
            Some("Royalty-free for catalog, e-commerce and marketing use; no resale.".to_owned())
        }
    };
}

/// The situation an image's metadata describes on `today` (how tests check the spread).
pub fn classify(meta: &SeedMetadata, today: NaiveDate) -> RightsKind {
    match (meta.licence_start, meta.licence_end) {
        (None, None) => RightsKind::Unknown,
        (Some(start), _) if start > today => RightsKind::NotYetValid,
        (_, Some(end)) if end < today => RightsKind::Expired,
        _ if !meta.regions.is_empty() => RightsKind::RegionRestricted,
        (_, Some(end)) if (end - today).num_days() <= 7 => RightsKind::Expiring7,
        (_, Some(end)) if (end - today).num_days() <= 14 => RightsKind::Expiring14,
        (_, Some(end)) if (end - today).num_days() <= 30 => RightsKind::Expiring30,
        _ => RightsKind::Valid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn every_situation_reads_back_as_itself() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        for (kind, _) in SPREAD {
            for _ in 0..20 {
                let mut meta = SeedMetadata::default();
                apply(*kind, today, &mut rng, &mut meta);
                assert_eq!(classify(&meta, today), *kind);
            }
        }
    }

    #[test]
    fn the_spread_adds_up_to_one_hundred() {
        assert_eq!(SPREAD.iter().map(|(_, share)| share).sum::<u32>(), 100);
    }
}
