//! What the queue tells the UI (declared core→UI events, see `commands`): progress, each
//! job's change, and desktop notifications for the people concerned.

use super::job::JobKind;
use super::status::{JobCounts, JobView};
use serde::Serialize;
use ts_rs::TS;

/// A job running now.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RunningJob {
    pub id: i64,
    pub kind: JobKind,
    pub summary: String,
}

/// The queue as a whole: counts, paused, offline, what runs.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TransferProgress {
    pub counts: JobCounts,
    pub paused: bool,
    /// Set while a service cannot be reached: jobs wait and are tried again.
    pub offline: Option<String>,
    pub running: Vec<RunningJob>,
    /// Jobs finished per second over the last minute.
    pub jobs_per_second: f64,
}

/// One job changed state.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct JobChanged {
    pub job: JobView,
}

/// Something a person should see even when the window is in the background (a product
/// owner told of a replaced image, a share made, a job that needs attention).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DesktopNotification {
    pub title: String,
    pub body: String,
}
