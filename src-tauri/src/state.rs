//! The workspace the app runs on and its background work. The app chooses the workspace
//! before the window is built (single-instance needs its data folder) and opens it right
//! after, once this process is known to be the only one on it (opening the demo resets it),
//! on a thread of its own while the window and the page start: calls and thumbnail requests
//! that arrive before it is open wait for it ([`WorkspaceState::ready`]). When it cannot be
//! opened the app still starts, and every call answers with the reason, which the UI shows.

use crate::Options;
use shelflink::commands::CommandError;
use shelflink::logging::LogGuard;
use shelflink::runtime::{self, Choice, Runtime};
use shelflink::workspace::Workspace;
use shelflink::{logging, paths};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use tokio::sync::Notify;

/// The open workspace (or why it could not be opened), and its running background work.
pub struct WorkspaceState {
    workspace: OnceLock<Result<Workspace, String>>,
    /// Wakes the callers of [`WorkspaceState::ready`] once `workspace` is filled.
    filled: Notify,
    /// Whether the background work starts once connected (the app: yes; most shell tests: no).
    background: bool,
    /// Whether the window's page has loaded: the background work waits for it, so the
    /// window and its first screen do not share the machine with the start-up sync.
    page_loaded: AtomicBool,
    /// Whether the open workspace was connected to the window already (the page's load and
    /// the thread that opens the workspace may come in either order).
    connected: AtomicBool,
    /// Whether the app is closing: background work that was still waiting to start stays
    /// off.
    closing: AtomicBool,
    runtime: Mutex<Option<Runtime>>,
}

impl WorkspaceState {
    /// An open workspace without background work.
    pub fn opened(workspace: Workspace) -> WorkspaceState {
        let state = WorkspaceState::pending(false);
        state.fill(Ok(workspace));
        state
    }

    pub fn failed(reason: impl Into<String>) -> WorkspaceState {
        let state = WorkspaceState::pending(false);
        state.fill(Err(reason.into()));
        state
    }

    /// Not open yet; `background`: its background work starts once it is open and the page
    /// loaded.
    pub fn pending(background: bool) -> WorkspaceState {
        WorkspaceState {
            workspace: OnceLock::new(),
            filled: Notify::new(),
            background,
            page_loaded: AtomicBool::new(false),
            connected: AtomicBool::new(false),
            closing: AtomicBool::new(false),
            runtime: Mutex::new(None),
        }
    }

    /// Records the opened workspace (or why it could not be opened); only the first counts.
    pub fn fill(&self, workspace: Result<Workspace, String>) {
        if self.workspace.set(workspace).is_err() {
            tracing::warn!("the workspace was opened already");
        }
        self.filled.notify_waiters();
    }

    /// The workspace once it is open (or why it could not be opened), waiting while it is
    /// still opening.
    pub async fn ready(&self) -> Result<&Workspace, CommandError> {
        loop {
            // Registered before the check, so a fill in between still wakes it.
            let filled = self.filled.notified();
            if self.workspace.get().is_some() {
                return self.get();
            }
            filled.await;
        }
    }

    pub fn get(&self) -> Result<&Workspace, CommandError> {
        match self.workspace.get() {
            Some(result) => result.as_ref().map_err(CommandError::workspace_unavailable),
            None => Err(CommandError::workspace_unavailable(
                "the workspace is still opening: try again in a moment",
            )),
        }
    }

    /// Records that the window's page has loaded.
    pub(crate) fn page_loaded(&self) {
        self.page_loaded.store(true, Ordering::SeqCst);
    }

    /// The open workspace, once the page has loaded too, to whoever asks first: the one
    /// caller that connects it to the window and starts its background work. None before
    /// both, and after that.
    pub(crate) fn claim_to_connect(&self) -> Option<&Workspace> {
        if !self.page_loaded.load(Ordering::SeqCst) {
            return None;
        }
        let workspace = self.get().ok()?;
        (!self.connected.swap(true, Ordering::SeqCst)).then_some(workspace)
    }

    pub(crate) fn closing(&self) {
        self.closing.store(true, Ordering::SeqCst);
    }

    pub(crate) fn is_closing(&self) -> bool {
        self.closing.load(Ordering::SeqCst)
    }

    pub(crate) fn wants_background(&self) -> bool {
        self.background
    }

    pub(crate) fn keep_runtime(&self, runtime: Runtime) {
        *self.runtime.lock().unwrap_or_else(|p| p.into_inner()) = Some(runtime);
    }

    pub(crate) fn take_runtime(&self) -> Option<Runtime> {
        self.runtime
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
    }
}

pub(crate) struct Chosen {
    pub choice: Option<Choice>,
    /// Why there is no choice (no data folder).
    pub error: Option<String>,
    pub log: Option<LogGuard>,
}

/// Finds the data folder, chooses the workspace in it (demo when asked for or while no
/// account is connected) and starts the log in the chosen folder.
pub(crate) fn choose(options: &Options) -> Chosen {
    let base = match paths::data_dir() {
        Ok(base) => base,
        Err(err) => {
            eprintln!("shelflink-app: {err:#}");
            return Chosen {
                choice: None,
                error: Some(format!("{err:#}")),
                log: None,
            };
        }
    };
    let choice = runtime::choose(&base, options.demo);
    let log = match logging::init(&paths::logs_dir(&choice.data_dir)) {
        Ok(guard) => Some(guard),
        Err(err) => {
            eprintln!("shelflink-app: logging to the data folder is off: {err:#}");
            None
        }
    };
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        demo = options.demo,
        kind = ?choice.kind,
        "starting"
    );
    Chosen {
        choice: Some(choice),
        error: None,
        log,
    }
}

/// Opens the chosen workspace into `state` (or records why there is none: `error`).
pub(crate) fn open(state: &WorkspaceState, choice: Option<Choice>, error: Option<String>) {
    let started = std::time::Instant::now();
    let result = match choice {
        Some(choice) => runtime::open(&choice).map_err(|err| {
            tracing::error!("cannot open the workspace: {err:#}");
            format!("{err:#}")
        }),
        None => Err(error.unwrap_or_else(|| "no data folder was found".into())),
    };
    tracing::info!(
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "workspace opening done"
    );
    state.fill(result);
}

#[cfg(test)]
mod tests {
    use super::*;
    use shelflink::workspace::WorkspaceKind;

    #[test]
    fn the_open_workspace_is_connected_to_the_window_once_it_is_open_and_the_page_loaded() {
        let dir = tempfile::tempdir().unwrap();
        let state = WorkspaceState::pending(true);
        state.page_loaded();
        assert!(
            state.claim_to_connect().is_none(),
            "nothing to connect while it opens"
        );

        state.fill(Ok(Workspace::open(dir.path(), WorkspaceKind::Demo).unwrap()));

        let first = state
            .claim_to_connect()
            .expect("the first caller connects it");
        assert_eq!(first.data_dir(), dir.path());
        assert!(
            state.claim_to_connect().is_none(),
            "the second caller leaves it"
        );
    }

    #[test]
    fn an_open_workspace_waits_for_the_page_before_its_background_work_starts() {
        let dir = tempfile::tempdir().unwrap();
        let state = WorkspaceState::pending(true);
        state.fill(Ok(Workspace::open(dir.path(), WorkspaceKind::Demo).unwrap()));
        assert!(
            state.claim_to_connect().is_none(),
            "the page has not loaded yet"
        );

        state.page_loaded();

        assert!(state.claim_to_connect().is_some());
        assert!(state.claim_to_connect().is_none());
    }
}
