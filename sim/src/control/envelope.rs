//! Error responses in each service's own envelope (ASSUMPTIONS.md P1 and A1), for injected
//! failures and the rate limit.

use super::writelog::Service;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error answer of `service` with `status`, `message` and, for 429, `Retry-After`.
pub fn error(
    service: Service,
    status: StatusCode,
    message: &str,
    path: &str,
    retry_after: Option<u64>,
) -> Response {
    let body = match service {
        Service::Photoshelter => {
            let class = match status {
                StatusCode::TOO_MANY_REQUESTS => "RateLimitErr",
                _ => "ServerErr",
            };
            json!({"status": "error", "error": {"class": class, "message": message}})
        }
        Service::Allportal => json!({
            "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "status": status.as_u16(),
            "error": status.canonical_reason().unwrap_or("Error"),
            "message": message,
            "path": path,
        }),
    };
    let mut response = (status, axum::Json(body)).into_response();
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}
