//! What the detail panes show: one asset with its rights, verdict, galleries, links and
//! version group; one product with its parent, variants and links.

mod rows;

pub use rows::{LinkOrigin, LinkStateKind};
pub(crate) use rows::{role as rows_role, state as state_of};

use super::catalog::flags::LinkFlag;
use super::search::approval_of;
use super::verdict_sql::{RightsClock, VerdictKind};
use super::{Cache, CacheError, asset_rights};
use crate::model::{ApprovalState, Role};
use crate::rights::{IntendedUse, Rights, Verdict};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GalleryRef {
    pub id: String,
    pub name: String,
    /// Collection names / gallery name.
    pub path: String,
}

/// A link as the asset pane lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AssetLink {
    pub link_id: i64,
    /// 4ALLPORTAL product id.
    pub product: String,
    pub sku: Option<String>,
    pub name: String,
    pub role: Role,
    pub position: u32,
    pub state: LinkStateKind,
    pub state_reason: Option<String>,
    pub origin: LinkOrigin,
    pub flag: Option<LinkFlag>,
    pub flag_reason: Option<String>,
}

/// One member of a version group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VersionMember {
    /// PhotoShelter image id.
    pub asset: String,
    pub file_name: String,
    pub version: u32,
    pub view: Option<String>,
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VersionInfo {
    /// The group id (the shot key of a group found by the name rule).
    pub group: String,
    pub by_hand: bool,
    pub members: Vec<VersionMember>,
}

/// Everything about one asset.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AssetDetail {
    /// PhotoShelter image id.
    pub id: String,
    pub file_name: String,
    pub file_size: Option<u64>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub title: Option<String>,
    pub caption: Option<String>,
    pub headline: Option<String>,
    pub credit: Option<String>,
    pub copyright: Option<String>,
    pub author: Option<String>,
    pub keywords: Vec<String>,
    pub rating: Option<i32>,
    pub flagged: bool,
    pub approval: ApprovalState,
    /// Where the approval was made (`shelflink` or `photoshelter`).
    pub approval_source: Option<String>,
    pub uploaded_at: Option<String>,
    pub updated_at: Option<String>,
    pub thumb_base: Option<String>,
    pub thumb_token: Option<String>,
    pub fingerprint: Option<String>,
    /// Deleted in PhotoShelter (kept while links point at it).
    pub deleted: bool,
    pub rights: Rights,
    /// For linking (no particular channel or region).
    pub verdict: Verdict,
    pub verdict_kind: VerdictKind,
    /// One line for the verdict badge.
    pub verdict_reason: String,
    pub galleries: Vec<GalleryRef>,
    pub links: Vec<AssetLink>,
    pub versions: Option<VersionInfo>,
}

/// A product by id, SKU and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProductRef {
    pub id: String,
    pub sku: Option<String>,
    pub name: String,
}

/// A link as the product pane lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProductLink {
    pub link_id: i64,
    /// PhotoShelter image id.
    pub asset: String,
    pub file_name: String,
    pub role: Role,
    pub position: u32,
    pub state: LinkStateKind,
    pub state_reason: Option<String>,
    pub origin: LinkOrigin,
    pub flag: Option<LinkFlag>,
    pub flag_reason: Option<String>,
    pub verdict: VerdictKind,
    pub thumb_base: Option<String>,
    pub thumb_token: Option<String>,
    pub fingerprint: Option<String>,
}

/// Everything about one product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProductDetail {
    /// 4ALLPORTAL object id.
    pub id: String,
    pub sku: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub category: Option<String>,
    pub campaigns: Vec<String>,
    pub owner: Option<String>,
    pub owner_name: Option<String>,
    pub colour: Option<String>,
    pub size: Option<String>,
    pub status: Option<String>,
    pub mod_time: Option<String>,
    pub deleted: bool,
    pub parent: Option<ProductRef>,
    pub variants: Vec<ProductRef>,
    /// Links in image order.
    pub links: Vec<ProductLink>,
}

