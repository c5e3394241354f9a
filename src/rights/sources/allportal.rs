//! Rights from 4ALLPORTAL file fields (ASSUMPTIONS A7: `license_type`, `license_holder`,
//! `copyright`, `license_valid_until`, `usage_restrictions`, `channels`). Field names are
//! per instance, so they are a setting (`AllPortalRightsFields`) whose defaults match A7.
//! `usage_restrictions` is free text and becomes the usage terms; `license_valid_until` is
//! a CEDate (a day).

use super::{channels_of, regions_of};
use crate::rights::dates;
use crate::rights::model::{LicenceType, Origin, Rights, Sourced};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

const AP: Origin = Origin::AllPortal;

/// Which 4ALLPORTAL file field holds each rights value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AllPortalRightsFields {
    pub licence_type: String,
    pub licence_holder: String,
    pub copyright: String,
    pub licence_valid_until: String,
    pub usage_restrictions: String,
    pub channels: String,
    /// A list field of ISO country codes, where the instance has one (the simulator's
    /// schema has none).
    pub regions: Option<String>,
}

impl Default for AllPortalRightsFields {
    fn default() -> Self {
        Self {
            licence_type: "license_type".into(),
            licence_holder: "license_holder".into(),
            copyright: "copyright".into(),
            licence_valid_until: "license_valid_until".into(),
            usage_restrictions: "usage_restrictions".into(),
            channels: "channels".into(),
            regions: None,
        }
    }
}

/// Values of a file's fields: a string, or a list of strings for list fields (A4).
fn values(fields: &BTreeMap<String, Value>, name: &str) -> Vec<String> {
    match fields.get(name) {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .map(|s| s.trim().to_owned())
    .filter(|s| !s.is_empty())
    .collect()
}

impl Rights {
    /// Rights from a 4ALLPORTAL file's field values, keyed by field name.
    pub fn from_allportal(
        fields: &BTreeMap<String, Value>,
        names: &AllPortalRightsFields,
    ) -> Rights {
        let one = |name: &str| values(fields, name).into_iter().next();
        Rights {
            licence_end: one(&names.licence_valid_until)
                .and_then(|s| dates::plain_date(&s))
                .map(|d| Sourced::new(d, AP, names.licence_valid_until.clone())),
            licence_type: one(&names.licence_type)
                .and_then(|s| LicenceType::parse(&s))
                .map(|t| Sourced::new(t, AP, names.licence_type.clone())),
            licence_holder: one(&names.licence_holder)
                .map(|s| Sourced::new(s, AP, names.licence_holder.clone())),
            copyright: one(&names.copyright).map(|s| Sourced::new(s, AP, names.copyright.clone())),
            usage_terms: one(&names.usage_restrictions)
                .map(|s| Sourced::new(s, AP, names.usage_restrictions.clone())),
            channels: channels_of(&values(fields, &names.channels))
                .map(|c| Sourced::new(c, AP, names.channels.clone())),
            regions: names.regions.as_ref().and_then(|field| {
                regions_of(&values(fields, field)).map(|r| Sourced::new(r, AP, field.clone()))
            }),
            ..Rights::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(v: Value) -> BTreeMap<String, Value> {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn a_licensed_file_with_an_end_date_and_channels() {
        let r = Rights::from_allportal(
            &fields(json!({
                "license_type": "licensed", "license_holder": "Agency X",
                "license_valid_until": "2026-03-31", "usage_restrictions": "No use on packaging",
                "channels": ["web", "Print"], "copyright": ""
            })),
            &AllPortalRightsFields::default(),
        );
        assert_eq!(r.licence_type.unwrap().value, LicenceType::Licensed);
        assert_eq!(r.licence_end.unwrap().value.to_string(), "2026-03-31");
        assert_eq!(r.licence_holder.unwrap().value, "Agency X");
        assert_eq!(r.usage_terms.unwrap().value, "No use on packaging");
        let ch: Vec<_> = r
            .channels
            .unwrap()
            .value
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(ch, ["web", "print"]);
        assert!(r.copyright.is_none());
        assert!(r.regions.is_none());
    }

    #[test]
    fn an_empty_channel_list_means_any_channel() {
        let r = Rights::from_allportal(
            &fields(json!({"license_type": "owned", "channels": []})),
            &AllPortalRightsFields::default(),
        );
        assert!(r.channels.is_none());
        assert_eq!(r.licence_type.unwrap().value, LicenceType::Owned);
    }
}
