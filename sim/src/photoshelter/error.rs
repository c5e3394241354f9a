//! The PhotoShelter error envelope (ASSUMPTIONS P1):
//! `{"status":"error","error":{"class":C,"message":M}}` with the HTTP status of its class.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub class: &'static str,
    pub message: String,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    fn new(status: StatusCode, class: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            class,
            message: message.into(),
        }
    }

    /// 401: no token, an unknown token or one that expired while idle.
    pub fn session_required(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "SessionRequiredErr", message)
    }

    /// 401: wrong e-mail or password on `mem/authenticate`.
    pub fn bad_credentials() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "InvalidCredentialsErr",
            "E-mail or password is wrong; check the account's credentials and log in again",
        )
    }

    /// 403: missing or wrong API key.
    pub fn api_key(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "InvalidApiKeyErr", message)
    }

    /// 403: the object or organisation is outside what the session may see.
    pub fn permission(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "PermissionErr", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NotFoundErr", message)
    }

    pub fn param(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "ParamErr", message)
    }

    pub fn server(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "ServerErr", message)
    }

    pub fn body(&self) -> serde_json::Value {
        json!({"status": "error", "error": {"class": self.class, "message": self.message}})
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body())).into_response()
    }
}

/// `{"status":"ok","data":data}`.
pub fn ok(data: serde_json::Value) -> Response {
    axum::Json(json!({"status": "ok", "data": data})).into_response()
}
