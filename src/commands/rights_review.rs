//! `rights_review`, `rights_review_csv`: licences ending soon and ended licences still
//! linked, grouped by campaign and owner; and the same as CSV text for an export.

use super::{CommandError, rights_clock};
use crate::cache::review::{ExpiryReview, review_csv};
use crate::cache::rights_columns;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Default, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
pub struct RightsReviewRequest {
    /// Licences ending within this many days; absent = the longest warning window.
    pub within_days: Option<u32>,
}

pub(super) fn review(
    workspace: &Workspace,
    request: &RightsReviewRequest,
) -> Result<ExpiryReview, CommandError> {
    let clock = rights_clock(workspace)?;
    let days = request
        .within_days
        .or_else(|| clock.policy.warning_windows.iter().copied().max())
        .unwrap_or(30);
    workspace
        .cache()
        .with_conn(|c| rights_columns::ensure_zone(c, &clock))
        .map_err(|e| {
            CommandError::internal(format!("cannot bring the licence dates up to date: {e}"))
        })?;
    Ok(workspace.cache().expiry_review(days, &clock)?)
}

pub async fn run(
    workspace: &Workspace,
    request: RightsReviewRequest,
) -> Result<ExpiryReview, CommandError> {
    review(workspace, &request)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CsvExport {
    /// A file name to offer when saving.
    pub file_name: String,
    pub text: String,
}

pub async fn csv(
    workspace: &Workspace,
    request: RightsReviewRequest,
) -> Result<CsvExport, CommandError> {
    let review = review(workspace, &request)?;
    let text = review_csv(&review)
        .map_err(|e| CommandError::internal(format!("cannot write the review as CSV: {e}")))?;
    Ok(CsvExport {
        file_name: format!("rights-review-{}.csv", review.today),
        text,
    })
}
