//! What people do that changes the remote systems, turned into jobs: link an image to a
//! product, unlink it, approve a version (replacing it on every product and telling the
//! owners), flag links whose rights expired, share files with outside recipients.
//!
//! Each operation checks the rules in core first (approval, rights verdict: a refusal is a
//! typed error with its reason), then changes the catalog and queues its jobs in one
//! transaction, so a link never exists without the jobs that carry it, nor the other way
//! round. Jobs of one operation share its intent id (the version of their keys).

mod approve;
mod flag;
mod link;
mod preview;
mod reorder;
mod share;
mod unlink;

pub use approve::{ApproveError, Approved, HeldReplacement, approve};
pub use flag::{Flagged, flag_links, queue_flag};
pub use link::{LinkRequest, Linked, link};
pub use preview::{ApprovalPreview, PreviewChange, PreviewProduct, preview};
pub use reorder::{Reordered, reorder};
pub use share::{ShareError, ShareRequest, share};
pub use unlink::{Unlinked, unlink};

use crate::cache::CacheError;
use crate::rights::RightsPolicy;
use crate::settings::{Settings, SettingsError};
use crate::transfer::clock::{Clock, local_clock};
use crate::transfer::gate::Refusal;
use crate::transfer::settings::{SECTION as TRANSFER_SECTION, TransferSettings};
use crate::versions::ApprovalConfig;

/// The settings the operations decide by.
#[derive(Clone)]
pub struct Rules {
    pub policy: RightsPolicy,
    pub approval: ApprovalConfig,
    /// Attempts each queued job gets.
    pub max_attempts: u32,
    /// "Today" for rights verdicts.
    pub today: Clock,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            policy: RightsPolicy::default(),
            approval: ApprovalConfig::default(),
            max_attempts: crate::transfer::DEFAULT_MAX_ATTEMPTS,
            today: local_clock(),
        }
    }
}

impl Rules {
    /// From the settings sections `rights`, `approval` and `transfer`.
    pub fn from_settings(settings: &Settings) -> Result<Rules, SettingsError> {
        let transfer: TransferSettings = settings.section(TRANSFER_SECTION)?;
        Ok(Rules {
            policy: settings.section("rights")?,
            approval: settings.section("approval")?,
            max_attempts: transfer.max_attempts.max(1),
            today: local_clock(),
        })
    }
}

/// Why an operation was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("there is no image {0} in the cache: sync PhotoShelter, then try again")]
    UnknownAsset(String),
    #[error("there is no product {0} in the cache: sync 4ALLPORTAL, then try again")]
    UnknownProduct(String),
    #[error("the product {0} was deleted in 4ALLPORTAL: choose another product")]
    ProductDeleted(String),
    /// A new order that does not name each of the product's images exactly once.
    #[error(
        "the new order of {product}'s images does not name each of its images once: its images changed meanwhile, look again and reorder"
    )]
    NotTheProductsImages { product: String },
    /// The image may not be linked: not approved, or its rights do not allow it.
    #[error("cannot link: {0}")]
    Refused(Refusal),
    #[error(transparent)]
    Cache(#[from] CacheError),
}

pub(crate) fn db(action: &'static str) -> impl FnOnce(rusqlite::Error) -> CacheError {
    CacheError::query(action)
}

/// A fresh intent id: the version part of the keys of one operation's jobs.
pub(crate) fn intent() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[cfg(test)]
pub(crate) mod testing;
