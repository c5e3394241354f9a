//! Reading the activity log: what moved between the systems and why, newest first, by
//! category, words and date, paged; and the same as CSV.

use super::{Cache, CacheError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What an entry is about, for filtering. Each entry kind falls in one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActivityCategory {
    Link,
    Tag,
    Approval,
    Replacement,
    Share,
    Export,
    Flag,
    Transfer,
    Sync,
}

impl ActivityCategory {
    pub const ALL: [ActivityCategory; 9] = [
        ActivityCategory::Link,
        ActivityCategory::Tag,
        ActivityCategory::Approval,
        ActivityCategory::Replacement,
        ActivityCategory::Share,
        ActivityCategory::Export,
        ActivityCategory::Flag,
        ActivityCategory::Transfer,
        ActivityCategory::Sync,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActivityCategory::Link => "link",
            ActivityCategory::Tag => "tag",
            ActivityCategory::Approval => "approval",
            ActivityCategory::Replacement => "replacement",
            ActivityCategory::Share => "share",
            ActivityCategory::Export => "export",
            ActivityCategory::Flag => "flag",
            ActivityCategory::Transfer => "transfer",
            ActivityCategory::Sync => "sync",
        }
    }
}

/// The category of each entry kind, as SQL over `activity.kind` (first match wins: the
/// replacement kinds go before the approval ones, flags before links).
const CATEGORY_SQL: &str = "CASE
    WHEN kind LIKE '%flag%' OR kind LIKE 'rights_%' THEN 'flag'
    WHEN kind LIKE '%replace%' THEN 'replacement'
    WHEN kind LIKE '%approv%' THEN 'approval'
    WHEN kind LIKE '%link%' THEN 'link'
    WHEN kind LIKE 'tag%' OR kind LIKE '%keyword%' THEN 'tag'
    WHEN kind LIKE 'shar%' THEN 'share'
    WHEN kind LIKE 'export%' THEN 'export'
    WHEN kind LIKE 'transfer_%' OR kind = 'owner_notified' OR kind = 'written_back' THEN 'transfer'
    ELSE 'sync' END";

/// Which entries to read.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
pub struct ActivityQuery {
    /// Only these categories (empty = all).
    pub categories: Vec<ActivityCategory>,
    /// Words in the summary, the file name or the SKU.
    pub text: Option<String>,
    /// From this day on (`YYYY-MM-DD`, UTC), inclusive.
    pub from: Option<String>,
    /// Up to this day (`YYYY-MM-DD`, UTC), inclusive.
    pub to: Option<String>,
    pub offset: u32,
    /// At most this many (default 100, at most 1000; the CSV takes every entry).
    pub limit: Option<u32>,
}

/// One entry.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ActivityEntry {
    pub id: i64,
    /// RFC 3339 UTC.
    pub at: String,
    pub kind: String,
    pub category: ActivityCategory,
    pub summary: String,
    pub sku: Option<String>,
    pub file_name: Option<String>,
    pub job: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ActivityPage {
    pub total: u32,
    pub entries: Vec<ActivityEntry>,
}

fn category(text: &str) -> ActivityCategory {
    ActivityCategory::ALL
        .into_iter()
        .find(|c| c.as_str() == text)
        .unwrap_or(ActivityCategory::Sync)
}

impl Cache {
    /// The entries `query` selects, newest first, with how many there are in all;
    /// `all` = every entry, not a page.
    pub fn activity(&self, query: &ActivityQuery, all: bool) -> Result<ActivityPage, CacheError> {
        let mut filters = Vec::new();
        let mut args: Vec<String> = Vec::new();
        if !query.categories.is_empty() {
            let list = query
                .categories
                .iter()
                .map(|c| format!("'{}'", c.as_str()))
                .collect::<Vec<_>>()
                .join(", ");
            filters.push(format!("({CATEGORY_SQL}) IN ({list})"));
        }
        if let Some(text) = query
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            let like = format!(
                "%{}%",
                text.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            args.push(like);
            let n = args.len();
            filters.push(format!(
                "(x.summary LIKE ?{n} ESCAPE '\\' OR a.file_name LIKE ?{n} ESCAPE '\\' OR p.sku LIKE ?{n} ESCAPE '\\')"
            ));
        }
        if let Some(from) = &query.from {
            args.push(from.clone());
            filters.push(format!("x.at >= ?{}", args.len()));
        }
        if let Some(to) = &query.to {
            args.push(to.clone());
            filters.push(format!("x.at < date(?{}, '+1 day')", args.len()));
        }
        let filter = if filters.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", filters.join(" AND "))
        };
        let from = "FROM (SELECT *, ".to_owned()
            + CATEGORY_SQL
            + " AS category FROM activity) x
             LEFT JOIN assets a ON a.id = x.asset_id
             LEFT JOIN products p ON p.id = x.product_id";
        let limit = if all {
            -1
        } else {
            i64::from(query.limit.unwrap_or(100).min(1000))
        };
        let offset = if all { 0 } else { i64::from(query.offset) };
        self.with_conn(|c| {
            let params = rusqlite::params_from_iter(args.iter());
            let total: u32 =
                c.query_row(&format!("SELECT count(*) {from} {filter}"), params, |r| {
                    r.get(0)
                })?;
            let sql = format!(
                "SELECT x.id, x.at, x.kind, x.category, x.summary, p.sku, a.file_name, x.job_id
                 {from} {filter} ORDER BY x.at DESC, x.id DESC LIMIT {limit} OFFSET {offset}"
            );
            let entries = c
                .prepare(&sql)?
                .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                    Ok(ActivityEntry {
                        id: r.get(0)?,
                        at: r.get(1)?,
                        kind: r.get(2)?,
                        category: category(&r.get::<_, String>(3)?),
                        summary: r.get(4)?,
                        sku: r.get(5)?,
                        file_name: r.get(6)?,
                        job: r.get(7)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(ActivityPage { total, entries })
        })
        .map_err(CacheError::query("read the activity log"))
    }
}

/// The entries as CSV, one row each.
pub fn activity_csv(entries: &[ActivityEntry]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "at",
        "category",
        "kind",
        "summary",
        "sku",
        "file_name",
        "job",
    ])?;
    for e in entries {
        w.write_record([
            e.at.as_str(),
            e.category.as_str(),
            e.kind.as_str(),
            e.summary.as_str(),
            e.sku.as_deref().unwrap_or(""),
            e.file_name.as_deref().unwrap_or(""),
            &e.job.map(|j| j.to_string()).unwrap_or_default(),
        ])?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
