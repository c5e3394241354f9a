//! Choosing the files of products to share and queuing the share.

use crate::cache::{Cache, CacheError};
use crate::export::selection::{self, Selection, SelectionError};
use crate::linking::{self, Rules, ShareError, ShareRequest};
use crate::rights::{Channel, IntendedUse, Region};
use crate::transfer::gate;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What to share with whom.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
pub struct ProductShareRequest {
    /// The products whose images are shared (a campaign, a category or SKUs).
    pub selection: Selection,
    /// The PhotoShelter gallery (an existing one of that name, else a new one).
    pub gallery: String,
    /// E-mail addresses.
    pub recipients: Vec<String>,
    /// The last day the share can be opened; none = no expiry.
    pub expires_on: Option<NaiveDate>,
    pub message: Option<String>,
    /// The channel the recipients publish in, if known (checked against the rights).
    pub channel: Option<String>,
    /// The country they publish in, if known.
    pub region: Option<String>,
}

/// A file that is not shared, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct NotShared {
    pub sku: String,
    pub file: String,
    pub reason: String,
}

/// The share job queued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct QueuedShare {
    pub job: i64,
    /// 4ALLPORTAL file ids going out.
    pub files: Vec<String>,
    pub left_out: Vec<NotShared>,
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ShareProductsError {
    #[error(transparent)]
    Selection(#[from] SelectionError),
    #[error("none of the {0} has an image in 4ALLPORTAL to share: link and transfer images first")]
    NoFiles(String),
    #[error("no image of the {selection} may be shared: {reasons}")]
    AllRefused { selection: String, reasons: String },
    #[error(transparent)]
    Share(#[from] ShareError),
    #[error(transparent)]
    Cache(#[from] CacheError),
}

/// The end of `day` (its last millisecond, UTC): the share still opens on that day.
fn end_of(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_milli_opt(23, 59, 59, 999)
        .map(|t| t.and_utc())
        .unwrap_or_else(Utc::now)
}

/// The live 4ALLPORTAL files of the products' image relations, in product and position
/// order, each once: `(sku, file id, file name)`.
fn files_of(
    conn: &Connection,
    product_ids: &[(i64, String)],
) -> rusqlite::Result<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.ap_id, coalesce(f.name, f.ap_id) FROM product_images pi
         JOIN ap_files f ON f.ap_id = pi.ap_file_id AND f.deleted_at IS NULL
         WHERE pi.product_id = ?1 ORDER BY pi.position",
    )?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (id, sku) in product_ids {
        let rows: Vec<(String, String)> = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (file, name) in rows {
            if seen.insert(file.clone()) {
                out.push((sku.clone(), file, name));
            }
        }
    }
    Ok(out)
}

/// Queues the share of the products' files that may go out.
pub fn queue_share(
    cache: &Cache,
    rules: &Rules,
    request: &ProductShareRequest,
) -> Result<QueuedShare, ShareProductsError> {
    let intended = IntendedUse {
        channel: request
            .channel
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .map(Channel::new),
        region: request
            .region
            .as_deref()
            .filter(|r| !r.trim().is_empty())
            .map(Region::new),
    };
    let today = (rules.today)();
    let (files, left_out) = cache
        .with_conn(|c| {
            let products = match selection::products(c, &request.selection)? {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            let ids: Vec<(i64, String)> = products.iter().map(|p| (p.id, p.sku.clone())).collect();
            let mut files = Vec::new();
            let mut left_out = Vec::new();
            let all = files_of(c, &ids)?;
            for (sku, file, name) in all {
                match gate::check_file(c, &file, &today, &intended, &rules.policy)? {
                    Ok(()) => files.push(file),
                    Err(refusal) => left_out.push(NotShared {
                        sku,
                        file: name,
                        reason: refusal.to_string(),
                    }),
                }
            }
            Ok(Ok((files, left_out)))
        })
        .map_err(CacheError::query("read the files to share"))??;
    if files.is_empty() {
        if left_out.is_empty() {
            return Err(ShareProductsError::NoFiles(request.selection.to_string()));
        }
        return Err(ShareProductsError::AllRefused {
            selection: request.selection.to_string(),
            reasons: left_out
                .iter()
                .map(|l| l.reason.clone())
                .collect::<Vec<_>>()
                .join("; "),
        });
    }
    let expires_at = request.expires_on.map(end_of);
    let job = linking::share(
        cache,
        rules,
        &ShareRequest {
            files: files.clone(),
            gallery: request.gallery.clone(),
            recipients: request.recipients.clone(),
            expires_at,
            message: request.message.clone().filter(|m| !m.trim().is_empty()),
            channel: intended.channel.as_ref().map(|c| c.as_str().to_owned()),
            region: intended.region.as_ref().map(|r| r.as_str().to_owned()),
        },
    )?;
    Ok(QueuedShare {
        job,
        files,
        left_out,
        expires_at,
    })
}
