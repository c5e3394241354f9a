//! Error answers: Spring Boot's default error JSON on `/api` (A1) and the legacy envelope
//! with `code != 0` and HTTP 200 on the legacy calls (§10).

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::{Value as Json, json};

/// An `/api` failure. Its response carries the status and message; `spring_errors` turns
/// it into the Spring Boot JSON, which needs the request path.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, message)
    }
    pub fn too_large(message: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, message)
    }
    pub fn unknown_module(module: &str) -> Self {
        Self::not_found(format!("module {module} not found"))
    }
    pub fn unknown_object(module: &str, id: &str) -> Self {
        Self::not_found(format!("object {id} not found in module {module}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = self.status.into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        res.extensions_mut().insert(self);
        res
    }
}

/// The Spring Boot error body: `{"timestamp","status","error","message","path"}`.
pub fn spring_body(status: StatusCode, message: &str, path: &str, at: DateTime<Utc>) -> Json {
    json!({
        "timestamp": at.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string(),
        "status": status.as_u16(),
        "error": status.canonical_reason().unwrap_or("Error"),
        "message": message,
        "path": path,
    })
}

/// Middleware for `/api` and the control routes: renders `ApiError`s, and the router's own
/// plain-text refusals (unknown path, wrong method, unreadable path or body), as Spring Boot
/// error JSON.
pub async fn spring_errors(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let known = res
        .extensions()
        .get::<ApiError>()
        .map(|e| e.message.clone());
    if known.is_none() && is_json {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let message = match known {
        Some(m) => m,
        None => {
            let text = axum::body::to_bytes(body, 64 * 1024)
                .await
                .unwrap_or_default();
            let text = String::from_utf8_lossy(&text).trim().to_owned();
            match status {
                _ if !text.is_empty() => text,
                StatusCode::NOT_FOUND => format!("no endpoint {path}"),
                StatusCode::METHOD_NOT_ALLOWED => format!("method not allowed on {path}"),
                _ => status.canonical_reason().unwrap_or("error").to_owned(),
            }
        }
    };
    let body = spring_body(status, &message, &path, Utc::now()).to_string();
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(body))
}

/// Legacy result codes (§10).
pub const UNDEFINED_ERROR: i64 = -1;
pub const PARAMETER_NOT_SET: i64 = 1;
pub const FUNCTION_NOT_IMPLEMENTED: i64 = 2;

/// The `info` block of the legacy envelope.
pub fn legacy_info(started: DateTime<Utc>) -> Json {
    let micros = (Utc::now() - started)
        .num_microseconds()
        .unwrap_or(0)
        .max(0);
    json!({
        "start_execution": started.format("%Y-%m-%d %H:%M:%S").to_string(),
        "microseconds": micros.to_string(),
    })
}

/// A legacy failure: HTTP 200, `{"code": c, "message": m, "info": {…}}`.
#[derive(Debug, Clone)]
pub struct LegacyError {
    pub code: i64,
    pub message: String,
}

impl LegacyError {
    pub fn undefined(message: impl Into<String>) -> Self {
        Self {
            code: UNDEFINED_ERROR,
            message: message.into(),
        }
    }
    pub fn parameter_not_set(what: &str) -> Self {
        Self {
            code: PARAMETER_NOT_SET,
            message: format!("parameter not set: {what}"),
        }
    }
    pub fn not_implemented(method: &str) -> Self {
        Self {
            code: FUNCTION_NOT_IMPLEMENTED,
            message: format!("function not implemented: {method}"),
        }
    }

    pub fn body(&self, started: DateTime<Utc>) -> Json {
        json!({"info": legacy_info(started), "code": self.code, "message": self.message})
    }
}
