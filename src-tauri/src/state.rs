//! The workspace the app runs on, opened once at start. When it cannot be opened the app
//! still starts, and every call answers with the reason, which the UI shows.

use crate::Options;
use shelflink::commands::CommandError;
use shelflink::logging::LogGuard;
use shelflink::workspace::{Workspace, WorkspaceKind};
use shelflink::{logging, paths};
use std::path::PathBuf;

/// The open workspace, or why it could not be opened.
pub struct WorkspaceState {
    workspace: Result<Workspace, String>,
}

impl WorkspaceState {
    pub fn opened(workspace: Workspace) -> WorkspaceState {
        WorkspaceState {
            workspace: Ok(workspace),
        }
    }

    pub fn failed(reason: impl Into<String>) -> WorkspaceState {
        WorkspaceState {
            workspace: Err(reason.into()),
        }
    }

    pub fn get(&self) -> Result<&Workspace, CommandError> {
        self.workspace
            .as_ref()
            .map_err(CommandError::workspace_unavailable)
    }

    /// The data folder, when the workspace is open.
    pub fn data_dir(&self) -> Option<PathBuf> {
        self.workspace
            .as_ref()
            .ok()
            .map(|ws| ws.data_dir().to_path_buf())
    }
}

pub(crate) struct Opened {
    pub workspace: WorkspaceState,
    pub log: Option<LogGuard>,
}

/// Finds the data folder, starts the log there and opens the workspace.
pub(crate) fn open(options: &Options) -> Opened {
    let kind = if options.demo {
        WorkspaceKind::Demo
    } else {
        WorkspaceKind::Live
    };
    let data_dir = match paths::data_dir() {
        Ok(base) if options.demo => paths::demo_dir(&base),
        Ok(base) => base,
        Err(err) => {
            eprintln!("shelflink-app: {err:#}");
            return Opened {
                workspace: WorkspaceState::failed(format!("{err:#}")),
                log: None,
            };
        }
    };
    let log = match logging::init(&paths::logs_dir(&data_dir)) {
        Ok(guard) => Some(guard),
        Err(err) => {
            eprintln!("shelflink-app: logging to the data folder is off: {err:#}");
            None
        }
    };
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        demo = options.demo,
        "starting"
    );
    let workspace = match Workspace::open(&data_dir, kind) {
        Ok(workspace) => WorkspaceState::opened(workspace),
        Err(err) => {
            tracing::error!("cannot open the workspace: {err}");
            WorkspaceState::failed(err.to_string())
        }
    };
    Opened { workspace, log }
}
