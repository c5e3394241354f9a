//! The Shelflink desktop shell. It holds no logic: it opens the workspace, starts and stops
//! core's background work ([`background`]), turns the UI's calls into core commands (one
//! Tauri command, [`call::call`]), core events into window events
//! ([`events::WindowEvents`]) and `thumb:` requests into core's thumbnail answers
//! ([`thumbs`]). Everything else lives in the `shelflink` crate.

pub mod background;
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
use tauri::{Builder, Manager, RunEvent, Runtime};

/// Registers the app's command, the `thumb` scheme and the state on `builder`: shared by the
/// app and the command tests (which run it on Tauri's mock runtime). At setup, core events
/// go to the window and the background work starts (when the state asks for it).
pub fn configure<R: Runtime>(builder: Builder<R>, workspace: WorkspaceState) -> Builder<R> {
    thumbs::register(builder)
        .manage(workspace)
        .invoke_handler(tauri::generate_handler![call::call])
        .setup(|app| {
            if let Ok(workspace) = app.state::<WorkspaceState>().get() {
                workspace.attach_events(Arc::new(events::WindowEvents::new(app.handle().clone())));
            }
            background::start(app.handle());
            Ok(())
        })
}

/// Runs the app until its window is closed.
pub fn run() -> ExitCode {
    shelflink::thumbs::keep_freed_memory();
    let options = Options::from_args();
    let chosen = state::choose(&options);
    let data_dir = chosen.choice.as_ref().map(|c| c.data_dir.clone());
    let builder = plugins::register(tauri::Builder::default(), data_dir.as_deref());
    // Building runs single-instance: a second launch on this workspace exits in there.
    let app = match configure(builder, WorkspaceState::pending(true))
        .build(tauri::generate_context!("../tauri.conf.json"))
    {
        Ok(app) => app,
        Err(err) => {
            tracing::error!("cannot start the window: {err}");
            eprintln!("shelflink-app: cannot start the window: {err}");
            return ExitCode::FAILURE;
        }
    };
    state::open(&app.state::<WorkspaceState>(), &chosen);
    let code = app.run_return(|app, event| {
        if let RunEvent::Exit = event {
            background::stop(app);
        }
    });
    tracing::info!(code, "app closed");
    // Flushes the log file.
    drop(chosen.log);
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
