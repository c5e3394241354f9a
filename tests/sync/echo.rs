//! Shelflink's own writes coming back through a sync are recognised (`own_writes`) and are
//! not new work: keywords it tagged, an approval it mirrored, a product's images it
//! reordered. The same kind of change made by someone else is news.

use super::clients_support::sim_ap;
use super::support::*;
use reqwest::Method;
use shelflink::allportal::{FieldMapping, ObjectId};
use shelflink::cache::catalog::activity;
use shelflink::cache::{Cache, OwnWrite};
use shelflink::photoshelter::{ImageId, merged_keywords};

async fn tag(
    cache: &Cache,
    client: &shelflink::photoshelter::PhotoShelterClient,
    ps_id: &str,
    add: &str,
) {
    let image = ImageId::new(ps_id);
    let now = client.iptc(&image).await.unwrap().keyword;
    let wanted = merged_keywords(&now, &[add.to_string()], &[]);
    // As the transfer queue does: record what it is about to write, then write it.
    cache
        .record_own_write(&OwnWrite::keywords(ps_id, &wanted), Some(1))
        .unwrap();
    let merge = client
        .merge_keywords(&image, &[add.to_string()], &[])
        .await
        .unwrap();
    assert!(merge.written);
}

#[tokio::test]
async fn our_own_writes_come_back_as_echoes_and_someone_elses_as_news() {
    let sim = start(shelflink_sim::SeedSource::Catalog(Box::new(
        catalog_with_links(&[
            ("MH02", "mh02-black_main.jpg", "hero", 0),
            ("MH02", "mh02-black_back.jpg", "detail", 1),
        ]),
    )))
    .await;
    let cache = Cache::open_in_memory().unwrap();
    let sources = sources(&sim, true);
    sync(&cache, &sources, &config()).await;
    let ps = ps_client(&sim);

    // Shelflink tags a SKU, and mirrors an approval it recorded as the keyword signal.
    let main = asset_ps_id(&cache, "mh02-black_main.jpg");
    tag(&cache, &ps, &main, "MH02-XS-Black").await;
    let back = asset_ps_id(&cache, "mh02-black_back.jpg");
    cache
        .with_conn(|c| {
            c.execute(
                "UPDATE assets SET approval = 'approved', approval_source = 'shelflink' WHERE ps_id = ?1",
                [&back],
            )
        })
        .unwrap();
    tag(&cache, &ps, &back, "approved").await;

    // Shelflink reorders the product's images.
    let ap = sim_ap(&sim, true, false);
    let mapping = FieldMapping::default();
    let product = ObjectId::new(product_ap_id(&cache, "MH02"));
    let mut images = ap.product_images(&product, &mapping).await.unwrap();
    images.images.reverse();
    cache
        .record_own_write(
            &OwnWrite::product_images(product.as_str(), &images),
            Some(2),
        )
        .unwrap();
    ap.set_product_images(&product, &images, &mapping)
        .await
        .unwrap();

    // Someone approves another photo in PhotoShelter with the keyword.
    let bag = asset_ps_id(&cache, "mb01-blue-0.jpg");
    control(
        Method::PATCH,
        format!("{}/photoshelter/images/{bag}", sim.photoshelter.control_url),
        Some(serde_json::json!({"iptc": {"keyword": "approved"}})),
    )
    .await;

    let report = sync(&cache, &sources, &config()).await;

    let ps_report = report.photoshelter.as_ref().unwrap();
    assert_eq!(ps_report.assets.echoes, 2, "our two keyword writes");
    assert_eq!(ps_report.assets.changed, 1, "someone else's keyword");
    assert_eq!(
        ps_report.approvals, 1,
        "only the approval made in PhotoShelter"
    );
    let ap_report = report.allportal.as_ref().unwrap();
    assert_eq!(ap_report.products.echoes, 1);
    assert_eq!(ap_report.products.changed, 0);
    assert_eq!(report.links.moved, 2, "the links follow the new order");
    assert_eq!(report.links.added + report.links.removed, 0);

    let logged = |kind| cache.with_conn(|c| activity::count(c, kind)).unwrap();
    assert_eq!(logged("asset_changed"), 1);
    assert_eq!(logged("approved_in_photoshelter"), 1);
    assert_eq!(logged("product_changed"), 0);
    assert_eq!(
        count(&cache, "SELECT count(*) FROM own_writes"),
        0,
        "every record used up"
    );
    assert_eq!(
        text(
            &cache,
            &format!("SELECT approval_source FROM assets WHERE ps_id = '{back}'")
        )
        .as_deref(),
        Some("shelflink"),
        "our mirrored approval stays ours"
    );
    assert_eq!(
        text(
            &cache,
            &format!("SELECT approval || ' ' || approval_source FROM assets WHERE ps_id = '{bag}'")
        )
        .as_deref(),
        Some("approved photoshelter")
    );
    let positions: Vec<(String, i64)> = cache
        .with_conn(|c| {
            c.prepare("SELECT a.file_name, l.position FROM links l JOIN assets a ON a.id = l.asset_id ORDER BY l.position")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect()
        })
        .unwrap();
    assert_eq!(
        positions,
        [
            ("mh02-black_back.jpg".to_string(), 0),
            ("mh02-black_main.jpg".to_string(), 1)
        ]
    );
}
