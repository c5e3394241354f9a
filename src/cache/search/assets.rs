//! Searching assets: full text over file name, title, caption and keywords (FTS5, ranked by
//! BM25), filtered by gallery, approval, rights verdict (selected in SQL from the stored
//! licence instants for the clock given, see `verdict_sql`) and linked or not, sorted and
//! paged.

use super::{AssetPage, Params, asset_hits, fts, ranked};
use crate::cache::verdict_sql::{self, RightsClock, VerdictKind};
use crate::cache::{Cache, CacheError};
use crate::model::ApprovalState;
use crate::rights::IntendedUse;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How asset results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AssetSort {
    /// Best match first (file name weighs most); without search words, newest first.
    #[default]
    Relevance,
    FileName,
    /// Upload time.
    Uploaded,
    /// Last change in PhotoShelter.
    Updated,
    /// Licence end, soonest first (no end last).
    LicenceEnd,
    /// The order in the gallery filtered by (else as `FileName`).
    GalleryOrder,
}

/// An asset search.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct AssetQuery {
    /// Words to find; empty = every asset.
    pub text: String,
    /// Only assets in this gallery (PhotoShelter gallery id).
    pub gallery: Option<String>,
    pub approval: Option<ApprovalState>,
    /// Only assets with this verdict (for linking: no particular channel or region).
    pub verdict: Option<VerdictKind>,
    /// `true` = only assets linked to a product, `false` = only unlinked ones.
    pub linked: Option<bool>,
    pub sort: AssetSort,
    /// Reverse the order.
    pub descending: bool,
    pub offset: u32,
    /// Results per page (1–500; 0 = 50).
    pub limit: u32,
}

/// One asset found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AssetHit {
    /// PhotoShelter image id.
    pub id: String,
    pub file_name: String,
    pub title: Option<String>,
    pub caption: Option<String>,
    pub keywords: Vec<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub approval: ApprovalState,
    pub verdict: VerdictKind,
    /// Last usable day of the licence, if it ends.
    pub licence_end: Option<String>,
    /// Days left until then (0 = the last day; negative once ended).
    pub days_left: Option<i64>,
    /// Products it is linked to.
    pub links: u32,
    /// Rendition link parts and the content fingerprint, for the thumbnail URL.
    pub thumb_base: Option<String>,
    pub thumb_token: Option<String>,
    pub fingerprint: Option<String>,
    pub uploaded_at: Option<String>,
}

fn approval_text(a: ApprovalState) -> &'static str {
    match a {
        ApprovalState::Open => "open",
        ApprovalState::Approved => "approved",
        ApprovalState::Rejected => "rejected",
    }
}

pub(crate) fn approval_of(text: &str) -> ApprovalState {
    match text {
        "approved" => ApprovalState::Approved,
        "rejected" => ApprovalState::Rejected,
        _ => ApprovalState::Open,
    }
}

/// Whether the page of a verdict filter with `total` matches among `live` assets is found
/// faster by reading in the sort order and testing each asset (stopping after about
/// `wanted` × `live` / `total` assets) than through the verdict index, which reads every
/// match and sorts them. SQLite cannot tell without statistics, and guesses the index.
fn read_in_order(total: i64, live: i64, wanted: i64) -> bool {
    total > 0 && wanted.saturating_mul(live) / total < total
}

