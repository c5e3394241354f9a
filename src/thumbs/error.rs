//! What can go wrong making or serving a thumbnail, each saying what it means for the person
//! looking at the grid and what to do. Cheap to clone: one failed fetch answers every request
//! that waited for it.

use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThumbError {
    /// The file is empty.
    #[error(
        "the file is empty (0 bytes): it may still be copying, or the copy failed; add it again"
    )]
    Empty,
    /// The bytes are not an image format Shelflink knows.
    #[error("the file is not an image Shelflink can read (JPEG, PNG or TIFF)")]
    NotAnImage,
    /// A known format Shelflink does not decode (HEIC, WebP…): `format` names it.
    #[error("{format} images get no thumbnail in Shelflink: {hint}")]
    Unsupported { format: String, hint: String },
    /// The header claims more pixels than the limit: a decompression bomb or a giant scan.
    #[error(
        "the image claims {width}×{height} pixels, more than the {limit_mp} megapixels Shelflink \
         decodes for a thumbnail; if the file is genuine, export a smaller copy"
    )]
    TooLarge {
        width: u32,
        height: u32,
        limit_mp: u64,
    },
    /// Decoding would need more memory than the limit.
    #[error(
        "decoding this image would take {}, more than the {limit_mib} MiB allowed for one \
         thumbnail; export a smaller or baseline (non-progressive) copy",
        needed_text(*needed_mib)
    )]
    TooMuchMemory {
        /// The estimate, when the decoder gave one.
        needed_mib: Option<u64>,
        limit_mib: u64,
    },
    /// The file is damaged: `reason` says where.
    #[error("the image is damaged ({reason}); open it in an image editor and save it again")]
    Damaged { reason: String },
    /// A local file or the thumbnail store could not be read or written.
    #[error("cannot {action} {path}: {reason}")]
    File {
        action: &'static str,
        path: String,
        reason: String,
    },
    /// The thumbnail index could not be used.
    #[error(
        "the thumbnail index {path} cannot be used: {reason}; close Shelflink and delete the thumbs folder to rebuild it"
    )]
    Index { path: String, reason: String },
    /// The workspace is not open, so there is no store to serve from.
    #[error("thumbnails are unavailable: {0}")]
    Unavailable(String),
    /// The URL does not name a thumbnail.
    #[error("{0}")]
    BadRequest(String),
    /// The cache does not know the asset or file (not synced yet, or deleted).
    #[error("{0} is not in the local cache: sync, or check that it still exists")]
    UnknownSubject(String),
    /// The service is not connected in this workspace.
    #[error("{service} is not connected: connect it in Settings › Accounts to see its thumbnails")]
    NotConnected { service: &'static str },
    /// The service answered with an error or could not be reached.
    #[error("{0}")]
    Remote(String),
    /// The service answered with something that is not an image.
    #[error("{service} sent a preview that is not an image ({detail}); try again later")]
    NotAPreview {
        service: &'static str,
        detail: String,
    },
}

fn needed_text(needed_mib: Option<u64>) -> String {
    match needed_mib {
        Some(mib) => format!("about {mib} MiB"),
        None => "more memory".into(),
    }
}

impl ThumbError {
    pub(crate) fn file(action: &'static str, path: &Path, err: impl std::fmt::Display) -> Self {
        ThumbError::File {
            action,
            path: path.display().to_string(),
            reason: err.to_string(),
        }
    }

    pub(crate) fn index(path: &Path, err: impl std::fmt::Display) -> Self {
        ThumbError::Index {
            path: path.display().to_string(),
            reason: err.to_string(),
        }
    }

    pub(crate) fn damaged(reason: impl Into<String>) -> Self {
        ThumbError::Damaged {
            reason: reason.into(),
        }
    }

    /// True when the file itself cannot become a thumbnail (retrying will not help).
    pub fn is_about_the_image(&self) -> bool {
        matches!(
            self,
            ThumbError::Empty
                | ThumbError::NotAnImage
                | ThumbError::Unsupported { .. }
                | ThumbError::TooLarge { .. }
                | ThumbError::TooMuchMemory { .. }
                | ThumbError::Damaged { .. }
        )
    }
}
