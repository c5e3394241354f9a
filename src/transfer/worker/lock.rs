//! One worker per workspace: an exclusive SQLite lock on `transfer-worker.lock` in the data
//! folder, held while the worker runs. The operating system releases it when the process
//! ends, however it ends, so a crashed worker never blocks the next one.

use rusqlite::{Connection, ErrorCode};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Held while the worker runs (the lock goes with the connection).
#[derive(Debug)]
pub struct WorkerLock {
    _conn: Connection,
}

/// Another worker has the workspace, or the lock file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "another Shelflink worker is carrying out this workspace's transfers (the app, or `shelflink transfer run`): let it finish, or stop it first"
    )]
    Busy,
    #[error("cannot use the lock file {}: {source}", path.display())]
    Lock {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
}

impl WorkerLock {
    pub fn acquire(data_dir: &Path) -> Result<WorkerLock, LockError> {
        let path = data_dir.join("transfer-worker.lock");
        let fail = |source| LockError::Lock {
            path: path.clone(),
            source,
        };
        let conn = Connection::open(&path).map_err(fail)?;
        conn.busy_timeout(Duration::ZERO).map_err(fail)?;
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE")
            .map_err(fail)?;
        // The transaction stays open: its exclusive lock is held until the connection closes.
        match conn.execute_batch("BEGIN EXCLUSIVE") {
            Ok(()) => Ok(WorkerLock { _conn: conn }),
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) => {
                Err(LockError::Busy)
            }
            Err(e) => Err(fail(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_worker_on_the_same_workspace_is_refused_until_the_first_ends() {
        let dir = tempfile::tempdir().unwrap();
        let first = WorkerLock::acquire(dir.path()).unwrap();
        assert!(matches!(
            WorkerLock::acquire(dir.path()),
            Err(LockError::Busy)
        ));
        drop(first);
        WorkerLock::acquire(dir.path()).unwrap();
    }
}
