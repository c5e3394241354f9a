//! Public reads (API key only, document §5.4 #35–#39): only what is visible to everyone,
//! unless the call also carries a member token (as some clients send `auth_token`).

use super::images::image_sub_kind;
use super::tree::gallery_page;
use super::{Sim, children_attach, env, keyed, selection, sub_attach};
use crate::photoshelter::error::{ApiError, ApiResult, ok};
use crate::photoshelter::extend::Kind;
use crate::photoshelter::extend::render::Rec;
use crate::photoshelter::model::{Gallery, Image, Mode};
use crate::photoshelter::request::PsRequest;
use crate::photoshelter::session::Session;
use crate::photoshelter::store::Store;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::Map;

fn public_image<'a>(store: &'a Store, id: &str, session: &Option<Session>) -> ApiResult<&'a Image> {
    if let Some(s) = session {
        return store.image(id, s.library());
    }
    let image = store
        .images
        .get(id)
        .ok_or_else(|| ApiError::not_found(format!("no image has the id {id}")))?;
    if !store.is_public(image) {
        return Err(ApiError::permission(format!(
            "image {id} is not public; read it with a member session (mem/image/{id})"
        )));
    }
    Ok(image)
}

fn public_gallery<'a>(
    store: &'a Store,
    id: &str,
    session: &Option<Session>,
) -> ApiResult<&'a Gallery> {
    if let Some(s) = session {
        return store.gallery(id, s.library());
    }
    let g = store
        .galleries
        .get(id)
        .ok_or_else(|| ApiError::not_found(format!("no gallery has the id {id}")))?;
    if store.effective_mode(&g.node) != Mode::Everyone {
        return Err(ApiError::permission(format!(
            "gallery {id} is not public; read it with a member session (mem/gallery/{id})"
        )));
    }
    Ok(g)
}

/// `image/{id}`.
pub async fn image(
    State(sim): State<Sim>,
    Path(id): Path<String>,
    req: PsRequest,
) -> ApiResult<Response> {
    let session = sim.public(&req)?;
    let (fields, plan) = selection(&req, Kind::Image)?;
    let (store, origin) = (sim.store.read(), sim.origin());
    let image = public_image(&store, &id, &session)?;
    let value = env(&store, &origin, session.is_none()).render(
        Rec::Image(image),
        &fields,
        &Map::new(),
        &plan,
    )?;
    Ok(ok(keyed("Image", value)))
}

/// `image/{id}/link`.
pub async fn image_link(
    State(sim): State<Sim>,
    Path(id): Path<String>,
    req: PsRequest,
) -> ApiResult<Response> {
    let session = sim.public(&req)?;
    let (key, kind) = image_sub_kind("link").expect("link is an image sub-resource");
    let (store, origin) = (sim.store.read(), sim.origin());
    let image = public_image(&store, &id, &session)?;
    let attach = sub_attach(&req, key, kind, req.params_map())?;
    let value =
        env(&store, &origin, session.is_none()).render_extension(Rec::Image(image), &attach)?;
    Ok(ok(keyed(key, value)))
}

/// `gallery/{id}` with `extend` (`GalleryImage`, `ImageLink`, `Image`, `Iptc`, …).
pub async fn gallery(
    State(sim): State<Sim>,
    Path(id): Path<String>,
    req: PsRequest,
) -> ApiResult<Response> {
    let session = sim.public(&req)?;
    let (fields, plan) = selection(&req, Kind::Gallery)?;
    let (store, origin) = (sim.store.read(), sim.origin());
    let g = public_gallery(&store, &id, &session)?;
    let value = env(&store, &origin, session.is_none()).render(
        Rec::Gallery(g),
        &fields,
        &Map::new(),
        &plan,
    )?;
    Ok(ok(keyed("Gallery", value)))
}

/// `gallery/{id}/images` with paging; only images visible in the gallery.
pub async fn gallery_images(
    State(sim): State<Sim>,
    Path(id): Path<String>,
    req: PsRequest,
) -> ApiResult<Response> {
    let session = sim.public(&req)?;
    let store = sim.store.read();
    let g = public_gallery(&store, &id, &session)?;
    Ok(ok(gallery_page(&sim, &req, g, &store, session.is_none())?))
}

/// `collection/{id}/children`: public children of a public collection (`root` = the
/// account's top level).
pub async fn collection_children(
    State(sim): State<Sim>,
    Path(id): Path<String>,
    req: PsRequest,
) -> ApiResult<Response> {
    let session = sim.public(&req)?;
    let (store, origin) = (sim.store.read(), sim.origin());
    let c = match &session {
        Some(s) => store.collection(&id, s.library())?,
        None => {
            let library = store
                .account
                .organization
                .as_ref()
                .map_or(&store.account.user_id, |o| &o.0);
            let c = store.collection(&id, library).or_else(|_| {
                store
                    .collections
                    .get(&id)
                    .ok_or_else(|| ApiError::not_found(format!("no collection has the id {id}")))
            })?;
            if store.effective_mode(&c.node) != Mode::Everyone {
                return Err(ApiError::permission(format!(
                    "collection {id} is not public"
                )));
            }
            c
        }
    };
    let attach = children_attach(&req)?;
    let value =
        env(&store, &origin, session.is_none()).render_extension(Rec::Collection(c), &attach)?;
    Ok(ok(keyed("Children", value)))
}
