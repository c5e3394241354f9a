//! An incremental sync picks up a new image, a changed keyword and a deleted product — and
//! nothing else: it reads only the two galleries that changed, and from 4ALLPORTAL only the
//! change feeds (the events feed with a password; `mod_time` lists, a count and an id list
//! with the API key alone).

use super::support::*;
use reqwest::Method;
use shelflink::cache::Cache;
use shelflink::cache::catalog::activity;
use shelflink::sync::Feed;
use std::collections::BTreeMap;

/// Three changes someone else makes: a new photo uploaded into Gear/Bags, a keyword added
/// to a photo in Men/Tops/Jackets, the simple product 24-MB01 deleted.
async fn change_three_things(sim: &shelflink_sim::RunningSim, cache: &Cache) -> (String, String) {
    let bags = text(cache, "SELECT id FROM galleries WHERE path = 'Gear / Bags'").unwrap();
    let jackets = text(
        cache,
        "SELECT id FROM galleries WHERE path = 'Men / Tops / Jackets'",
    )
    .unwrap();
    let jacket_photo = text(
        cache,
        &format!(
            "SELECT a.ps_id FROM assets a JOIN gallery_assets ga ON ga.asset_id = a.id
             WHERE ga.gallery_id = '{jackets}' ORDER BY a.file_name LIMIT 1"
        ),
    )
    .unwrap();
    let bytes = std::fs::read(catalog_dir().join("images/mb01-blue-0.jpg")).unwrap();
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes)
            .file_name("mb01-blue-1.jpg")
            .mime_str("image/jpeg")
            .unwrap(),
    );
    let answer = reqwest::Client::new()
        .post(format!(
            "{}/photoshelter/galleries/{bags}/upload",
            sim.photoshelter.control_url
        ))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_success(), "upload: {}", answer.status());
    control(
        Method::PATCH,
        format!(
            "{}/photoshelter/images/{jacket_photo}",
            sim.photoshelter.control_url
        ),
        Some(serde_json::json!({"iptc": {"keyword": "MJ01, rain jacket"}})),
    )
    .await;
    let product = product_ap_id(cache, "24-MB01");
    control(
        Method::DELETE,
        format!(
            "{}/allportal/modules/product/objects/{product}",
            sim.allportal.control_url
        ),
        None,
    )
    .await;
    (bags, jackets)
}

fn tally(requests: &[Req]) -> BTreeMap<(String, String), usize> {
    let mut out = BTreeMap::new();
    for r in requests {
        *out.entry((r.method.clone(), r.path.clone())).or_insert(0) += 1;
    }
    out
}

