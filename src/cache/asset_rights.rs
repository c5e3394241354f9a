//! The rights JSON of each asset. It lives in `asset_rights`, beside `assets`, so asset rows
//! stay small and scans of `assets` stay fast; the columns derived from it for the verdict
//! (`rights_columns`) stay in `assets`.
//!
//! PhotoShelter's own rights are stored only where they differ from the rights in force
//! (where a 4ALLPORTAL file adds to them); an empty `rights_photoshelter` means "the same
//! as `rights`". Most images have no such file, and writing their rights twice was half
//! of what a cold sync wrote to the cache.

use rusqlite::{Connection, params};

/// The rights in force (JSON) of the asset whose row is aliased `alias`, as a SQL expression;
/// `'{}'` (nothing recorded) when the asset has no rights row.
pub fn in_force_sql(alias: &str) -> String {
    format!(
        "coalesce((SELECT ar.rights FROM asset_rights ar WHERE ar.asset_id = {alias}.id), '{{}}')"
    )
}

/// PhotoShelter's rights (JSON) of the `asset_rights` row aliased `alias`, as a SQL
/// expression; `'{}'` when there is no row (use it with a `LEFT JOIN`).
pub fn photoshelter_sql(alias: &str) -> String {
    format!(
        "coalesce(CASE {alias}.rights_photoshelter WHEN '' THEN {alias}.rights \
         ELSE {alias}.rights_photoshelter END, '{{}}')"
    )
}

/// What `rights_photoshelter` holds for these rights: nothing when they are the ones in
/// force.
fn stored_photoshelter<'a>(in_force: &str, photoshelter: &'a str) -> &'a str {
    if in_force == photoshelter {
        ""
    } else {
        photoshelter
    }
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
    .execute(params![
        id,
        in_force,
        stored_photoshelter(in_force, photoshelter)
    ])?;
    Ok(())
}

/// Writes the rights in force (JSON) of asset `id`, keeping PhotoShelter's as they were
/// (written out when they were "the same as the rights in force" until now). For tests that
/// give an asset its rights directly; a sync writes both through [`write`].
#[cfg(test)]
pub(crate) fn write_in_force(conn: &Connection, id: i64, in_force: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO asset_rights (asset_id, rights) VALUES (?1, ?2)
         ON CONFLICT (asset_id) DO UPDATE SET rights = excluded.rights,
             rights_photoshelter = CASE rights_photoshelter
                 WHEN '' THEN (CASE WHEN rights = excluded.rights THEN '' ELSE rights END)
                 WHEN excluded.rights THEN ''
                 ELSE rights_photoshelter END",
    )?
    .execute(params![id, in_force])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// PhotoShelter's rights and the rights in force of asset 1, as read back.
    fn read(conn: &Connection) -> (String, String) {
        conn.query_row(
            &format!(
                "SELECT {}, ar.rights FROM assets a LEFT JOIN asset_rights ar ON ar.asset_id = a.id",
                photoshelter_sql("ar")
            ),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    }

    fn stored_column(conn: &Connection) -> String {
        conn.query_row("SELECT rights_photoshelter FROM asset_rights", [], |r| {
            r.get(0)
        })
        .unwrap()
    }

    /// `test` on a cache holding asset 1 and no rights for it.
    fn with_one_asset(test: impl FnOnce(&Connection) -> rusqlite::Result<()>) {
        let cache = crate::cache::Cache::open_in_memory().unwrap();
        cache
            .with_conn(|conn| {
                conn.execute(
                    "INSERT INTO assets (id, ps_id, file_name, synced_at) VALUES (1, 'I1', 'a.jpg', 'x')",
                    [],
                )?;
                test(conn)
            })
            .unwrap();
    }

    #[test]
    fn photoshelters_rights_are_stored_once_unless_a_file_adds_to_them() {
        with_one_asset(|conn| {
            let (ps, file) = (r#"{"a":1}"#, r#"{"a":1,"b":2}"#);

            write(conn, 1, ps, ps)?;
            assert_eq!(
                stored_column(conn),
                "",
                "the same rights are not written twice"
            );
            assert_eq!(read(conn), (ps.to_owned(), ps.to_owned()));

            // A 4ALLPORTAL file adds to them: PhotoShelter's are kept as they were.
            write_in_force(conn, 1, file)?;
            assert_eq!(read(conn), (ps.to_owned(), file.to_owned()));
            write_in_force(conn, 1, r#"{"a":1,"b":3}"#)?;
            assert_eq!(read(conn), (ps.to_owned(), r#"{"a":1,"b":3}"#.to_owned()));

            // The file is gone again: one copy.
            write_in_force(conn, 1, ps)?;
            assert_eq!(stored_column(conn), "");
            assert_eq!(read(conn), (ps.to_owned(), ps.to_owned()));

            write(conn, 1, file, ps)?;
            assert_eq!(stored_column(conn), ps);
            assert_eq!(read(conn), (ps.to_owned(), file.to_owned()));
            Ok(())
        });
    }

    #[test]
    fn an_asset_without_a_rights_row_reads_as_no_rights() {
        with_one_asset(|conn| {
            let ps: String = conn.query_row(
                &format!(
                    "SELECT {} FROM assets a LEFT JOIN asset_rights ar ON ar.asset_id = a.id",
                    photoshelter_sql("ar")
                ),
                [],
                |r| r.get(0),
            )?;
            assert_eq!(ps, "{}");
            Ok(())
        });
    }
}
