//! `asset_detail`, `product_detail`: one record with everything its pane shows.

use super::{CommandError, ErrorCode, rights_clock};
use crate::cache::detail::{AssetDetail, ProductDetail};
use crate::workspace::Workspace;
use serde::Deserialize;
use ts_rs::TS;

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AssetDetailRequest {
    /// PhotoShelter image id.
    pub id: String,
}

pub async fn asset(
    workspace: &Workspace,
    request: AssetDetailRequest,
) -> Result<AssetDetail, CommandError> {
    let clock = rights_clock(workspace)?;
    workspace
        .cache()
        .asset_detail(&request.id, &clock)?
        .ok_or_else(|| {
            CommandError::new(
                ErrorCode::NotFound,
                format!(
                    "the image {} is not in the cache: sync, then look again",
                    request.id
                ),
            )
        })
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ProductDetailRequest {
    /// 4ALLPORTAL product id.
    pub id: String,
}

pub async fn product(
    workspace: &Workspace,
    request: ProductDetailRequest,
) -> Result<ProductDetail, CommandError> {
    let clock = rights_clock(workspace)?;
    workspace
        .cache()
        .product_detail(&request.id, &clock)?
        .ok_or_else(|| {
            CommandError::new(
                ErrorCode::NotFound,
                format!(
                    "the product {} is not in the cache: sync, then look again",
                    request.id
                ),
            )
        })
}
