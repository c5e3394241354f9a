//! The fields of each record type in PhotoShelter's encodings: capitalised record keys
//! around lower-case fields, flags `"t"`/`"f"`, numbers as strings, P3 timestamps.

use super::super::clock::format_ts;
use super::super::error::{ApiError, ApiResult};
use super::super::media::{Fit, MAX_EDGE, rendition_size};
use super::super::model::{Image, Node, Time, XmpValue};
use super::super::store::Store;
use serde_json::{Map, Value, json};

pub fn flag(value: bool) -> Value {
    Value::String(if value { "t" } else { "f" }.to_owned())
}

pub fn num(value: impl ToString) -> Value {
    Value::String(value.to_string())
}

pub fn ts(at: Time) -> Value {
    Value::String(format_ts(at))
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// `Collection` or `Gallery` fields.
pub fn node(store: &Store, node: &Node, id_key: &str) -> Map<String, Value> {
    object(json!({
        id_key: node.id,
        "name": node.name,
        "description": node.description,
        "f_list": flag(node.f_list),
        "display_order": num(node.display_order),
        "mode": node.mode.as_str(),
        "effective_mode": store.effective_mode(node).as_str(),
        "access_inherit": flag(node.access_inherit),
        "created_at": ts(node.created_at),
        "modified_at": ts(node.modified_at),
    }))
}

pub fn visibility(store: &Store, node: &Node) -> Map<String, Value> {
    object(json!({
        "mode": node.mode.as_str(),
        "effective_mode": store.effective_mode(node).as_str(),
        "access_inherit": flag(node.access_inherit),
    }))
}

pub fn permission(store: &Store, node: &Node) -> Map<String, Value> {
    object(json!({"mode": store.effective_mode(node).as_str()}))
}

/// Public page of a gallery or collection, shaped like PhotoShelter's own.
pub fn page_link(origin: &str, node: &Node, gallery: bool) -> Map<String, Value> {
    let kind = if gallery {
        "gallery"
    } else {
        "gallery-collection"
    };
    let slug: String = node
        .name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    object(json!({"url": format!("{origin}/{kind}/{slug}/{}", node.id)}))
}

/// Fits `w`×`h` into `box_w`×`box_h` the way screen and thumbnail sizes are given.
fn fitted(w: u32, h: u32, edge: u32) -> (u32, u32) {
    if w == 0 || h == 0 {
        return (0, 0);
    }
    rendition_size(Fit::Fit, edge, edge, w, h)
}

pub fn image(image: &Image) -> Map<String, Value> {
    let (sw, sh) = fitted(image.width, image.height, 1200);
    let (mw, mh) = fitted(image.width, image.height, 1920);
    let (tw, th) = fitted(image.width, image.height, 150);
    object(json!({
        "image_id": image.id,
        "owner_id": image.owner_id,
        "organization_id": image.organization_id,
        "creator_id": image.owner_id,
        "photographer_id": image.photographer_id,
        "file_name": image.file_name,
        "file_size": num(image.file_size),
        "width": num(image.width),
        "height": num(image.height),
        "screen_width": num(sw),
        "screen_height": num(sh),
        "screen_width_max": num(mw),
        "screen_height_max": num(mh),
        "thumb_width": num(tw),
        "thumb_height": num(th),
        "stat_show": flag(true),
        "f_searchable": flag(image.f_searchable),
        "model_released": flag(image.meta.model_released),
        "property_released": flag(image.meta.property_released),
        "rating": num(image.rating),
        "flagged": flag(image.flagged),
        "focal_point_x": num(image.focal_point.0),
        "focal_point_y": num(image.focal_point.1),
        "uploaded_at": ts(image.uploaded_at),
        "updated_at": ts(image.updated_at),
    }))
}

pub fn iptc(image: &Image) -> Map<String, Value> {
    let i = &image.meta.iptc;
    object(json!({
        "keyword": i.keyword,
        "caption": i.caption,
        "credit": i.credit,
        "copyright": i.copyright,
        "headline": i.headline,
        "title": i.title,
        "author": i.author,
        "display_caption": i.display_caption,
        "usage_terms": i.usage_terms,
        "expiration_date": i.expiration_date,
        "job_identifier": i.job_identifier,
    }))
}

pub fn license(image: &Image) -> Map<String, Value> {
    let l = &image.meta.license;
    let time = |t: Option<Time>| t.map(ts).unwrap_or_else(|| Value::String(String::new()));
    object(json!({
        "license_stime": time(l.start),
        "license_etime": time(l.end),
        "license_type": l.kind,
    }))
}

pub fn xmp(image: &Image) -> Map<String, Value> {
    image
        .meta
        .xmp
        .iter()
        .map(|(k, v)| {
            let value = match v {
                XmpValue::Text(t) => Value::String(t.clone()),
                XmpValue::List(items) => json!(items),
            };
            (k.clone(), value)
        })
        .collect()
}

/// `image_size` as `WxH`, `xH`, `Wx` or `W` (a square), resolved against the original's
/// aspect so the link always names both edges.
pub fn parse_size(text: &str, fit: Fit, w: u32, h: u32) -> ApiResult<(u32, u32)> {
    let bad = || {
        ApiError::param(format!(
            "image_size must look like 300x300, x700 or 1920x, not {text:?}"
        ))
    };
    let edge = |s: &str| -> ApiResult<Option<u32>> {
        if s.is_empty() {
            return Ok(None);
        }
        let v: u32 = s.parse().map_err(|_| bad())?;
        if v == 0 || v > MAX_EDGE {
            return Err(ApiError::param(format!(
                "image_size edges must be 1 to {MAX_EDGE}"
            )));
        }
        Ok(Some(v))
    };
    let (a, b) = match text.split_once('x') {
        Some((a, b)) => (edge(a)?, edge(b)?),
        None => {
            let v = edge(text)?.ok_or_else(bad)?;
            (Some(v), Some(v))
        }
    };
    let (w, h) = (f64::from(w.max(1)), f64::from(h.max(1)));
    match (a, b, fit) {
        (Some(a), Some(b), _) => Ok((a, b)),
        (Some(a), None, Fit::Fit) => Ok((a, ((f64::from(a) * h / w).round() as u32).max(1))),
        (None, Some(b), Fit::Fit) => Ok((((f64::from(b) * w / h).round() as u32).max(1), b)),
        (Some(v), None, Fit::Fill) | (None, Some(v), Fit::Fill) => Ok((v, v)),
        (None, None, _) => Err(bad()),
    }
}

fn param_str<'a>(params: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    params
        .get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Percent-encodes a path segment.
pub fn encode_segment(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn image_base(origin: &str, image: &Image) -> String {
    format!("{origin}/img-get2/{}", image.id)
}

/// `ImageLink` (P15) for the size and mode in `params` (default `fit=1200x1200`).
pub fn image_link(
    origin: &str,
    image: &Image,
    params: &Map<String, Value>,
) -> ApiResult<Map<String, Value>> {
    let fit = match param_str(params, "image_mode") {
        None | Some("fit") => Fit::Fit,
        Some("fill") => Fit::Fill,
        Some(other) => {
            return Err(ApiError::param(format!(
                "image_mode must be fit or fill, not {other:?}"
            )));
        }
    };
    let (bw, bh) = parse_size(
        param_str(params, "image_size").unwrap_or("1200x1200"),
        fit,
        image.width,
        image.height,
    )?;
    let base = image_base(origin, image);
    let mode = if fit == Fit::Fit { "fit" } else { "fill" };
    let link = format!(
        "{base}/sec={}/{mode}={bw}x{bh}/{}",
        image.token,
        encode_segment(&image.file_name)
    );
    Ok(object(
        json!({"link": link, "base": base, "token": image.token, "auth_link": link}),
    ))
}

/// Reads `page`/`per_page` from extension params (strings or numbers).
pub fn param_number(params: &Map<String, Value>, name: &str) -> ApiResult<Option<u64>> {
    match params.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .map(Some)
            .ok_or_else(|| ApiError::param(format!("{name} must be a whole number"))),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| ApiError::param(format!("{name} must be a whole number, not {s:?}"))),
        Some(_) => Err(ApiError::param(format!("{name} must be a whole number"))),
    }
}
