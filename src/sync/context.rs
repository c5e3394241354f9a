//! What every part of one sync run shares: the cache, the settings, the rights clock, the
//! progress tracker and the cancellation token. Remote calls race the token; cache writes
//! are whole transactions that never wait on the network, so stopping a sync at any point
//! (cancel, or dropping its future) leaves the cache as it was after the last page.

use super::SyncError;
use super::config::SyncConfig;
use super::progress::Tracker;
use crate::cache::Cache;
use crate::cache::catalog::WriteCtx;
use crate::cache::verdict_sql::RightsClock;
use crate::net::{ApiError, Service};
use rusqlite::Transaction;
use std::future::Future;
use tokio_util::sync::CancellationToken;

pub(crate) struct Ctx<'a> {
    pub cache: &'a Cache,
    pub config: &'a SyncConfig,
    pub clock: RightsClock,
    pub tracker: Tracker<'a>,
    pub cancel: CancellationToken,
    pub run_id: i64,
}

impl Ctx<'_> {
    /// What a cache write needs, timed now.
    pub fn write_ctx(&self) -> WriteCtx<'_> {
        WriteCtx {
            now: chrono::Utc::now(),
            clock: &self.clock,
        }
    }

    /// Stops here when the sync was cancelled.
    pub fn check(&self) -> Result<(), SyncError> {
        if self.cancel.is_cancelled() {
            Err(SyncError::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Runs one remote call, giving up at once when the sync is cancelled.
    pub async fn fetch<T>(
        &self,
        service: Service,
        doing: impl FnOnce() -> String,
        call: impl Future<Output = Result<T, ApiError>>,
    ) -> Result<T, SyncError> {
        self.check()?;
        tokio::select! {
            biased;
            _ = self.cancel.cancelled() => Err(SyncError::Cancelled),
            result = call => result.map_err(|source| SyncError::Remote {
                service,
                doing: doing(),
                source,
            }),
        }
    }

    /// One transaction. On a multi-threaded runtime the worker thread hands its other
    /// tasks (the next pages' fetches) to the other workers while it waits for the cache
    /// and writes, so fetching goes on beside writing.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, SyncError>,
    ) -> Result<T, SyncError> {
        let multi_thread = tokio::runtime::Handle::try_current()
            .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
        if multi_thread {
            tokio::task::block_in_place(|| self.cache.write(f))
        } else {
            self.cache.write(f)
        }
    }
}
