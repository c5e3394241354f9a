//! The seed catalog: plain data, no service encodings. PhotoShelter builds images and
//! galleries from `images`; 4ALLPORTAL builds product objects from `products` and users
//! from `owners`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub struct SeedCatalog {
    pub products: Vec<SeedProduct>,
    pub images: Vec<SeedImage>,
    /// Links that already exist in 4ALLPORTAL when the simulator starts.
    pub links: Vec<SeedLink>,
    /// The people products are owned by (`SeedProduct.owner` names one by `username`).
    pub owners: Vec<SeedUser>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SeedProduct {
    pub sku: String,
    pub name: String,
    pub category: String,
    /// Campaign-like grouping (catalog `collections`, e.g. `Collections/Eco Friendly`): the
    /// first of `campaigns`.
    pub campaign: Option<String>,
    /// Every campaign-like grouping of the product, in catalog order (4ALLPORTAL `campaigns`).
    pub campaigns: Vec<String>,
    pub description: String,
    pub colour: Option<String>,
    pub size: Option<String>,
    /// SKU of the configurable parent for variants.
    pub parent_sku: Option<String>,
    /// Login name of the product owner (notified on replacements and expiry).
    pub owner: Option<String>,
}

/// A 4ALLPORTAL user who owns products.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedUser {
    pub username: String,
    pub email: String,
    pub display_name: String,
}

/// Where an image's bytes come from: a file on disk or drawn on first request.
#[derive(Debug, Clone, PartialEq)]
pub enum ImageSource {
    File(PathBuf),
    /// A procedurally drawn product shot (`seed::bytes` draws it). `seed` decides shape,
    /// colours and pose; `label` is printed into the picture; `embedded` is the IPTC/XMP
    /// written into the file (`None` = a file without metadata).
    Generated {
        seed: u64,
        width: u32,
        height: u32,
        label: String,
        embedded: Option<Arc<SeedMetadata>>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct SeedImage {
    pub file_name: String,
    /// Collection names from the root down, then the gallery name last.
    pub gallery_path: Vec<String>,
    pub source: ImageSource,
    pub metadata: SeedMetadata,
    /// When the file was uploaded to PhotoShelter (`uploaded_at`; a newer version is later).
    pub uploaded_at: DateTime<Utc>,
    /// PhotoShelter `rating` (0–5).
    pub rating: u8,
    /// PhotoShelter `flagged`.
    pub flagged: bool,
}

/// IPTC/XMP-like metadata and rights of a seed image (read from the file for real photos).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SeedMetadata {
    /// IIM 2:05 Object Name / `dc:title`.
    pub title: Option<String>,
    /// IIM 2:105 Headline / `photoshop:Headline`.
    pub headline: Option<String>,
    /// IIM 2:120 Caption-Abstract / `dc:description`.
    pub caption: Option<String>,
    /// IIM 2:80 By-line / `dc:creator`, several joined with `", "`.
    pub author: Option<String>,
    pub keywords: Vec<String>,
    pub copyright: Option<String>,
    pub credit: Option<String>,
    /// `xmpRights:UsageTerms` (IIM has no such dataset).
    pub usage_terms: Option<String>,
    /// IIM 2:103 Job Identifier / `photoshop:TransmissionReference`.
    pub job_identifier: Option<String>,
    pub licence_start: Option<NaiveDate>,
    pub licence_end: Option<NaiveDate>,
    /// IIM 2:37 Expiration Date exactly as the file has it (PhotoShelter `expiration_date`).
    pub expiration_date: Option<NaiveDate>,
    /// `rights_managed` or `royalty_free` where known (PhotoShelter `License.license_type`).
    pub licence_type: Option<String>,
    pub model_release: Option<bool>,
    pub property_release: Option<bool>,
    /// ISO country codes the licence is limited to; empty = worldwide.
    pub regions: Vec<String>,
    /// Channels (web, print, social, …) the licence is limited to; empty = any.
    pub channels: Vec<String>,
    /// Every simple and array XMP property of the file, keyed `prefix:Name` with the
    /// standard prefixes (PhotoShelter `image/{id}/xmp`).
    pub xmp: BTreeMap<String, XmpValue>,
}

/// One XMP property value: a simple or language-alternative text, or a bag/sequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum XmpValue {
    Text(String),
    List(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct SeedLink {
    pub sku: String,
    pub file_name: String,
    pub role: String,
    pub position: u32,
}
