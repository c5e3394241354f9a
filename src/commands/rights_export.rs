//! `rights_restricted`, `rights_review_export`: the restricted images with the products
//! they are linked to (the part of the rights review beside expiry), and the expiry review
//! as CSV (`cache::review::review_csv`, over the review `rights_review` gives) written into
//! the export folder.

use super::exports::{self, Exported};
use super::{CommandError, rights_clock};
use crate::cache::review::review_csv;
use crate::cache::review_restricted::RestrictedAsset;
use crate::cache::{RightsClock, rights_columns};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The clock with the licence instants brought to its zone first.
fn ready_clock(workspace: &Workspace) -> Result<RightsClock, CommandError> {
    let clock = rights_clock(workspace)?;
    workspace
        .cache()
        .with_conn(|c| rights_columns::ensure_zone(c, &clock))
        .map_err(|e| {
            CommandError::internal(format!("cannot bring the licence dates up to date: {e}"))
        })?;
    Ok(clock)
}

#[derive(Debug, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RightsRestrictedRequest {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RightsRestricted {
    /// Linked ones first, then by file name.
    pub assets: Vec<RestrictedAsset>,
}

pub async fn restricted(
    workspace: &Workspace,
    _request: RightsRestrictedRequest,
) -> Result<RightsRestricted, CommandError> {
    let clock = ready_clock(workspace)?;
    Ok(RightsRestricted {
        assets: workspace.cache().restricted_review(&clock)?,
    })
}

#[derive(Debug, Default, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
pub struct RightsExportRequest {
    /// Licences ending within this many days; absent = the longest warning window.
    pub within_days: Option<u32>,
    /// The folder to write into; none = the Downloads folder, else the data folder's exports/.
    pub folder: Option<String>,
}

pub async fn export(
    workspace: &Workspace,
    request: RightsExportRequest,
) -> Result<Exported, CommandError> {
    let review = super::rights_review::review(
        workspace,
        &super::RightsReviewRequest {
            within_days: request.within_days,
        },
    )?;
    let text = review_csv(&review)
        .map_err(|e| CommandError::internal(format!("cannot write the review as CSV: {e}")))?;
    let rows = text.lines().count().saturating_sub(1);
    let name = format!("rights-review-{}.csv", review.today);
    exports::write(workspace, request.folder.as_deref(), &name, &text, rows)
}

#[cfg(test)]
#[path = "rights_export_tests.rs"]
mod tests;
