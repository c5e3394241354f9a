//! The rights JSON of each asset. It lives in `asset_rights`, beside `assets`, so asset rows
//! stay small and scans of `assets` stay fast; the columns derived from it for the verdict
//! (`rights_columns`) stay in `assets`.

use rusqlite::{Connection, params};

/// The rights in force (JSON) of the asset whose row is aliased `alias`, as a SQL expression;
/// `'{}'` (nothing recorded) when the asset has no rights row.
pub fn in_force_sql(alias: &str) -> String {
    format!(
        "coalesce((SELECT ar.rights FROM asset_rights ar WHERE ar.asset_id = {alias}.id), '{{}}')"
    )
}

/// Writes both rights (JSON) of asset `id`.
pub(crate) fn write(
    conn: &Connection,
    id: i64,
    in_force: &str,
    photoshelter: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO asset_rights (asset_id, rights, rights_photoshelter) VALUES (?1, ?2, ?3)
         ON CONFLICT (asset_id) DO UPDATE SET rights = excluded.rights,
             rights_photoshelter = excluded.rights_photoshelter",
    )?
    .execute(params![id, in_force, photoshelter])?;
    Ok(())
}

/// Writes the rights in force (JSON) of asset `id`, keeping PhotoShelter's as stored.
pub(crate) fn write_in_force(conn: &Connection, id: i64, in_force: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO asset_rights (asset_id, rights) VALUES (?1, ?2)
         ON CONFLICT (asset_id) DO UPDATE SET rights = excluded.rights",
    )?
    .execute(params![id, in_force])?;
    Ok(())
}
