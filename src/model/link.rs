//! A link: asset ↔ product, with role, position and state.

use super::ids::{AssetId, ProductId};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the image is for on the product (4ALLPORTAL `image_roles`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The main image (4ALLPORTAL `main_image`).
    Hero,
    #[default]
    Gallery,
    Detail,
    Swatch,
}

/// How far a link has travelled: draft → queued → pushed → confirmed, or failed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum LinkState {
    /// Made in Shelflink, not queued yet.
    #[default]
    Draft,
    /// A job to write it is in the outbox.
    Queued,
    /// Written to 4ALLPORTAL, not yet seen back by a sync.
    Pushed,
    /// Seen in 4ALLPORTAL by a sync.
    Confirmed,
    /// The write failed; `reason` says why and what to do.
    Failed { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Link {
    pub asset: AssetId,
    pub product: ProductId,
    pub role: Role,
    /// Place in the product's image list, 0 first (4ALLPORTAL `images` order).
    pub position: u32,
    pub state: LinkState,
}

impl Link {
    /// A draft link.
    pub fn draft(
        asset: impl Into<AssetId>,
        product: impl Into<ProductId>,
        role: Role,
        position: u32,
    ) -> Self {
        Self {
            asset: asset.into(),
            product: product.into(),
            role,
            position,
            state: LinkState::Draft,
        }
    }
}
