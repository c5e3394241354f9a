//! What became of a queued share: its job's state, and once done the link and expiry.

use crate::cache::{Cache, CacheError};
use crate::transfer::job::Payload;
use crate::transfer::{JobState, queue};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::time::Duration;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ShareState {
    /// Queued or running (or retrying after a failure).
    Pending,
    Done,
    /// It needs a person (see `error`), was given up or cancelled.
    Stopped,
}

/// A share job as the person who asked for it sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ShareOutcome {
    pub job: i64,
    pub state: ShareState,
    pub gallery: String,
    pub recipients: Vec<String>,
    /// The link recipients open, once done.
    pub url: Option<String>,
    pub share_id: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    /// A share with the same recipients existed and was used.
    pub reused: bool,
    /// Why it stopped or last failed.
    pub error: Option<String>,
}

/// The outcome of share job `job`; `None` when there is no such share job.
pub fn outcome(cache: &Cache, job: i64) -> Result<Option<ShareOutcome>, CacheError> {
    let job = cache
        .with_conn(|c| queue::get(c, job))
        .map_err(CacheError::query("read a share job"))?;
    let Some(job) = job else { return Ok(None) };
    let Payload::Share(p) = &job.payload else {
        return Ok(None);
    };
    let result = job.result.as_ref();
    let text = |k: &str| result.and_then(|r| r[k].as_str()).map(str::to_owned);
    let state = match job.state {
        JobState::Done => ShareState::Done,
        JobState::Queued | JobState::Running => ShareState::Pending,
        JobState::Failed if job.next_try_at.is_some() => ShareState::Pending,
        _ => ShareState::Stopped,
    };
    Ok(Some(ShareOutcome {
        job: job.id,
        state,
        gallery: p.gallery.clone(),
        recipients: p.recipients.clone(),
        url: text("url"),
        share_id: text("share"),
        expires_at: p.expires_at,
        reused: result
            .and_then(|r| r["reused_share"].as_bool())
            .unwrap_or(false),
        error: job.attention_reason.clone().or(job.last_error.clone()),
    }))
}

/// Waits (checking every `every`) until share job `job` is no longer pending, at most
/// `limit`; returns its last outcome.
pub async fn wait_for(
    cache: &Cache,
    job: i64,
    every: Duration,
    limit: Duration,
) -> Result<Option<ShareOutcome>, CacheError> {
    let started = std::time::Instant::now();
    loop {
        let now = outcome(cache, job)?;
        match &now {
            Some(o) if o.state == ShareState::Pending && started.elapsed() < limit => {
                tokio::time::sleep(every).await;
            }
            _ => return Ok(now),
        }
    }
}
