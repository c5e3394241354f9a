//! Test controls of the 4ALLPORTAL simulator (not part of the real API), on its own port:
//! - `POST /_sim/sessions/expire` (optional `{"session": S}`) expires every (or one) session;
//! - `GET|PUT /_sim/allportal/settings` reads or changes `AllportalSettings` (PUT merges);
//! - `POST /_sim/allportal/accounts` adds or changes a user with password, API key, key
//!   state/validity and module rights (for 401/403 tests);
//! - `PATCH /_sim/allportal/modules/{module}/objects?user=U` is A4 as another user,
//!   `DELETE /_sim/allportal/modules/{module}/objects/{id}?user=U` is A5 as another user,
//!   `PUT /_sim/allportal/modules/file/objects/{id}/media/original?user=U` is A9 as another
//!   user ("someone else changed it"; default user `catalog.editor`). They log and emit
//!   events exactly like the API.

use super::objects::{batch_items, json_response};
use super::upload::replace_as;
use super::{module_def, query_one, query_pairs};
use crate::allportal::auth::{Account, ApiKey, Principal, Right, Rights, is_uuid_v4};
use crate::allportal::errors::ApiError;
use crate::allportal::schema::{self, USER};
use crate::allportal::seed::{EDITOR, user_id};
use crate::allportal::value::parse_time;
use crate::allportal::{AllportalSettings, AllportalSim};
use axum::Json;
use axum::extract::{OriginalUri, Path, RawQuery, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use bytes::Bytes;
use serde::Deserialize;
use serde_json::{Value as Json_, json};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The account a control write acts as (`?user=`, default `catalog.editor`), with every right.
fn acting_user(sim: &AllportalSim, raw: Option<&str>) -> Result<Principal, ApiError> {
    let pairs = query_pairs(raw);
    let username = query_one(&pairs, "user").unwrap_or(EDITOR);
    let auth = sim.auth.lock();
    let account = auth.account_by_name(username).ok_or_else(|| {
        ApiError::bad_request(format!(
            "no user {username}; add it with POST /_sim/allportal/accounts"
        ))
    })?;
    Ok(Principal {
        user_id: account.user_id.clone(),
        username: account.username.clone(),
        rights: Rights::default(),
    })
}

pub async fn expire_sessions(State(sim): State<Arc<AllportalSim>>, body: Bytes) -> Json<Json_> {
    let one = serde_json::from_slice::<Json_>(&body)
        .ok()
        .and_then(|j| j.get("session").and_then(Json_::as_str).map(str::to_owned));
    let expired = sim.auth.lock().expire(one.as_deref());
    Json(json!({"expired": expired}))
}

pub async fn settings(State(sim): State<Arc<AllportalSim>>) -> Json<AllportalSettings> {
    Json(sim.settings())
}

pub async fn set_settings(
    State(sim): State<Arc<AllportalSim>>,
    body: Bytes,
) -> Result<Json<AllportalSettings>, ApiError> {
    let changes: serde_json::Map<String, Json_> = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("settings must be a JSON object: {e}")))?;
    let mut merged = serde_json::to_value(sim.settings()).unwrap_or_default();
    for (k, v) in changes {
        if merged.get(&k).is_none() {
            return Err(ApiError::bad_request(format!("unknown setting `{k}`")));
        }
        merged[k] = v;
    }
    let settings: AllportalSettings = serde_json::from_value(merged)
        .map_err(|e| ApiError::bad_request(format!("bad settings: {e}")))?;
    sim.set_settings(settings.clone());
    Ok(Json(settings))
}

#[derive(Deserialize)]
pub struct AccountRequest {
    username: String,
    password: Option<String>,
    display_name: Option<String>,
    api_key: Option<String>,
    #[serde(default = "yes")]
    enabled: bool,
    valid_from: Option<String>,
    valid_until: Option<String>,
    /// module → rights (`read`, `create`, `edit`, `delete`); absent = every right.
    rights: Option<HashMap<String, Vec<String>>>,
}

fn yes() -> bool {
    true
}

