//! The cache schema, one migration per schema version, applied in order and never edited
//! once released: a change to the schema is a new entry at the end.

use rusqlite_migration::{M, Migrations};

const LIST: &[M<'static>] = &[
    // 1: what the workspace is (demo or live) and which Shelflink last changed the schema.
    M::up(
        "CREATE TABLE workspace_meta (
            key   TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        ) STRICT;",
    ),
    // 2: the catalog: both systems as synced, links, version groups, sync bookkeeping,
    // Shelflink's own writes, the activity log and the search indexes.
    M::up(include_str!("migrations/002_catalog.sql")),
    // 3: the transfer queue: jobs, their dependencies and attempts.
    M::up(include_str!("migrations/003_jobs.sql")),
    // 4: suggested links a person rejected.
    M::up(include_str!("migrations/004_suggestion_rejections.sql")),
    // 5: the rights JSON of each asset in a table of its own, so asset rows stay small.
    M::up(include_str!("migrations/005_asset_rights.sql")),
    // 6: indexes for the sorts and verdict filters of the search.
    M::up(include_str!("migrations/006_search_indexes.sql")),
    // 7: when each licence stops being plainly valid, and an index over what verdict
    // filters read.
    M::up(include_str!("migrations/007_verdict_instants.sql")),
    // 8: a sync writes the asset search index once per page of images.
    M::up(include_str!("migrations/008_asset_index_per_page.sql")),
    // 9: the asset search index also indexes the first one and two characters of every
    // token, for the prefixes of short words.
    M::up(include_str!("migrations/009_asset_prefix_index.sql")),
];

/// The schema version this build writes and understands at most.
pub const SCHEMA_VERSION: u32 = LIST.len() as u32;

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::from_slice(LIST)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_applies_on_an_empty_database() {
        migrations()
            .validate()
            .expect("the migrations must apply in order on an empty database");
    }

    #[test]
    fn the_search_indexes_follow_inserts_updates_and_deletions() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut conn).unwrap();
        conn.execute_batch(
            "INSERT INTO assets (ps_id, file_name, keywords, synced_at)
             VALUES ('I1', 'mh02-black_main.jpg', '[\"hoodie\"]', 'x'),
                    ('I2', 'wt09-white_back.jpg', '[]', 'x');
             INSERT INTO products (ap_id, sku, name, campaigns, synced_at)
             VALUES ('p1', 'MH02-XS-Black', 'Teton Pullover Hoodie', '[\"Eco Friendly\"]', 'x');",
        )
        .unwrap();
        let hits = |conn: &rusqlite::Connection, table: &str, query: &str| -> Vec<i64> {
            let sql = format!("SELECT rowid FROM {table} WHERE {table} MATCH ?1 ORDER BY rowid");
            let mut stmt = conn.prepare(&sql).unwrap();
            stmt.query_map([query], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        assert_eq!(hits(&conn, "assets_fts", "hoodie"), [1]);
        assert_eq!(hits(&conn, "assets_fts", "mh02"), [1]);
        assert_eq!(hits(&conn, "products_fts", "\"mh02 xs\"*"), [1]);
        assert_eq!(hits(&conn, "products_fts", "eco"), [1]);

        conn.execute_batch(
            "UPDATE assets SET keywords = '[\"sweater\"]' WHERE ps_id = 'I1';
             UPDATE assets SET deleted_at = 'y' WHERE ps_id = 'I2';
             UPDATE products SET deleted_at = 'y';",
        )
        .unwrap();
        assert!(hits(&conn, "assets_fts", "hoodie").is_empty());
        assert_eq!(hits(&conn, "assets_fts", "sweater"), [1]);
        assert!(
            hits(&conn, "assets_fts", "wt09").is_empty(),
            "deleted assets leave the index"
        );
        assert!(hits(&conn, "products_fts", "teton").is_empty());

        conn.execute_batch("DELETE FROM assets WHERE ps_id = 'I1';")
            .unwrap();
        assert!(hits(&conn, "assets_fts", "sweater").is_empty());
        conn.execute_batch("INSERT INTO assets_fts (assets_fts) VALUES ('integrity-check');")
            .unwrap();
    }
}
