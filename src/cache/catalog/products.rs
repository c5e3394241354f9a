//! Writing 4ALLPORTAL products into `products` and their image relation into
//! `product_images`.

use super::{Change, WriteCtx};
use crate::allportal::ProductImages;
use crate::cache::own_writes::{self, OwnWrite};
use crate::cache::time::to_db;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// One product as a sync read it (names of its category and owner already looked up).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProductRecord {
    pub ap_id: String,
    pub sku: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub category: Option<String>,
    pub category_ids: Vec<String>,
    pub campaigns: Vec<String>,
    pub owner: Option<String>,
    pub owner_name: Option<String>,
    pub parent_ap_id: Option<String>,
    pub has_children: bool,
    pub colour: Option<String>,
    pub size: Option<String>,
    pub status: Option<String>,
    pub mod_time: Option<DateTime<Utc>>,
    pub mod_time_img: Option<DateTime<Utc>>,
    /// The raw object.
    pub fields: serde_json::Value,
    /// The image relation (A5).
    pub images: ProductImages,
    pub record_hash: String,
}

/// The outcome of writing one product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductWrite {
    pub id: i64,
    pub change: Change,
    /// Its image relation changed (by anyone): links need reconciling.
    pub images_changed: bool,
}

struct Stored {
    id: i64,
    record_hash: Option<String>,
    details: Details,
    deleted: bool,
}

