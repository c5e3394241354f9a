//! Full and incremental sync of both systems into the cache.
//!
//! ```no_run
//! # async fn demo(cache: &shelflink::cache::Cache, sources: shelflink::sync::SyncSources) -> Result<(), shelflink::sync::SyncError> {
//! use shelflink::sync::{SyncRun, SyncConfig};
//! let report = SyncRun::new(cache, &sources, &SyncConfig::default()).run().await?;
//! println!("{}", report.summary());
//! # Ok(()) }
//! ```
//!
//! - `photoshelter`: the tree, then the images of every gallery that changed, page by page;
//! - `allportal`: categories, users, files and products by events feed or `mod_time`;
//! - `finish`: links reconciled with what 4ALLPORTAL shows, version groups found again,
//!   rights flags set on links (each change handed to [`SyncHooks::on_link_flagged`]);
//! - `progress`: phase, counts, rate and ETA for the UI event and the CLI bar;
//! - `config`: the sources and settings; `report`: what a run did.
//!
//! Every page is one transaction that also records how far the listing came, and no
//! transaction waits on the network: cancelling (the token) or dropping a running sync leaves
//! the cache consistent, and the next sync resumes without reading finished pages again.
//! Records are written only when they changed; a change that is Shelflink's own write
//! coming back (`cache::own_writes`) is counted as an echo, not as news.

mod allportal;
pub mod config;
mod context;
mod finish;
mod photoshelter;
pub mod progress;
pub mod report;
pub mod runner;

pub use config::{AllportalSource, PhotoShelterSource, SyncConfig, SyncSources, VersionSettings};
pub use progress::{NoProgress, ProgressSink, ServiceProgress, SyncPhase, SyncProgress};
pub use report::{
    AllportalReport, Changes, Feed, LinkReport, PhotoShelterReport, SyncKind, SyncReport,
};
pub use runner::{StartError, SyncFinished, SyncSlot};
pub use tokio_util::sync::CancellationToken;

use crate::cache::Cache;
use crate::cache::catalog::flags::FlagChange;
use crate::cache::catalog::state;
use crate::net::{ApiError, Service};
use context::Ctx;
use progress::{Side, Tracker};
use rusqlite::Connection;
use std::time::Instant;

/// What can stop a sync, each with what to do.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("the {service} sync stopped while {doing}: {source}")]
    Remote {
        service: Service,
        doing: String,
        #[source]
        source: ApiError,
    },
    #[error(
        "cannot write what was synced into the cache: {0}. What was read before is kept; try \
         again, and report this with the log file if it happens again"
    )]
    Cache(#[from] rusqlite::Error),
    #[error(
        "the sync was cancelled; what it read so far is kept, and the next sync continues from there"
    )]
    Cancelled,
    #[error(
        "no account is connected: connect PhotoShelter and 4ALLPORTAL (`shelflink connect …` or \
         Settings › Accounts) before syncing"
    )]
    NoAccounts,
}

/// Seams for other parts of the app.
pub trait SyncHooks: Send + Sync {
    /// A link's rights flag changed (`change.to = None`: cleared). Runs inside the
    /// transaction that sets the flag, so work queued here (e.g. the transfer queue's flag
    /// job) is committed together with the flag, or not at all.
    fn on_link_flagged(&self, conn: &Connection, change: &FlagChange) -> rusqlite::Result<()> {
        let _ = (conn, change);
        Ok(())
    }
}

/// No hooks.
pub struct NoHooks;

impl SyncHooks for NoHooks {}

/// One sync run, set up with the builder methods and started with [`SyncRun::run`].
pub struct SyncRun<'a> {
    cache: &'a Cache,
    sources: &'a SyncSources,
    config: &'a SyncConfig,
    progress: &'a dyn ProgressSink,
    hooks: &'a dyn SyncHooks,
    cancel: CancellationToken,
}

impl<'a> SyncRun<'a> {
    pub fn new(cache: &'a Cache, sources: &'a SyncSources, config: &'a SyncConfig) -> Self {
        Self {
            cache,
            sources,
            config,
            progress: &NoProgress,
            hooks: &NoHooks,
            cancel: CancellationToken::new(),
        }
    }

    /// Where progress reports go.
    pub fn progress(mut self, sink: &'a dyn ProgressSink) -> Self {
        self.progress = sink;
        self
    }

    pub fn hooks(mut self, hooks: &'a dyn SyncHooks) -> Self {
        self.hooks = hooks;
        self
    }

    /// Cancelling `token` stops the sync at the next remote call.
    pub fn cancel_with(mut self, token: CancellationToken) -> Self {
        self.cancel = token;
        self
    }

