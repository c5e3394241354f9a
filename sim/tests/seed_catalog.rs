//! Seeding from a catalog folder (`--seed-dir`): every product and variant becomes a
//! product, every photo an image in the gallery of its product's category, nothing linked.

mod common;

use common::fixture;
use shelflink_sim::seed::catalog::load;
use shelflink_sim::seed::model::ImageSource;
use std::collections::{BTreeSet, HashMap};

#[test]
fn the_fixture_catalog_gives_75_products_747_variants_and_276_photos() {
    let catalog = load(&fixture("catalog"), 1).expect("catalog loads");
    let (variants, products): (Vec<_>, Vec<_>) = catalog
        .products
        .iter()
        .partition(|p| p.parent_sku.is_some());
    assert_eq!(products.len(), 75);
    assert_eq!(variants.len(), 747);
    assert_eq!(catalog.images.len(), 276);
    assert!(catalog.links.is_empty(), "linking is the app's job");

    let hoodie = variants
        .iter()
        .find(|p| p.sku == "MH02-XS-Black")
        .expect("a variant");
    assert_eq!(hoodie.parent_sku.as_deref(), Some("MH02"));
    assert_eq!(hoodie.colour.as_deref(), Some("Black"));
    assert_eq!(hoodie.size.as_deref(), Some("XS"));
    assert_eq!(hoodie.category, "Men/Tops/Hoodies & Sweatshirts");
    let parent = products
        .iter()
        .find(|p| p.sku == "MH02")
        .expect("the parent");
    assert_eq!(
        hoodie.owner, parent.owner,
        "variants belong to the parent's owner"
    );
    assert_eq!(hoodie.campaigns, parent.campaigns);

    let duffle = products
        .iter()
        .find(|p| p.sku == "24-MB01")
        .expect("a gear product");
    assert_eq!(duffle.name, "Joust Duffle Bag");
    assert!(
        duffle
            .description
            .starts_with("<p>The sporty Joust Duffle Bag")
    );
}

#[test]
fn campaigns_come_from_collections() {
    let catalog = load(&fixture("catalog"), 1).expect("catalog loads");
    let with_two = catalog
        .products
        .iter()
        .find(|p| p.parent_sku.is_none() && p.campaigns.len() == 3)
        .expect("a product in three collections");
    assert_eq!(with_two.campaign.as_ref(), with_two.campaigns.first());
    assert!(
        with_two
            .campaigns
            .iter()
            .all(|c| c.starts_with("Collections/") || c.starts_with("Promotions/"))
    );
}

#[test]
fn photos_sit_in_galleries_named_by_their_products_category() {
    let catalog = load(&fixture("catalog"), 1).expect("catalog loads");
    let by_name: HashMap<&str, &Vec<String>> = catalog
        .images
        .iter()
        .map(|i| (i.file_name.as_str(), &i.gallery_path))
        .collect();
    assert_eq!(
        by_name["mh02-black_main.jpg"],
        &["Men", "Tops", "Hoodies & Sweatshirts"]
    );
    assert_eq!(by_name["mb01-blue-0.jpg"], &["Gear", "Bags"]);
    let galleries: BTreeSet<&Vec<String>> = by_name.values().copied().collect();
    assert_eq!(galleries.len(), 15, "one gallery per category");
    let image = catalog
        .images
        .iter()
        .find(|i| i.file_name == "mh02-black_main.jpg")
        .unwrap();
    assert!(
        matches!(&image.source, ImageSource::File(p) if p.ends_with("images/mh02-black_main.jpg"))
    );
    assert!(
        image.metadata.keywords.is_empty(),
        "catalog photos carry no IPTC"
    );
}

#[test]
fn the_same_folder_and_seed_give_the_same_catalog() {
    let a = load(&fixture("catalog"), 4).expect("catalog loads");
    let b = load(&fixture("catalog"), 4).expect("catalog loads");
    assert_eq!(a.products, b.products);
    assert_eq!(a.images, b.images);
    let owners: BTreeSet<_> = a.products.iter().filter_map(|p| p.owner.clone()).collect();
    assert!(
        owners.len() >= 3,
        "owners spread over the catalog: {owners:?}"
    );
    assert!(
        owners
            .iter()
            .all(|o| a.owners.iter().any(|u| &u.username == o))
    );
}

#[test]
fn a_metadata_folder_adds_agency_images_with_their_iptc() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["products.csv", "variants.csv", "images.csv"] {
        std::fs::copy(fixture("catalog").join(name), dir.path().join(name)).expect("copy csv");
    }
    std::os::unix::fs::symlink(fixture("catalog/images"), dir.path().join("images"))
        .expect("link images");
    std::fs::create_dir(dir.path().join("metadata")).expect("metadata dir");
    let sample = "iptc-independent-photographer-example.jpg";
    std::fs::copy(
        fixture("metadata").join(sample),
        dir.path().join("metadata").join(sample),
    )
    .expect("copy");
    let catalog = load(dir.path(), 1).expect("catalog loads");
    assert_eq!(catalog.images.len(), 277);
    let agency = catalog.images.last().unwrap();
    assert_eq!(agency.gallery_path, ["Agency Imports", "Metadata Samples"]);
    assert_eq!(
        agency.metadata.credit.as_deref(),
        Some("©1985 David Riecks: www.riecks.com")
    );
}