fn time(s: Option<&str>, what: &str) -> Result<Option<chrono::DateTime<chrono::Utc>>, ApiError> {
    s.map(|s| {
        parse_time(s).ok_or_else(|| ApiError::bad_request(format!("`{what}` is not a timestamp")))
    })
    .transpose()
}

pub async fn account(
    State(sim): State<Arc<AllportalSim>>,
    OriginalUri(uri): OriginalUri,
    body: Bytes,
) -> Result<Response, ApiError> {
    let req: AccountRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("bad account request: {e}")))?;
    if let Some(k) = req.api_key.as_deref().filter(|k| !is_uuid_v4(k)) {
        return Err(ApiError::bad_request(format!(
            "API key {k} is not a lowercase UUID v4"
        )));
    }
    let rights = match req.rights {
        None => Rights::default(),
        Some(map) => {
            let mut out = HashMap::new();
            for (module, list) in map {
                let set: Option<HashSet<Right>> = list.iter().map(|r| Right::parse(r)).collect();
                let set = set.ok_or_else(|| {
                    ApiError::bad_request("rights are read, create, edit, delete")
                })?;
                out.insert(module, set);
            }
            Rights(Some(out))
        }
    };
    let (valid_from, valid_until) = (
        time(req.valid_from.as_deref(), "valid_from")?,
        time(req.valid_until.as_deref(), "valid_until")?,
    );
    let id = user_id(&req.username);
    let control = Principal {
        user_id: id.clone(),
        username: "simulator".into(),
        rights: Rights::default(),
    };
    let mut item = json!({"id": id, "username": [{"value": req.username}]});
    let is_new = sim.store.read().get(USER, &id).is_none();
    if let Some(display) = req
        .display_name
        .clone()
        .or(is_new.then(|| req.username.clone()))
    {
        item["display_name"] = json!([{"value": display}]);
    }
    let users = schema::module(USER).expect("user module");
    sim.upsert(users, &[item], &control, "POST", uri.path())?;
    let mut auth = sim.auth.lock();
    match auth.account_by_name_mut(&req.username) {
        Some(a) => {
            if req.password.is_some() {
                a.password = req.password.clone();
            }
            a.rights = rights;
        }
        None => auth.add_account(Account {
            user_id: id.clone(),
            username: req.username.clone(),
            password: req.password,
            rights,
        }),
    }
    if let Some(key) = &req.api_key {
        auth.add_key(
            key.clone(),
            ApiKey {
                user_id: id.clone(),
                enabled: req.enabled,
                valid_from,
                valid_until,
            },
        );
    }
    Ok(json_response(
        StatusCode::OK,
        &json!({"user_id": id, "username": req.username, "api_key": req.api_key}),
    ))
}

pub async fn patch(
    State(sim): State<Arc<AllportalSim>>,
    Path(module): Path<String>,
    RawQuery(raw): RawQuery,
    OriginalUri(uri): OriginalUri,
    body: Bytes,
) -> Result<Response, ApiError> {
    let def = module_def(&module)?;
    let actor = acting_user(&sim, raw.as_deref())?;
    let items = batch_items(&body)?;
    let outcome = sim.upsert(def, &items, &actor, "PATCH", uri.path())?;
    let ids: Vec<&str> = outcome.written.iter().map(|w| w.id.as_str()).collect();
    Ok(json_response(StatusCode::OK, &ids))
}

pub async fn delete(
    State(sim): State<Arc<AllportalSim>>,
    Path((module, id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
    OriginalUri(uri): OriginalUri,
) -> Result<StatusCode, ApiError> {
    let def = module_def(&module)?;
    let actor = acting_user(&sim, raw.as_deref())?;
    sim.delete(def, &id, &actor, uri.path())?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn replace(
    State(sim): State<Arc<AllportalSim>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    OriginalUri(uri): OriginalUri,
    req: Request,
) -> Result<Response, ApiError> {
    let actor = acting_user(&sim, raw.as_deref())?;
    replace_as(&sim, &id, req, &actor, uri.path()).await
}
