//! Builders for PhotoShelter's `fields` (comma list of output fields) and `extend` (a JSON
//! object: record type → `{"fields": "...", "params": {...}}`, nestable) parameters.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Which fields of a record to return: `Fields::all()` (`*`) or a named list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields(Vec<String>);

impl Fields {
    /// Every field (`*`).
    pub fn all() -> Self {
        Self(vec!["*".to_string()])
    }

    /// The named fields only.
    pub fn of<I, S>(names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self(names.into_iter().map(Into::into).collect())
    }

    /// The parameter value (`a,b,c`).
    pub fn to_param(&self) -> String {
        self.0.join(",")
    }
}

/// One extension: its fields, its endpoint's parameters and nested extensions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extension {
    fields: Option<Fields>,
    params: Map<String, Value>,
    nested: BTreeMap<String, Extension>,
}

impl Extension {
    /// An extension with the endpoint's default fields.
    pub fn new() -> Self {
        Self::default()
    }

    /// An extension returning every field.
    pub fn all_fields() -> Self {
        Self::new().fields(Fields::all())
    }

    pub fn fields(mut self, fields: Fields) -> Self {
        self.fields = Some(fields);
        self
    }

    /// Sets one input parameter of the extension's endpoint (e.g. `image_size`).
    pub fn param(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.params.insert(name.to_string(), value.into());
        self
    }

    /// Nests another extension inside this one (e.g. `Children` → `Gallery`).
    pub fn nest(mut self, record: &str, extension: Extension) -> Self {
        self.nested.insert(record.to_string(), extension);
        self
    }

    fn to_value(&self) -> Value {
        let mut obj = Map::new();
        if let Some(f) = &self.fields {
            obj.insert("fields".into(), Value::String(f.to_param()));
        }
        if !self.params.is_empty() {
            obj.insert("params".into(), Value::Object(self.params.clone()));
        }
        for (name, ext) in &self.nested {
            obj.insert(name.clone(), ext.to_value());
        }
        Value::Object(obj)
    }
}

/// The `extend` parameter: record types to join into the answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extend(BTreeMap<String, Extension>);

impl Extend {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the record type `record` (CamelCase, singular: `Image`, `ImageLink`, `Iptc`…).
    pub fn with(mut self, record: &str, extension: Extension) -> Self {
        self.0.insert(record.to_string(), extension);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The compact JSON text sent as the parameter value.
    pub fn to_param(&self) -> String {
        let obj: Map<String, Value> = self
            .0
            .iter()
            .map(|(k, v)| (k.clone(), v.to_value()))
            .collect();
        Value::Object(obj).to_string()
    }
}

/// `fields` and `extend` together, as query parameters.
pub(crate) fn select_params(
    fields: Option<&Fields>,
    extend: Option<&Extend>,
) -> Vec<(String, String)> {
    let mut params = Vec::new();
    if let Some(f) = fields {
        params.push(("fields".to_string(), f.to_param()));
    }
    if let Some(e) = extend.filter(|e| !e.is_empty()) {
        params.push(("extend".to_string(), e.to_param()));
    }
    params
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_join_with_commas() {
        assert_eq!(
            Fields::of(["image_id", "f_visible"]).to_param(),
            "image_id,f_visible"
        );
        assert_eq!(Fields::all().to_param(), "*");
    }

    #[test]
    fn extend_serialises_compactly_with_params_and_nesting() {
        let extend = Extend::new()
            .with(
                "Image",
                Extension::new().fields(Fields::of(["image_id", "file_name"])),
            )
            .with(
                "ImageLink",
                Extension::new()
                    .param("image_size", "300x300")
                    .param("image_mode", "fit"),
            )
            .with(
                "Children",
                Extension::new()
                    .nest("Gallery", Extension::all_fields())
                    .nest("Collection", Extension::new()),
            );
        assert_eq!(
            extend.to_param(),
            r#"{"Children":{"Collection":{},"Gallery":{"fields":"*"}},"Image":{"fields":"image_id,file_name"},"ImageLink":{"params":{"image_mode":"fit","image_size":"300x300"}}}"#
        );
    }
}
