//! How often the write-ahead log is copied back into the database file. SQLite does it
//! after any commit that leaves more than 1,000 pages (4 MiB) in the log; a cold sync
//! commits a page of images or products at a time, so it copied back after nearly every
//! commit, rewriting the same index pages again and again (a tenth of a cold sync's time).
//! While a sync runs the log may grow to [`SYNC_LOG_PAGES`]; when it ends one checkpoint
//! copies back what is left, and the usual threshold returns.

use super::Cache;

/// SQLite's default threshold, in pages.
const DEFAULT_LOG_PAGES: u32 = 1_000;

/// The threshold while a sync runs: 64 MiB of 4 KiB pages.
pub const SYNC_LOG_PAGES: u32 = 16_384;

/// Sets the threshold back and checkpoints when dropped (also when the sync failed or was
/// cancelled).
#[must_use = "the usual checkpoints return when this is dropped"]
pub struct FewerCheckpoints<'a> {
    cache: &'a Cache,
}

impl Cache {
    /// Lets the write-ahead log grow to [`SYNC_LOG_PAGES`] until the guard is dropped.
    pub fn fewer_checkpoints(&self) -> FewerCheckpoints<'_> {
        set_threshold(self, SYNC_LOG_PAGES);
        FewerCheckpoints { cache: self }
    }
}

impl Drop for FewerCheckpoints<'_> {
    fn drop(&mut self) {
        set_threshold(self.cache, DEFAULT_LOG_PAGES);
        // Passive: copies back what no reader still needs and never waits for one.
        if let Err(err) = self
            .cache
            .with_conn(|c| c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())))
        {
            tracing::warn!("the cache's write-ahead log was not copied back: {err}");
        }
    }
}

/// Best effort: a threshold not set changes how fast, never what, the cache holds.
fn set_threshold(cache: &Cache, pages: u32) {
    if let Err(err) = cache.with_conn(|c| c.pragma_update(None, "wal_autocheckpoint", pages)) {
        tracing::warn!("the cache's checkpoint threshold was not set to {pages} pages: {err}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn threshold(cache: &Cache) -> u32 {
        cache
            .with_conn(|c| c.pragma_query_value(None, "wal_autocheckpoint", |r| r.get(0)))
            .unwrap()
    }

    #[test]
    fn a_sync_raises_the_threshold_and_checkpoints_when_it_ends() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.sqlite");
        let cache = Cache::open(&path).unwrap();
        let file_size = || std::fs::metadata(&path).unwrap().len();
        let written = 2_000 * 4_000;
        assert_eq!(threshold(&cache), DEFAULT_LOG_PAGES);
        {
            let _fewer = cache.fewer_checkpoints();
            assert_eq!(threshold(&cache), SYNC_LOG_PAGES);
            cache
                .write(|tx| {
                    tx.execute_batch(
                        "CREATE TABLE t (x BLOB);
                         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                         INSERT INTO t SELECT randomblob(4000) FROM n;",
                    )
                })
                .unwrap();
            assert!(
                file_size() < written,
                "the commit left its pages in the log: the file holds {} bytes",
                file_size()
            );
        }
        assert_eq!(threshold(&cache), DEFAULT_LOG_PAGES);
        assert!(
            file_size() > written,
            "the end copied them into the file: {} bytes",
            file_size()
        );
    }
}
