//! The fixture catalog folder served as PhotoShelter: every one of its photos is reachable
//! by walking the tree from `root` and paging each gallery, and a rendition of a real photo
//! is a correctly sized JPEG.

mod photoshelter_support;

use photoshelter_support::*;
use reqwest::StatusCode;
use shelflink_sim::photoshelter::PhotoshelterTuning;
use std::collections::HashSet;
use std::path::PathBuf;

fn catalog_dir() -> PathBuf {
    std::env::var_os("SHELFLINK_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures"))
        .join("catalog")
}

/// Gallery ids under `collection`, depth first, as a sync walking the tree finds them.
async fn galleries_under(ps: &Ps, collection: &str, out: &mut Vec<String>) {
    let data = ps
        .data(
            &format!("/mem/collection/{collection}/children"),
            &[("fields", "collection_id,gallery_id")],
        )
        .await;
    for g in data["Children"]["Gallery"].as_array().unwrap() {
        out.push(g["gallery_id"].as_str().unwrap().to_owned());
    }
    for c in data["Children"]["Collection"].as_array().unwrap() {
        Box::pin(galleries_under(
            ps,
            c["collection_id"].as_str().unwrap(),
            out,
        ))
        .await;
    }
}

#[tokio::test]
async fn every_catalog_photo_is_listed_once_under_root_and_renders() {
    let catalog =
        shelflink_sim::seed::catalog::load(&catalog_dir(), 1).expect("the fixture catalog loads");
    let mut ps = serve(&catalog, PhotoshelterTuning::default()).await;
    ps.login().await;
    let mut galleries = Vec::new();
    galleries_under(&ps, "root", &mut galleries).await;
    let mut names = HashSet::new();
    for g in &galleries {
        let mut page = 1;
        loop {
            let data = ps
                .data(
                    &format!("/mem/gallery/{g}/images"),
                    &[
                        ("page", &page.to_string()),
                        ("per_page", "50"),
                        ("fields", "image_id"),
                        ("extend", r#"{"Image":{"fields":"file_name"}}"#),
                    ],
                )
                .await;
            for row in data["GalleryImage"].as_array().unwrap() {
                names.insert(row["Image"]["file_name"].as_str().unwrap().to_owned());
            }
            if data["Paging"].get("next").is_none() {
                break;
            }
            page += 1;
        }
    }
    let csv = std::fs::read_to_string(catalog_dir().join("images.csv")).unwrap();
    let expected: HashSet<String> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .map(str::to_owned)
        .collect();
    assert_eq!(expected.len(), 276);
    assert!(
        expected.is_subset(&names),
        "missing: {:?}",
        expected.difference(&names).take(5).collect::<Vec<_>>()
    );

    let id = ps.image_id("mb01-blue-0.jpg");
    let link = ps
        .data(
            &format!("/mem/image/{id}/link"),
            &[("image_size", "300x300")],
        )
        .await;
    let resp = ps
        .http
        .get(link["ImageLink"]["link"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let img = image::load_from_memory(&resp.bytes().await.unwrap()).unwrap();
    assert_eq!(
        (img.width(), img.height()),
        (242, 300),
        "1080x1340 fitted into 300x300"
    );
}
