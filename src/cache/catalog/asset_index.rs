//! Writing a page of images with their search index (`assets_fts`) written once for the
//! page: the index rows of the page's live images are taken out before the page is written
//! and put back, from what the page wrote, after it (schema 8 says why). Everything else
//! that writes assets keeps the triggers.

use rusqlite::{Connection, params};

/// Runs `write` (the writes of one page's images, identified by their PhotoShelter ids)
/// with the asset search triggers off, and brings the index of those images up to date
/// after it. Call it inside the page's transaction: when `write` fails, the transaction is
/// rolled back, and with it the switch.
pub fn per_page<T, E: From<rusqlite::Error>>(
    conn: &Connection,
    ps_ids: &[&str],
    write: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
    let ids = serde_json::to_string(ps_ids).unwrap_or_else(|_| "[]".into());
    // Inside an outer `per_page` the outer one puts the index back.
    let switched = conn.execute("INSERT OR IGNORE INTO fts_deferred (one) VALUES (1)", [])? == 1;
    conn.prepare_cached(
        "INSERT INTO assets_fts (assets_fts, rowid, file_name, title, caption, keywords)
         SELECT 'delete', id, file_name, title, caption, keywords FROM assets
         WHERE deleted_at IS NULL AND ps_id IN (SELECT value FROM json_each(?1))",
    )?
    .execute(params![ids])?;
    let out = write()?;
    conn.prepare_cached(
        "INSERT INTO assets_fts (rowid, file_name, title, caption, keywords)
         SELECT id, file_name, title, caption, keywords FROM assets
         WHERE deleted_at IS NULL AND ps_id IN (SELECT value FROM json_each(?1))",
    )?
    .execute(params![ids])?;
    if switched {
        conn.execute("DELETE FROM fts_deferred", [])?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::Cache;

    fn found(conn: &Connection, word: &str) -> Vec<String> {
        let mut stmt = conn
            .prepare(
                "SELECT a.ps_id FROM assets_fts JOIN assets a ON a.id = assets_fts.rowid
                 WHERE assets_fts MATCH ?1 ORDER BY a.ps_id",
            )
            .unwrap();
        stmt.query_map([word], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    fn integrity(conn: &Connection) {
        conn.execute_batch("INSERT INTO assets_fts (assets_fts) VALUES ('integrity-check');")
            .expect("the index matches the assets");
    }

    #[test]
    fn a_page_written_with_its_index_deferred_is_found_as_if_written_row_by_row() {
        let cache = Cache::open_in_memory().unwrap();
        cache
            .with_conn(|c| {
                c.execute_batch(
                    "INSERT INTO assets (ps_id, file_name, title, keywords, synced_at) VALUES
                         ('I1', 'old-name.jpg', 'Teton hoodie', '[]', 'x'),
                         ('I3', 'outside.jpg', 'hoodie outside the page', '[]', 'x'),
                         ('I4', 'gone.jpg', 'gone hoodie', '[]', 'x');
                     UPDATE assets SET deleted_at = 'y' WHERE ps_id = 'I4';",
                )
            })
            .unwrap();
        cache
            .write(|tx| {
                per_page(tx, &["I1", "I2", "I4"], || {
                    tx.execute_batch(
                        "UPDATE assets SET file_name = 'new-name.jpg', title = 'Teton jacket'
                             WHERE ps_id = 'I1';
                         INSERT INTO assets (ps_id, file_name, keywords, synced_at)
                             VALUES ('I2', 'added.jpg', '[\"jacket\"]', 'x');
                         UPDATE assets SET deleted_at = NULL WHERE ps_id = 'I4';",
                    )
                })
            })
            .unwrap();
        cache
            .with_conn(|c| {
                assert_eq!(found(c, "jacket"), ["I1", "I2"]);
                assert_eq!(found(c, "hoodie"), ["I3", "I4"], "I1 is no hoodie any more");
                assert_eq!(found(c, "old"), Vec::<String>::new());
                assert_eq!(found(c, "gone"), ["I4"], "brought back to life by the page");
                integrity(c);
                // The triggers are on again after the page.
                c.execute_batch("UPDATE assets SET title = 'Luma cap' WHERE ps_id = 'I3';")?;
                assert_eq!(found(c, "luma"), ["I3"]);
                integrity(c);
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn a_page_that_fails_leaves_the_index_and_the_triggers_as_they_were() {
        let cache = Cache::open_in_memory().unwrap();
        cache
            .with_conn(|c| {
                c.execute_batch(
                    "INSERT INTO assets (ps_id, file_name, title, keywords, synced_at)
                     VALUES ('I1', 'a.jpg', 'Teton hoodie', '[]', 'x');",
                )
            })
            .unwrap();
        let failed: Result<(), rusqlite::Error> = cache.write(|tx| {
            per_page(tx, &["I1"], || {
                tx.execute_batch("UPDATE assets SET title = 'Teton jacket' WHERE ps_id = 'I1';")?;
                Err(rusqlite::Error::InvalidQuery)
            })
        });
        assert!(failed.is_err());
        cache
            .with_conn(|c| {
                assert_eq!(found(c, "hoodie"), ["I1"]);
                let switched: i64 =
                    c.query_row("SELECT count(*) FROM fts_deferred", [], |r| r.get(0))?;
                assert_eq!(switched, 0);
                integrity(c);
                Ok(())
            })
            .unwrap();
    }
}
