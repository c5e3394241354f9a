//! 4ALLPORTAL objects as read (`Object`), with lookups by field and dimensions.

use super::value::{Dimensions, FieldValue, ValueEntry, best_entry};
use crate::net::time::{parse_date, parse_timestamp};
use chrono::{DateTime, NaiveDate, Utc};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// An object id (a 36-character UUID on current instances; opaque here).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ObjectId(pub String);

impl ObjectId {
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }
    /// A fresh random id (a client may choose the id of an object it creates).
    pub fn random() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for ObjectId {
    fn from(s: &str) -> Self {
        Self(s.to_string())
    }
}

/// One object of a module.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object {
    pub id: ObjectId,
    pub module: Option<String>,
    pub object_type: Option<String>,
    pub mod_time: Option<DateTime<Utc>>,
    /// Last change of the object's image or binary.
    pub mod_time_img: Option<DateTime<Utc>>,
    pub has_child: Option<bool>,
    /// Every other key: field name → its entries.
    pub fields: BTreeMap<String, Vec<ValueEntry>>,
}

impl Object {
    /// The entries of `field` (none when the field is absent).
    pub fn entries(&self, field: &str) -> &[ValueEntry] {
        self.fields.get(field).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The value of `field` for `dimensions`, falling back to less specific entries and
    /// finally to the undimensioned one.
    pub fn value_in(&self, field: &str, dimensions: &Dimensions) -> Option<&FieldValue> {
        best_entry(self.entries(field), dimensions).map(|e| &e.value)
    }

    /// The undimensioned text of `field`.
    pub fn text(&self, field: &str) -> Option<&str> {
        self.text_in(field, &Dimensions::none())
    }

    /// The text of `field` for `dimensions` (with fallback).
    pub fn text_in(&self, field: &str, dimensions: &Dimensions) -> Option<&str> {
        self.value_in(field, dimensions)
            .and_then(FieldValue::as_text)
    }

    /// The undimensioned items of a list or relation field (in order).
    pub fn list(&self, field: &str) -> Vec<String> {
        self.value_in(field, &Dimensions::none())
            .map(FieldValue::items)
            .unwrap_or_default()
    }

    /// A boolean field (`"true"`/`"false"`, also `t`/`f`, `1`/`0`).
    pub fn flag(&self, field: &str) -> Option<bool> {
        let text = self.text(field)?;
        crate::net::lenient::flag_value(&serde_json::Value::String(text.to_string()))
            .ok()
            .flatten()
    }

    /// A date field (`YYYY-MM-DD`).
    pub fn date(&self, field: &str) -> Option<NaiveDate> {
        self.text(field).and_then(|t| parse_date(t).ok())
    }

    /// A timestamp field.
    pub fn timestamp(&self, field: &str) -> Option<DateTime<Utc>> {
        self.text(field).and_then(|t| parse_timestamp(t).ok())
    }
}

/// A field as it sits in the JSON: a list of entries, or (legacy beans) one entry object.
enum RawField {
    Entries(Vec<ValueEntry>),
    Other,
}

impl<'de> Deserialize<'de> for RawField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawField;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of {value, dimensions} entries")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawField, A::Error> {
                let mut entries = Vec::new();
                while let Some(e) = seq.next_element::<ValueEntry>()? {
                    entries.push(e);
                }
                Ok(RawField::Entries(entries))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawField, A::Error> {
                let entry = ValueEntry::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawField::Entries(vec![entry]))
            }
            // Scalars at the top of an object are not fields: ignored.
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<RawField, E> {
                Ok(RawField::Other)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<RawField, E> {
                Ok(RawField::Other)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<RawField, E> {
                Ok(RawField::Other)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<RawField, E> {
                Ok(RawField::Other)
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<RawField, E> {
                Ok(RawField::Other)
            }
            fn visit_unit<E: de::Error>(self) -> Result<RawField, E> {
                Ok(RawField::Other)
            }
        }
        d.deserialize_any(V)
    }
}

fn first_text(entries: &[ValueEntry]) -> Option<String> {
    entries
        .iter()
        .find_map(|e| e.value.as_text().map(str::to_string))
}

impl<'de> Deserialize<'de> for Object {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Object;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a 4ALLPORTAL object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object, A::Error> {
                let mut obj = Object::default();
                let mut has_id = false;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "id" => {
                            let v: FieldValue = map.next_value()?;
                            let id = v
                                .as_text()
                                .ok_or_else(|| de::Error::custom("the object id is empty"))?;
                            obj.id = ObjectId::new(id);
                            has_id = true;
                        }
                        "module" | "module_name" => {
                            obj.module = map
                                .next_value::<FieldValue>()?
                                .as_text()
                                .map(str::to_string)
                        }
                        "type" => {
                            obj.object_type = map
                                .next_value::<FieldValue>()?
                                .as_text()
                                .map(str::to_string)
                        }
                        "mod_time" => {
                            let v: FieldValue = map.next_value()?;
                            obj.mod_time = match v.as_text() {
                                Some(t) => Some(parse_timestamp(t).map_err(de::Error::custom)?),
                                None => None,
                            };
                        }
                        "mod_time_img" | "has_child" => {
                            let entries = match map.next_value::<RawField>()? {
                                RawField::Entries(e) => e,
                                RawField::Other => Vec::new(),
                            };
                            let text = first_text(&entries);
                            if key == "mod_time_img" {
                                obj.mod_time_img = match text {
                                    Some(t) => {
                                        Some(parse_timestamp(&t).map_err(de::Error::custom)?)
                                    }
                                    None => None,
                                };
                            } else {
                                obj.has_child =
                                    text.map(|t| matches!(t.as_str(), "true" | "t" | "1"));
                            }
                        }
                        // Legacy beans nest their fields.
                        "properties" => {
                            let props: BTreeMap<String, RawFieldOwned> = map.next_value()?;
                            for (name, field) in props {
                                obj.fields.insert(name, field.0);
                            }
                        }
                        _ => match map.next_value::<RawField>()? {
                            RawField::Entries(entries) => {
                                obj.fields.insert(key, entries);
                            }
                            RawField::Other => {}
                        },
                    }
                }
                if !has_id {
                    return Err(de::Error::missing_field("id"));
                }
                Ok(obj)
            }
        }
        d.deserialize_map(V)
    }
}

