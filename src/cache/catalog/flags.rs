//! Flags on links: what a person must look at. Computed for every link from the rights
//! verdict of its asset (for linking: no particular channel or region) and from what was
//! deleted remotely; a change of flag is reported to the caller inside the same transaction,
//! so the transfer queue can queue its flag job atomically with the flag.

use crate::cache::asset_rights;
use crate::cache::time::to_db;
use crate::cache::verdict_sql::RightsClock;
use crate::rights::{IntendedUse, LinkConcern, Rights, Verdict, link_concern};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Why a link needs attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LinkFlag {
    /// The asset's licence ended.
    Expired,
    /// The licence ends within a warning window.
    Expiring,
    /// The asset may not be used (not valid yet, restricted, or unknown rights the policy blocks).
    Restricted,
    /// The image, the product or the 4ALLPORTAL file was deleted remotely.
    RemoteDeleted,
}

impl LinkFlag {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkFlag::Expired => "expired",
            LinkFlag::Expiring => "expiring",
            LinkFlag::Restricted => "restricted",
            LinkFlag::RemoteDeleted => "remote_deleted",
        }
    }

    pub fn parse(text: &str) -> Option<LinkFlag> {
        Some(match text {
            "expired" => LinkFlag::Expired,
            "expiring" => LinkFlag::Expiring,
            "restricted" => LinkFlag::Restricted,
            "remote_deleted" => LinkFlag::RemoteDeleted,
            _ => return None,
        })
    }
}

/// A link whose flag changed (`to = None`: the flag was cleared, e.g. a renewed licence).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FlagChange {
    pub link_id: i64,
    /// 4ALLPORTAL product id and SKU.
    pub product: String,
    pub sku: Option<String>,
    /// PhotoShelter image id.
    pub asset: String,
    pub file_name: String,
    /// The 4ALLPORTAL file that carries the asset on the product, if known.
    pub ap_file_id: Option<String>,
    pub from: Option<LinkFlag>,
    pub to: Option<LinkFlag>,
    /// What a person should know and do.
    pub reason: Option<String>,
}

/// The flag a link should carry now, with its reason.
pub fn flag_for(
    verdict: &Verdict,
    clock: &RightsClock,
    asset_deleted: bool,
    product_deleted: bool,
    file_deleted: bool,
) -> Option<(LinkFlag, String)> {
    if asset_deleted {
        return Some((
            LinkFlag::RemoteDeleted,
            "The image was deleted in PhotoShelter: remove the link or choose another image".into(),
        ));
    }
    if product_deleted {
        return Some((
            LinkFlag::RemoteDeleted,
            "The product was deleted in 4ALLPORTAL: remove the link".into(),
        ));
    }
    if file_deleted {
        return Some((
            LinkFlag::RemoteDeleted,
            "The file carrying the image was deleted in 4ALLPORTAL: link the image again or remove the link".into(),
        ));
    }
    link_concern(verdict, &clock.policy).map(|(concern, reason)| {
        let flag = match concern {
            LinkConcern::Expired => LinkFlag::Expired,
            LinkConcern::Expiring => LinkFlag::Expiring,
            LinkConcern::Restricted => LinkFlag::Restricted,
        };
        (flag, reason)
    })
}

struct Row {
    id: i64,
    flag: Option<String>,
    flag_reason: Option<String>,
    product: String,
    sku: Option<String>,
    asset: String,
    file_name: String,
    ap_file_id: Option<String>,
    rights: String,
    asset_deleted: bool,
    product_deleted: bool,
    file_deleted: bool,
}

/// Sets every link's flag as it should be now. `on_change` runs for each change inside the
/// caller's transaction (an error rolls everything back); the changes are returned.
pub fn refresh(
    conn: &Connection,
    clock: &RightsClock,
    now: DateTime<Utc>,
    on_change: &mut dyn FnMut(&Connection, &FlagChange) -> rusqlite::Result<()>,
) -> rusqlite::Result<Vec<FlagChange>> {
    let rows: Vec<Row> = conn
        .prepare(
            &format!(
                "SELECT l.id, l.flag, l.flag_reason, p.ap_id, p.sku, a.ps_id, a.file_name, l.ap_file_id,
                        {rights}, a.deleted_at IS NOT NULL, p.deleted_at IS NOT NULL,
                        EXISTS (SELECT 1 FROM ap_files f WHERE f.ap_id = l.ap_file_id
                                AND f.deleted_at IS NOT NULL)
                 FROM links l JOIN products p ON p.id = l.product_id JOIN assets a ON a.id = l.asset_id
                 ORDER BY l.id",
                rights = asset_rights::in_force_sql("a")
            ),
        )?
        .query_map([], |r| {
            Ok(Row {
                id: r.get(0)?,
                flag: r.get(1)?,
                flag_reason: r.get(2)?,
                product: r.get(3)?,
                sku: r.get(4)?,
                asset: r.get(5)?,
                file_name: r.get(6)?,
                ap_file_id: r.get(7)?,
                rights: r.get(8)?,
                asset_deleted: r.get(9)?,
                product_deleted: r.get(10)?,
                file_deleted: r.get(11)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut changes = Vec::new();
    let mut update = conn.prepare_cached(
        "UPDATE links SET flag = ?2, flag_reason = ?3, flagged_at = ?4, updated_at = ?4 WHERE id = ?1",
    )?;
    let mut reword = conn.prepare_cached("UPDATE links SET flag_reason = ?2 WHERE id = ?1")?;
    for row in rows {
        let rights: Rights = serde_json::from_str(&row.rights).unwrap_or_default();
        let verdict = clock.verdict(&rights, &IntendedUse::any());
        let want = flag_for(
            &verdict,
            clock,
            row.asset_deleted,
            row.product_deleted,
            row.file_deleted,
        );
        let from = row.flag.as_deref().and_then(LinkFlag::parse);
        let to = want.as_ref().map(|(f, _)| *f);
        let reason = want.map(|(_, r)| r);
        if from == to && row.flag_reason == reason {
            continue;
        }
        if from == to {
            // Same flag, new words (e.g. fewer days left): no one needs telling again.
            reword.execute(params![row.id, reason])?;
            continue;
        }
        update.execute(params![
            row.id,
            to.map(LinkFlag::as_str),
            reason,
            to_db(now)
        ])?;
        let change = FlagChange {
            link_id: row.id,
            product: row.product,
            sku: row.sku,
            asset: row.asset,
            file_name: row.file_name,
            ap_file_id: row.ap_file_id,
            from,
            to,
            reason,
        };
        on_change(conn, &change)?;
        changes.push(change);
    }
    Ok(changes)
}
