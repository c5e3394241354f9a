//! What can go wrong opening or reading the cache, each with what to do about it.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error(
        "the cache database {path} was written by a newer Shelflink ({written_by}, schema version \
         {found}); this Shelflink {ours} understands schema version {supported} at most. The \
         database was left untouched: update Shelflink to open it, or set SHELFLINK_HOME to another \
         folder to start a separate workspace",
        path = path.display(),
        written_by = written_by.as_deref().unwrap_or("unknown version"),
        ours = env!("CARGO_PKG_VERSION"),
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
        written_by: Option<String>,
    },

    #[error(
        "cannot open the cache database {path}: {source}. Check that the data folder is writable \
         and that the file is a Shelflink cache",
        path = path.display()
    )]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    #[error(
        "cannot switch the cache database {path} to write-ahead logging (SQLite answered \
         journal mode {mode:?}); keep the data folder on a local disk",
        path = path.display()
    )]
    NoWal { path: PathBuf, mode: String },

    #[error(
        "cannot bring the cache database {path} up to schema version {target}: {source}. The \
         database is unchanged; report this with the log file from the data folder",
        path = path.display()
    )]
    Migrate {
        path: PathBuf,
        target: u32,
        #[source]
        source: rusqlite_migration::Error,
    },

    #[error("cannot {action} in the cache database: {source}")]
    Query {
        action: &'static str,
        #[source]
        source: rusqlite::Error,
    },
}

impl CacheError {
    pub(crate) fn query(action: &'static str) -> impl FnOnce(rusqlite::Error) -> CacheError {
        move |source| CacheError::Query { action, source }
    }
}
