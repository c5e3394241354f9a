//! The one declared list of UI→core calls, and of core→UI events.
//!
//! Each command is declared once below with its request and response type (both deriving
//! `serde` and `ts_rs::TS`); that single line gives the dispatcher ([`dispatch`]) the app's
//! one Tauri command calls, the list of names, and the TypeScript bindings in
//! `ui/src/bindings/` (`commands.ts` maps each name to its types; `shelflink bindings export`
//! writes them, `shelflink bindings check` fails when the committed ones are stale).
//!
//! Adding a command: write `src/commands/<name>.rs` with the request and response types and
//! `pub async fn run(&Workspace, Request) -> Result<Response, CommandError>`, add one line to
//! `declare_commands!`, run `make bindings`, and call it from the UI through `Backend`.

mod app_status;
pub mod bindings;
mod declare;
mod error;
pub mod events;

pub use app_status::{AppStatus, AppStatusRequest};
pub use error::{CommandError, ErrorCode};

use crate::workspace::Workspace;

declare::declare_commands! {
    /// The app version, the data folder, whether it is the demo workspace, the cache schema
    /// version and how much the cache holds.
    app_status(AppStatusRequest) -> AppStatus = app_status::run;
}

declare::declare_events! {}

fn decode_request<T: serde::de::DeserializeOwned>(
    command: &str,
    request: serde_json::Value,
) -> Result<T, CommandError> {
    serde_json::from_value(request).map_err(|err| CommandError::invalid_request(command, err))
}

fn encode_response<T: serde::Serialize>(
    command: &str,
    response: &T,
) -> Result<serde_json::Value, CommandError> {
    serde_json::to_value(response).map_err(|err| {
        CommandError::internal(format!("cannot encode the {command} response: {err}"))
    })
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
