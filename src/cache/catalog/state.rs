//! Sync bookkeeping: change-feed cursors, page progress of unfinished listings (committed
//! with each page, so a killed sync resumes where it stopped) and the record of sync runs.

use crate::cache::time::{from_db, to_db};
use crate::net::Service;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Serialize, de::DeserializeOwned};

/// The cursor of a change feed, if one was saved.
pub fn cursor(
    conn: &Connection,
    service: Service,
    scope: &str,
) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT cursor FROM sync_cursors WHERE service = ?1 AND scope = ?2")?
        .query_row(params![service.slug(), scope], |r| r.get(0))
        .optional()
}

pub fn set_cursor(
    conn: &Connection,
    service: Service,
    scope: &str,
    cursor: &str,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_cursors (service, scope, cursor, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (service, scope) DO UPDATE SET cursor = excluded.cursor,
             updated_at = excluded.updated_at",
    )?
    .execute(params![service.slug(), scope, cursor, to_db(now)])?;
    Ok(())
}

pub fn clear_cursor(conn: &Connection, service: Service, scope: &str) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM sync_cursors WHERE service = ?1 AND scope = ?2",
        params![service.slug(), scope],
    )
    .map(|_| ())
}

/// How far a listing came: pages finished, whether it was read to the end, and what a
/// resume must check (`state`).
#[derive(Debug, Clone, PartialEq)]
pub struct Progress<S> {
    pub page: u32,
    pub done: bool,
    pub state: S,
}

pub fn progress<S: DeserializeOwned>(
    conn: &Connection,
    service: Service,
    scope: &str,
) -> rusqlite::Result<Option<Progress<S>>> {
    let row: Option<(u32, bool, Option<String>)> = conn
        .prepare_cached(
            "SELECT page, done, state FROM sync_progress WHERE service = ?1 AND scope = ?2",
        )?
        .query_row(params![service.slug(), scope], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    Ok(row.and_then(|(page, done, state)| {
        let state = serde_json::from_str(state.as_deref().unwrap_or("null")).ok()?;
        Some(Progress { page, done, state })
    }))
}

pub fn set_progress<S: Serialize>(
    conn: &Connection,
    service: Service,
    scope: &str,
    progress: &Progress<S>,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    let state = serde_json::to_string(&progress.state).unwrap_or_else(|_| "null".into());
    conn.prepare_cached(
        "INSERT INTO sync_progress (service, scope, page, done, state, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (service, scope) DO UPDATE SET page = excluded.page, done = excluded.done,
             state = excluded.state, updated_at = excluded.updated_at",
    )?
    .execute(params![
        service.slug(),
        scope,
        progress.page,
        progress.done,
        state,
        to_db(now)
    ])?;
    Ok(())
}

/// Forgets the progress of one listing (it was read to the end).
pub fn clear_scope(conn: &Connection, service: Service, scope: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM sync_progress WHERE service = ?1 AND scope = ?2")?
        .execute(params![service.slug(), scope])
        .map(|_| ())
}

/// Forgets the progress of every listing of `service` (a sync of it finished).
pub fn clear_progress(conn: &Connection, service: Service) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM sync_progress WHERE service = ?1",
        [service.slug()],
    )
    .map(|_| ())
}

/// Whether a listing of `service` was left unfinished by an earlier run.
pub fn has_progress(conn: &Connection, service: Service) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sync_progress WHERE service = ?1)",
        [service.slug()],
        |r| r.get(0),
    )
}

/// One sync run as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub id: i64,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub kind: String,
    pub state: String,
    pub error: Option<String>,
    pub report: Option<serde_json::Value>,
}

/// Records the start of a run; runs left `running` by a killed process are closed first.
pub fn start_run(conn: &Connection, kind: &str, now: DateTime<Utc>) -> rusqlite::Result<i64> {
    conn.execute(
        "UPDATE sync_runs SET state = 'cancelled', finished_at = ?1,
             error = 'the sync stopped before it finished (the app was closed or it crashed)'
         WHERE state = 'running'",
        [to_db(now)],
    )?;
    conn.execute(
        "INSERT INTO sync_runs (started_at, kind, state) VALUES (?1, ?2, 'running')",
        params![to_db(now), kind],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn finish_run(
    conn: &Connection,
    id: i64,
    state: &str,
    error: Option<&str>,
    report: Option<&serde_json::Value>,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE sync_runs SET state = ?2, error = ?3, report = ?4, finished_at = ?5 WHERE id = ?1",
        params![id, state, error, report.map(|r| r.to_string()), to_db(now)],
    )
    .map(|_| ())
}

fn run_from(r: &rusqlite::Row) -> rusqlite::Result<Run> {
    let started: String = r.get(1)?;
    let finished: Option<String> = r.get(2)?;
    let report: Option<String> = r.get(6)?;
    Ok(Run {
        id: r.get(0)?,
        started_at: from_db(&started).unwrap_or_default(),
        finished_at: finished.as_deref().and_then(from_db),
        kind: r.get(3)?,
        state: r.get(4)?,
        error: r.get(5)?,
        report: report.and_then(|t| serde_json::from_str(&t).ok()),
    })
}

const RUN_COLUMNS: &str = "id, started_at, finished_at, kind, state, error, report";

/// The latest run, and the latest that finished.
pub fn last_runs(conn: &Connection) -> rusqlite::Result<(Option<Run>, Option<Run>)> {
    let last = conn
        .query_row(
            &format!("SELECT {RUN_COLUMNS} FROM sync_runs ORDER BY id DESC LIMIT 1"),
            [],
            run_from,
        )
        .optional()?;
    let finished = conn
        .query_row(
            &format!(
                "SELECT {RUN_COLUMNS} FROM sync_runs WHERE state = 'finished' ORDER BY id DESC LIMIT 1"
            ),
            [],
            run_from,
        )
        .optional()?;
    Ok((last, finished))
}
