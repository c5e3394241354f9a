//! Key–value facts about the workspace kept in the cache (`workspace_meta`).

use super::{Cache, CacheError};
use rusqlite::{Connection, OptionalExtension, params};

/// The keys in use.
pub mod keys {
    /// The kind of workspace the folder holds (`demo` or `live`).
    pub const WORKSPACE_KIND: &str = "workspace_kind";
    /// The Shelflink version that last brought the schema up to date.
    pub const SCHEMA_WRITTEN_BY: &str = "schema_written_by";
    /// Set by a migration that leaves much of the file unused; the next opening compacts
    /// the file (`VACUUM`) and removes it.
    pub const COMPACT_PENDING: &str = "compact_pending";
}
pub(crate) use keys::{COMPACT_PENDING, SCHEMA_WRITTEN_BY};

impl Cache {
    /// One fact about the workspace, if recorded.
    pub fn meta(&self, key: &str) -> Result<Option<String>, CacheError> {
        self.with_conn(|conn| read(conn, key))
            .map_err(CacheError::query("read workspace facts"))
    }

    /// Records one fact about the workspace, replacing an earlier value.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<(), CacheError> {
        self.with_conn(|conn| write(conn, key, value))
            .map_err(CacheError::query("record workspace facts"))
    }
}

pub(crate) fn read(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT value FROM workspace_meta WHERE key = ?1",
        params![key],
        |row| row.get(0),
    )
    .optional()
}

pub(crate) fn write(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO workspace_meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )
    .map(|_| ())
}

pub(crate) fn remove(conn: &Connection, key: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM workspace_meta WHERE key = ?1", params![key])
        .map(|_| ())
}
