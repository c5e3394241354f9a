//! 4ALLPORTAL seed links: one file object per PhotoShelter image, related to products with
//! role and position, bytes from disk or drawn on first request, rights carried onto the file.

mod allportal_support;

use allportal_support::*;
use serde_json::json;
use shelflink_sim::allportal::AllportalSettings;
use shelflink_sim::seed::model::{ImageSource, SeedImage, SeedMetadata};

#[tokio::test]
async fn seed_links_make_one_file_per_photoshelter_image_and_relate_it_with_role_and_position() {
    let dir = tempfile::tempdir().unwrap();
    let on_disk = dir.path().join("mb01-blue-0.jpg");
    std::fs::write(&on_disk, jpeg(1080, 1340)).unwrap();
    let drawn = ImageSource::Generated {
        seed: 7,
        width: 1200,
        height: 800,
        label: "MH02 front".into(),
        embedded: None,
    };
    let mut seeded = catalog();
    seeded.images.push(SeedImage {
        file_name: "mb01-blue-0.jpg".into(),
        gallery_path: vec!["Gear".into(), "Bags".into()],
        source: ImageSource::File(on_disk.clone()),
        metadata: SeedMetadata {
            copyright: Some("© 2024 Studio North".into()),
            credit: Some("Studio North".into()),
            licence_end: chrono::NaiveDate::from_ymd_opt(2030, 6, 30),
            licence_type: Some("rights_managed".into()),
            usage_terms: Some("Web and print, no outdoor advertising".into()),
            channels: vec!["web".into(), "print".into()],
            ..SeedMetadata::default()
        },
        uploaded_at: chrono::Utc::now(),
        rating: 5,
        flagged: true,
    });
    let sim = start_with(seeded, AllportalSettings::default(), |s| {
        s.seed_link(
            "24-MB01",
            "mb01-blue-0.jpg",
            "I00001",
            ImageSource::File(on_disk.clone()),
            "hero",
            0,
        )
        .unwrap();
        s.seed_link(
            "MH02",
            "MH02_front_v1.jpg",
            "I00002",
            drawn.clone(),
            "gallery",
            0,
        )
        .unwrap();
        s.seed_link(
            "MH02",
            "MH02_back_v1.jpg",
            "I00003",
            drawn.clone(),
            "hero",
            0,
        )
        .unwrap();
        s.seed_link(
            "MH02-XS-Black",
            "MH02_front_v1.jpg",
            "I00002",
            drawn.clone(),
            "hero",
            0,
        )
        .unwrap();
        assert!(
            s.seed_link("NOPE", "x.jpg", "I00009", drawn.clone(), "hero", 0)
                .is_err()
        );
        assert!(
            s.seed_link("MH02", "x.jpg", "I00009", drawn.clone(), "banner", 0)
                .is_err()
        );
    })
    .await;
    assert!(sim.writes.all().is_empty(), "seeding is not a write");
    let hoodie = sim
        .object("product", &sim.sim.product_id("MH02").unwrap())
        .await;
    let front = sim.sim.file_id("I00002").unwrap();
    let back = sim.sim.file_id("I00003").unwrap();
    assert_eq!(
        hoodie["images"],
        json!([{"value": [back, front]}]),
        "position 0 went first"
    );
    assert_eq!(
        hoodie["image_roles"],
        json!([{"value": ["hero", "gallery"]}])
    );
    assert_eq!(hoodie["main_image"], json!([{"value": back}]));
    assert_eq!(
        hoodie["photoshelter_ids"],
        json!([{"value": ["I00003", "I00002"]}])
    );
    assert_eq!(
        hoodie["photoshelter_urls"][0]["value"][0],
        "https://www.photoshelter.com/img-get2/I00003"
    );
    let file = sim.object("file", &front).await;
    assert_eq!(value(&file, "photoshelter_id"), "I00002");
    assert_eq!(
        (
            value(&file, "width").as_str(),
            value(&file, "height").as_str()
        ),
        (Some("1200"), Some("800"))
    );
    let black = sim.sim.product_id("MH02-XS-Black").unwrap();
    let mut linked = vec![sim.sim.product_id("MH02").unwrap(), black];
    linked.sort();
    assert_eq!(
        file["linked_products"],
        json!([{"value": linked}]),
        "both products hold the file"
    );
    assert_eq!(
        file["size"],
        json!([]),
        "drawn bytes are made on first request"
    );
    let original = format!("/api/modules/file/objects/{front}/media/Original");
    assert_eq!(dimensions_of(&sim, &original).await, (1200, 800));
    let file = sim.object("file", &front).await;
    assert!(
        value(&file, "size")
            .as_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 0,
        "size filled once drawn"
    );
    assert_eq!(value(&file, "checksum_md5").as_str().unwrap().len(), 32);

    let bag_id = sim.sim.product_id("24-MB01").unwrap();
    let bag_file = sim
        .object("file", &sim.sim.file_id("I00001").unwrap())
        .await;
    assert_eq!(
        (
            value(&bag_file, "width").as_str(),
            value(&bag_file, "size").is_string()
        ),
        (Some("1080"), true)
    );
    assert_eq!(
        value(&bag_file, "copyright"),
        "© 2024 Studio North",
        "rights travel with the image"
    );
    assert_eq!(value(&bag_file, "license_holder"), "Studio North");
    assert_eq!(value(&bag_file, "license_valid_until"), "2030-06-30");
    assert_eq!(value(&bag_file, "license_type"), "licensed");
    assert_eq!(
        value(&bag_file, "usage_restrictions"),
        "Web and print, no outdoor advertising"
    );
    assert_eq!(bag_file["channels"], json!([{"value": ["web", "print"]}]));
    assert_eq!(value(&bag_file, "approval_status"), "approved");
    assert_eq!(
        dimensions_of(
            &sim,
            &format!("/api/modules/product/objects/{bag_id}/media/small")
        )
        .await,
        (161, 200),
        "a product's object image is its main image"
    );
}