/// Runs `query` for `clock`.
pub fn search_assets(
    cache: &Cache,
    query: &AssetQuery,
    clock: &RightsClock,
) -> Result<AssetPage, CacheError> {
    let intended = IntendedUse::any();
    let mut params = Params::from(verdict_sql::params(clock, &intended));
    let words = fts::query(&query.text);
    let mut from = String::from("FROM assets a");
    if let Some(q) = &words {
        from = "FROM assets_fts JOIN assets a ON a.id = assets_fts.rowid".into();
        params.add(":q", q.clone());
    }
    // Every row of the search index is a live asset (the triggers and the page writer of a
    // sync index live assets alone), so words without a filter are counted and ranked in
    // the index, without reading the asset rows.
    let filtered = query.gallery.is_some()
        || query.approval.is_some()
        || query.verdict.is_some()
        || query.linked.is_some();
    let index_only = words.is_some() && !filtered;
    let mut conds = vec!["a.deleted_at IS NULL".to_owned()];
    if words.is_some() {
        conds.push("assets_fts MATCH :q".into());
    }
    if let Some(gallery) = &query.gallery {
        // `IN` lets SQLite start from the gallery's members instead of testing every asset.
        conds.push(
            "a.id IN (SELECT ga.asset_id FROM gallery_assets ga WHERE ga.gallery_id = :gallery)"
                .into(),
        );
        params.add(":gallery", gallery.clone());
    }
    if let Some(a) = query.approval {
        conds.push("a.approval = :approval".into());
        params.add(":approval", approval_text(a));
    }
    let linked = "a.id IN (SELECT l.asset_id FROM links l)";
    if query.linked == Some(true) {
        conds.push(linked.into());
    }
    let unlinked = (query.linked == Some(false))
        .then_some("NOT EXISTS (SELECT 1 FROM links l WHERE l.asset_id = a.id)");
    let verdict_filter = query.verdict.map(|v| {
        (
            verdict_sql::condition("a", v, clock, &intended),
            verdict_sql::condition_row_by_row("a", v, clock, &intended),
        )
    });
    let dir = if query.descending { "DESC" } else { "ASC" };
    let flip = if query.descending { "ASC" } else { "DESC" };
    let order = match query.sort {
        AssetSort::Relevance if words.is_some() => None,
        // With `a.id {dir}` after it: the index `assets_newest_first` runs these directions.
        AssetSort::Relevance => Some(format!("a.uploaded_at {flip}")),
        AssetSort::Uploaded => Some(format!("a.uploaded_at {dir}")),
        AssetSort::Updated => Some(format!("a.updated_at {dir}")),
        AssetSort::LicenceEnd => Some(format!("a.licence_end IS NULL, a.licence_end {dir}")),
        AssetSort::GalleryOrder if query.gallery.is_some() => Some(format!(
            "(SELECT ga.position FROM gallery_assets ga WHERE ga.asset_id = a.id AND ga.gallery_id = :gallery) {dir}"
        )),
        AssetSort::FileName | AssetSort::GalleryOrder => {
            Some(format!("a.file_name COLLATE NOCASE {dir}"))
        }
    };
    let window = super::window(query.offset, query.limit);
    let (offset, limit) = window;
    let joined = |extra: &[Option<&str>]| {
        let mut all: Vec<&str> = conds.iter().map(String::as_str).collect();
        all.extend(extra.iter().flatten());
        all.join(" AND ")
    };
    // The matches are counted through the verdict index. Without words, the unlinked ones
    // are all matches less the linked ones, which reads the few links instead of looking
    // every asset up among them; with words the full-text matches are few enough to test
    // (and counting them twice would cost more).
    let counted = joined(&[verdict_filter.as_ref().map(|(v, _)| v.as_str())]);
    let count_sql = match unlinked {
        _ if index_only => "SELECT count(*) FROM assets_fts WHERE assets_fts MATCH :q".to_owned(),
        Some(_) if words.is_none() => format!(
            "SELECT (SELECT count(*) {from} WHERE {counted})
                  - (SELECT count(*) {from} WHERE {counted} AND {linked})"
        ),
        Some(test) => format!("SELECT count(*) {from} WHERE {counted} AND {test}"),
        None => format!("SELECT count(*) {from} WHERE {counted}"),
    };
    // A page selects ids alone: the columns shown are read for the page's assets only.
    let page_sql = |order: &str, verdict_sql: Option<&str>| {
        let where_sql = joined(&[unlinked, verdict_sql]);
        format!(
            "SELECT a.id {from} WHERE {where_sql}
             ORDER BY {order}, a.id {dir} LIMIT {limit} OFFSET {offset}"
        )
    };
    cache
        .with_conn(|conn| {
            let (total, ids) = match &order {
                // Ranked: counted and paged in one pass over the matches.
                None if index_only => ranked::page(
                    conn,
                    &params,
                    "assets_fts.rowid",
                    "FROM assets_fts WHERE assets_fts MATCH :q",
                    query.descending,
                    window,
                )?,
                None => {
                    let verdict = verdict_filter.as_ref().map(|(v, _)| v.as_str());
                    let from_where = format!("{from} WHERE {}", joined(&[unlinked, verdict]));
                    ranked::page(conn, &params, "a.id", &from_where, query.descending, window)?
                }
                Some(order) => {
                    let total: i64 = params.one(conn, &count_sql)?;
                    let sql = match &verdict_filter {
                        None => page_sql(order, None),
                        Some((indexed, row_by_row)) => {
                            let live: i64 = conn.query_row(
                                "SELECT count(*) FROM assets WHERE deleted_at IS NULL",
                                [],
                                |r| r.get(0),
                            )?;
                            let wanted = i64::from(offset) + i64::from(limit);
                            if read_in_order(total, live, wanted) {
                                page_sql(order, Some(row_by_row))
                            } else {
                                page_sql(order, Some(indexed))
                            }
                        }
                    };
                    let ids = params.all(conn, &sql, |r| r.get(0))?;
                    (total as u64, ids)
                }
            };
            Ok(AssetPage {
                items: asset_hits::read(conn, clock, &intended, &ids)?,
                total,
                offset,
                limit,
            })
        })
        .map_err(CacheError::query("search the assets"))
}

#[cfg(test)]
#[path = "assets_tests.rs"]
mod tests;
