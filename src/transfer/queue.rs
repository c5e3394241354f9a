//! The outbox in SQL: queueing a job (once per idempotency key), picking the ones that may
//! run, recording each attempt and its outcome, resuming after a crash, cancelling and
//! retrying. Every function takes the connection the caller holds (often inside the
//! transaction that also changes the catalog, so the job and its cause commit together).

use super::clock::{from_db, to_db};
use super::job::{Job, JobKind, JobState, NewJob, Payload};
use chrono::{DateTime, Utc};
use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::Value;

const COLUMNS: &str = "j.id, j.kind, j.payload, j.summary, j.idempotency_key, j.lock_key, \
     j.asset_id, j.product_id, j.link_id, j.state, j.attempts, j.max_attempts, j.next_try_at, \
     j.last_error, j.attention_reason, j.cancel_requested, j.result, j.created_at, j.updated_at, \
     (SELECT group_concat(d.depends_on) FROM job_deps d WHERE d.job_id = j.id)";

/// Jobs that cannot go on without a person: needing attention, given up, and every job
/// that (through its dependencies) waits for one of those.
const STUCK: &str = "WITH RECURSIVE stuck(id) AS (
        SELECT id FROM jobs
        WHERE state = 'needs_attention' OR (state = 'failed' AND next_try_at IS NULL)
        UNION
        SELECT d.job_id FROM job_deps d JOIN stuck s ON d.depends_on = s.id
    )";

fn bad(column: usize, err: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, Type::Text, Box::new(err))
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Unreadable(String);

fn time(row: &Row<'_>, column: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let text: Option<String> = row.get(column)?;
    match text {
        None => Ok(None),
        Some(t) => from_db(&t)
            .map(Some)
            .ok_or_else(|| bad(column, Unreadable(format!("not a time: {t}")))),
    }
}

fn row_to_job(row: &Row<'_>) -> rusqlite::Result<Job> {
    let kind: String = row.get(1)?;
    let kind = JobKind::parse(&kind)
        .ok_or_else(|| bad(1, Unreadable(format!("unknown job kind {kind}"))))?;
    let payload: String = row.get(2)?;
    let payload: Payload = serde_json::from_str(&payload).map_err(|e| bad(2, e))?;
    let state: String = row.get(9)?;
    let state = JobState::parse(&state)
        .ok_or_else(|| bad(9, Unreadable(format!("unknown job state {state}"))))?;
    let result: Option<String> = row.get(16)?;
    let result = result
        .map(|r| serde_json::from_str::<Value>(&r))
        .transpose()
        .map_err(|e| bad(16, e))?;
    let deps: Option<String> = row.get(19)?;
    let depends_on = deps
        .unwrap_or_default()
        .split(',')
        .filter_map(|d| d.trim().parse().ok())
        .collect();
    Ok(Job {
        id: row.get(0)?,
        kind,
        payload,
        summary: row.get(3)?,
        idempotency_key: row.get(4)?,
        lock_key: row.get(5)?,
        asset_id: row.get(6)?,
        product_id: row.get(7)?,
        link_id: row.get(8)?,
        state,
        attempts: row.get(10)?,
        max_attempts: row.get(11)?,
        next_try_at: time(row, 12)?,
        last_error: row.get(13)?,
        attention_reason: row.get(14)?,
        cancel_requested: row.get(15)?,
        result,
        created_at: time(row, 17)?.unwrap_or_default(),
        updated_at: time(row, 18)?.unwrap_or_default(),
        depends_on,
    })
}

/// A job queued, or the one already queued for the same intent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Enqueued {
    pub id: i64,
    /// False when a job with the same idempotency key was already there (nothing changed).
    pub created: bool,
}

/// Queues `job` unless a job with its idempotency key exists (then that one is returned).
pub fn enqueue(
    conn: &Connection,
    job: &NewJob,
    max_attempts: u32,
    now: DateTime<Utc>,
) -> rusqlite::Result<Enqueued> {
    let key = job.payload.idempotency_key(&job.version);
    if let Some(id) = conn
        .query_row(
            "SELECT id FROM jobs WHERE idempotency_key = ?1",
            [&key],
            |r| r.get(0),
        )
        .optional()?
    {
        return Ok(Enqueued { id, created: false });
    }
    let kind = job.payload.kind();
    let payload = serde_json::to_string(&job.payload)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
    let now = to_db(now);
    conn.execute(
        "INSERT INTO jobs (kind, service, idempotency_key, payload, summary, lock_key, asset_id,
                           product_id, link_id, max_attempts, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        params![
            kind.as_str(),
            kind.service().slug(),
            key,
            payload,
            job.summary,
            job.payload.lock_key(),
            job.asset_id,
            job.product_id,
            job.link_id,
            max_attempts.max(1),
            now
        ],
    )?;
    let id = conn.last_insert_rowid();
    for dep in &job.depends_on {
        conn.execute(
            "INSERT OR IGNORE INTO job_deps (job_id, depends_on) VALUES (?1, ?2)",
            params![id, dep],
        )?;
    }
    Ok(Enqueued { id, created: true })
}

