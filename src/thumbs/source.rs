//! What a thumbnail shows and where its pixels come from. The thumbnail layer knows no cache
//! schema: the commands layer implements [`RenditionSource`] from cache rows (an asset's
//! PhotoShelter id, `ImageLink` base and token and content fingerprint; a 4ALLPORTAL file's
//! id, `mod_time_img` and `version_no`) and from the connected accounts.

use super::error::ThumbError;
use crate::allportal::{AllportalClient, ObjectId};
use crate::photoshelter::{ImageId, ImageLink, PhotoShelterClient};

/// A remote object whose picture a thumbnail shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RemoteSubject {
    /// A PhotoShelter image (an asset).
    PhotoShelter { image: ImageId },
    /// A 4ALLPORTAL object with media (a `file` object, A10).
    Allportal { module: String, id: ObjectId },
}

impl RemoteSubject {
    /// The identity part of the store key (`ps:{id}`, `ap:{module}:{id}`).
    pub fn identity(&self) -> String {
        match self {
            RemoteSubject::PhotoShelter { image } => format!("ps:{}", image.as_str()),
            RemoteSubject::Allportal { module, id } => format!("ap:{module}:{}", id.as_str()),
        }
    }
}

impl std::fmt::Display for RemoteSubject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RemoteSubject::PhotoShelter { image } => {
                write!(f, "PhotoShelter image {}", image.as_str())
            }
            RemoteSubject::Allportal { module, id } => {
                write!(f, "4ALLPORTAL {module} {}", id.as_str())
            }
        }
    }
}

/// Where the current pixels of a subject come from, as the cache knows them now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// Changes whenever the pixels change (PhotoShelter: rendition token + file size +
    /// `updated_at`; 4ALLPORTAL: `mod_time_img` + `version_no`, since two binaries may land
    /// within one second). Part of the store key and of the URL's `v`.
    pub fingerprint: String,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A rendition of any size from the asset's `ImageLink` base and token (P15).
    PhotoShelter { link: ImageLink, file_name: String },
    /// The object's derivates (`small`, `medium`, `large`; A10).
    Allportal,
}

/// The cache and the accounts, as the thumbnail layer needs them. Called on the request path:
/// keep it quick (an indexed lookup; clients built once and kept).
pub trait RenditionSource: Send + Sync {
    /// Where the pixels of `subject` come from now; `Ok(None)` when the cache does not know
    /// it (not synced yet, or deleted).
    fn locate(&self, subject: &RemoteSubject) -> Result<Option<Located>, ThumbError>;

    /// The PhotoShelter connection ([`ThumbError::NotConnected`] without an account).
    fn photoshelter(&self) -> Result<PhotoShelterClient, ThumbError>;

    /// The 4ALLPORTAL connection ([`ThumbError::NotConnected`] without an account).
    fn allportal(&self) -> Result<AllportalClient, ThumbError>;
}
