//! Recording what a job is about to write in `own_writes`, so that a sync that reads the
//! value back recognises Shelflink's own change and does not treat it as someone else's
//! (no echo loop). Recorded before the remote call, in its own commit, so a crash after the
//! write still leaves the record.
//!
//! The record's shape is the catalog's contract with sync: `field` is the field key and
//! `value_hash` the first 16 bytes (hex) of SHA-256 over `key + "\n" + normalised JSON
//! value`, the same normalisation sync applies to what it reads (trimmed texts, empties
//! dropped, order kept).

use super::clock::to_db;
use crate::allportal::ProductImages;
use crate::net::Service;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// One value written to one remote object.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnWrite {
    pub service: Service,
    pub object_id: String,
    /// `keywords`, `product_images`, `back_links`, `gallery:{id}`, `field:{name}`.
    pub field: String,
    pub value: Value,
}

fn clean(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

impl OwnWrite {
    /// A PhotoShelter image's whole keyword list (P8 replaces the list).
    pub fn keywords(image_id: &str, keywords: &[String]) -> Self {
        let list: Vec<String> = keywords.iter().filter_map(|k| clean(k)).collect();
        Self {
            service: Service::PhotoShelter,
            object_id: image_id.to_owned(),
            field: "keywords".into(),
            value: json!(list),
        }
    }

    /// A PhotoShelter image added to a gallery.
    pub fn gallery_member(image_id: &str, gallery_id: &str) -> Self {
        Self {
            service: Service::PhotoShelter,
            object_id: image_id.to_owned(),
            field: format!("gallery:{gallery_id}"),
            value: Value::Bool(true),
        }
    }

    /// A product's image relation (files in order, their roles, the hero).
    pub fn product_images(product_id: &str, images: &ProductImages) -> Self {
        let files: Vec<&str> = images.images.iter().map(|i| i.file.as_str()).collect();
        let roles: Vec<Option<String>> = images
            .images
            .iter()
            .map(|i| i.role.as_deref().and_then(clean))
            .collect();
        Self {
            service: Service::Allportal,
            object_id: product_id.to_owned(),
            field: "product_images".into(),
            value: json!({
                "files": files,
                "roles": roles,
                "main": images.hero().map(|h| h.as_str()),
            }),
        }
    }

    /// A product's PhotoShelter back-links (the image ids, in order).
    pub fn back_links(product_id: &str, image_ids: &[String]) -> Self {
        let ids: Vec<String> = image_ids.iter().filter_map(|i| clean(i)).collect();
        Self {
            service: Service::Allportal,
            object_id: product_id.to_owned(),
            field: "back_links".into(),
            value: json!(ids),
        }
    }

    /// Any other 4ALLPORTAL field: its items (a text is one item).
    pub fn allportal_field(object_id: &str, field: &str, items: &[String]) -> Self {
        let items: Vec<String> = items.iter().filter_map(|i| clean(i)).collect();
        Self {
            service: Service::Allportal,
            object_id: object_id.to_owned(),
            field: format!("field:{field}"),
            value: json!(items),
        }
    }

    pub fn value_hash(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.field.as_bytes());
        hasher.update(b"\n");
        hasher.update(self.value.to_string().as_bytes());
        hex::encode(&hasher.finalize()[..16])
    }
}

/// Records `write`, made by `job`, at `at`.
pub fn record(
    conn: &Connection,
    write: &OwnWrite,
    job: i64,
    at: DateTime<Utc>,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO own_writes (service, object_id, field, value_hash, written_at, job_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            write.service.slug(),
            write.object_id,
            write.field,
            write.value_hash(),
            to_db(at),
            job
        ],
    )
    .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_written_differently_hash_alike() {
        let a = OwnWrite::keywords("I1", &["MH02".into(), " approved ".into(), "".into()]);
        let b = OwnWrite::keywords("I1", &["MH02".into(), "approved".into()]);
        assert_eq!(a.value_hash(), b.value_hash());
        let other = OwnWrite::back_links("I1", &["MH02".into(), "approved".into()]);
        assert_ne!(
            a.value_hash(),
            other.value_hash(),
            "the field is part of the hash"
        );
        assert_eq!(a.value_hash().len(), 32);
    }

    #[test]
    fn a_record_names_the_job_that_wrote_it() {
        let cache = crate::cache::Cache::open_in_memory().unwrap();
        let write = OwnWrite::allportal_field("f1", "rights_flag", &["expired".into()]);
        let (field, job): (String, i64) = cache
            .with_conn(|conn| {
                record(conn, &write, 42, Utc::now())?;
                conn.query_row("SELECT field, job_id FROM own_writes", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
            })
            .unwrap();
        assert_eq!((field.as_str(), job), ("field:rights_flag", 42));
    }
}
