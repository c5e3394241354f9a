//! Downloading one planned image into the folder: the original streamed to disk, or a
//! rendition of the chosen size (ImageLink, P15). Both are written to a temporary file
//! beside the target and renamed into place, so a file in the folder is always whole.

use super::plan::{ImageSize, Planned};
use crate::net::{ApiError, SavedFile};
use crate::photoshelter::{FitMode, ImageId, ImageLink, PhotoShelterClient};
use std::path::Path;

/// The rendition base and token of an image, when a sync stored them.
pub type StoredLink = Option<(String, String)>;

fn link_of(stored: (String, String)) -> ImageLink {
    ImageLink {
        link: String::new(),
        base: stored.0,
        token: stored.1,
        auth_link: None,
    }
}

async fn rendition(
    ps: &PhotoShelterClient,
    link: &ImageLink,
    width: u32,
    height: u32,
    planned: &Planned,
    dest: &Path,
) -> Result<SavedFile, ApiError> {
    let url = link.rendition_url(width, height, FitMode::Fit, &planned.file_name)?;
    let image = ImageId::new(planned.candidate.ps_id.clone());
    ps.download_rendition(&image, &url, dest).await
}

/// Downloads `planned` to `dir/<file name>`.
pub async fn download(
    ps: &PhotoShelterClient,
    planned: &Planned,
    size: ImageSize,
    stored: StoredLink,
    dir: &Path,
) -> Result<SavedFile, ApiError> {
    let dest = dir.join(&planned.file_name);
    let image = ImageId::new(planned.candidate.ps_id.clone());
    match size {
        ImageSize::Original => ps.download_original(&image, &dest).await,
        ImageSize::Fit { width, height } => {
            if let Some(stored) = stored {
                match rendition(ps, &link_of(stored), width, height, planned, &dest).await {
                    Ok(saved) => return Ok(saved),
                    // A replaced original has a new token: ask for a fresh link below.
                    Err(e) if !e.is_transient() => {
                        tracing::info!(image = %image.as_str(), "stored rendition link refused ({e}); asking for a fresh one");
                    }
                    Err(e) => return Err(e),
                }
            }
            let link = ps.image_link(&image, width, height, FitMode::Fit).await?;
            rendition(ps, &link, width, height, planned, &dest).await
        }
    }
}
