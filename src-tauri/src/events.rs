//! Core events to the window: each declared core event is emitted to the webview under its
//! declared name with its JSON payload.

use serde_json::Value;
use shelflink::commands::events::EventSink;
use tauri::{AppHandle, Emitter, Runtime};

pub struct WindowEvents<R: Runtime> {
    app: AppHandle<R>,
}

impl<R: Runtime> WindowEvents<R> {
    pub fn new(app: AppHandle<R>) -> WindowEvents<R> {
        WindowEvents { app }
    }
}

impl<R: Runtime> EventSink for WindowEvents<R> {
    fn emit(&self, name: &'static str, payload: Value) {
        if let Err(err) = self.app.emit(name, payload) {
            tracing::warn!(event = name, "cannot send an event to the window: {err}");
        }
    }
}
