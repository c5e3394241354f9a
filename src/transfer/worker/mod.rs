//! The worker: takes jobs from the outbox and carries them out, on tokio.
//!
//! - one worker per workspace (`lock`); on start, jobs a crash left running are queued
//!   again (each looks up the remote state before it writes, so resuming is safe);
//! - a job starts when it is due, every job it depends on is done, no job with its lock
//!   runs, and its service has a free slot (per-service concurrency); the request rate per
//!   service is capped in the clients (`NetConfig::rate_limit`);
//! - just before it starts, the gate checks the asset's approval and rights again;
//! - retries: the clients' policy retries single calls, the worker retries the job with
//!   backoff up to `max_attempts` (`outcome`); a service that cannot be reached makes jobs
//!   wait, not fail;
//! - pause, resume, cancel and retry act on the cache (`status`), so they work from any
//!   process; progress goes out as declared events.

mod effects;
pub mod lock;
pub mod outcome;

use super::clock::{Clock, local_clock};
use super::events::{DesktopNotification, JobChanged, RunningJob, TransferProgress};
use super::exec::{self, Context, JobError};
use super::gate;
use super::job::Job;
use super::queue::{self, Finish};
use super::status::{self, JobCounts, JobView};
use crate::accounts::Remotes;
use crate::cache::CacheError;
use crate::net::Service;
use crate::rights::RightsPolicy;
use crate::workspace::Workspace;
use chrono::Utc;
use lock::{LockError, WorkerLock};
use outcome::{Backoff, Decide};
use serde_json::Value;
use std::collections::{HashMap, HashSet, VecDeque};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// How the worker runs.
#[derive(Clone)]
pub struct WorkerConfig {
    /// Jobs writing to PhotoShelter at once.
    pub photoshelter_jobs: usize,
    /// Jobs writing to 4ALLPORTAL at once.
    pub allportal_jobs: usize,
    pub backoff: Backoff,
    /// How long jobs wait when a service cannot be reached, before they are tried again.
    pub offline_wait: Duration,
    /// How often the queue is looked at when nothing else wakes the worker (jobs queued by
    /// another process, a pause lifted).
    pub poll: Duration,
    /// Progress events at most this often.
    pub progress_every: Duration,
    pub policy: RightsPolicy,
    /// "Today" for the rights verdict (the local clock).
    pub today: Clock,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        Self {
            photoshelter_jobs: 4,
            allportal_jobs: 4,
            backoff: Backoff::default(),
            offline_wait: Duration::from_secs(15),
            poll: Duration::from_millis(500),
            progress_every: Duration::from_millis(250),
            policy: RightsPolicy::default(),
            today: local_clock(),
        }
    }
}

/// When `run` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunUntil {
    /// When nothing is left that would run without a person (or when stopped).
    Idle,
    /// Only when stopped (the app: new jobs keep coming).
    Stopped,
}

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RunReport {
    /// Jobs a crash had left running, queued again at the start.
    pub resumed: Vec<i64>,
    /// Attempts made in this run.
    pub attempts: u64,
    pub done: u64,
    pub retries: u64,
    pub held: u64,
    /// The queue at the end.
    pub counts: JobCounts,
}

