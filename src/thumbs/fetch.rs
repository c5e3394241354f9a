//! Fetching server renditions into bytes for the store: PhotoShelter renditions of exactly
//! the box (P15), 4ALLPORTAL derivates (A10) scaled down to the box by the local pipeline.
//! Downloads stream into the store's `tmp/` folder and are read back once complete.

use super::error::ThumbError;
use super::pipeline::{self, Limits};
use super::size::ThumbSize;
use crate::allportal::{AllportalClient, ObjectId};
use crate::net::ApiError;
use crate::photoshelter::{FitMode, ImageId, ImageLink, PhotoShelterClient};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// What a fetch needs besides the subject: where to download, how to decode.
#[derive(Clone)]
pub(crate) struct FetchContext {
    pub tmp_dir: PathBuf,
    pub limits: Limits,
    /// Decodes running at once (each may take up to `limits.max_memory`).
    pub decodes: Arc<Semaphore>,
}

impl FetchContext {
    /// Runs the local pipeline on `data` in a blocking thread, under the decode cap.
    pub async fn shrink(&self, data: Vec<u8>, size: ThumbSize) -> Result<Vec<u8>, ThumbError> {
        let _permit = self
            .decodes
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ThumbError::Remote("thumbnails are shutting down".into()))?;
        let limits = self.limits;
        tokio::task::spawn_blocking(move || {
            pipeline::thumbnail_of_bytes(&data, size.px(), &limits).map(|t| t.bytes)
        })
        .await
        .map_err(|e| ThumbError::damaged(format!("the thumbnail worker stopped: {e}")))?
    }

    /// Makes the thumbnail of a local file in a blocking thread, under the decode cap.
    pub async fn local(&self, path: PathBuf, size: ThumbSize) -> Result<Vec<u8>, ThumbError> {
        let _permit = self
            .decodes
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ThumbError::Remote("thumbnails are shutting down".into()))?;
        let limits = self.limits;
        tokio::task::spawn_blocking(move || {
            pipeline::thumbnail_of_file(&path, size.px(), &limits).map(|t| t.bytes)
        })
        .await
        .map_err(|e| ThumbError::damaged(format!("the thumbnail worker stopped: {e}")))?
    }

    fn download_path(&self) -> PathBuf {
        self.tmp_dir
            .join(format!("download-{}", uuid::Uuid::new_v4()))
    }
}

/// The rendition of a PhotoShelter image fitting `size`. A stale token (the original was
/// replaced since the last sync: 403) is renewed once with a fresh `ImageLink`.
pub(crate) async fn photoshelter(
    ctx: &FetchContext,
    client: &PhotoShelterClient,
    image: &ImageId,
    link: &ImageLink,
    file_name: &str,
    size: ThumbSize,
) -> Result<Vec<u8>, ThumbError> {
    let px = size.px();
    let url = link
        .rendition_url(px, px, FitMode::Fit, file_name)
        .map_err(remote)?;
    let dest = ctx.download_path();
    let saved = match client.download_rendition(image, &url, &dest).await {
        Err(ApiError::Forbidden { .. }) => {
            tracing::debug!(
                image = image.as_str(),
                "rendition token refused; asking for a fresh link"
            );
            let fresh = client
                .image_link(image, px, px, FitMode::Fit)
                .await
                .map_err(remote)?;
            let url = fresh
                .rendition_url(px, px, FitMode::Fit, file_name)
                .map_err(remote)?;
            client.download_rendition(image, &url, &dest).await
        }
        other => other,
    }
    .map_err(remote)?;
    let data = read_and_remove(&saved.path)?;
    fit_or_shrink(ctx, data, size, "PhotoShelter").await
}

/// The smallest 4ALLPORTAL derivate covering `size`, scaled down to it.
pub(crate) async fn allportal(
    ctx: &FetchContext,
    client: &AllportalClient,
    module: &str,
    id: &ObjectId,
    size: ThumbSize,
) -> Result<Vec<u8>, ThumbError> {
    let dest = ctx.download_path();
    let saved = client
        .download_media(module, id, size.allportal_usage(), &dest)
        .await
        .map_err(remote)?;
    let data = read_and_remove(&saved.path)?;
    fit_or_shrink(ctx, data, size, "4ALLPORTAL").await
}

/// Keeps a downloaded image that already fits the box; scales a larger one down; refuses
/// anything that is not an image.
async fn fit_or_shrink(
    ctx: &FetchContext,
    data: Vec<u8>,
    size: ThumbSize,
    service: &'static str,
) -> Result<Vec<u8>, ThumbError> {
    if super::store::content_type(&data).is_none() {
        let detail = if data.is_empty() {
            "an empty answer".to_string()
        } else {
            format!("{} bytes of another kind", data.len())
        };
        return Err(ThumbError::NotAPreview { service, detail });
    }
    let dimensions = image::ImageReader::new(std::io::Cursor::new(&data))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_dimensions().ok());
    match dimensions {
        Some((w, h)) if w.max(h) <= size.px() => Ok(data),
        _ => ctx.shrink(data, size).await,
    }
}

fn read_and_remove(path: &Path) -> Result<Vec<u8>, ThumbError> {
    let data = std::fs::read(path).map_err(|e| ThumbError::file("read the download", path, e));
    let _ = std::fs::remove_file(path);
    data
}

/// A client error as a thumbnail error: not connected, or the service's own words.
fn remote(err: ApiError) -> ThumbError {
    ThumbError::Remote(err.to_string())
}
