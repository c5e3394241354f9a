//! Binary writes: A8 upload `POST /api/modules/file/upload` (multipart, streamed, 201 with
//! the new file object) and A9 replace `PUT /api/modules/file/objects/{id}/media/original`
//! (raw body or multipart `file`).

use super::module_def;
use super::objects::json_response;
use crate::allportal::AllportalSim;
use crate::allportal::auth::Principal;
use crate::allportal::errors::ApiError;
use crate::allportal::media::{Binary, Origin, probe};
use crate::allportal::object::{ObjectJson, Projection};
use crate::allportal::schema::FILE;
use crate::allportal::seed::UPLOAD_FOLDER;
use axum::extract::multipart::Field;
use axum::extract::{FromRequest, Multipart, OriginalUri, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use bytes::{Bytes, BytesMut};
use futures::StreamExt;
use serde_json::{Map, Value as Json, json};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn too_large(limit: u64) -> ApiError {
    ApiError::too_large(format!(
        "the file is larger than the upload limit of {limit} bytes"
    ))
}

/// Reads one multipart part chunk by chunk, refusing it once it passes `limit` bytes.
async fn read_part(field: &mut Field<'_>, limit: u64) -> Result<Bytes, ApiError> {
    let mut buf = BytesMut::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| ApiError::bad_request(format!("reading the multipart body: {e}")))?
    {
        if (buf.len() + chunk.len()) as u64 > limit {
            return Err(too_large(limit));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

async fn text_part(field: &mut Field<'_>) -> Result<String, ApiError> {
    let bytes = read_part(field, 1024 * 1024).await?;
    String::from_utf8(bytes.to_vec()).map_err(|_| ApiError::bad_request("a text part is not UTF-8"))
}

struct Upload {
    bytes: Bytes,
    file_name: String,
    content_type: Option<String>,
}

fn new_binary(
    sim: &AllportalSim,
    upload: &Upload,
    mime_type: String,
    dimensions: Option<(u32, u32)>,
) -> Binary {
    let delay = Duration::from_millis(sim.settings.read().derivate_delay_ms);
    Binary {
        origin: Arc::new(Origin::Bytes(upload.bytes.clone())),
        mime_type,
        file_name: upload.file_name.clone(),
        dimensions,
        version: 1,
        derivates_ready_at: Instant::now() + delay,
    }
}

fn object_response(sim: &AllportalSim, id: &str, status: StatusCode) -> Response {
    let store = sim.store.read();
    match store.get(FILE, id) {
        Some(o) => {
            let view = ObjectJson {
                object: o,
                derived: store.derived(o),
                projection: &Projection::All,
            };
            json_response(status, &view)
        }
        None => ApiError::unknown_object(FILE, id).into_response(),
    }
}

use axum::response::IntoResponse;

/// A8: multipart `file`, `parent_path` (default `/Shelflink/`) or `folder_id`, optional `fields`.
pub async fn upload(
    State(sim): State<Arc<AllportalSim>>,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, ApiError> {
    let mut multipart = multipart
        .map_err(|e| ApiError::bad_request(format!("expected a multipart/form-data body: {e}")))?;
    let limit = sim.settings.read().max_upload_bytes;
    let mut upload: Option<Upload> = None;
    let mut parent_path: Option<String> = None;
    let mut fields = Map::new();
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| ApiError::bad_request(format!("reading the multipart body: {e}")))?
    {
        match field.name().unwrap_or_default() {
            "file" => {
                let file_name = field
                    .file_name()
                    .filter(|n| !n.is_empty())
                    .ok_or_else(|| ApiError::bad_request("the `file` part needs a file name"))?
                    .to_owned();
                let content_type = field.content_type().map(str::to_owned);
                let bytes = read_part(&mut field, limit).await?;
                upload = Some(Upload {
                    bytes,
                    file_name,
                    content_type,
                });
            }
            "parent_path" => parent_path = Some(text_part(&mut field).await?),
            "folder_id" => {
                let id = text_part(&mut field).await?;
                let store = sim.store.read();
                let folder = store
                    .get(crate::allportal::schema::FOLDER, id.trim())
                    .ok_or_else(|| ApiError::bad_request(format!("no folder with id {id}")))?;
                parent_path = folder.text("path").map(str::to_owned);
            }
            "fields" => {
                let text = text_part(&mut field).await?;
                match serde_json::from_str::<Json>(&text) {
                    Ok(Json::Object(map)) => fields = map,
                    _ => {
                        return Err(ApiError::bad_request(
                            "the `fields` part must be a JSON object of field arrays",
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    let upload =
        upload.ok_or_else(|| ApiError::bad_request("the multipart body has no `file` part"))?;
    let parent_path = parent_path.unwrap_or_else(|| UPLOAD_FOLDER.to_owned());
    let (bytes, name, declared) = (
        upload.bytes.clone(),
        upload.file_name.clone(),
        upload.content_type.clone(),
    );
    let p = tokio::task::spawn_blocking(move || probe(&bytes, &name, declared.as_deref()))
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let binary = new_binary(&sim, &upload, p.mime_type.clone(), p.dimensions);
    let id = {
        let mut store = sim.store.write();
        let outcome = store.create_file(binary, &p, &parent_path, fields.clone(), &principal)?;
        let id = outcome.written[0].id.clone();
        let logged = json!({
            "module": FILE, "name": upload.file_name, "parent_path": parent_path,
            "size": p.size.to_string(), "checksum_md5": p.md5, "fields": fields,
        });
        sim.record("POST", uri.path(), &principal, &outcome, logged);
        id
    };
    Ok(object_response(&sim, &id, StatusCode::CREATED))
}

/// The new binary of a replace: the `file` part of a multipart body, or the raw body.
async fn replacement(
    sim: &AllportalSim,
    req: Request,
    fallback_name: String,
) -> Result<Upload, ApiError> {
    let limit = sim.settings.read().max_upload_bytes;
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if content_type
        .as_deref()
        .is_some_and(|c| c.starts_with("multipart/form-data"))
    {
        let mut multipart = Multipart::from_request(req, &())
            .await
            .map_err(|e| ApiError::bad_request(format!("reading the multipart body: {e}")))?;
        while let Some(mut field) = multipart
            .next_field()
            .await
            .map_err(|e| ApiError::bad_request(format!("reading the multipart body: {e}")))?
        {
            if field.name() == Some("file") {
                let file_name = field
                    .file_name()
                    .map(str::to_owned)
                    .unwrap_or(fallback_name);
                let content_type = field.content_type().map(str::to_owned);
                let bytes = read_part(&mut field, limit).await?;
                return Ok(Upload {
                    bytes,
                    file_name,
                    content_type,
                });
            }
        }
        return Err(ApiError::bad_request(
            "the multipart body has no `file` part",
        ));
    }
    let mut stream = req.into_body().into_data_stream();
    let mut buf = BytesMut::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| ApiError::bad_request(format!("reading the body: {e}")))?;
        if (buf.len() + chunk.len()) as u64 > limit {
            return Err(too_large(limit));
        }
        buf.extend_from_slice(&chunk);
    }
    if buf.is_empty() {
        return Err(ApiError::bad_request(
            "the body is empty; send the new binary",
        ));
    }
    Ok(Upload {
        bytes: buf.freeze(),
        file_name: fallback_name,
        content_type,
    })
}

/// A9 for `actor`, logged under `path`; also used by the control route.
pub async fn replace_as(
    sim: &AllportalSim,
    id: &str,
    req: Request,
    actor: &Principal,
    path: &str,
) -> Result<Response, ApiError> {
    let name = {
        let store = sim.store.read();
        let o = store
            .get(FILE, id)
            .ok_or_else(|| ApiError::unknown_object(FILE, id))?;
        o.text("name").unwrap_or("file").to_owned()
    };
    let upload = replacement(sim, req, name.clone()).await?;
    let (bytes, declared) = (upload.bytes.clone(), upload.content_type.clone());
    let p = tokio::task::spawn_blocking(move || probe(&bytes, &name, declared.as_deref()))
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let binary = new_binary(sim, &upload, p.mime_type.clone(), p.dimensions);
    {
        let mut store = sim.store.write();
        let outcome = store.replace_binary(id, binary, &p, actor)?;
        sim.cache.lock().forget(id);
        let version = store
            .get(FILE, id)
            .and_then(|o| o.text("version_no"))
            .unwrap_or_default()
            .to_owned();
        let logged = json!({"module": FILE, "size": p.size.to_string(), "checksum_md5": p.md5, "version_no": version});
        sim.record("PUT", path, actor, &outcome, logged);
    }
    Ok(object_response(sim, id, StatusCode::OK))
}

/// A9 `PUT /api/modules/{module}/objects/{id}/media/{usage}` (usage `original`, module `file`).
pub async fn replace(
    State(sim): State<Arc<AllportalSim>>,
    Path((module, id, usage)): Path<(String, String, String)>,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    req: Request,
) -> Result<Response, ApiError> {
    let def = module_def(&module)?;
    if def.name != FILE || !usage.eq_ignore_ascii_case("original") {
        return Err(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "only the original binary of a file can be replaced (PUT …/file/objects/{id}/media/original); derivates are made by the server",
        ));
    }
    replace_as(&sim, &id, req, &principal, uri.path()).await
}