/// The fields people review, as one comparable value.
type Details = (
    Option<String>,
    String,
    Option<String>,
    Vec<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn details(p: &ProductRecord) -> Details {
    (
        p.sku.clone(),
        p.name.clone(),
        p.category.clone(),
        p.campaigns.clone(),
        p.owner.clone(),
        p.parent_ap_id.clone(),
        p.colour.clone(),
        p.size.clone(),
        p.status.clone(),
    )
}

fn stored_details(r: &rusqlite::Row) -> rusqlite::Result<Details> {
    let campaigns: String = r.get(5)?;
    Ok((
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        serde_json::from_str(&campaigns).unwrap_or_default(),
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
    ))
}

fn relation_rows(images: &ProductImages) -> Vec<(String, Option<String>, bool)> {
    let main = images.hero().map(|h| h.as_str().to_owned());
    images
        .images
        .iter()
        .map(|i| {
            let file = i.file.as_str().to_owned();
            let is_main = main.as_deref() == Some(file.as_str());
            (file, i.role.clone(), is_main)
        })
        .collect()
}

fn stored_relation(
    conn: &Connection,
    id: i64,
) -> rusqlite::Result<Vec<(String, Option<String>, bool)>> {
    conn.prepare_cached(
        "SELECT ap_file_id, role, is_main FROM product_images WHERE product_id = ?1 ORDER BY position",
    )?
    .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
    .collect()
}

/// Writes `record` and its image relation; returns its row id and what changed.
pub fn upsert(
    conn: &Connection,
    record: &ProductRecord,
    ctx: &WriteCtx,
) -> rusqlite::Result<ProductWrite> {
    let before: Option<Stored> = conn
        .prepare_cached(
            "SELECT id, record_hash, sku, name, category, campaigns, owner, parent_ap_id, colour,
                    size, status, deleted_at IS NOT NULL
             FROM products WHERE ap_id = ?1",
        )?
        .query_row([&record.ap_id], |r| {
            Ok(Stored {
                id: r.get(0)?,
                record_hash: r.get(1)?,
                details: stored_details(r)?,
                deleted: r.get(11)?,
            })
        })
        .optional()?;
    if let Some(b) = &before
        && !b.deleted
        && b.record_hash.as_deref() == Some(record.record_hash.as_str())
    {
        return Ok(ProductWrite {
            id: b.id,
            change: Change::Unchanged,
            images_changed: false,
        });
    }
    if let Some(sku) = &record.sku {
        // A SKU moved to this product: the old holder's own update will follow.
        conn.prepare_cached(
            "UPDATE products SET sku = NULL
             WHERE sku = ?1 AND ap_id != ?2 AND deleted_at IS NULL",
        )?
        .execute(params![sku, record.ap_id])?;
    }
    let id: i64 = conn
        .prepare_cached(
            "INSERT INTO products (ap_id, sku, name, description, category, category_ids,
                 campaigns, campaign, owner, owner_name, parent_ap_id, has_children, colour, size,
                 status, mod_time, mod_time_img, fields, record_hash, synced_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20)
             ON CONFLICT (ap_id) DO UPDATE SET sku = excluded.sku, name = excluded.name,
                 description = excluded.description, category = excluded.category,
                 category_ids = excluded.category_ids, campaigns = excluded.campaigns,
                 campaign = excluded.campaign, owner = excluded.owner,
                 owner_name = excluded.owner_name, parent_ap_id = excluded.parent_ap_id,
                 has_children = excluded.has_children, colour = excluded.colour,
                 size = excluded.size, status = excluded.status, mod_time = excluded.mod_time,
                 mod_time_img = excluded.mod_time_img, fields = excluded.fields,
                 record_hash = excluded.record_hash, deleted_at = NULL,
                 synced_at = excluded.synced_at
             RETURNING id",
        )?
        .query_row(
            params![
                record.ap_id,
                record.sku,
                record.name,
                record.description,
                record.category,
                serde_json::to_string(&record.category_ids).unwrap_or_else(|_| "[]".into()),
                serde_json::to_string(&record.campaigns).unwrap_or_else(|_| "[]".into()),
                record.campaigns.first(),
                record.owner,
                record.owner_name,
                record.parent_ap_id,
                record.has_children,
                record.colour,
                record.size,
                record.status,
                record.mod_time.map(to_db),
                record.mod_time_img.map(to_db),
                record.fields.to_string(),
                record.record_hash,
                to_db(ctx.now),
            ],
            |r| r.get(0),
        )?;

    let rows = relation_rows(&record.images);
    let old_rows = match &before {
        Some(b) => stored_relation(conn, b.id)?,
        None => Vec::new(),
    };
    let images_changed = rows != old_rows;
    if images_changed {
        conn.prepare_cached("DELETE FROM product_images WHERE product_id = ?1")?
            .execute([id])?;
        let mut insert = conn.prepare_cached(
            "INSERT INTO product_images (product_id, position, ap_file_id, role, is_main)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (position, (file, role, is_main)) in rows.iter().enumerate() {
            insert.execute(params![id, position as i64, file, role, is_main])?;
        }
    }

    let change = match before {
        None => Change::New,
        Some(b) if b.deleted => Change::New,
        Some(b) => {
            let mut changed = Vec::new();
            let mut echoes = 0;
            if b.details != details(record) {
                changed.push("details");
            }
            if images_changed {
                if own_writes::consume(
                    conn,
                    &OwnWrite::product_images(&record.ap_id, &record.images),
                )? {
                    echoes += 1;
                } else {
                    changed.push("images");
                }
            }
            match (changed.is_empty(), echoes) {
                (false, _) => Change::Changed(changed),
                (true, 0) => Change::Unchanged,
                (true, _) => Change::Echo,
            }
        }
    };
    Ok(ProductWrite {
        id,
        change,
        images_changed,
    })
}

/// Marks the product deleted in 4ALLPORTAL; returns its id when it was live.
pub fn mark_deleted(
    conn: &Connection,
    ap_id: &str,
    at: DateTime<Utc>,
) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached(
        "UPDATE products SET deleted_at = ?2 WHERE ap_id = ?1 AND deleted_at IS NULL RETURNING id",
    )?
    .query_row(params![ap_id, to_db(at)], |r| r.get(0))
    .optional()
}

/// The 4ALLPORTAL ids of the live products (to find deletions without an events feed).
pub fn live_ids(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    conn.prepare("SELECT ap_id FROM products WHERE deleted_at IS NULL")?
        .query_map([], |r| r.get(0))?
        .collect()
}
