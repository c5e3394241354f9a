//! The sync a workspace runs in the background for the app: at most one at a time, with
//! its progress sent as `sync_progress` events and its end as a `sync_finished` event, and
//! a cancel that stops it at the next remote call.

use super::progress::{ProgressSink, SyncPhase, SyncProgress};
use super::{NoHooks, SyncConfig, SyncError, SyncHooks, SyncReport, SyncRun, SyncSources};
use crate::net::NetConfig;
use crate::settings::Settings;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

/// How a background sync ended (the `sync_finished` event).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncFinished {
    pub phase: SyncPhase,
    /// What it did, when it finished.
    pub report: Option<SyncReport>,
    /// Why it stopped, when it did not finish.
    pub error: Option<String>,
}

struct Running {
    token: CancellationToken,
    latest: Arc<Mutex<Option<SyncProgress>>>,
}

/// The one background sync of a workspace.
#[derive(Default)]
pub struct SyncSlot {
    running: Mutex<Option<Running>>,
    hooks: Mutex<Option<Arc<dyn SyncHooks>>>,
}

impl std::fmt::Debug for SyncSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncSlot")
            .field("running", &self.is_running())
            .finish_non_exhaustive()
    }
}

/// Sends each report to the window and keeps the latest for `sync_status`.
struct EventProgress {
    workspace: Workspace,
    latest: Arc<Mutex<Option<SyncProgress>>>,
}

impl ProgressSink for EventProgress {
    fn progress(&self, progress: &SyncProgress) {
        *self.latest.lock().unwrap_or_else(|p| p.into_inner()) = Some(progress.clone());
        self.workspace.emit(progress);
    }
}

/// Why a sync did not start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StartError {
    #[error("a sync is running already: wait for it to finish, or cancel it first")]
    AlreadyRunning,
}

impl SyncSlot {
    /// Who hears of links whose rights flag changed (the transfer queue registers here).
    pub fn set_hooks(&self, hooks: Arc<dyn SyncHooks>) {
        *self.hooks.lock().unwrap_or_else(|p| p.into_inner()) = Some(hooks);
    }

    pub fn is_running(&self) -> bool {
        self.running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    /// The latest progress of the running sync.
    pub fn latest(&self) -> Option<SyncProgress> {
        let running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        running
            .as_ref()
            .and_then(|r| r.latest.lock().unwrap_or_else(|p| p.into_inner()).clone())
    }

    /// Asks the running sync to stop; false when none runs.
    pub fn cancel(&self) -> bool {
        match &*self.running.lock().unwrap_or_else(|p| p.into_inner()) {
            Some(r) => {
                r.token.cancel();
                true
            }
            None => false,
        }
    }

    /// Starts a sync of `workspace`'s accounts (secrets from the workspace's store) in the
    /// background (on the current tokio runtime); its end is announced with a
    /// `sync_finished` event, and the returned task ends with the same.
    pub fn start(
        &self,
        workspace: &Workspace,
        full: bool,
    ) -> Result<tokio::task::JoinHandle<SyncFinished>, StartError> {
        let token = CancellationToken::new();
        let latest = Arc::new(Mutex::new(None));
        {
            let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
            if running.is_some() {
                return Err(StartError::AlreadyRunning);
            }
            *running = Some(Running {
                token: token.clone(),
                latest: latest.clone(),
            });
        }
        let hooks = self.hooks.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let workspace = workspace.clone();
        Ok(tokio::spawn(async move {
            let finished = run(&workspace, full, token, latest, hooks).await;
            workspace.sync_slot().clear();
            workspace.emit(&finished);
            finished
        }))
    }

    fn clear(&self) {
        *self.running.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

async fn run(
    workspace: &Workspace,
    full: bool,
    token: CancellationToken,
    latest: Arc<Mutex<Option<SyncProgress>>>,
    hooks: Option<Arc<dyn SyncHooks>>,
) -> SyncFinished {
    let settings_file = workspace.settings_file();
    let secrets = workspace.secrets().clone();
    // Reading secrets from the system keyring blocks.
    let prepared =
        tokio::task::spawn_blocking(move || -> anyhow::Result<(SyncSources, SyncConfig)> {
            let settings = Settings::load(&settings_file)?;
            let sources =
                SyncSources::from_settings(&settings, secrets.as_ref(), NetConfig::default())?;
            let config = SyncConfig {
                full,
                ..SyncConfig::from_settings(&settings)?
            };
            Ok((sources, config))
        })
        .await;
    let (sources, config) = match prepared {
        Ok(Ok(prepared)) => prepared,
        Ok(Err(err)) => return failed(format!("{err:#}")),
        Err(err) => return failed(format!("the sync could not start: {err}")),
    };
    let sink = EventProgress {
        workspace: workspace.clone(),
        latest,
    };
    let hooks: &dyn SyncHooks = match &hooks {
        Some(h) => h.as_ref(),
        None => &NoHooks,
    };
    let result = SyncRun::new(workspace.cache(), &sources, &config)
        .progress(&sink)
        .hooks(hooks)
        .cancel_with(token)
        .run()
        .await;
    match result {
        Ok(report) => SyncFinished {
            phase: SyncPhase::Finished,
            report: Some(report),
            error: None,
        },
        Err(SyncError::Cancelled) => SyncFinished {
            phase: SyncPhase::Cancelled,
            report: None,
            error: Some(SyncError::Cancelled.to_string()),
        },
        Err(err) => failed(err.to_string()),
    }
}

fn failed(error: String) -> SyncFinished {
    SyncFinished {
        phase: SyncPhase::Failed,
        report: None,
        error: Some(error),
    }
}
