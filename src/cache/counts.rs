//! How much the cache holds, for the status bar.

use super::{Cache, CacheError};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

/// Rows of each kind in the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct Counts {
    pub galleries: u32,
    pub images: u32,
    pub products: u32,
    pub links: u32,
}

/// The table behind each count. The tables arrive with the synced schema; a table that does
/// not exist yet counts as empty. Keep these names in step with the migrations.
const GALLERIES: &str = "galleries";
const IMAGES: &str = "assets";
const PRODUCTS: &str = "products";
const LINKS: &str = "links";

impl Cache {
    /// Counts galleries, images, products and links in the cache.
    pub fn counts(&self) -> Result<Counts, CacheError> {
        self.with_conn(|conn| {
            Ok(Counts {
                galleries: rows(conn, GALLERIES)?,
                images: rows(conn, IMAGES)?,
                products: rows(conn, PRODUCTS)?,
                links: rows(conn, LINKS)?,
            })
        })
        .map_err(CacheError::query("count the cached records"))
    }
}

fn rows(conn: &Connection, table: &str) -> rusqlite::Result<u32> {
    let exists = conn
        .query_row(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if !exists {
        return Ok(0);
    }
    // The name is one of the constants above, never user input.
    conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |row| {
        row.get(0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_cache_holds_nothing() {
        let cache = Cache::open_in_memory().unwrap();
        assert_eq!(cache.counts().unwrap(), Counts::default());
    }

    #[test]
    fn rows_of_an_existing_table_are_counted() {
        let cache = Cache::open_in_memory().unwrap();
        cache
            .with_conn(|conn| {
                conn.execute_batch(
                    "CREATE TABLE products (id TEXT PRIMARY KEY);
                     INSERT INTO products VALUES ('P1'), ('P2'), ('P3');",
                )
            })
            .unwrap();
        let counts = cache.counts().unwrap();
        assert_eq!(counts.products, 3);
        assert_eq!(counts.images, 0);
    }
}
