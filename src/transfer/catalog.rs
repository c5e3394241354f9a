//! The catalog rows the queue reads and the link states it writes (tables of the catalog
//! migration; sync fills them). Only what the transfer queue and the linking operations
//! need.

use super::clock::to_db;
use crate::model::{ApprovalState, Role};
use crate::rights::Rights;
use chrono::{DateTime, Utc};
use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, params};

/// An asset as the gate and the jobs need it.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetRow {
    pub id: i64,
    pub ps_id: String,
    pub file_name: String,
    /// `None` when the stored rights cannot be read (the gate then holds the job).
    pub rights: Option<Rights>,
    pub approval: ApprovalState,
    pub deleted: bool,
    pub keywords: Vec<String>,
}

/// Reads `assets.rights`: JSON `rights::Rights` (`{}` = nothing recorded).
pub fn parse_rights(text: &str) -> Option<Rights> {
    let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
    let object = value.as_object_mut()?;
    object
        .entry("conflicts")
        .or_insert_with(|| serde_json::Value::Array(Vec::new()));
    serde_json::from_value(value).ok()
}

pub fn approval_of(text: &str) -> ApprovalState {
    match text {
        "approved" => ApprovalState::Approved,
        "rejected" => ApprovalState::Rejected,
        _ => ApprovalState::Open,
    }
}

pub fn approval_text(state: ApprovalState) -> &'static str {
    match state {
        ApprovalState::Open => "open",
        ApprovalState::Approved => "approved",
        ApprovalState::Rejected => "rejected",
    }
}

/// The rights come from `asset_rights`; an asset without a rights row has none recorded.
const ASSET: &str = "SELECT a.id, a.ps_id, a.file_name, coalesce(ar.rights, '{}'), a.approval,
        a.deleted_at IS NOT NULL, a.keywords
    FROM assets a LEFT JOIN asset_rights ar ON ar.asset_id = a.id";

fn asset_row(row: &Row<'_>) -> rusqlite::Result<AssetRow> {
    let rights: String = row.get(3)?;
    let approval: String = row.get(4)?;
    let keywords: String = row.get(6)?;
    Ok(AssetRow {
        id: row.get(0)?,
        ps_id: row.get(1)?,
        file_name: row.get(2)?,
        rights: parse_rights(&rights),
        approval: approval_of(&approval),
        deleted: row.get(5)?,
        keywords: serde_json::from_str(&keywords).unwrap_or_default(),
    })
}

pub fn asset_by_ps_id(conn: &Connection, ps_id: &str) -> rusqlite::Result<Option<AssetRow>> {
    conn.query_row(&format!("{ASSET} WHERE a.ps_id = ?1"), [ps_id], asset_row)
        .optional()
}

pub fn asset_by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<AssetRow>> {
    conn.query_row(&format!("{ASSET} WHERE a.id = ?1"), [id], asset_row)
        .optional()
}

/// A product as the linking operations need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductRow {
    pub id: i64,
    pub ap_id: String,
    pub sku: Option<String>,
    pub name: String,
    pub category: Option<String>,
    pub campaigns: Vec<String>,
    pub owner: Option<String>,
    pub owner_name: Option<String>,
    pub deleted: bool,
}

const PRODUCT: &str = "SELECT id, ap_id, sku, name, category, campaigns, owner, owner_name, \
                       deleted_at IS NOT NULL FROM products";

fn product_row(row: &Row<'_>) -> rusqlite::Result<ProductRow> {
    let campaigns: String = row.get(5)?;
    Ok(ProductRow {
        id: row.get(0)?,
        ap_id: row.get(1)?,
        sku: row.get(2)?,
        name: row.get(3)?,
        category: row.get(4)?,
        campaigns: serde_json::from_str(&campaigns).unwrap_or_default(),
        owner: row.get(6)?,
        owner_name: row.get(7)?,
        deleted: row.get(8)?,
    })
}

pub fn product_by_ap_id(conn: &Connection, ap_id: &str) -> rusqlite::Result<Option<ProductRow>> {
    conn.query_row(&format!("{PRODUCT} WHERE ap_id = ?1"), [ap_id], product_row)
        .optional()
}

pub fn product_by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<ProductRow>> {
    conn.query_row(&format!("{PRODUCT} WHERE id = ?1"), [id], product_row)
        .optional()
}

/// Link states (`links.state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkStateText {
    Draft,
    Queued,
    Pushed,
    Confirmed,
    Failed,
}

impl LinkStateText {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkStateText::Draft => "draft",
            LinkStateText::Queued => "queued",
            LinkStateText::Pushed => "pushed",
            LinkStateText::Confirmed => "confirmed",
            LinkStateText::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> LinkStateText {
        match text {
            "queued" => LinkStateText::Queued,
            "pushed" => LinkStateText::Pushed,
            "confirmed" => LinkStateText::Confirmed,
            "failed" => LinkStateText::Failed,
            _ => LinkStateText::Draft,
        }
    }
}

