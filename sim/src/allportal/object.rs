//! One object of a module and its two JSON encodings: the `/api` object of §3.3 and the
//! legacy bean of §4.3.

use super::schema::{self, Access, FieldDef, ModuleDef};
use super::value::{EntriesJson, Entry, EntryJson, Value, legacy_time, rfc3339};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct Object {
    pub id: String,
    pub module: &'static ModuleDef,
    pub mod_time: DateTime<Utc>,
    pub mod_time_img: DateTime<Utc>,
    pub fields: BTreeMap<&'static str, Vec<Entry>>,
}

impl Object {
    pub fn new(id: String, module: &'static ModuleDef, at: DateTime<Utc>) -> Self {
        Self {
            id,
            module,
            mod_time: at,
            mod_time_img: at,
            fields: BTreeMap::new(),
        }
    }

    /// The undimensioned string value of `field`, if any.
    pub fn text(&self, field: &str) -> Option<&str> {
        self.fields
            .get(field)?
            .iter()
            .find(|e| e.dims.is_empty())
            .and_then(|e| match &e.value {
                Value::Text(t) => Some(t.as_str()),
                Value::List(_) => None,
            })
    }

    /// The undimensioned list value of `field` (empty when unset).
    pub fn list(&self, field: &str) -> &[String] {
        self.fields
            .get(field)
            .and_then(|es| es.iter().find(|e| e.dims.is_empty()))
            .map(|e| match &e.value {
                Value::List(l) => l.as_slice(),
                Value::Text(t) => std::slice::from_ref(t),
            })
            .unwrap_or(&[])
    }

    /// Every string `field` holds, across dimensions and list items.
    pub fn all_values(&self, field: &str) -> impl Iterator<Item = &String> {
        self.fields
            .get(field)
            .into_iter()
            .flatten()
            .flat_map(|e| e.value.strings())
    }

    /// Sets the undimensioned value of `field` (or clears it with `None`).
    pub fn set(&mut self, field: &'static str, value: Option<Value>) {
        let entries = self.fields.entry(field).or_default();
        entries.retain(|e| !e.dims.is_empty());
        if let Some(v) = value {
            entries.insert(0, Entry::plain(v));
        }
        if entries.is_empty() {
            self.fields.remove(field);
        }
    }

    pub fn set_text(&mut self, field: &'static str, value: impl Into<String>) {
        self.set(field, Some(Value::Text(value.into())));
    }
}

/// Values computed on read rather than stored.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// Tree modules: whether any object names this one as `pid`.
    pub has_child: Option<bool>,
    /// Files: `license_expired`, `linked_products` (A7).
    pub license_expired: Option<bool>,
    pub linked_products: Option<Vec<String>>,
}

impl Derived {
    /// The derived value of `def` as entries (empty when none).
    pub fn entries(&self, def: &FieldDef) -> Vec<Entry> {
        match def.name {
            "license_expired" => self
                .license_expired
                .map(|b| vec![Entry::plain(Value::Text(b.to_string()))])
                .unwrap_or_default(),
            "linked_products" => self
                .linked_products
                .clone()
                .map(|l| vec![Entry::plain(Value::List(l))])
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

/// Which fields an answer carries (`fields` parameter of A2/A3).
#[derive(Debug, Clone)]
pub enum Projection {
    All,
    Only {
        fields: Vec<&'static FieldDef>,
        has_child: bool,
    },
}

impl Projection {
    /// Reads repeated and comma-separated `fields` values (A3). The envelope keys are always
    /// sent; `Err` names an invalid or unknown field.
    pub fn parse(module: &'static ModuleDef, params: &[String]) -> Result<Self, String> {
        let names: Vec<&str> = params
            .iter()
            .flat_map(|p| p.split(','))
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        if names.is_empty() {
            return Ok(Self::All);
        }
        let mut fields: Vec<&'static FieldDef> = Vec::new();
        let mut has_child = false;
        for name in names {
            if name == "has_child" && module.tree {
                has_child = true;
                continue;
            }
            if schema::ENVELOPE_KEYS.contains(&name) && name != "has_child" {
                continue;
            }
            schema::check_field_name(name)?;
            let def = module
                .field(name)
                .ok_or_else(|| format!("unknown field `{name}` in module {}", module.name))?;
            if !fields.iter().any(|f| f.name == def.name) {
                fields.push(def);
            }
        }
        Ok(Self::Only { fields, has_child })
    }
}

/// The §3.3 JSON of an object: envelope keys first, then the fields in schema order, every
/// field a list of `{value, dimensions}`.
pub struct ObjectJson<'a> {
    pub object: &'a Object,
    pub derived: Derived,
    pub projection: &'a Projection,
}

impl Serialize for ObjectJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let o = self.object;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &o.id)?;
        map.serialize_entry("module", o.module.name)?;
        map.serialize_entry("type", "default")?;
        map.serialize_entry("mod_time", &rfc3339(o.mod_time))?;
        map.serialize_entry("mod_time_img", &[TimeValue(o.mod_time_img)])?;
        let (fields, with_child): (Vec<&FieldDef>, bool) = match self.projection {
            Projection::All => (o.module.fields.iter().collect(), o.module.tree),
            Projection::Only { fields, has_child } => (fields.clone(), *has_child),
        };
        if with_child && let Some(has) = self.derived.has_child {
            map.serialize_entry("has_child", &[BoolValue(has)])?;
        }
        for def in fields {
            if def.access == Access::Derived {
                map.serialize_entry(def.name, &EntriesJson(&self.derived.entries(def)))?;
            } else {
                let entries = o.fields.get(def.name).map(Vec::as_slice).unwrap_or(&[]);
                map.serialize_entry(def.name, &EntriesJson(entries))?;
            }
        }
        map.end()
    }
}

struct TimeValue(DateTime<Utc>);

impl Serialize for TimeValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("value", &rfc3339(self.0))?;
        map.end()
    }
}

struct BoolValue(bool);

impl Serialize for BoolValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("value", &self.0)?;
        map.end()
    }
}

/// The legacy bean of L6: `properties` holds `{"value": …}` for undimensioned fields and an
/// array of `{value, dimensions}` for fields declared with dimensions (§4.3).
pub struct BeanJson<'a> {
    pub object: &'a Object,
    pub derived: Derived,
}

impl Serialize for BeanJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let o = self.object;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &o.id)?;
        map.serialize_entry("module_name", o.module.name)?;
        map.serialize_entry("mod_time", &legacy_time(o.mod_time))?;
        map.serialize_entry("type", "default")?;
        map.serialize_entry("properties", &Properties(o, &self.derived))?;
        map.end()
    }
}

struct Properties<'a>(&'a Object, &'a Derived);

impl Serialize for Properties<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (o, derived) = (self.0, self.1);
        let mut map = s.serialize_map(None)?;
        for def in &o.module.fields {
            let entries = if def.access == Access::Derived {
                derived.entries(def)
            } else {
                o.fields.get(def.name).cloned().unwrap_or_default()
            };
            if def.dimensions.is_empty() {
                match entries.first() {
                    Some(e) => map.serialize_entry(def.name, &EntryJson(e))?,
                    None => map.serialize_entry(def.name, &NullValue)?,
                }
            } else {
                map.serialize_entry(def.name, &EntriesJson(&entries))?;
            }
        }
        map.end()
    }
}

struct NullValue;

impl Serialize for NullValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("value", &())?;
        map.end()
    }
}
