//! The runtime that keeps an open workspace alive while the app runs: which workspace to
//! open, the demo's simulator, and the background work — the transfer worker, the syncs
//! (at start, periodically, and in the demo shortly after the queue ran empty), and the
//! daily rights check with its notifications. Everything runs on tokio tasks, never on the
//! caller's thread, and stops with [`Runtime::shutdown`].
//!
//! - `open`: live or demo, and opening it (a demo folder is reset first, see `demo`);
//! - `demo`: the simulator inside the app and the demo accounts (secrets in memory);
//! - `schedule`: syncs and rights checks over time; `rights_watch`: one rights check;
//! - `flag_jobs`: each sync's flag changes become flag jobs in the same transaction;
//! - `renditions`: the thumbnails' rendition source, from cache rows and the clients;
//! - `settings`: the `background` settings section; `status`: what `app_status` reports.
//!
//! ```no_run
//! # async fn demo(base: &std::path::Path) -> anyhow::Result<()> {
//! use shelflink::runtime::{self, Runtime};
//! let choice = runtime::choose(base, false);
//! let workspace = runtime::open(&choice)?;
//! let running = Runtime::start(workspace).await?;
//! // … the app runs …
//! running.shutdown().await;
//! # Ok(()) }
//! ```

pub mod demo;
mod flag_jobs;
mod open;
pub mod renditions;
pub mod rights_watch;
mod schedule;
pub mod settings;
pub mod status;

pub use flag_jobs::FlagJobs;
pub use open::{Choice, choose, open};
pub use renditions::CacheRenditions;
pub use settings::BackgroundSettings;
pub use status::{DemoInfo, FirstSync, RuntimeStatus, Snapshot};

use crate::accounts::Remotes;
use crate::linking::Rules;
use crate::settings::Settings;
use crate::transfer::settings::{SECTION as TRANSFER_SECTION, TransferSettings};
use crate::transfer::{RunUntil, Worker};
use crate::workspace::{Workspace, WorkspaceKind};
use anyhow::Context;
use shelflink_sim::RunningSim;
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// How long shutdown waits for running jobs and the sync to stop.
const SHUTDOWN_WAIT: Duration = Duration::from_secs(10);

/// The background work of one open workspace.
pub struct Runtime {
    workspace: Workspace,
    stop: CancellationToken,
    tasks: Vec<(&'static str, JoinHandle<()>)>,
    sim: Option<RunningSim>,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("workspace", &self.workspace)
            .field("tasks", &self.tasks.len())
            .field("demo", &self.sim.is_some())
            .finish()
    }
}

