//! The Shelflink desktop shell. It holds no logic: it opens the workspace, turns the UI's
//! calls into core commands (one Tauri command, [`call::call`]), core events into window
//! events ([`events::WindowEvents`]) and `thumb:` requests into core's thumbnail answers
//! ([`thumbs`]). Everything else lives in the `shelflink` crate.

pub mod call;
pub mod events;
mod options;
mod plugins;
pub mod state;
pub mod thumbs;

pub use options::Options;
pub use state::WorkspaceState;

use std::process::ExitCode;
use std::sync::Arc;
use tauri::{Builder, Manager, Runtime};

/// Registers the app's command, the `thumb` scheme and the state on `builder`: shared by the
/// app and the command tests (which run it on Tauri's mock runtime).
pub fn configure<R: Runtime>(builder: Builder<R>, workspace: WorkspaceState) -> Builder<R> {
    thumbs::register(builder)
        .manage(workspace)
        .invoke_handler(tauri::generate_handler![call::call])
        .setup(|app| {
            if let Ok(workspace) = app.state::<WorkspaceState>().get() {
                workspace.attach_events(Arc::new(events::WindowEvents::new(app.handle().clone())));
            }
            Ok(())
        })
}

/// Runs the app until its window is closed.
pub fn run() -> ExitCode {
    let options = Options::from_args();
    let opened = state::open(&options);
    let builder = plugins::register(tauri::Builder::default(), &opened.workspace);
    let app = match configure(builder, opened.workspace)
        .build(tauri::generate_context!("../tauri.conf.json"))
    {
        Ok(app) => app,
        Err(err) => {
            tracing::error!("cannot start the window: {err}");
            eprintln!("shelflink-app: cannot start the window: {err}");
            return ExitCode::FAILURE;
        }
    };
    let code = app.run_return(|_, _| {});
    tracing::info!(code, "app closed");
    // Flushes the log file.
    drop(opened.log);
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