/// One job.
pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<Job>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM jobs j WHERE j.id = ?1"),
        [id],
        row_to_job,
    )
    .optional()
}

/// Which jobs to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobFilter {
    /// Only these states (empty = all).
    pub states: Vec<JobState>,
    pub link_id: Option<i64>,
    /// Newest first when true, else oldest first.
    pub newest_first: bool,
    pub limit: Option<u32>,
}

pub fn list(conn: &Connection, filter: &JobFilter) -> rusqlite::Result<Vec<Job>> {
    let mut sql = format!("SELECT {COLUMNS} FROM jobs j WHERE 1 = 1");
    if !filter.states.is_empty() {
        let states: Vec<String> = filter
            .states
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        sql.push_str(&format!(" AND j.state IN ({})", states.join(",")));
    }
    if let Some(link) = filter.link_id {
        sql.push_str(&format!(" AND j.link_id = {link}"));
    }
    sql.push_str(if filter.newest_first {
        " ORDER BY j.id DESC"
    } else {
        " ORDER BY j.id"
    });
    if let Some(limit) = filter.limit {
        sql.push_str(&format!(" LIMIT {limit}"));
    }
    let mut stmt = conn.prepare(&sql)?;
    stmt.query_map([], row_to_job)?.collect()
}

/// Jobs that may start now, oldest first: queued or waiting for a retry that is due, and
/// every job they depend on done.
pub fn ready(conn: &Connection, now: DateTime<Utc>, limit: u32) -> rusqlite::Result<Vec<Job>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM jobs j
         WHERE (j.state = 'queued' OR (j.state = 'failed' AND j.next_try_at IS NOT NULL))
           AND (j.next_try_at IS NULL OR j.next_try_at <= ?1)
           AND NOT EXISTS (SELECT 1 FROM job_deps d JOIN jobs p ON p.id = d.depends_on
                           WHERE d.job_id = j.id AND p.state != 'done')
         ORDER BY j.id LIMIT ?2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    stmt.query_map(params![to_db(now), limit], row_to_job)?
        .collect()
}

/// Jobs that will still run without anyone acting: queued or waiting for a retry, and not
/// waiting (through their dependencies) for a job that needs a person.
pub fn pending(conn: &Connection) -> rusqlite::Result<u64> {
    let n: i64 = conn.query_row(
        &format!(
            "{STUCK} SELECT count(*) FROM jobs
             WHERE (state = 'queued' OR (state = 'failed' AND next_try_at IS NOT NULL))
               AND id NOT IN (SELECT id FROM stuck)"
        ),
        [],
        |r| r.get(0),
    )?;
    Ok(n.unsigned_abs())
}

/// The earliest instant a waiting job becomes due, if any waits.
pub fn next_due(conn: &Connection) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let text: Option<String> = conn.query_row(
        "SELECT min(next_try_at) FROM jobs
         WHERE state IN ('queued', 'failed') AND next_try_at IS NOT NULL",
        [],
        |r| r.get(0),
    )?;
    Ok(text.as_deref().and_then(from_db))
}

/// Marks the job running and opens its attempt; false when it was no longer waiting (a
/// person cancelled it, or another worker took it).
pub fn start(conn: &Connection, id: i64, now: DateTime<Utc>) -> rusqlite::Result<bool> {
    let now = to_db(now);
    let changed = conn.execute(
        "UPDATE jobs SET state = 'running', attempts = attempts + 1, started_at = ?2,
                         updated_at = ?2, cancel_requested = 0
         WHERE id = ?1 AND (state = 'queued' OR (state = 'failed' AND next_try_at IS NOT NULL))",
        params![id, now],
    )?;
    if changed == 0 {
        return Ok(false);
    }
    conn.execute(
        "INSERT INTO job_attempts (job_id, attempt, started_at)
         SELECT id, attempts, ?2 FROM jobs WHERE id = ?1",
        params![id, now],
    )?;
    Ok(true)
}