impl Runtime {
    /// Starts the background work of `workspace` on the current tokio runtime: for the
    /// demo, first its simulator (and the demo accounts); then the transfer worker and the
    /// schedule (the first sync starts at once). Returns once everything is started; the
    /// first sync's state is in `workspace.runtime_status()`.
    pub async fn start(workspace: Workspace) -> anyhow::Result<Runtime> {
        let sim = match workspace.kind() {
            WorkspaceKind::Demo => {
                let (sim, info) = demo::start(&workspace).await.inspect_err(|err| {
                    workspace.runtime_status().update(|s| {
                        s.first_sync = FirstSync::Failed {
                            error: format!("{err:#}"),
                        }
                    })
                })?;
                workspace.runtime_status().update(|s| s.demo = Some(info));
                Some(sim)
            }
            WorkspaceKind::Live => None,
        };
        let settings = Settings::load(&workspace.settings_file())?;
        let rules = Rules::from_settings(&settings)?;
        workspace
            .sync_slot()
            .set_hooks(std::sync::Arc::new(FlagJobs {
                rules: rules.clone(),
            }));
        let background = match settings.sections.get(settings::SECTION) {
            None if workspace.kind() == WorkspaceKind::Demo => BackgroundSettings::demo(),
            _ => settings.section(settings::SECTION)?,
        };
        let stop = CancellationToken::new();
        let mut tasks = Vec::new();
        let transfer: TransferSettings = settings.section(TRANSFER_SECTION)?;
        let remotes = match remotes(&workspace, &transfer).await {
            Ok(remotes) => Some(remotes),
            Err(err) => {
                tracing::warn!("the transfer queue does not run: {err:#}");
                workspace
                    .runtime_status()
                    .update(|s| s.transfer_stopped = Some(format!("{err:#}")));
                None
            }
        };
        // Thumbnails read the cache through their own connection, beside the writers.
        match (
            workspace.thumbnails(),
            crate::cache::Cache::open(&crate::paths::cache_db(workspace.data_dir())),
        ) {
            (Ok(thumbs), Ok(cache)) => thumbs.set_source(std::sync::Arc::new(CacheRenditions {
                cache,
                remotes: remotes.clone(),
            })),
            (Err(err), _) => tracing::warn!("thumbnails are off: {err}"),
            (_, Err(err)) => tracing::warn!("thumbnails are off: {err}"),
        }
        if let Some(remotes) = remotes {
            let mut config = transfer.worker_config();
            config.policy = rules.policy.clone();
            config.today = rules.today.clone();
            let worker = Worker::new(workspace.clone(), remotes, config);
            let token = stop.clone();
            let ws = workspace.clone();
            tasks.push((
                "transfer worker",
                tokio::spawn(async move {
                    match worker.run(RunUntil::Stopped, token).await {
                        Ok(report) => tracing::info!(
                            done = report.done,
                            attempts = report.attempts,
                            "transfer worker stopped"
                        ),
                        Err(err) => {
                            tracing::error!("the transfer worker stopped: {err}");
                            ws.runtime_status()
                                .update(|s| s.transfer_stopped = Some(err.to_string()));
                        }
                    }
                }),
            ));
        }
        tasks.push((
            "schedule",
            tokio::spawn(schedule::run(workspace.clone(), background, stop.clone())),
        ));
        Ok(Runtime {
            workspace,
            stop,
            tasks,
            sim,
        })
    }

    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    /// The demo's simulator (its URLs, write log and fault controls), in the demo.
    pub fn simulator(&self) -> Option<&RunningSim> {
        self.sim.as_ref()
    }

    /// Runs the rights check now (it also runs after the first sync and then daily).
    pub fn check_rights_now(&self) {
        schedule::rights_check(&self.workspace);
    }

    /// Stops everything: no new job or sync starts, running jobs finish, a running sync is
    /// cancelled at its next remote call, then the simulator (demo) stops. Waits at most
    /// ten seconds for the tasks.
    pub async fn shutdown(mut self) {
        self.stop.cancel();
        self.workspace.sync_slot().cancel();
        let deadline = tokio::time::Instant::now() + SHUTDOWN_WAIT;
        for (name, task) in self.tasks.drain(..) {
            match tokio::time::timeout_at(deadline, task).await {
                Ok(Ok(())) => {}
                Ok(Err(err)) => tracing::error!("the {name} ended abnormally: {err}"),
                Err(_) => tracing::warn!("the {name} did not stop in time"),
            }
        }
        while self.workspace.sync_slot().is_running() && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        if let Some(sim) = self.sim.take() {
            sim.stop().await;
        }
        tracing::info!("background work stopped");
    }
}

/// The clients of `workspace` (secrets from the workspace's store, read off the async
/// threads since the keyring blocks), with the `transfer` settings' limits.
async fn remotes(workspace: &Workspace, transfer: &TransferSettings) -> anyhow::Result<Remotes> {
    let net = transfer.remote_net();
    let ws = workspace.clone();
    tokio::task::spawn_blocking(move || Remotes::for_workspace(&ws, ws.secrets().as_ref(), &net))
        .await
        .context("reading the accounts")?
        .map_err(Into::into)
}
