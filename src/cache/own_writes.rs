//! What Shelflink itself wrote to either system, so that a sync recognises its own change
//! when it comes back and does not treat it as someone else's (no echo loops).
//!
//! Whoever writes remotely (the transfer queue) records the value it is about to write with
//! [`record`] — before the call, so that a crash after the write still leaves the record.
//! When a sync then reads an object whose value changed, it builds the same [`OwnWrite`]
//! from what it read and calls [`consume`]: a match means "our own write, seen back", and
//! the record is used up. Records that never come back (a failed write) are dropped after
//! [`KEEP_FOR`].
//!
//! Values are compared by a hash of their normalised form, so the writer and the sync must
//! build them with the same constructor (`OwnWrite::keywords`, `OwnWrite::product_images`, …).

use super::time::to_db;
use super::{Cache, CacheError};
use crate::allportal::ProductImages;
use crate::net::Service;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, params};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// How long a record waits for its write to come back before it is dropped.
pub const KEEP_FOR: Duration = Duration::days(7);

/// Which value of an object was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A PhotoShelter image's whole keyword list (P8 replaces the list).
    Keywords,
    /// A PhotoShelter IPTC text field (`caption`, `title`, `headline`, …).
    Iptc(String),
    /// Membership of a PhotoShelter image in a gallery (by gallery id).
    GalleryMember(String),
    /// A 4ALLPORTAL product's image relation: `images`, `image_roles` and `main_image`.
    ProductImages,
    /// A 4ALLPORTAL product's PhotoShelter back-links (the image ids, in order).
    BackLinks,
    /// Any other 4ALLPORTAL field, by its name (e.g. a file's `rights_flag`).
    Named(String),
}

impl Field {
    /// The name kept in `own_writes.field`.
    pub fn key(&self) -> String {
        match self {
            Field::Keywords => "keywords".into(),
            Field::Iptc(name) => format!("iptc:{name}"),
            Field::GalleryMember(gallery) => format!("gallery:{gallery}"),
            Field::ProductImages => "product_images".into(),
            Field::BackLinks => "back_links".into(),
            Field::Named(name) => format!("field:{name}"),
        }
    }
}

/// One value written to one object.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnWrite {
    pub service: Service,
    /// The PhotoShelter image id or the 4ALLPORTAL object id.
    pub object_id: String,
    pub field: Field,
    /// The normalised value.
    pub value: Value,
}

fn clean(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

impl OwnWrite {
    /// The whole keyword list written to a PhotoShelter image (trimmed, empties dropped,
    /// order kept, as PhotoShelter stores it).
    pub fn keywords(image_id: &str, keywords: &[String]) -> Self {
        let list: Vec<String> = keywords.iter().filter_map(|k| clean(k)).collect();
        Self {
            service: Service::PhotoShelter,
            object_id: image_id.to_owned(),
            field: Field::Keywords,
            value: json!(list),
        }
    }

    /// One IPTC text field written to a PhotoShelter image (`None` or empty = cleared).
    pub fn iptc(image_id: &str, field: &str, text: Option<&str>) -> Self {
        Self {
            service: Service::PhotoShelter,
            object_id: image_id.to_owned(),
            field: Field::Iptc(field.to_owned()),
            value: json!(text.and_then(clean)),
        }
    }

    /// A PhotoShelter image added to a gallery.
    pub fn gallery_member(image_id: &str, gallery_id: &str) -> Self {
        Self {
            service: Service::PhotoShelter,
            object_id: image_id.to_owned(),
            field: Field::GalleryMember(gallery_id.to_owned()),
            value: Value::Bool(true),
        }
    }

    /// A product's image relation as written (files in order, their roles, the hero).
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
            field: Field::ProductImages,
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
            field: Field::BackLinks,
            value: json!(ids),
        }
    }

    /// Any other 4ALLPORTAL field: its items (a text is one item; empty = cleared).
    pub fn allportal_field(object_id: &str, field: &str, items: &[String]) -> Self {
        let items: Vec<String> = items.iter().filter_map(|i| clean(i)).collect();
        Self {
            service: Service::Allportal,
            object_id: object_id.to_owned(),
            field: Field::Named(field.to_owned()),
            value: json!(items),
        }
    }

    /// The hash kept in `own_writes.value_hash`.
    pub fn value_hash(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.field.key().as_bytes());
        hasher.update(b"\n");
        // serde_json writes object keys sorted, so equal values give equal text.
        hasher.update(self.value.to_string().as_bytes());
        hex::encode(&hasher.finalize()[..16])
    }
}

/// Records a write Shelflink is about to make (`job` = the job making it, if any).
pub fn record(
    conn: &Connection,
    write: &OwnWrite,
    job: Option<i64>,
    at: DateTime<Utc>,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO own_writes (service, object_id, field, value_hash, written_at, job_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            write.service.slug(),
            write.object_id,
            write.field.key(),
            write.value_hash(),
            to_db(at),
            job
        ],
    )
    .map(|_| ())
}

