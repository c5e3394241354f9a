//! Unlinking an image from a product: the link goes at once; its jobs that have not run are
//! cancelled; when anything may already be in 4ALLPORTAL, an unlink job takes the image off
//! the product (after whatever of the link is still running).

use super::link::product_label;
use super::{LinkError, Rules, db, intent};
use crate::cache::Cache;
use crate::transfer::catalog::{self, LinkStateText};
use crate::transfer::job::{JobKind, JobState, NewJob, Payload, Unlink};
use crate::transfer::{queue, status};
use chrono::Utc;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Unlinked {
    /// False when there was no such link.
    pub removed: bool,
    /// Jobs of the link that had not run, now cancelled.
    pub cancelled: Vec<i64>,
    /// The job taking the image off the product in 4ALLPORTAL, if one was needed.
    pub job: Option<i64>,
}

/// Removes the link between the product `product` (4ALLPORTAL id) and the image `asset`
/// (PhotoShelter id).
pub fn unlink(
    cache: &Cache,
    rules: &Rules,
    product: &str,
    asset: &str,
) -> Result<Unlinked, LinkError> {
    cache
        .with_conn(|conn| {
            let tx = conn.unchecked_transaction()?;
            let outcome = unlink_in(&tx, rules, product, asset)?;
            tx.commit()?;
            Ok(outcome)
        })
        .map_err(db("unlink an image"))?
}

fn unlink_in(
    conn: &Connection,
    rules: &Rules,
    product: &str,
    asset: &str,
) -> rusqlite::Result<Result<Unlinked, LinkError>> {
    let Some(asset_row) = catalog::asset_by_ps_id(conn, asset)? else {
        return Ok(Err(LinkError::UnknownAsset(asset.to_owned())));
    };
    let Some(product_row) = catalog::product_by_ap_id(conn, product)? else {
        return Ok(Err(LinkError::UnknownProduct(product.to_owned())));
    };
    let Some(link) = catalog::link_between(conn, product_row.id, asset_row.id)? else {
        return Ok(Ok(Unlinked {
            removed: false,
            cancelled: Vec::new(),
            job: None,
        }));
    };
    let now = Utc::now();
    let mut cancelled = Vec::new();
    let mut running = Vec::new();
    let mut reached_remote = matches!(link.state, LinkStateText::Pushed | LinkStateText::Confirmed)
        || link.origin == "remote";
    let open = queue::open_jobs_of_link(conn, link.id)?;
    for job in &open {
        if job.state == JobState::Running {
            running.push(job.id);
            reached_remote = true;
        } else {
            // Cancelling one also cancels what waited for it.
            queue::cancel(conn, job.id, now)?;
        }
    }
    for job in &open {
        if queue::get(conn, job.id)?.is_some_and(|j| j.state == JobState::Cancelled) {
            cancelled.push(job.id);
        }
    }
    // Jobs of the link that had finished (a relate done, even if the link later failed).
    reached_remote |= conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM jobs WHERE link_id = ?1 AND state = 'done'
                        AND kind IN (?2, ?3))",
        rusqlite::params![
            link.id,
            JobKind::Relate.as_str(),
            JobKind::ReplaceVersion.as_str()
        ],
        |r| r.get::<_, bool>(0),
    )?;
    conn.execute("DELETE FROM links WHERE id = ?1", [link.id])?;
    let job = if reached_remote {
        let queued = queue::enqueue(
            conn,
            &NewJob::new(
                Payload::Unlink(Unlink {
                    product: product_row.ap_id.clone(),
                    asset: asset_row.ps_id.clone(),
                    file: link.ap_file_id.clone(),
                }),
                format!(
                    "Take {} off {}",
                    asset_row.file_name,
                    product_label(&product_row)
                ),
                intent(),
            )
            .asset(asset_row.id)
            .product(product_row.id)
            .after(running),
            rules.max_attempts,
            now,
        )?;
        Some(queued.id)
    } else {
        None
    };
    status::fail_links_of_cancelled(conn, now)?;
    Ok(Ok(Unlinked {
        removed: true,
        cancelled,
        job,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linking::testing::{self, rules, until};
    use crate::linking::{LinkRequest, link};
    use crate::model::Role;

    fn setup() -> (Cache, i64) {
        let cache = Cache::open_in_memory().unwrap();
        testing::asset(&cache, "I1", "a.jpg", "approved", &until((2026, 12, 31)));
        testing::product(&cache, "p1", "A-1", None);
        let linked = link(
            &cache,
            &rules(),
            &LinkRequest {
                asset: "I1".into(),
                product: "p1".into(),
                role: Role::Gallery,
                position: 2,
                from_suggestion: false,
            },
        )
        .unwrap();
        (cache, linked.link_id)
    }

    #[test]
    fn unlinking_before_anything_ran_cancels_the_jobs_and_writes_nothing() {
        let (cache, _) = setup();
        let out = unlink(&cache, &rules(), "p1", "I1").unwrap();
        assert!(out.removed);
        assert_eq!(out.cancelled.len(), 4);
        assert_eq!(out.job, None);
        assert_eq!(cache.counts().unwrap().links, 0);
        let again = unlink(&cache, &rules(), "p1", "I1").unwrap();
        assert!(!again.removed);
    }

    #[test]
    fn unlinking_a_pushed_link_queues_the_removal_from_the_product() {
        let (cache, link_id) = setup();
        cache
            .with_conn(|c| {
                catalog::set_link_state(
                    c,
                    link_id,
                    LinkStateText::Pushed,
                    None,
                    Some("f1"),
                    Utc::now(),
                )
            })
            .unwrap();
        let out = unlink(&cache, &rules(), "p1", "I1").unwrap();
        let job = cache
            .with_conn(|c| queue::get(c, out.job.unwrap()))
            .unwrap()
            .unwrap();
        match job.payload {
            Payload::Unlink(u) => assert_eq!(u.file.as_deref(), Some("f1")),
            other => panic!("{other:?}"),
        }
        assert_eq!(job.summary, "Take a.jpg off A-1");
    }
}
