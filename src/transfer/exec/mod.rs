//! Carrying out one job: one small unit per kind. Each looks up the remote state before it
//! writes (the file with this PhotoShelter id, the gallery of this name, the share with
//! these recipients, the task with this id, keywords already there, the product's lists),
//! so an attempt repeated after a crash or a lost answer creates nothing twice and changes
//! nothing already changed. Creates that have no such natural identity are sent with
//! `Replay::Unsafe`, so the client never repeats them blindly: a repeat always comes
//! through the job again, after its look-up.

mod files;
mod keywords;
mod notify;
mod patch;
mod products;
mod share;
mod signal;

use super::clock::Clock;
use super::job::{Job, JobKind, Payload};
use super::queue;
use crate::accounts::Remotes;
use crate::cache::Cache;
use crate::cache::own_writes::{self, OwnWrite};
use crate::net::ApiError;
use serde_json::Value;
use std::path::PathBuf;

/// Why an attempt did not finish the job.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// A call failed; the worker decides from the error whether to wait, retry or stop.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// Cannot go on until a person acts on this.
    #[error("{0}")]
    Attention(String),
    /// The local cache could not be read or written.
    #[error("the local cache could not be used: {0}")]
    Cache(#[from] rusqlite::Error),
    /// A person cancelled the job while it ran.
    #[error("cancelled by a person")]
    Cancelled,
}

/// What a job runs with.
pub struct Context<'a> {
    pub cache: &'a Cache,
    pub remotes: &'a Remotes,
    pub job: &'a Job,
    pub clock: &'a Clock,
    /// A folder for files passing through (downloads), cleaned up by each job.
    pub scratch: &'a std::path::Path,
}

impl Context<'_> {
    /// Stops the job before its next remote write when a person cancelled it.
    pub fn check_cancel(&self) -> Result<(), JobError> {
        let id = self.job.id;
        if self.cache.with_conn(|c| queue::cancel_requested(c, id))? {
            return Err(JobError::Cancelled);
        }
        Ok(())
    }

    /// Records a value this job is about to write (before the call), then checks for a
    /// cancellation: the last moment to stop without writing.
    pub fn about_to_write(&self, write: &OwnWrite) -> Result<(), JobError> {
        self.check_cancel()?;
        let (id, now) = (self.job.id, (self.clock)().to_utc());
        self.cache
            .with_conn(|c| own_writes::record(c, write, Some(id), now))?;
        Ok(())
    }

    /// The `field` of the result of the first job of `kind` this one depends on.
    pub fn dependency_result(
        &self,
        kind: JobKind,
        field: &str,
    ) -> Result<Option<String>, JobError> {
        let id = self.job.id;
        let results = self.cache.with_conn(|c| queue::dependency_results(c, id))?;
        Ok(results
            .into_iter()
            .filter(|(k, _)| *k == kind)
            .find_map(|(_, r)| r?.get(field)?.as_str().map(str::to_owned)))
    }

    /// A path for this job's file `name`, in a folder of the job's own in the scratch
    /// folder: the file keeps its name, which an upload carries on to the other system.
    pub fn scratch_file(&self, name: &str) -> PathBuf {
        let safe: String = name
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || ".-_".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let dir = self.scratch.join(format!("job{}", self.job.id));
        // A folder that cannot be made shows up as the download's error, with the path.
        let _ = std::fs::create_dir_all(&dir);
        dir.join(safe)
    }

    /// Removes a file made at [`Context::scratch_file`] and its folder.
    pub fn remove_scratch(&self, path: &std::path::Path) {
        let _ = std::fs::remove_file(path);
        if let Some(dir) = path.parent() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Runs the job's unit; `Ok` carries what it made or found (the job's `result`).
pub async fn run(ctx: &Context<'_>) -> Result<Value, JobError> {
    match &ctx.job.payload {
        Payload::UploadFile(p) => files::upload(ctx, p).await,
        Payload::Relate(p) => products::relate(ctx, p).await,
        Payload::WriteBack(p) => products::write_back(ctx, p).await,
        Payload::TagKeywords(p) => keywords::tag(ctx, p).await,
        Payload::ReplaceVersion(p) => products::replace(ctx, p).await,
        Payload::Unlink(p) => products::unlink(ctx, p).await,
        Payload::Share(p) => share::share(ctx, p).await,
        Payload::NotifyOwner(p) => notify::notify(ctx, p).await,
        Payload::FlagRights(p) => files::flag(ctx, p).await,
        Payload::ApprovalSignal(p) => signal::mirror(ctx, p).await,
    }
}
