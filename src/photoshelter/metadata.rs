//! Image metadata: IPTC read and write (P8; keywords are merged, never dropped), XMP (P11),
//! licence (P10) and custom metadata with usage regions and channels (P12).

use super::assumptions::{CUSTOM_METADATA_EXTENSION, IPTC_UPDATE, LICENSE, XMP, fill};
use super::client::{Params, PhotoShelterClient};
use super::ids::ImageId;
use super::query::{Extend, Extension, Fields};
use super::records::{CustomField, Iptc, License, Xmp};
use crate::net::lenient::split_commas;
use crate::net::{ApiError, Replay, path_segment};
use reqwest::Method;

/// IPTC fields to write; `None` leaves a field as it is (P8). Keywords are not here: use
/// [`PhotoShelterClient::merge_keywords`], which never drops keywords it was not told to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IptcUpdate {
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub copyright: Option<String>,
    pub headline: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub usage_terms: Option<String>,
}

impl IptcUpdate {
    fn form(&self) -> Vec<(String, String)> {
        [
            ("caption", &self.caption),
            ("credit", &self.credit),
            ("copyright", &self.copyright),
            ("headline", &self.headline),
            ("title", &self.title),
            ("author", &self.author),
            ("usage_terms", &self.usage_terms),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (k.to_string(), v.clone())))
        .collect()
    }
}

/// The result of a keyword merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeywordMerge {
    /// The keywords now on the image.
    pub keywords: Vec<String>,
    /// False when nothing had to change (no write was made).
    pub written: bool,
}

/// Usage regions and channels from custom metadata (P12). Empty = unrestricted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsageRestrictions {
    /// ISO 3166-1 alpha-2 codes, upper case.
    pub regions: Vec<String>,
    /// `web`, `print`, `social`, `marketplace`, `press`, lower case.
    pub channels: Vec<String>,
}

impl UsageRestrictions {
    /// Reads the restrictions from custom fields named `regions_field` / `channels_field`.
    pub fn from_custom(fields: &[CustomField], regions_field: &str, channels_field: &str) -> Self {
        let find = |name: &str| {
            fields
                .iter()
                .find(|f| f.name.eq_ignore_ascii_case(name))
                .map(|f| split_commas(&f.value))
                .unwrap_or_default()
        };
        Self {
            regions: find(regions_field)
                .into_iter()
                .map(|r| r.to_ascii_uppercase())
                .collect(),
            channels: find(channels_field)
                .into_iter()
                .map(|c| c.to_ascii_lowercase())
                .collect(),
        }
    }
}

/// `existing` with `add` appended and `remove` taken out (case-insensitive, order kept).
pub fn merged_keywords(existing: &[String], add: &[String], remove: &[String]) -> Vec<String> {
    let removed = |k: &str| remove.iter().any(|r| r.trim().eq_ignore_ascii_case(k));
    let mut out: Vec<String> = Vec::new();
    for k in existing.iter().chain(add) {
        let k = k.trim();
        if k.is_empty() || removed(k) || out.iter().any(|o| o.eq_ignore_ascii_case(k)) {
            continue;
        }
        out.push(k.to_string());
    }
    out
}

impl PhotoShelterClient {
    /// The IPTC data of an image.
    pub async fn iptc(&self, image: &ImageId) -> Result<Iptc, ApiError> {
        let path = format!("/psapi/v3/mem/image/{}/iptc", path_segment(image.as_str()));
        let mut data = self
            .call(Method::GET, &path, Params::default(), Replay::Safe)
            .await?;
        Ok(data.take_opt("Iptc")?.unwrap_or_default())
    }

    /// Writes IPTC fields (P8); fields left `None` are not touched. Idempotent.
    pub async fn update_iptc(
        &self,
        image: &ImageId,
        update: &IptcUpdate,
    ) -> Result<Iptc, ApiError> {
        self.write_iptc(image, update.form()).await
    }

