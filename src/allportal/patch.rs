//! The PATCH item (`ObjectPatch`): an optional id and the fields to set (A4).

use super::object::ObjectId;
use super::value::{Dimensions, FieldValue, ValueEntry};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use std::collections::BTreeMap;

/// One item of a PATCH (create or update): an optional id and the fields to set.
/// Fields not named stay as they are on the server (A4).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ObjectPatch {
    pub id: Option<ObjectId>,
    pub fields: BTreeMap<String, Vec<ValueEntry>>,
}

impl ObjectPatch {
    /// A patch of the existing object `id`.
    pub fn update(id: ObjectId) -> Self {
        Self {
            id: Some(id),
            fields: BTreeMap::new(),
        }
    }

    /// A patch creating a new object (give it an id with [`ObjectPatch::update`] and
    /// [`ObjectId::random`] to make the create safe to retry).
    pub fn create() -> Self {
        Self::default()
    }

    /// Sets the undimensioned value of `field`.
    pub fn set(mut self, field: &str, value: FieldValue) -> Self {
        self.fields
            .insert(field.to_string(), vec![ValueEntry::new(value)]);
        self
    }

    pub fn text(self, field: &str, text: impl Into<String>) -> Self {
        self.set(field, FieldValue::Text(text.into()))
    }

    pub fn list<I, S>(self, field: &str, items: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.set(
            field,
            FieldValue::List(items.into_iter().map(Into::into).collect()),
        )
    }

    /// Clears `field` (`{"value": null}`).
    pub fn clear(self, field: &str) -> Self {
        self.set(field, FieldValue::Null)
    }

    /// Adds the value of `field` for `dimensions` (other dimension entries stay).
    pub fn set_in(mut self, field: &str, value: FieldValue, dimensions: Dimensions) -> Self {
        let entries = self.fields.entry(field.to_string()).or_default();
        entries.retain(|e| e.dimensions != dimensions);
        entries.push(ValueEntry::in_dimensions(value, dimensions));
        self
    }
}

impl Serialize for ObjectPatch {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(id) = &self.id {
            map.serialize_entry("id", id)?;
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

    #[test]
    fn a_patch_in_the_wire_shape() {
        let patch = ObjectPatch::update(ObjectId::new("p1"))
            .list("images", ["f1", "f2"])
            .set_in(
                "name",
                FieldValue::Text("Stuhl".into()),
                Dimensions::channel_locale("erp", "de_DE"),
            )
            .clear("main_image");
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"id":"p1","images":[{"value":["f1","f2"]}],"main_image":[{"value":null}],"name":[{"value":"Stuhl","dimensions":{"channel":"erp","locale":"de_DE"}}]}"#
        );
    }
}
