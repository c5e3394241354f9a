//! Member reads of images (document §5.3 #25–#32; P10, P11, P12).

use super::{Sim, env, keyed, selection, sub_attach};
use crate::photoshelter::error::{ApiError, ApiResult, ok};
use crate::photoshelter::extend::Kind;
use crate::photoshelter::extend::render::Rec;
use crate::photoshelter::paging::Page;
use crate::photoshelter::request::PsRequest;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{Map, Value};

/// `mem/image/{id}` with `fields` and `extend`.
pub async fn image(
    State(sim): State<Sim>,
    Path(id): Path<String>,
    req: PsRequest,
) -> ApiResult<Response> {
    let session = sim.member(&req)?;
    let (fields, plan) = selection(&req, Kind::Image)?;
    let (store, origin) = (sim.store.read(), sim.origin());
    let image = store.image(&id, session.library())?;
    let value =
        env(&store, &origin, false).render(Rec::Image(image), &fields, &Map::new(), &plan)?;
    Ok(ok(keyed("Image", value)))
}

/// The record key and type of an image sub-resource.
pub fn image_sub_kind(sub: &str) -> Option<(&'static str, Kind)> {
    Some(match sub {
        "link" => ("ImageLink", Kind::ImageLink),
        "iptc" => ("Iptc", Kind::Iptc),
        "xmp" => ("Xmp", Kind::Xmp),
        "license" => ("License", Kind::License),
        "custom_metadata" => ("CustomMetadata", Kind::CustomMetadata),
        "galleries" => ("ImageGallery", Kind::ImageGallery),
        _ => return None,
    })
}

/// `mem/image/{id}/link|iptc|xmp|license|custom_metadata|galleries`.
pub async fn image_sub(
    State(sim): State<Sim>,
    Path((id, sub)): Path<(String, String)>,
    req: PsRequest,
) -> ApiResult<Response> {
    let session = sim.member(&req)?;
    let (key, kind) = image_sub_kind(&sub)
        .ok_or_else(|| ApiError::not_found(format!("no PhotoShelter endpoint at {}", req.path)))?;
    let (store, origin) = (sim.store.read(), sim.origin());
    let image = store.image(&id, session.library())?;
    let attach = sub_attach(&req, key, kind, req.params_map())?;
    let value = env(&store, &origin, false).render_extension(Rec::Image(image), &attach)?;
    Ok(ok(keyed(key, value)))
}

/// `terms` as a JSON array of words, or a plain comma/space separated string.
fn terms(req: &PsRequest) -> ApiResult<Vec<String>> {
    let raw = req.required("terms")?;
    let words: Vec<String> = match serde_json::from_str::<Value>(raw) {
        Ok(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| v.to_string())
            })
            .collect(),
        Ok(Value::String(s)) => vec![s],
        _ => raw.split([',', ' ']).map(str::to_owned).collect(),
    };
    let words: Vec<String> = words
        .iter()
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return Err(ApiError::param(
            "terms must name at least one word, e.g. [\"MH02\"]",
        ));
    }
    Ok(words)
}

/// `mem/image/search?terms=[…]` → `data.Results` (images matching every term in file name,
/// keywords, caption, title or headline) with `data.Paging`.
pub async fn search(State(sim): State<Sim>, req: PsRequest) -> ApiResult<Response> {
    let session = sim.member(&req)?;
    let words = terms(&req)?;
    let (fields, plan) = selection(&req, Kind::Image)?;
    let page = Page::new(req.number("page")?, req.number("per_page")?)?;
    let (store, origin) = (sim.store.read(), sim.origin());
    let hits: Vec<_> = store
        .image_order
        .iter()
        .filter_map(|id| store.images.get(id))
        .filter(|i| i.library == session.library())
        .filter(|i| {
            let iptc = &i.meta.iptc;
            let text = [
                &i.file_name,
                &iptc.keyword,
                &iptc.caption,
                &iptc.title,
                &iptc.headline,
            ]
            .map(|s| s.to_lowercase())
            .join("\n");
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .collect();
    let recs = page.slice(&hits).iter().map(|i| Rec::Image(i)).collect();
    let list = env(&store, &origin, false).render_all(recs, &fields, &Map::new(), &plan)?;
    let mut data = Map::new();
    data.insert("Results".into(), list);
    data.insert("Paging".into(), page.paging(hits.len()));
    Ok(ok(Value::Object(data)))
}
