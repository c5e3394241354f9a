//! The middleware `start` puts in front of each service: rate limit first, then the fault
//! rules. Requests under `/_sim/` are never limited or hit.
//!
//! Status faults (500/502/503/429) answer before the service sees the request, so nothing is
//! written. `reset`, `truncate` and `malformed` let the service handle the request (its
//! write happens) and then break the answer, the case that tests exactly-once delivery.

use super::envelope::error;
use super::rules::Fault;
use super::state::ServiceControl;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;

/// Largest body the layer buffers to break it (renditions and originals fit).
const BODY_LIMIT: usize = 512 * 1024 * 1024;

/// Whether `path` is a simulator control route (exempt from faults and limits).
pub fn is_control(path: &str) -> bool {
    path == "/_sim" || path.starts_with("/_sim/")
}

/// `axum::middleware::from_fn_with_state(control, inject)`.
pub async fn inject(
    State(control): State<Arc<ServiceControl>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if is_control(&path) {
        return next.run(request).await;
    }
    control
        .requests
        .record(request.method().as_str(), &path, request.uri().query());
    let decision = control.decide(request.method().as_str(), &path);
    if let Some(seconds) = decision.rate_limited {
        let message = format!("Too many requests: the limit is exceeded; retry after {seconds} s");
        return error(
            control.service,
            StatusCode::TOO_MANY_REQUESTS,
            &message,
            &path,
            Some(seconds),
        );
    }
    if !decision.latency.is_zero() {
        tokio::time::sleep(decision.latency).await;
    }
    let early =
        |status: StatusCode, message: &str| error(control.service, status, message, &path, None);
    match decision.fault {
        None => next.run(request).await,
        Some(Fault::Status500) => early(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal server error (injected fault)",
        ),
        Some(Fault::Status502) => early(StatusCode::BAD_GATEWAY, "Bad gateway (injected fault)"),
        Some(Fault::Status503) => early(
            StatusCode::SERVICE_UNAVAILABLE,
            "Service unavailable (injected fault)",
        ),
        Some(Fault::TooManyRequests) => {
            let seconds = decision.retry_after;
            let message = format!("Too many requests (injected fault); retry after {seconds} s");
            error(
                control.service,
                StatusCode::TOO_MANY_REQUESTS,
                &message,
                &path,
                Some(seconds),
            )
        }
        Some(broken) => break_body(next.run(request).await, broken).await,
    }
}

async fn break_body(response: Response, fault: Fault) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(err) => {
            return Response::from_parts(
                parts,
                Body::from_stream(futures::stream::iter([Err::<bytes::Bytes, _>(err)])),
            );
        }
    };
    let half = bytes.slice(..bytes.len() / 2);
    let body = match fault {
        Fault::Reset => {
            // Promise the whole length, send half, then fail: the connection is dropped.
            parts
                .headers
                .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
            let aborted = std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "injected connection reset",
            );
            let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = vec![Ok(half), Err(aborted)];
            return Response::from_parts(parts, Body::from_stream(futures::stream::iter(chunks)));
        }
        Fault::Truncate => half,
        _ => {
            let mut garbled = half.to_vec();
            garbled.extend_from_slice(b"\x00<html><body>502 Proxy Error</body></html>\xff");
            garbled.into()
        }
    };
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    Response::from_parts(parts, Body::from(body))
}
