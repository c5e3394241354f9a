//! PhotoShelter records as the API sends them (capitalised record keys, `t`/`f` flags,
//! numbers as strings, zoned timestamps), read leniently: unknown fields are ignored and
//! optional ones may be missing.

use super::ids::{CollectionId, GalleryId, ImageId, OrgId, ShareId};
use crate::net::lenient;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One image (`Image`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Image {
    #[serde(default)]
    pub image_id: ImageId,
    #[serde(default, deserialize_with = "lenient::string")]
    pub file_name: String,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub file_size: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_u32")]
    pub width: Option<u32>,
    #[serde(default, deserialize_with = "lenient::opt_u32")]
    pub height: Option<u32>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub owner_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub organization_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub photographer_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_flag")]
    pub f_searchable: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_flag")]
    pub model_released: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_flag")]
    pub property_released: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_i32")]
    pub rating: Option<i32>,
    #[serde(default, deserialize_with = "lenient::opt_flag")]
    pub flagged: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_timestamp")]
    pub uploaded_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_timestamp")]
    pub updated_at: Option<DateTime<Utc>>,
    /// The `Iptc` extension (when asked for).
    #[serde(default, rename = "Iptc", alias = "iptc")]
    pub iptc: Option<Iptc>,
    /// The `ImageLink` extension (when asked for).
    #[serde(default, rename = "ImageLink", alias = "image_link")]
    pub image_link: Option<ImageLink>,
    /// The `License` extension (P10).
    #[serde(default, rename = "License", alias = "license")]
    pub license: Option<License>,
    /// The `CustomMetadata` extension (P12).
    #[serde(
        default,
        rename = "CustomMetadata",
        alias = "custom_metadata",
        deserialize_with = "lenient::one_or_many"
    )]
    pub custom_metadata: Vec<CustomField>,
}

/// IPTC data (`Iptc`): DOC/CODE names plus P9's `usage_terms`, `expiration_date`,
/// `job_identifier`. Empty strings count as absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Iptc {
    /// Keywords, split from the one comma-separated `keyword` string.
    #[serde(default, deserialize_with = "lenient::comma_list")]
    pub keyword: Vec<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub caption: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub display_caption: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub credit: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub copyright: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub headline: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub author: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub usage_terms: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_date")]
    pub expiration_date: Option<NaiveDate>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub job_identifier: Option<String>,
}

/// Licence data (`License`, P10).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct License {
    #[serde(default, deserialize_with = "lenient::opt_timestamp")]
    pub license_stime: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_timestamp")]
    pub license_etime: Option<DateTime<Utc>>,
    /// `rights_managed`, `royalty_free`, or absent.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub license_type: Option<String>,
}

/// One custom metadata value (`CustomMetadata` item, P12).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct CustomField {
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub value: String,
}

/// One XMP property value (P11): a text or a list of texts.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum XmpValue {
    Text(String),
    List(Vec<String>),
}

/// XMP properties keyed `prefix:Name` (P11).
pub type Xmp = BTreeMap<String, XmpValue>;

/// Rendition link data (`ImageLink`, P15).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct ImageLink {
    #[serde(default, deserialize_with = "lenient::string")]
    pub link: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub base: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub token: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub auth_link: Option<String>,
}

/// A gallery (`Gallery`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Gallery {
    #[serde(default)]
    pub gallery_id: GalleryId,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_flag")]
    pub f_list: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub mode: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub effective_mode: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub display_order: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_flag")]
    pub access_inherit: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_timestamp")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_timestamp")]
    pub modified_at: Option<DateTime<Utc>>,
}

/// A collection (`Collection`), with its `Children` when they were asked for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Collection {
    #[serde(default)]
    pub collection_id: CollectionId,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_flag")]
    pub f_list: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub mode: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub effective_mode: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub display_order: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_timestamp")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_timestamp")]
    pub modified_at: Option<DateTime<Utc>>,
    #[serde(default, rename = "Children", alias = "children")]
    pub children: Option<Children>,
}

