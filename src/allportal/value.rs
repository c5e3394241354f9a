//! The 4ALLPORTAL value model: every field is a list of `{value, dimensions}` entries, one per
//! dimension combination (`channel`, `locale`); an entry without dimensions applies to all.

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The dimensions of one value entry, e.g. `{"channel": "web", "locale": "de_DE"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Dimensions(pub BTreeMap<String, String>);

impl Dimensions {
    /// No dimensions: the value for all channels and locales.
    pub fn none() -> Self {
        Self::default()
    }

    pub fn with(mut self, dimension: &str, value: &str) -> Self {
        self.0.insert(dimension.to_string(), value.to_string());
        self
    }

    pub fn channel(channel: &str) -> Self {
        Self::none().with("channel", channel)
    }

    pub fn locale(locale: &str) -> Self {
        Self::none().with("locale", locale)
    }

    pub fn channel_locale(channel: &str, locale: &str) -> Self {
        Self::channel(channel).with("locale", locale)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// True when every dimension of `self` is set to the same value in `other`.
    pub fn within(&self, other: &Dimensions) -> bool {
        self.0.iter().all(|(k, v)| other.0.get(k) == Some(v))
    }
}

/// One value: text (numbers, booleans and dates arrive as text, A4), a list of texts
/// (multi-value and relation fields), or nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FieldValue {
    #[default]
    Null,
    Text(String),
    List(Vec<String>),
}

impl FieldValue {
    /// The text, if this is a non-empty text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            FieldValue::Text(s) if !s.is_empty() => Some(s),
            _ => None,
        }
    }

    /// The items: a list as is, a text as one item, nothing as none.
    pub fn items(&self) -> Vec<String> {
        match self {
            FieldValue::Null => Vec::new(),
            FieldValue::Text(s) if s.is_empty() => Vec::new(),
            FieldValue::Text(s) => vec![s.clone()],
            FieldValue::List(items) => items.clone(),
        }
    }
}

impl Serialize for FieldValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FieldValue::Null => s.serialize_none(),
            FieldValue::Text(t) => s.serialize_str(t),
            FieldValue::List(items) => items.serialize(s),
        }
    }
}

struct FieldValueVisitor;

impl<'de> Visitor<'de> for FieldValueVisitor {
    type Value = FieldValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a text, a number, a boolean, a list of texts or null")
    }
    fn visit_unit<E: de::Error>(self) -> Result<FieldValue, E> {
        Ok(FieldValue::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<FieldValue, E> {
        Ok(FieldValue::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<FieldValue, D::Error> {
        d.deserialize_any(FieldValueVisitor)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<FieldValue, E> {
        Ok(FieldValue::Text(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<FieldValue, E> {
        Ok(FieldValue::Text(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<FieldValue, E> {
        Ok(FieldValue::Text(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<FieldValue, E> {
        Ok(FieldValue::Text(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<FieldValue, E> {
        Ok(FieldValue::Text(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<FieldValue, E> {
        Ok(FieldValue::Text(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FieldValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<FieldValue>()? {
            match item {
                FieldValue::Text(t) => items.push(t),
                FieldValue::Null => {}
                FieldValue::List(_) => {
                    return Err(de::Error::custom("a list inside a list value"));
                }
            }
        }
        Ok(FieldValue::List(items))
    }
}

impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FieldValueVisitor)
    }
}

/// One entry of a field: a value and the dimensions it is for.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct ValueEntry {
    #[serde(default)]
    pub value: FieldValue,
    #[serde(default, deserialize_with = "dimensions_or_null")]
    pub dimensions: Dimensions,
}

fn dimensions_or_null<'de, D: Deserializer<'de>>(d: D) -> Result<Dimensions, D::Error> {
    Ok(Option::<Dimensions>::deserialize(d)?.unwrap_or_default())
}

impl Serialize for ValueEntry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("value", &self.value)?;
        if !self.dimensions.is_empty() {
            map.serialize_entry("dimensions", &self.dimensions)?;
        }
        map.end()
    }
}

impl ValueEntry {
    pub fn new(value: FieldValue) -> Self {
        Self {
            value,
            dimensions: Dimensions::none(),
        }
    }

    pub fn in_dimensions(value: FieldValue, dimensions: Dimensions) -> Self {
        Self { value, dimensions }
    }
}

/// The entry for `wanted` among `entries`: the one whose dimensions all match and that
/// matches the most of them; the undimensioned entry is the last fallback.
pub fn best_entry<'a>(entries: &'a [ValueEntry], wanted: &Dimensions) -> Option<&'a ValueEntry> {
    entries
        .iter()
        .filter(|e| e.dimensions.within(wanted))
        .max_by_key(|e| e.dimensions.0.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(json: &str) -> Vec<ValueEntry> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn values_of_every_kind_read_as_text_or_lists() {
        let e = entries(
            r#"[{"value":"A-1000"},{"value":42},{"value":true},{"value":null},{"value":["f1","f2"]}]"#,
        );
        assert_eq!(e[0].value, FieldValue::Text("A-1000".into()));
        assert_eq!(e[1].value, FieldValue::Text("42".into()));
        assert_eq!(e[2].value, FieldValue::Text("true".into()));
        assert_eq!(e[3].value, FieldValue::Null);
        assert_eq!(e[4].value.items(), vec!["f1", "f2"]);
    }

    #[test]
    fn the_channel_and_locale_value_falls_back_to_the_undimensioned_one() {
        let e = entries(
            r#"[{"value":"Hoodie"},
                {"value":"Kapuzenpulli","dimensions":{"locale":"de_DE"}},
                {"value":"Kapuzenpulli Web","dimensions":{"channel":"web","locale":"de_DE"}}]"#,
        );
        let pick = |d: Dimensions| {
            best_entry(&e, &d)
                .and_then(|e| e.value.as_text())
                .map(str::to_string)
        };
        assert_eq!(
            pick(Dimensions::channel_locale("web", "de_DE")).as_deref(),
            Some("Kapuzenpulli Web")
        );
        assert_eq!(
            pick(Dimensions::channel_locale("print", "de_DE")).as_deref(),
            Some("Kapuzenpulli")
        );
        assert_eq!(
            pick(Dimensions::channel_locale("web", "en_US")).as_deref(),
            Some("Hoodie")
        );
        assert_eq!(pick(Dimensions::none()).as_deref(), Some("Hoodie"));
    }

    #[test]
    fn entries_serialise_in_the_wire_shape() {
        let e = ValueEntry::in_dimensions(
            FieldValue::Text("Stuhl".into()),
            Dimensions::channel_locale("erp", "de_DE"),
        );
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"value":"Stuhl","dimensions":{"channel":"erp","locale":"de_DE"}}"#
        );
        assert_eq!(
            serde_json::to_string(&ValueEntry::new(FieldValue::List(vec!["a".into()]))).unwrap(),
            r#"{"value":["a"]}"#
        );
        assert_eq!(
            serde_json::to_string(&ValueEntry::new(FieldValue::Null)).unwrap(),
            r#"{"value":null}"#
        );
    }
}
