//! The restricted part of the rights review: live assets whose verdict for any use is
//! "restricted" (usage terms, regions or channels, releases the policy requires), with the
//! products each is linked to. The expiry part is `review`.

use super::detail::rows_role;
use super::review::AffectedProduct;
use super::search::Params;
use super::verdict_sql::{self, RightsClock};
use super::{Cache, CacheError, asset_rights};
use crate::cache::catalog::flags::LinkFlag;
use crate::rights::{IntendedUse, Rights};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

/// One restricted asset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RestrictedAsset {
    /// PhotoShelter image id.
    pub id: String,
    pub file_name: String,
    /// Last usable day, when the licence has one.
    pub licence_end: Option<String>,
    /// Why it may not be used, in one line.
    pub reason: String,
    pub products: Vec<AffectedProduct>,
}

/// The products `asset` (row id) is linked to.
pub(crate) fn affected(conn: &Connection, asset: i64) -> rusqlite::Result<Vec<AffectedProduct>> {
    conn.prepare_cached(
        "SELECT p.ap_id, p.sku, p.name, p.campaigns, p.owner, p.owner_name, l.role, l.state, l.flag
         FROM links l JOIN products p ON p.id = l.product_id
         WHERE l.asset_id = ?1 AND p.deleted_at IS NULL ORDER BY p.sku",
    )?
    .query_map([asset], |r| {
        let campaigns: String = r.get(3)?;
        let role: String = r.get(6)?;
        let state: String = r.get(7)?;
        let flag: Option<String> = r.get(8)?;
        Ok(AffectedProduct {
            id: r.get(0)?,
            sku: r.get(1)?,
            name: r.get(2)?,
            campaigns: serde_json::from_str(&campaigns).unwrap_or_default(),
            owner: r.get(4)?,
            owner_name: r.get(5)?,
            role: rows_role(&role),
            link_state: super::detail::state_of(&state),
            link_flag: flag.as_deref().and_then(LinkFlag::parse),
        })
    })?
    .collect()
}

impl Cache {
    /// Every live asset whose rights are restricted for `clock`, linked ones first.
    pub fn restricted_review(
        &self,
        clock: &RightsClock,
    ) -> Result<Vec<RestrictedAsset>, CacheError> {
        let verdict = verdict_sql::expression("a");
        let rights = asset_rights::in_force_sql("a");
        let params = Params::from(verdict_sql::params(clock, &IntendedUse::any()));
        let sql = format!(
            "SELECT a.id, a.ps_id, a.file_name, a.licence_end, {rights} FROM assets a
             WHERE a.deleted_at IS NULL AND {verdict} = 'restricted'
             ORDER BY EXISTS (SELECT 1 FROM links l WHERE l.asset_id = a.id) DESC, a.file_name, a.ps_id"
        );
        self.with_conn(|c| {
            let found = params.all(c, &sql, |r| {
                let rights: String = r.get(4)?;
                Ok((
                    r.get::<_, i64>(0)?,
                    RestrictedAsset {
                        id: r.get(1)?,
                        file_name: r.get(2)?,
                        licence_end: r.get(3)?,
                        reason: clock
                            .verdict(
                                &serde_json::from_str::<Rights>(&rights).unwrap_or_default(),
                                &IntendedUse::any(),
                            )
                            .reason(),
                        products: Vec::new(),
                    },
                ))
            })?;
            found
                .into_iter()
                .map(|(row, mut asset)| {
                    asset.products = affected(c, row)?;
                    Ok(asset)
                })
                .collect()
        })
        .map_err(CacheError::query("gather the restricted assets"))
    }
}
