//! Links as 4ALLPORTAL shows them: each product's image relation (`product_images`), read
//! through the files that carry PhotoShelter images (`ap_files.ps_id`), gives the remote
//! links; they are reconciled with the `links` table after a sync read both systems.
//!
//! - a remote link Shelflink does not know becomes a link with origin `remote`, state
//!   `confirmed`;
//! - a link Shelflink pushed (or had confirmed) and sees remotely becomes `confirmed`, with
//!   the role and position 4ALLPORTAL has;
//! - a confirmed link 4ALLPORTAL no longer shows, while the file that carried it still
//!   exists, was removed there: it is removed here too. (When the file itself was deleted,
//!   the link stays and is flagged `remote_deleted`, see `flags`.)
//! - drafts, queued and failed links are Shelflink's pending work and are left alone.

use crate::cache::time::to_db;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

/// What reconciling changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reconciled {
    /// Links 4ALLPORTAL has that Shelflink did not know.
    pub added: Vec<LinkRef>,
    /// Pushed links seen in 4ALLPORTAL now.
    pub confirmed: u32,
    /// Confirmed links whose role or position 4ALLPORTAL changed.
    pub moved: u32,
    /// Confirmed links removed in 4ALLPORTAL.
    pub removed: Vec<LinkRef>,
}

/// A link by its ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub product_id: i64,
    pub asset_id: i64,
    pub sku: Option<String>,
    pub file_name: String,
}

const REMOTE: &str = "
    CREATE TEMP TABLE IF NOT EXISTS remote_links (
        product_id INTEGER NOT NULL, asset_id INTEGER NOT NULL, position INTEGER NOT NULL,
        role TEXT NOT NULL, ap_file_id TEXT NOT NULL, PRIMARY KEY (product_id, asset_id));
    DELETE FROM temp.remote_links;
    INSERT OR IGNORE INTO temp.remote_links (product_id, asset_id, position, role, ap_file_id)
    SELECT pi.product_id, a.id, pi.position,
           CASE WHEN pi.is_main THEN 'hero'
                WHEN pi.role IN ('hero', 'gallery', 'detail', 'swatch') THEN pi.role
                ELSE 'gallery' END,
           pi.ap_file_id
    FROM product_images pi
    JOIN products p ON p.id = pi.product_id AND p.deleted_at IS NULL
    JOIN ap_files f ON f.ap_id = pi.ap_file_id AND f.deleted_at IS NULL AND f.ps_id IS NOT NULL
    JOIN assets a ON a.ps_id = f.ps_id
    ORDER BY pi.product_id, pi.position;";

fn refs(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<LinkRef>> {
    conn.prepare(sql)?
        .query_map([], |r| {
            Ok(LinkRef {
                product_id: r.get(0)?,
                asset_id: r.get(1)?,
                sku: r.get(2)?,
                file_name: r.get(3)?,
            })
        })?
        .collect()
}

/// Reconciles `links` with the remote relations as the cache holds them now.
pub fn reconcile(conn: &Connection, now: DateTime<Utc>) -> rusqlite::Result<Reconciled> {
    conn.execute_batch(REMOTE)?;
    let now = to_db(now);
    let mut out = Reconciled {
        added: refs(
            conn,
            "SELECT r.product_id, r.asset_id, p.sku, a.file_name FROM temp.remote_links r
             JOIN products p ON p.id = r.product_id JOIN assets a ON a.id = r.asset_id
             WHERE NOT EXISTS (SELECT 1 FROM links l
                               WHERE l.product_id = r.product_id AND l.asset_id = r.asset_id)",
        )?,
        ..Reconciled::default()
    };
    conn.execute(
        "INSERT INTO links (product_id, asset_id, role, position, state, origin, ap_file_id,
             created_at, updated_at)
         SELECT r.product_id, r.asset_id, r.role, r.position, 'confirmed', 'remote', r.ap_file_id,
             ?1, ?1
         FROM temp.remote_links r
         WHERE NOT EXISTS (SELECT 1 FROM links l
                           WHERE l.product_id = r.product_id AND l.asset_id = r.asset_id)",
        params![now],
    )?;
    out.confirmed = conn.execute(
        "UPDATE links SET state = 'confirmed', state_reason = NULL, role = r.role,
             position = r.position, ap_file_id = r.ap_file_id, updated_at = ?1
         FROM temp.remote_links r
         WHERE links.product_id = r.product_id AND links.asset_id = r.asset_id
           AND links.state = 'pushed'",
        params![now],
    )? as u32;
    out.moved = conn.execute(
        "UPDATE links SET role = r.role, position = r.position, ap_file_id = r.ap_file_id,
             updated_at = ?1
         FROM temp.remote_links r
         WHERE links.product_id = r.product_id AND links.asset_id = r.asset_id
           AND links.state = 'confirmed'
           AND (links.role != r.role OR links.position != r.position
                OR links.ap_file_id IS NOT r.ap_file_id)",
        params![now],
    )? as u32;
    let gone = "FROM links l
        JOIN products p ON p.id = l.product_id AND p.deleted_at IS NULL
        JOIN assets a ON a.id = l.asset_id AND a.deleted_at IS NULL
        WHERE l.state = 'confirmed'
          AND NOT EXISTS (SELECT 1 FROM temp.remote_links r
                          WHERE r.product_id = l.product_id AND r.asset_id = l.asset_id)
          AND EXISTS (SELECT 1 FROM ap_files f
                      WHERE f.ap_id = l.ap_file_id AND f.deleted_at IS NULL)";
    out.removed = refs(
        conn,
        &format!("SELECT l.product_id, l.asset_id, p.sku, a.file_name {gone}"),
    )?;
    conn.execute(
        &format!("DELETE FROM links WHERE id IN (SELECT l.id {gone})"),
        [],
    )?;
    conn.execute_batch("DELETE FROM temp.remote_links;")?;
    Ok(out)
}
