//! Metadata embedded in a local file: IPTC IIM and XMP, read as PhotoShelter reads them on
//! upload, with the IIM/XMP precedence decided in `reconcile`.
//!
//! Libraries: `img-parts` splits JPEGs into segments (it stops at the first scan, so image
//! data is never read), `png` and `tiff` read the other containers, `roxmltree` parses
//! XMP. Photoshop resource blocks and IIM datasets are small fixed binary layouts and are
//! read here (`irb`, `iim`), with every length checked.
//!
//! Robustness: reading never panics; a damaged block is skipped with a note; at most
//! `MAX_HEADER_BYTES` of a file are read and an Extended XMP may declare at most
//! `MAX_EXTENDED_XMP` bytes.

mod container;
mod iim;
mod irb;
mod reconcile;
mod xmp;

pub use container::{FileFormat, MAX_EXTENDED_XMP, MAX_HEADER_BYTES};
pub use reconcile::DigestState;

use crate::rights::model::{Conflict, LicenceDate, ReleaseStatus, Sourced};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{Cursor, Read, Seek, SeekFrom};
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
    read_from(&mut Cursor::new(bytes))
}

/// Reads the embedded metadata from any seekable reader.
pub fn read_from<R: Read + Seek>(reader: &mut R) -> EmbeddedMetadata {
    let mut head = Vec::with_capacity(8);
    let sniffed = reader
        .by_ref()
        .take(8)
        .read_to_end(&mut head)
        .and_then(|_| reader.seek(SeekFrom::Start(0)));
    if let Err(e) = sniffed {
        return EmbeddedMetadata {
            notes: vec![format!("the file could not be read ({e})")],
            ..EmbeddedMetadata::default()
        };
    }
    let format = container::sniff(&head);
    let blocks = match format {
        FileFormat::Jpeg => container::jpeg_blocks(reader),
        FileFormat::Png => container::png_blocks(reader),
        FileFormat::Tiff => container::tiff_blocks(reader),
        FileFormat::Empty => container::Blocks {
            notes: vec!["the file is empty".into()],
            ..Default::default()
        },
        FileFormat::Other => container::Blocks {
            notes: vec!["metadata of this file format is not read (JPEG, PNG and TIFF are)".into()],
            ..Default::default()
        },
    };
    let mut meta = reconcile::reconcile(blocks);
    meta.format = Some(format);
    meta
}
