//! Writing the PhotoShelter tree (collections, galleries) and gallery membership.

use super::WriteCtx;
use crate::cache::own_writes::{self, OwnWrite};
use crate::cache::time::to_db;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// A collection or gallery where the tree walk found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRecord {
    pub id: String,
    /// The collection it is in; `None` at the top.
    pub parent_id: Option<String>,
    pub name: String,
    /// Names from the top down to the node itself.
    pub path: Vec<String>,
    pub modified_at: Option<DateTime<Utc>>,
}

fn path_text(path: &[String]) -> String {
    path.join(" / ")
}

/// Writes the whole tree as walked: collections and galleries not in it are removed (with
/// their memberships). Returns the ids of assets that lost a gallery that way.
pub fn write_tree(
    conn: &Connection,
    collections: &[NodeRecord],
    galleries: &[NodeRecord],
    ctx: &WriteCtx,
) -> rusqlite::Result<Vec<i64>> {
    let now = to_db(ctx.now);
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS seen_nodes (id TEXT PRIMARY KEY);
         DELETE FROM temp.seen_nodes;",
    )?;
    let mut seen = conn.prepare_cached("INSERT OR IGNORE INTO temp.seen_nodes (id) VALUES (?1)")?;
    let mut collection = conn.prepare_cached(
        "INSERT INTO collections (id, parent_id, name, path, modified_at, synced_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name,
             path = excluded.path, modified_at = excluded.modified_at, synced_at = excluded.synced_at",
    )?;
    for c in collections {
        collection.execute(params![
            c.id,
            c.parent_id,
            c.name,
            path_text(&c.path),
            c.modified_at.map(to_db),
            now
        ])?;
        seen.execute([&c.id])?;
    }
    let mut gallery = conn.prepare_cached(
        "INSERT INTO galleries (id, collection_id, name, path, modified_at, synced_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET collection_id = excluded.collection_id,
             name = excluded.name, path = excluded.path, modified_at = excluded.modified_at,
             synced_at = excluded.synced_at",
    )?;
    for g in galleries {
        gallery.execute(params![
            g.id,
            g.parent_id,
            g.name,
            path_text(&g.path),
            g.modified_at.map(to_db),
            now
        ])?;
        seen.execute([&g.id])?;
    }
    let orphaned: Vec<i64> = {
        let mut stmt = conn.prepare(
            "SELECT DISTINCT asset_id FROM gallery_assets
             WHERE gallery_id NOT IN (SELECT id FROM temp.seen_nodes)",
        )?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    conn.execute_batch(
        "DELETE FROM galleries WHERE id NOT IN (SELECT id FROM temp.seen_nodes);
         DELETE FROM collections WHERE id NOT IN (SELECT id FROM temp.seen_nodes);
         DELETE FROM temp.seen_nodes;",
    )?;
    Ok(orphaned)
}

/// What a gallery needs: its `modified_at` now, and what its images were last read at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GalleryState {
    pub id: String,
    pub name: String,
    pub modified_at: Option<String>,
    pub synced_modified_at: Option<String>,
}

impl GalleryState {
    /// Its images were read to the end since it last changed.
    pub fn is_current(&self) -> bool {
        self.synced_modified_at.is_some() && self.synced_modified_at == self.modified_at
    }
}

/// Every gallery, in tree order.
pub fn galleries(conn: &Connection) -> rusqlite::Result<Vec<GalleryState>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, modified_at, synced_modified_at FROM galleries ORDER BY path, id",
    )?;
    stmt.query_map([], |r| {
        Ok(GalleryState {
            id: r.get(0)?,
            name: r.get(1)?,
            modified_at: r.get(2)?,
            synced_modified_at: r.get(3)?,
        })
    })?
    .collect()
}

/// What recording a membership found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member {
    /// The asset was in the gallery already.
    Existing,
    /// Someone added it to the gallery.
    New,
    /// Shelflink added it (its own write coming back).
    Echo,
}

/// Records that `asset_id` is at `position` in `gallery_id`, seen by listing `pass`.
pub fn add_member(
    conn: &Connection,
    gallery_id: &str,
    asset_id: i64,
    ps_id: &str,
    position: i64,
    pass: &str,
) -> rusqlite::Result<Member> {
    let existed: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM gallery_assets WHERE gallery_id = ?1 AND asset_id = ?2)",
        )?
        .query_row(params![gallery_id, asset_id], |r| r.get(0))?;
    conn.prepare_cached(
        "INSERT INTO gallery_assets (gallery_id, asset_id, position, pass) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (gallery_id, asset_id) DO UPDATE SET position = excluded.position,
             pass = excluded.pass",
    )?
    .execute(params![gallery_id, asset_id, position, pass])?;
    if existed {
        return Ok(Member::Existing);
    }
    if own_writes::consume(conn, &OwnWrite::gallery_member(ps_id, gallery_id))? {
        Ok(Member::Echo)
    } else {
        Ok(Member::New)
    }
}

/// Ends the listing `pass` of a gallery read to the end: members it did not see are
/// removed, the gallery counts as read at `modified_at`. Returns the removed assets.
pub fn finish_gallery(
    conn: &Connection,
    gallery_id: &str,
    pass: &str,
    modified_at: Option<&str>,
) -> rusqlite::Result<Vec<i64>> {
    let removed: Vec<i64> = conn
        .prepare_cached(
            "DELETE FROM gallery_assets WHERE gallery_id = ?1 AND pass IS NOT ?2 RETURNING asset_id",
        )?
        .query_map(params![gallery_id, pass], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    conn.prepare_cached(
        "UPDATE galleries SET synced_modified_at = ?2,
             image_count = (SELECT count(*) FROM gallery_assets WHERE gallery_id = ?1)
         WHERE id = ?1",
    )?
    .execute(params![gallery_id, modified_at])?;
    Ok(removed)
}

/// Whether the asset is in no gallery any more.
pub fn is_orphan(conn: &Connection, asset_id: i64) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT NOT EXISTS (SELECT 1 FROM gallery_assets WHERE asset_id = ?1)")?
        .query_row([asset_id], |r| r.get(0))
}

/// The PhotoShelter id of a live asset.
pub fn ps_id_of(conn: &Connection, asset_id: i64) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT ps_id FROM assets WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([asset_id], |r| r.get(0))
        .optional()
}

/// Names of the galleries the asset is in (for the approval signal).
pub fn gallery_names(conn: &Connection, asset_id: i64) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached(
        "SELECT g.name FROM gallery_assets ga JOIN galleries g ON g.id = ga.gallery_id
         WHERE ga.asset_id = ?1",
    )?
    .query_map([asset_id], |r| r.get(0))?
    .collect()
}
