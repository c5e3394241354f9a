//! Writing one page of 4ALLPORTAL objects (or deletions) of one kind, inside the page's
//! transaction.

use super::map;
use crate::allportal::{FieldMapping, Object};
use crate::cache::catalog::activity::{self, Entry};
use crate::cache::catalog::{Change, WriteCtx, assets, files, products};
use crate::sync::report::Changes;
use rusqlite::{Connection, OptionalExtension};

/// The kinds of 4ALLPORTAL objects a sync reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Category,
    User,
    File,
    Product,
}

impl Kind {
    pub fn module(self, m: &FieldMapping) -> &str {
        match self {
            Kind::Category => &m.category.module,
            Kind::User => &m.user.module,
            Kind::File => &m.file.module,
            Kind::Product => &m.product.module,
        }
    }

    /// The connector of its events feed, when the mapping names one.
    pub fn connector(self, m: &FieldMapping) -> Option<&str> {
        match self {
            Kind::File => m.connectors.file.as_deref(),
            Kind::Product => m.connectors.product.as_deref(),
            Kind::Category | Kind::User => None,
        }
    }

    pub fn table(self) -> &'static str {
        match self {
            Kind::Category => "ap_categories",
            Kind::User => "ap_users",
            Kind::File => "ap_files",
            Kind::Product => "products",
        }
    }

    /// Words for progress and errors.
    pub fn words(self) -> &'static str {
        match self {
            Kind::Category => "categories",
            Kind::User => "users",
            Kind::File => "files",
            Kind::Product => "products",
        }
    }
}

/// Whether the row existed and its mod_time (for the small modules' change counts).
fn seen_mod_time(
    conn: &Connection,
    kind: Kind,
    ap_id: &str,
) -> rusqlite::Result<Option<Option<String>>> {
    conn.prepare_cached(&format!(
        "SELECT mod_time FROM {} WHERE ap_id = ?1 AND deleted_at IS NULL",
        kind.table()
    ))?
    .query_row([ap_id], |r| r.get(0))
    .optional()
}

fn small_change(before: Option<Option<String>>, object: &Object) -> Change {
    match before {
        None => Change::New,
        Some(t) if t == object.mod_time.map(crate::cache::time::to_db) => Change::Unchanged,
        Some(_) => Change::Changed(vec!["details"]),
    }
}

/// Writes `objects` of `kind`; counts what changed into `changes`. Per-object activity is
/// logged unless this is the first sync of 4ALLPORTAL (`quiet`).
pub(crate) fn objects(
    conn: &Connection,
    kind: Kind,
    objects: &[Object],
    mapping: &FieldMapping,
    ctx: &WriteCtx,
    quiet: bool,
    changes: &mut Changes,
) -> rusqlite::Result<()> {
    let rights_fields = map::rights_fields(&mapping.file);
    for object in objects {
        match kind {
            Kind::Category => {
                let before = seen_mod_time(conn, kind, object.id.as_str())?;
                files::upsert_category(conn, &map::category(object, &mapping.category), ctx)?;
                changes.count(&small_change(before, object));
            }
            Kind::User => {
                let before = seen_mod_time(conn, kind, object.id.as_str())?;
                files::upsert_user(conn, &map::user(object, &mapping.user), ctx)?;
                changes.count(&small_change(before, object));
            }
            Kind::File => {
                let record = map::file(object, &mapping.file, &rights_fields);
                if record.ps_id.is_none() {
                    // Not (or no longer) a file of a PhotoShelter image.
                    deleted(conn, kind, object.id.as_str(), ctx, quiet, changes)?;
                    continue;
                }
                let written = files::upsert(conn, &record, ctx)?;
                for ps_id in &written.rights_of {
                    assets::refresh_rights(conn, ps_id, ctx)?;
                }
                changes.count(&written.change);
            }
            Kind::Product => {
                let mut record = map::product(object, &mapping.product);
                if let Some(first) = record.category_ids.first() {
                    record.category = files::category_label(conn, first)?;
                }
                if let Some(owner) = &record.owner {
                    record.owner_name = files::user_label(conn, owner)?;
                }
                let written = products::upsert(conn, &record, ctx)?;
                changes.count(&written.change);
                if quiet {
                    continue;
                }
                let label = record.sku.as_deref().unwrap_or(&record.name);
                let entry = match &written.change {
                    Change::New => Entry::new("product_added", format!("New product {label}")),
                    Change::Changed(fields) => Entry::new(
                        "product_changed",
                        format!("{label} changed in 4ALLPORTAL ({})", fields.join(", ")),
                    ),
                    _ => continue,
                };
                activity::log(conn, ctx.now, &entry.product(written.id))?;
            }
        }
    }
    Ok(())
}

/// Records that the object `ap_id` of `kind` is gone from 4ALLPORTAL.
pub(crate) fn deleted(
    conn: &Connection,
    kind: Kind,
    ap_id: &str,
    ctx: &WriteCtx,
    quiet: bool,
    changes: &mut Changes,
) -> rusqlite::Result<()> {
    let gone = match kind {
        Kind::Category | Kind::User => {
            files::mark_named_deleted(conn, kind.table(), ap_id, ctx.now)?
        }
        Kind::File => match files::mark_deleted(conn, ap_id, ctx.now)? {
            Some(ps_id) => {
                if let Some(ps_id) = ps_id {
                    assets::refresh_rights(conn, &ps_id, ctx)?;
                }
                true
            }
            None => false,
        },
        Kind::Product => match products::mark_deleted(conn, ap_id, ctx.now)? {
            Some(id) => {
                if !quiet {
                    let entry = Entry::new(
                        "product_deleted",
                        format!("Product {ap_id} was deleted in 4ALLPORTAL"),
                    );
                    activity::log(conn, ctx.now, &entry.product(id))?;
                }
                true
            }
            None => false,
        },
    };
    if gone {
        changes.deleted += 1;
    }
    Ok(())
}
