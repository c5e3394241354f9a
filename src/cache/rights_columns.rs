//! The asset columns derived from its rights (`licence_*`, releases, regions, channels), so
//! that verdicts can be computed in SQL (`verdict_sql`). The licence instants depend on the
//! zone licence days are read in; when that zone changes (the policy or the computer's
//! zone), [`ensure_zone`] computes them again for every asset.

use super::meta;
use super::time::{day_to_db, to_db};
use super::verdict_sql::RightsClock;
use crate::rights::{LicenceDate, ReleaseStatus, Rights, licence_bounds};
use rusqlite::{Connection, params};

/// The workspace fact naming the zone the stored licence instants were computed in.
const ZONE_KEY: &str = "licence_zone";

fn release(status: Option<ReleaseStatus>) -> Option<&'static str> {
    status.map(|s| match s {
        ReleaseStatus::Released => "released",
        ReleaseStatus::Limited => "limited",
        ReleaseStatus::NotReleased => "not_released",
        ReleaseStatus::NotApplicable => "not_applicable",
    })
}

fn day(date: Option<&LicenceDate>) -> Option<String> {
    date.map(|d| day_to_db(d.date()))
}

/// Writes the derived columns of asset `id` from `rights`, for `clock`.
pub fn write(
    conn: &Connection,
    id: i64,
    rights: &Rights,
    clock: &RightsClock,
) -> rusqlite::Result<()> {
    let bounds = licence_bounds(rights, &clock.zone, &clock.policy);
    let regions = rights.regions.as_ref().map(|r| {
        let codes: Vec<&str> = r.value.iter().map(|x| x.as_str()).collect();
        serde_json::json!(codes).to_string()
    });
    let channels = rights.channels.as_ref().map(|c| {
        let names: Vec<&str> = c.value.iter().map(|x| x.as_str()).collect();
        serde_json::json!(names).to_string()
    });
    let mut stmt = conn.prepare_cached(
        "UPDATE assets SET licence_start = ?2, licence_end = ?3, licence_start_at = ?4,
             licence_end_at = ?5, licence_end_offset = ?6, licence_zone = ?7, licence_terms = ?8,
             model_release = ?9, property_release = ?10, regions = ?11, channels = ?12
         WHERE id = ?1",
    )?;
    stmt.execute(params![
        id,
        day(rights.licence_start.as_ref().map(|s| &s.value)),
        day(rights.licence_end.as_ref().map(|s| &s.value)),
        bounds.start.map(to_db),
        bounds.end_exclusive.map(to_db),
        bounds.end_offset_minutes,
        clock.zone_key(),
        rights.has_licence_terms(),
        release(rights.model_release.as_ref().map(|s| s.value)),
        release(rights.property_release.as_ref().map(|s| s.value)),
        regions,
        channels,
    ])?;
    Ok(())
}

/// Computes the licence instants again when they were computed in another zone than the
/// one `clock` reads licence days in; returns how many assets were updated.
pub fn ensure_zone(conn: &Connection, clock: &RightsClock) -> rusqlite::Result<usize> {
    let wanted = clock.zone_key();
    if meta::read(conn, ZONE_KEY)?.as_deref() == Some(wanted.as_str()) {
        return Ok(0);
    }
    let stale: Vec<(i64, String)> = {
        let mut stmt = conn.prepare(
            "SELECT id, rights FROM assets
             WHERE licence_zone IS NOT ?1 AND (licence_start IS NOT NULL OR licence_end IS NOT NULL)",
        )?;
        stmt.query_map([&wanted], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    for (id, json) in &stale {
        let rights: Rights = serde_json::from_str(json).unwrap_or_default();
        write(conn, *id, &rights, clock)?;
    }
    meta::write(conn, ZONE_KEY, &wanted)?;
    if !stale.is_empty() {
        tracing::info!(zone = %wanted, assets = stale.len(), "licence instants computed again");
    }
    Ok(stale.len())
}
