//! Member writes: upload (P5), gallery and collection insert (P6), adding images to a
//! gallery (P7), IPTC update (P8) and shares (P13). Each accepted change is recorded once
//! in the write log; a request that changes nothing (re-adding an image, writing the
//! values already there) is answered the same way but records and bumps nothing.

use super::{Sim, env, keyed, selection};
use crate::photoshelter::clock::{format_ts, parse_ts};
use crate::photoshelter::error::{ApiError, ApiResult, ok};
use crate::photoshelter::extend::Kind;
use crate::photoshelter::extend::render::Rec;
use crate::photoshelter::metadata::{image_meta, split_keywords, sync_xmp};
use crate::photoshelter::model::{Image, Iptc, Mode, Original, Share};
use crate::photoshelter::request::PsRequest;
use crate::photoshelter::session::Session;
use crate::photoshelter::store::{NewNode, Store};
use crate::seed::metadata;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::Response;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// An uploaded file checked and read: size, pixel dimensions and embedded metadata.
pub struct Prepared {
    pub file_name: String,
    pub bytes: axum::body::Bytes,
    pub width: u32,
    pub height: u32,
    pub meta: crate::photoshelter::model::ImageMeta,
}

/// Reads the pixel size and metadata of each file; 400 naming the first unreadable one.
pub fn prepare(req: &PsRequest) -> ApiResult<Vec<Prepared>> {
    if req.files.is_empty() {
        return Err(ApiError::param(
            "no file to upload: send one or more multipart parts named file",
        ));
    }
    req.files
        .iter()
        .map(|f| {
            let (width, height) = image::ImageReader::new(std::io::Cursor::new(&f.bytes))
                .with_guessed_format()
                .map_err(image::ImageError::IoError)
                .and_then(|r| r.into_dimensions())
                .map_err(|e| {
                    ApiError::param(format!(
                        "file {:?} is not an image the service can read ({e}); upload JPEG or PNG files",
                        f.file_name
                    ))
                })?;
            Ok(Prepared {
                file_name: f.file_name.clone(),
                bytes: f.bytes.clone(),
                width,
                height,
                meta: image_meta(&metadata::read(&f.bytes)),
            })
        })
        .collect()
}

