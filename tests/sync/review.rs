//! The expiry review over the synced fixture catalog: licences ending within N days,
//! ended licences still linked with the products affected, grouped by campaign and by
//! owner, and the CSV export.

use super::support::*;
use chrono::{Duration, Utc};
use reqwest::Method;
use shelflink::cache::review::{ReviewStatus, review_csv};
use shelflink::cache::{Cache, RightsClock};
use shelflink::rights::RightsPolicy;

async fn licence_end(sim: &shelflink_sim::RunningSim, cache: &Cache, file: &str, days: i64) {
    let id = asset_ps_id(cache, file);
    let end = Utc::now() + Duration::days(days);
    control(
        Method::PATCH,
        format!("{}/photoshelter/images/{id}", sim.photoshelter.control_url),
        Some(serde_json::json!({"license_etime": end.format("%Y-%m-%d 23:59:59 UTC").to_string()})),
    )
    .await;
}

#[tokio::test]
async fn the_review_lists_what_ends_soon_and_what_ended_while_linked() {
    let sim = start(shelflink_sim::SeedSource::Catalog(Box::new(
        catalog_with_links(&[
            ("MH02", "mh02-black_main.jpg", "hero", 0),
            ("MH04", "mh04-green_main.jpg", "hero", 0),
        ]),
    )))
    .await;
    let cache = Cache::open_in_memory().unwrap();
    let sources = sources(&sim, true);
    sync(&cache, &sources, &config()).await;
    licence_end(&sim, &cache, "mh02-black_main.jpg", -5).await;
    licence_end(&sim, &cache, "mh04-green_main.jpg", 10).await;
    licence_end(&sim, &cache, "mb01-blue-0.jpg", 3).await;
    licence_end(&sim, &cache, "mg01-bk-0.jpg", -20).await;
    licence_end(&sim, &cache, "mg03-br-0.jpg", 60).await;
    sync(&cache, &sources, &config()).await;
    let clock = RightsClock {
        now: Utc::now(),
        zone: chrono_tz::UTC,
        policy: RightsPolicy::default(),
    };

    let review = cache.expiry_review(30, &clock).unwrap();

    let expiring: Vec<(&str, i64, usize)> = review
        .expiring
        .iter()
        .map(|a| (a.file_name.as_str(), a.days_left, a.products.len()))
        .collect();
    assert_eq!(
        expiring,
        [("mb01-blue-0.jpg", 3, 0), ("mh04-green_main.jpg", 10, 1)]
    );
    assert_eq!(
        review.expired_linked.len(),
        1,
        "an ended licence without a link is not listed"
    );
    let ended = &review.expired_linked[0];
    assert_eq!(
        (ended.file_name.as_str(), ended.days_left, ended.status),
        ("mh02-black_main.jpg", -5, ReviewStatus::Expired)
    );
    assert_eq!(ended.products[0].sku.as_deref(), Some("MH02"));
    assert!(
        ended.reason.starts_with("Licence expired"),
        "{}",
        ended.reason
    );

    let campaigns: Vec<(&str, u32, u32)> = review
        .by_campaign
        .iter()
        .map(|g| (g.label.as_str(), g.expired, g.expiring))
        .collect();
    assert_eq!(
        campaigns,
        [("No campaign", 1, 0), ("Collections/Eco Friendly", 0, 1)]
    );
    let owners: u32 = review.by_owner.iter().map(|g| g.expired + g.expiring).sum();
    assert_eq!(owners, 2);
    assert!(
        review
            .by_owner
            .iter()
            .all(|g| g.key.is_some() && !g.label.is_empty())
    );

    let csv = review_csv(&review).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[0].starts_with("status,file_name,image_id,licence_end,days_left"));
    assert!(lines[1].starts_with("expired,mh02-black_main.jpg,"));
    assert!(lines[1].contains(",MH02,"), "{}", lines[1]);
    assert!(lines[2].starts_with("expiring,mb01-blue-0.jpg,") && lines[2].ends_with(",,,,,,"));

    let week = cache.expiry_review(7, &clock).unwrap();
    assert_eq!(
        week.expiring.len(),
        1,
        "only what ends within the days asked for"
    );
}
