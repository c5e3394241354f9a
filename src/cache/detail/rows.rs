//! Reading detail rows: the columns each detail needs and how a row becomes it.

use super::{AssetDetail, ProductDetail, VersionInfo, VersionMember, approval};
use crate::cache::catalog::flags::LinkFlag;
use crate::cache::verdict_sql::VerdictKind;
use crate::model::Role;
use crate::rights::{Rights, Verdict};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A link's state, as the `links` table keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LinkStateKind {
    Draft,
    Queued,
    Pushed,
    Confirmed,
    Failed,
}

/// Where a link came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LinkOrigin {
    /// Made by a person in Shelflink.
    User,
    /// A suggestion a person accepted.
    Suggestion,
    /// Found in 4ALLPORTAL by a sync.
    Remote,
    /// Made by approving a new version.
    Version,
}

pub(crate) fn state(text: &str) -> LinkStateKind {
    match text {
        "queued" => LinkStateKind::Queued,
        "pushed" => LinkStateKind::Pushed,
        "confirmed" => LinkStateKind::Confirmed,
        "failed" => LinkStateKind::Failed,
        _ => LinkStateKind::Draft,
    }
}

fn origin(text: &str) -> LinkOrigin {
    match text {
        "suggestion" => LinkOrigin::Suggestion,
        "remote" => LinkOrigin::Remote,
        "version" => LinkOrigin::Version,
        _ => LinkOrigin::User,
    }
}

pub(crate) fn role(text: &str) -> Role {
    match text {
        "hero" => Role::Hero,
        "detail" => Role::Detail,
        "swatch" => Role::Swatch,
        _ => Role::Gallery,
    }
}

pub(super) const LINK_COLUMNS: &str =
    "l.id, l.role, l.position, l.state, l.state_reason, l.origin, l.flag, l.flag_reason";

pub(super) struct LinkRow {
    pub id: i64,
    pub role: Role,
    pub position: u32,
    pub state: LinkStateKind,
    pub state_reason: Option<String>,
    pub origin: LinkOrigin,
    pub flag: Option<LinkFlag>,
    pub flag_reason: Option<String>,
}

/// The `LINK_COLUMNS` of a row, starting at column `at`.
pub(super) fn link(r: &Row, at: usize) -> rusqlite::Result<LinkRow> {
    let role_text: String = r.get(at + 1)?;
    let state_text: String = r.get(at + 3)?;
    let origin_text: String = r.get(at + 5)?;
    let flag: Option<String> = r.get(at + 6)?;
    Ok(LinkRow {
        id: r.get(at)?,
        role: role(&role_text),
        position: r.get(at + 2)?,
        state: state(&state_text),
        state_reason: r.get(at + 4)?,
        origin: origin(&origin_text),
        flag: flag.as_deref().and_then(LinkFlag::parse),
        flag_reason: r.get(at + 7)?,
    })
}

pub(super) const ASSET_COLUMNS: &str = "ps_id, file_name, file_size, width, height, title, caption,
    headline, credit, copyright, author, keywords, rating, flagged, approval, approval_source,
    uploaded_at, updated_at, thumb_base, thumb_token, fingerprint, deleted_at IS NOT NULL";

/// An asset row read after its `id` (column 0), its [`ASSET_COLUMNS`] and its rights in
/// force (JSON, from `asset_rights`); verdict, galleries, links and versions are filled in
/// by the caller.
pub(super) fn asset(r: &Row) -> rusqlite::Result<AssetDetail> {
    let keywords: String = r.get(12)?;
    let approval_text: String = r.get(15)?;
    let rights: String = r.get(23)?;
    Ok(AssetDetail {
        id: r.get(1)?,
        file_name: r.get(2)?,
        file_size: r.get::<_, Option<i64>>(3)?.map(|s| s as u64),
        width: r.get(4)?,
        height: r.get(5)?,
        title: r.get(6)?,
        caption: r.get(7)?,
        headline: r.get(8)?,
        credit: r.get(9)?,
        copyright: r.get(10)?,
        author: r.get(11)?,
        keywords: serde_json::from_str(&keywords).unwrap_or_default(),
        rating: r.get(13)?,
        flagged: r.get(14)?,
        approval: approval(&approval_text),
        approval_source: r.get(16)?,
        uploaded_at: r.get(17)?,
        updated_at: r.get(18)?,
        thumb_base: r.get(19)?,
        thumb_token: r.get(20)?,
        fingerprint: r.get(21)?,
        deleted: r.get(22)?,
        rights: serde_json::from_str::<Rights>(&rights).unwrap_or_default(),
        verdict: Verdict::Unknown,
        verdict_kind: VerdictKind::Unknown,
        verdict_reason: String::new(),
        galleries: Vec::new(),
        links: Vec::new(),
        versions: None,
    })
}

pub(super) const PRODUCT_COLUMNS: &str = "ap_id, sku, name, description, category, campaigns,
    owner, owner_name, colour, size, status, mod_time, deleted_at IS NOT NULL";

/// A product row read after its `id` and `parent_ap_id` (columns 0 and 1).
pub(super) fn product(r: &Row) -> rusqlite::Result<ProductDetail> {
    let campaigns: String = r.get(7)?;
    Ok(ProductDetail {
        id: r.get(2)?,
        sku: r.get(3)?,
        name: r.get(4)?,
        description: r.get(5)?,
        category: r.get(6)?,
        campaigns: serde_json::from_str(&campaigns).unwrap_or_default(),
        owner: r.get(8)?,
        owner_name: r.get(9)?,
        colour: r.get(10)?,
        size: r.get(11)?,
        status: r.get(12)?,
        mod_time: r.get(13)?,
        deleted: r.get(14)?,
        parent: None,
        variants: Vec::new(),
        links: Vec::new(),
    })
}

/// The version group asset `id` is in, if any.
pub(super) fn versions(c: &Connection, id: i64) -> rusqlite::Result<Option<VersionInfo>> {
    let group: Option<(i64, String, String, Option<i64>)> = c
        .query_row(
            "SELECT g.id, g.key, g.origin, g.current_asset_id FROM version_members m
             JOIN version_groups g ON g.id = m.group_id WHERE m.asset_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((group_id, key, origin, current)) = group else {
        return Ok(None);
    };
    let members = c
        .prepare_cached(
            "SELECT a.id, a.ps_id, a.file_name, m.version_no, m.view FROM version_members m
             JOIN assets a ON a.id = m.asset_id WHERE m.group_id = ?1 ORDER BY m.version_no, a.ps_id",
        )?
        .query_map([group_id], |r| {
            let member: i64 = r.get(0)?;
            Ok(VersionMember {
                asset: r.get(1)?,
                file_name: r.get(2)?,
                version: r.get(3)?,
                view: r.get(4)?,
                current: Some(member) == current,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some(VersionInfo {
        group: key,
        by_hand: origin == "hand",
        members,
    }))
}
