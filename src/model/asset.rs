//! An asset: one PhotoShelter image with what the rules need from it.

use super::ids::{AssetId, GalleryId};
use crate::rights::Rights;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where an asset stands in review. Lives in Shelflink and is mirrored to PhotoShelter as
/// the configured signal (see `versions::ApprovalSignal`) and to 4ALLPORTAL `approval_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalState {
    /// Not reviewed yet (4ALLPORTAL `open`).
    #[default]
    Open,
    Approved,
    Rejected,
}

/// One PhotoShelter image (id `I…`) with its IPTC data, rights and approval state.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
pub struct Asset {
    pub id: AssetId,
    pub file_name: String,
    /// IPTC keywords (PhotoShelter sends them as one comma-separated string; split here).
    pub keywords: Vec<String>,
    /// Identifiers of products shown in the image (IPTC Extension "Product in Image":
    /// product id or GTIN), when the photographer filled them in.
    pub products_shown: Vec<String>,
    pub rights: Rights,
    pub approval: ApprovalState,
    /// Galleries the image is in (the approval signal may be membership of one).
    pub galleries: Vec<GalleryId>,
}

impl Asset {
    /// An asset with only an id and a file name (everything else empty).
    pub fn named(id: impl Into<AssetId>, file_name: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            file_name: file_name.into(),
            ..Self::default()
        }
    }
}