#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error("cannot prepare the folder for files in transit {}: {source}", path.display())]
    Scratch {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn cache_err(action: &'static str) -> impl FnOnce(rusqlite::Error) -> CacheError {
    CacheError::query(action)
}

/// What the loop keeps between turns.
struct Turn {
    running: HashMap<i64, Job>,
    locks: HashSet<String>,
    offline_until: Option<(Instant, Service)>,
    finished_at: VecDeque<Instant>,
    last_progress: Option<Instant>,
    report: RunReport,
}

pub struct Worker {
    workspace: Workspace,
    remotes: Remotes,
    config: WorkerConfig,
}

impl Worker {
    pub fn new(workspace: Workspace, remotes: Remotes, config: WorkerConfig) -> Self {
        Self {
            workspace,
            remotes,
            config,
        }
    }

    /// Carries out jobs until `until` (or `stop`); running jobs finish before it returns.
    pub async fn run(
        &self,
        until: RunUntil,
        stop: CancellationToken,
    ) -> Result<RunReport, WorkerError> {
        let _lock = WorkerLock::acquire(self.workspace.data_dir())?;
        let scratch = self.workspace.data_dir().join("transfer-scratch");
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(&scratch).map_err(|source| WorkerError::Scratch {
            path: scratch.clone(),
            source,
        })?;
        let cache = self.workspace.cache();
        let resumed = cache
            .with_conn(|c| queue::recover(c, Utc::now()))
            .map_err(cache_err("resume the jobs left running"))?;
        if !resumed.is_empty() {
            tracing::info!(
                jobs = resumed.len(),
                "resuming jobs left running by an earlier stop"
            );
        }
        let mut turn = Turn {
            running: HashMap::new(),
            locks: HashSet::new(),
            offline_until: None,
            finished_at: VecDeque::new(),
            last_progress: None,
            report: RunReport {
                resumed,
                ..RunReport::default()
            },
        };
        let mut tasks: JoinSet<(i64, Result<Value, JobError>)> = JoinSet::new();
        loop {
            if !stop.is_cancelled() {
                self.dispatch(&mut turn, &mut tasks, &scratch)?;
            }
            self.progress(&mut turn, false)?;
            if tasks.is_empty() {
                let pending = cache
                    .with_conn(queue::pending)
                    .map_err(cache_err("count the waiting jobs"))?;
                if stop.is_cancelled() || (until == RunUntil::Idle && pending == 0) {
                    break;
                }
            }
            let wait = self.wait_time(&turn)?;
            tokio::select! {
                Some(joined) = tasks.join_next(), if !tasks.is_empty() => {
                    let (id, outcome) = match joined {
                        Ok(done) => done,
                        Err(err) => {
                            tracing::error!("a job task ended abnormally: {err}");
                            continue;
                        }
                    };
                    self.settle(&mut turn, id, outcome)?;
                }
                _ = tokio::time::sleep(wait) => {}
                _ = stop.cancelled(), if !stop.is_cancelled() => {}
            }
        }
        let _ = std::fs::remove_dir_all(&scratch);
        self.progress(&mut turn, true)?;
        turn.report.counts = cache
            .with_conn(status::counts)
            .map_err(cache_err("count the jobs"))?;
        Ok(turn.report)
    }

    fn slots(&self, service: Service) -> usize {
        match service {
            Service::PhotoShelter => self.config.photoshelter_jobs,
            Service::Allportal => self.config.allportal_jobs,
        }
        .max(1)
    }

    fn wait_time(&self, turn: &Turn) -> Result<Duration, WorkerError> {
        let mut wait = self.config.poll;
        if let Some((until, _)) = turn.offline_until {
            wait = wait.min(until.saturating_duration_since(Instant::now()));
        }
        let due = self
            .workspace
            .cache()
            .with_conn(queue::next_due)
            .map_err(cache_err("read when jobs are due"))?;
        if let Some(due) = due {
            let left = (due - Utc::now()).to_std().unwrap_or(Duration::ZERO);
            wait = wait.min(left);
        }
        Ok(wait.max(Duration::from_millis(2)))
    }

    /// Starts every job that may start now.
    fn dispatch(
        &self,
        turn: &mut Turn,
        tasks: &mut JoinSet<(i64, Result<Value, JobError>)>,
        scratch: &std::path::Path,
    ) -> Result<(), WorkerError> {
        if let Some((until, _)) = turn.offline_until {
            if Instant::now() < until {
                return Ok(());
            }
            turn.offline_until = None;
        }
        let cache = self.workspace.cache();
        if cache
            .with_conn(status::is_paused)
            .map_err(cache_err("read whether the queue is paused"))?
        {
            return Ok(());
        }
        let free = self.slots(Service::PhotoShelter) + self.slots(Service::Allportal);
        if turn.running.len() >= free {
            return Ok(());
        }
        let candidates = cache
            .with_conn(|c| queue::ready(c, Utc::now(), (free * 8) as u32 + 16))
            .map_err(cache_err("find the jobs that may start"))?;
        for job in candidates {
            let service = job.service();
            let busy = turn
                .running
                .values()
                .filter(|j| j.service() == service)
                .count();
            if busy >= self.slots(service) {
                continue;
            }
            if job
                .lock_key
                .as_ref()
                .is_some_and(|l| turn.locks.contains(l))
            {
                continue;
            }
            let Some(started) = self.start(&job)? else {
                continue;
            };
            turn.report.attempts += 1;
            if let Some(lock) = &started.lock_key {
                turn.locks.insert(lock.clone());
            }
            let id = started.id;
            turn.running.insert(id, started.clone());
            let (cache, remotes, clock) = (
                self.workspace.clone(),
                self.remotes.clone(),
                self.config.today.clone(),
            );
            let scratch = scratch.to_path_buf();
            tasks.spawn(async move {
                let ctx = Context {
                    cache: cache.cache(),
                    remotes: &remotes,
                    job: &started,
                    clock: &clock,
                    scratch: &scratch,
                };
                (id, exec::run(&ctx).await)
            });
        }
        Ok(())
    }

    /// Claims the job and runs the gate, in one transaction. `None` when it did not start:
    /// taken or cancelled meanwhile, or held by the gate (recorded as needing attention).
    fn start(&self, job: &Job) -> Result<Option<Job>, WorkerError> {
        let now = Utc::now();
        let today = (self.config.today)();
        let policy = &self.config.policy;
        let (claimed, notices) = self
            .workspace
            .cache()
            .with_conn(|c| {
                let tx = c.unchecked_transaction()?;
                if !queue::start(&tx, job.id, now)? {
                    return Ok((None, Vec::new()));
                }
                let mut started = job.clone();
                started.attempts += 1;
                let outcome = match gate::check_job(&tx, &started, &today, policy)? {
                    Ok(()) => (Some(started), Vec::new()),
                    Err(refusal) => {
                        let finish = Finish::Attention {
                            reason: refusal.to_string(),
                        };
                        queue::finish(&tx, job.id, &finish, now)?;
                        let notices = effects::apply(&tx, job, &finish, now)?;
                        (None, notices)
                    }
                };
                tx.commit()?;
                Ok(outcome)
            })
            .map_err(cache_err("start a job"))?;
        if claimed.is_none() {
            self.announce(job.id, notices)?;
        }
        Ok(claimed)
    }

    /// Records how a job's attempt ended.
    fn settle(
        &self,
        turn: &mut Turn,
        id: i64,
        outcome: Result<Value, JobError>,
    ) -> Result<(), WorkerError> {
        let Some(job) = turn.running.remove(&id) else {
            return Ok(());
        };
        if let Some(lock) = &job.lock_key {
            turn.locks.remove(lock);
        }
        let now = Utc::now();
        let cancel_requested = self
            .workspace
            .cache()
            .with_conn(|c| queue::cancel_requested(c, id))
            .map_err(cache_err("read whether a job was cancelled"))?;
        let finish = match &outcome {
            Ok(result) => Finish::Done {
                result: Some(result.clone()),
            },
            Err(_) if cancel_requested => Finish::Cancelled {
                reason: "cancelled by a person".into(),
            },
            Err(err) => Decide {
                job: id,
                attempt: job.attempts,
                max_attempts: job.max_attempts,
                backoff: self.config.backoff,
                offline_wait: self.config.offline_wait,
                now,
            }
            .after(err),
        };
        if let Err(err) = &outcome {
            tracing::warn!(job = id, kind = job.kind.as_str(), "attempt failed: {err}");
        }
        match &finish {
            Finish::Done { .. } => {
                turn.report.done += 1;
                turn.finished_at.push_back(Instant::now());
            }
            Finish::Retry { .. } => turn.report.retries += 1,
            Finish::Offline { .. } => {
                let service = match &outcome {
                    Err(JobError::Api(e)) => e.service(),
                    _ => None,
                }
                .unwrap_or(job.service());
                turn.offline_until = Some((Instant::now() + self.config.offline_wait, service));
                tracing::warn!(%service, "cannot reach {service}: jobs wait and are tried again");
            }
            Finish::Attention { .. } | Finish::GiveUp { .. } => turn.report.held += 1,
            Finish::Cancelled { .. } => {}
        }
        let notices = self
            .workspace
            .cache()
            .with_conn(|c| {
                let tx = c.unchecked_transaction()?;
                queue::finish(&tx, id, &finish, now)?;
                let notices = effects::apply(&tx, &job, &finish, now)?;
                if matches!(finish, Finish::Cancelled { .. }) {
                    status::fail_links_of_cancelled(&tx, now)?;
                }
                tx.commit()?;
                Ok(notices)
            })
            .map_err(cache_err("record how a job ended"))?;
        self.announce(id, notices)
    }

    /// Tells the UI a job changed, and shows the notices.
    fn announce(&self, id: i64, notices: Vec<DesktopNotification>) -> Result<(), WorkerError> {
        let job = self
            .workspace
            .cache()
            .with_conn(|c| queue::get(c, id))
            .map_err(cache_err("read a job"))?;
        if let Some(job) = job {
            self.workspace.emit(&JobChanged {
                job: JobView::from(&job),
            });
        }
        for notice in &notices {
            self.workspace.emit(notice);
        }
        Ok(())
    }

    fn progress(&self, turn: &mut Turn, force: bool) -> Result<(), WorkerError> {
        let now = Instant::now();
        if !force
            && turn
                .last_progress
                .is_some_and(|at| now.duration_since(at) < self.config.progress_every)
        {
            return Ok(());
        }
        turn.last_progress = Some(now);
        let minute = Duration::from_secs(60);
        while turn
            .finished_at
            .front()
            .is_some_and(|at| now.duration_since(*at) > minute)
        {
            turn.finished_at.pop_front();
        }
        let window = turn
            .finished_at
            .front()
            .map(|first| now.duration_since(*first).as_secs_f64())
            .unwrap_or(0.0);
        let jobs_per_second = if window > 0.5 {
            turn.finished_at.len() as f64 / window
        } else {
            0.0
        };
        let (counts, paused) = self
            .workspace
            .cache()
            .with_conn(|c| Ok((status::counts(c)?, status::is_paused(c)?)))
            .map_err(cache_err("count the jobs"))?;
        let mut running: Vec<RunningJob> = turn
            .running
            .values()
            .map(|j| RunningJob {
                id: j.id,
                kind: j.kind,
                summary: j.summary.clone(),
            })
            .collect();
        running.sort_by_key(|j| j.id);
        self.workspace.emit(&TransferProgress {
            counts,
            paused,
            offline: turn
                .offline_until
                .filter(|(until, _)| now < *until)
                .map(|(_, s)| format!("{s} cannot be reached: jobs wait and are tried again")),
            running,
            jobs_per_second,
        });
        Ok(())
    }
}
