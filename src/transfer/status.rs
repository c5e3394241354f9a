//! What the queue holds and the controls a person has over it: counts by state, jobs as the
//! UI and the CLI show them, pause and resume (kept in the cache, so every worker of the
//! workspace — the app's or `shelflink transfer run` — obeys), retry and cancel.

use super::catalog::{self, LinkStateText};
use super::clock::to_db;
use super::job::{Job, JobKind, JobState};
use super::queue::{self, Cancelled, RetryScope};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use ts_rs::TS;

/// The `workspace_meta` key that holds "paused".
const PAUSED_KEY: &str = "transfer_paused";

/// How many jobs are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct JobCounts {
    pub queued: u32,
    pub running: u32,
    pub done: u32,
    /// Failed, to be tried again automatically.
    pub retrying: u32,
    /// Failed and given up: waiting for a person to retry.
    pub given_up: u32,
    pub needs_attention: u32,
    pub cancelled: u32,
    /// Queued but waiting for a job that needs a person (counted in `queued` too).
    pub blocked: u32,
}

impl JobCounts {
    /// Jobs not finished yet (queued, running, retrying).
    pub fn open(&self) -> u32 {
        self.queued + self.running + self.retrying
    }

    pub fn total(&self) -> u32 {
        self.queued
            + self.running
            + self.done
            + self.retrying
            + self.given_up
            + self.needs_attention
            + self.cancelled
    }
}

pub fn counts(conn: &Connection) -> rusqlite::Result<JobCounts> {
    let mut counts = JobCounts::default();
    let mut stmt = conn.prepare_cached(
        "SELECT state, next_try_at IS NOT NULL, count(*) FROM jobs GROUP BY 1, 2",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, bool>(1)?,
            r.get::<_, u32>(2)?,
        ))
    })?;
    for row in rows {
        let (state, waits, n) = row?;
        match JobState::parse(&state) {
            Some(JobState::Queued) => counts.queued += n,
            Some(JobState::Running) => counts.running += n,
            Some(JobState::Done) => counts.done += n,
            Some(JobState::Failed) if waits => counts.retrying += n,
            Some(JobState::Failed) => counts.given_up += n,
            Some(JobState::NeedsAttention) => counts.needs_attention += n,
            Some(JobState::Cancelled) => counts.cancelled += n,
            None => {}
        }
    }
    let open = queue::pending(conn)?;
    let waiting = u64::from(counts.queued + counts.retrying);
    counts.blocked = u32::try_from(waiting.saturating_sub(open)).unwrap_or(u32::MAX);
    Ok(counts)
}

/// One job as people see it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct JobView {
    pub id: i64,
    pub kind: JobKind,
    pub state: JobState,
    pub summary: String,
    pub attempts: u32,
    pub max_attempts: u32,
    /// When it is tried next (waiting for a retry or for the service to be reachable).
    pub next_try_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// Why it needs a person (or why it was cancelled).
    pub attention_reason: Option<String>,
    pub depends_on: Vec<i64>,
    pub link_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&Job> for JobView {
    fn from(job: &Job) -> Self {
        JobView {
            id: job.id,
            kind: job.kind,
            state: job.state,
            summary: job.summary.clone(),
            attempts: job.attempts,
            max_attempts: job.max_attempts,
            next_try_at: job.next_try_at,
            last_error: job.last_error.clone(),
            attention_reason: job.attention_reason.clone(),
            depends_on: job.depends_on.clone(),
            link_id: job.link_id,
            created_at: job.created_at,
            updated_at: job.updated_at,
        }
    }
}

pub fn is_paused(conn: &Connection) -> rusqlite::Result<bool> {
    let value: Option<String> = conn
        .query_row(
            "SELECT value FROM workspace_meta WHERE key = ?1",
            [PAUSED_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(value.as_deref() == Some("true"))
}

/// Pauses (no job starts; running ones finish) or resumes the queue.
pub fn set_paused(conn: &Connection, paused: bool) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO workspace_meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![PAUSED_KEY, if paused { "true" } else { "false" }],
    )?;
    Ok(())
}

/// Whether the kind's outcome decides its link's state.
pub(crate) fn moves_link(kind: JobKind) -> bool {
    matches!(
        kind,
        JobKind::UploadFile | JobKind::Relate | JobKind::ReplaceVersion | JobKind::WriteBack
    )
}

/// Retries failed jobs; their links are queued again. Returns the ids queued.
pub fn retry(
    conn: &Connection,
    scope: RetryScope,
    now: DateTime<Utc>,
) -> rusqlite::Result<Vec<i64>> {
    let ids = queue::retry(conn, scope, now)?;
    for id in &ids {
        if let Some(job) = queue::get(conn, *id)?
            && let Some(link) = job.link_id.filter(|_| moves_link(job.kind))
        {
            catalog::set_link_state(conn, link, LinkStateText::Queued, None, None, now)?;
        }
    }
    Ok(ids)
}

/// Cancels a job; a link whose job is cancelled before it was written is marked failed.
pub fn cancel(conn: &Connection, id: i64, now: DateTime<Utc>) -> rusqlite::Result<Cancelled> {
    let outcome = queue::cancel(conn, id, now)?;
    if outcome == Cancelled::Now {
        fail_links_of_cancelled(conn, now)?;
    }
    Ok(outcome)
}

/// Links still queued whose jobs were cancelled: failed, saying so.
pub(crate) fn fail_links_of_cancelled(
    conn: &Connection,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE links SET state = 'failed', updated_at = ?1,
                          state_reason = 'its transfer was cancelled: link it again to send it'
         WHERE state = 'queued' AND id IN (
             SELECT link_id FROM jobs
             WHERE state = 'cancelled' AND link_id IS NOT NULL
               AND kind IN ('upload_file', 'relate', 'replace_version'))",
        [to_db(now)],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transfer::job::{NewJob, Payload, UploadFile};

    #[test]
    fn pausing_is_kept_in_the_cache() {
        let cache = crate::cache::Cache::open_in_memory().unwrap();
        cache
            .with_conn(|c| {
                assert!(!is_paused(c)?);
                set_paused(c, true)?;
                assert!(is_paused(c)?);
                set_paused(c, false)?;
                assert!(!is_paused(c)?);
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn counts_tell_retrying_from_given_up_and_see_blocked_jobs() {
        let cache = crate::cache::Cache::open_in_memory().unwrap();
        let now = Utc::now();
        let job = |asset: &str| {
            NewJob::new(
                Payload::UploadFile(UploadFile {
                    asset: asset.into(),
                    file_name: "a.jpg".into(),
                }),
                "upload",
                "v1",
            )
        };
        let counts = cache
            .with_conn(|c| {
                let a = queue::enqueue(c, &job("I1"), 3, now)?.id;
                let b = queue::enqueue(c, &job("I2").after([a]), 3, now)?.id;
                queue::enqueue(c, &job("I3"), 3, now)?;
                queue::start(c, a, now)?;
                queue::finish(
                    c,
                    a,
                    &queue::Finish::Attention {
                        reason: "expired".into(),
                    },
                    now,
                )?;
                let _ = b;
                counts(c)
            })
            .unwrap();
        assert_eq!(
            counts,
            JobCounts {
                queued: 2,
                needs_attention: 1,
                blocked: 1,
                ..JobCounts::default()
            }
        );
        assert_eq!(counts.open(), 2);
    }
}
