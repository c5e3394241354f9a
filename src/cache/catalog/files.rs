//! Writing 4ALLPORTAL files (those that carry a PhotoShelter image), categories and users.

use super::{Change, WriteCtx};
use crate::cache::own_writes::{self, OwnWrite};
use crate::cache::time::to_db;
use crate::rights::Rights;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// One 4ALLPORTAL file as a sync read it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileRecord {
    pub ap_id: String,
    /// The PhotoShelter image it carries (`photoshelter_id`).
    pub ps_id: Option<String>,
    pub name: Option<String>,
    pub approval_status: Option<String>,
    pub rights_flag: Option<String>,
    /// The rights from the file's fields.
    pub rights: Rights,
    /// Fields Shelflink writes, by name, with their items (to tell its own writes apart).
    pub written_fields: Vec<(String, Vec<String>)>,
    pub fields: serde_json::Value,
    pub mod_time: Option<DateTime<Utc>>,
    pub mod_time_img: Option<DateTime<Utc>>,
    pub record_hash: String,
}

/// The outcome of writing one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileWrite {
    pub change: Change,
    /// PhotoShelter images whose rights in force may have changed (old and new carrier).
    pub rights_of: Vec<String>,
}

/// A stored file: record hash, PhotoShelter id, rights and fields JSON, deleted.
type StoredFile = (Option<String>, Option<String>, String, String, bool);

/// Writes `record`; says what changed and which assets need their rights again.
pub fn upsert(
    conn: &Connection,
    record: &FileRecord,
    ctx: &WriteCtx,
) -> rusqlite::Result<FileWrite> {
    let before: Option<StoredFile> = conn
        .prepare_cached(
            "SELECT record_hash, ps_id, rights, fields, deleted_at IS NOT NULL
             FROM ap_files WHERE ap_id = ?1",
        )?
        .query_row([&record.ap_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    if let Some((hash, _, _, _, false)) = &before
        && hash.as_deref() == Some(record.record_hash.as_str())
    {
        return Ok(FileWrite {
            change: Change::Unchanged,
            rights_of: Vec::new(),
        });
    }
    let rights = serde_json::to_string(&record.rights).unwrap_or_else(|_| "{}".into());
    conn.prepare_cached(
        "INSERT INTO ap_files (ap_id, ps_id, name, approval_status, rights_flag, rights, fields,
             mod_time, mod_time_img, record_hash, synced_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (ap_id) DO UPDATE SET ps_id = excluded.ps_id, name = excluded.name,
             approval_status = excluded.approval_status, rights_flag = excluded.rights_flag,
             rights = excluded.rights, fields = excluded.fields, mod_time = excluded.mod_time,
             mod_time_img = excluded.mod_time_img, record_hash = excluded.record_hash,
             deleted_at = NULL, synced_at = excluded.synced_at",
    )?
    .execute(params![
        record.ap_id,
        record.ps_id,
        record.name,
        record.approval_status,
        record.rights_flag,
        rights,
        record.fields.to_string(),
        record.mod_time.map(to_db),
        record.mod_time_img.map(to_db),
        record.record_hash,
        to_db(ctx.now),
    ])?;
    let mut rights_of: Vec<String> = record.ps_id.iter().cloned().collect();
    let change = match before {
        None | Some((_, _, _, _, true)) => Change::New,
        Some((_, old_ps, old_rights, old_fields, false)) => {
            if old_ps != record.ps_id {
                rights_of.extend(old_ps);
            } else if old_rights == rights {
                rights_of.clear();
            }
            let old: serde_json::Value = serde_json::from_str(&old_fields).unwrap_or_default();
            let mut changed = Vec::new();
            let mut echoes = 0;
            for (name, items) in &record.written_fields {
                let old_items = field_items(&old, name);
                if &old_items == items {
                    continue;
                }
                if own_writes::consume(
                    conn,
                    &OwnWrite::allportal_field(&record.ap_id, name, items),
                )? {
                    echoes += 1;
                } else {
                    changed.push("fields");
                }
            }
            let without_written = |v: &serde_json::Value| {
                let mut v = v.clone();
                if let Some(map) = v.as_object_mut() {
                    for (name, _) in &record.written_fields {
                        map.remove(name);
                    }
                    // Envelope keys change with every write.
                    map.remove("mod_time");
                    map.remove("mod_time_img");
                }
                v
            };
            if without_written(&old) != without_written(&record.fields) {
                changed.push("fields");
            }
            changed.dedup();
            match (changed.is_empty(), echoes) {
                (false, _) => Change::Changed(changed),
                (true, 0) => Change::Unchanged,
                (true, _) => Change::Echo,
            }
        }
    };
    Ok(FileWrite { change, rights_of })
}

/// The undimensioned items of `field` in a raw object (`[{"value": …}]`).
pub fn field_items(object: &serde_json::Value, field: &str) -> Vec<String> {
    let Some(entries) = object.get(field).and_then(|v| v.as_array()) else {
        return Vec::new();
    };
    let entry = entries.iter().find(|e| {
        e.get("dimensions")
            .is_none_or(|d| d.as_object().is_none_or(|m| m.is_empty()))
    });
    match entry.and_then(|e| e.get("value")) {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_owned()],
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::trim))
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        Some(serde_json::Value::Bool(b)) => vec![b.to_string()],
        Some(serde_json::Value::Number(n)) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

/// Marks the file deleted; returns the PhotoShelter image it carried, when it was live.
pub fn mark_deleted(
    conn: &Connection,
    ap_id: &str,
    at: DateTime<Utc>,
) -> rusqlite::Result<Option<Option<String>>> {
    conn.prepare_cached(
        "UPDATE ap_files SET deleted_at = ?2 WHERE ap_id = ?1 AND deleted_at IS NULL RETURNING ps_id",
    )?
    .query_row(params![ap_id, to_db(at)], |r| r.get(0))
    .optional()
}

/// A 4ALLPORTAL category.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CategoryRecord {
    pub ap_id: String,
    pub name: String,
    pub path: Option<String>,
    pub parent_ap_id: Option<String>,
    pub mod_time: Option<DateTime<Utc>>,
}

