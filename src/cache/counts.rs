//! How much the cache holds, for the status bar.

use super::{Cache, CacheError};
use serde::Serialize;
use ts_rs::TS;

/// Rows of each kind in the cache (objects deleted remotely are not counted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct Counts {
    pub galleries: u32,
    pub images: u32,
    pub products: u32,
    pub links: u32,
}

impl Cache {
    /// Counts galleries, images, products and links in the cache.
    pub fn counts(&self) -> Result<Counts, CacheError> {
        self.with_conn(|conn| {
            conn.query_row(
                "SELECT (SELECT count(*) FROM galleries),
                        (SELECT count(*) FROM assets WHERE deleted_at IS NULL),
                        (SELECT count(*) FROM products WHERE deleted_at IS NULL),
                        (SELECT count(*) FROM links)",
                [],
                |row| {
                    Ok(Counts {
                        galleries: row.get(0)?,
                        images: row.get(1)?,
                        products: row.get(2)?,
                        links: row.get(3)?,
                    })
                },
            )
        })
        .map_err(CacheError::query("count the cached records"))
    }
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
    fn live_rows_are_counted_and_remotely_deleted_ones_are_not() {
        let cache = Cache::open_in_memory().unwrap();
        cache
            .with_conn(|conn| {
                conn.execute_batch(
                    "INSERT INTO products (ap_id, sku, synced_at) VALUES
                        ('p1', 'A', 'x'), ('p2', 'B', 'x'), ('p3', 'C', 'x');
                     UPDATE products SET deleted_at = 'y' WHERE ap_id = 'p3';
                     INSERT INTO assets (ps_id, file_name, synced_at) VALUES ('I1', 'a.jpg', 'x');
                     INSERT INTO links (product_id, asset_id, origin, created_at, updated_at)
                     VALUES (1, 1, 'user', 'x', 'x');",
                )
            })
            .unwrap();
        let counts = cache.counts().unwrap();
        assert_eq!(
            counts,
            Counts {
                galleries: 0,
                images: 1,
                products: 2,
                links: 1
            }
        );
    }
}
