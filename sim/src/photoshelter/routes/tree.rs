//! Member reads of the collection/gallery tree (document §5.2 #8–#20).

use super::{Sim, children_attach, env, keyed, selection, sub_attach};
use crate::photoshelter::error::{ApiError, ApiResult, ok};
use crate::photoshelter::extend::Kind;
use crate::photoshelter::extend::render::Rec;
use crate::photoshelter::model::{Gallery, Membership};
use crate::photoshelter::paging::Page;
use crate::photoshelter::request::PsRequest;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{Map, Value};

/// `mem/collection`: every collection of the library.
pub async fn collections(State(sim): State<Sim>, req: PsRequest) -> ApiResult<Response> {
    let session = sim.member(&req)?;
    let (fields, plan) = selection(&req, Kind::Collection)?;
    let (store, origin) = (sim.store.read(), sim.origin());
    let recs = store
        .collection_order
        .iter()
        .filter_map(|id| store.collections.get(id))
        .filter(|c| c.node.library == session.library())
        .map(Rec::Collection)
        .collect();
    let list = env(&store, &origin, false).render_all(recs, &fields, &Map::new(), &plan)?;
    Ok(ok(keyed("Collection", list)))
}

/// `mem/collection/{id|root}`.
pub async fn collection(
    State(sim): State<Sim>,
    Path(id): Path<String>,
    req: PsRequest,
) -> ApiResult<Response> {
    let session = sim.member(&req)?;
    let (fields, plan) = selection(&req, Kind::Collection)?;
    let (store, origin) = (sim.store.read(), sim.origin());
    let c = store.collection(&id, session.library())?;
    let value =
        env(&store, &origin, false).render(Rec::Collection(c), &fields, &Map::new(), &plan)?;
    Ok(ok(keyed("Collection", value)))
}

/// `mem/collection/{id}/children|parent|key_image|link|permission|visibility`.
pub async fn collection_sub(
    State(sim): State<Sim>,
    Path((id, sub)): Path<(String, String)>,
    req: PsRequest,
) -> ApiResult<Response> {
    let session = sim.member(&req)?;
    let (store, origin) = (sim.store.read(), sim.origin());
    let c = store.collection(&id, session.library())?;
    let env = env(&store, &origin, false);
    let (key, kind) = match sub.as_str() {
        "children" => {
            let value = env.render_extension(Rec::Collection(c), &children_attach(&req)?)?;
            return Ok(ok(keyed("Children", value)));
        }
        "key_image" => ("KeyImage", Kind::KeyImage),
        "link" => ("CollectionLink", Kind::CollectionLink),
        "permission" => ("Permission", Kind::Permission),
        "visibility" => ("Visibility", Kind::Visibility),
        "parent" => {
            let parent = c.node.parent.as_deref().ok_or_else(|| {
                ApiError::not_found(format!(
                    "collection {} is the root and has no parent",
                    c.node.id
                ))
            })?;
            let parent = store.collection(parent, session.library())?;
            let (fields, plan) = selection(&req, Kind::Collection)?;
            let value = env.render(Rec::Collection(parent), &fields, &Map::new(), &plan)?;
            return Ok(ok(keyed("Collection", value)));
        }
        _ => {
            return Err(ApiError::not_found(format!(
                "no PhotoShelter endpoint at {}",
                req.path
            )));
        }
    };
    let attach = sub_attach(&req, key, kind, req.params_map())?;
    let value = env.render_extension(Rec::Collection(c), &attach)?;
    Ok(ok(keyed(key, value)))
}

fn gallery_list(sim: &Sim, req: &PsRequest, parent: Option<&str>) -> ApiResult<Response> {
    let session = sim.member(req)?;
    let (fields, plan) = selection(req, Kind::Gallery)?;
    let (store, origin) = (sim.store.read(), sim.origin());
    let parent_id = match parent {
        Some(p) => Some(store.collection(p, session.library())?.node.id.clone()),
        None => None,
    };
    let recs = store
        .gallery_order
        .iter()
        .filter_map(|id| store.galleries.get(id))
        .filter(|g| g.node.library == session.library())
        .filter(|g| parent_id.is_none() || g.node.parent == parent_id)
        .map(Rec::Gallery)
        .collect();
    let list = env(&store, &origin, false).render_all(recs, &fields, &Map::new(), &plan)?;
    Ok(ok(keyed("Gallery", list)))
}

/// `mem/gallery`: every gallery of the library.
pub async fn galleries(State(sim): State<Sim>, req: PsRequest) -> ApiResult<Response> {
    gallery_list(&sim, &req, None)
}

