//! Each sync sets the rights flag of every link from its asset's verdict and from what was
//! deleted remotely, and hands each change to the hooks inside the flag's transaction (where
//! the transfer queue queues its flag job).

use super::support::*;
use chrono::{Duration, Utc};
use reqwest::Method;
use rusqlite::Connection;
use shelflink::cache::Cache;
use shelflink::cache::catalog::flags::{FlagChange, LinkFlag};
use shelflink::sync::{SyncHooks, SyncRun, SyncSources};
use std::sync::Mutex;

/// Keeps every change and, like the transfer queue would, writes a row in the same
/// transaction.
#[derive(Default)]
struct Queue(Mutex<Vec<FlagChange>>);

impl SyncHooks for Queue {
    fn on_link_flagged(&self, conn: &Connection, change: &FlagChange) -> rusqlite::Result<()> {
        conn.execute(
            "INSERT INTO activity (at, kind, summary) VALUES ('now', 'flag_job_queued', ?1)",
            [change.link_id.to_string()],
        )?;
        self.0.lock().unwrap().push(change.clone());
        Ok(())
    }
}

impl Queue {
    fn take(&self) -> Vec<(String, Option<LinkFlag>)> {
        std::mem::take(&mut *self.0.lock().unwrap())
            .into_iter()
            .map(|c| (c.file_name, c.to))
            .collect()
    }
}

async fn run(cache: &Cache, sources: &SyncSources, queue: &Queue) {
    let config = config();
    SyncRun::new(cache, sources, &config)
        .hooks(queue)
        .run()
        .await
        .unwrap();
}

async fn licence_end(sim: &shelflink_sim::RunningSim, ps_id: &str, end: chrono::DateTime<Utc>) {
    control(
        Method::PATCH,
        format!(
            "{}/photoshelter/images/{ps_id}",
            sim.photoshelter.control_url
        ),
        Some(serde_json::json!({"license_etime": end.format("%Y-%m-%d 23:59:59 UTC").to_string()})),
    )
    .await;
}

#[tokio::test]
async fn links_are_flagged_when_the_licence_ends_and_when_their_ends_are_deleted() {
    let sim = start(shelflink_sim::SeedSource::Catalog(Box::new(
        catalog_with_links(&[
            ("MH02", "mh02-black_main.jpg", "hero", 0),
            ("MH04", "mh04-green_main.jpg", "hero", 0),
        ]),
    )))
    .await;
    let cache = Cache::open_in_memory().unwrap();
    let sources = sources(&sim, true);
    let queue = Queue::default();
    run(&cache, &sources, &queue).await;
    assert!(
        queue.take().is_empty(),
        "no rights recorded: allowed with a warning, no flag"
    );
    let main = asset_ps_id(&cache, "mh02-black_main.jpg");

    licence_end(&sim, &main, Utc::now() - Duration::days(400)).await;
    run(&cache, &sources, &queue).await;
    assert_eq!(
        queue.take(),
        [("mh02-black_main.jpg".to_string(), Some(LinkFlag::Expired))]
    );
    let reason = text(
        &cache,
        "SELECT flag_reason FROM links WHERE flag = 'expired'",
    )
    .unwrap();
    assert!(reason.contains("the licence expired"), "{reason}");
    assert_eq!(
        count(
            &cache,
            "SELECT count(*) FROM activity WHERE kind = 'flag_job_queued'"
        ),
        1
    );

    run(&cache, &sources, &queue).await;
    assert!(queue.take().is_empty(), "a flag is handed over once");

    licence_end(&sim, &main, Utc::now() + Duration::days(10)).await;
    run(&cache, &sources, &queue).await;
    assert_eq!(
        queue.take(),
        [("mh02-black_main.jpg".to_string(), Some(LinkFlag::Expiring))]
    );
    let reason = text(
        &cache,
        "SELECT flag_reason FROM links WHERE flag = 'expiring'",
    )
    .unwrap();
    assert!(reason.starts_with("Licence ends in"), "{reason}");

    licence_end(&sim, &main, Utc::now() + Duration::days(400)).await;
    run(&cache, &sources, &queue).await;
    assert_eq!(
        queue.take(),
        [("mh02-black_main.jpg".to_string(), None)],
        "a renewed licence clears it"
    );

    control(
        Method::DELETE,
        format!(
            "{}/photoshelter/images/{main}",
            sim.photoshelter.control_url
        ),
        None,
    )
    .await;
    let product = product_ap_id(&cache, "MH04");
    control(
        Method::DELETE,
        format!(
            "{}/allportal/modules/product/objects/{product}",
            sim.allportal.control_url
        ),
        None,
    )
    .await;
    run(&cache, &sources, &queue).await;
    let mut changes = queue.take();
    changes.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        changes,
        [
            (
                "mh02-black_main.jpg".to_string(),
                Some(LinkFlag::RemoteDeleted)
            ),
            (
                "mh04-green_main.jpg".to_string(),
                Some(LinkFlag::RemoteDeleted)
            ),
        ]
    );
    assert!(
        text(
            &cache,
            "SELECT deleted_at FROM assets WHERE file_name = 'mh02-black_main.jpg'"
        )
        .is_some()
    );
    assert_eq!(
        cache.counts().unwrap().links,
        2,
        "the flagged links stay for a person to act on"
    );
}