/// Stores prepared files as new images of `gallery_id`; returns their ids.
pub fn store_uploads(
    store: &mut Store,
    session_library: &str,
    gallery_id: &str,
    files: Vec<Prepared>,
    f_searchable: bool,
    photographer: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<String> {
    let account = store.account.clone();
    files
        .into_iter()
        .map(|p| {
            let id = store.fresh_id('I');
            let image = Image {
                id: id.clone(),
                library: session_library.to_owned(),
                file_name: p.file_name,
                owner_id: account.user_id.clone(),
                organization_id: if session_library == account.user_id {
                    String::new()
                } else {
                    session_library.to_owned()
                },
                photographer_id: photographer.unwrap_or(&account.user_id).to_owned(),
                file_size: p.bytes.len() as u64,
                original: Original::Bytes(p.bytes),
                width: p.width,
                height: p.height,
                token: store.ids.token(16),
                f_searchable,
                rating: 0,
                flagged: false,
                focal_point: (0.5, 0.5),
                meta: p.meta,
                uploaded_at: now,
                updated_at: now,
                galleries: Vec::new(),
            };
            store.insert_image(image, gallery_id, now);
            id
        })
        .collect()
}

/// `mem/image/upload` (P5): multipart `file` parts into `gallery_id`.
pub async fn upload(State(sim): State<Sim>, req: PsRequest) -> ApiResult<Response> {
    let session = sim.member(&req)?;
    let gallery_id = req.required("gallery_id")?.to_owned();
    let f_searchable = req.flag("f_searchable")?.unwrap_or(true);
    let (fields, plan) = selection(&req, Kind::Image)?;
    let prepared = prepare(&req)?;
    let logged: Vec<Value> = prepared
        .iter()
        .map(|p| {
            json!({"file_name": p.file_name, "file_size": p.bytes.len(),
                   "sha256": hex::encode(Sha256::digest(&p.bytes))})
        })
        .collect();
    let now = sim.clock.stamp();
    let mut store = sim.store.write();
    store.gallery(&gallery_id, session.library())?;
    let ids = store_uploads(
        &mut store,
        session.library(),
        &gallery_id,
        prepared,
        f_searchable,
        req.param("photographer_id"),
        now,
    );
    sim.record(
        &req,
        ids.clone(),
        json!({"gallery_id": gallery_id, "files": logged}),
    );
    let origin = sim.origin();
    let recs = ids
        .iter()
        .filter_map(|id| store.images.get(id))
        .map(Rec::Image)
        .collect();
    let list = env(&store, &origin, false).render_all(recs, &fields, &Map::new(), &plan)?;
    Ok(ok(keyed("Image", list)))
}

fn new_node(req: &PsRequest, session: &Session) -> ApiResult<NewNode> {
    let mode = match req.param("mode") {
        Some(m) => Some(Mode::parse(m).ok_or_else(|| {
            ApiError::param(format!(
                "mode must be private, permission or everyone, not {m:?}"
            ))
        })?),
        None => None,
    };
    Ok(NewNode {
        library: session.library().to_owned(),
        parent: req.param("parent").unwrap_or("root").to_owned(),
        name: req.required("name")?.to_owned(),
        description: req.param("description").unwrap_or("").to_owned(),
        f_list: req.flag("f_list")?.unwrap_or(true),
        mode,
    })
}

/// `mem/gallery/insert` (P6) → `data.Gallery`.
pub async fn gallery_insert(State(sim): State<Sim>, req: PsRequest) -> ApiResult<Response> {
    let session = sim.member(&req)?;
    let spec = new_node(&req, &session)?;
    let (fields, plan) = selection(&req, Kind::Gallery)?;
    let logged = json!({"name": spec.name, "parent": spec.parent});
    let now = sim.clock.stamp();
    let mut store = sim.store.write();
    let id = store.insert_gallery(spec, now)?;
    sim.record(&req, vec![id.clone()], logged);
    let origin = sim.origin();
    let value = env(&store, &origin, false).render(
        Rec::Gallery(&store.galleries[&id]),
        &fields,
        &Map::new(),
        &plan,
    )?;
    Ok(ok(keyed("Gallery", value)))
}

/// `mem/collection/insert` → `data.Collection`.
pub async fn collection_insert(State(sim): State<Sim>, req: PsRequest) -> ApiResult<Response> {
    let session = sim.member(&req)?;
    let spec = new_node(&req, &session)?;
    let (fields, plan) = selection(&req, Kind::Collection)?;
    let logged = json!({"name": spec.name, "parent": spec.parent});
    let now = sim.clock.stamp();
    let mut store = sim.store.write();
    let id = store.insert_collection(spec, now)?;
    sim.record(&req, vec![id.clone()], logged);
    let origin = sim.origin();
    let value = env(&store, &origin, false).render(
        Rec::Collection(&store.collections[&id]),
        &fields,
        &Map::new(),
        &plan,
    )?;
    Ok(ok(keyed("Collection", value)))
}

/// `mem/gallery/{id}/images/insert` (P7) → `data.GalleryImage` rows of the named images.
pub async fn images_insert(
    State(sim): State<Sim>,
    Path(gallery_id): Path<String>,
    req: PsRequest,
) -> ApiResult<Response> {
    let session = sim.member(&req)?;
    let ids = req.list("image_id");
    if ids.is_empty() {
        return Err(ApiError::param(
            "image_id is required: one image id or a comma list",
        ));
    }
    let now = sim.clock.stamp();
    let mut store = sim.store.write();
    store.gallery(&gallery_id, session.library())?;
    for id in &ids {
        store.image(id, session.library())?;
    }
    let added = store.add_to_gallery(&gallery_id, &ids, now);
    if !added.is_empty() {
        let mut object_ids = vec![gallery_id.clone()];
        object_ids.extend(added.iter().cloned());
        sim.record(
            &req,
            object_ids,
            json!({"gallery_id": gallery_id, "image_ids": added}),
        );
    }
    let g = &store.galleries[&gallery_id];
    let rows: Vec<Value> = g
        .images
        .iter()
        .filter(|m| ids.contains(&m.image_id))
        .map(|m| json!({"image_id": m.image_id, "f_visible": if m.f_visible { "t" } else { "f" }}))
        .collect();
    Ok(ok(keyed("GalleryImage", Value::Array(rows))))
}

/// Applies the P8 fields of `req` to `iptc`; returns the fields that changed.
fn apply_iptc(req: &PsRequest, iptc: &mut Iptc) -> ApiResult<Map<String, Value>> {
    let mut sent = false;
    let mut changed = Map::new();
    for name in Iptc::WRITABLE {
        let Some(raw) = req.raw_param(name) else {
            continue;
        };
        sent = true;
        let value = if name == "keyword" {
            split_keywords(raw).join(",")
        } else {
            raw.trim().to_owned()
        };
        let field = iptc.field_mut(name).expect("writable fields exist");
        if *field != value {
            *field = value.clone();
            changed.insert(name.to_owned(), Value::String(value));
        }
    }
    if !sent {
        return Err(ApiError::param(format!(
            "nothing to update: send one of {}",
            Iptc::WRITABLE.join(", ")
        )));
    }
    if changed.contains_key("caption") {
        iptc.display_caption = iptc.caption.clone();
    }
    Ok(changed)
}

/// `mem/image/{id}/iptc/update` (P8) → `data.Iptc`; bumps the image and its galleries.
pub async fn iptc_update(
    State(sim): State<Sim>,
    Path(image_id): Path<String>,
    req: PsRequest,
) -> ApiResult<Response> {
    let session = sim.member(&req)?;
    let now = sim.clock.stamp();
    let mut store = sim.store.write();
    store.image(&image_id, session.library())?;
    let image = store.images.get_mut(&image_id).expect("checked above");
    let changed = apply_iptc(&req, &mut image.meta.iptc)?;
    if !changed.is_empty() {
        sync_xmp(&mut image.meta);
        store.touch_image(&image_id, now);
        sim.record(&req, vec![image_id.clone()], Value::Object(changed));
    }
    let origin = sim.origin();
    let (fields, plan) = selection(&req, Kind::Iptc)?;
    let value = env(&store, &origin, false).render(
        Rec::Iptc(&store.images[&image_id]),
        &fields,
        &Map::new(),
        &plan,
    )?;
    Ok(ok(keyed("Iptc", value)))
}

fn share_record(share: &Share) -> Value {
    json!({
        "share_id": share.id,
        "gallery_id": share.gallery_id,
        "url": share.url,
        "recipients": share.recipients.join(","),
        "expires_at": share.expires_at.map(format_ts).unwrap_or_default(),
        "created_at": format_ts(share.created_at),
    })
}

/// `mem/gallery/{id}/share` (P13): POST creates a share, GET lists the gallery's shares.
pub async fn share(
    State(sim): State<Sim>,
    Path(gallery_id): Path<String>,
    req: PsRequest,
) -> ApiResult<Response> {
    let session = sim.member(&req)?;
    if req.method == Method::GET {
        let store = sim.store.read();
        store.gallery(&gallery_id, session.library())?;
        let list: Vec<Value> = store
            .shares
            .get(&gallery_id)
            .into_iter()
            .flatten()
            .map(share_record)
            .collect();
        return Ok(ok(keyed("Share", Value::Array(list))));
    }
    let recipients = req.list("recipients");
    if recipients.is_empty() {
        return Err(ApiError::param(
            "recipients is required: a comma list of e-mail addresses",
        ));
    }
    if let Some(bad) = recipients.iter().find(|r| {
        !r.split_once('@')
            .is_some_and(|(u, d)| !u.is_empty() && d.contains('.'))
    }) {
        return Err(ApiError::param(format!(
            "recipient {bad:?} is not an e-mail address"
        )));
    }
    let now = sim.clock.stamp();
    let expires_at = match req.param("expires_at") {
        Some(text) => {
            let at = parse_ts(text).ok_or_else(|| {
                ApiError::param(format!(
                    "expires_at must be YYYY-MM-DD HH:MM:SS UTC or YYYY-MM-DD, not {text:?}"
                ))
            })?;
            if at <= now {
                return Err(ApiError::param(format!(
                    "expires_at {text} is not in the future"
                )));
            }
            Some(at)
        }
        None => None,
    };
    let mut store = sim.store.write();
    store.gallery(&gallery_id, session.library())?;
    let id = store.fresh_id('S');
    let share = Share {
        url: format!("{}/share/{id}", sim.origin()),
        id: id.clone(),
        gallery_id: gallery_id.clone(),
        recipients: recipients.clone(),
        message: req.param("message").unwrap_or("").to_owned(),
        expires_at,
        created_at: now,
    };
    let value = share_record(&share);
    store
        .shares
        .entry(gallery_id.clone())
        .or_default()
        .push(share);
    sim.record(&req, vec![id, gallery_id.clone()], json!({"gallery_id": gallery_id, "recipients": recipients, "expires_at": value["expires_at"]}));
    Ok(ok(keyed("Share", value)))
}
