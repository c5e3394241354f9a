//! `search_assets`, `search_products`: full-text search over the cache with filters,
//! sorting and paging (the verdict filter for now, in this computer's zone).

use super::{CommandError, rights_clock};
use crate::cache::rights_columns;
use crate::cache::search::{self, AssetPage, AssetQuery, ProductPage, ProductQuery};
use crate::workspace::Workspace;

pub async fn assets(workspace: &Workspace, query: AssetQuery) -> Result<AssetPage, CommandError> {
    let clock = rights_clock(workspace)?;
    workspace
        .cache()
        .with_conn(|c| rights_columns::ensure_zone(c, &clock))
        .map_err(|e| {
            CommandError::internal(format!("cannot bring the licence dates up to date: {e}"))
        })?;
    Ok(search::search_assets(workspace.cache(), &query, &clock)?)
}

pub async fn products(
    workspace: &Workspace,
    query: ProductQuery,
) -> Result<ProductPage, CommandError> {
    Ok(search::search_products(workspace.cache(), &query)?)
}