/// `mem/gallery/query?parent=<collection_id>`: the galleries directly in that collection.
pub async fn gallery_query(State(sim): State<Sim>, req: PsRequest) -> ApiResult<Response> {
    let parent = req.param("parent").map(str::to_owned);
    gallery_list(&sim, &req, parent.as_deref())
}

/// `mem/gallery/{id}`.
pub async fn gallery(
    State(sim): State<Sim>,
    Path(id): Path<String>,
    req: PsRequest,
) -> ApiResult<Response> {
    let session = sim.member(&req)?;
    let (fields, plan) = selection(&req, Kind::Gallery)?;
    let (store, origin) = (sim.store.read(), sim.origin());
    let g = store.gallery(&id, session.library())?;
    let value = env(&store, &origin, false).render(Rec::Gallery(g), &fields, &Map::new(), &plan)?;
    Ok(ok(keyed("Gallery", value)))
}

/// The memberships of a gallery in the order `sort_by`/`sort_dir` ask for.
pub fn sorted<'a>(
    store: &'a crate::photoshelter::store::Store,
    members: Vec<&'a Membership>,
    req: &PsRequest,
) -> ApiResult<Vec<&'a Membership>> {
    let Some(by) = req.param("sort_by") else {
        return Ok(members);
    };
    let desc = match req.param("sort_dir").unwrap_or("asc") {
        "asc" => false,
        "desc" => true,
        other => {
            return Err(ApiError::param(format!(
                "sort_dir must be asc or desc, not {other:?}"
            )));
        }
    };
    let mut keyed: Vec<(String, &Membership)> = Vec::with_capacity(members.len());
    for m in members {
        let Some(image) = store.images.get(&m.image_id) else {
            continue;
        };
        let key = match by {
            "file_name" => image.file_name.to_lowercase(),
            "uploaded_at" => image.uploaded_at.to_rfc3339(),
            "updated_at" => image.updated_at.to_rfc3339(),
            "image_id" => image.id.clone(),
            other => {
                return Err(ApiError::param(format!(
                    "sort_by must be file_name, uploaded_at, updated_at or image_id, not {other:?}"
                )));
            }
        };
        keyed.push((key, m));
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    if desc {
        keyed.reverse();
    }
    Ok(keyed.into_iter().map(|(_, m)| m).collect())
}

/// One page of `GalleryImage` rows with `data.Paging` (P2).
pub fn gallery_page(
    sim: &Sim,
    req: &PsRequest,
    g: &Gallery,
    store: &crate::photoshelter::store::Store,
    public: bool,
) -> ApiResult<Value> {
    let (fields, plan) = selection(req, Kind::GalleryImage)?;
    let page = Page::new(req.number("page")?, req.number("per_page")?)?;
    let origin = sim.origin();
    let env = env(store, &origin, public);
    // Member reads in stored order page the gallery's list directly (no per-request scan).
    let (recs, total) = if public || req.param("sort_by").is_some() {
        let members = sorted(store, env.members(g), req)?;
        (
            page.slice(&members)
                .iter()
                .map(|m| Rec::GalleryImage(m))
                .collect(),
            members.len(),
        )
    } else {
        (
            page.slice(&g.images)
                .iter()
                .map(Rec::GalleryImage)
                .collect(),
            g.images.len(),
        )
    };
    let list = env.render_all(recs, &fields, &Map::new(), &plan)?;
    let mut data = Map::new();
    data.insert("GalleryImage".into(), list);
    data.insert("Paging".into(), page.paging(total));
    Ok(Value::Object(data))
}

/// `mem/gallery/{id}/images|children|parents|parent|key_image|link|permission|visibility`.
pub async fn gallery_sub(
    State(sim): State<Sim>,
    Path((id, sub)): Path<(String, String)>,
    req: PsRequest,
) -> ApiResult<Response> {
    let session = sim.member(&req)?;
    let store = sim.store.read();
    let g = store.gallery(&id, session.library())?;
    let (key, kind) = match sub.as_str() {
        "images" | "children" => return Ok(ok(gallery_page(&sim, &req, g, &store, false)?)),
        "parents" | "parent" => ("Parents", Kind::Parents),
        "key_image" => ("KeyImage", Kind::KeyImage),
        "link" => ("GalleryLink", Kind::GalleryLink),
        "permission" => ("Permission", Kind::Permission),
        "visibility" => ("Visibility", Kind::Visibility),
        _ => {
            return Err(ApiError::not_found(format!(
                "no PhotoShelter endpoint at {}",
                req.path
            )));
        }
    };
    let origin = sim.origin();
    let attach = sub_attach(&req, key, kind, req.params_map())?;
    let value = env(&store, &origin, false).render_extension(Rec::Gallery(g), &attach)?;
    Ok(ok(keyed(key, value)))
}
