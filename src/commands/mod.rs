//! The one declared list of UI→core calls, and of core→UI events.
//!
//! Each command is declared once below with its request and response type (both deriving
//! `serde` and `ts_rs::TS`); that single line gives the dispatcher ([`dispatch`]) the app's
//! one Tauri command calls, the list of names, and the TypeScript bindings in
//! `ui/src/bindings/` (`commands.ts` maps each name to its types; `shelflink bindings export`
//! writes them, `shelflink bindings check` fails when the committed ones are stale).
//!
//! Adding a command: write `src/commands/<name>.rs` with the request and response types and
//! `pub async fn run(&Workspace, Request) -> Result<Response, CommandError>`, add one line to
//! `declare_commands!`, run `make bindings`, and call it from the UI through `Backend`.

mod app_status;
pub mod bindings;
mod declare;
mod detail;
mod error;
pub mod events;
mod export;
mod linking;
mod rights_review;
mod search;
mod sync;
mod transfer;
mod tree;

pub use app_status::{AppStatus, AppStatusRequest};
pub use detail::{AssetDetailRequest, ProductDetailRequest};
pub use error::{CommandError, ErrorCode};
pub use export::{
    ExportCancelRequest, ExportCancelled, ExportFolder, ExportFolderRequest, ExportStarted,
    Galleries, GalleriesRequest, ShareStatusRequest,
};
pub use linking::{ApproveRequest, ReorderRequest, Shared, UnlinkRequest};
pub use rights_review::{CsvExport, RightsReviewRequest};
pub use sync::{
    SyncCancelRequest, SyncCancelled, SyncRunInfo, SyncStartRequest, SyncStarted, SyncStatus,
    SyncStatusRequest,
};
pub use transfer::{
    TransferCancelRequest, TransferCancelled, TransferJobs, TransferJobsRequest,
    TransferPauseRequest, TransferRetried, TransferRetryRequest, TransferStatus,
    TransferStatusRequest,
};
pub use tree::GalleryTreeRequest;

use crate::cache::RightsClock;
use crate::cache::detail::{AssetDetail, ProductDetail};
use crate::cache::review::ExpiryReview;
use crate::cache::search::{AssetPage, AssetQuery, ProductPage, ProductQuery};
use crate::cache::tree::GalleryTree;
use crate::sync::{SyncFinished, SyncProgress};
use crate::workspace::Workspace;