pub fn upsert_category(
    conn: &Connection,
    c: &CategoryRecord,
    ctx: &WriteCtx,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO ap_categories (ap_id, name, path, parent_ap_id, mod_time, synced_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (ap_id) DO UPDATE SET name = excluded.name, path = excluded.path,
             parent_ap_id = excluded.parent_ap_id, mod_time = excluded.mod_time,
             deleted_at = NULL, synced_at = excluded.synced_at",
    )?
    .execute(params![
        c.ap_id,
        c.name,
        c.path,
        c.parent_ap_id,
        c.mod_time.map(to_db),
        to_db(ctx.now)
    ])?;
    Ok(())
}

/// A 4ALLPORTAL user (product owners).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserRecord {
    pub ap_id: String,
    pub username: Option<String>,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub mod_time: Option<DateTime<Utc>>,
}

pub fn upsert_user(conn: &Connection, u: &UserRecord, ctx: &WriteCtx) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO ap_users (ap_id, username, display_name, email, mod_time, synced_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (ap_id) DO UPDATE SET username = excluded.username,
             display_name = excluded.display_name, email = excluded.email,
             mod_time = excluded.mod_time, deleted_at = NULL, synced_at = excluded.synced_at",
    )?
    .execute(params![
        u.ap_id,
        u.username,
        u.display_name,
        u.email,
        u.mod_time.map(to_db),
        to_db(ctx.now)
    ])?;
    Ok(())
}

/// Marks a category or user deleted (`table` is `ap_categories` or `ap_users`).
pub fn mark_named_deleted(
    conn: &Connection,
    table: &str,
    ap_id: &str,
    at: DateTime<Utc>,
) -> rusqlite::Result<bool> {
    debug_assert!(matches!(table, "ap_categories" | "ap_users"));
    let sql = format!("UPDATE {table} SET deleted_at = ?2 WHERE ap_id = ?1 AND deleted_at IS NULL");
    Ok(conn
        .prepare_cached(&sql)?
        .execute(params![ap_id, to_db(at)])?
        > 0)
}

/// The path (else the name) of a category.
pub fn category_label(conn: &Connection, ap_id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT coalesce(path, name) FROM ap_categories WHERE ap_id = ?1")?
        .query_row([ap_id], |r| r.get(0))
        .optional()
}

/// The display name (else the user name) of a user.
pub fn user_label(conn: &Connection, ap_id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT coalesce(display_name, username) FROM ap_users WHERE ap_id = ?1")?
        .query_row([ap_id], |r| r.get(0))
        .optional()
}

/// The 4ALLPORTAL ids of the live objects of `table` (`ap_files`, `ap_categories`, `ap_users`).
pub fn live_ids(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    debug_assert!(matches!(table, "ap_files" | "ap_categories" | "ap_users"));
    conn.prepare(&format!(
        "SELECT ap_id FROM {table} WHERE deleted_at IS NULL"
    ))?
    .query_map([], |r| r.get(0))?
    .collect()
}
