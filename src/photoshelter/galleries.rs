//! Gallery writes: create (P6, with a look-up by name first), add existing images (P7),
//! and shares with named recipients (P13).

use super::assumptions::{GALLERY_IMAGES_INSERT, GALLERY_INSERT, GALLERY_SHARE, fill};
use super::client::{Params, PhotoShelterClient};
use super::ids::{CollectionId, GalleryId, ImageId};
use super::records::{Gallery, GalleryImage, Share};
use crate::net::{ApiError, Replay, path_segment};
use chrono::{DateTime, Utc};
use reqwest::Method;

/// Who may see a gallery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Visibility {
    #[default]
    Private,
    Permission,
    Everyone,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Private => "private",
            Visibility::Permission => "permission",
            Visibility::Everyone => "everyone",
        }
    }
}

/// A gallery to create (P6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGallery {
    pub name: String,
    /// The collection to create it in; `None` = the top of the tree.
    pub parent: Option<CollectionId>,
    /// Listed on the site/portal (`f_list`).
    pub listed: bool,
    pub visibility: Visibility,
}

/// A share to create (P13).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewShare {
    pub recipients: Vec<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub message: Option<String>,
}

impl PhotoShelterClient {
    /// Creates a gallery (P6). Not idempotent (names need not be unique): pass
    /// `Replay::Safe` only after [`Self::find_gallery`] found none, or use
    /// [`Self::ensure_gallery`].
    pub async fn create_gallery(
        &self,
        new: &NewGallery,
        replay: Replay,
    ) -> Result<Gallery, ApiError> {
        let mut form = vec![
            ("name".to_string(), new.name.clone()),
            (
                "f_list".to_string(),
                if new.listed { "t" } else { "f" }.to_string(),
            ),
            ("mode".to_string(), new.visibility.as_str().to_string()),
        ];
        if let Some(parent) = &new.parent {
            form.push(("parent".into(), parent.as_str().to_string()));
        }
        let mut data = self
            .call(Method::POST, GALLERY_INSERT, Params::form(form), replay)
            .await?;
        data.take("Gallery")
    }

    /// The gallery called `name` directly inside `parent` (the top when `None`), if any.
    pub async fn find_gallery(
        &self,
        parent: Option<&CollectionId>,
        name: &str,
    ) -> Result<Option<Gallery>, ApiError> {
        let parent = parent.cloned().unwrap_or_else(CollectionId::root);
        let children = self.children(&parent).await?;
        Ok(children.galleries.into_iter().find(|g| g.name == name))
    }

    /// The gallery called `new.name` in `new.parent`, created when missing.
    pub async fn ensure_gallery(&self, new: &NewGallery) -> Result<Gallery, ApiError> {
        if let Some(found) = self.find_gallery(new.parent.as_ref(), &new.name).await? {
            return Ok(found);
        }
        self.create_gallery(new, Replay::Unsafe).await
    }

    /// Adds existing images to a gallery (P7); adding one twice is a no-op, so it is
    /// retried freely.
    pub async fn add_to_gallery(
        &self,
        gallery: &GalleryId,
        images: &[ImageId],
    ) -> Result<Vec<GalleryImage>, ApiError> {
        if images.is_empty() {
            return Ok(Vec::new());
        }
        let path = fill(
            GALLERY_IMAGES_INSERT,
            "gallery_id",
            &path_segment(gallery.as_str()),
        );
        let ids: Vec<&str> = images.iter().map(ImageId::as_str).collect();
        let form = vec![("image_id".to_string(), ids.join(","))];
        let mut data = self
            .call(Method::POST, &path, Params::form(form), Replay::Safe)
            .await?;
        data.take_list("GalleryImage")
    }

    /// The shares of a gallery (P13), to find one already made before making another.
    pub async fn shares(&self, gallery: &GalleryId) -> Result<Vec<Share>, ApiError> {
        let path = fill(GALLERY_SHARE, "gallery_id", &path_segment(gallery.as_str()));
        let mut data = self
            .call(Method::GET, &path, Params::default(), Replay::Safe)
            .await?;
        data.take_list("Share")
    }

    /// Shares a gallery with `recipients` (P13). Not idempotent: pass `Replay::Safe` only
    /// after [`Self::shares`] showed no such share.
    pub async fn create_share(
        &self,
        gallery: &GalleryId,
        share: &NewShare,
        replay: Replay,
    ) -> Result<Share, ApiError> {
        if share.recipients.is_empty() {
            return Err(ApiError::invalid("a share needs at least one recipient"));
        }
        let path = fill(GALLERY_SHARE, "gallery_id", &path_segment(gallery.as_str()));
        let mut form = vec![("recipients".to_string(), share.recipients.join(","))];
        if let Some(at) = share.expires_at {
            form.push((
                "expires_at".into(),
                at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            ));
        }
        if let Some(message) = &share.message {
            form.push(("message".into(), message.clone()));
        }
        let mut data = self
            .call(Method::POST, &path, Params::form(form), replay)
            .await?;
        data.take("Share")
    }
}
