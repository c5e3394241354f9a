//! A6 media download by usage (`Original`, derivates `small`/`medium`/`large`, A10) and the
//! media list `GET …/objects/{id}/media`. A product's media is its `main_image`'s.

use super::module_def;
use super::objects::json_response;
use crate::allportal::AllportalSim;
use crate::allportal::auth::{Principal, Right};
use crate::allportal::errors::ApiError;
use crate::allportal::media::{Binary, DERIVATES, ORIGINAL, derivate_size, make_derivate, probe};
use crate::allportal::schema::{FILE, PRODUCT};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::Serialize;
use std::sync::Arc;
use std::time::Instant;

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
}

/// The file whose binary serves `module`/`id`, and that binary.
fn binary_of(sim: &AllportalSim, module: &str, id: &str) -> Result<(String, Binary), ApiError> {
    let store = sim.store.read();
    let object = store
        .get(module, id)
        .ok_or_else(|| ApiError::unknown_object(module, id))?;
    let file_id = match module {
        FILE => id.to_owned(),
        PRODUCT => object
            .text("main_image")
            .map(str::to_owned)
            .ok_or_else(|| {
                ApiError::not_found(format!(
                    "product {id} has no main_image, so no object image"
                ))
            })?,
        _ => {
            return Err(ApiError::not_found(format!(
                "objects of module {module} have no media"
            )));
        }
    };
    let binary = store
        .binaries
        .get(&file_id)
        .cloned()
        .ok_or_else(|| ApiError::not_found(format!("file {file_id} has no binary")))?;
    Ok((file_id, binary))
}

/// The original bytes; a seed image drawn now also fills its `size` and `checksum_md5`.
async fn original(sim: &AllportalSim, file_id: &str, b: &Binary) -> Result<Bytes, ApiError> {
    let was_drawn = b.origin.is_materialised();
    let origin = b.origin.clone();
    let bytes = tokio::task::spawn_blocking(move || origin.bytes())
        .await
        .map_err(internal)?
        .map_err(internal)?;
    if !was_drawn {
        let p = probe(&bytes, &b.file_name, Some(&b.mime_type));
        sim.store.write().fill_drawn(file_id, p.size, &p.md5);
    }
    Ok(bytes)
}

fn usage_edge(usage: &str) -> Option<(&'static str, u32)> {
    DERIVATES.iter().find(|(u, _)| *u == usage).copied()
}

async fn derivate(
    sim: &AllportalSim,
    file_id: &str,
    b: &Binary,
    usage: &'static str,
    edge: u32,
) -> Result<Bytes, ApiError> {
    if !b.has_derivates() {
        return Err(ApiError::not_found(format!(
            "file {file_id} ({}) has no derivate {usage}",
            b.mime_type
        )));
    }
    if Instant::now() < b.derivates_ready_at {
        return Err(ApiError::not_found(format!(
            "derivate {usage} of file {file_id} is not ready yet; try again shortly"
        )));
    }
    if let Some(hit) = sim.cache.lock().get(file_id, b.version, usage) {
        return Ok(hit);
    }
    let source = original(sim, file_id, b).await?;
    let made = tokio::task::spawn_blocking(move || make_derivate(&source, edge))
        .await
        .map_err(internal)?
        .map_err(internal)?;
    sim.cache
        .lock()
        .put(file_id, b.version, usage, made.clone());
    Ok(made)
}

/// `attachment; filename="…"` with an RFC 5987 form for names that are not plain ASCII.
fn disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if ascii == name {
        format!("attachment; filename=\"{name}\"")
    } else {
        let encoded: String = name
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect();
        format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
    }
}

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

/// A6 `GET /api/modules/{module}/objects/{id}/media/{usage}`.
pub async fn download(
    State(sim): State<Arc<AllportalSim>>,
    Path((module, id, usage)): Path<(String, String, String)>,
    principal: Principal,
) -> Result<Response, ApiError> {
    let def = module_def(&module)?;
    principal
        .require(def.name, Right::Read)
        .map_err(ApiError::forbidden)?;
    let (file_id, b) = binary_of(&sim, def.name, &id)?;
    let (bytes, mime, name) = if usage.eq_ignore_ascii_case(ORIGINAL) {
        (
            original(&sim, &file_id, &b).await?,
            b.mime_type.clone(),
            b.file_name.clone(),
        )
    } else if let Some((usage, edge)) = usage_edge(&usage) {
        let bytes = derivate(&sim, &file_id, &b, usage, edge).await?;
        (
            bytes,
            "image/jpeg".to_owned(),
            format!("{}_{usage}.jpg", stem(&b.file_name)),
        )
    } else {
        return Err(ApiError::not_found(format!(
            "unknown usage `{usage}` (known: {ORIGINAL}, small, medium, large)"
        )));
    };
    let headers = [
        (header::CONTENT_TYPE, mime),
        (header::CONTENT_LENGTH, bytes.len().to_string()),
        (header::CONTENT_DISPOSITION, disposition(&name)),
    ];
    Ok((headers, bytes).into_response())
}

#[derive(Serialize)]
struct MediaEntry {
    usage: &'static str,
    mime_type: String,
    size: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<String>,
}

/// `GET /api/modules/{module}/objects/{id}/media`: the usages that can be downloaded now.
pub async fn list(
    State(sim): State<Arc<AllportalSim>>,
    Path((module, id)): Path<(String, String)>,
    principal: Principal,
) -> Result<Response, ApiError> {
    let def = module_def(&module)?;
    principal
        .require(def.name, Right::Read)
        .map_err(ApiError::forbidden)?;
    let (file_id, b) = binary_of(&sim, def.name, &id)?;
    let original_bytes = original(&sim, &file_id, &b).await?;
    let dims = |d: Option<(u32, u32)>| d.map(|(w, h)| (w.to_string(), h.to_string())).unzip();
    let (width, height) = dims(b.dimensions);
    let mut entries = vec![MediaEntry {
        usage: ORIGINAL,
        mime_type: b.mime_type.clone(),
        size: original_bytes.len().to_string(),
        width,
        height,
    }];
    if let Some(d) = b
        .dimensions
        .filter(|_| Instant::now() >= b.derivates_ready_at)
    {
        for (usage, edge) in DERIVATES {
            let bytes = derivate(&sim, &file_id, &b, usage, *edge).await?;
            let (width, height) = dims(Some(derivate_size(d, *edge)));
            entries.push(MediaEntry {
                usage,
                mime_type: "image/jpeg".into(),
                size: bytes.len().to_string(),
                width,
                height,
            });
        }
    }
    Ok(json_response(StatusCode::OK, &entries))
}
