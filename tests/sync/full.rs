//! A first sync reads the whole fixture catalog: 276 photos in 15 galleries under 7
//! collections, 822 products (75 styles and simple products, 747 variants), and the links
//! 4ALLPORTAL already had. A second sync right after reads no gallery page again.

use super::support::*;
use shelflink::cache::Cache;
use shelflink::sync::{Feed, SyncKind};
use shelflink_sim::SeedSource;

#[tokio::test]
async fn the_first_sync_reads_the_whole_fixture_catalog() {
    let sim = start(SeedSource::Catalog(Box::new(catalog_with_links(&[
        ("MH02", "mh02-black_main.jpg", "hero", 0),
        ("MH02", "mh02-black_back.jpg", "detail", 1),
    ]))))
    .await;
    let cache = Cache::open_in_memory().unwrap();
    let report = sync(&cache, &sources(&sim, true), &config()).await;

    assert_eq!(report.kind, SyncKind::Full);
    let ps = report.photoshelter.as_ref().unwrap();
    assert_eq!(
        (ps.collections, ps.galleries, ps.galleries_read),
        (7, 15, 15)
    );
    assert_eq!(ps.assets.new, 276);
    let ap = report.allportal.as_ref().unwrap();
    assert_eq!(ap.products.new, 822);
    assert_eq!(ap.files.new, 2, "one file per linked photo (A15)");
    assert_eq!(ap.product_feed, Some(Feed::Events));
    assert_eq!(report.links.added, 2);

    let counts = cache.counts().unwrap();
    assert_eq!(
        (
            counts.galleries,
            counts.images,
            counts.products,
            counts.links
        ),
        (15, 276, 822, 2)
    );
    assert_eq!(count(&cache, "SELECT count(*) FROM gallery_assets"), 276);
    assert_eq!(count(&cache, "SELECT count(*) FROM collections"), 7);
    assert_eq!(
        count(
            &cache,
            "SELECT count(*) FROM products WHERE parent_ap_id IS NOT NULL"
        ),
        747
    );

    // A simple product with its category path, campaigns and owner's name.
    let (name, category, campaigns, owner, parent): (String, String, String, Option<String>, Option<String>) = cache
        .with_conn(|c| {
            c.query_row(
                "SELECT name, category, campaigns, owner_name, parent_ap_id FROM products WHERE sku = '24-MB01'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
        })
        .unwrap();
    assert_eq!(name, "Joust Duffle Bag");
    assert_eq!(category, "Gear/Bags");
    assert_eq!(campaigns, "[]");
    assert!(
        owner.is_some_and(|o| !o.is_empty()),
        "the owner's name is looked up"
    );
    assert_eq!(parent, None);

    // A variant points at its parent and carries its colour and size.
    let (colour, size, parent_sku): (String, String, String) = cache
        .with_conn(|c| {
            c.query_row(
                "SELECT v.colour, v.size, p.sku FROM products v JOIN products p ON p.ap_id = v.parent_ap_id
                 WHERE v.sku = 'MH02-XS-Black'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
        })
        .unwrap();
    assert_eq!(
        (colour.as_str(), size.as_str(), parent_sku.as_str()),
        ("Black", "XS", "MH02")
    );

    // A photo with its size and the gallery of its product's category.
    let (width, height, bytes, gallery): (i64, i64, i64, String) = cache
        .with_conn(|c| {
            c.query_row(
                "SELECT a.width, a.height, a.file_size, g.path FROM assets a
                 JOIN gallery_assets ga ON ga.asset_id = a.id JOIN galleries g ON g.id = ga.gallery_id
                 WHERE a.file_name = 'mb01-blue-0.jpg'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
        })
        .unwrap();
    assert_eq!((width, height, bytes), (1080, 1340, 246_955));
    assert_eq!(gallery, "Gear / Bags");
    assert!(
        text(
            &cache,
            "SELECT thumb_base FROM assets WHERE file_name = 'mb01-blue-0.jpg'"
        )
        .unwrap()
        .contains("/img-get2/")
    );

    // The links 4ALLPORTAL had: confirmed, from the remote, with role and position.
    let links: Vec<(String, String, i64, String, String)> = cache
        .with_conn(|c| {
            c.prepare(
                "SELECT a.file_name, l.role, l.position, l.state, l.origin FROM links l
                 JOIN assets a ON a.id = l.asset_id ORDER BY l.position",
            )?
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect()
        })
        .unwrap();
    assert_eq!(
        links,
        [
            (
                "mh02-black_main.jpg".into(),
                "hero".into(),
                0,
                "confirmed".into(),
                "remote".into()
            ),
            (
                "mh02-black_back.jpg".into(),
                "detail".into(),
                1,
                "confirmed".into(),
                "remote".into()
            ),
        ]
    );
    assert_eq!(
        count(
            &cache,
            "SELECT count(*) FROM activity WHERE kind != 'link_flagged'"
        ),
        0,
        "a first sync logs no per-record news"
    );
}

#[tokio::test]
async fn a_second_sync_right_after_reads_no_gallery_and_changes_nothing() {
    let sim = catalog_sim().await;
    let cache = Cache::open_in_memory().unwrap();
    let sources = sources(&sim, true);
    sync(&cache, &sources, &config()).await;
    take_requests(&sim);

    let again = sync(&cache, &sources, &config()).await;

    assert_eq!(again.kind, SyncKind::Incremental);
    let ps = again.photoshelter.unwrap();
    assert_eq!(
        (ps.galleries_read, ps.galleries_skipped, ps.pages),
        (0, 15, 0)
    );
    let ap = again.allportal.unwrap();
    assert_eq!(ap.products, Default::default());
    let (ps_requests, ap_requests) = take_requests(&sim);
    assert!(
        ps_requests.iter().all(|r| r.path.ends_with("/children")),
        "only the tree is walked: {ps_requests:?}"
    );
    assert!(
        !ap_requests
            .iter()
            .any(|r| r.path == "/api/modules/product/objects"),
        "no product is read again: {ap_requests:?}"
    );
}
