//! Rights from PhotoShelter image data (`api/photoshelter.md` §8 and ASSUMPTIONS P9–P12).
//!
//! Order inside PhotoShelter, first wins (differences are kept as conflicts):
//! - licence end: `License.license_etime`, then XMP `plus:LicenseEndDate`, then
//!   `Iptc.expiration_date` (IIM 2:37);
//! - licence start: `License.license_stime`, then XMP `plus:LicenseStartDate`;
//! - licence type: `License.license_type`;
//! - usage terms: `Iptc.usage_terms`, then XMP `xmpRights:UsageTerms`;
//! - copyright: `Iptc.copyright`, then XMP `dc:rights`; credit: `Iptc.credit`, then XMP
//!   `photoshop:Credit`;
//! - releases: `Image.model_released` / `property_released` = `t`, then the XMP PLUS
//!   release status, then a `f` flag. PhotoShelter sets the flags to `f` on every image by
//!   default, so `f` does not overrule a PLUS status in the file;
//! - regions and channels: the custom metadata fields named in `PhotoShelterRightsFields`
//!   (absent = unrestricted).

use super::{channels_of, comma_list, regions_of, text};
use crate::rights::dates::{self, Bound};
use crate::rights::model::{LicenceType, Origin, ReleaseStatus, Rights, Sourced};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

const PS: Origin = Origin::PhotoShelter;

/// Names of the PhotoShelter custom metadata fields that hold usage limits (P12); a
/// setting, since each organisation names its own fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PhotoShelterRightsFields {
    /// Comma list of ISO 3166-1 alpha-2 codes.
    pub regions: String,
    /// Comma list of channel names.
    pub channels: String,
}

impl Default for PhotoShelterRightsFields {
    fn default() -> Self {
        Self {
            regions: "Usage Regions".into(),
            channels: "Usage Channels".into(),
        }
    }
}

/// The rights-bearing parts of one PhotoShelter image, as plain maps (string values as
/// the API sends them; XMP values as lists, a single string being a one-item list).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhotoShelterRightsData {
    /// `Image` fields (`model_released`, `property_released`, …).
    pub image: BTreeMap<String, String>,
    /// `License` extension (`license_stime`, `license_etime`, `license_type`).
    pub license: BTreeMap<String, String>,
    /// `Iptc` extension (`copyright`, `credit`, `usage_terms`, `expiration_date`, …).
    pub iptc: BTreeMap<String, String>,
    /// `Xmp` (`"prefix:Name"` → values).
    pub xmp: BTreeMap<String, Vec<String>>,
    /// `CustomMetadata` as (name, value) pairs.
    pub custom_metadata: Vec<(String, String)>,
}