impl Cache {
    /// The asset with PhotoShelter id `ps_id`, verdict for `clock`.
    pub fn asset_detail(
        &self,
        ps_id: &str,
        clock: &RightsClock,
    ) -> Result<Option<AssetDetail>, CacheError> {
        self.with_conn(|c| {
            let Some((id, mut detail)) = c
                .query_row(
                    &format!(
                        "SELECT a.id, {}, {} FROM assets a WHERE a.ps_id = ?1",
                        rows::ASSET_COLUMNS,
                        asset_rights::in_force_sql("a")
                    ),
                    [ps_id],
                    |r| Ok((r.get::<_, i64>(0)?, rows::asset(r)?)),
                )
                .optional()?
            else {
                return Ok(None);
            };
            detail.verdict = clock.verdict(&detail.rights, &IntendedUse::any());
            detail.verdict_kind = VerdictKind::of(&detail.verdict);
            detail.verdict_reason = detail.verdict.reason();
            detail.galleries = c
                .prepare_cached(
                    "SELECT g.id, g.name, g.path FROM gallery_assets ga JOIN galleries g ON g.id = ga.gallery_id
                     WHERE ga.asset_id = ?1 ORDER BY g.path",
                )?
                .query_map([id], |r| Ok(GalleryRef { id: r.get(0)?, name: r.get(1)?, path: r.get(2)? }))?
                .collect::<Result<_, _>>()?;
            detail.links = c
                .prepare_cached(&format!(
                    "SELECT p.ap_id, p.sku, p.name, {} FROM links l JOIN products p ON p.id = l.product_id
                     WHERE l.asset_id = ?1 ORDER BY p.sku, l.position",
                    rows::LINK_COLUMNS
                ))?
                .query_map([id], |r| {
                    let link = rows::link(r, 3)?;
                    Ok(AssetLink {
                        link_id: link.id,
                        product: r.get(0)?,
                        sku: r.get(1)?,
                        name: r.get(2)?,
                        role: link.role,
                        position: link.position,
                        state: link.state,
                        state_reason: link.state_reason,
                        origin: link.origin,
                        flag: link.flag,
                        flag_reason: link.flag_reason,
                    })
                })?
                .collect::<Result<_, _>>()?;
            detail.versions = rows::versions(c, id)?;
            Ok(Some(detail))
        })
        .map_err(CacheError::query("read an asset"))
    }

    /// The product with 4ALLPORTAL id `ap_id`, link verdicts for `clock`.
    pub fn product_detail(
        &self,
        ap_id: &str,
        clock: &RightsClock,
    ) -> Result<Option<ProductDetail>, CacheError> {
        self.with_conn(|c| {
            let Some((id, parent, mut detail)) = c
                .query_row(
                    &format!("SELECT id, parent_ap_id, {} FROM products WHERE ap_id = ?1", rows::PRODUCT_COLUMNS),
                    [ap_id],
                    |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?, rows::product(r)?)),
                )
                .optional()?
            else {
                return Ok(None);
            };
            let reference = |r: &rusqlite::Row| Ok(ProductRef { id: r.get(0)?, sku: r.get(1)?, name: r.get(2)? });
            detail.parent = match parent {
                Some(p) => c
                    .query_row("SELECT ap_id, sku, name FROM products WHERE ap_id = ?1", [&p], reference)
                    .optional()?,
                None => None,
            };
            detail.variants = c
                .prepare_cached(
                    "SELECT ap_id, sku, name FROM products WHERE parent_ap_id = ?1 AND deleted_at IS NULL ORDER BY sku",
                )?
                .query_map([ap_id], reference)?
                .collect::<Result<_, _>>()?;
            let linked: Vec<(ProductLink, String)> = c
                .prepare_cached(&format!(
                    "SELECT a.ps_id, a.file_name, a.thumb_base, a.thumb_token, a.fingerprint, {}, {}
                     FROM links l JOIN assets a ON a.id = l.asset_id WHERE l.product_id = ?1 ORDER BY l.position, l.id",
                    asset_rights::in_force_sql("a"),
                    rows::LINK_COLUMNS
                ))?
                .query_map(params![id], |r| {
                    let link = rows::link(r, 6)?;
                    Ok((
                        ProductLink {
                            link_id: link.id,
                            asset: r.get(0)?,
                            file_name: r.get(1)?,
                            role: link.role,
                            position: link.position,
                            state: link.state,
                            state_reason: link.state_reason,
                            origin: link.origin,
                            flag: link.flag,
                            flag_reason: link.flag_reason,
                            verdict: VerdictKind::Unknown,
                            thumb_base: r.get(2)?,
                            thumb_token: r.get(3)?,
                            fingerprint: r.get(4)?,
                        },
                        r.get::<_, String>(5)?,
                    ))
                })?
                .collect::<Result<_, _>>()?;
            detail.links = linked
                .into_iter()
                .map(|(mut link, rights)| {
                    let rights: Rights = serde_json::from_str(&rights).unwrap_or_default();
                    link.verdict = VerdictKind::of(&clock.verdict(&rights, &IntendedUse::any()));
                    link
                })
                .collect();
            Ok(Some(detail))
        })
        .map_err(CacheError::query("read a product"))
    }
}

pub(crate) fn approval(text: &str) -> ApprovalState {
    approval_of(text)
}
