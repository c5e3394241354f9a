//! Linking, unlinking, approving and sharing from the UI: thin over `linking`, with the
//! settings of the workspace. A refusal by the rules comes back as `refused` with its
//! reason.

use super::{CommandError, ErrorCode};
use crate::linking::{
    self, ApprovalPreview, ApproveError, Approved, LinkError, LinkRequest, Linked, Rules,
    ShareError, ShareRequest, Unlinked,
};
use crate::settings::Settings;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

fn rules(workspace: &Workspace) -> Result<Rules, CommandError> {
    let settings = Settings::load(&workspace.settings_file()).map_err(CommandError::internal)?;
    Rules::from_settings(&settings).map_err(CommandError::internal)
}

impl From<LinkError> for CommandError {
    fn from(err: LinkError) -> Self {
        let code = match &err {
            LinkError::Refused(_) => ErrorCode::Refused,
            LinkError::UnknownAsset(_) | LinkError::UnknownProduct(_) => ErrorCode::NotFound,
            LinkError::ProductDeleted(_) => ErrorCode::Refused,
            LinkError::NotTheProductsImages { .. } => ErrorCode::InvalidRequest,
            LinkError::Cache(_) => ErrorCode::Internal,
        };
        CommandError::new(code, err.to_string())
    }
}

pub async fn link(workspace: &Workspace, request: LinkRequest) -> Result<Linked, CommandError> {
    Ok(linking::link(
        workspace.cache(),
        &rules(workspace)?,
        &request,
    )?)
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct UnlinkRequest {
    /// PhotoShelter image id.
    pub asset: String,
    /// 4ALLPORTAL product id.
    pub product: String,
}

pub async fn unlink(
    workspace: &Workspace,
    request: UnlinkRequest,
) -> Result<Unlinked, CommandError> {
    Ok(linking::unlink(
        workspace.cache(),
        &rules(workspace)?,
        &request.product,
        &request.asset,
    )?)
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReorderRequest {
    /// 4ALLPORTAL product id.
    pub product: String,
    /// PhotoShelter image ids of every image linked to it, in the new order (first = hero).
    pub assets: Vec<String>,
}

pub async fn reorder(
    workspace: &Workspace,
    request: ReorderRequest,
) -> Result<crate::linking::Reordered, CommandError> {
    Ok(linking::reorder(
        workspace.cache(),
        &rules(workspace)?,
        &request.product,
        &request.assets,
    )?)
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ApproveRequest {
    /// PhotoShelter image id of the version to approve.
    pub asset: String,
}

fn approve_error(err: ApproveError) -> CommandError {
    let code = match &err {
        ApproveError::UnknownAsset(_) => ErrorCode::NotFound,
        ApproveError::Deleted(_) => ErrorCode::Refused,
        ApproveError::Cache(_) => ErrorCode::Internal,
    };
    CommandError::new(code, err.to_string())
}

pub async fn approve(
    workspace: &Workspace,
    request: ApproveRequest,
) -> Result<Approved, CommandError> {
    linking::approve(workspace.cache(), &rules(workspace)?, &request.asset).map_err(approve_error)
}

/// What `approve` would change, with nothing written (the confirmation lists it).
pub async fn approve_preview(
    workspace: &Workspace,
    request: ApproveRequest,
) -> Result<ApprovalPreview, CommandError> {
    linking::preview(workspace.cache(), &rules(workspace)?, &request.asset).map_err(approve_error)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Shared {
    /// The job carrying the share.
    pub job: i64,
}

pub async fn share(workspace: &Workspace, request: ShareRequest) -> Result<Shared, CommandError> {
    let job = linking::share(workspace.cache(), &rules(workspace)?, &request).map_err(|err| {
        let code = match &err {
            ShareError::Cache(_) => ErrorCode::Internal,
            ShareError::Refused(_) => ErrorCode::Refused,
            _ => ErrorCode::InvalidRequest,
        };
        CommandError::new(code, err.to_string())
    })?;
    Ok(Shared { job })
}
