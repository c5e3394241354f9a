//! A sync stopped halfway — cancelled right after a page was written, or dropped while a
//! page was being fetched — leaves the cache consistent, and the next sync resumes without
//! fetching the pages that were finished.

use super::support::*;
use shelflink::cache::Cache;
use shelflink::sync::{
    CancellationToken, ProgressSink, SyncConfig, SyncError, SyncProgress, SyncRun,
};
use shelflink_sim::control::{FaultConfig, FaultRule};
use std::collections::BTreeSet;
use std::time::Duration;

const PER_PAGE: u32 = 5;

fn small_pages() -> SyncConfig {
    SyncConfig {
        photoshelter_page: PER_PAGE,
        allportal_page: 100,
        galleries_at_once: 1,
        ..config()
    }
}

fn slow_product_pages(sim: &shelflink_sim::RunningSim, ms: u64) {
    sim.allportal_faults.set(FaultConfig {
        rules: vec![FaultRule {
            method: Some("GET".into()),
            path: Some("/api/modules/product/objects".into()),
            latency_ms: ms,
            ..FaultRule::default()
        }],
        rate_limit: None,
    });
}

fn slow_gallery_pages(sim: &shelflink_sim::RunningSim, ms: u64) {
    sim.photoshelter_faults.set(FaultConfig {
        rules: vec![FaultRule {
            method: Some("GET".into()),
            path: Some("/psapi/v3/mem/gallery/*/images".into()),
            latency_ms: ms,
            ..FaultRule::default()
        }],
        rate_limit: None,
    });
}

/// Cancels the sync once `after` gallery pages were written.
struct CancelAfter {
    after: u64,
    token: CancellationToken,
}

impl ProgressSink for CancelAfter {
    fn progress(&self, p: &SyncProgress) {
        if p.photoshelter
            .as_ref()
            .is_some_and(|s| s.pages >= self.after)
        {
            self.token.cancel();
        }
    }
}

/// The (gallery, page) pairs the cache holds as written, after checking that each
/// unfinished gallery holds exactly its finished pages' images.
fn written_pages(cache: &Cache) -> BTreeSet<(String, u32)> {
    let rows: Vec<(String, u32, String)> = cache
        .with_conn(|c| {
            c.prepare("SELECT substr(scope, 9), page, json_extract(state, '$.pass') FROM sync_progress WHERE scope LIKE 'gallery:%'")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect()
        })
        .unwrap();
    let mut pages = BTreeSet::new();
    for (gallery, page, pass) in rows {
        let members = count(
            cache,
            &format!(
                "SELECT count(*) FROM gallery_assets WHERE gallery_id = '{gallery}' AND pass = '{pass}'"
            ),
        );
        assert_eq!(
            members,
            i64::from(page * PER_PAGE),
            "gallery {gallery}: whole pages only"
        );
        pages.extend((1..=page).map(|p| (gallery.clone(), p)));
    }
    let finished: Vec<(String, i64)> = cache
        .with_conn(|c| {
            c.prepare("SELECT id, image_count FROM galleries WHERE synced_modified_at IS NOT NULL")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect()
        })
        .unwrap();
    for (gallery, images) in finished {
        let n = (images as u32).div_ceil(PER_PAGE).max(1);
        pages.extend((1..=n).map(|p| (gallery.clone(), p)));
    }
    pages
}

fn requested_pages(requests: &[Req]) -> Vec<(String, u32)> {
    requests
        .iter()
        .filter(|r| r.path.ends_with("/images") && r.path.contains("/gallery/"))
        .map(|r| {
            let gallery = r.path.split('/').nth(5).unwrap().to_owned();
            (gallery, r.param("page").unwrap().parse().unwrap())
        })
        .collect()
}

