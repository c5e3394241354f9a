//! Metadata embedded in a local file: IPTC IIM and XMP, read as PhotoShelter reads them on
//! upload, with the IIM/XMP precedence decided in `reconcile`.
//!
//! Reading the file (JPEG, PNG, TIFF containers, Photoshop resources, IIM datasets, XMP
//! packets and Extended XMP) is `shelflink-metadata`'s: it never panics, skips a damaged
//! block with a note, reads at most `MAX_HEADER_BYTES` of a file and accepts an Extended
//! XMP of at most `MAX_EXTENDED_XMP` bytes. This module gives the result Shelflink's
//! meaning: which value wins, where it came from, and the dates.

mod reconcile;

pub use shelflink_metadata::{DigestState, FileFormat, MAX_EXTENDED_XMP, MAX_HEADER_BYTES};

use crate::rights::model::{Conflict, LicenceDate, ReleaseStatus, Sourced};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{Read, Seek};
use std::path::Path;

/// One "Product in Image" entry (IPTC Extension).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProductShown {
    pub name: Option<String>,
    pub gtin: Option<String>,
    /// Product identifier (IPTC 2022.1+ `ProductId`), often the SKU.
    pub id: Option<String>,
}

/// What a file's IIM and XMP say, reconciled. Each value records whether XMP or IIM gave
/// it; disagreements are in `conflicts`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EmbeddedMetadata {
    pub format: Option<FileFormat>,
    pub title: Option<Sourced<String>>,
    pub caption: Option<Sourced<String>>,
    pub creators: Option<Sourced<Vec<String>>>,
    pub keywords: Option<Sourced<Vec<String>>>,
    pub credit: Option<Sourced<String>>,
    pub copyright: Option<Sourced<String>>,
    /// `xmpRights:UsageTerms` (IIM has no such dataset).
    pub usage_terms: Option<Sourced<String>>,
    pub web_statement: Option<Sourced<String>>,
    pub instructions: Option<Sourced<String>>,
    pub job_id: Option<Sourced<String>>,
    /// PLUS `LicenseStartDate` / `LicenseEndDate`.
    pub licence_start: Option<Sourced<LicenceDate>>,
    pub licence_end: Option<Sourced<LicenceDate>>,
    /// IIM 2:37 ExpirationDate with 2:38 ExpirationTime.
    pub iim_expiration: Option<Sourced<LicenceDate>>,
    /// IIM 2:30 ReleaseDate with 2:35 ReleaseTime: the earliest use (an embargo).
    pub iim_release: Option<Sourced<LicenceDate>>,
    pub model_release: Option<Sourced<ReleaseStatus>>,
    pub property_release: Option<Sourced<ReleaseStatus>>,
    pub products_shown: Vec<ProductShown>,
    /// Whether the IIM digest says IIM and XMP are in step.
    pub iim_digest: DigestState,
    pub conflicts: Vec<Conflict>,
    /// Everything XMP holds, flat (`"prefix:Name"` → values), as PhotoShelter's `Xmp`.
    pub xmp: BTreeMap<String, Vec<String>>,
    /// Problems met while reading, for the rights panel.
    pub notes: Vec<String>,
}

/// Why a file could not be opened at all (damaged content is not an error: it gives
/// notes).
#[derive(Debug, thiserror::Error)]
#[error("cannot read {path}: {source}; check that the file exists and is readable")]
pub struct ReadError {
    pub path: String,
    #[source]
    pub source: std::io::Error,
}

/// Reads the embedded metadata of a file on disk.
pub fn read_path(path: &Path) -> Result<EmbeddedMetadata, ReadError> {
    let err = |source| ReadError {
        path: path.display().to_string(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(err)?;
    Ok(read_from(&mut file))
}

/// Reads the embedded metadata of a file's bytes.
pub fn read_bytes(bytes: &[u8]) -> EmbeddedMetadata {
    reconcile::reconcile(shelflink_metadata::read_bytes(bytes))
}

/// Reads the embedded metadata from any seekable reader.
pub fn read_from<R: Read + Seek>(reader: &mut R) -> EmbeddedMetadata {
    reconcile::reconcile(shelflink_metadata::read_from(reader))
}
