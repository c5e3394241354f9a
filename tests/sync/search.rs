//! Search over the synced fixture catalog: words find file names and SKUs (a SKU's parts
//! as a phrase), filters narrow by gallery, linked, verdict, category and campaign, pages
//! add up, and the verdict SQL gives for each asset is the one the rules give.

use super::support::*;
use reqwest::Method;
use shelflink::cache::search::{
    AssetQuery, AssetSort, ProductQuery, ProductSort, search_assets, search_products,
};
use shelflink::cache::{Cache, RightsClock, VerdictKind};
use shelflink::rights::RightsPolicy;

async fn synced() -> (shelflink_sim::RunningSim, Cache) {
    let sim = start(shelflink_sim::SeedSource::Catalog(Box::new(
        catalog_with_links(&[
            ("MH02", "mh02-black_main.jpg", "hero", 0),
            ("MH04", "mh04-green_main.jpg", "hero", 0),
        ]),
    )))
    .await;
    let cache = Cache::open_in_memory().unwrap();
    sync(&cache, &sources(&sim, true), &config()).await;
    (sim, cache)
}

fn clock() -> RightsClock {
    RightsClock {
        now: chrono::Utc::now(),
        zone: chrono_tz::UTC,
        policy: RightsPolicy::default(),
    }
}

fn names(page: &shelflink::cache::search::AssetPage) -> Vec<&str> {
    page.items.iter().map(|h| h.file_name.as_str()).collect()
}

#[tokio::test]
async fn assets_are_found_by_words_and_narrowed_by_filters() {
    let (sim, cache) = synced().await;
    let find = |query: AssetQuery| search_assets(&cache, &query, &clock()).unwrap();

    let mh02 = find(AssetQuery {
        text: "mh02".into(),
        sort: AssetSort::FileName,
        ..Default::default()
    });
    assert_eq!(
        names(&mh02),
        [
            "mh02-black_alt1.jpg",
            "mh02-black_back.jpg",
            "mh02-black_main.jpg",
            "mh02-purple_main.jpg",
            "mh02-red_main.jpg"
        ]
    );
    let black = find(AssetQuery {
        text: "MH02-black".into(),
        ..Default::default()
    });
    assert_eq!(
        black.total,
        3,
        "the parts of a name stay together: {:?}",
        names(&black)
    );
    let prefix = find(AssetQuery {
        text: "mh0".into(),
        limit: 500,
        ..Default::default()
    });
    assert!(prefix.total > 5 && names(&prefix).iter().all(|n| n.starts_with("mh0")));

    let bags = text(
        &cache,
        "SELECT id FROM galleries WHERE path = 'Gear / Bags'",
    )
    .unwrap();
    let in_bags = find(AssetQuery {
        gallery: Some(bags),
        sort: AssetSort::GalleryOrder,
        ..Default::default()
    });
    assert_eq!(in_bags.total, 5);
    let linked = find(AssetQuery {
        linked: Some(true),
        sort: AssetSort::FileName,
        ..Default::default()
    });
    assert_eq!(
        names(&linked),
        ["mh02-black_main.jpg", "mh04-green_main.jpg"]
    );
    assert_eq!(linked.items[0].links, 1);
    let unlinked = find(AssetQuery {
        linked: Some(false),
        ..Default::default()
    });
    assert_eq!(unlinked.total, 274);

    // Pages add up to the whole.
    let mut seen = Vec::new();
    for offset in (0..276).step_by(100) {
        let page = find(AssetQuery {
            sort: AssetSort::FileName,
            offset,
            limit: 100,
            ..Default::default()
        });
        assert_eq!(page.total, 276);
        seen.extend(page.items.into_iter().map(|h| h.id));
    }
    seen.dedup();
    assert_eq!(seen.len(), 276);

    // An ended licence: the verdict filter finds it, and agrees with the rules everywhere.
    let main = asset_ps_id(&cache, "mh02-black_main.jpg");
    control(
        Method::PATCH,
        format!(
            "{}/photoshelter/images/{main}",
            sim.photoshelter.control_url
        ),
        Some(serde_json::json!({"license_etime": "2021-03-31 23:59:59 UTC"})),
    )
    .await;
    sync(&cache, &sources(&sim, true), &config()).await;
    let expired = find(AssetQuery {
        verdict: Some(VerdictKind::Expired),
        ..Default::default()
    });
    assert_eq!(names(&expired), ["mh02-black_main.jpg"]);
    assert_eq!(expired.items[0].licence_end.as_deref(), Some("2021-03-31"));
    let everything = find(AssetQuery {
        limit: 500,
        ..Default::default()
    });
    for hit in &everything.items {
        let detail = cache.asset_detail(&hit.id, &clock()).unwrap().unwrap();
        assert_eq!(hit.verdict, detail.verdict_kind, "{}", hit.file_name);
    }
    let by_end = find(AssetQuery {
        sort: AssetSort::LicenceEnd,
        ..Default::default()
    });
    assert_eq!(
        by_end.items[0].file_name, "mh02-black_main.jpg",
        "licences that end come first"
    );
}

#[tokio::test]
async fn products_are_found_by_sku_parts_and_narrowed_by_category_and_campaign() {
    let (_sim, cache) = synced().await;
    let find = |query: ProductQuery| search_products(&cache, &query).unwrap();

    let xs = find(ProductQuery {
        text: "MH02-XS".into(),
        sort: ProductSort::Sku,
        ..Default::default()
    });
    let skus: Vec<_> = xs.items.iter().filter_map(|p| p.sku.as_deref()).collect();
    assert_eq!(skus, ["MH02-XS-Black", "MH02-XS-Purple", "MH02-XS-Red"]);
    let parent = find(ProductQuery {
        text: "teton".into(),
        top_level: Some(true),
        ..Default::default()
    });
    assert_eq!(
        parent
            .items
            .iter()
            .map(|p| p.sku.clone().unwrap())
            .collect::<Vec<_>>(),
        ["MH02"]
    );
    assert_eq!(parent.items[0].links, 1);

    let eco = find(ProductQuery {
        campaign: Some("Collections/Eco Friendly".into()),
        ..Default::default()
    });
    assert_eq!(
        eco.total,
        8 + 107,
        "parents and the variants that inherit the campaign"
    );
    let words = find(ProductQuery {
        text: "eco friendly".into(),
        ..Default::default()
    });
    assert_eq!(words.total, 115, "campaigns are searchable words too");
    let men_tops = find(ProductQuery {
        category: Some("Men/Tops".into()),
        ..Default::default()
    });
    assert_eq!(men_tops.total, 20 + 250);
    let linked = find(ProductQuery {
        linked: Some(true),
        ..Default::default()
    });
    assert_eq!(linked.total, 2);
    let page = find(ProductQuery {
        sort: ProductSort::Name,
        offset: 800,
        limit: 50,
        ..Default::default()
    });
    assert_eq!((page.total, page.items.len()), (822, 22));
}