impl PhotoShelterRightsData {
    /// Picks the maps out of an `Image` JSON object with its `License`, `Iptc`, `Xmp` and
    /// `CustomMetadata` extensions (as `extend` nests them, §4.1); missing parts stay empty.
    pub fn from_image_json(image: &Value) -> Self {
        let strings = |v: Option<&Value>| -> BTreeMap<String, String> {
            v.and_then(Value::as_object)
                .map(|o| {
                    o.iter()
                        .filter_map(|(k, v)| scalar(v).map(|s| (k.clone(), s)))
                        .collect()
                })
                .unwrap_or_default()
        };
        let xmp = image
            .get("Xmp")
            .and_then(Value::as_object)
            .map(|o| {
                o.iter()
                    .map(|(k, v)| {
                        let values = match v {
                            Value::Array(items) => items.iter().filter_map(scalar).collect(),
                            other => scalar(other).into_iter().collect(),
                        };
                        (k.clone(), values)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let custom_metadata = image
            .get("CustomMetadata")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| {
                        let name = item.get("name").and_then(scalar)?;
                        let value = item.get("value").and_then(scalar)?;
                        Some((name, value))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self {
            image: strings(Some(image)),
            license: strings(image.get("License")),
            iptc: strings(image.get("Iptc")),
            xmp,
            custom_metadata,
        }
    }

    fn xmp_first(&self, key: &str) -> Option<String> {
        self.xmp
            .get(key)
            .and_then(|v| v.iter().find(|s| !s.trim().is_empty()))
            .map(|s| s.trim().to_owned())
    }

    fn custom(&self, name: &str) -> Option<&String> {
        self.custom_metadata
            .iter()
            .find(|(n, _)| n.trim().eq_ignore_ascii_case(name.trim()))
            .map(|(_, v)| v)
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "t" } else { "f" }.into()),
        _ => None,
    }
}

fn flag(raw: Option<&String>) -> Option<bool> {
    match raw?.trim().to_ascii_lowercase().as_str() {
        "t" | "true" | "1" | "yes" => Some(true),
        "f" | "false" | "0" | "no" => Some(false),
        _ => None,
    }
}

impl Rights {
    /// Rights from PhotoShelter image data, in the order the module docs give.
    pub fn from_photoshelter(
        data: &PhotoShelterRightsData,
        fields: &PhotoShelterRightsFields,
    ) -> Rights {
        let lic = |k: &str| text(data.license.get(k));
        let iptc = |k: &str| text(data.iptc.get(k));
        let src = |part: &str, k: &str| format!("{part}.{k}");

        // Layer 1: PhotoShelter's own fields.
        let mut own = Rights {
            licence_start: lic("license_stime")
                .and_then(|s| dates::photoshelter_time(&s))
                .map(|d| Sourced::new(d, PS, "License.license_stime")),
            licence_end: lic("license_etime")
                .and_then(|s| dates::photoshelter_time(&s))
                .map(|d| Sourced::new(d, PS, "License.license_etime")),
            licence_type: lic("license_type")
                .and_then(|s| LicenceType::parse(&s))
                .map(|t| Sourced::new(t, PS, "License.license_type")),
            usage_terms: iptc("usage_terms")
                .map(|s| Sourced::new(s, PS, src("Iptc", "usage_terms"))),
            copyright: iptc("copyright").map(|s| Sourced::new(s, PS, src("Iptc", "copyright"))),
            credit: iptc("credit").map(|s| Sourced::new(s, PS, src("Iptc", "credit"))),
            regions: data
                .custom(&fields.regions)
                .and_then(|v| regions_of(&comma_list(v)))
                .map(|r| Sourced::new(r, PS, format!("CustomMetadata \"{}\"", fields.regions))),
            channels: data
                .custom(&fields.channels)
                .and_then(|v| channels_of(&comma_list(v)))
                .map(|c| Sourced::new(c, PS, format!("CustomMetadata \"{}\"", fields.channels))),
            ..Rights::default()
        };
        let model_flag = flag(data.image.get("model_released"));
        let property_flag = flag(data.image.get("property_released"));
        if model_flag == Some(true) {
            own.model_release = Some(Sourced::new(
                ReleaseStatus::Released,
                PS,
                "Image.model_released",
            ));
        }
        if property_flag == Some(true) {
            own.property_release = Some(Sourced::new(
                ReleaseStatus::Released,
                PS,
                "Image.property_released",
            ));
        }

        // Layer 2: the XMP PhotoShelter read from the file.
        let xmp = |k: &str| data.xmp_first(k);
        let xmp_layer = Rights {
            licence_start: xmp("plus:LicenseStartDate")
                .and_then(|s| dates::xmp_date(&s, Bound::Start))
                .map(|d| Sourced::new(d, PS, "Xmp plus:LicenseStartDate")),
            licence_end: xmp("plus:LicenseEndDate")
                .and_then(|s| dates::xmp_date(&s, Bound::End))
                .map(|d| Sourced::new(d, PS, "Xmp plus:LicenseEndDate")),
            usage_terms: xmp("xmpRights:UsageTerms")
                .map(|s| Sourced::new(s, PS, "Xmp xmpRights:UsageTerms")),
            copyright: xmp("dc:rights").map(|s| Sourced::new(s, PS, "Xmp dc:rights")),
            credit: xmp("photoshop:Credit").map(|s| Sourced::new(s, PS, "Xmp photoshop:Credit")),
            model_release: xmp("plus:ModelReleaseStatus")
                .and_then(|s| ReleaseStatus::parse_plus(&s))
                .map(|r| Sourced::new(r, PS, "Xmp plus:ModelReleaseStatus")),
            property_release: xmp("plus:PropertyReleaseStatus")
                .and_then(|s| ReleaseStatus::parse_plus(&s))
                .map(|r| Sourced::new(r, PS, "Xmp plus:PropertyReleaseStatus")),
            ..Rights::default()
        };
        own.absorb(
            xmp_layer,
            "PhotoShelter's own field wins over the XMP it read from the file",
        );

        // Layer 3: the IIM expiration date and the default `f` release flags.
        let mut last = Rights {
            licence_end: iptc("expiration_date")
                .and_then(|s| dates::plain_date(&s))
                .map(|d| Sourced::new(d, PS, "Iptc.expiration_date")),
            ..Rights::default()
        };
        // A default `f` flag only fills a gap: it is no disagreement worth a note.
        if model_flag == Some(false) && own.model_release.is_none() {
            last.model_release = Some(Sourced::new(
                ReleaseStatus::NotReleased,
                PS,
                "Image.model_released",
            ));
        }
        if property_flag == Some(false) && own.property_release.is_none() {
            last.property_release = Some(Sourced::new(
                ReleaseStatus::NotReleased,
                PS,
                "Image.property_released",
            ));
        }
        own.absorb(
            last,
            "a licence date (PhotoShelter License or PLUS) wins over the IIM expiration date",
        );
        own
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rights(image: Value) -> Rights {
        Rights::from_photoshelter(
            &PhotoShelterRightsData::from_image_json(&image),
            &PhotoShelterRightsFields::default(),
        )
    }

    #[test]
    fn licence_alert_dates_and_custom_limits_are_read_from_an_image_record() {
        let r = rights(json!({
            "image_id": "I0000qWeRtYuIoPa",
            "model_released": "t", "property_released": "f",
            "License": {"license_stime": "2025-01-01 00:00:00 UTC",
                        "license_etime": "2026-06-30 00:00:00 UTC",
                        "license_type": "rights_managed"},
            "Iptc": {"copyright": "© 2025 Studio", "credit": "", "expiration_date": ""},
            "CustomMetadata": [{"name": "Usage Regions", "value": "de, AT"},
                                {"name": "Usage Channels", "value": "web,social"}]
        }));
        assert_eq!(
            r.licence_end.as_ref().unwrap().value.to_string(),
            "2026-06-30"
        );
        assert_eq!(r.licence_end.unwrap().source.field, "License.license_etime");
        assert_eq!(r.licence_start.unwrap().value.to_string(), "2025-01-01");
        assert_eq!(r.licence_type.unwrap().value, LicenceType::RightsManaged);
        assert_eq!(r.copyright.unwrap().value, "© 2025 Studio");
        assert!(r.credit.is_none(), "an empty string is absent (P9)");
        assert_eq!(r.model_release.unwrap().value, ReleaseStatus::Released);
        assert_eq!(
            r.property_release.unwrap().value,
            ReleaseStatus::NotReleased
        );
        let regions: Vec<_> = r
            .regions
            .unwrap()
            .value
            .iter()
            .map(|x| x.to_string())
            .collect();
        assert_eq!(regions, ["DE", "AT"]);
        let channels: Vec<_> = r
            .channels
            .unwrap()
            .value
            .iter()
            .map(|x| x.to_string())
            .collect();
        assert_eq!(channels, ["web", "social"]);
    }

    #[test]
    fn xmp_plus_dates_fill_in_when_photoshelter_has_no_licence_record() {
        let r = rights(json!({
            "model_released": "f",
            "Xmp": {"plus:LicenseStartDate": "2010-04-01", "plus:LicenseEndDate": "2015-04-01",
                    "plus:ModelReleaseStatus": "Not Applicable",
                    "dc:rights": ["©1985 David Riecks, All Rights Reserved"]},
            "Iptc": {"expiration_date": "2014-12-31"}
        }));
        let end = r.licence_end.unwrap();
        assert_eq!(end.value.to_string(), "2015-04-01");
        assert_eq!(end.source.field, "Xmp plus:LicenseEndDate");
        assert_eq!(
            r.model_release.unwrap().value,
            ReleaseStatus::NotApplicable,
            "the default `f` flag does not overrule the PLUS status"
        );
        assert_eq!(r.copyright.unwrap().source.field, "Xmp dc:rights");
        assert_eq!(r.conflicts.len(), 1, "the IIM expiration date disagrees");
        assert_eq!(r.conflicts[0].other.value, "2014-12-31");
    }

    #[test]
    fn the_iim_expiration_date_alone_is_the_licence_end() {
        let r = rights(json!({"Iptc": {"expiration_date": "2020-06-30"}}));
        assert_eq!(r.licence_end.unwrap().value.to_string(), "2020-06-30");
    }

    #[test]
    fn custom_field_names_are_a_setting() {
        let data = PhotoShelterRightsData::from_image_json(&json!({
            "CustomMetadata": [{"name": "Territories", "value": "US"}]
        }));
        let fields = PhotoShelterRightsFields {
            regions: "Territories".into(),
            ..Default::default()
        };
        let r = Rights::from_photoshelter(&data, &fields);
        assert_eq!(r.regions.unwrap().value[0].as_str(), "US");
    }
}
