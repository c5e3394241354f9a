//! Catalog rows for the linking tests (what a sync would have stored).

use crate::cache::{Cache, asset_rights};
use crate::linking::Rules;
use crate::rights::{LicenceDate, Origin, Rights, Sourced};
use crate::transfer::clock::fixed_clock;
use chrono::{FixedOffset, NaiveDate, TimeZone};
use rusqlite::params;

/// Rules whose "today" is 2026-03-10 noon (UTC+1).
pub fn rules() -> Rules {
    Rules {
        today: fixed_clock(
            FixedOffset::east_opt(3600)
                .unwrap()
                .with_ymd_and_hms(2026, 3, 10, 12, 0, 0)
                .unwrap(),
        ),
        ..Rules::default()
    }
}

/// Rights with a licence ending on `end`.
pub fn until(end: (i32, u32, u32)) -> Rights {
    let day = NaiveDate::from_ymd_opt(end.0, end.1, end.2).unwrap();
    Rights {
        licence_end: Some(Sourced::new(
            LicenceDate::day(day),
            Origin::PhotoShelter,
            "License.license_etime",
        )),
        ..Rights::default()
    }
}

/// Inserts an asset; returns its row id.
pub fn asset(cache: &Cache, ps_id: &str, file_name: &str, approval: &str, rights: &Rights) -> i64 {
    cache
        .with_conn(|c| {
            c.execute(
                "INSERT INTO assets (ps_id, file_name, approval, synced_at)
                 VALUES (?1, ?2, ?3, '2026-03-01T00:00:00.000Z')",
                params![ps_id, file_name, approval],
            )?;
            let id = c.last_insert_rowid();
            asset_rights::write_in_force(c, id, &serde_json::to_string(rights).unwrap())?;
            Ok(id)
        })
        .unwrap()
}

/// Inserts a product; returns its row id.
pub fn product(cache: &Cache, ap_id: &str, sku: &str, owner: Option<&str>) -> i64 {
    cache
        .with_conn(|c| {
            c.execute(
                "INSERT INTO products (ap_id, sku, name, category, campaigns, campaign, owner, synced_at)
                 VALUES (?1, ?2, ?2, 'Men/Tops/Hoodies', '[\"Spring 26\"]', 'Spring 26', ?3,
                         '2026-03-01T00:00:00.000Z')",
                params![ap_id, sku, owner],
            )?;
            Ok(c.last_insert_rowid())
        })
        .unwrap()
}

/// Puts the assets (ps ids, in version order) into one version group whose current
/// version is the first.
pub fn group(cache: &Cache, key: &str, members: &[&str]) {
    cache
        .with_conn(|c| {
            c.execute(
                "INSERT INTO version_groups (key, origin, current_asset_id, updated_at)
                 VALUES (?1, 'rule', (SELECT id FROM assets WHERE ps_id = ?2), 'x')",
                params![key, members[0]],
            )?;
            let group = c.last_insert_rowid();
            for (i, ps) in members.iter().enumerate() {
                c.execute(
                    "INSERT INTO version_members (group_id, asset_id, version_no)
                     VALUES (?1, (SELECT id FROM assets WHERE ps_id = ?2), ?3)",
                    params![group, ps, i as i64 + 1],
                )?;
            }
            Ok(())
        })
        .unwrap()
}

/// The shot both approval tests start from: `I1` (MH02-black_main.jpg, approved, licensed
/// to the end of 2026) and its open v2 `I2` licensed until `v2_end`, one version group.
pub fn two_versions(cache: &Cache, v2_end: (i32, u32, u32)) {
    asset(
        cache,
        "I1",
        "MH02-black_main.jpg",
        "approved",
        &until((2026, 12, 31)),
    );
    asset(
        cache,
        "I2",
        "MH02-black_main_v2.jpg",
        "open",
        &until(v2_end),
    );
    group(cache, "mh02|black|main", &["I1", "I2"]);
}
