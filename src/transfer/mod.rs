//! The durable outbox: every remote write Shelflink makes is a job in the cache, committed
//! before it runs and carried out with its effect exactly once.
//!
//! - `job`: kinds, states, payloads, idempotency keys and locks;
//! - `queue`: the jobs table (queue, pick, record attempts, resume, cancel, retry);
//! - `gate`: the approval and rights check just before each attempt;
//! - `exec`: one unit per kind, each looking up the remote state before it writes;
//! - `product_lists`: read-modify-write of a product's image lists, kept aligned;
//! - `worker`: the tokio worker (concurrency, locks, backoff, offline, progress);
//! - `status`: counts, pause/resume, retry, cancel; `events`: what the UI is told;
//! - `catalog`, `clock`: the catalog rows it reads and writes, and time. What a job is about
//!   to write is recorded first through `cache::own_writes`, so sync does not echo it.
//!
//! The operations that queue jobs (link, unlink, approve, flag, share) are in `linking`.

pub mod catalog;
pub mod clock;
pub mod events;
pub mod exec;
pub mod gate;
pub mod job;
pub mod product_lists;
pub mod queue;
pub mod settings;
pub mod status;
pub mod worker;

pub use events::{DesktopNotification, JobChanged, RunningJob, TransferProgress};
pub use job::{Job, JobKind, JobState, NewJob, Payload, RightsFlag};
pub use queue::{Cancelled, Enqueued, Finish, JobFilter, RetryScope};
pub use status::{JobCounts, JobView};
pub use worker::{RunReport, RunUntil, Worker, WorkerConfig, WorkerError};

/// Attempts a job gets before it is given up (the worker's default).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 8;
