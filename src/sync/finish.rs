//! After both systems were read: links reconciled with what 4ALLPORTAL shows, version
//! groups found again, rights flags set on every link (each change handed to the hooks in
//! the same transaction). Each step is one transaction.

use super::context::Ctx;
use super::report::{AllportalReport, LinkReport, PhotoShelterReport};
use super::{SyncError, SyncHooks};
use crate::cache::catalog::activity::{self, Entry};
use crate::cache::catalog::flags::{self, FlagChange, LinkFlag};
use crate::cache::catalog::{links, versions};

pub(crate) struct Finished {
    pub links: LinkReport,
    pub version_groups: u32,
    pub flags: Vec<FlagChange>,
}

fn count_groups(conn: &rusqlite::Connection) -> rusqlite::Result<u32> {
    conn.query_row(
        "SELECT count(*) FROM version_groups WHERE origin = 'rule'",
        [],
        |r| r.get(0),
    )
}

pub(crate) fn finish(
    ctx: &Ctx<'_>,
    hooks: &dyn SyncHooks,
    ps: Option<&PhotoShelterReport>,
    ap: Option<&AllportalReport>,
    first: bool,
) -> Result<Finished, SyncError> {
    let assets_written = ps.is_some_and(|p| p.assets.any_write());
    let catalog_written = ap.is_some_and(|a| a.products.any_write() || a.files.any_write());
    let mut report = LinkReport::default();
    if assets_written || catalog_written || ctx.config.full {
        let reconciled = ctx.write(|tx| {
            let now = chrono::Utc::now();
            let r = links::reconcile(tx, now)?;
            if !first {
                for l in &r.added {
                    let sku = l.sku.as_deref().unwrap_or("a product");
                    let entry = Entry::new(
                        "link_added_remotely",
                        format!("{} was linked to {sku} in 4ALLPORTAL", l.file_name),
                    );
                    activity::log(tx, now, &entry.product(l.product_id).asset(l.asset_id))?;
                }
                for l in &r.removed {
                    let sku = l.sku.as_deref().unwrap_or("a product");
                    let entry = Entry::new(
                        "link_removed_remotely",
                        format!("{} was unlinked from {sku} in 4ALLPORTAL", l.file_name),
                    );
                    activity::log(tx, now, &entry.product(l.product_id).asset(l.asset_id))?;
                }
            }
            Ok(r)
        })?;
        report = LinkReport {
            added: reconciled.added.len() as u32,
            confirmed: reconciled.confirmed,
            moved: reconciled.moved,
            removed: reconciled.removed.len() as u32,
        };
    }
    let version_groups = if assets_written || ctx.config.full {
        ctx.write(|tx| {
            versions::regroup(tx, &ctx.config.name_pattern, chrono::Utc::now())?;
            Ok(count_groups(tx)?)
        })?
    } else {
        ctx.cache.with_conn(count_groups)?
    };
    let flags = ctx.write(|tx| {
        let now = chrono::Utc::now();
        let mut on_change = |conn: &rusqlite::Connection, change: &FlagChange| {
            if let Some(to) = change.to {
                let what = match to {
                    LinkFlag::Expired => "licence expired",
                    LinkFlag::Expiring => "licence ends soon",
                    LinkFlag::Restricted => "may not be used",
                    LinkFlag::RemoteDeleted => "deleted remotely",
                };
                let sku = change.sku.as_deref().unwrap_or(&change.product);
                let entry = Entry::new(
                    "link_flagged",
                    format!("{} on {sku}: {what}", change.file_name),
                )
                .details(serde_json::json!({
                    "link": change.link_id,
                    "flag": to.as_str(),
                    "reason": change.reason,
                }));
                activity::log(conn, now, &entry)?;
            }
            hooks.on_link_flagged(conn, change)
        };
        Ok(flags::refresh(tx, &ctx.clock, now, &mut on_change)?)
    })?;
    Ok(Finished {
        links: report,
        version_groups,
        flags,
    })
}