    /// Runs the sync to the end (or until cancelled or failed; either way the cache stays
    /// consistent and the run is recorded).
    pub async fn run(self) -> Result<SyncReport, SyncError> {
        if self.sources.is_empty() {
            return Err(SyncError::NoAccounts);
        }
        let started = Instant::now();
        let now = chrono::Utc::now();
        let (first_ps, first_ap, resumed) = self.cache.with_conn(|c| {
            let finished = |s| state::cursor(c, s, "finished").map(|v| v.is_none());
            Ok((
                finished(Service::PhotoShelter)?,
                finished(Service::Allportal)?,
                state::last_runs(c)?
                    .0
                    .is_some_and(|run| run.state != "finished"),
            ))
        })?;
        let kind = if self.config.full
            || (self.sources.photoshelter.is_some() && first_ps)
            || (self.sources.allportal.is_some() && first_ap)
        {
            SyncKind::Full
        } else {
            SyncKind::Incremental
        };
        let run_id = self
            .cache
            .write(|tx| state::start_run(tx, kind.as_str(), now))?;
        let mut sides = Vec::new();
        if self.sources.photoshelter.is_some() {
            sides.push(Side::PhotoShelter);
        }
        if self.sources.allportal.is_some() {
            sides.push(Side::Allportal);
        }
        let ctx = Ctx {
            cache: self.cache,
            config: self.config,
            clock: self.config.clock(),
            tracker: Tracker::new(self.progress, run_id, &sides),
            cancel: self.cancel.clone(),
            run_id,
        };
        tracing::info!(run_id, kind = kind.as_str(), resumed, "sync started");
        let _checkpoints = self.cache.fewer_checkpoints();
        let result = self
            .run_phases(&ctx, kind, first_ps, first_ap, resumed, started)
            .await;
        let end = chrono::Utc::now();
        let (state_text, phase, error) = match &result {
            Ok(_) => ("finished", SyncPhase::Finished, None),
            Err(SyncError::Cancelled) => (
                "cancelled",
                SyncPhase::Cancelled,
                Some(SyncError::Cancelled.to_string()),
            ),
            Err(e) => ("failed", SyncPhase::Failed, Some(e.to_string())),
        };
        let report_json = result
            .as_ref()
            .ok()
            .and_then(|r| serde_json::to_value(r).ok());
        self.cache.write(|tx| {
            state::finish_run(
                tx,
                run_id,
                state_text,
                error.as_deref(),
                report_json.as_ref(),
                end,
            )
        })?;
        ctx.tracker.phase(phase);
        match &result {
            Ok(report) => tracing::info!(run_id, "{}", report.summary()),
            Err(e) => tracing::warn!(run_id, "sync ended: {e}"),
        }
        result
    }

    async fn run_phases(
        &self,
        ctx: &Ctx<'_>,
        kind: SyncKind,
        first_ps: bool,
        first_ap: bool,
        resumed: bool,
        started: Instant,
    ) -> Result<SyncReport, SyncError> {
        self.cache.write(|tx| {
            crate::cache::rights_columns::ensure_zone(tx, &ctx.clock)?;
            crate::cache::own_writes::prune(
                tx,
                chrono::Utc::now() - crate::cache::own_writes::KEEP_FOR,
            )?;
            Ok::<_, SyncError>(())
        })?;
        let ps = async {
            match &self.sources.photoshelter {
                Some(source) => photoshelter::sync(ctx, source, first_ps).await.map(Some),
                None => Ok(None),
            }
        };
        let ap = async {
            match &self.sources.allportal {
                Some(source) => allportal::sync(ctx, source, first_ap).await.map(Some),
                None => Ok(None),
            }
        };
        let (ps, ap) = futures::try_join!(ps, ap)?;
        ctx.check()?;
        ctx.tracker.phase(SyncPhase::Reconciling);
        let finished = finish::finish(
            ctx,
            self.hooks,
            ps.as_ref(),
            ap.as_ref(),
            first_ps && first_ap,
        )?;
        self.cache.write(|tx| {
            let now = chrono::Utc::now();
            for (source, service) in [
                (self.sources.photoshelter.is_some(), Service::PhotoShelter),
                (self.sources.allportal.is_some(), Service::Allportal),
            ] {
                if source {
                    state::set_cursor(
                        tx,
                        service,
                        "finished",
                        &crate::cache::time::to_db(now),
                        now,
                    )?;
                    state::clear_progress(tx, service)?;
                }
            }
            Ok::<_, SyncError>(())
        })?;
        Ok(SyncReport {
            run_id: ctx.run_id,
            kind,
            resumed,
            photoshelter: ps,
            allportal: ap,
            links: finished.links,
            version_groups: finished.version_groups,
            flags: finished.flags,
            duration_ms: started.elapsed().as_millis() as u64,
        })
    }
}