/// How an attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Finish {
    /// The effect is there; `result` says what was made or found.
    Done {
        result: Option<Value>,
    },
    /// Failed for now; try again at `at`.
    Retry {
        error: String,
        at: DateTime<Utc>,
    },
    /// Failed and not tried again until a person retries it.
    GiveUp {
        error: String,
    },
    /// The service could not be reached: the job waits (the attempt is not counted).
    Offline {
        error: String,
        at: DateTime<Utc>,
    },
    /// Cannot go on until a person acts on `reason`.
    Attention {
        reason: String,
    },
    Cancelled {
        reason: String,
    },
}

impl Finish {
    fn outcome(&self) -> &'static str {
        match self {
            Finish::Done { .. } => "done",
            Finish::Retry { .. } => "retry",
            Finish::GiveUp { .. } => "failed",
            Finish::Offline { .. } => "offline",
            Finish::Attention { .. } => "needs_attention",
            Finish::Cancelled { .. } => "cancelled",
        }
    }

    fn error(&self) -> Option<&str> {
        match self {
            Finish::Done { .. } => None,
            Finish::Retry { error, .. }
            | Finish::GiveUp { error }
            | Finish::Offline { error, .. } => Some(error),
            Finish::Attention { reason } | Finish::Cancelled { reason } => Some(reason),
        }
    }
}

/// Records how the running job's attempt ended, and the job's new state.
pub fn finish(
    conn: &Connection,
    id: i64,
    finish: &Finish,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    let at = to_db(now);
    conn.execute(
        "UPDATE job_attempts SET finished_at = ?2, outcome = ?3, error = ?4
         WHERE id = (SELECT max(id) FROM job_attempts WHERE job_id = ?1) AND outcome IS NULL",
        params![id, at, finish.outcome(), finish.error()],
    )?;
    match finish {
        Finish::Done { result } => {
            let result = result.as_ref().map(Value::to_string);
            conn.execute(
                "UPDATE jobs SET state = 'done', result = ?2, next_try_at = NULL,
                                 attention_reason = NULL, updated_at = ?3, finished_at = ?3
                 WHERE id = ?1",
                params![id, result, at],
            )?;
        }
        Finish::Retry { error, at: when } => {
            conn.execute(
                "UPDATE jobs SET state = 'failed', last_error = ?2, next_try_at = ?3, updated_at = ?4
                 WHERE id = ?1",
                params![id, error, to_db(*when), at],
            )?;
        }
        Finish::GiveUp { error } => {
            conn.execute(
                "UPDATE jobs SET state = 'failed', last_error = ?2, next_try_at = NULL,
                                 updated_at = ?3, finished_at = ?3
                 WHERE id = ?1",
                params![id, error, at],
            )?;
        }
        Finish::Offline { error, at: when } => {
            conn.execute(
                "UPDATE jobs SET state = 'queued', attempts = max(attempts - 1, 0), last_error = ?2,
                                 next_try_at = ?3, updated_at = ?4
                 WHERE id = ?1",
                params![id, error, to_db(*when), at],
            )?;
        }
        Finish::Attention { reason } => {
            conn.execute(
                "UPDATE jobs SET state = 'needs_attention', attention_reason = ?2,
                                 next_try_at = NULL, updated_at = ?3, finished_at = ?3
                 WHERE id = ?1",
                params![id, reason, at],
            )?;
        }
        Finish::Cancelled { reason } => {
            mark_cancelled(conn, id, reason, &at)?;
        }
    }
    Ok(())
}

/// Jobs a crash left running go back to the queue; their open attempts are marked
/// interrupted. Returns the ids resumed. Call once, before the worker starts.
pub fn recover(conn: &Connection, now: DateTime<Utc>) -> rusqlite::Result<Vec<i64>> {
    let at = to_db(now);
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT id FROM jobs WHERE state = 'running' ORDER BY id")?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    conn.execute(
        "UPDATE job_attempts SET outcome = 'interrupted', finished_at = ?1,
                                 error = 'Shelflink stopped during this attempt'
         WHERE outcome IS NULL",
        [&at],
    )?;
    conn.execute(
        "UPDATE jobs SET state = CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'queued' END,
                         next_try_at = NULL, updated_at = ?1
         WHERE state = 'running'",
        [&at],
    )?;
    Ok(ids)
}

