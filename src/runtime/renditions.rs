//! Where thumbnails come from in a running workspace: the thumbnail layer's
//! [`RenditionSource`] answered from the cache rows a sync wrote (an asset's `ImageLink`
//! base, token and fingerprint; a 4ALLPORTAL file's `mod_time_img` and version) and the
//! workspace's clients, built once when the background work starts.

use crate::accounts::Remotes;
use crate::allportal::{AllportalClient, ObjectId};
use crate::cache::Cache;
use crate::photoshelter::{ImageId, ImageLink, PhotoShelterClient};
use crate::thumbs::{Located, Origin, RemoteSubject, RenditionSource, ThumbError};
use rusqlite::OptionalExtension;

/// The cache and the connected services, for the `thumb` scheme.
pub struct CacheRenditions {
    pub cache: Cache,
    /// `None` while the workspace has no connected accounts.
    pub remotes: Option<Remotes>,
}

fn cache_error(err: rusqlite::Error) -> ThumbError {
    ThumbError::Remote(format!(
        "cannot read the cache for a thumbnail: {err}; restart Shelflink if this persists"
    ))
}

impl CacheRenditions {
    fn asset(&self, image: &ImageId) -> Result<Option<Located>, ThumbError> {
        type Row = (Option<String>, Option<String>, Option<String>, String);
        let row: Option<Row> = self
            .cache
            .with_conn(|c| {
                c.query_row(
                    "SELECT fingerprint, thumb_base, thumb_token, file_name FROM assets
                     WHERE ps_id = ?1 AND deleted_at IS NULL",
                    [image.as_str()],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()
            })
            .map_err(cache_error)?;
        let Some((fingerprint, Some(base), token, file_name)) = row else {
            return Ok(None);
        };
        let token = token.unwrap_or_default();
        Ok(Some(Located {
            fingerprint: fingerprint.unwrap_or_else(|| token.clone()),
            origin: Origin::PhotoShelter {
                link: ImageLink {
                    link: String::new(),
                    base,
                    token,
                    auth_link: None,
                },
                file_name,
            },
        }))
    }

    fn file(&self, module: &str, id: &ObjectId) -> Result<Option<Located>, ThumbError> {
        let file_module = self
            .remotes
            .as_ref()
            .map_or_else(|| "file".to_string(), |r| r.mapping.file.module.clone());
        if module != file_module {
            return Ok(None);
        }
        type Row = (Option<String>, Option<String>, String);
        let row: Option<Row> = self
            .cache
            .with_conn(|c| {
                c.query_row(
                    "SELECT mod_time_img, mod_time, fields FROM ap_files
                     WHERE ap_id = ?1 AND deleted_at IS NULL",
                    [id.as_str()],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()
            })
            .map_err(cache_error)?;
        let Some((image_time, mod_time, fields)) = row else {
            return Ok(None);
        };
        // Two binaries may land within one second: the version tells them apart.
        let version = serde_json::from_str::<serde_json::Value>(&fields)
            .ok()
            .and_then(|f| f.get("version_no").map(|v| v.to_string()))
            .unwrap_or_default();
        Ok(Some(Located {
            fingerprint: format!("{}|{version}", image_time.or(mod_time).unwrap_or_default()),
            origin: Origin::Allportal,
        }))
    }
}

impl RenditionSource for CacheRenditions {
    fn locate(&self, subject: &RemoteSubject) -> Result<Option<Located>, ThumbError> {
        match subject {
            RemoteSubject::PhotoShelter { image } => self.asset(image),
            RemoteSubject::Allportal { module, id } => self.file(module, id),
        }
    }

    fn photoshelter(&self) -> Result<PhotoShelterClient, ThumbError> {
        self.remotes
            .as_ref()
            .map(|r| r.photoshelter.clone())
            .ok_or(ThumbError::NotConnected {
                service: "PhotoShelter",
            })
    }

    fn allportal(&self) -> Result<AllportalClient, ThumbError> {
        self.remotes
            .as_ref()
            .map(|r| r.allportal.clone())
            .ok_or(ThumbError::NotConnected {
                service: "4ALLPORTAL",
            })
    }
}
