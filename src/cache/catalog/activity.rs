//! The activity log: one line per thing that happened, for people to follow the work.

use crate::cache::time::to_db;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde_json::Value;

/// One entry to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<'a> {
    pub kind: &'a str,
    pub summary: String,
    pub product_id: Option<i64>,
    pub asset_id: Option<i64>,
    pub job_id: Option<i64>,
    pub details: Option<Value>,
}

impl<'a> Entry<'a> {
    pub fn new(kind: &'a str, summary: impl Into<String>) -> Self {
        Self {
            kind,
            summary: summary.into(),
            product_id: None,
            asset_id: None,
            job_id: None,
            details: None,
        }
    }

    pub fn asset(mut self, id: i64) -> Self {
        self.asset_id = Some(id);
        self
    }

    pub fn product(mut self, id: i64) -> Self {
        self.product_id = Some(id);
        self
    }

    pub fn details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }
}

/// Appends `entry` at `at`; returns its id.
pub fn log(conn: &Connection, at: DateTime<Utc>, entry: &Entry) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO activity (at, kind, summary, product_id, asset_id, job_id, details)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        to_db(at),
        entry.kind,
        entry.summary,
        entry.product_id,
        entry.asset_id,
        entry.job_id,
        entry.details.as_ref().map(Value::to_string),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// How many entries of `kind` there are (for tests and the status bar).
pub fn count(conn: &Connection, kind: &str) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM activity WHERE kind = ?1",
        [kind],
        |r| r.get(0),
    )
}
