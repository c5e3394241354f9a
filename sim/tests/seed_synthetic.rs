//! Synthetic catalogs (`--synthetic N`) and the demo workspace (`--demo`): deterministic per
//! seed, with versions, real file-name conventions, the promised rights spread and links.

use chrono::NaiveDate;
use shelflink_sim::seed::bytes::{byte_len, image_bytes};
use shelflink_sim::seed::demo::demo_at;
use shelflink_sim::seed::metadata;
use shelflink_sim::seed::rights::{RightsKind, SPREAD, classify};
use shelflink_sim::seed::synthetic::{Plan, generate};
use std::collections::{BTreeMap, HashSet};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
}

fn plan(images: usize, seed: u64) -> Plan {
    Plan {
        images,
        products: (images as f64 / 2.5).round() as usize,
        seed,
        today: today(),
        pinned: Vec::new(),
        link_share: 0.25,
    }
}

#[test]
fn the_same_seed_gives_the_same_catalog_and_another_seed_another() {
    let a = generate(&plan(500, 9));
    let b = generate(&plan(500, 9));
    let c = generate(&plan(500, 10));
    assert_eq!(a.products, b.products);
    assert_eq!(a.images, b.images);
    assert_eq!(a.links, b.links);
    assert_ne!(
        a.images.iter().map(|i| &i.file_name).collect::<Vec<_>>(),
        c.images.iter().map(|i| &i.file_name).collect::<Vec<_>>()
    );
}

#[test]
fn n_images_come_with_about_n_over_2_5_products_parents_and_variants() {
    let catalog = generate(&plan(1000, 3));
    assert_eq!(catalog.images.len(), 1000);
    assert_eq!(catalog.products.len(), 400);
    let variants = catalog
        .products
        .iter()
        .filter(|p| p.parent_sku.is_some())
        .count();
    assert!(variants > 100 && variants < 380, "{variants} variants");
    let skus: HashSet<&str> = catalog.products.iter().map(|p| p.sku.as_str()).collect();
    assert_eq!(skus.len(), 400, "SKUs are unique");
    let names: HashSet<&str> = catalog
        .images
        .iter()
        .map(|i| i.file_name.as_str())
        .collect();
    assert_eq!(names.len(), 1000, "file names are unique");
}

#[test]
fn file_names_follow_both_conventions_with_several_versions() {
    let catalog = generate(&plan(1000, 3));
    let upper = catalog
        .images
        .iter()
        .filter(|i| i.file_name.contains("_main_v2.jpg") && i.file_name.starts_with("SL"))
        .count();
    let lower = catalog
        .images
        .iter()
        .filter(|i| i.file_name.starts_with("sl") && i.file_name.ends_with("_main.jpg"))
        .count();
    assert!(
        upper > 10 && lower > 10,
        "{upper} SKU_view_v2 names, {lower} sku-colour_main names"
    );
    let v1 = catalog
        .images
        .iter()
        .find(|i| i.file_name.ends_with("_main_v1.jpg"))
        .unwrap();
    let v2_name = v1.file_name.replace("_v1.jpg", "_v2.jpg");
    if let Some(v2) = catalog.images.iter().find(|i| i.file_name == v2_name) {
        assert!(
            v2.uploaded_at > v1.uploaded_at,
            "a newer version is uploaded later"
        );
    }
}

#[test]
fn rights_spread_over_every_situation() {
    let catalog = generate(&plan(2000, 5));
    let mut counts: BTreeMap<RightsKind, usize> = BTreeMap::new();
    for image in &catalog.images {
        *counts
            .entry(classify(&image.metadata, today()))
            .or_default() += 1;
    }
    for (kind, share) in SPREAD {
        let got = counts.get(kind).copied().unwrap_or(0);
        let expected = 2000 * *share as usize / 100;
        assert!(
            got * 2 > expected && got < expected * 2,
            "{kind:?}: {got} of 2000, expected about {expected}"
        );
    }
}

#[test]
fn some_products_are_already_linked_to_their_oldest_main_shot() {
    let catalog = generate(&plan(1000, 3));
    assert!(catalog.links.len() > 20, "{} links", catalog.links.len());
    let skus: HashSet<&str> = catalog.products.iter().map(|p| p.sku.as_str()).collect();
    for link in &catalog.links {
        assert!(skus.contains(link.sku.as_str()));
        let image = catalog
            .images
            .iter()
            .find(|i| i.file_name == link.file_name)
            .expect("linked image exists");
        assert!(image.flagged && image.rating == 5);
        assert!(image.file_name.contains("_main"));
    }
}

#[test]
fn generated_files_carry_the_metadata_of_their_seed_image() {
    let catalog = generate(&plan(40, 2));
    for image in catalog.images.iter().step_by(9) {
        let bytes = image_bytes(&image.source).expect("drawn");
        assert_eq!(
            bytes.len() as u64,
            byte_len(&image.source).unwrap(),
            "{}",
            image.file_name
        );
        let mut expected = image.metadata.clone();
        expected.licence_type = None; // not a file field
        assert_eq!(metadata::read(&bytes), expected, "{}", image.file_name);
        assert!(
            image
                .metadata
                .keywords
                .contains(&image.metadata.keywords[0])
        );
    }
}

#[test]
fn the_demo_holds_what_the_ui_tests_rely_on() {
    let demo = demo_at(today());
    assert_eq!(demo.images.len(), 200);
    assert_eq!(demo.products.len(), 60);
    let image = |name: &str| {
        demo.images
            .iter()
            .find(|i| i.file_name == name)
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    let linked = |name: &str, sku: &str| {
        demo.links
            .iter()
            .any(|l| l.file_name == name && l.sku == sku)
    };
    let (v1, v2) = (
        image("SL1001-RED_main_v1.jpg"),
        image("SL1001-RED_main_v2.jpg"),
    );
    assert!(
        linked(&v1.file_name, "SL1001") && !demo.links.iter().any(|l| l.file_name == v2.file_name)
    );
    assert!(v2.uploaded_at > v1.uploaded_at && v1.flagged && !v2.flagged);
    assert_eq!(
        classify(&image("24-gb1002_main.jpg").metadata, today()),
        RightsKind::Expired
    );
    assert!(linked("24-gb1002_main.jpg", "24-GB1002"));
    let watch = image("24-gw1003_main.jpg");
    assert_eq!(classify(&watch.metadata, today()), RightsKind::Expiring14);
    assert_eq!(
        image("sl1004-blue_main.jpg").metadata.regions,
        ["DE", "AT", "CH"]
    );
    assert_eq!(
        classify(&image("SL1005-GREEN_main_v1.jpg").metadata, today()),
        RightsKind::NotYetValid
    );
    let hoodie = demo.products.iter().find(|p| p.sku == "SL1001").unwrap();
    assert_eq!(hoodie.name, "Alder Sweatshirt");
    assert!(
        demo.products
            .iter()
            .any(|p| p.sku == "SL1001-RED-M" && p.parent_sku.as_deref() == Some("SL1001"))
    );
    let bytes = image_bytes(&watch.source).expect("drawn");
    assert_eq!(
        metadata::read(&bytes).licence_end,
        watch.metadata.licence_end
    );
}
