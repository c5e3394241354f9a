//! The simulator's own controls for tests (not part of PhotoShelter): expire sessions, move
//! the clock, and play "someone else changed it" — replace an original, edit metadata,
//! add or remove images — without touching the write log.

use super::Sim;
use super::writes::{prepare, store_uploads};
use crate::photoshelter::clock::{format_ts, parse_ts};
use crate::photoshelter::error::{ApiError, ApiResult};
use crate::photoshelter::metadata::{split_keywords, sync_xmp};
use crate::photoshelter::model::Original;
use crate::photoshelter::request::PsRequest;
use crate::photoshelter::seeding::token_for;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::{delete, get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

pub fn routes() -> axum::Router<Sim> {
    axum::Router::new()
        .route("/_sim/sessions/expire", post(expire_sessions))
        .route("/_sim/photoshelter/summary", get(summary))
        .route("/_sim/photoshelter/clock/advance", post(advance_clock))
        .route(
            "/_sim/photoshelter/images/{id}",
            delete(delete_image).patch(edit_image),
        )
        .route(
            "/_sim/photoshelter/images/{id}/replace",
            post(replace_original),
        )
        .route(
            "/_sim/photoshelter/galleries/{id}/upload",
            post(upload_as_other),
        )
        .route(
            "/_sim/photoshelter/galleries/{id}/images/{image_id}",
            delete(remove_from_gallery),
        )
}

async fn expire_sessions(State(sim): State<Sim>) -> Json<Value> {
    Json(json!({"expired": sim.sessions.expire_all()}))
}

async fn summary(State(sim): State<Sim>) -> Json<Value> {
    let store = sim.store.read();
    Json(json!({
        "collections": store.collections.len(),
        "galleries": store.galleries.len(),
        "images": store.images.len(),
        "shares": store.shares.values().map(Vec::len).sum::<usize>(),
        "sessions": sim.sessions.count(),
        "originals_cached_bytes": sim.originals.used(),
        "renditions_cached_bytes": sim.renditions.used(),
    }))
}

#[derive(Deserialize)]
struct Advance {
    seconds: i64,
}

async fn advance_clock(State(sim): State<Sim>, Json(by): Json<Advance>) -> Json<Value> {
    sim.clock.advance(chrono::Duration::seconds(by.seconds));
    Json(json!({"now": format_ts(sim.clock.now())}))
}

fn missing(id: &str) -> ApiError {
    ApiError::not_found(format!("no image has the id {id}"))
}

async fn delete_image(State(sim): State<Sim>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let now = sim.clock.stamp();
    if !sim.store.write().delete_image(&id, now) {
        return Err(missing(&id));
    }
    Ok(Json(json!({"deleted": id})))
}

/// A raw JPEG/PNG body becomes the image's original: new size, token and `updated_at`.
async fn replace_original(
    State(sim): State<Sim>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let (width, height) = image::ImageReader::new(std::io::Cursor::new(&body))
        .with_guessed_format()
        .map_err(image::ImageError::IoError)
        .and_then(|r| r.into_dimensions())
        .map_err(|e| ApiError::param(format!("the body is not an image: {e}")))?;
    let now = sim.clock.stamp();
    let mut store = sim.store.write();
    let image = store.images.get_mut(&id).ok_or_else(|| missing(&id))?;
    image.token = token_for(&format!("{id}:{}:{}", format_ts(now), body.len()));
    image.file_size = body.len() as u64;
    image.original = Original::Bytes(body);
    (image.width, image.height) = (width, height);
    let token = image.token.clone();
    store.touch_image(&id, now);
    Ok(Json(
        json!({"image_id": id, "token": token, "updated_at": format_ts(now)}),
    ))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Edit {
    #[serde(default)]
    iptc: BTreeMap<String, String>,
    license_stime: Option<String>,
    license_etime: Option<String>,
    license_type: Option<String>,
    /// Custom metadata by name; `null` removes the field.
    #[serde(default)]
    custom_metadata: BTreeMap<String, Option<String>>,
    model_released: Option<bool>,
    property_released: Option<bool>,
    rating: Option<u8>,
    flagged: Option<bool>,
    f_searchable: Option<bool>,
}

fn time_or_empty(text: &str) -> ApiResult<Option<chrono::DateTime<chrono::Utc>>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_ts(text)
        .map(Some)
        .ok_or_else(|| ApiError::param(format!("{text:?} is not a timestamp or date")))
}

/// Edits metadata as another user would in the web app; bumps the image and its galleries.
async fn edit_image(
    State(sim): State<Sim>,
    Path(id): Path<String>,
    Json(edit): Json<Edit>,
) -> ApiResult<Json<Value>> {
    let now = sim.clock.stamp();
    let mut store = sim.store.write();
    let image = store.images.get_mut(&id).ok_or_else(|| missing(&id))?;
    let meta = &mut image.meta;
    for (name, value) in &edit.iptc {
        let field = meta
            .iptc
            .field_mut(name)
            .ok_or_else(|| ApiError::param(format!("{name:?} is not an Iptc field")))?;
        *field = if name == "keyword" {
            split_keywords(value).join(",")
        } else {
            value.clone()
        };
        if name == "caption" {
            meta.iptc.display_caption = value.clone();
        }
    }
    if let Some(t) = &edit.license_stime {
        meta.license.start = time_or_empty(t)?;
    }
    if let Some(t) = &edit.license_etime {
        meta.license.end = time_or_empty(t)?;
        meta.iptc.expiration_date = meta
            .license
            .end
            .map(|e| e.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
    }
    if let Some(kind) = &edit.license_type {
        meta.license.kind = kind.clone();
    }
    for (name, value) in &edit.custom_metadata {
        meta.custom.retain(|(n, _)| n != name);
        if let Some(v) = value {
            meta.custom.push((name.clone(), v.clone()));
        }
    }
    meta.model_released = edit.model_released.unwrap_or(meta.model_released);
    meta.property_released = edit.property_released.unwrap_or(meta.property_released);
    sync_xmp(meta);
    image.rating = edit.rating.unwrap_or(image.rating);
    image.flagged = edit.flagged.unwrap_or(image.flagged);
    image.f_searchable = edit.f_searchable.unwrap_or(image.f_searchable);
    store.touch_image(&id, now);
    Ok(Json(json!({"image_id": id, "updated_at": format_ts(now)})))
}

/// A multipart upload by someone else (not in the write log).
async fn upload_as_other(
    State(sim): State<Sim>,
    Path(gallery_id): Path<String>,
    req: PsRequest,
) -> ApiResult<Json<Value>> {
    let prepared = prepare(&req)?;
    let now = sim.clock.stamp();
    let mut store = sim.store.write();
    let library = store
        .galleries
        .get(&gallery_id)
        .map(|g| g.node.library.clone())
        .ok_or_else(|| ApiError::not_found(format!("no gallery has the id {gallery_id}")))?;
    let ids = store_uploads(&mut store, &library, &gallery_id, prepared, true, None, now);
    Ok(Json(json!({"image_ids": ids})))
}

async fn remove_from_gallery(
    State(sim): State<Sim>,
    Path((gallery_id, image_id)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    let now = sim.clock.stamp();
    if !sim
        .store
        .write()
        .remove_from_gallery(&gallery_id, &image_id, now)
    {
        return Err(ApiError::not_found(format!(
            "gallery {gallery_id} does not list image {image_id}"
        )));
    }
    Ok(Json(json!({"gallery_id": gallery_id, "removed": image_id})))
}