fn assert_only_the_three_changes(cache: &Cache, report: &shelflink::sync::SyncReport) {
    let ps = report.photoshelter.as_ref().unwrap();
    assert_eq!((ps.galleries_read, ps.galleries_skipped), (2, 13));
    assert_eq!(
        (
            ps.assets.new,
            ps.assets.changed,
            ps.assets.deleted,
            ps.assets.echoes
        ),
        (1, 1, 0, 0)
    );
    let ap = report.allportal.as_ref().unwrap();
    assert_eq!(
        (ap.products.new, ap.products.changed, ap.products.deleted),
        (0, 0, 1)
    );
    assert_eq!(ap.files, Default::default());
    assert_eq!(
        (
            ap.categories.new,
            ap.categories.changed,
            ap.users.new,
            ap.users.changed
        ),
        (0, 0, 0, 0)
    );

    assert_eq!(cache.counts().unwrap().images, 277);
    assert_eq!(cache.counts().unwrap().products, 821);
    assert_eq!(
        text(
            cache,
            "SELECT keywords FROM assets WHERE keywords LIKE '%MJ01%'"
        )
        .as_deref(),
        Some(r#"["MJ01","rain jacket"]"#)
    );
    assert!(
        text(
            cache,
            "SELECT deleted_at FROM products WHERE sku = '24-MB01'"
        )
        .is_some()
    );
    let logged = |kind| cache.with_conn(|c| activity::count(c, kind)).unwrap();
    assert_eq!(
        (
            logged("asset_added"),
            logged("asset_changed"),
            logged("product_deleted")
        ),
        (1, 1, 1)
    );
    assert_eq!(
        count(cache, "SELECT count(*) FROM activity"),
        3,
        "and nothing else"
    );
}

#[tokio::test]
async fn the_events_feed_and_two_changed_galleries_bring_exactly_the_three_changes() {
    let sim = catalog_sim().await;
    let cache = Cache::open_in_memory().unwrap();
    let sources = sources(&sim, true);
    sync(&cache, &sources, &config()).await;
    let (bags, jackets) = change_three_things(&sim, &cache).await;
    take_requests(&sim);

    let report = sync(&cache, &sources, &config()).await;

    assert_only_the_three_changes(&cache, &report);
    assert_eq!(
        report.allportal.as_ref().unwrap().product_feed,
        Some(Feed::Events)
    );
    let (ps, ap) = take_requests(&sim);
    let pages: Vec<String> = ps
        .iter()
        .filter(|r| r.path.contains("/gallery/"))
        .map(|r| format!("{} page {}", r.path, r.param("page").unwrap_or_default()))
        .collect();
    let mut expected = vec![
        format!("/psapi/v3/mem/gallery/{bags}/images page 1"),
        format!("/psapi/v3/mem/gallery/{jackets}/images page 1"),
    ];
    expected.sort();
    let mut pages_sorted = pages.clone();
    pages_sorted.sort();
    assert_eq!(
        pages_sorted, expected,
        "only the two changed galleries are read"
    );
    assert!(
        ps.iter()
            .all(|r| r.path.contains("/gallery/") || r.path.ends_with("/children")),
        "{ps:?}"
    );
    let legacy = |name: &str| ("POST".to_string(), format!("/rest/PAPRemoteService/{name}"));
    let list = |module: &str| ("GET".to_string(), format!("/api/modules/{module}/objects"));
    let tally = tally(&ap);
    assert_eq!(tally.get(&legacy("getConnectorConfig")), Some(&2));
    assert_eq!(
        tally.get(&legacy("getEvents")),
        Some(&2),
        "one batch per connector"
    );
    assert_eq!(
        tally.get(&list("product")),
        None,
        "a deletion needs no product read"
    );
    assert_eq!(tally.get(&list("file")), None);
    assert_eq!(
        tally.get(&list("category")),
        Some(&2),
        "changes since, and the count"
    );
    assert_eq!(tally.get(&list("user")), Some(&2));
    assert_eq!(
        tally.values().sum::<usize>(),
        8 + tally
            .get(&("POST".into(), "/service/usermanagement/login".into()))
            .copied()
            .unwrap_or(0),
        "nothing else: {tally:?}"
    );
}

#[tokio::test]
async fn without_a_password_mod_time_lists_and_an_id_list_find_the_same_three_changes() {
    let sim = catalog_sim().await;
    let cache = Cache::open_in_memory().unwrap();
    let sources = sources(&sim, false);
    sync(&cache, &sources, &config()).await;
    change_three_things(&sim, &cache).await;
    take_requests(&sim);

    let report = sync(&cache, &sources, &config()).await;

    assert_only_the_three_changes(&cache, &report);
    assert_eq!(
        report.allportal.as_ref().unwrap().product_feed,
        Some(Feed::ModTime)
    );
    let (_, ap) = take_requests(&sim);
    let products: Vec<&Req> = ap
        .iter()
        .filter(|r| r.path == "/api/modules/product/objects")
        .collect();
    let changed_since = products[0].param("query").unwrap();
    assert!(changed_since.starts_with("mod_time > '"), "{changed_since}");
    assert_eq!(
        products[1].param("limit").as_deref(),
        Some("0"),
        "then the count"
    );
    assert!(
        products[2..]
            .iter()
            .all(|r| r.param("fields").as_deref() == Some("id")),
        "then the ids, to find the deleted one: {products:?}"
    );
    assert_eq!(products.len(), 4, "822 ids fit in two pages of 500");
    assert!(
        ap.iter().all(|r| !r.path.starts_with("/rest/")),
        "no events feed without a session"
    );
}
