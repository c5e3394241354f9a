//! `app_status`: what the status bar shows — the app version, the data folder, whether this
//! is the demo workspace (with its simulator's addresses and banner text), the cache schema
//! version, how much the cache holds, and how the first sync after start went.

use super::CommandError;
use crate::cache::Counts;
use crate::runtime::{DemoInfo, FirstSync};
use crate::workspace::{Workspace, WorkspaceKind};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AppStatusRequest {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AppStatus {
    /// The Shelflink version, e.g. `0.1.0`.
    pub app_version: String,
    /// The workspace's data folder, as the operating system names it.
    pub data_dir: String,
    pub workspace: WorkspaceKind,
    /// The schema version of the cache database.
    pub schema_version: u32,
    pub counts: Counts,
    /// The demo workspace's simulator and banner text; `None` for real accounts.
    pub demo: Option<DemoInfo>,
    /// The first sync after the app started: pending, running, finished or why not.
    pub first_sync: FirstSync,
    /// Why the transfer queue is not running, when it is not (jobs wait in the queue).
    pub transfer_stopped: Option<String>,
}

pub async fn run(
    workspace: &Workspace,
    _request: AppStatusRequest,
) -> Result<AppStatus, CommandError> {
    let cache = workspace.cache();
    let runtime = workspace.runtime_status().snapshot();
    Ok(AppStatus {
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: workspace.data_dir().display().to_string(),
        workspace: workspace.kind(),
        schema_version: cache.schema_version()?,
        counts: cache.counts()?,
        demo: runtime.demo,
        first_sync: runtime.first_sync,
        transfer_stopped: runtime.transfer_stopped,
    })
}
