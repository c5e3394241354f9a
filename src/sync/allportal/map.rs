//! 4ALLPORTAL objects read into cache records, through the account's field mapping.

use crate::allportal::mapping::{CategoryFields, FileFields, ProductFields, UserFields};
use crate::allportal::{Dimensions, Object, ProductImages};
use crate::cache::catalog::files::{CategoryRecord, FileRecord, UserRecord};
use crate::cache::catalog::products::ProductRecord;
use crate::rights::{AllPortalRightsFields, Rights};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The undimensioned text of `field`, else the first text any entry has.
fn text(object: &Object, field: &str) -> Option<String> {
    object
        .text_in(field, &Dimensions::none())
        .map(str::to_owned)
        .or_else(|| {
            object
                .entries(field)
                .iter()
                .find_map(|e| e.value.as_text().map(str::to_owned))
        })
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
}

fn opt_text(object: &Object, field: Option<&String>) -> Option<String> {
    field.and_then(|f| text(object, f))
}

fn list(object: &Object, field: Option<&String>) -> Vec<String> {
    field
        .map(|f| {
            object
                .list(f)
                .into_iter()
                .map(|i| i.trim().to_owned())
                .filter(|i| !i.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn raw(object: &Object) -> Value {
    serde_json::to_value(object).unwrap_or(Value::Null)
}

fn hash(raw: &Value) -> String {
    let mut h = Sha256::new();
    h.update(raw.to_string().as_bytes());
    hex::encode(&h.finalize()[..16])
}

/// A product; `category` and `owner_name` are filled in by the caller from the cache.
pub fn product(object: &Object, f: &ProductFields) -> ProductRecord {
    let fields = raw(object);
    ProductRecord {
        ap_id: object.id.as_str().to_owned(),
        sku: text(object, &f.sku),
        name: text(object, &f.name).unwrap_or_default(),
        description: opt_text(object, f.description.as_ref()),
        category: None,
        category_ids: list(object, f.category.as_ref()),
        campaigns: list(object, f.campaign.as_ref()),
        owner: opt_text(object, f.owner.as_ref()),
        owner_name: None,
        parent_ap_id: opt_text(object, f.parent.as_ref()),
        has_children: object.has_child.unwrap_or(false),
        colour: opt_text(object, f.colour.as_ref()),
        size: opt_text(object, f.size.as_ref()),
        status: opt_text(object, f.status.as_ref()),
        mod_time: object.mod_time,
        mod_time_img: object.mod_time_img,
        images: ProductImages::from_object(object, f),
        record_hash: hash(&fields),
        fields,
    }
}

/// The rights field names of the mapping, as the rights reader wants them (an unmapped
/// field reads as absent).
pub fn rights_fields(f: &FileFields) -> AllPortalRightsFields {
    let r = &f.rights;
    let name = |field: &Option<String>| field.clone().unwrap_or_default();
    AllPortalRightsFields {
        licence_type: name(&r.license_type),
        licence_holder: name(&r.license_holder),
        copyright: name(&r.copyright),
        licence_valid_until: name(&r.valid_until),
        usage_restrictions: name(&r.usage_restrictions),
        channels: name(&r.channels),
        regions: None,
    }
}

/// A file's field values as the rights reader takes them (text, or a list of texts).
fn values(object: &Object) -> BTreeMap<String, Value> {
    object
        .fields
        .keys()
        .filter_map(|name| {
            let value = object.value_in(name, &Dimensions::none())?;
            let json = match value {
                crate::allportal::FieldValue::Text(t) => Value::String(t.clone()),
                crate::allportal::FieldValue::List(items) => {
                    Value::Array(items.iter().cloned().map(Value::String).collect())
                }
                crate::allportal::FieldValue::Null => return None,
            };
            Some((name.clone(), json))
        })
        .collect()
}

/// A file that may carry a PhotoShelter image.
pub fn file(object: &Object, f: &FileFields, rights: &AllPortalRightsFields) -> FileRecord {
    let fields = raw(object);
    let r = &f.rights;
    let written_fields = [&r.approval_status, &r.rights_flag, &r.rights_note]
        .into_iter()
        .flatten()
        .map(|name| (name.clone(), list(object, Some(name))))
        .collect();
    FileRecord {
        ap_id: object.id.as_str().to_owned(),
        ps_id: text(object, &f.photoshelter_id),
        name: text(object, &f.name),
        approval_status: opt_text(object, r.approval_status.as_ref()),
        rights_flag: opt_text(object, r.rights_flag.as_ref()),
        rights: Rights::from_allportal(&values(object), rights),
        written_fields,
        mod_time: object.mod_time,
        mod_time_img: object.mod_time_img,
        record_hash: hash(&fields),
        fields,
    }
}

pub fn category(object: &Object, f: &CategoryFields) -> CategoryRecord {
    CategoryRecord {
        ap_id: object.id.as_str().to_owned(),
        name: text(object, &f.name).unwrap_or_default(),
        path: opt_text(object, f.path.as_ref()),
        parent_ap_id: None,
        mod_time: object.mod_time,
    }
}

pub fn user(object: &Object, f: &UserFields) -> UserRecord {
    UserRecord {
        ap_id: object.id.as_str().to_owned(),
        username: None,
        display_name: text(object, &f.display_name),
        email: opt_text(object, f.email.as_ref()),
        mod_time: object.mod_time,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variant_with_its_images_roles_and_rights_fields() {
        let object: Object = serde_json::from_str(
            r#"{"id":"p1","module":"product","mod_time":"2024-01-01T00:06:28.000Z",
                "has_child":[{"value":false}],
                "article_number":[{"value":"MH02-XS-Black"}],
                "name":[{"value":"Teton Hoodie","dimensions":{"channel":"web","locale":"en_US"}}],
                "categories":[{"value":["c1"]}],"campaigns":[{"value":["Eco Friendly","Sale"]}],
                "color":[{"value":"Black"}],"owner":[{"value":"u1"}],"pid":[{"value":"p0"}],
                "images":[{"value":["f1","f2"]}],"image_roles":[{"value":["gallery","hero"]}],
                "main_image":[{"value":"f2"}]}"#,
        )
        .unwrap();
        let p = product(&object, &ProductFields::default());
        assert_eq!(p.sku.as_deref(), Some("MH02-XS-Black"));
        assert_eq!(p.name, "Teton Hoodie", "a dimensioned name is still a name");
        assert_eq!(p.campaigns, ["Eco Friendly", "Sale"]);
        assert_eq!(p.category_ids, ["c1"]);
        assert_eq!(p.parent_ap_id.as_deref(), Some("p0"));
        assert_eq!(p.images.hero().map(|h| h.as_str()), Some("f2"));
        assert_eq!(p.images.images[0].role.as_deref(), Some("gallery"));

        let file_object: Object = serde_json::from_str(
            r#"{"id":"f2","module":"file","photoshelter_id":[{"value":"I0000abc"}],
                "license_valid_until":[{"value":"2026-03-31"}],"license_type":[{"value":"licensed"}],
                "channels":[{"value":["web"]}],"rights_flag":[{"value":"ok"}],
                "approval_status":[{"value":"approved"}]}"#,
        )
        .unwrap();
        let mapping = FileFields::default();
        let f = file(&file_object, &mapping, &rights_fields(&mapping));
        assert_eq!(f.ps_id.as_deref(), Some("I0000abc"));
        assert_eq!(
            f.rights.licence_end.unwrap().value.date().to_string(),
            "2026-03-31"
        );
        assert_eq!(f.rights.channels.unwrap().value[0].as_str(), "web");
        assert!(
            f.written_fields
                .contains(&("rights_flag".to_string(), vec!["ok".to_string()]))
        );
    }
}
