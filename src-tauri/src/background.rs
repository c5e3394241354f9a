//! Starts and stops core's background work (`shelflink::runtime`) for the app: started once
//! the workspace is open and the window's page has loaded, on Tauri's async runtime, so the
//! window and its first screen come first; stopped when the app exits.

use crate::WorkspaceState;
use shelflink::runtime::Runtime;
use tauri::{AppHandle, Manager, Runtime as TauriRuntime};

/// Starts the background work of the app's workspace, if it is open and wants it.
pub fn start<R: TauriRuntime>(app: &AppHandle<R>) {
    let state = app.state::<WorkspaceState>();
    if !state.wants_background() {
        return;
    }
    let Ok(workspace) = state.get().cloned() else {
        return;
    };
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        match Runtime::start(workspace).await {
            Ok(runtime) => app.state::<WorkspaceState>().keep_runtime(runtime),
            Err(err) => tracing::error!("the background work did not start: {err:#}"),
        }
    });
}

/// Stops the background work (running jobs finish, a running sync is cancelled).
pub fn stop<R: TauriRuntime>(app: &AppHandle<R>) {
    if let Some(runtime) = app.state::<WorkspaceState>().take_runtime() {
        tauri::async_runtime::block_on(runtime.shutdown());
    }
}
