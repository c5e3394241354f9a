//! Field values: a list of `{value, dimensions}` entries (§3.3, §3.4), all values strings
//! (A4). Parses and checks the entries a client sends and merges them per exact dimension
//! set.

use super::schema::{FieldDef, FieldType};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value as Json;

/// One dimension combination, sorted by dimension name; empty = applies to all.
pub type Dims = Vec<(String, String)>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    List(Vec<String>),
}

impl Value {
    /// The strings this value holds (one for scalars).
    pub fn strings(&self) -> &[String] {
        match self {
            Value::Text(s) => std::slice::from_ref(s),
            Value::List(l) => l,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub value: Value,
    pub dims: Dims,
}

impl Entry {
    pub fn plain(value: Value) -> Self {
        Self {
            value,
            dims: Vec::new(),
        }
    }
}

/// A parsed write: `None` clears the value of that dimension set.
#[derive(Debug, Clone)]
pub struct WriteEntry {
    pub value: Option<Value>,
    pub dims: Dims,
}

/// Serialises entries as `[{"value": …, "dimensions": {…}}]`, leaving out empty dimensions.
pub struct EntriesJson<'a>(pub &'a [Entry]);

impl serde::Serialize for EntriesJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(EntryJson))
    }
}

pub struct EntryJson<'a>(pub &'a Entry);

impl serde::Serialize for EntryJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let entry = self.0;
        let mut map = s.serialize_map(None)?;
        match &entry.value {
            Value::Text(t) => map.serialize_entry("value", t)?,
            Value::List(l) => map.serialize_entry("value", l)?,
        }
        if !entry.dims.is_empty() {
            map.serialize_entry("dimensions", &DimsJson(&entry.dims))?;
        }
        map.end()
    }
}

pub struct DimsJson<'a>(pub &'a Dims);

impl serde::Serialize for DimsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// Reads the JSON a client sent for field `def` (an array of entries) and checks every
/// value against the field's type. `Err` is a message for a 400 answer.
pub fn parse_entries(def: &FieldDef, json: &Json) -> Result<Vec<WriteEntry>, String> {
    let name = def.name;
    let items = json.as_array().ok_or_else(|| {
        format!("field `{name}` must be an array of {{\"value\", \"dimensions\"}} entries")
    })?;
    let mut out: Vec<WriteEntry> = Vec::with_capacity(items.len());
    for item in items {
        let obj = item
            .as_object()
            .ok_or_else(|| format!("field `{name}`: each entry must be an object with `value`"))?;
        if let Some(key) = obj.keys().find(|k| *k != "value" && *k != "dimensions") {
            return Err(format!("field `{name}`: unknown entry key `{key}`"));
        }
        let raw = obj
            .get("value")
            .ok_or_else(|| format!("field `{name}`: entry without `value` (send null to clear)"))?;
        let dims = parse_dims(def, obj.get("dimensions"))?;
        if out.iter().any(|e| e.dims == dims) {
            return Err(format!(
                "field `{name}`: two entries for the same dimensions"
            ));
        }
        let value = if raw.is_null() {
            None
        } else {
            Some(parse_value(def, raw)?)
        };
        out.push(WriteEntry { value, dims });
    }
    Ok(out)
}

fn parse_dims(def: &FieldDef, json: Option<&Json>) -> Result<Dims, String> {
    let name = def.name;
    let Some(json) = json.filter(|j| !j.is_null()) else {
        return Ok(Vec::new());
    };
    let map = json
        .as_object()
        .ok_or_else(|| format!("field `{name}`: `dimensions` must be an object"))?;
    let mut dims = Dims::new();
    for (k, v) in map {
        if !def.dimensions.contains(&k.as_str()) {
            let allowed = if def.dimensions.is_empty() {
                "none".to_owned()
            } else {
                def.dimensions.join(", ")
            };
            return Err(format!(
                "field `{name}` has no dimension `{k}` (its dimensions: {allowed})"
            ));
        }
        let v = v
            .as_str()
            .ok_or_else(|| format!("field `{name}`: dimension `{k}` must be a string"))?;
        let ok = match k.as_str() {
            "locale" => is_locale(v),
            _ => {
                !v.is_empty()
                    && v.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            }
        };
        if !ok {
            return Err(format!("field `{name}`: `{v}` is not a valid {k}"));
        }
        dims.push((k.clone(), v.to_owned()));
    }
    dims.sort();
    Ok(dims)
}

