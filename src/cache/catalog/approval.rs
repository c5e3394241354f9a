//! Approvals made in PhotoShelter through the approval signal (a keyword, or membership
//! of an "Approved" gallery), read back by sync.

use super::tree::gallery_names;
use crate::cache::time::to_db;
use crate::versions::ApprovalSignal;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

/// What the signal changed on an asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalChange {
    /// Approved in PhotoShelter: the signal appeared.
    Approved,
    /// The signal of an approval made in PhotoShelter was taken away there.
    Withdrawn,
}

/// What the signal is judged on: the asset's approval (and where it was made) and its
/// keywords.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known<'a> {
    pub approval: &'a str,
    pub source: Option<&'a str>,
    pub keywords: &'a [String],
}

/// Applies the signal as PhotoShelter shows it now to asset `id`. `echo` says that what
/// carries the signal (the keywords, a gallery membership) changed by Shelflink's own write,
/// which is never read as an approval made in PhotoShelter.
pub fn apply_signal(
    conn: &Connection,
    id: i64,
    signal: &ApprovalSignal,
    echo: bool,
    now: DateTime<Utc>,
) -> rusqlite::Result<Option<ApprovalChange>> {
    let (approval, source, keywords): (String, Option<String>, String) = conn
        .prepare_cached("SELECT approval, approval_source, keywords FROM assets WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let keywords: Vec<String> = serde_json::from_str(&keywords).unwrap_or_default();
    let known = Known {
        approval: &approval,
        source: source.as_deref(),
        keywords: &keywords,
    };
    apply_known(conn, id, signal, echo, now, &known)
}

/// [`apply_signal`] when the caller knows the asset's state already.
pub fn apply_known(
    conn: &Connection,
    id: i64,
    signal: &ApprovalSignal,
    echo: bool,
    now: DateTime<Utc>,
    known: &Known,
) -> rusqlite::Result<Option<ApprovalChange>> {
    let galleries = match signal {
        ApprovalSignal::Gallery { .. } => gallery_names(conn, id)?,
        ApprovalSignal::Keyword { .. } => Vec::new(),
    };
    let present = signal.is_present(known.keywords, &galleries);
    if present && known.approval != "approved" && !echo {
        conn.prepare_cached(
            "UPDATE assets SET approval = 'approved', approval_source = 'photoshelter',
                 approved_at = ?2 WHERE id = ?1",
        )?
        .execute(params![id, to_db(now)])?;
        return Ok(Some(ApprovalChange::Approved));
    }
    if !present && known.approval == "approved" && known.source == Some("photoshelter") {
        conn.prepare_cached(
            "UPDATE assets SET approval = 'open', approval_source = NULL, approved_at = NULL
             WHERE id = ?1",
        )?
        .execute([id])?;
        return Ok(Some(ApprovalChange::Withdrawn));
    }
    Ok(None)
}
