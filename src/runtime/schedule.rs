//! The background schedule of an open workspace: the first sync at start, then one every
//! `sync_every_minutes`, and (demo) one shortly after the transfer queue ran empty so the
//! links just pushed read back as confirmed; the rights check after the first sync and then
//! every `rights_check_every_hours`. Everything stops at the next turn when `stop` is
//! cancelled; a sync that is running is cancelled by the runtime's shutdown.

use super::rights_watch;
use super::settings::BackgroundSettings;
use super::status::FirstSync;
use crate::linking::Rules;
use crate::settings::Settings;
use crate::sync::{SyncFinished, SyncPhase};
use crate::transfer::status;
use crate::workspace::Workspace;
use std::time::Duration;
use tokio::time::{Instant, sleep_until};
use tokio_util::sync::CancellationToken;

/// How often the queue is looked at for "ran empty".
const QUEUE_LOOK: Duration = Duration::from_secs(1);

pub(crate) async fn run(
    workspace: Workspace,
    settings: BackgroundSettings,
    stop: CancellationToken,
) {
    let first = first_sync(&workspace, &stop).await;
    if stop.is_cancelled() {
        return;
    }
    if first {
        rights_check(&workspace);
    }
    let now = Instant::now();
    let mut next_sync = settings.sync_every().map(|every| now + every);
    let mut next_rights = now + settings.rights_check_every();
    let mut queue = QueueWatch::new(&workspace);
    loop {
        let wake = [
            next_sync,
            Some(next_rights),
            Some(Instant::now() + QUEUE_LOOK),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or_else(|| Instant::now() + QUEUE_LOOK);
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = sleep_until(wake) => {}
        }
        let now = Instant::now();
        if let Some(after) = settings.sync_after_transfers()
            && queue.ran_empty_for(&workspace, after)
        {
            tracing::info!("the transfer queue ran empty: syncing to read the results back");
            if start_sync(&workspace) {
                queue.synced();
            }
        }
        if let (Some(at), Some(every)) = (next_sync, settings.sync_every())
            && now >= at
        {
            start_sync(&workspace);
            next_sync = Some(now + every);
        }
        if now >= next_rights {
            rights_check(&workspace);
            next_rights = now + settings.rights_check_every();
        }
    }
}

/// Runs the first sync to its end; true when it finished.
async fn first_sync(workspace: &Workspace, stop: &CancellationToken) -> bool {
    let status = workspace.runtime_status();
    status.update(|s| s.first_sync = FirstSync::Running);
    let state = match workspace.sync_slot().start(workspace, false) {
        Ok(task) => tokio::select! {
            joined = task => match joined {
                Ok(finished) => ended(finished),
                Err(err) => FirstSync::Failed {
                    error: format!("the sync stopped abnormally: {err}"),
                },
            },
            _ = stop.cancelled() => return false,
        },
        // Someone started one already (the UI, at once): the first sync is that one.
        Err(_) => {
            while workspace.sync_slot().is_running() {
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_millis(200)) => {}
                    _ = stop.cancelled() => return false,
                }
            }
            match workspace
                .cache()
                .with_conn(crate::cache::catalog::state::last_runs)
            {
                Ok((Some(run), _)) if run.state == "finished" => FirstSync::Finished,
                Ok((Some(run), _)) => FirstSync::Failed {
                    error: run
                        .error
                        .unwrap_or_else(|| format!("the sync ended {}", run.state)),
                },
                Ok((None, _)) => FirstSync::Failed {
                    error: "the sync did not record its run".into(),
                },
                Err(err) => FirstSync::Failed {
                    error: format!("cannot read the sync history: {err}"),
                },
            }
        }
    };
    let done = state == FirstSync::Finished;
    status.update(|s| s.first_sync = state);
    done
}

/// What `finished` means for the first sync.
fn ended(finished: SyncFinished) -> FirstSync {
    match finished.phase {
        SyncPhase::Finished => FirstSync::Finished,
        _ => {
            let error = finished
                .error
                .unwrap_or_else(|| "the sync did not finish".to_string());
            if error == crate::sync::SyncError::NoAccounts.to_string() {
                FirstSync::NotConnected
            } else {
                FirstSync::Failed { error }
            }
        }
    }
}

/// Starts a background sync unless one runs; true when it started.
fn start_sync(workspace: &Workspace) -> bool {
    match workspace.sync_slot().start(workspace, false) {
        Ok(_) => true,
        Err(err) => {
            tracing::debug!("background sync skipped: {err}");
            false
        }
    }
}

/// Flags links by today's rights and sends the notifications due.
pub(crate) fn rights_check(workspace: &Workspace) {
    let rules = match Settings::load(&workspace.settings_file())
        .map_err(anyhow::Error::from)
        .and_then(|s| Rules::from_settings(&s).map_err(anyhow::Error::from))
    {
        Ok(rules) => rules,
        Err(err) => {
            tracing::warn!("rights check skipped: {err:#}");
            return;
        }
    };
    match rights_watch::check(workspace.cache(), &rules) {
        Ok(check) => {
            tracing::info!(
                flagged = check.flagged.len(),
                notifications = check.notifications.len(),
                "rights check done"
            );
            for notification in &check.notifications {
                workspace.emit(notification);
            }
        }
        Err(err) => tracing::warn!("the rights check failed: {err:#}"),
    }
}

/// Notices when the queue ran empty after doing work the last sync has not read back.
struct QueueWatch {
    /// Jobs done as of the last sync this watch started.
    synced_done: u32,
    /// Since when the queue has been empty with new work done.
    empty_since: Option<Instant>,
    done: u32,
}

impl QueueWatch {
    fn new(workspace: &Workspace) -> QueueWatch {
        let done = counts(workspace).map_or(0, |c| c.done);
        QueueWatch {
            synced_done: done,
            empty_since: None,
            done,
        }
    }

    fn ran_empty_for(&mut self, workspace: &Workspace, after: Duration) -> bool {
        let Some(counts) = counts(workspace) else {
            return false;
        };
        self.done = counts.done;
        if counts.open() > 0 || counts.done <= self.synced_done {
            self.empty_since = None;
            return false;
        }
        let since = *self.empty_since.get_or_insert_with(Instant::now);
        since.elapsed() >= after
    }

    fn synced(&mut self) {
        self.synced_done = self.done;
        self.empty_since = None;
    }
}

fn counts(workspace: &Workspace) -> Option<status::JobCounts> {
    workspace
        .cache()
        .with_conn(status::counts)
        .map_err(|err| tracing::warn!("cannot read the transfer queue: {err}"))
        .ok()
}
