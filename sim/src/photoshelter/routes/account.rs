//! Login, organisation login and logout, session info (document §2; P4, P14).

use super::{Sim, keyed};
use crate::photoshelter::error::{ApiError, ApiResult, ok};
use crate::photoshelter::request::{PsRequest, SESSION_COOKIE};
use axum::extract::{Path, State};
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use serde_json::json;

fn org_list(sim: &Sim) -> serde_json::Value {
    match &sim.config.organization {
        Some((id, name)) => json!([{"id": id, "name": name, "member": "t"}]),
        None => json!([]),
    }
}

/// `mem/authenticate`: `email`, `password`, `mode=cookie|token`, optional `org_id`.
pub async fn authenticate(State(sim): State<Sim>, req: PsRequest) -> ApiResult<Response> {
    sim.check_key(&req)?;
    let email = req.required("email")?;
    let password = req.raw_param("password").unwrap_or("");
    let cookie = match req.param("mode").unwrap_or("cookie") {
        "cookie" => true,
        "token" => false,
        other => {
            return Err(ApiError::param(format!(
                "mode must be token or cookie, not {other:?}"
            )));
        }
    };
    if !email.eq_ignore_ascii_case(&sim.config.email) || password != sim.config.password {
        return Err(ApiError::bad_credentials());
    }
    let org = match req.param("org_id") {
        Some(org_id) => Some(member_org(&sim, org_id)?),
        None => None,
    };
    let (token, user_id) = {
        let mut store = sim.store.write();
        (store.ids.token(20), store.account.user_id.clone())
    };
    sim.sessions.open(token.clone(), user_id, sim.clock.now());
    sim.sessions.set_org(&token, org);
    let data = json!({"token": token, "org": org_list(&sim), "two_factor": "f"});
    let mut response = ok(data);
    if cookie {
        let value = format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly");
        response
            .headers_mut()
            .insert(SET_COOKIE, value.parse().expect("cookie is ASCII"));
    }
    Ok(response)
}

/// The organisation `org_id` if the user belongs to it; 403 otherwise.
fn member_org(sim: &Sim, org_id: &str) -> ApiResult<String> {
    match &sim.config.organization {
        Some((id, _)) if id == org_id => Ok(id.clone()),
        Some((id, _)) => Err(ApiError::permission(format!(
            "the user is not a member of organization {org_id}; the user's organization is {id}"
        ))),
        None => Err(ApiError::permission(format!(
            "the user is not a member of organization {org_id} (a personal account)"
        ))),
    }
}

/// `mem/organization/{org_id}/authenticate`: the session acts in that organisation.
pub async fn org_authenticate(
    State(sim): State<Sim>,
    Path(org_id): Path<String>,
    req: PsRequest,
) -> ApiResult<Response> {
    let session = sim.member(&req)?;
    let org = member_org(&sim, &org_id)?;
    sim.sessions.set_org(&session.token, Some(org));
    Ok(ok(json!({})))
}

/// `mem/organization/logout` (P4): back to the personal account.
pub async fn org_logout(State(sim): State<Sim>, req: PsRequest) -> ApiResult<Response> {
    let session = sim.member(&req)?;
    sim.sessions.set_org(&session.token, None);
    Ok(ok(json!({})))
}

/// `mem/authenticate/logout`: the token stops working.
pub async fn logout(State(sim): State<Sim>, req: PsRequest) -> ApiResult<Response> {
    let session = sim.member(&req)?;
    sim.sessions.close(&session.token);
    let mut response = ok(json!({}));
    if req.cookie_token().is_some() {
        let value = format!("{SESSION_COOKIE}=; Path=/; Max-Age=0");
        response
            .headers_mut()
            .insert(SET_COOKIE, value.parse().expect("cookie is ASCII"));
    }
    Ok(response)
}

/// `mem/user/session` → `Session{tz, user_id, email, organization_id}`.
pub async fn session(State(sim): State<Sim>, req: PsRequest) -> ApiResult<Response> {
    let session = sim.member(&req)?;
    let data = json!({
        "tz": sim.tuning.time_zone,
        "user_id": session.user_id,
        "email": sim.config.email,
        "organization_id": session.org.clone().unwrap_or_default(),
    });
    Ok(ok(keyed("Session", data)))
}

/// Public `organization/{org_id}` → `Organization{organization_id, name}`.
pub async fn organization(
    State(sim): State<Sim>,
    Path(org_id): Path<String>,
    req: PsRequest,
) -> ApiResult<Response> {
    sim.check_key(&req)?;
    match &sim.config.organization {
        Some((id, name)) if *id == org_id => Ok(ok(keyed(
            "Organization",
            json!({"organization_id": id, "name": name}),
        ))),
        _ => Err(ApiError::not_found(format!(
            "no organization has the id {org_id}"
        ))),
    }
    .map(IntoResponse::into_response)
}
