//! Starts and stops core's background work (`shelflink::runtime`) for the app: started a
//! moment after the workspace is open and the window's page has loaded, on Tauri's async
//! runtime, so the window and its first screen come first; stopped when the app exits.

use crate::WorkspaceState;
use shelflink::runtime::Runtime;
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime as TauriRuntime};

/// How long after the window's page has loaded the background work starts: the page's
/// first calls and the first screen's rendering get the machine and the cache to
/// themselves (on 50,000 images the start-up sync and the rights check after it hold the
/// cache for about half a second and made the first calls wait up to 290 ms).
pub const AFTER_PAGE_LOAD: Duration = Duration::from_secs(1);

/// Starts the background work after `delay` (unless the app is closing by then).
pub fn start_after<R: TauriRuntime>(app: &AppHandle<R>, delay: Duration) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(delay).await;
        start(&app);
    });
}

/// Starts the background work of the app's workspace, if it is open and wants it.
pub fn start<R: TauriRuntime>(app: &AppHandle<R>) {
    let state = app.state::<WorkspaceState>();
    if !state.wants_background() || state.is_closing() {
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
    app.state::<WorkspaceState>().closing();
    if let Some(runtime) = app.state::<WorkspaceState>().take_runtime() {
        tauri::async_runtime::block_on(runtime.shutdown());
    }
}