/// The content of a collection (`Children`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Children {
    #[serde(
        default,
        rename = "Collection",
        alias = "collection",
        deserialize_with = "lenient::one_or_many"
    )]
    pub collections: Vec<Collection>,
    #[serde(
        default,
        rename = "Gallery",
        alias = "gallery",
        deserialize_with = "lenient::one_or_many"
    )]
    pub galleries: Vec<Gallery>,
}

/// A gallery membership row (`GalleryImage`), with its extensions.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct GalleryImage {
    #[serde(default)]
    pub image_id: ImageId,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub gallery_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_flag")]
    pub f_visible: Option<bool>,
    #[serde(default, rename = "Image", alias = "image")]
    pub image: Option<Image>,
    #[serde(default, rename = "ImageLink", alias = "image_link")]
    pub image_link: Option<ImageLink>,
}

/// A share of a gallery with named recipients (P13).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Share {
    pub share_id: ShareId,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub gallery_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub url: String,
    #[serde(default, deserialize_with = "lenient::comma_list")]
    pub recipients: Vec<String>,
    #[serde(default, deserialize_with = "lenient::opt_timestamp")]
    pub expires_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_timestamp")]
    pub created_at: Option<DateTime<Utc>>,
}

/// An organization the user belongs to (login `data.org` item).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Organization {
    pub id: OrgId,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::opt_flag")]
    pub member: Option<bool>,
}

/// Session facts (`Session`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct SessionInfo {
    /// The account's time zone.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub tz: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub user_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub organization_id: Option<String>,
}

/// Paging facts of a list (`Paging`, P2). Only `next` drives paging.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub(crate) struct Paging {
    #[serde(default, deserialize_with = "lenient::opt_u32")]
    pub next: Option<u32>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_with_string_numbers_flags_and_extensions() {
        let json = r#"{
            "image_id": "I0000qWeRtYuIoPa", "file_name": "HOODIE_front.jpg",
            "file_size": "8421337", "width": "6000", "height": 4000,
            "f_searchable": "t", "model_released": "f", "rating": "3",
            "focal_point_x": "0.5", "something_new": {"a": 1},
            "uploaded_at": "2024-05-06 14:03:22 UTC",
            "Iptc": {"keyword": "SKU-1, hoodie", "caption": "", "expiration_date": "2026-01-31"},
            "CustomMetadata": {"name": "Usage Regions", "value": "DE,AT"}
        }"#;
        let img: Image = serde_json::from_str(json).unwrap();
        assert_eq!(img.image_id.as_str(), "I0000qWeRtYuIoPa");
        assert_eq!(img.file_size, Some(8_421_337));
        assert_eq!((img.width, img.height), (Some(6000), Some(4000)));
        assert_eq!(img.f_searchable, Some(true));
        assert_eq!(img.model_released, Some(false));
        assert_eq!(img.rating, Some(3));
        let iptc = img.iptc.unwrap();
        assert_eq!(iptc.keyword, ["SKU-1", "hoodie"]);
        assert_eq!(iptc.caption, None);
        assert_eq!(iptc.expiration_date, NaiveDate::from_ymd_opt(2026, 1, 31));
        assert_eq!(img.custom_metadata[0].value, "DE,AT");
    }

    #[test]
    fn children_with_one_gallery_as_an_object() {
        let json = r#"{"Collection": [], "Gallery": {"gallery_id": "G0000aBcDe.CY", "name": "Spring", "f_list": "f"}}"#;
        let children: Children = serde_json::from_str(json).unwrap();
        assert!(children.collections.is_empty());
        assert_eq!(children.galleries[0].gallery_id.as_str(), "G0000aBcDe.CY");
        assert_eq!(children.galleries[0].f_list, Some(false));
    }

    #[test]
    fn xmp_values_are_texts_or_lists() {
        let xmp: Xmp = serde_json::from_str(
            r#"{"plus:LicenseEndDate": "2026-12-31", "dc:subject": ["a", "b"]}"#,
        )
        .unwrap();
        assert_eq!(
            xmp["plus:LicenseEndDate"],
            XmpValue::Text("2026-12-31".into())
        );
        assert_eq!(
            xmp["dc:subject"],
            XmpValue::List(vec!["a".into(), "b".into()])
        );
    }
}