/// Whether `seen` (a value a sync read) is a write Shelflink recorded. A match uses the
/// record up, together with older records of the same field (values it replaced).
pub fn consume(conn: &Connection, seen: &OwnWrite) -> rusqlite::Result<bool> {
    let service = seen.service.slug();
    let field = seen.field.key();
    let found: Option<i64> = conn.query_row(
        "SELECT max(id) FROM own_writes
             WHERE service = ?1 AND object_id = ?2 AND field = ?3 AND value_hash = ?4",
        params![service, seen.object_id, field, seen.value_hash()],
        |row| row.get(0),
    )?;
    let Some(id) = found else {
        return Ok(false);
    };
    conn.execute(
        "DELETE FROM own_writes WHERE service = ?1 AND object_id = ?2 AND field = ?3 AND id <= ?4",
        params![service, seen.object_id, field, id],
    )?;
    Ok(true)
}

/// Whether any write to this object's field is still waiting to come back.
pub fn pending(conn: &Connection, service: Service, object_id: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM own_writes WHERE service = ?1 AND object_id = ?2)",
        params![service.slug(), object_id],
        |row| row.get(0),
    )
}

/// Drops records written before `before` (their write never came back); returns how many.
pub fn prune(conn: &Connection, before: DateTime<Utc>) -> rusqlite::Result<usize> {
    conn.execute(
        "DELETE FROM own_writes WHERE written_at < ?1",
        params![to_db(before)],
    )
}

impl Cache {
    /// Records a write Shelflink is about to make, now (see [`record`]).
    pub fn record_own_write(&self, write: &OwnWrite, job: Option<i64>) -> Result<(), CacheError> {
        self.with_conn(|conn| record(conn, write, job, Utc::now()))
            .map_err(CacheError::query("record Shelflink's own write"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::allportal::{ObjectId, ProductImage};

    fn keywords(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_recorded_write_is_recognised_once_when_it_comes_back() {
        let cache = Cache::open_in_memory().unwrap();
        let written = OwnWrite::keywords("I1", &keywords(&["MH02", "approved"]));
        cache.record_own_write(&written, Some(7)).unwrap();

        // PhotoShelter gives the list back trimmed: the same value.
        let seen = OwnWrite::keywords("I1", &keywords(&[" MH02", "approved ", ""]));
        cache
            .with_conn(|conn| {
                assert!(consume(conn, &seen)?);
                assert!(!consume(conn, &seen)?, "a record is used up");
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn someone_elses_value_or_another_object_is_not_ours() {
        let cache = Cache::open_in_memory().unwrap();
        cache
            .record_own_write(&OwnWrite::keywords("I1", &keywords(&["MH02"])), None)
            .unwrap();
        cache
            .with_conn(|conn| {
                let other_value = OwnWrite::keywords("I1", &keywords(&["MH02", "red"]));
                let other_image = OwnWrite::keywords("I2", &keywords(&["MH02"]));
                let other_field = OwnWrite::iptc("I1", "caption", Some("MH02"));
                assert!(!consume(conn, &other_value)?);
                assert!(!consume(conn, &other_image)?);
                assert!(!consume(conn, &other_field)?);
                assert!(pending(conn, Service::PhotoShelter, "I1")?);
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn seeing_a_later_write_uses_up_the_earlier_ones_it_replaced() {
        let cache = Cache::open_in_memory().unwrap();
        let images = |files: &[&str]| ProductImages {
            images: files
                .iter()
                .map(|f| ProductImage {
                    file: ObjectId::new(*f),
                    role: Some("gallery".into()),
                })
                .collect(),
            main_image: None,
        };
        let first = OwnWrite::product_images("p1", &images(&["f1"]));
        let second = OwnWrite::product_images("p1", &images(&["f1", "f2"]));
        cache.record_own_write(&first, None).unwrap();
        cache.record_own_write(&second, None).unwrap();
        cache
            .with_conn(|conn| {
                assert!(consume(conn, &second)?);
                assert!(!consume(conn, &first)?, "replaced by the later write");
                assert!(!pending(conn, Service::Allportal, "p1")?);
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn records_that_never_come_back_are_pruned() {
        let cache = Cache::open_in_memory().unwrap();
        let write = OwnWrite::allportal_field("f1", "rights_flag", &keywords(&["expired"]));
        let long_ago = Utc::now() - KEEP_FOR - Duration::hours(1);
        cache
            .with_conn(|conn| {
                record(conn, &write, None, long_ago)?;
                assert_eq!(prune(conn, Utc::now() - KEEP_FOR)?, 1);
                assert!(!consume(conn, &write)?);
                Ok(())
            })
            .unwrap();
    }
}
