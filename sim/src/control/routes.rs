//! Control routes served on each service's port under `/_sim/`: the write log
//! (`GET /_sim/writes[?service=photoshelter|allportal]`, `POST /_sim/writes/clear`) and that
//! service's fault rules (`GET|PUT /_sim/faults`, JSON `FaultConfig`, or a SPEC as
//! `text/plain`) and the requests it received (`GET /_sim/requests`,
//! `POST /_sim/requests/clear`). Other `/_sim/…` paths fall through to the service's own
//! router.

use super::rules::{FaultConfig, parse_spec};
use super::state::ServiceControl;
use super::writelog::{Service, WriteLog};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

#[derive(Clone)]
struct Ctl {
    control: Arc<ServiceControl>,
    writes: WriteLog,
}

/// The control router of one service.
pub fn router(control: Arc<ServiceControl>, writes: WriteLog) -> Router {
    Router::new()
        .route("/_sim/writes", get(list_writes))
        .route("/_sim/writes/clear", post(clear_writes))
        .route("/_sim/faults", get(get_faults).put(put_faults))
        .route("/_sim/requests", get(list_requests))
        .route("/_sim/requests/clear", post(clear_requests))
        .with_state(Ctl { control, writes })
}

#[derive(Deserialize)]
struct WritesQuery {
    service: Option<Service>,
}

async fn list_writes(State(ctl): State<Ctl>, Query(query): Query<WritesQuery>) -> Response {
    let records: Vec<_> = ctl
        .writes
        .all()
        .into_iter()
        .filter(|r| query.service.is_none_or(|s| s == r.service))
        .collect();
    Json(records).into_response()
}

async fn clear_writes(State(ctl): State<Ctl>) -> Response {
    let cleared = ctl.writes.all().len();
    ctl.writes.clear();
    Json(json!({"cleared": cleared})).into_response()
}

async fn list_requests(State(ctl): State<Ctl>) -> Response {
    Json(ctl.control.requests.all()).into_response()
}

async fn clear_requests(State(ctl): State<Ctl>) -> Response {
    Json(json!({"cleared": ctl.control.requests.clear()})).into_response()
}

async fn get_faults(State(ctl): State<Ctl>) -> Response {
    Json(ctl.control.get()).into_response()
}

async fn put_faults(State(ctl): State<Ctl>, headers: HeaderMap, body: Bytes) -> Response {
    let plain = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    let config = if plain {
        let text = String::from_utf8_lossy(&body);
        parse_spec(&text).map(|rules| FaultConfig {
            rules: rules
                .into_iter()
                .filter(|(s, _)| *s == ctl.control.service)
                .map(|(_, r)| r)
                .collect(),
            rate_limit: ctl.control.get().rate_limit,
        })
    } else {
        serde_json::from_slice::<FaultConfig>(&body)
            .map_err(|e| format!("the body is not a fault configuration: {e}"))
    };
    match config {
        Ok(config) => {
            ctl.control.set(config);
            Json(ctl.control.get()).into_response()
        }
        Err(message) => (StatusCode::BAD_REQUEST, Json(json!({"error": message}))).into_response(),
    }
}