struct RawFieldOwned(Vec<ValueEntry>);

impl<'de> Deserialize<'de> for RawFieldOwned {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match RawField::deserialize(d)? {
            RawField::Entries(e) => Ok(Self(e)),
            RawField::Other => Ok(Self(Vec::new())),
        }
    }
}

impl Serialize for Object {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        if let Some(m) = &self.module {
            map.serialize_entry("module", m)?;
        }
        if let Some(t) = &self.object_type {
            map.serialize_entry("type", t)?;
        }
        if let Some(t) = &self.mod_time {
            map.serialize_entry("mod_time", &t.to_rfc3339())?;
        }
        if let Some(t) = &self.mod_time_img {
            map.serialize_entry(
                "mod_time_img",
                &[ValueEntry::new(FieldValue::Text(t.to_rfc3339()))],
            )?;
        }
        for (k, v) in &self.fields {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRODUCT: &str = r#"{
      "id": "3f0c9a52-6d4e-4c1e-9a57-2b8f3c1d7e10", "module": "product", "type": "default",
      "mod_time": "2024-05-02T10:15:30Z", "mod_time_img": [{"value": "2024-05-02T10:15:30Z"}],
      "has_child": [{"value": false}],
      "article_number": [{"value": "TESTNUMMER"}],
      "name": [
        {"value": "Testname ERP",  "dimensions": {"channel": "erp",  "locale": "de_DE"}},
        {"value": "Testname eBay", "dimensions": {"channel": "ebay", "locale": "de_DE"}}
      ],
      "images": [{"value": ["file-1", "file-2"]}],
      "weight": [{"value": 12.5}],
      "launched": [{"value": "true"}],
      "total_hint": 5
    }"#;

    #[test]
    fn a_product_with_dimensions_and_relations() {
        let p: Object = serde_json::from_str(PRODUCT).unwrap();
        assert_eq!(p.id.as_str(), "3f0c9a52-6d4e-4c1e-9a57-2b8f3c1d7e10");
        assert_eq!(p.module.as_deref(), Some("product"));
        assert_eq!(p.has_child, Some(false));
        assert_eq!(
            p.mod_time_img.unwrap().to_rfc3339(),
            "2024-05-02T10:15:30+00:00"
        );
        assert_eq!(p.text("article_number"), Some("TESTNUMMER"));
        assert_eq!(
            p.text_in("name", &Dimensions::channel_locale("ebay", "de_DE")),
            Some("Testname eBay")
        );
        assert_eq!(p.text("name"), None);
        assert_eq!(p.list("images"), vec!["file-1", "file-2"]);
        assert_eq!(p.text("weight"), Some("12.5"));
        assert_eq!(p.flag("launched"), Some(true));
        assert!(!p.fields.contains_key("total_hint"));
    }

    #[test]
    fn a_legacy_bean_with_properties() {
        let bean: Object = serde_json::from_str(
            r#"{"id":"9b2e","module_name":"file","mod_time":"2024/05/02 10:15:30","type":"default",
                "properties":{"name":{"value":"chair.tif"},
                              "title":[{"value":"Stuhl","dimensions":{"locale":"de_DE"}}]}}"#,
        )
        .unwrap();
        assert_eq!(bean.module.as_deref(), Some("file"));
        assert_eq!(bean.text("name"), Some("chair.tif"));
        assert_eq!(
            bean.text_in("title", &Dimensions::locale("de_DE")),
            Some("Stuhl")
        );
        assert_eq!(
            bean.mod_time.unwrap().to_rfc3339(),
            "2024-05-02T10:15:30+00:00"
        );
    }

    #[test]
    fn a_broken_field_is_named_in_the_error() {
        let mut de = serde_json::Deserializer::from_str(r#"{"id":"x","name":[{"value":{"a":1}}]}"#);
        let err = serde_path_to_error::deserialize::<_, Object>(&mut de).unwrap_err();
        assert_eq!(err.path().to_string(), "name[0].value");
    }
}
