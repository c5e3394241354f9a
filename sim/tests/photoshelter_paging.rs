//! Contract: `page`/`per_page` paging with `Paging.next` (P2) over thousands of images, and
//! a 50,000-image synthetic library that is listed through paging without drawing a file.

mod photoshelter_support;

use photoshelter_support::*;
use serde_json::{Value, json};
use shelflink_sim::photoshelter::PhotoshelterTuning;
use shelflink_sim::seed::model::{SeedCatalog, SeedMetadata};
use std::collections::HashSet;

fn catalog(count: usize, galleries: usize) -> SeedCatalog {
    let images = (0..count)
        .map(|i| {
            let g = format!("Shoot {:03}", i % galleries);
            let meta = SeedMetadata {
                keywords: vec![format!("SKU{:05}", i / 3)],
                ..Default::default()
            };
            drawn(
                &format!("SKU{:05}_view{}_v1.jpg", i / 3, i % 3),
                &["Synthetic", &g],
                2400,
                1600,
                meta,
            )
        })
        .collect();
    SeedCatalog {
        images,
        ..Default::default()
    }
}

/// Every page of a gallery, following `next` until it is absent; returns the rows.
async fn walk(ps: &Ps, gallery: &str, per_page: &str, extend: &str) -> (Vec<Value>, Vec<Value>) {
    let (mut rows, mut pagings, mut page) = (Vec::new(), Vec::new(), "1".to_owned());
    loop {
        let data = ps
            .data(
                &format!("/mem/gallery/{gallery}/images"),
                &[
                    ("page", &page),
                    ("per_page", per_page),
                    ("fields", "image_id"),
                    ("extend", extend),
                ],
            )
            .await;
        rows.extend(data["GalleryImage"].as_array().unwrap().iter().cloned());
        let paging = data["Paging"].clone();
        pagings.push(paging.clone());
        match paging.get("next") {
            Some(next) => page = next.as_u64().expect("next is a number").to_string(),
            None => return (rows, pagings),
        }
    }
}

#[tokio::test]
async fn a_gallery_of_2600_images_pages_through_next_until_it_is_absent() {
    let mut ps = serve(&catalog(2600, 1), PhotoshelterTuning::default()).await;
    ps.login().await;
    let gallery = ps.gallery_id("Shoot 000").await;
    let (rows, pagings) = walk(
        &ps,
        &gallery,
        "750",
        r#"{"Image":{"fields":"file_name,updated_at"},"Iptc":{"fields":"keyword"}}"#,
    )
    .await;
    assert_eq!(rows.len(), 2600);
    let ids: HashSet<&str> = rows
        .iter()
        .map(|r| r["image_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2600, "no image twice");
    assert_eq!(
        pagings[0],
        json!({"page": 1, "per_page": 750, "total": 2600, "pages": 4, "next": 2})
    );
    assert_eq!(
        pagings[3],
        json!({"page": 4, "per_page": 750, "total": 2600, "pages": 4})
    );
    assert_eq!(rows[0]["Image"]["Iptc"], json!({"keyword": "SKU00000"}));
    assert_eq!(rows[2599]["Image"]["file_name"], "SKU00866_view1_v1.jpg");
    let beyond = ps
        .data(
            &format!("/mem/gallery/{gallery}/images"),
            &[("page", "5"), ("per_page", "750")],
        )
        .await;
    assert_eq!(beyond["GalleryImage"], json!([]));
    assert!(beyond["Paging"].get("next").is_none());
    let default = ps
        .data(&format!("/mem/gallery/{gallery}/images"), &[])
        .await;
    assert_eq!(default["Paging"]["per_page"], 100);
}

#[tokio::test]
async fn fifty_thousand_synthetic_images_list_through_paging_without_drawing_a_file() {
    let mut ps = serve(&catalog(50_000, 40), PhotoshelterTuning::default()).await;
    ps.login().await;
    let synthetic = ps
        .data(
            "/mem/collection/root/children",
            &[("fields", "collection_id")],
        )
        .await["Children"]["Collection"][0]["collection_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let galleries = ps
        .data(
            &format!("/mem/collection/{synthetic}/children"),
            &[("fields", "gallery_id")],
        )
        .await;
    let galleries = galleries["Children"]["Gallery"].as_array().unwrap().clone();
    assert_eq!(galleries.len(), 40);
    let mut seen = HashSet::new();
    for g in &galleries {
        let (rows, _) = walk(&ps, g["gallery_id"].as_str().unwrap(), "1000", "{}").await;
        seen.extend(
            rows.into_iter()
                .map(|r| r["image_id"].as_str().unwrap().to_owned()),
        );
    }
    assert_eq!(seen.len(), 50_000);
    let resp = ps
        .http
        .get(format!("{}/_sim/photoshelter/summary", ps.base))
        .send()
        .await
        .unwrap();
    let summary = json(resp).await.1;
    assert_eq!(
        (
            summary["images"].clone(),
            summary["originals_cached_bytes"].clone()
        ),
        (json!(50_000), json!(0))
    );
}