/// `de_DE`, `en_US`: two lowercase letters, underscore, two uppercase letters.
fn is_locale(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 5
        && b[0].is_ascii_lowercase()
        && b[1].is_ascii_lowercase()
        && b[2] == b'_'
        && b[3].is_ascii_uppercase()
        && b[4].is_ascii_uppercase()
}

fn parse_value(def: &FieldDef, raw: &Json) -> Result<Value, String> {
    let name = def.name;
    if def.ty.is_list() {
        let items = raw.as_array().ok_or_else(|| {
            format!(
                "field `{name}` ({}) takes an array of strings",
                def.ty.as_str()
            )
        })?;
        let mut list = Vec::with_capacity(items.len());
        for item in items {
            let s = item
                .as_str()
                .ok_or_else(|| format!("field `{name}`: every list item must be a string"))?;
            let s = check_scalar(def, s)?;
            if def.ty == FieldType::IdList && list.contains(&s) {
                return Err(format!("field `{name}` lists `{s}` twice"));
            }
            list.push(s);
        }
        Ok(Value::List(list))
    } else {
        let s = raw.as_str().ok_or_else(|| {
            format!(
                "field `{name}` ({}) takes a string value; numbers, booleans and dates are sent as strings",
                def.ty.as_str()
            )
        })?;
        Ok(Value::Text(check_scalar(def, s)?))
    }
}

/// Checks one string against the field type; returns it normalised.
fn check_scalar(def: &FieldDef, s: &str) -> Result<String, String> {
    let name = def.name;
    let bad = |what: &str| Err(format!("field `{name}`: `{s}` is not {what}"));
    if let Some(max) = def.length()
        && s.chars().count() > max as usize
    {
        return Err(format!(
            "field `{name}`: value longer than {max} characters"
        ));
    }
    if !def.options.is_empty() && !def.options.contains(&s) {
        return Err(format!(
            "field `{name}`: `{s}` is not one of {}",
            def.options.join(", ")
        ));
    }
    match def.ty {
        FieldType::Integer | FieldType::Long => match s.parse::<i64>() {
            Ok(n) => Ok(n.to_string()),
            Err(_) => bad("a whole number"),
        },
        FieldType::Boolean => match s {
            "true" | "false" => Ok(s.to_owned()),
            _ => bad("`true` or `false`"),
        },
        FieldType::Date => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => Ok(d.format("%Y-%m-%d").to_string()),
            Err(_) => bad("a date (YYYY-MM-DD)"),
        },
        FieldType::Timestamp => match DateTime::parse_from_rfc3339(s) {
            Ok(t) => Ok(rfc3339(t.with_timezone(&Utc))),
            Err(_) => bad("an RFC 3339 timestamp"),
        },
        FieldType::Email => match s.split_once('@') {
            Some((a, b)) if !a.is_empty() && b.contains('.') => Ok(s.to_owned()),
            _ => bad("an e-mail address"),
        },
        FieldType::Id | FieldType::IdList => match uuid::Uuid::try_parse(s) {
            Ok(u) if s.len() == 36 => Ok(u.hyphenated().to_string()),
            _ => bad("an object id (36-character UUID)"),
        },
        FieldType::Varchar | FieldType::Text | FieldType::Enum | FieldType::VarcharList => {
            Ok(s.to_owned())
        }
    }
}

