//! `activity_list`, `activity_export`: the activity log — links, tags, approvals,
//! replacements, shares, exports, flags — by category, words and date, newest first, paged;
//! and the same selection written as CSV into the export folder.

use super::exports::{self, Exported};
use super::{CommandError, ErrorCode};
use crate::cache::activity_query::{ActivityPage, ActivityQuery, activity_csv};
use crate::workspace::Workspace;
use serde::Deserialize;
use ts_rs::TS;

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ActivityExportRequest {
    /// The entries to export (paging is ignored: every entry selected is written).
    pub query: ActivityQuery,
    /// The folder to write into; none = the Downloads folder, else the data folder's exports/.
    pub folder: Option<String>,
}

fn checked(query: ActivityQuery) -> Result<ActivityQuery, CommandError> {
    for day in [&query.from, &query.to].into_iter().flatten() {
        if chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_err() {
            return Err(CommandError::new(
                ErrorCode::InvalidRequest,
                format!("\"{day}\" is not a day: give it as YYYY-MM-DD"),
            ));
        }
    }
    Ok(query)
}

pub async fn list(
    workspace: &Workspace,
    query: ActivityQuery,
) -> Result<ActivityPage, CommandError> {
    Ok(workspace.cache().activity(&checked(query)?, false)?)
}

pub async fn export(
    workspace: &Workspace,
    request: ActivityExportRequest,
) -> Result<Exported, CommandError> {
    let page = workspace.cache().activity(&checked(request.query)?, true)?;
    let text = activity_csv(&page.entries)
        .map_err(|e| CommandError::internal(format!("cannot write the activity as CSV: {e}")))?;
    let name = format!(
        "shelflink-activity-{}.csv",
        chrono::Utc::now().format("%Y-%m-%d")
    );
    exports::write(
        workspace,
        request.folder.as_deref(),
        &name,
        &text,
        page.entries.len(),
    )
}

#[cfg(test)]
#[path = "activity_tests.rs"]
mod tests;
