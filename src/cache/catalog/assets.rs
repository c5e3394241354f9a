//! Writing PhotoShelter images into `assets`: one row per image, written only when the
//! record changed, with the columns SQL verdicts need; the rights in force (PhotoShelter
//! first, then the 4ALLPORTAL file that carries the image) go to `asset_rights`.

use super::{Change, WriteCtx};
use crate::cache::own_writes::{self, OwnWrite};
use crate::cache::time::to_db;
use crate::cache::{asset_rights, rights_columns};
use crate::rights::Rights;
use chrono::{DateTime, Utc};
use rusqlite::types::ToSql;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

/// One PhotoShelter image as a sync read it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AssetRecord {
    pub ps_id: String,
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
    /// The rights as PhotoShelter gives them.
    pub rights: Rights,
    pub uploaded_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
    pub thumb_base: Option<String>,
    pub thumb_token: Option<String>,
    /// A hash of the whole record as read: equal hashes skip the write.
    pub record_hash: String,
}

impl AssetRecord {
    /// Changes when the pixels change: the rendition token (new for a replaced file), the
    /// file size and the update time.
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.thumb_token.as_deref().unwrap_or("").as_bytes());
        h.update(b"|");
        h.update(self.file_size.unwrap_or(0).to_string().as_bytes());
        h.update(b"|");
        h.update(self.updated_at.map(to_db).unwrap_or_default().as_bytes());
        hex::encode(&h.finalize()[..8])
    }
}

/// The outcome of writing one image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetWrite {
    pub id: i64,
    pub change: Change,
    /// The keywords changed and the change was Shelflink's own write coming back.
    pub keywords_echo: bool,
    /// The approval state and where it was made, as stored before this write.
    pub approval: String,
    pub approval_source: Option<String>,
}

struct Stored {
    id: i64,
    record_hash: Option<String>,
    keywords: String,
    title: Option<String>,
    caption: Option<String>,
    headline: Option<String>,
    thumb_token: Option<String>,
    file_size: Option<i64>,
    rights_photoshelter: String,
    deleted: bool,
    approval: String,
    approval_source: Option<String>,
}

fn stored(conn: &Connection, ps_id: &str) -> rusqlite::Result<Option<Stored>> {
    conn.prepare_cached(&format!(
        "SELECT a.id, a.record_hash, a.keywords, a.title, a.caption, a.headline, a.thumb_token,
                a.file_size, {}, a.deleted_at IS NOT NULL, a.approval, a.approval_source
         FROM assets a LEFT JOIN asset_rights ar ON ar.asset_id = a.id WHERE a.ps_id = ?1",
        asset_rights::photoshelter_sql("ar")
    ))?
    .query_row([ps_id], |r| {
        Ok(Stored {
            id: r.get(0)?,
            record_hash: r.get(1)?,
            keywords: r.get(2)?,
            title: r.get(3)?,
            caption: r.get(4)?,
            headline: r.get(5)?,
            thumb_token: r.get(6)?,
            file_size: r.get(7)?,
            rights_photoshelter: r.get(8)?,
            deleted: r.get(9)?,
            approval: r.get(10)?,
            approval_source: r.get(11)?,
        })
    })
    .optional()
}

