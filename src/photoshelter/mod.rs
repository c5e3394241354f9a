//! The PhotoShelter v3 client. Follows `api/photoshelter.md`; every call made at an
//! ASSUMPTION shape is listed in `assumptions.rs`.
//!
//! - `client`: configuration and member calls; `session`: sign-in (token mode,
//!   organization), sign-out and the one sign-in again when a session expires;
//! - `tree`: collections, galleries, gallery images as paged streams;
//! - `images`: image records, rendition links, original downloads, uploads;
//!   `renditions`: rendition files from the image host;
//! - `metadata`: IPTC (keyword merge), XMP, licence, custom metadata;
//! - `galleries`: gallery create, add images, shares;
//! - `records`, `ids`, `query`: the data shapes and the `fields`/`extend` builders.

pub mod assumptions;
pub mod client;
mod envelope;
pub mod galleries;
pub mod ids;
pub mod images;
pub mod metadata;
pub mod query;
pub mod records;
mod renditions;
pub mod session;
pub mod tree;

pub use client::{PhotoShelterClient, PhotoShelterConfig};
pub use galleries::{NewGallery, NewShare, Visibility};
pub use ids::{CollectionId, GalleryId, ImageId, OrgId, ShareId};
pub use images::{FitMode, UploadOptions};
pub use metadata::{IptcUpdate, KeywordMerge, UsageRestrictions, merged_keywords};
pub use query::{Extend, Extension, Fields};
pub use records::{
    Children, Collection, CustomField, Gallery, GalleryImage, Image, ImageLink, Iptc, License,
    Organization, SessionInfo, Share, Xmp, XmpValue,
};
pub use session::LoginInfo;
pub use tree::{ImageListOptions, ListPage, Tree, TreeCollection, TreeGallery};