declare::declare_commands! {
    /// The app version, the data folder, whether it is the demo workspace, the cache schema
    /// version and how much the cache holds.
    app_status(AppStatusRequest) -> AppStatus = app_status::run;
    /// Starts syncing both accounts in the background (only what changed, unless `full`);
    /// progress arrives as `sync_progress` events, the end as `sync_finished`.
    sync_start(SyncStartRequest) -> SyncStarted = sync::start;
    /// Stops the running sync at its next remote call; what it read so far is kept.
    sync_cancel(SyncCancelRequest) -> SyncCancelled = sync::cancel;
    /// Whether a sync runs (with its latest progress), and the latest runs.
    sync_status(SyncStatusRequest) -> SyncStatus = sync::status;
    /// Assets by words (file name, title, caption, keywords), gallery, approval, verdict,
    /// linked or not; sorted and paged.
    search_assets(AssetQuery) -> AssetPage = search::assets;
    /// Products by words (SKU, name, category, campaigns), category, campaign, owner,
    /// variants or not, linked or not; sorted and paged.
    search_products(ProductQuery) -> ProductPage = search::products;
    /// One asset: IPTC, rights with their sources, verdict, galleries, links, versions.
    asset_detail(AssetDetailRequest) -> AssetDetail = detail::asset;
    /// One product: its fields, parent, variants and links with their verdicts.
    product_detail(ProductDetailRequest) -> ProductDetail = detail::product;
    /// Licences ending within N days and ended licences still linked, grouped by campaign
    /// and by product owner.
    rights_review(RightsReviewRequest) -> ExpiryReview = rights_review::run;
    /// The rights review as CSV text, with a file name to save it under.
    rights_review_csv(RightsReviewRequest) -> CsvExport = rights_review::csv;
    /// Link an image to a product with role and position. Refused (with the reason) when
    /// the image is not approved or its rights do not allow it; queues the transfer jobs.
    link_asset(crate::linking::LinkRequest) -> crate::linking::Linked = linking::link;
    /// Take an image off a product: jobs not run yet are cancelled, the rest undone.
    unlink_asset(UnlinkRequest) -> crate::linking::Unlinked = linking::unlink;
    /// Put a product's images in a new order (the first becomes the hero); each moved image
    /// is carried by a queued move and confirmation.
    reorder_links(ReorderRequest) -> crate::linking::Reordered = linking::reorder;
    /// Approve a version: it becomes current, every product showing an older version gets
    /// it (same role and position), each product owner is told once.
    approve_version(ApproveRequest) -> crate::linking::Approved = linking::approve;
    /// What approving a version would change (products whose image is replaced, loses the
    /// older version or is held by rights, owners told), with nothing written.
    approve_preview(ApproveRequest) -> crate::linking::ApprovalPreview = linking::approve_preview;
    /// Share 4ALLPORTAL files with outside recipients through a PhotoShelter gallery.
    share_files(crate::linking::ShareRequest) -> Shared = linking::share;
    /// The transfer queue: counts by state, paused, the jobs not done yet.
    transfer_status(TransferStatusRequest) -> TransferStatus = transfer::status;
    /// Transfer jobs, newest first, optionally only some states.
    transfer_jobs(TransferJobsRequest) -> TransferJobs = transfer::jobs;
    /// Pause or resume the transfer queue (running jobs finish).
    transfer_pause(TransferPauseRequest) -> TransferStatus = transfer::pause;
    /// Retry one failed job, or every failed job and every job needing attention.
    transfer_retry(TransferRetryRequest) -> TransferRetried = transfer::retry;
    /// Cancel a job (and whatever waits for it).
    transfer_cancel(TransferCancelRequest) -> TransferCancelled = transfer::cancel;
    /// PhotoShelter's collections and galleries as a tree, each with its image count.
    gallery_tree(GalleryTreeRequest) -> GalleryTree = tree::run;
    /// Start an export: planned now (what goes, what is left out and why), downloaded in
    /// the background with `export_progress` events.
    export_start(crate::export::ExportRequest) -> ExportStarted = export::start;
    /// Stop a running export between files; running it again resumes.
    export_cancel(ExportCancelRequest) -> ExportCancelled = export::cancel;
    /// A folder to suggest for an export of `label`.
    export_folder(ExportFolderRequest) -> ExportFolder = export::folder;
    /// Share the images of products (SKUs or a campaign) with outside recipients: the files
    /// that may go out are queued as one share job; the others come back with the reason.
    share_products(crate::sharing::ProductShareRequest) -> crate::sharing::QueuedShare = export::share;
    /// A share job's state, and once done its link and expiry.
    share_status(ShareStatusRequest) -> crate::sharing::ShareOutcome = export::share_status;
    /// The PhotoShelter galleries one can share into.
    share_galleries(GalleriesRequest) -> Galleries = export::galleries;
}

declare::declare_events! {
    /// How far the running sync came: phase, counts per service, rate and ETA.
    sync_progress: SyncProgress;
    /// A background sync ended: finished (with its report), cancelled or failed.
    sync_finished: SyncFinished;
    /// The transfer queue as a whole: jobs by state, paused, offline, what runs now.
    transfer_progress: crate::transfer::TransferProgress;
    /// One transfer job changed state.
    job_changed: crate::transfer::JobChanged;
    /// Something to show as a desktop notification (an owner told, a share made, a
    /// transfer that needs attention).
    desktop_notification: crate::transfer::DesktopNotification;
    /// An export's progress: after every file, and once more when it is over (with its report).
    export_progress: crate::export::ExportProgress;
}

/// The rights clock commands give verdicts for: now, this computer's zone, the workspace's
/// rights policy.
fn rights_clock(workspace: &Workspace) -> Result<RightsClock, CommandError> {
    let settings = crate::settings::Settings::load(&workspace.settings_file())
        .map_err(CommandError::internal)?;
    let policy = settings.section("rights").map_err(CommandError::internal)?;
    Ok(RightsClock::local(policy))
}

fn decode_request<T: serde::de::DeserializeOwned>(
    command: &str,
    request: serde_json::Value,
) -> Result<T, CommandError> {
    serde_json::from_value(request).map_err(|err| CommandError::invalid_request(command, err))
}

fn encode_response<T: serde::Serialize>(
    command: &str,
    response: &T,
) -> Result<serde_json::Value, CommandError> {
    serde_json::to_value(response).map_err(|err| {
        CommandError::internal(format!("cannot encode the {command} response: {err}"))
    })
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
