//! Which workspace the app opens: with `--demo`, or while no account is connected in the
//! live data folder, the demo workspace (`demo/` inside the data folder); otherwise the
//! live one.

use super::demo;
use crate::settings::Settings;
use crate::workspace::{Workspace, WorkspaceKind};
use anyhow::Context;
use std::path::{Path, PathBuf};

/// The workspace to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub data_dir: PathBuf,
    pub kind: WorkspaceKind,
}

/// The demo when asked for, or when the live data folder in `base` has no account yet
/// (a settings file that cannot be read opens the live workspace, which says why).
pub fn choose(base: &Path, demo: bool) -> Choice {
    let live_has_accounts = || match Settings::load(&crate::paths::settings_file(base)) {
        Ok(settings) => !settings.accounts.is_empty(),
        Err(err) => {
            tracing::warn!("{err}");
            true
        }
    };
    if demo || !live_has_accounts() {
        Choice {
            data_dir: crate::paths::demo_dir(base),
            kind: WorkspaceKind::Demo,
        }
    } else {
        Choice {
            data_dir: base.to_path_buf(),
            kind: WorkspaceKind::Live,
        }
    }
}

/// Opens the chosen workspace; a demo folder is reset first (`demo::reset_folder`). Call it
/// only once this process is the one instance of that workspace.
pub fn open(choice: &Choice) -> anyhow::Result<Workspace> {
    if choice.kind == WorkspaceKind::Demo {
        demo::reset_folder(&choice.data_dir)?;
    }
    Workspace::open(&choice.data_dir, choice.kind)
        .with_context(|| format!("opening the workspace in {}", choice.data_dir.display()))
}
