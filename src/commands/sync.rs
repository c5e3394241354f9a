//! `sync_start`, `sync_cancel`, `sync_status`: the background sync of the workspace. Its
//! progress arrives as `sync_progress` events, its end as a `sync_finished` event.

use super::CommandError;
use crate::cache::catalog::state::{self, Run};
use crate::sync::{SyncProgress, SyncReport};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Default, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
pub struct SyncStartRequest {
    /// Read everything again instead of only what changed.
    pub full: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SyncStarted {
    /// False when a sync was running already (it keeps running).
    pub started: bool,
    pub message: String,
}

pub async fn start(
    workspace: &Workspace,
    request: SyncStartRequest,
) -> Result<SyncStarted, CommandError> {
    Ok(match workspace.sync_slot().start(workspace, request.full) {
        Ok(_) => SyncStarted {
            started: true,
            message: "The sync started".into(),
        },
        Err(err) => SyncStarted {
            started: false,
            message: err.to_string(),
        },
    })
}

#[derive(Debug, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SyncCancelRequest {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SyncCancelled {
    /// False when no sync was running.
    pub was_running: bool,
}

pub async fn cancel(
    workspace: &Workspace,
    _request: SyncCancelRequest,
) -> Result<SyncCancelled, CommandError> {
    Ok(SyncCancelled {
        was_running: workspace.sync_slot().cancel(),
    })
}

#[derive(Debug, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SyncStatusRequest {}

/// One recorded sync run.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SyncRunInfo {
    pub run_id: i64,
    pub started_at: String,
    pub finished_at: Option<String>,
    /// `full` or `incremental`.
    pub kind: String,
    /// `running`, `finished`, `cancelled` or `failed`.
    pub state: String,
    pub error: Option<String>,
    pub report: Option<SyncReport>,
}

impl From<Run> for SyncRunInfo {
    fn from(run: Run) -> Self {
        SyncRunInfo {
            run_id: run.id,
            started_at: crate::cache::time::to_db(run.started_at),
            finished_at: run.finished_at.map(crate::cache::time::to_db),
            kind: run.kind,
            state: run.state,
            error: run.error,
            report: run.report.and_then(|r| serde_json::from_value(r).ok()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SyncStatus {
    pub running: bool,
    /// The latest progress of the running sync.
    pub progress: Option<SyncProgress>,
    /// The latest run, whatever its end.
    pub last_run: Option<SyncRunInfo>,
    /// The latest run that finished (what the cache shows is as of its end).
    pub last_finished: Option<SyncRunInfo>,
}

pub async fn status(
    workspace: &Workspace,
    _request: SyncStatusRequest,
) -> Result<SyncStatus, CommandError> {
    let (last, finished) = workspace
        .cache()
        .with_conn(state::last_runs)
        .map_err(|e| CommandError::internal(format!("cannot read the sync history: {e}")))?;
    let slot = workspace.sync_slot();
    Ok(SyncStatus {
        running: slot.is_running(),
        progress: slot.latest(),
        last_run: last.map(Into::into),
        last_finished: finished.map(Into::into),
    })
}