/// Applies `writes` to `entries`: each write replaces the entry with exactly its dimension
/// set (or removes it when its value is null); other entries stay (A4).
pub fn merge(entries: &mut Vec<Entry>, writes: &[WriteEntry]) {
    for w in writes {
        let pos = entries.iter().position(|e| e.dims == w.dims);
        match (&w.value, pos) {
            (Some(v), Some(i)) => entries[i].value = v.clone(),
            (Some(v), None) => entries.push(Entry {
                value: v.clone(),
                dims: w.dims.clone(),
            }),
            (None, Some(i)) => {
                entries.remove(i);
            }
            (None, None) => {}
        }
    }
    entries.sort_by(|a, b| a.dims.cmp(&b.dims));
}

/// RFC 3339 UTC with milliseconds, `2024-05-02T10:15:30.000Z` (A4).
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The legacy format of beans and events: `2024/05/02 10:15:30`.
pub fn legacy_time(t: DateTime<Utc>) -> String {
    t.format("%Y/%m/%d %H:%M:%S").to_string()
}

/// Reads a timestamp as clients send it: RFC 3339, `YYYY-MM-DD HH:MM:SS` or
/// `YYYY/MM/DD HH:MM:SS` (UTC), or a bare date (midnight UTC).
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y/%m/%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, f) {
            return Some(t.and_utc());
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::allportal::schema;
    use serde_json::json;

    fn product_field(name: &str) -> &'static FieldDef {
        schema::module("product").unwrap().field(name).unwrap()
    }

    #[test]
    fn entries_merge_per_exact_dimension_set() {
        let def = product_field("name");
        let mut entries = Vec::new();
        let first = parse_entries(
            def,
            &json!([
                {"value": "Stuhl ERP", "dimensions": {"channel": "erp", "locale": "de_DE"}},
                {"value": "Chair"}
            ]),
        )
        .unwrap();
        merge(&mut entries, &first);
        let second = parse_entries(
            def,
            &json!([{"value": "Stuhl eBay", "dimensions": {"locale": "de_DE", "channel": "ebay"}}]),
        )
        .unwrap();
        merge(&mut entries, &second);
        assert_eq!(entries.len(), 3);
        let clear = parse_entries(def, &json!([{"value": null}])).unwrap();
        merge(&mut entries, &clear);
        let values: Vec<_> = entries
            .iter()
            .map(|e| e.value.strings()[0].clone())
            .collect();
        assert_eq!(values, ["Stuhl eBay", "Stuhl ERP"]);
    }

    #[test]
    fn values_are_checked_against_the_field_type() {
        let err = parse_entries(product_field("status"), &json!([{"value": "sold"}])).unwrap_err();
        assert!(err.contains("draft, active, discontinued"), "{err}");
        let err = parse_entries(product_field("images"), &json!([{"value": "x"}])).unwrap_err();
        assert!(err.contains("array of strings"), "{err}");
        let err =
            parse_entries(product_field("article_number"), &json!([{"value": 12}])).unwrap_err();
        assert!(err.contains("sent as strings"), "{err}");
        let err = parse_entries(
            product_field("article_number"),
            &json!([{"value": "A", "dimensions": {"locale": "de_DE"}}]),
        )
        .unwrap_err();
        assert!(err.contains("no dimension `locale`"), "{err}");
    }

    #[test]
    fn timestamps_are_read_leniently() {
        let want = "2024-05-02T10:15:30Z".parse::<DateTime<Utc>>().unwrap();
        for s in [
            "2024-05-02T10:15:30Z",
            "2024-05-02 10:15:30",
            "2024/05/02 10:15:30",
            "2024-05-02T12:15:30+02:00",
        ] {
            assert_eq!(parse_time(s), Some(want), "{s}");
        }
        assert_eq!(rfc3339(want), "2024-05-02T10:15:30.000Z");
        assert_eq!(legacy_time(want), "2024/05/02 10:15:30");
    }
}
