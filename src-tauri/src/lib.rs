//! The Shelflink desktop shell. It holds no logic: it opens the workspace (beside the
//! window's start, [`state`]), starts and stops
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
use tauri::webview::PageLoadEvent;
use tauri::{AppHandle, Builder, Manager, RunEvent, Runtime};

/// Registers the app's command, the `thumb` scheme and the state on `builder`: shared by the
/// app and the command tests (which run it on Tauri's mock runtime). Once the workspace is
/// open and the main window's page has loaded, core events go to the window and the
/// background work starts (when the state asks for it): [`workspace_opened`].
pub fn configure<R: Runtime>(builder: Builder<R>, workspace: WorkspaceState) -> Builder<R> {
    thumbs::register(builder)
        .manage(workspace)
        .invoke_handler(tauri::generate_handler![call::call])
        .on_page_load(|webview, payload| {
            if webview.label() == "main" && payload.event() == PageLoadEvent::Finished {
                let app = webview.app_handle();
                app.state::<WorkspaceState>().page_loaded();
                workspace_opened(app);
            }
        })
}

/// Connects the open workspace to the window (core events become window events) and
/// starts its background work (the start-up sync among it) [`background::AFTER_PAGE_LOAD`]
/// later, once: after the window's page has loaded, so the window and its first screen
/// come first. The page's load and the thread that opens the workspace both call it; the
/// one that comes when both are done does it.
pub fn workspace_opened<R: Runtime>(app: &AppHandle<R>) {
    let Some(workspace) = app.state::<WorkspaceState>().claim_to_connect().cloned() else {
        return;
    };
    workspace.attach_events(Arc::new(events::WindowEvents::new(app.clone())));
    background::start_after(app, background::AFTER_PAGE_LOAD);
}

/// Runs the app until its window is closed.
pub fn run() -> ExitCode {
    let started = std::time::Instant::now();
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
    // Opening reads the cache (and resets the demo): beside the window and the page, whose
    // first calls wait for it, rather than before the event loop runs (Tauri creates the
    // window once the loop runs).
    let handle = app.handle().clone();
    let at_exit = app.handle().clone();
    let (choice, error) = (chosen.choice.clone(), chosen.error.clone());
    let opening = std::thread::Builder::new()
        .name("open-workspace".into())
        .spawn(move || {
            state::open(&handle.state::<WorkspaceState>(), choice, error);
            workspace_opened(&handle);
        });
    let opening = match opening {
        Ok(thread) => Some(thread),
        Err(err) => {
            tracing::error!("cannot start the thread that opens the workspace: {err}");
            app.state::<WorkspaceState>().fill(Err(format!(
                "the app could not start opening the workspace ({err}): start it again"
            )));
            None
        }
    };
    let code = app.run_return(move |app, event| match event {
        // The start-up's own part, before the webview loads the page.
        RunEvent::Ready => tracing::info!(
            ms = started.elapsed().as_secs_f64() * 1000.0,
            "the window is created"
        ),
        RunEvent::Exit => background::stop(app),
        _ => {}
    });
    // A window closed while the workspace was still opening: the background work it then
    // started stops too.
    if let Some(thread) = opening
        && thread.join().is_err()
    {
        tracing::error!("opening the workspace panicked");
    }
    background::stop(&at_exit);
    tracing::info!(code, "app closed");
    // Flushes the log file.
    drop(chosen.log);
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
