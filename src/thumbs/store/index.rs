//! The store's own small index (`thumbs/index.sqlite`, not the catalog cache): the size and
//! last use of every entry, for the size cap and LRU eviction. Uses are recorded at most once
//! a minute per entry, so serving a grid costs no writes.

use super::super::error::ThumbError;
use super::super::key::ThumbKey;
use rusqlite::{Connection, OptionalExtension, params};
use std::path::{Path, PathBuf};

/// How stale a recorded use may get before a hit writes a new one (seconds).
const TOUCH_GRANULARITY: i64 = 60;

/// The layout version in `PRAGMA user_version`; another value means "start over".
const LAYOUT: i64 = 1;

pub(super) struct Index {
    conn: Connection,
    path: PathBuf,
    /// Sum of `bytes` over all rows.
    pub total: u64,
}

impl Index {
    /// Opens the index at `path`; `None` when it is unreadable or of another layout (the
    /// caller then clears the store and calls [`Index::create`]).
    pub fn open(path: &Path) -> Result<Option<Index>, ThumbError> {
        if !path.exists() {
            return Ok(None);
        }
        let Ok(conn) = Connection::open(path) else {
            return Ok(None);
        };
        let layout: rusqlite::Result<i64> =
            conn.query_row("PRAGMA user_version", [], |row| row.get(0));
        if layout.ok() != Some(LAYOUT) {
            return Ok(None);
        }
        let mut index = Index {
            conn,
            path: path.to_path_buf(),
            total: 0,
        };
        index.configure()?;
        let Ok(total) =
            index
                .conn
                .query_row("SELECT COALESCE(SUM(bytes), 0) FROM entries", [], |row| {
                    row.get::<_, i64>(0)
                })
        else {
            return Ok(None);
        };
        index.total = total.max(0) as u64;
        Ok(Some(index))
    }

    /// Creates an empty index at `path` (replacing any file there).
    pub fn create(path: &Path) -> Result<Index, ThumbError> {
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", path.display()));
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(ThumbError::index(path, e)),
            }
        }
        let conn = Connection::open(path).map_err(|e| ThumbError::index(path, e))?;
        conn.execute_batch(
            "CREATE TABLE entries (
                 key TEXT PRIMARY KEY,
                 bytes INTEGER NOT NULL,
                 used_at INTEGER NOT NULL
             ) WITHOUT ROWID;
             CREATE INDEX entries_by_use ON entries(used_at);",
        )
        .map_err(|e| ThumbError::index(path, e))?;
        conn.pragma_update(None, "user_version", LAYOUT)
            .map_err(|e| ThumbError::index(path, e))?;
        let mut index = Index {
            conn,
            path: path.to_path_buf(),
            total: 0,
        };
        index.configure()?;
        Ok(index)
    }

    fn configure(&mut self) -> Result<(), ThumbError> {
        self.conn
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;",
            )
            .map_err(|e| ThumbError::index(&self.path, e))
    }

    fn err(&self, e: rusqlite::Error) -> ThumbError {
        ThumbError::index(&self.path, e)
    }

    /// Records a use of `key` at `now` (unix seconds), when the last one is over a minute old.
    pub fn touch(&self, key: &ThumbKey, now: i64) -> Result<(), ThumbError> {
        self.conn
            .prepare_cached("UPDATE entries SET used_at = ?1 WHERE key = ?2 AND used_at < ?3")
            .and_then(|mut st| st.execute(params![now, key.hex(), now - TOUCH_GRANULARITY]))
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Adds or replaces the row of `key`.
    pub fn insert(&mut self, key: &ThumbKey, bytes: u64, now: i64) -> Result<(), ThumbError> {
        self.forget(key)?;
        self.conn
            .prepare_cached("INSERT INTO entries (key, bytes, used_at) VALUES (?1, ?2, ?3)")
            .and_then(|mut st| st.execute(params![key.hex(), bytes as i64, now]))
            .map_err(|e| self.err(e))?;
        self.total += bytes;
        Ok(())
    }

    /// Removes the row of `key`; returns its size when there was one.
    pub fn forget(&mut self, key: &ThumbKey) -> Result<Option<u64>, ThumbError> {
        let hex = key.hex();
        let bytes: Option<i64> = self
            .conn
            .prepare_cached("DELETE FROM entries WHERE key = ?1 RETURNING bytes")
            .and_then(|mut st| st.query_row([&hex], |row| row.get(0)).optional())
            .map_err(|e| self.err(e))?;
        let bytes = bytes.map(|b| b.max(0) as u64);
        if let Some(b) = bytes {
            self.total = self.total.saturating_sub(b);
        }
        Ok(bytes)
    }

    /// Removes least recently used rows until the total is at most `target`; returns their keys.
    pub fn evict_to(&mut self, target: u64) -> Result<Vec<ThumbKey>, ThumbError> {
        let mut victims = Vec::new();
        while self.total > target {
            let batch: Vec<(String, i64)> = self
                .conn
                .prepare_cached("SELECT key, bytes FROM entries ORDER BY used_at, key LIMIT 256")
                .and_then(|mut st| {
                    st.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                        .collect::<rusqlite::Result<_>>()
                })
                .map_err(|e| self.err(e))?;
            if batch.is_empty() {
                self.total = 0;
                break;
            }
            let tx = self
                .conn
                .transaction()
                .map_err(|e| ThumbError::index(&self.path, e))?;
            let mut freed = 0u64;
            for (hex, bytes) in &batch {
                if self.total.saturating_sub(freed) <= target {
                    break;
                }
                tx.execute("DELETE FROM entries WHERE key = ?1", [hex])
                    .map_err(|e| ThumbError::index(&self.path, e))?;
                freed += (*bytes).max(0) as u64;
                if let Some(key) = ThumbKey::from_hex(hex) {
                    victims.push(key);
                }
            }
            tx.commit().map_err(|e| ThumbError::index(&self.path, e))?;
            self.total = self.total.saturating_sub(freed);
        }
        Ok(victims)
    }

    /// Number of rows.
    pub fn count(&self) -> Result<u64, ThumbError> {
        self.conn
            .query_row("SELECT COUNT(*) FROM entries", [], |row| {
                row.get::<_, i64>(0)
            })
            .map(|n| n.max(0) as u64)
            .map_err(|e| self.err(e))
    }
}
