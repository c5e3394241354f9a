//! Exports and product shares from the UI: start an export (planned now, downloaded in the
//! background with `export_progress` events), cancel it, suggest a folder; share products'
//! images, follow the share job, list the galleries one can share into.

use super::{CommandError, ErrorCode};
use crate::accounts::{KeyringStore, Remotes};
use crate::export::{self, ExportError, ExportRequest, LeftOut, running};
use crate::linking::Rules;
use crate::settings::Settings;
use crate::sharing::{self, ProductShareRequest, QueuedShare, ShareOutcome, ShareProductsError};
use crate::transfer::settings::{SECTION, TransferSettings};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

fn settings(workspace: &Workspace) -> Result<(Rules, TransferSettings), CommandError> {
    let settings = Settings::load(&workspace.settings_file()).map_err(CommandError::internal)?;
    let rules = Rules::from_settings(&settings).map_err(CommandError::internal)?;
    let transfer = settings.section(SECTION).map_err(CommandError::internal)?;
    Ok((rules, transfer))
}

impl From<ExportError> for CommandError {
    fn from(err: ExportError) -> Self {
        let code = match &err {
            ExportError::Selection(_) => ErrorCode::NotFound,
            ExportError::Folder { .. } | ExportError::State(_) => ErrorCode::Refused,
            _ => ErrorCode::Internal,
        };
        CommandError::new(code, err.to_string())
    }
}

/// An export planned and under way.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ExportStarted {
    /// The id its `export_progress` events carry (and `export_cancel` takes).
    pub export: String,
    pub target: String,
    pub products: u32,
    /// Images going into the folder.
    pub total: u32,
    pub left_out: Vec<LeftOut>,
    /// SKUs of chosen products without any linked image.
    pub without_images: Vec<String>,
}

pub async fn start(
    workspace: &Workspace,
    request: ExportRequest,
) -> Result<ExportStarted, CommandError> {
    let (rules, transfer) = settings(workspace)?;
    let prepared = export::prepare(workspace.cache(), request, (rules.today)(), &rules.policy)?;
    let remotes =
        Remotes::for_workspace(workspace, &KeyringStore::from_env(), &transfer.remote_net())
            .map_err(|e| CommandError::new(ErrorCode::Refused, e.to_string()))?;
    let (id, cancel) = running::register();
    let started = ExportStarted {
        export: id.clone(),
        target: prepared.dir.display().to_string(),
        products: prepared.products,
        total: prepared.plan.images.len() as u32,
        left_out: prepared.plan.left_out.clone(),
        without_images: prepared.plan.without_images.clone(),
    };
    let workspace = workspace.clone();
    tokio::spawn(async move {
        let emit = |p: &export::ExportProgress| workspace.emit(p);
        if let Err(e) = prepared
            .run(
                workspace.cache(),
                &remotes.photoshelter,
                &id,
                &cancel,
                &emit,
            )
            .await
        {
            tracing::warn!(export = %id, "export stopped: {e}");
        }
        running::finish(&id);
    });
    Ok(started)
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportCancelRequest {
    pub export: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportCancelled {
    /// False when the export had already ended.
    pub stopping: bool,
}

pub async fn cancel(
    _workspace: &Workspace,
    request: ExportCancelRequest,
) -> Result<ExportCancelled, CommandError> {
    Ok(ExportCancelled {
        stopping: running::cancel(&request.export),
    })
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportFolderRequest {
    /// What is exported, in words (a campaign's name, a SKU): the folder's name.
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportFolder {
    pub path: String,
}

/// `<Pictures>/Shelflink exports/<label>` (else under Downloads or the home folder).
pub async fn folder(
    _workspace: &Workspace,
    request: ExportFolderRequest,
) -> Result<ExportFolder, CommandError> {
    let base = directories::UserDirs::new()
        .and_then(|d| {
            d.picture_dir()
                .or(d.download_dir())
                .map(|p| p.to_path_buf())
                .or_else(|| Some(d.home_dir().to_path_buf()))
        })
        .ok_or_else(|| {
            CommandError::new(
                ErrorCode::NotFound,
                "there is no home folder to suggest an export folder in: type a folder",
            )
        })?;
    let label = export::plan::safe_part(&request.label);
    Ok(ExportFolder {
        path: base
            .join("Shelflink exports")
            .join(label)
            .display()
            .to_string(),
    })
}

impl From<ShareProductsError> for CommandError {
    fn from(err: ShareProductsError) -> Self {
        let code = match &err {
            ShareProductsError::Selection(_) | ShareProductsError::NoFiles(_) => {
                ErrorCode::NotFound
            }
            ShareProductsError::AllRefused { .. } => ErrorCode::Refused,
            ShareProductsError::Share(crate::linking::ShareError::Cache(_))
            | ShareProductsError::Cache(_) => ErrorCode::Internal,
            ShareProductsError::Share(crate::linking::ShareError::Refused(_)) => ErrorCode::Refused,
            ShareProductsError::Share(_) => ErrorCode::InvalidRequest,
        };
        CommandError::new(code, err.to_string())
    }
}

pub async fn share(
    workspace: &Workspace,
    request: ProductShareRequest,
) -> Result<QueuedShare, CommandError> {
    let (rules, _) = settings(workspace)?;
    Ok(sharing::queue_share(workspace.cache(), &rules, &request)?)
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ShareStatusRequest {
    pub job: i64,
}

pub async fn share_status(
    workspace: &Workspace,
    request: ShareStatusRequest,
) -> Result<ShareOutcome, CommandError> {
    sharing::outcome(workspace.cache(), request.job)?.ok_or_else(|| {
        CommandError::new(
            ErrorCode::NotFound,
            format!("there is no share job {}", request.job),
        )
    })
}

#[derive(Debug, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct GalleriesRequest {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Galleries {
    /// Names of the PhotoShelter galleries in the cache, sorted.
    pub names: Vec<String>,
}

pub async fn galleries(
    workspace: &Workspace,
    _request: GalleriesRequest,
) -> Result<Galleries, CommandError> {
    let names = workspace
        .cache()
        .with_conn(|c| {
            c.prepare("SELECT DISTINCT name FROM galleries ORDER BY name COLLATE NOCASE")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .map_err(|e| CommandError::internal(format!("cannot read the galleries: {e}")))?;
    Ok(Galleries { names })
}
