//! The seed catalog: plain data, no service encodings. PhotoShelter builds images and
//! galleries from `images`; 4ALLPORTAL builds product objects from `products`.

use chrono::NaiveDate;
use std::path::PathBuf;

#[derive(Debug, Clone, Default)]
pub struct SeedCatalog {
    pub products: Vec<SeedProduct>,
    pub images: Vec<SeedImage>,
    /// Links that already exist in 4ALLPORTAL when the simulator starts.
    pub links: Vec<SeedLink>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SeedProduct {
    pub sku: String,
    pub name: String,
    pub category: String,
    /// Campaign-like grouping (catalog `collections`, e.g. `Collections/Eco Friendly`).
    pub campaign: Option<String>,
    pub description: String,
    pub colour: Option<String>,
    pub size: Option<String>,
    /// SKU of the configurable parent for variants.
    pub parent_sku: Option<String>,
    /// Login name of the product owner (notified on replacements and expiry).
    pub owner: Option<String>,
}

/// Where an image's bytes come from: a file on disk or drawn on first request.
#[derive(Debug, Clone, PartialEq)]
pub enum ImageSource {
    File(PathBuf),
    Generated {
        seed: u64,
        width: u32,
        height: u32,
        label: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct SeedImage {
    pub file_name: String,
    /// Collection names from the root down, then the gallery name last.
    pub gallery_path: Vec<String>,
    pub source: ImageSource,
    pub metadata: SeedMetadata,
}

/// IPTC/XMP-like metadata and rights of a seed image (read from the file for real photos).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SeedMetadata {
    pub title: Option<String>,
    pub caption: Option<String>,
    pub keywords: Vec<String>,
    pub copyright: Option<String>,
    pub credit: Option<String>,
    pub usage_terms: Option<String>,
    pub licence_start: Option<NaiveDate>,
    pub licence_end: Option<NaiveDate>,
    pub model_release: Option<bool>,
    pub property_release: Option<bool>,
    /// ISO country codes the licence is limited to; empty = worldwide.
    pub regions: Vec<String>,
    /// Channels (web, print, social, …) the licence is limited to; empty = any.
    pub channels: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SeedLink {
    pub sku: String,
    pub file_name: String,
    pub role: String,
    pub position: u32,
}
