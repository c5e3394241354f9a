//! Bytes: original downloads (`mem/image/{id}/download`), renditions on the image host
//! (`/img-get2/{image_id}/sec={token}/{fit|fill}={W}x{H}/{file}`, P15) and the page a
//! share link opens.

use super::Sim;
use crate::photoshelter::PhotoshelterSim;
use crate::photoshelter::error::{ApiError, ApiResult};
use crate::photoshelter::extend::records::parse_size;
use crate::photoshelter::media::{Fit, load_original, render};
use crate::photoshelter::model::{Image, Original};
use crate::photoshelter::request::PsRequest;
use crate::seed::model::ImageSource;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

fn content_type(file_name: &str) -> &'static str {
    let lower = file_name.to_ascii_lowercase();
    if lower.ends_with(".png") {
        "image/png"
    } else {
        "image/jpeg"
    }
}

impl PhotoshelterSim {
    /// The original of `image`, from the cache or read/drawn now.
    pub(crate) async fn original_bytes(&self, image: &Image) -> ApiResult<Bytes> {
        let key = (image.id.clone(), image.token.clone());
        if let Some(bytes) = self.originals.get(&key) {
            return Ok(bytes);
        }
        let (original, id) = (image.original.clone(), image.id.clone());
        let bytes = tokio::task::spawn_blocking(move || load_original(&original))
            .await
            .map_err(|e| ApiError::server(format!("reading the original of {id} stopped: {e}")))?
            .map_err(|e| {
                ApiError::server(format!(
                    "the original of {} cannot be read: {e:#}",
                    image.id
                ))
            })?;
        self.originals.put(key, bytes.clone());
        Ok(bytes)
    }
}

/// `mem/image/{id}/download`: the original, with its name in `Content-Disposition`.
pub async fn download(
    State(sim): State<Sim>,
    Path(id): Path<String>,
    req: PsRequest,
) -> ApiResult<Response> {
    let session = sim.member(&req)?;
    let image = sim.store.read().image(&id, session.library())?.clone();
    let name = image.file_name.replace(['"', '\\', '\r', '\n'], "_");
    let headers = [
        (
            header::CONTENT_TYPE,
            content_type(&image.file_name).to_owned(),
        ),
        (
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ),
    ];
    if let Original::Seed(ImageSource::File(path)) = &image.original {
        let file = tokio::fs::File::open(path)
            .await
            .map_err(|e| ApiError::server(format!("the original of {id} cannot be read: {e}")))?;
        let len = file
            .metadata()
            .await
            .map(|m| m.len())
            .unwrap_or(image.file_size);
        let body = Body::from_stream(tokio_util::io::ReaderStream::new(file));
        return Ok((headers, [(header::CONTENT_LENGTH, len.to_string())], body).into_response());
    }
    let bytes = sim.original_bytes(&image).await?;
    Ok((
        headers,
        [(header::CONTENT_LENGTH, bytes.len().to_string())],
        bytes,
    )
        .into_response())
}

fn parse_box(size: &str, image: &Image) -> ApiResult<(Fit, u32, u32)> {
    let (mode, dims) = size.split_once('=').ok_or_else(|| {
        ApiError::param(format!(
            "the rendition size must look like fit=300x300, not {size:?}"
        ))
    })?;
    let fit = match mode {
        "fit" => Fit::Fit,
        "fill" => Fit::Fill,
        other => {
            return Err(ApiError::param(format!(
                "the rendition mode must be fit or fill, not {other:?}"
            )));
        }
    };
    let (w, h) = parse_size(dims, fit, image.width, image.height)?;
    Ok((fit, w, h))
}

/// `/img-get2/{image_id}/sec={token}/{fit|fill}={W}x{H}/{file}`: a resized JPEG; 403 when
/// the token is not the image's current one.
pub async fn rendition(
    State(sim): State<Sim>,
    Path((image_id, sec, size, _file)): Path<(String, String, String, String)>,
) -> ApiResult<Response> {
    let image = sim
        .store
        .read()
        .images
        .get(&image_id)
        .cloned()
        .ok_or_else(|| ApiError::not_found(format!("no image has the id {image_id}")))?;
    let token = sec.strip_prefix("sec=").unwrap_or("");
    if token != image.token {
        return Err(ApiError::permission(format!(
            "the rendition token does not match image {image_id} (its original may have been replaced); ask image/{image_id}/link for a fresh link"
        )));
    }
    let (fit, w, h) = parse_box(&size, &image)?;
    let key = (image.id.clone(), image.token.clone(), fit, w, h);
    let bytes = match sim.renditions.get(&key) {
        Some(bytes) => bytes,
        None => {
            let original = sim.original_bytes(&image).await?;
            let drawn = tokio::task::spawn_blocking(move || render(&original, fit, w, h))
                .await
                .map_err(|e| ApiError::server(format!("drawing the rendition stopped: {e}")))?
                .map_err(|e| {
                    ApiError::server(format!(
                        "the rendition of {image_id} cannot be drawn: {e:#}"
                    ))
                })?;
            sim.renditions.put(key, drawn.clone());
            drawn
        }
    };
    let headers = [
        (header::CONTENT_TYPE, "image/jpeg"),
        (header::CACHE_CONTROL, "public, max-age=86400"),
    ];
    Ok((headers, bytes).into_response())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `/share/{share_id}`: the page a share recipient opens (410 once expired).
pub async fn share_page(State(sim): State<Sim>, Path(share_id): Path<String>) -> Response {
    let store = sim.store.read();
    let Some(share) = store.shares.values().flatten().find(|s| s.id == share_id) else {
        return (
            StatusCode::NOT_FOUND,
            Html("<h1>This share does not exist</h1>".to_owned()),
        )
            .into_response();
    };
    if share.expires_at.is_some_and(|at| at <= sim.clock.now()) {
        return (
            StatusCode::GONE,
            Html("<h1>This share has expired</h1>".to_owned()),
        )
            .into_response();
    }
    let Some(gallery) = store.galleries.get(&share.gallery_id) else {
        return (
            StatusCode::GONE,
            Html("<h1>The shared gallery was removed</h1>".to_owned()),
        )
            .into_response();
    };
    let body = format!(
        "<!doctype html><title>{name}</title><h1>{name}</h1><p>{n} images shared with {to}.</p><p>{msg}</p>",
        name = escape(&gallery.node.name),
        n = gallery.images.len(),
        to = escape(&share.recipients.join(", ")),
        msg = escape(&share.message),
    );
    Html(body).into_response()
}
