//! Opening the cache database: connection settings, the newer-schema guard, migrations.

use super::migrations::{SCHEMA_VERSION, migrations};
use super::{CacheError, meta};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// SQLite's page cache, in KiB (a negative `cache_size` counts KiB): at most 128 MiB, used
/// as pages are read.
const PAGE_CACHE_KIB: i64 = -128 * 1024;

/// How long a write waits for another connection's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The open cache database of one workspace.
#[derive(Debug)]
pub struct Cache {
    conn: Mutex<Connection>,
    path: Option<PathBuf>,
}

impl Cache {
    /// Opens (or creates) the cache database at `path` and brings its schema up to date.
    ///
    /// A database whose schema version is higher than [`SCHEMA_VERSION`] is refused with
    /// [`CacheError::NewerSchema`] before anything is written to it.
    pub fn open(path: &Path) -> Result<Cache, CacheError> {
        let open_err = |source| CacheError::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        refuse_newer_schema(&conn, path)?;

        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(open_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(CacheError::NoWal {
                path: path.to_path_buf(),
                mode,
            });
        }
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        // Searches that filter by a computed verdict read every asset row: a page cache that
        // holds a 50,000-image catalog keeps them from re-reading it from the file each time.
        conn.pragma_update(None, "cache_size", PAGE_CACHE_KIB)
            .map_err(open_err)?;
        // Every statement of a sync's page transaction keeps a statement journal (so one
        // failing row undoes only itself): in memory, not spilled to a temporary file.
        conn.pragma_update(None, "temp_store", "MEMORY")
            .map_err(open_err)?;
        enable_foreign_keys(&conn).map_err(open_err)?;
        migrate(&mut conn, path)?;
        Ok(Cache {
            conn: Mutex::new(conn),
            path: Some(path.to_path_buf()),
        })
    }

    /// A throw-away cache in memory with the full schema, for tests.
    pub fn open_in_memory() -> Result<Cache, CacheError> {
        let path = Path::new(":memory:");
        let mut conn = Connection::open_in_memory().map_err(|source| CacheError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        enable_foreign_keys(&conn).map_err(|source| CacheError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        migrate(&mut conn, path)?;
        Ok(Cache {
            conn: Mutex::new(conn),
            path: None,
        })
    }

    /// The database file (`None` for an in-memory cache).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version of the open database (always [`SCHEMA_VERSION`] once open).
    pub fn schema_version(&self) -> Result<u32, CacheError> {
        self.with_conn(user_version)
            .map_err(CacheError::query("read the schema version"))
    }

    /// Runs `f` with the connection, one caller at a time.
    pub fn with_conn<T>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        f(&self.lock())
    }

    /// Runs `f` inside one transaction (taking the write lock at once), committed when `f`
    /// succeeds and rolled back when it fails.
    pub fn write<T, E: From<rusqlite::Error>>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves no half-done SQLite transaction behind
        // (SQLite rolls it back), so the connection stays usable.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

fn refuse_newer_schema(conn: &Connection, path: &Path) -> Result<(), CacheError> {
    let found = user_version(conn).map_err(|source| CacheError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    if found <= SCHEMA_VERSION {
        return Ok(());
    }
    // Best effort: a newer schema may have changed this table too.
    let written_by = meta::read(conn, meta::SCHEMA_WRITTEN_BY).ok().flatten();
    Err(CacheError::NewerSchema {
        path: path.to_path_buf(),
        found,
        supported: SCHEMA_VERSION,
        written_by,
    })
}

fn enable_foreign_keys(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "foreign_keys", true)?;
    let on: bool = conn.pragma_query_value(None, "foreign_keys", |row| row.get(0))?;
    if on {
        Ok(())
    } else {
        Err(rusqlite::Error::InvalidQuery)
    }
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<(), CacheError> {
    let migrate_err = |source| CacheError::Migrate {
        path: path.to_path_buf(),
        target: SCHEMA_VERSION,
        source,
    };
    let before = user_version(conn).map_err(|source| CacheError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    migrations().to_latest(conn).map_err(migrate_err)?;
    if before < SCHEMA_VERSION {
        meta::write(conn, meta::SCHEMA_WRITTEN_BY, env!("CARGO_PKG_VERSION"))
            .map_err(CacheError::query("record the schema version"))?;
        tracing::info!(
            from = before,
            to = SCHEMA_VERSION,
            "cache schema brought up to date"
        );
    }
    compact_if_pending(conn, path);
    Ok(())
}

/// Rebuilds the database file without its free and sparse pages when a migration asked for
/// it ([`meta::COMPACT_PENDING`]; schema 5 moved the rights JSON out of `assets`, leaving the
/// old rows' pages mostly empty, so scans would read as many pages as before). Best effort:
/// a cache that could not be compacted (another Shelflink is reading it, the disk is full)
/// works the same, only slower, and the next opening tries again.
fn compact_if_pending(conn: &Connection, path: &Path) {
    let attempt = || -> rusqlite::Result<bool> {
        if meta::read(conn, meta::COMPACT_PENDING)?.is_none() {
            return Ok(false);
        }
        conn.execute_batch("VACUUM")?;
        meta::remove(conn, meta::COMPACT_PENDING)?;
        Ok(true)
    };
    let started = std::time::Instant::now();
    match attempt() {
        Ok(false) => {}
        Ok(true) => tracing::info!(
            path = %path.display(),
            ms = started.elapsed().as_millis() as u64,
            "cache compacted after the schema upgrade"
        ),
        Err(err) => tracing::warn!(
            path = %path.display(),
            "the cache could not be compacted after the schema upgrade ({err}); it works, \
             only searches are slower: close other Shelflink windows, free disk space and \
             open the workspace again to retry"
        ),
    }
}

#[cfg(test)]
#[path = "open_tests.rs"]
mod tests;