/// A link row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRow {
    pub id: i64,
    pub product_id: i64,
    pub asset_id: i64,
    pub role: Role,
    pub position: u32,
    pub state: LinkStateText,
    pub state_reason: Option<String>,
    pub origin: String,
    pub ap_file_id: Option<String>,
}

pub fn role_of(text: &str) -> Role {
    match text {
        "hero" => Role::Hero,
        "detail" => Role::Detail,
        "swatch" => Role::Swatch,
        _ => Role::Gallery,
    }
}

const LINK: &str = "SELECT id, product_id, asset_id, role, position, state, state_reason, origin, \
                    ap_file_id FROM links";

fn link_row(row: &Row<'_>) -> rusqlite::Result<LinkRow> {
    let role: String = row.get(3)?;
    let state: String = row.get(5)?;
    let position: i64 = row.get(4)?;
    Ok(LinkRow {
        id: row.get(0)?,
        product_id: row.get(1)?,
        asset_id: row.get(2)?,
        role: role_of(&role),
        position: u32::try_from(position)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(4, Type::Integer, e.into()))?,
        state: LinkStateText::parse(&state),
        state_reason: row.get(6)?,
        origin: row.get(7)?,
        ap_file_id: row.get(8)?,
    })
}

pub fn link_between(
    conn: &Connection,
    product_id: i64,
    asset_id: i64,
) -> rusqlite::Result<Option<LinkRow>> {
    conn.query_row(
        &format!("{LINK} WHERE product_id = ?1 AND asset_id = ?2"),
        params![product_id, asset_id],
        link_row,
    )
    .optional()
}

pub fn link_by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<LinkRow>> {
    conn.query_row(&format!("{LINK} WHERE id = ?1"), [id], link_row)
        .optional()
}

/// Every link of the given assets.
pub fn links_of_assets(conn: &Connection, asset_ids: &[i64]) -> rusqlite::Result<Vec<LinkRow>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(&format!("{LINK} WHERE asset_id = ?1 ORDER BY id"))?;
    for id in asset_ids {
        for row in stmt.query_map([id], link_row)? {
            out.push(row?);
        }
    }
    Ok(out)
}

/// Moves a link to `state` (with a reason for `failed`); `file` records the 4ALLPORTAL file
/// that carries the asset once known. A link removed meanwhile is left alone.
pub fn set_link_state(
    conn: &Connection,
    link_id: i64,
    state: LinkStateText,
    reason: Option<&str>,
    file: Option<&str>,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE links SET state = ?2, state_reason = ?3, ap_file_id = coalesce(?4, ap_file_id),
                          updated_at = ?5
         WHERE id = ?1",
        params![link_id, state.as_str(), reason, file, to_db(now)],
    )?;
    Ok(())
}

/// A 4ALLPORTAL file as synced.
#[derive(Debug, Clone, PartialEq)]
pub struct ApFileRow {
    pub ap_id: String,
    pub ps_id: Option<String>,
    pub name: Option<String>,
    pub rights: Option<Rights>,
    pub approval: ApprovalState,
}

pub fn ap_file(conn: &Connection, ap_id: &str) -> rusqlite::Result<Option<ApFileRow>> {
    conn.query_row(
        "SELECT ap_id, ps_id, name, rights, approval_status FROM ap_files
         WHERE ap_id = ?1 AND deleted_at IS NULL",
        [ap_id],
        |row| {
            let rights: String = row.get(3)?;
            let approval: Option<String> = row.get(4)?;
            Ok(ApFileRow {
                ap_id: row.get(0)?,
                ps_id: row.get(1)?,
                name: row.get(2)?,
                rights: parse_rights(&rights),
                approval: approval_of(approval.as_deref().unwrap_or("open")),
            })
        },
    )
    .optional()
}

/// Appends one line to the activity log.
pub fn log_activity(
    conn: &Connection,
    entry: &Activity<'_>,
    now: DateTime<Utc>,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO activity (at, kind, summary, product_id, asset_id, job_id, details)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            to_db(now),
            entry.kind,
            entry.summary,
            entry.product_id,
            entry.asset_id,
            entry.job_id,
            entry.details.map(|d| d.to_string())
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// One activity-log entry.
#[derive(Debug, Clone, Copy)]
pub struct Activity<'a> {
    pub kind: &'a str,
    pub summary: &'a str,
    pub product_id: Option<i64>,
    pub asset_id: Option<i64>,
    pub job_id: Option<i64>,
    pub details: Option<&'a serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rights_stored_as_an_empty_object_read_as_nothing_recorded() {
        let rights = parse_rights("{}").unwrap();
        assert_eq!(rights, Rights::default());
        assert!(parse_rights("not json").is_none());
        let full = serde_json::to_string(&Rights::default()).unwrap();
        assert_eq!(parse_rights(&full), Some(Rights::default()));
    }
}
