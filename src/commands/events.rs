//! Core→UI events: each declared once in `declare_events!` (mod.rs) with its payload type,
//! emitted through [`crate::workspace::Workspace::emit`], delivered by whatever
//! [`EventSink`] the host attached (the app forwards them to its window).

use serde::Serialize;
use serde_json::Value;
use std::sync::Mutex;
use ts_rs::TS;

/// A declared core→UI event; the name is set by `declare_events!`.
pub trait Event: Serialize + TS + 'static {
    const NAME: &'static str;
}

/// Where emitted events go.
pub trait EventSink: Send + Sync {
    fn emit(&self, name: &'static str, payload: Value);
}

/// Drops every event (the CLI, and a workspace no window is attached to).
pub struct NoEvents;

impl EventSink for NoEvents {
    fn emit(&self, _name: &'static str, _payload: Value) {}
}

/// Keeps every event, for tests that check what a command announced.
#[derive(Default)]
pub struct RecordedEvents {
    events: Mutex<Vec<(&'static str, Value)>>,
}

impl RecordedEvents {
    /// The events so far, oldest first, leaving none behind.
    pub fn take(&self) -> Vec<(&'static str, Value)> {
        std::mem::take(&mut *self.events.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

impl EventSink for RecordedEvents {
    fn emit(&self, name: &'static str, payload: Value) {
        self.events
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((name, payload));
    }
}
