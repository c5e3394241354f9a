//! The routes of the simulated PhotoShelter: `/psapi/v3/...` (member and public), the
//! rendition host `/img-get2/...`, and the simulator's own controls under `/_sim/`.

mod account;
mod control;
mod files;
mod images;
mod public;
mod tree;
mod writes;

use super::PhotoshelterSim;
use super::error::{ApiError, ApiResult};
use super::extend::render::Env;
use super::extend::{Attach, Fields, Kind, Plan, parse_extend, plan};
use super::request::PsRequest;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use serde_json::{Map, Value};
use std::sync::Arc;

type Sim = Arc<PhotoshelterSim>;

/// Largest accepted request body (uploads).
const MAX_BODY: usize = 2 << 30;

/// GET and POST both (real clients use either for most calls).
fn rw<H, T>(handler: H) -> MethodRouter<Sim>
where
    H: Handler<T, Sim> + Clone,
    T: 'static,
{
    get(handler.clone()).post(handler)
}

pub fn router(sim: Sim) -> Router {
    let v3 = |path: &str| format!("/psapi/v3{path}");
    Router::new()
        .route(&v3("/mem/authenticate"), rw(account::authenticate))
        .route(&v3("/mem/authenticate/logout"), rw(account::logout))
        .route(&v3("/mem/organization/logout"), rw(account::org_logout))
        .route(
            &v3("/mem/organization/{org_id}/authenticate"),
            rw(account::org_authenticate),
        )
        .route(&v3("/mem/user/session"), rw(account::session))
        .route(&v3("/organization/{org_id}"), rw(account::organization))
        .route(&v3("/mem/collection"), rw(tree::collections))
        .route(&v3("/mem/collection/insert"), rw(writes::collection_insert))
        .route(&v3("/mem/collection/{id}"), rw(tree::collection))
        .route(&v3("/mem/collection/{id}/{sub}"), rw(tree::collection_sub))
        .route(&v3("/mem/gallery"), rw(tree::galleries))
        .route(&v3("/mem/gallery/query"), rw(tree::gallery_query))
        .route(&v3("/mem/gallery/insert"), rw(writes::gallery_insert))
        .route(&v3("/mem/gallery/{id}"), rw(tree::gallery))
        .route(
            &v3("/mem/gallery/{id}/images/insert"),
            post(writes::images_insert),
        )
        .route(&v3("/mem/gallery/{id}/share"), rw(writes::share))
        .route(&v3("/mem/gallery/{id}/{sub}"), rw(tree::gallery_sub))
        .route(&v3("/mem/image/search"), rw(images::search))
        .route(&v3("/mem/image/upload"), post(writes::upload))
        .route(&v3("/mem/image/{id}"), rw(images::image))
        .route(&v3("/mem/image/{id}/download"), rw(files::download))
        .route(
            &v3("/mem/image/{id}/iptc/update"),
            post(writes::iptc_update),
        )
        .route(&v3("/mem/image/{id}/{sub}"), rw(images::image_sub))
        .route(&v3("/image/{id}"), rw(public::image))
        .route(&v3("/image/{id}/link"), rw(public::image_link))
        .route(&v3("/gallery/{id}"), rw(public::gallery))
        .route(&v3("/gallery/{id}/images"), rw(public::gallery_images))
        .route(
            &v3("/collection/{id}/children"),
            rw(public::collection_children),
        )
        .route(
            "/img-get2/{image_id}/{sec}/{size}/{file}",
            get(files::rendition),
        )
        .route("/share/{share_id}", get(files::share_page))
        .merge(control::routes())
        .layer(axum::middleware::from_fn(refresh_cookie))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(sim)
}

/// A cookie session is refreshed on every answer to a request that carried it (document
/// §2.2: the server tracks idle time with it).
async fn refresh_cookie(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let token = req
        .headers()
        .get_all(axum::http::header::COOKIE)
        .iter()
        .find_map(|v| {
            v.to_str().ok()?.split(';').find_map(|c| {
                let (name, value) = c.trim().split_once('=')?;
                (name == super::request::SESSION_COOKIE && !value.is_empty())
                    .then(|| value.to_owned())
            })
        });
    let mut response = next.run(req).await;
    let already = response
        .headers()
        .contains_key(axum::http::header::SET_COOKIE);
    if let (Some(token), true, false) = (token, response.status().is_success(), already) {
        let cookie = format!(
            "{}={token}; Path=/; HttpOnly",
            super::request::SESSION_COOKIE
        );
        if let Ok(value) = cookie.parse() {
            response
                .headers_mut()
                .insert(axum::http::header::SET_COOKIE, value);
        }
    }
    response
}

async fn not_found(uri: axum::http::Uri) -> Response {
    ApiError::not_found(format!("no PhotoShelter endpoint at {}", uri.path())).into_response()
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> Response {
    ApiError::param(format!("{} does not accept {method}", uri.path())).into_response()
}

/// The request's `fields` and `extend`, placed on a primary record of `kind`.
fn selection(req: &PsRequest, kind: Kind) -> ApiResult<(Fields, Plan)> {
    let exts = parse_extend(req.param("extend"))?;
    Ok((Fields::parse(req.param("fields")), plan(kind, exts)?))
}

/// A sub-resource endpoint as one extension of its parent, with the request's own
/// parameters (e.g. `image_size` for `link`) as the extension's params.
fn sub_attach(
    req: &PsRequest,
    name: &str,
    kind: Kind,
    params: Map<String, Value>,
) -> ApiResult<Attach> {
    let (fields, plan) = selection(req, kind)?;
    Ok(Attach {
        name: name.to_owned(),
        kind,
        fields,
        params,
        plan,
    })
}

/// The `Children` of a collection: the request's `fields` select the fields of both child
/// lists unless `extend` gives `Collection`/`Gallery` their own.
fn children_attach(req: &PsRequest) -> ApiResult<Attach> {
    let mut exts = parse_extend(req.param("extend"))?;
    let fields = Fields::parse(req.param("fields"));
    for name in ["Collection", "Gallery"] {
        if !exts.iter().any(|(n, _)| n == name) {
            let spec = super::extend::Spec {
                fields: fields.clone(),
                ..super::extend::Spec::all()
            };
            exts.push((name.to_owned(), spec));
        }
    }
    Ok(Attach {
        name: "Children".into(),
        kind: Kind::Children,
        fields: Fields::All,
        params: Map::new(),
        plan: plan(Kind::Children, exts)?,
    })
}

fn env<'a>(store: &'a super::store::Store, origin: &'a str, public: bool) -> Env<'a> {
    Env {
        store,
        origin,
        public,
    }
}

/// `{"Key": value}` as `data`.
fn keyed(key: &str, value: Value) -> Value {
    let mut data = Map::new();
    data.insert(key.to_owned(), value);
    Value::Object(data)
}
