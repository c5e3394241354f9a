//! A lower bound for a cold sync's writing: SQLite alone writes the rows the sync left in its
//! cache into a fresh cache of the same schema, with its indexes and search indexes, in one
//! transaction and one checkpoint. No fetching, parsing or mapping, no per-page commits:
//! what no sync writing these rows through this schema can beat on this machine.

use super::cpu;
use crate::cache::Cache;
use rusqlite::Connection;
use std::path::Path;
use std::time::{Duration, Instant};

/// The wall-clock and CPU time (when readable) SQLite takes to write every row of the cache
/// at `synced` into a fresh cache at `fresh`.
pub fn copy(synced: &Path, fresh: &Path) -> anyhow::Result<(Duration, Option<Duration>)> {
    let _ = std::fs::remove_file(fresh);
    let cache = Cache::open(fresh)?;
    let before = cpu::process_time();
    let started = Instant::now();
    cache.with_conn(|conn| copy_rows(conn, synced))?;
    let took = started.elapsed();
    let cpu = before.zip(cpu::process_time()).map(|(b, a)| a - b);
    Ok((took, cpu))
}

fn copy_rows(conn: &Connection, synced: &Path) -> rusqlite::Result<()> {
    conn.execute(
        "ATTACH DATABASE ?1 AS synced",
        [synced.to_string_lossy().as_ref()],
    )?;
    // The rows were consistent in the synced cache; the order of the tables does not matter.
    conn.pragma_update(None, "foreign_keys", false)?;
    conn.execute_batch("BEGIN")?;
    // The asset search index is written once, after the assets, as a sync's page writes it
    // (`catalog::asset_index`); the product index through its triggers, as a sync does.
    conn.execute_batch("INSERT INTO fts_deferred (one) VALUES (1)")?;
    for table in tables(conn)? {
        let columns = columns(conn, &table)?.join(", ");
        conn.execute_batch(&format!(
            "DELETE FROM main.\"{table}\";
             INSERT INTO main.\"{table}\" ({columns}) SELECT {columns} FROM synced.\"{table}\";"
        ))?;
    }
    conn.execute_batch(
        "DELETE FROM fts_deferred;
         INSERT INTO assets_fts (rowid, file_name, title, caption, keywords)
         SELECT id, file_name, title, caption, keywords FROM assets WHERE deleted_at IS NULL;
         COMMIT;",
    )?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    conn.execute_batch("DETACH DATABASE synced")
}

/// The ordinary tables of the synced cache: not SQLite's own, not the search indexes (virtual
/// tables, written through their own statements) nor their shadow tables.
fn tables(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT t.name FROM synced.sqlite_schema t
         WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%' AND t.name <> 'fts_deferred'
           AND t.sql NOT LIKE 'CREATE VIRTUAL TABLE%'
           AND NOT EXISTS (SELECT 1 FROM synced.sqlite_schema v
                           WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE%'
                             AND t.name LIKE v.name || '\\_%' ESCAPE '\\')
         ORDER BY t.name",
    )?;
    stmt.query_map([], |r| r.get(0))?.collect()
}

/// The stored columns of `table` (generated columns are computed, not written), quoted.
fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA synced.table_info(\"{table}\")"))?;
    stmt.query_map([], |r| Ok(format!("\"{}\"", r.get::<_, String>(1)?)))?
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fresh_cache_holds_every_row_and_finds_what_the_synced_one_finds() {
        let dir = tempfile::tempdir().unwrap();
        let synced = dir.path().join("synced.sqlite");
        let cache = Cache::open(&synced).unwrap();
        cache
            .with_conn(|c| {
                c.execute_batch(
                    "INSERT INTO assets (id, ps_id, file_name, title, synced_at)
                         VALUES (1, 'I1', '24-GB01_main.jpg', 'Fjord duffle', 'x'),
                                (2, 'I2', '24-MH02_back.jpg', 'Teton hoodie', 'x');
                     INSERT INTO asset_rights (asset_id, rights) VALUES (1, '{}');",
                )
            })
            .unwrap();
        drop(cache);
        let fresh = dir.path().join("fresh.sqlite");
        copy(&synced, &fresh).unwrap();

        let copied = Cache::open(&fresh).unwrap();
        let (assets, rights, found): (i64, i64, String) = copied
            .with_conn(|c| {
                c.query_row(
                    "SELECT (SELECT count(*) FROM assets), (SELECT count(*) FROM asset_rights),
                            (SELECT group_concat(rowid) FROM assets_fts WHERE assets_fts MATCH 'teton')",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
            })
            .unwrap();
        assert_eq!((assets, rights, found.as_str()), (2, 1, "2"));
    }
}
