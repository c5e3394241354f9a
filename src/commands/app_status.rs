//! `app_status`: what the status bar shows — the app version, the data folder, whether this
//! is the demo workspace, the cache schema version and how much the cache holds.

use super::CommandError;
use crate::cache::Counts;
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
}

pub async fn run(
    workspace: &Workspace,
    _request: AppStatusRequest,
) -> Result<AppStatus, CommandError> {
    let cache = workspace.cache();
    Ok(AppStatus {
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: workspace.data_dir().display().to_string(),
        workspace: workspace.kind(),
        schema_version: cache.schema_version()?,
        counts: cache.counts()?,
    })
}
