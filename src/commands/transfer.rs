//! The transfer queue's commands: what it holds, pause and resume, retry, cancel. They act
//! on the cache, so whichever worker runs the workspace obeys them.

use super::CommandError;
use crate::transfer::queue::{self, JobFilter, RetryScope};
use crate::transfer::{Cancelled, JobCounts, JobState, JobView, status};
use crate::workspace::Workspace;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How many unfinished jobs `transfer_status` lists at most.
const LISTED: u32 = 200;

#[derive(Debug, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TransferStatusRequest {}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TransferStatus {
    pub counts: JobCounts,
    pub paused: bool,
    /// Jobs not done yet (queued, running, failed, needing attention), oldest first.
    pub open: Vec<JobView>,
}

fn db(action: &'static str) -> impl FnOnce(rusqlite::Error) -> CommandError {
    move |e| CommandError::internal(format!("cannot {action}: {e}"))
}

fn status_of(workspace: &Workspace) -> Result<TransferStatus, CommandError> {
    workspace
        .cache()
        .with_conn(|c| {
            let open = queue::list(
                c,
                &JobFilter {
                    states: vec![
                        JobState::Queued,
                        JobState::Running,
                        JobState::Failed,
                        JobState::NeedsAttention,
                    ],
                    limit: Some(LISTED),
                    ..JobFilter::default()
                },
            )?;
            Ok(TransferStatus {
                counts: status::counts(c)?,
                paused: status::is_paused(c)?,
                open: open.iter().map(JobView::from).collect(),
            })
        })
        .map_err(db("read the transfer queue"))
}

pub async fn status(
    workspace: &Workspace,
    _request: TransferStatusRequest,
) -> Result<TransferStatus, CommandError> {
    status_of(workspace)
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TransferJobsRequest {
    /// Only jobs in these states (empty = every job).
    #[serde(default)]
    pub states: Vec<JobState>,
    /// At most this many, newest first (default 100).
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TransferJobs {
    pub jobs: Vec<JobView>,
}

pub async fn jobs(
    workspace: &Workspace,
    request: TransferJobsRequest,
) -> Result<TransferJobs, CommandError> {
    let filter = JobFilter {
        states: request.states,
        newest_first: true,
        limit: Some(request.limit.unwrap_or(100).min(1000)),
        ..JobFilter::default()
    };
    let jobs = workspace
        .cache()
        .with_conn(|c| queue::list(c, &filter))
        .map_err(db("list the transfer jobs"))?;
    Ok(TransferJobs {
        jobs: jobs.iter().map(JobView::from).collect(),
    })
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TransferPauseRequest {
    /// True: no job starts (running ones finish); false: go on.
    pub paused: bool,
}

pub async fn pause(
    workspace: &Workspace,
    request: TransferPauseRequest,
) -> Result<TransferStatus, CommandError> {
    workspace
        .cache()
        .with_conn(|c| status::set_paused(c, request.paused))
        .map_err(db("pause the transfer queue"))?;
    status_of(workspace)
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TransferRetryRequest {
    /// One job; none = every failed job and every job needing attention.
    pub job: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TransferRetried {
    /// The jobs queued again.
    pub jobs: Vec<i64>,
}

pub async fn retry(
    workspace: &Workspace,
    request: TransferRetryRequest,
) -> Result<TransferRetried, CommandError> {
    let scope = request.job.map_or(RetryScope::AllFailed, RetryScope::One);
    let jobs = workspace
        .cache()
        .with_conn(|c| {
            let tx = c.unchecked_transaction()?;
            let ids = status::retry(&tx, scope, Utc::now())?;
            tx.commit()?;
            Ok(ids)
        })
        .map_err(db("retry transfer jobs"))?;
    Ok(TransferRetried { jobs })
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TransferCancelRequest {
    pub job: i64,
}

/// What cancelling did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TransferCancelled {
    /// It will not run (nor will what waited for it).
    Cancelled,
    /// It is running: it stops before its next remote write.
    Stopping,
    /// It had finished already.
    AlreadyFinished,
}

pub async fn cancel(
    workspace: &Workspace,
    request: TransferCancelRequest,
) -> Result<TransferCancelled, CommandError> {
    let outcome = workspace
        .cache()
        .with_conn(|c| {
            let tx = c.unchecked_transaction()?;
            let outcome = status::cancel(&tx, request.job, Utc::now())?;
            tx.commit()?;
            Ok(outcome)
        })
        .map_err(db("cancel a transfer job"))?;
    match outcome {
        Cancelled::Now => Ok(TransferCancelled::Cancelled),
        Cancelled::Requested => Ok(TransferCancelled::Stopping),
        Cancelled::AlreadyOver(_) => Ok(TransferCancelled::AlreadyFinished),
        Cancelled::NotFound => Err(CommandError::new(
            super::ErrorCode::NotFound,
            format!("there is no transfer job {}: refresh the list", request.job),
        )),
    }
}
