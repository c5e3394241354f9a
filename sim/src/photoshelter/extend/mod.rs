//! The generic `fields` + `extend` engine (document §4.1). `extend` is a JSON object whose
//! keys are record types and whose values are `{"fields": "...", "params": {...}}` plus any
//! nested extensions (capitalised keys, or an `"extend"` object). An extension attaches to
//! the record that supplies its input id:
//! - a record hosts the extensions listed for it in `hosts`;
//! - image-keyed metadata (`Iptc`, `License`, …) asked of a `GalleryImage` or `KeyImage`
//!   lands inside its `Image` when `Image` is asked for too;
//! - an extension the record cannot host goes down into the first attached extension
//!   whose records can host it (e.g. `ImageLink` on a collection lands in its `KeyImage`).
//!
//! An extension that cannot be placed, or an unknown record type, is a 400 `ParamErr`.

pub mod records;
pub mod render;

use super::error::{ApiError, ApiResult};
use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub enum Fields {
    All,
    Only(Vec<String>),
}

impl Fields {
    /// A `fields` parameter: comma list, `*` or absent (= all).
    pub fn parse(text: Option<&str>) -> Fields {
        match text.map(str::trim) {
            None | Some("") | Some("*") => Fields::All,
            Some(list) => Fields::Only(
                list.split(',')
                    .map(|f| f.trim().to_owned())
                    .filter(|f| !f.is_empty())
                    .collect(),
            ),
        }
    }

    pub fn project(&self, mut record: Map<String, Value>) -> Map<String, Value> {
        if let Fields::Only(names) = self {
            record.retain(|k, _| names.iter().any(|n| n == k || n == "*"));
        }
        record
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub fields: Fields,
    pub params: Map<String, Value>,
    pub nested: Vec<(String, Spec)>,
}

impl Spec {
    pub fn all() -> Spec {
        Spec {
            fields: Fields::All,
            params: Map::new(),
            nested: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Collection,
    Gallery,
    Children,
    GalleryImage,
    KeyImage,
    Image,
    ImageLink,
    Iptc,
    License,
    CustomMetadata,
    Xmp,
    ImageGallery,
    Visibility,
    Permission,
    GalleryLink,
    CollectionLink,
    Parents,
}

const IMAGE_METADATA: [&str; 5] = ["Iptc", "License", "CustomMetadata", "Xmp", "ImageGallery"];

fn hosts(kind: Kind) -> &'static [(&'static str, Kind)] {
    use Kind as K;
    const IMAGE_HOLDER: &[(&str, Kind)] = &[
        ("Image", K::Image),
        ("ImageLink", K::ImageLink),
        ("Iptc", K::Iptc),
        ("License", K::License),
        ("CustomMetadata", K::CustomMetadata),
        ("Xmp", K::Xmp),
        ("ImageGallery", K::ImageGallery),
    ];
    match kind {
        K::Collection => &[
            ("Children", K::Children),
            ("KeyImage", K::KeyImage),
            ("Visibility", K::Visibility),
            ("Permission", K::Permission),
            ("CollectionLink", K::CollectionLink),
            ("Parents", K::Parents),
        ],
        K::Gallery => &[
            ("GalleryImage", K::GalleryImage),
            ("KeyImage", K::KeyImage),
            ("Visibility", K::Visibility),
            ("Permission", K::Permission),
            ("GalleryLink", K::GalleryLink),
            ("Parents", K::Parents),
        ],
        K::Children => &[("Collection", K::Collection), ("Gallery", K::Gallery)],
        K::GalleryImage | K::KeyImage => IMAGE_HOLDER,
        K::Image => &IMAGE_HOLDER[1..],
        K::ImageGallery => &[("Gallery", K::Gallery)],
        K::Parents => &[("Collection", K::Collection)],
        _ => &[],
    }
}

const KNOWN: [&str; 17] = [
    "Collection",
    "Gallery",
    "Children",
    "GalleryImage",
    "KeyImage",
    "Image",
    "ImageLink",
    "Iptc",
    "License",
    "CustomMetadata",
    "Xmp",
    "ImageGallery",
    "Visibility",
    "Permission",
    "GalleryLink",
    "CollectionLink",
    "Parents",
];

fn host(kind: Kind, name: &str) -> Option<Kind> {
    hosts(kind)
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, k)| *k)
}

fn reaches(kind: Kind, name: &str, depth: u8) -> bool {
    depth > 0
        && hosts(kind)
            .iter()
            .any(|(n, k)| *n == name || reaches(*k, name, depth - 1))
}

/// Parses an `extend` parameter (absent or empty = none).
pub fn parse_extend(text: Option<&str>) -> ApiResult<Vec<(String, Spec)>> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(Vec::new());
    };
    let value: Value = serde_json::from_str(text).map_err(|e| {
        ApiError::param(format!("extend must be a JSON object of record types: {e}"))
    })?;
    match value {
        Value::Object(map) => nested_specs(map),
        _ => Err(ApiError::param(
            "extend must be a JSON object of record types",
        )),
    }
}

