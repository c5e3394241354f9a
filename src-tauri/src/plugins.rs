//! The Tauri plugins, in the order they must run: single-instance first (a second launch on
//! the same workspace hands over to the running window and exits before anything else
//! starts), then window-state (size and position kept between runs), then log (the
//! webview's log records go into the workspace's log file through core's tracing).

use std::path::Path;
use tauri::{Builder, Manager, Runtime, Wry};

pub(crate) fn register(builder: Builder<Wry>, data_dir: Option<&Path>) -> Builder<Wry> {
    builder
        .plugin(single_instance(data_dir))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(
            // core's tracing subscriber already receives `log` records and writes the file.
            tauri_plugin_log::Builder::new().skip_logger().build(),
        )
}

fn single_instance<R: Runtime>(data_dir: Option<&Path>) -> tauri::plugin::TauriPlugin<R> {
    let builder = tauri_plugin_single_instance::Builder::new().callback(|app, _args, _cwd| {
        tracing::info!("Shelflink was started again; showing the open window");
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
    });
    // One instance per workspace: the demo and a real workspace may run side by side.
    #[cfg(target_os = "linux")]
    let builder = match data_dir {
        Some(dir) => builder.dbus_id(shelflink::paths::instance_id(dir)),
        None => builder,
    };
    #[cfg(not(target_os = "linux"))]
    let _ = data_dir;
    builder.build()
}