    async fn write_iptc(
        &self,
        image: &ImageId,
        form: Vec<(String, String)>,
    ) -> Result<Iptc, ApiError> {
        let path = fill(IPTC_UPDATE, "image_id", &path_segment(image.as_str()));
        let mut data = self
            .call(Method::POST, &path, Params::form(form), Replay::Safe)
            .await?;
        Ok(data.take_opt("Iptc")?.unwrap_or_default())
    }

    /// Adds `add` and removes `remove` from the image's keywords, keeping every other
    /// keyword (read, merge, write the whole list). Writes nothing when nothing changes.
    pub async fn merge_keywords(
        &self,
        image: &ImageId,
        add: &[String],
        remove: &[String],
    ) -> Result<KeywordMerge, ApiError> {
        if let Some(bad) = add.iter().find(|k| k.contains(',')) {
            return Err(ApiError::invalid(format!(
                "the keyword `{bad}` contains a comma, which PhotoShelter uses to separate keywords"
            )));
        }
        let current = self.iptc(image).await?.keyword;
        let wanted = merged_keywords(&current, add, remove);
        if wanted == current {
            return Ok(KeywordMerge {
                keywords: current,
                written: false,
            });
        }
        let written = self
            .write_iptc(image, vec![("keyword".into(), wanted.join(", "))])
            .await?;
        Ok(KeywordMerge {
            keywords: if written.keyword.is_empty() {
                wanted
            } else {
                written.keyword
            },
            written: true,
        })
    }

    /// XMP properties (P11).
    pub async fn xmp(&self, image: &ImageId) -> Result<Xmp, ApiError> {
        let path = fill(XMP, "image_id", &path_segment(image.as_str()));
        let mut data = self
            .call(Method::GET, &path, Params::default(), Replay::Safe)
            .await?;
        Ok(data.take_opt("Xmp")?.unwrap_or_default())
    }

    /// Licence start, end and type (P10).
    pub async fn license(&self, image: &ImageId) -> Result<License, ApiError> {
        let path = fill(LICENSE, "image_id", &path_segment(image.as_str()));
        let mut data = self
            .call(Method::GET, &path, Params::default(), Replay::Safe)
            .await?;
        Ok(data.take_opt("License")?.unwrap_or_default())
    }

    /// Custom metadata of an image (P12).
    pub async fn custom_metadata(&self, image: &ImageId) -> Result<Vec<CustomField>, ApiError> {
        let extend = Extend::new().with(CUSTOM_METADATA_EXTENSION, Extension::new());
        let img = self
            .image(image, Some(&Fields::of(["image_id"])), Some(&extend))
            .await?;
        Ok(img.custom_metadata)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn merging_appends_and_keeps_what_others_wrote() {
        let merged = merged_keywords(&v(&["studio", "Hoodie"]), &v(&["SKU-100", "hoodie"]), &[]);
        assert_eq!(merged, v(&["studio", "Hoodie", "SKU-100"]));
    }

    #[test]
    fn merging_removes_only_what_it_is_told() {
        let merged = merged_keywords(
            &v(&["studio", "SKU-OLD", "red"]),
            &v(&["SKU-NEW"]),
            &v(&["sku-old"]),
        );
        assert_eq!(merged, v(&["studio", "red", "SKU-NEW"]));
    }

    #[test]
    fn usage_restrictions_from_custom_fields() {
        let fields = vec![
            CustomField {
                name: "Usage Regions".into(),
                value: "de, at,CH".into(),
            },
            CustomField {
                name: "Usage Channels".into(),
                value: "Web,print".into(),
            },
        ];
        let usage = UsageRestrictions::from_custom(&fields, "Usage Regions", "Usage Channels");
        assert_eq!(usage.regions, v(&["DE", "AT", "CH"]));
        assert_eq!(usage.channels, v(&["web", "print"]));
        assert_eq!(
            UsageRestrictions::from_custom(&[], "Usage Regions", "Usage Channels"),
            UsageRestrictions::default()
        );
    }

    #[test]
    fn an_iptc_update_sends_only_the_fields_set() {
        let update = IptcUpdate {
            caption: Some("Red hoodie".into()),
            ..IptcUpdate::default()
        };
        assert_eq!(
            update.form(),
            vec![("caption".to_string(), "Red hoodie".to_string())]
        );
    }
}