async fn resume_and_check(
    sim: &shelflink_sim::RunningSim,
    cache: &Cache,
    written: &BTreeSet<(String, u32)>,
) {
    sim.photoshelter_faults.set(FaultConfig::default());
    sim.allportal_faults.set(FaultConfig::default());
    // A product listing that was under way continues after its cursor.
    let cursor = text(
        cache,
        "SELECT c.cursor FROM sync_cursors c WHERE c.scope = 'mod_time:product'
           AND EXISTS (SELECT 1 FROM sync_progress WHERE scope = 'establish:shelflink_product')",
    );
    take_requests(sim);

    let report = sync(cache, &sources(sim, true), &small_pages()).await;

    assert!(report.resumed);
    let (ps, ap) = take_requests(sim);
    let again: Vec<_> = requested_pages(&ps)
        .into_iter()
        .filter(|p| written.contains(p))
        .collect();
    assert!(
        again.is_empty(),
        "finished pages were fetched again: {again:?}"
    );
    if let Some(cursor) = cursor {
        let first = ap
            .iter()
            .find(|r| r.path == "/api/modules/product/objects")
            .expect("the product listing continues");
        let query = first.param("query").unwrap();
        assert!(query.starts_with("mod_time > '"), "{query}");
        let from = chrono::DateTime::parse_from_rfc3339(query.split('\'').nth(1).unwrap()).unwrap();
        assert_eq!(
            Some(from),
            chrono::DateTime::parse_from_rfc3339(&cursor).ok()
        );
    }
    let counts = cache.counts().unwrap();
    assert_eq!(
        (counts.galleries, counts.images, counts.products),
        (15, 276, 822)
    );
    assert_eq!(count(cache, "SELECT count(*) FROM gallery_assets"), 276);
    assert_eq!(count(cache, "SELECT count(*) FROM sync_progress"), 0);
    assert_eq!(
        count(
            cache,
            "SELECT count(*) FROM galleries WHERE synced_modified_at IS NULL"
        ),
        0
    );
}

#[tokio::test]
async fn a_sync_cancelled_after_a_page_resumes_at_the_next_page() {
    let sim = catalog_sim().await;
    slow_gallery_pages(&sim, 30);
    let cache = Cache::open_in_memory().unwrap();
    let token = CancellationToken::new();
    let sink = CancelAfter {
        after: 12,
        token: token.clone(),
    };
    let sources = sources(&sim, true);
    let config = small_pages();

    let result = SyncRun::new(&cache, &sources, &config)
        .progress(&sink)
        .cancel_with(token)
        .run()
        .await;

    assert!(matches!(result, Err(SyncError::Cancelled)), "{result:?}");
    assert_eq!(
        text(
            &cache,
            "SELECT state FROM sync_runs ORDER BY id DESC LIMIT 1"
        )
        .as_deref(),
        Some("cancelled")
    );
    let written = written_pages(&cache);
    assert!(written.len() >= 12, "{written:?}");
    assert!(count(&cache, "SELECT count(*) FROM assets") < 276);
    resume_and_check(&sim, &cache, &written).await;
}

#[tokio::test]
async fn a_sync_dropped_while_fetching_a_page_resumes_without_refetching_finished_pages() {
    let sim = catalog_sim().await;
    slow_gallery_pages(&sim, 150);
    slow_product_pages(&sim, 300);
    let cache = Cache::open_in_memory().unwrap();
    let sources = sources(&sim, true);
    let config = small_pages();

    let stopped = tokio::time::timeout(
        Duration::from_millis(1600),
        SyncRun::new(&cache, &sources, &config).run(),
    )
    .await;

    assert!(
        stopped.is_err(),
        "the sync was still running when it was dropped"
    );
    let products = count(&cache, "SELECT count(*) FROM products");
    assert!(
        products > 0 && products < 822,
        "dropped in the middle of the products: {products}"
    );
    let written = written_pages(&cache);
    assert!(!written.is_empty());
    assert!(count(&cache, "SELECT count(*) FROM assets") < 276);
    resume_and_check(&sim, &cache, &written).await;
    let error = text(&cache, "SELECT error FROM sync_runs ORDER BY id LIMIT 1").unwrap();
    assert!(
        error.contains("stopped before it finished"),
        "the dropped run is recorded as stopped: {error}"
    );
}
