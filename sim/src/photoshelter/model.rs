//! The records the PhotoShelter store keeps, in plain Rust types; `extend::records` turns
//! them into the service's JSON encodings (flags `"t"`/`"f"`, numbers as strings, P3 times).

use crate::seed::model::ImageSource;
use axum::body::Bytes;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

pub type Id = String;
pub type Time = DateTime<Utc>;

/// Visibility of a collection or gallery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Private,
    Permission,
    Everyone,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Private => "private",
            Mode::Permission => "permission",
            Mode::Everyone => "everyone",
        }
    }

    pub fn parse(text: &str) -> Option<Mode> {
        match text {
            "private" => Some(Mode::Private),
            "permission" => Some(Mode::Permission),
            "everyone" => Some(Mode::Everyone),
            _ => None,
        }
    }
}

/// What a collection or gallery shares: place in the tree, visibility and times.
#[derive(Debug, Clone)]
pub struct Node {
    pub id: Id,
    /// Whose library it is in: the organisation id or the user id.
    pub library: Id,
    pub name: String,
    pub description: String,
    /// The parent collection; `None` only for a library's root.
    pub parent: Option<Id>,
    pub f_list: bool,
    pub mode: Mode,
    pub access_inherit: bool,
    pub display_order: u32,
    pub created_at: Time,
    pub modified_at: Time,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Child {
    Collection(Id),
    Gallery(Id),
}

#[derive(Debug, Clone)]
pub struct Collection {
    pub node: Node,
    pub children: Vec<Child>,
}

#[derive(Debug, Clone)]
pub struct Membership {
    pub image_id: Id,
    pub f_visible: bool,
}

#[derive(Debug, Clone)]
pub struct Gallery {
    pub node: Node,
    pub images: Vec<Membership>,
}

/// IPTC fields as PhotoShelter names them (ASSUMPTIONS P9); empty string = absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Iptc {
    pub keyword: String,
    pub caption: String,
    pub credit: String,
    pub copyright: String,
    pub headline: String,
    pub title: String,
    pub author: String,
    pub display_caption: String,
    pub usage_terms: String,
    pub expiration_date: String,
    pub job_identifier: String,
}

impl Iptc {
    /// The P8-writable fields, by their parameter names.
    pub const WRITABLE: [&'static str; 8] = [
        "keyword",
        "caption",
        "credit",
        "copyright",
        "headline",
        "title",
        "author",
        "usage_terms",
    ];

    pub fn field_mut(&mut self, name: &str) -> Option<&mut String> {
        Some(match name {
            "keyword" => &mut self.keyword,
            "caption" => &mut self.caption,
            "credit" => &mut self.credit,
            "copyright" => &mut self.copyright,
            "headline" => &mut self.headline,
            "title" => &mut self.title,
            "author" => &mut self.author,
            "display_caption" => &mut self.display_caption,
            "usage_terms" => &mut self.usage_terms,
            "expiration_date" => &mut self.expiration_date,
            "job_identifier" => &mut self.job_identifier,
            _ => return None,
        })
    }
}

/// Licence period and type (ASSUMPTIONS P10).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct License {
    pub start: Option<Time>,
    pub end: Option<Time>,
    /// `rights_managed`, `royalty_free` or empty.
    pub kind: String,
}

/// One XMP property value (ASSUMPTIONS P11), as the seed reader gives it.
pub use crate::seed::model::XmpValue;

/// Where an original's bytes are: a seed source (read or drawn on first request) or bytes
/// uploaded or replaced at run time.
#[derive(Debug, Clone)]
pub enum Original {
    Seed(ImageSource),
    Bytes(Bytes),
}

/// The metadata an image carries, as read from a file or a seed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImageMeta {
    pub iptc: Iptc,
    pub license: License,
    /// PSB custom metadata, `(name, value)` (ASSUMPTIONS P12).
    pub custom: Vec<(String, String)>,
    pub xmp: BTreeMap<String, XmpValue>,
    pub model_released: bool,
    pub property_released: bool,
}

#[derive(Debug, Clone)]
pub struct Image {
    pub id: Id,
    pub library: Id,
    pub file_name: String,
    pub owner_id: Id,
    pub organization_id: String,
    pub photographer_id: Id,
    pub original: Original,
    pub file_size: u64,
    pub width: u32,
    pub height: u32,
    /// The rendition token (P15); a new original gets a new one.
    pub token: String,
    pub f_searchable: bool,
    pub rating: u8,
    pub flagged: bool,
    pub focal_point: (f32, f32),
    pub meta: ImageMeta,
    pub uploaded_at: Time,
    pub updated_at: Time,
    /// Galleries listing this image, in the order it was added to them.
    pub galleries: Vec<Id>,
}

/// A controlled share of a gallery (ASSUMPTIONS P13).
#[derive(Debug, Clone)]
pub struct Share {
    pub id: Id,
    pub gallery_id: Id,
    pub url: String,
    pub recipients: Vec<String>,
    pub message: String,
    pub expires_at: Option<Time>,
    pub created_at: Time,
}

/// The simulated user and the organisation they belong to.
#[derive(Debug, Clone)]
pub struct Account {
    pub user_id: Id,
    pub email: String,
    pub organization: Option<(Id, String)>,
}