fn nested_specs(map: Map<String, Value>) -> ApiResult<Vec<(String, Spec)>> {
    map.into_iter()
        .map(|(name, value)| Ok((name.clone(), parse_spec(&name, value)?)))
        .collect()
}

fn parse_spec(name: &str, value: Value) -> ApiResult<Spec> {
    let mut spec = Spec::all();
    let map = match value {
        Value::Object(map) => map,
        Value::Null => return Ok(spec),
        Value::String(s) if s.is_empty() => return Ok(spec),
        _ => {
            return Err(ApiError::param(format!(
                "extend.{name} must be an object like {{\"fields\":\"…\",\"params\":{{}}}}"
            )));
        }
    };
    for (key, value) in map {
        match key.as_str() {
            "fields" => {
                spec.fields = match value {
                    Value::String(s) => Fields::parse(Some(&s)),
                    Value::Array(items) => Fields::Only(
                        items
                            .iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect(),
                    ),
                    _ => Fields::All,
                }
            }
            "params" => match value {
                Value::Object(params) => spec.params = params,
                Value::Array(a) if a.is_empty() => {}
                Value::Null => {}
                _ => {
                    return Err(ApiError::param(format!(
                        "extend.{name}.params must be an object"
                    )));
                }
            },
            "extend" => match value {
                Value::Object(inner) => spec.nested.extend(nested_specs(inner)?),
                _ => {
                    return Err(ApiError::param(format!(
                        "extend.{name}.extend must be an object"
                    )));
                }
            },
            _ if key.starts_with(|c: char| c.is_ascii_uppercase()) => {
                let inner = parse_spec(&key, value)?;
                spec.nested.push((key, inner));
            }
            _ => {}
        }
    }
    Ok(spec)
}

/// One extension placed on a record: its name, record type, selection and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Attach {
    pub name: String,
    pub kind: Kind,
    pub fields: Fields,
    pub params: Map<String, Value>,
    pub plan: Plan,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub attach: Vec<Attach>,
}

#[cfg(test)]
impl Plan {
    pub fn get(&self, name: &str) -> Option<&Attach> {
        self.attach.iter().find(|a| a.name == name)
    }
}

/// Places the extensions `exts` on a record of `kind` and, recursively, inside each other.
pub fn plan(kind: Kind, exts: Vec<(String, Spec)>) -> ApiResult<Plan> {
    let has_image = host(kind, "Image").is_some() && exts.iter().any(|(n, _)| n == "Image");
    // (name, record type, its spec, extensions handed down to it)
    type Placed = (String, Kind, Spec, Vec<(String, Spec)>);
    let mut here: Vec<Placed> = Vec::new();
    let mut forward = Vec::new();
    for (name, spec) in exts {
        if !KNOWN.contains(&name.as_str()) {
            return Err(ApiError::param(format!(
                "extend names an unknown record type {name:?}; known: {}",
                KNOWN.join(", ")
            )));
        }
        let deferred = has_image && IMAGE_METADATA.contains(&name.as_str());
        match host(kind, &name) {
            Some(k) if !deferred => here.push((name, k, spec, Vec::new())),
            _ => forward.push((name, spec)),
        }
    }
    if kind == Kind::Children {
        for (name, k) in hosts(Kind::Children) {
            if !here.iter().any(|(n, ..)| n == name) {
                here.push(((*name).to_owned(), *k, Spec::all(), Vec::new()));
            }
        }
    }
    for (name, spec) in forward {
        if kind == Kind::Children {
            // Both child lists get what is asked of the children (e.g. their `KeyImage`).
            let mut placed = false;
            for entry in here.iter_mut().filter(|(_, k, ..)| reaches(*k, &name, 4)) {
                entry.3.push((name.clone(), spec.clone()));
                placed = true;
            }
            if placed {
                continue;
            }
        }
        let direct = here.iter().position(|(_, k, ..)| host(*k, &name).is_some());
        let target = direct.or_else(|| here.iter().position(|(_, k, ..)| reaches(*k, &name, 4)));
        match target {
            Some(at) => here[at].3.push((name, spec)),
            None => {
                return Err(ApiError::param(format!(
                    "extend.{name} does not apply to {kind:?} records; ask also for the record that holds it (e.g. KeyImage or Image)"
                )));
            }
        }
    }
    let mut attach = Vec::new();
    for (name, kind, spec, extra) in here {
        let mut inner = spec.nested;
        inner.extend(extra);
        attach.push(Attach {
            name,
            kind,
            fields: spec.fields,
            params: spec.params,
            plan: plan(kind, inner)?,
        });
    }
    Ok(Plan { attach })
}

#[cfg(test)]
mod tests;
