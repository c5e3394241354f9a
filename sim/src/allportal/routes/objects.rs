//! The objects API: A2 list, A3 get, A4 PATCH upsert, A5 delete.

use super::{module_def, query_all, query_one, query_pairs};
use crate::allportal::AllportalSim;
use crate::allportal::auth::{Principal, Right};
use crate::allportal::errors::ApiError;
use crate::allportal::object::{ObjectJson, Projection};
use crate::allportal::query::{Query, Sort, parse_query};
use crate::allportal::schema::ModuleDef;
use crate::allportal::store::{ListParams, Store};
use axum::extract::{OriginalUri, Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::Serialize;
use std::sync::Arc;

/// A3 list defaults and maximum.
const DEFAULT_LIMIT: usize = 50;
const MAX_LIMIT: usize = 500;

pub fn json_response(status: StatusCode, body: &impl Serialize) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (status, [(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(e) => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("encoding the answer: {e}"),
        )
        .into_response(),
    }
}

fn number(pairs: &[(String, String)], key: &str, default: usize) -> Result<usize, ApiError> {
    match query_one(pairs, key) {
        None | Some("") => Ok(default),
        Some(v) => v.parse().map_err(|_| {
            ApiError::bad_request(format!("`{key}` must be a whole number ≥ 0, not `{v}`"))
        }),
    }
}

fn list_params(
    def: &'static ModuleDef,
    pairs: &[(String, String)],
) -> Result<ListParams, ApiError> {
    let offset = number(pairs, "offset", 0)?;
    let limit = number(pairs, "limit", DEFAULT_LIMIT)?;
    if limit > MAX_LIMIT {
        return Err(ApiError::bad_request(format!(
            "`limit` {limit} is above the maximum of {MAX_LIMIT}"
        )));
    }
    let total_count = match query_one(pairs, "totalCount") {
        None | Some("false") => false,
        Some("true") => true,
        Some(v) => {
            return Err(ApiError::bad_request(format!(
                "`totalCount` must be true or false, not `{v}`"
            )));
        }
    };
    let query = match query_one(pairs, "query").filter(|q| !q.trim().is_empty()) {
        Some(q) => parse_query(def, q).map_err(ApiError::bad_request)?,
        None => Query::default(),
    };
    let sort = match query_one(pairs, "sort").filter(|s| !s.trim().is_empty()) {
        Some(s) => Sort::parse(def, s).map_err(ApiError::bad_request)?,
        None => Sort::DEFAULT,
    };
    Ok(ListParams {
        offset,
        limit,
        total_count,
        query,
        sort,
    })
}

#[derive(Serialize)]
struct ListJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    total_count: Option<usize>,
    result: Vec<ObjectJson<'a>>,
}

fn view<'a>(
    store: &'a Store,
    o: &'a crate::allportal::object::Object,
    projection: &'a Projection,
) -> ObjectJson<'a> {
    ObjectJson {
        object: o,
        derived: store.derived(o),
        projection,
    }
}

/// A2 `GET /api/modules/{module}/objects`.
pub async fn list(
    State(sim): State<Arc<AllportalSim>>,
    Path(module): Path<String>,
    principal: Principal,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let def = module_def(&module)?;
    principal
        .require(def.name, Right::Read)
        .map_err(ApiError::forbidden)?;
    let pairs = query_pairs(raw.as_deref());
    let projection =
        Projection::parse(def, &query_all(&pairs, "fields")).map_err(ApiError::bad_request)?;
    let params = list_params(def, &pairs)?;
    let store = sim.store.read();
    let (total_count, page) = store.list(def.name, &params);
    let result = page
        .into_iter()
        .map(|o| view(&store, o, &projection))
        .collect();
    Ok(json_response(
        StatusCode::OK,
        &ListJson {
            total_count,
            result,
        },
    ))
}

/// A3 `GET /api/modules/{module}/objects/{id}`.
pub async fn get_one(
    State(sim): State<Arc<AllportalSim>>,
    Path((module, id)): Path<(String, String)>,
    principal: Principal,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let def = module_def(&module)?;
    principal
        .require(def.name, Right::Read)
        .map_err(ApiError::forbidden)?;
    let pairs = query_pairs(raw.as_deref());
    let projection =
        Projection::parse(def, &query_all(&pairs, "fields")).map_err(ApiError::bad_request)?;
    let store = sim.store.read();
    let o = store
        .get(def.name, &id)
        .ok_or_else(|| ApiError::unknown_object(def.name, &id))?;
    Ok(json_response(StatusCode::OK, &view(&store, o, &projection)))
}

/// Reads an A4 body: a JSON array of objects.
pub fn batch_items(body: &[u8]) -> Result<Vec<serde_json::Value>, ApiError> {
    let json: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("the body is not valid JSON: {e}")))?;
    match json {
        serde_json::Value::Array(items) => Ok(items),
        _ => Err(ApiError::bad_request(
            "the body must be a JSON array of objects",
        )),
    }
}

/// A4 `PATCH /api/modules/{module}/objects`: the ids, in the order of the items.
pub async fn patch(
    State(sim): State<Arc<AllportalSim>>,
    Path(module): Path<String>,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    body: Bytes,
) -> Result<Response, ApiError> {
    let def = module_def(&module)?;
    let items = batch_items(&body)?;
    if items.is_empty() {
        return Ok(json_response(StatusCode::OK, &Vec::<String>::new()));
    }
    let outcome = sim.upsert(def, &items, &principal, "PATCH", uri.path())?;
    let ids: Vec<&str> = outcome.written.iter().map(|w| w.id.as_str()).collect();
    Ok(json_response(StatusCode::OK, &ids))
}

/// A5 `DELETE /api/modules/{module}/objects/{id}`: 204.
pub async fn delete(
    State(sim): State<Arc<AllportalSim>>,
    Path((module, id)): Path<(String, String)>,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
) -> Result<StatusCode, ApiError> {
    let def = module_def(&module)?;
    sim.delete(def, &id, &principal, uri.path())?;
    Ok(StatusCode::NO_CONTENT)
}
