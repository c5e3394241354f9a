//! The routes of the simulated instance: the open API under `/api` (Spring Boot error JSON),
//! the legacy RPC calls under `/service` and `/rest` (envelope with `code`), and the test
//! controls under `/_sim`.

mod control;
mod legacy;
mod media;
mod modules;
mod objects;
mod upload;

use super::AllportalSim;
use super::auth::{Principal, Refusal};
use super::errors::{ApiError, spring_errors};
use super::schema::{self, ModuleDef};
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts};
use axum::http::{header, request::Parts};
use axum::routing::{get, post, put};
use std::sync::Arc;

/// JSON bodies (PATCH batches, legacy calls) may be this large.
const JSON_BODY_LIMIT: usize = 64 * 1024 * 1024;

pub fn router(sim: Arc<AllportalSim>) -> Router {
    let api = Router::new()
        .route(
            "/health",
            get(|| async { axum::Json(serde_json::json!({"status": "UP"})) }),
        )
        .route("/api/modules/{module}", get(modules::metadata))
        .route(
            "/api/modules/{module}/objects",
            get(objects::list).patch(objects::patch),
        )
        .route(
            "/api/modules/{module}/objects/{id}",
            get(objects::get_one).delete(objects::delete),
        )
        .route("/api/modules/{module}/objects/{id}/media", get(media::list))
        .route(
            "/api/modules/{module}/objects/{id}/media/{usage}",
            get(media::download)
                .put(upload::replace)
                .layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/api/modules/file/upload",
            post(upload::upload).layer(DefaultBodyLimit::disable()),
        )
        .route("/api/{*rest}", axum::routing::any(not_found))
        .layer(axum::middleware::from_fn(spring_errors));
    let legacy = Router::new()
        .route("/service/usermanagement/login", post(legacy::login))
        .route("/rest/LoginRemoteService/logout", post(legacy::logout))
        .route("/rest/PAPRemoteService/{method}", post(legacy::pap));
    let control = Router::new()
        .route("/_sim/sessions/expire", post(control::expire_sessions))
        .route(
            "/_sim/allportal/settings",
            get(control::settings).put(control::set_settings),
        )
        .route("/_sim/allportal/accounts", post(control::account))
        .route(
            "/_sim/allportal/modules/{module}/objects",
            axum::routing::patch(control::patch),
        )
        .route(
            "/_sim/allportal/modules/{module}/objects/{id}",
            axum::routing::delete(control::delete),
        )
        .route(
            "/_sim/allportal/modules/file/objects/{id}/media/original",
            put(control::replace).layer(DefaultBodyLimit::disable()),
        )
        .layer(axum::middleware::from_fn(spring_errors));
    api.merge(legacy)
        .merge(control)
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        .with_state(sim)
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!("no endpoint {}", uri.path()))
}

/// The module named in the path, or 404.
fn module_def(name: &str) -> Result<&'static ModuleDef, ApiError> {
    schema::module(name).ok_or_else(|| ApiError::unknown_module(name))
}

/// The `CESESSID` cookie value, if sent.
fn session_cookie(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == "CESESSID")
        .map(|(_, v)| v.to_owned())
}

/// `/api` authentication (§2.5): a Bearer API key, else the session cookie.
impl FromRequestParts<Arc<AllportalSim>> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        sim: &Arc<AllportalSim>,
    ) -> Result<Self, ApiError> {
        let refusal = |r: Refusal| ApiError::unauthorized(r.message());
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let value = value.to_str().unwrap_or_default();
            let key = value
                .split_once(' ')
                .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
                .map(|(_, key)| key.trim())
                .ok_or_else(|| {
                    ApiError::unauthorized("Authorization must be `Bearer <API key>`")
                })?;
            return sim.auth.lock().by_key(key).map_err(refusal);
        }
        match session_cookie(parts) {
            Some(sid) => sim.auth.lock().by_session(&sid).map_err(refusal),
            None => Err(refusal(Refusal::Missing)),
        }
    }
}

/// Query parameters in order, repeated keys kept (`fields=a&fields=b`).
fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

fn query_all(pairs: &[(String, String)], key: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .collect()
}

fn query_one<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}