fn mark_cancelled(conn: &Connection, id: i64, reason: &str, at: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE jobs SET state = 'cancelled', attention_reason = ?2, next_try_at = NULL,
                         cancel_requested = 0, updated_at = ?3, finished_at = ?3
         WHERE id = ?1",
        params![id, reason, at],
    )?;
    // Whatever waited for it cannot run any more.
    let dependents: Vec<i64> = {
        let mut stmt = conn.prepare(
            "SELECT j.id FROM job_deps d JOIN jobs j ON j.id = d.job_id
             WHERE d.depends_on = ?1 AND j.state IN ('queued', 'failed', 'needs_attention')",
        )?;
        stmt.query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    for dependent in dependents {
        mark_cancelled(
            conn,
            dependent,
            &format!("cancelled because job {id}, which it needed, was cancelled"),
            at,
        )?;
    }
    Ok(())
}

/// What cancelling did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cancelled {
    /// It (and whatever waited for it) will not run.
    Now,
    /// It is running: it stops before its next remote write, or ends done if that was
    /// the last one.
    Requested,
    /// It had already ended (done or cancelled): nothing changed.
    AlreadyOver(JobState),
    NotFound,
}

/// Cancels a job that has not finished.
pub fn cancel(conn: &Connection, id: i64, now: DateTime<Utc>) -> rusqlite::Result<Cancelled> {
    let state: Option<String> = conn
        .query_row("SELECT state FROM jobs WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    let Some(state) = state.as_deref().and_then(JobState::parse) else {
        return Ok(Cancelled::NotFound);
    };
    let at = to_db(now);
    match state {
        JobState::Done | JobState::Cancelled => Ok(Cancelled::AlreadyOver(state)),
        JobState::Running => {
            conn.execute(
                "UPDATE jobs SET cancel_requested = 1, updated_at = ?2 WHERE id = ?1",
                params![id, at],
            )?;
            Ok(Cancelled::Requested)
        }
        _ => {
            mark_cancelled(conn, id, "cancelled by a person", &at)?;
            Ok(Cancelled::Now)
        }
    }
}

/// Whether a person asked to cancel the running job.
pub fn cancel_requested(conn: &Connection, id: i64) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT cancel_requested FROM jobs WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
}

/// Which jobs "retry" puts back in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryScope {
    /// Every job given up or needing attention.
    AllFailed,
    One(i64),
}

/// Queues failed jobs (given up, waiting for a retry, or needing attention) again at once,
/// with a fresh count of attempts. Returns the ids queued.
pub fn retry(
    conn: &Connection,
    scope: RetryScope,
    now: DateTime<Utc>,
) -> rusqlite::Result<Vec<i64>> {
    let filter = "state IN ('failed', 'needs_attention')";
    let ids: Vec<i64> = match scope {
        RetryScope::AllFailed => {
            let mut stmt =
                conn.prepare(&format!("SELECT id FROM jobs WHERE {filter} ORDER BY id"))?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        }
        RetryScope::One(id) => conn
            .query_row(
                &format!("SELECT id FROM jobs WHERE id = ?1 AND {filter}"),
                [id],
                |r| r.get(0),
            )
            .optional()?
            .into_iter()
            .collect(),
    };
    let at = to_db(now);
    for id in &ids {
        conn.execute(
            "UPDATE jobs SET state = 'queued', attempts = 0, next_try_at = NULL,
                             attention_reason = NULL, finished_at = NULL, updated_at = ?2
             WHERE id = ?1",
            params![id, at],
        )?;
    }
    Ok(ids)
}

/// The results of the jobs `id` depends on, with their kinds.
pub fn dependency_results(
    conn: &Connection,
    id: i64,
) -> rusqlite::Result<Vec<(JobKind, Option<Value>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.kind, p.result FROM job_deps d JOIN jobs p ON p.id = d.depends_on
         WHERE d.job_id = ?1 ORDER BY p.id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, result) = row?;
        let Some(kind) = JobKind::parse(&kind) else {
            continue;
        };
        out.push((kind, result.and_then(|r| serde_json::from_str(&r).ok())));
    }
    Ok(out)
}

/// Unfinished jobs of a link (to cancel when the link is removed).
pub fn open_jobs_of_link(conn: &Connection, link_id: i64) -> rusqlite::Result<Vec<Job>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM jobs j
         WHERE j.link_id = ?1 AND j.state IN ('queued', 'running', 'failed', 'needs_attention')
         ORDER BY j.id"
    ))?;
    stmt.query_map([link_id], row_to_job)?.collect()
}

#[cfg(test)]
#[path = "queue_tests.rs"]
mod tests;