/// The rights of the live 4ALLPORTAL file that carries `ps_id`, if any.
pub(crate) fn file_rights(conn: &Connection, ps_id: &str) -> rusqlite::Result<Option<Rights>> {
    let json: Option<String> = conn
        .prepare_cached(
            "SELECT rights FROM ap_files WHERE ps_id = ?1 AND deleted_at IS NULL
             ORDER BY mod_time DESC LIMIT 1",
        )?
        .query_row([ps_id], |r| r.get(0))
        .optional()?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

/// The rights in force: PhotoShelter's, then the file's where PhotoShelter says nothing.
pub(crate) fn rights_in_force(ps: &Rights, file: Option<Rights>) -> Rights {
    match file {
        Some(file) => Rights::layered([ps.clone(), file]),
        None => ps.clone(),
    }
}

/// Writes `record`; returns its row id and what changed (echoes of Shelflink's own writes
/// are told apart with `own_writes`).
pub fn upsert(
    conn: &Connection,
    record: &AssetRecord,
    ctx: &WriteCtx,
) -> rusqlite::Result<AssetWrite> {
    let before = stored(conn, &record.ps_id)?;
    if let Some(b) = &before
        && !b.deleted
        && b.record_hash.as_deref() == Some(record.record_hash.as_str())
    {
        return Ok(AssetWrite {
            id: b.id,
            change: Change::Unchanged,
            keywords_echo: false,
            approval: b.approval.clone(),
            approval_source: b.approval_source.clone(),
        });
    }
    let keywords = serde_json::to_string(&record.keywords).unwrap_or_else(|_| "[]".into());
    let ps_rights = serde_json::to_string(&record.rights).unwrap_or_else(|_| "{}".into());
    let rights = rights_in_force(&record.rights, file_rights(conn, &record.ps_id)?);
    let rights_json = serde_json::to_string(&rights).unwrap_or_else(|_| "{}".into());
    let fingerprint = record.fingerprint();
    let cols = rights_columns::columns(&rights, ctx.clock);
    let uploaded_at = record.uploaded_at.map(to_db);
    let updated_at = record.updated_at.map(to_db);
    let file_size = record.file_size.map(|s| s as i64);
    let synced_at = to_db(ctx.now);
    let mut values: Vec<&dyn ToSql> = vec![
        &record.ps_id,
        &record.file_name,
        &file_size,
        &record.width,
        &record.height,
        &record.title,
        &record.caption,
        &record.headline,
        &record.credit,
        &record.copyright,
        &record.author,
        &keywords,
        &record.rating,
        &record.flagged,
        &uploaded_at,
        &updated_at,
        &fingerprint,
        &record.thumb_base,
        &record.thumb_token,
        &record.record_hash,
        &synced_at,
    ];
    values.extend(cols.values());
    let id: i64 = conn
        .prepare_cached(&format!(
            "INSERT INTO assets (ps_id, file_name, file_size, width, height, title, caption,
                 headline, credit, copyright, author, keywords, rating, flagged, uploaded_at,
                 updated_at, fingerprint, thumb_base, thumb_token, record_hash, synced_at, {})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33)
             ON CONFLICT (ps_id) DO UPDATE SET file_name = excluded.file_name,
                 file_size = excluded.file_size, width = excluded.width, height = excluded.height,
                 title = excluded.title, caption = excluded.caption, headline = excluded.headline,
                 credit = excluded.credit, copyright = excluded.copyright, author = excluded.author,
                 keywords = excluded.keywords, rating = excluded.rating, flagged = excluded.flagged,
                 uploaded_at = excluded.uploaded_at, updated_at = excluded.updated_at,
                 fingerprint = excluded.fingerprint, thumb_base = excluded.thumb_base,
                 thumb_token = excluded.thumb_token, record_hash = excluded.record_hash,
                 deleted_at = NULL, synced_at = excluded.synced_at,
                 licence_start = excluded.licence_start, licence_end = excluded.licence_end,
                 licence_start_at = excluded.licence_start_at,
                 licence_end_at = excluded.licence_end_at,
                 licence_end_offset = excluded.licence_end_offset,
                 licence_zone = excluded.licence_zone, licence_terms = excluded.licence_terms,
                 model_release = excluded.model_release,
                 property_release = excluded.property_release, regions = excluded.regions,
                 channels = excluded.channels, licence_ok_until = excluded.licence_ok_until
             RETURNING id",
            rights_columns::Columns::NAMES
        ))?
        .query_row(values.as_slice(), |r| r.get(0))?;
    asset_rights::write(conn, id, &rights_json, &ps_rights)?;

    let Some(before) = before else {
        return Ok(AssetWrite {
            id,
            change: Change::New,
            keywords_echo: false,
            approval: "open".into(),
            approval_source: None,
        });
    };
    if before.deleted {
        return Ok(AssetWrite {
            id,
            change: Change::New,
            keywords_echo: false,
            approval: before.approval,
            approval_source: before.approval_source,
        });
    }
    // Fields someone reviews; a change that is Shelflink's own write coming back is an echo.
    let mut changed = Vec::new();
    let mut echoes = 0;
    let mut keywords_echo = false;
    if before.keywords != keywords {
        if own_writes::consume(conn, &OwnWrite::keywords(&record.ps_id, &record.keywords))? {
            echoes += 1;
            keywords_echo = true;
        } else {
            changed.push("keywords");
        }
    }
    for (field, old, new) in [
        ("title", &before.title, &record.title),
        ("caption", &before.caption, &record.caption),
        ("headline", &before.headline, &record.headline),
    ] {
        if old != new {
            if own_writes::consume(conn, &OwnWrite::iptc(&record.ps_id, field, new.as_deref()))? {
                echoes += 1;
            } else {
                changed.push(field);
            }
        }
    }
    if before.thumb_token != record.thumb_token
        || before.file_size != record.file_size.map(|s| s as i64)
    {
        changed.push("file");
    }
    if before.rights_photoshelter != ps_rights {
        changed.push("rights");
    }
    let change = match (changed.is_empty(), echoes) {
        (false, _) => Change::Changed(changed),
        (true, 0) => Change::Unchanged,
        (true, _) => Change::Echo,
    };
    Ok(AssetWrite {
        id,
        change,
        keywords_echo,
        approval: before.approval,
        approval_source: before.approval_source,
    })
}

/// Marks the asset of `ps_id` deleted in PhotoShelter; returns its id when it was live.
pub fn mark_deleted(
    conn: &Connection,
    ps_id: &str,
    at: DateTime<Utc>,
) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached(
        "UPDATE assets SET deleted_at = ?2 WHERE ps_id = ?1 AND deleted_at IS NULL RETURNING id",
    )?
    .query_row(params![ps_id, to_db(at)], |r| r.get(0))
    .optional()
}

/// Writes the rights in force again for the asset of `ps_id` (after its 4ALLPORTAL file
/// changed); returns its id when there is such an asset and its rights changed.
pub fn refresh_rights(
    conn: &Connection,
    ps_id: &str,
    ctx: &WriteCtx,
) -> rusqlite::Result<Option<i64>> {
    let row: Option<(i64, String, String)> = conn
        .prepare_cached(&format!(
            "SELECT a.id, {}, coalesce(ar.rights, '{{}}')
             FROM assets a LEFT JOIN asset_rights ar ON ar.asset_id = a.id WHERE a.ps_id = ?1",
            asset_rights::photoshelter_sql("ar")
        ))?
        .query_row([ps_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((id, ps_json, old_json)) = row else {
        return Ok(None);
    };
    let ps: Rights = serde_json::from_str(&ps_json).unwrap_or_default();
    let rights = rights_in_force(&ps, file_rights(conn, ps_id)?);
    let json = serde_json::to_string(&rights).unwrap_or_else(|_| "{}".into());
    if json == old_json {
        return Ok(None);
    }
    asset_rights::write(conn, id, &json, &ps_json)?;
    rights_columns::write(conn, id, &rights, ctx.clock)?;
    Ok(Some(id))
}
