//! The asset columns derived from its rights (`licence_*`, releases, regions, channels), so
//! that verdicts can be computed in SQL (`verdict_sql`). The licence instants depend on the
//! zone licence days are read in, and `licence_ok_until` on the policy's widest warning
//! window as well; when either changes (the policy or the computer's zone),
//! [`ensure_zone`] computes them again for every asset they concern.

use super::time::{day_to_db, to_db};
use super::verdict_sql::RightsClock;
use super::{asset_rights, meta};
use crate::rights::{LicenceDate, ReleaseStatus, Rights, licence_bounds};
use rusqlite::Connection;
use rusqlite::types::ToSql;

/// The workspace fact naming the zone the stored licence instants were computed in.
const ZONE_KEY: &str = "licence_zone";
/// The workspace fact naming the widest warning window `licence_ok_until` was computed
/// for (see [`RightsClock::window_key`]).
const WINDOW_KEY: &str = "licence_warning_window";

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

/// The derived columns of one asset, in the order of [`Columns::NAMES`].
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    licence_start: Option<String>,
    licence_end: Option<String>,
    start_at: Option<String>,
    end_at: Option<String>,
    end_offset: Option<i32>,
    ok_until: Option<String>,
    zone: String,
    terms: bool,
    model_release: Option<&'static str>,
    property_release: Option<&'static str>,
    regions: Option<String>,
    channels: Option<String>,
}

impl Columns {
    /// The column names, comma separated.
    pub const NAMES: &'static str = "licence_start, licence_end, licence_start_at, licence_end_at, \
        licence_end_offset, licence_zone, licence_terms, model_release, property_release, regions, \
        channels, licence_ok_until";

    /// The values, in the order of `NAMES`.
    pub fn values(&self) -> [&dyn ToSql; 12] {
        [
            &self.licence_start,
            &self.licence_end,
            &self.start_at,
            &self.end_at,
            &self.end_offset,
            &self.zone,
            &self.terms,
            &self.model_release,
            &self.property_release,
            &self.regions,
            &self.channels,
            &self.ok_until,
        ]
    }
}

/// The derived columns of `rights`, for `clock`.
pub fn columns(rights: &Rights, clock: &RightsClock) -> Columns {
    let bounds = licence_bounds(rights, &clock.zone, &clock.policy);
    let list = |items: Vec<&str>| serde_json::json!(items).to_string();
    Columns {
        licence_start: day(rights.licence_start.as_ref().map(|s| &s.value)),
        licence_end: day(rights.licence_end.as_ref().map(|s| &s.value)),
        start_at: bounds.start.map(to_db),
        end_at: bounds.end_exclusive.map(to_db),
        end_offset: bounds.end_offset_minutes,
        // The warning window opens before the end (a test of `verdict_sql` holds the two
        // side by side); `min` keeps "ok until" no later than the end whatever happens.
        ok_until: match (bounds.warning_from, bounds.end_exclusive) {
            (Some(warn), Some(end)) => Some(warn.min(end)),
            (warn, end) => warn.or(end),
        }
        .map(to_db),
        zone: clock.zone_key(),
        terms: rights.has_licence_terms(),
        model_release: release(rights.model_release.as_ref().map(|s| s.value)),
        property_release: release(rights.property_release.as_ref().map(|s| s.value)),
        regions: rights
            .regions
            .as_ref()
            .map(|r| list(r.value.iter().map(|x| x.as_str()).collect())),
        channels: rights
            .channels
            .as_ref()
            .map(|c| list(c.value.iter().map(|x| x.as_str()).collect())),
    }
}

/// Writes the derived columns of asset `id` from `rights`, for `clock`.
pub fn write(
    conn: &Connection,
    id: i64,
    rights: &Rights,
    clock: &RightsClock,
) -> rusqlite::Result<()> {
    let cols = columns(rights, clock);
    let mut stmt = conn.prepare_cached(
        "UPDATE assets SET licence_start = ?2, licence_end = ?3, licence_start_at = ?4,
             licence_end_at = ?5, licence_end_offset = ?6, licence_zone = ?7, licence_terms = ?8,
             model_release = ?9, property_release = ?10, regions = ?11, channels = ?12,
             licence_ok_until = ?13
         WHERE id = ?1",
    )?;
    let mut values: Vec<&dyn ToSql> = vec![&id];
    values.extend(cols.values());
    stmt.execute(values.as_slice())?;
    Ok(())
}

/// Computes the licence instants again for the assets whose instants were computed in
/// another zone than the one `clock` reads licence days in, or, when the policy's widest
/// warning window changed, for every asset with a licence end; returns how many assets were
/// updated. All or nothing: it runs inside a savepoint of its own (within the caller's
/// transaction, if there is one).
pub fn ensure_zone(conn: &Connection, clock: &RightsClock) -> rusqlite::Result<usize> {
    let zone = clock.zone_key();
    let window = clock.window_key();
    let zone_stale = meta::read(conn, ZONE_KEY)?.as_deref() != Some(zone.as_str());
    let window_stale = meta::read(conn, WINDOW_KEY)?.as_deref() != Some(window.as_str());
    if !zone_stale && !window_stale {
        return Ok(0);
    }
    conn.execute_batch("SAVEPOINT licence_instants")?;
    let done = recompute(conn, clock, &zone, window_stale).and_then(|n| {
        meta::write(conn, ZONE_KEY, &zone)?;
        meta::write(conn, WINDOW_KEY, &window)?;
        Ok(n)
    });
    match done {
        Ok(n) => {
            conn.execute_batch("RELEASE licence_instants")?;
            if n > 0 {
                tracing::info!(%zone, %window, assets = n, "licence instants computed again");
            }
            Ok(n)
        }
        Err(e) => {
            // Undo the part done; the error that stopped it is the one worth reporting.
            let _ = conn.execute_batch("ROLLBACK TO licence_instants; RELEASE licence_instants");
            Err(e)
        }
    }
}

/// Writes the derived columns again of the assets computed in another zone than `zone`
/// (and of every asset with a licence end when `all_ends`).
fn recompute(
    conn: &Connection,
    clock: &RightsClock,
    zone: &str,
    all_ends: bool,
) -> rusqlite::Result<usize> {
    let stale: Vec<(i64, String)> = {
        let mut stmt = conn.prepare(&format!(
            "SELECT a.id, {} FROM assets a
             WHERE (a.licence_zone IS NOT ?1
                    AND (a.licence_start IS NOT NULL OR a.licence_end IS NOT NULL))
                OR (?2 AND a.licence_end IS NOT NULL)",
            asset_rights::in_force_sql("a")
        ))?;
        stmt.query_map(rusqlite::params![zone, all_ends], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?
        .collect::<Result<_, _>>()?
    };
    for (id, json) in &stale {
        let rights: Rights = serde_json::from_str(json).unwrap_or_default();
        write(conn, *id, &rights, clock)?;
    }
    Ok(stale.len())
}
