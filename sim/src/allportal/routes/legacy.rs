//! The legacy RPC calls (§4.3): L1 login, L2 logout and the PAP connector calls L3–L6
//! (`getConnectorConfig`, `getModuleConfig`, `getEvents`, `getBeans`; A12). Bodies are JSON
//! arrays of positional parameters (login takes an object); answers are the envelope of §10
//! with HTTP 200.

use crate::allportal::AllportalSim;
use crate::allportal::auth::{Principal, Right};
use crate::allportal::errors::{LegacyError, legacy_info};
use crate::allportal::events::{self, Connector};
use crate::allportal::object::BeanJson;
use crate::allportal::schema;
use axum::Json;
use axum::extract::{Path, State};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde_json::{Value as Json_, json};
use std::sync::Arc;

type Answer = Json<Json_>;

fn fail(e: LegacyError, started: DateTime<Utc>) -> Answer {
    Json(e.body(started))
}

fn ok(result: Json_, started: DateTime<Utc>) -> Answer {
    Json(json!({"code": 0, "result": result, "info": legacy_info(started)}))
}

/// L1 `POST /service/usermanagement/login` with `{username, password (base64), language}`.
pub async fn login(State(sim): State<Arc<AllportalSim>>, body: Bytes) -> Answer {
    let started = Utc::now();
    let Ok(Json_::Object(req)) = serde_json::from_slice::<Json_>(&body) else {
        return fail(
            LegacyError::parameter_not_set("username, password"),
            started,
        );
    };
    let (Some(username), Some(password)) = (
        req.get("username").and_then(Json_::as_str),
        req.get("password").and_then(Json_::as_str),
    ) else {
        return fail(
            LegacyError::parameter_not_set("username, password"),
            started,
        );
    };
    match sim.auth.lock().login(username, password) {
        Some(session) => Json(json!({"code": 0, "session": session})),
        None => fail(LegacyError::undefined("Login not possible"), started),
    }
}

fn params(body: &[u8]) -> Result<Vec<Json_>, LegacyError> {
    match serde_json::from_slice::<Json_>(body) {
        Ok(Json_::Array(items)) => Ok(items),
        _ => Err(LegacyError::parameter_not_set(
            "the body must be a JSON array of parameters",
        )),
    }
}

fn string_param<'a>(p: &'a [Json_], i: usize, what: &str) -> Result<&'a str, LegacyError> {
    p.get(i)
        .and_then(Json_::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| LegacyError::parameter_not_set(what))
}

/// L2 `POST /rest/LoginRemoteService/logout` with `[session]`.
pub async fn logout(State(sim): State<Arc<AllportalSim>>, body: Bytes) -> Answer {
    let started = Utc::now();
    let result = params(&body).and_then(|p| string_param(&p, 0, "session").map(str::to_owned));
    match result {
        Ok(sid) if sim.auth.lock().logout(&sid) => {
            Json(json!({"code": 0, "info": legacy_info(started)}))
        }
        Ok(_) => fail(LegacyError::undefined("session not valid"), started),
        Err(e) => fail(e, started),
    }
}

fn session(sim: &AllportalSim, p: &[Json_]) -> Result<Principal, LegacyError> {
    let sid = string_param(p, 0, "session")?;
    sim.auth
        .lock()
        .by_session(sid)
        .map_err(|r| LegacyError::undefined(r.message()))
}

fn connector(p: &[Json_], who: &Principal) -> Result<&'static Connector, LegacyError> {
    let name = string_param(p, 1, "connector_name")?;
    let c = events::connector(name)
        .ok_or_else(|| LegacyError::undefined(format!("unknown connector {name}")))?;
    who.require(c.module, Right::Read)
        .map_err(LegacyError::undefined)?;
    Ok(c)
}

/// L3–L6 `POST /rest/PAPRemoteService/{method}`.
pub async fn pap(
    State(sim): State<Arc<AllportalSim>>,
    Path(method): Path<String>,
    body: Bytes,
) -> Answer {
    let started = Utc::now();
    match call(&sim, &method, &body) {
        Ok(answer) => Json(answer),
        Err(e) => fail(e, started),
    }
}

fn call(sim: &AllportalSim, method: &str, body: &[u8]) -> Result<Json_, LegacyError> {
    if !matches!(
        method,
        "getConnectorConfig" | "getModuleConfig" | "getEvents" | "getBeans"
    ) {
        return Err(LegacyError::not_implemented(method));
    }
    let p = params(body)?;
    let who = session(sim, &p)?;
    let started = Utc::now();
    match method {
        "getConnectorConfig" => Ok(ok(connector(&p, &who)?.config(), started).0),
        "getModuleConfig" => {
            let name = string_param(&p, 1, "module_name")?;
            let module = schema::module(name)
                .ok_or_else(|| LegacyError::undefined(format!("unknown module {name}")))?;
            who.require(module.name, Right::Read)
                .map_err(LegacyError::undefined)?;
            Ok(ok(events::module_config(module), started).0)
        }
        "getEvents" => {
            let c = connector(&p, &who)?;
            let first = match p.get(2) {
                Some(Json_::Number(n)) => n.as_u64(),
                Some(Json_::String(s)) => s.trim().parse().ok(),
                _ => None,
            }
            .ok_or_else(|| LegacyError::parameter_not_set("first_event_id (a whole number)"))?;
            let hash = string_param(&p, 3, "config_hash")?;
            if hash != c.config_hash() {
                return Err(LegacyError::undefined("config hash mismatch"));
            }
            let events = if first == 0 {
                let mut store = sim.store.write();
                store.rebuild_queue(c);
                store
                    .queue(c.name)
                    .map(|q| q.read_from(0))
                    .unwrap_or_default()
            } else {
                sim.store
                    .read()
                    .queue(c.name)
                    .map(|q| q.read_from(first))
                    .unwrap_or_default()
            };
            Ok(ok(serde_json::to_value(events).unwrap_or_default(), started).0)
        }
        _ => beans(sim, &p, &who, started),
    }
}

/// L6 `getBeans` with `[session, connector_name, [object_id, …]]`.
fn beans(
    sim: &AllportalSim,
    p: &[Json_],
    who: &Principal,
    started: DateTime<Utc>,
) -> Result<Json_, LegacyError> {
    let c = connector(p, who)?;
    let ids: Vec<&str> = match p.get(2) {
        Some(Json_::Array(a)) => a.iter().filter_map(Json_::as_str).collect(),
        Some(Json_::String(s)) => vec![s.as_str()],
        _ => return Err(LegacyError::parameter_not_set("object ids")),
    };
    let store = sim.store.read();
    let mut result = Vec::new();
    let mut missing = Vec::new();
    for id in ids {
        match store.get(c.module, id) {
            Some(o) => result.push(
                serde_json::to_value(BeanJson {
                    object: o,
                    derived: store.derived(o),
                })
                .unwrap_or_default(),
            ),
            None => missing.push(id.to_owned()),
        }
    }
    let mut info = legacy_info(started);
    if !missing.is_empty() {
        info["not_accessible_ids"] = json!(missing);
    }
    Ok(json!({"code": 0, "result": result, "relations": {}, "info": info, "type": "default"}))
}
