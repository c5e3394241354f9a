//! The one error every command returns to the UI: a machine-readable code and a message that
//! says what went wrong and what to do. Messages never carry a secret.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What kind of failure a command reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The UI asked for a command the core does not declare (UI and core out of step).
    UnknownCommand,
    /// The request did not match the command's request type.
    InvalidRequest,
    /// The workspace could not be opened; the message says why.
    WorkspaceUnavailable,
    /// The rules refuse it (an image not approved, rights that do not allow the use, a
    /// deleted product); the message says why and what to do.
    Refused,
    /// What the request names is not there (not synced yet, or deleted).
    NotFound,
    /// The command failed inside core; the message says where.
    Internal,
}

/// A failed command, as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
}

impl CommandError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> CommandError {
        CommandError {
            code,
            message: message.into(),
        }
    }

    pub fn unknown_command(name: &str) -> CommandError {
        CommandError::new(
            ErrorCode::UnknownCommand,
            format!(
                "the core has no command {name:?}; the UI and the core were built from different \
                 versions — rebuild the app"
            ),
        )
    }

    pub fn invalid_request(command: &str, err: impl std::fmt::Display) -> CommandError {
        CommandError::new(
            ErrorCode::InvalidRequest,
            format!("the request for {command} does not match its declared type: {err}"),
        )
    }

    pub fn workspace_unavailable(reason: impl std::fmt::Display) -> CommandError {
        CommandError::new(ErrorCode::WorkspaceUnavailable, reason.to_string())
    }

    pub fn internal(err: impl std::fmt::Display) -> CommandError {
        CommandError::new(ErrorCode::Internal, err.to_string())
    }
}

impl From<crate::cache::CacheError> for CommandError {
    fn from(err: crate::cache::CacheError) -> CommandError {
        CommandError::internal(err)
    }
}
