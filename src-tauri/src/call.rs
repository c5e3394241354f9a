//! The app's one Tauri command: `call(command, request)` runs a command of the core's
//! declared list (once the workspace is open: a call made while it opens waits for it).
//! Adding a command never touches the shell.

use crate::WorkspaceState;
use serde_json::Value;
use shelflink::commands::{self, CommandError};

#[tauri::command]
pub async fn call(
    state: tauri::State<'_, WorkspaceState>,
    command: String,
    request: Value,
) -> Result<Value, CommandError> {
    let workspace = state.ready().await?;
    let started = std::time::Instant::now();
    let result = commands::dispatch(workspace, &command, request).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    match &result {
        Ok(_) => tracing::debug!(command, ms, "command done"),
        Err(err) => {
            tracing::warn!(command, ms, code = ?err.code, "command failed: {}", err.message)
        }
    }
    result
}
