//! Contract: renditions built from `ImageLink` `base`/`token` (P15), original downloads,
//! lazily drawn synthetic originals, and real catalog photos as file sources.

mod photoshelter_support;

use photoshelter_support::*;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;
use sha2::{Digest, Sha256};
use shelflink_sim::photoshelter::PhotoshelterTuning;
use shelflink_sim::seed::model::{ImageSource, SeedCatalog, SeedImage, SeedMetadata};
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    std::env::var_os("SHELFLINK_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures"))
}

async fn fetch(ps: &Ps, url: &str) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
    let resp = ps.http.get(url).send().await.unwrap();
    (
        resp.status(),
        resp.headers().clone(),
        resp.bytes().await.unwrap().to_vec(),
    )
}

fn dimensions(jpeg: &[u8]) -> (u32, u32) {
    let img = image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg).expect("a JPEG");
    (img.width(), img.height())
}

async fn summary(ps: &Ps) -> Value {
    json(
        ps.http
            .get(format!("{}/_sim/photoshelter/summary", ps.base))
            .send()
            .await
            .unwrap(),
    )
    .await
    .1
}

#[tokio::test]
async fn renditions_built_from_base_and_token_are_correctly_sized_jpegs() {
    let mut ps = start().await;
    ps.login().await;
    let id = ps.image_id("24-MB01_main.jpg");
    let link = ps
        .data(&format!("/mem/image/{id}/link"), &[("image_size", "x700")])
        .await["ImageLink"]
        .clone();
    let (status, headers, body) = fetch(&ps, link["link"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(dimensions(&body), (564, 700));

    let (base, token) = (
        link["base"].as_str().unwrap(),
        link["token"].as_str().unwrap(),
    );
    for (size, expected) in [
        ("fit=300x300", (242, 300)),
        ("fill=250x250", (250, 250)),
        ("fit=4000x4000", (1080, 1340)),
    ] {
        let url = format!("{base}/sec={token}/{size}/24-MB01_main.jpg");
        let (status, _, body) = fetch(&ps, &url).await;
        assert_eq!(status, StatusCode::OK, "{size}");
        assert_eq!(dimensions(&body), expected, "{size}");
        let (_, _, again) = fetch(&ps, &url).await;
        assert_eq!(again, body, "served from the cache");
    }
    assert!(
        summary(&ps).await["renditions_cached_bytes"]
            .as_u64()
            .unwrap()
            > 0
    );

    let (status, _, body) = fetch(
        &ps,
        &format!("{base}/sec=wrongtoken/fit=300x300/24-MB01_main.jpg"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_error(&serde_json::from_slice(&body).unwrap(), "PermissionErr");
    let (status, _, _) = fetch(
        &ps,
        &format!("{base}/sec={token}/stretch=300x300/24-MB01_main.jpg"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, _) = fetch(
        &ps,
        &format!(
            "{}/img-get2/I0000doesNotExst/sec={token}/fit=10x10/x.jpg",
            ps.base
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn synthetic_originals_are_drawn_only_when_asked_for_and_download_as_recorded() {
    let mut ps = start().await;
    ps.login().await;
    let bags = ps.gallery_id("Bags").await;
    ps.data(
        &format!("/mem/gallery/{bags}/images"),
        &[("extend", r#"{"Image":{},"Iptc":{}}"#)],
    )
    .await;
    assert_eq!(
        summary(&ps).await["originals_cached_bytes"],
        0,
        "listing draws nothing"
    );

    let id = ps.image_id("24-MB01_main.jpg");
    let record = ps
        .data(
            &format!("/mem/image/{id}"),
            &[("fields", "file_size,width,height")],
        )
        .await;
    let file_size = assert_num_str(&record["Image"]["file_size"]);
    let resp = ps
        .http
        .get(ps.url(&format!("/mem/image/{id}/download")))
        .header("X-PS-Api-Key", API_KEY)
        .header("X-PS-Auth-Token", ps.token.as_deref().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        resp.headers()["content-disposition"],
        "attachment; filename=\"24-MB01_main.jpg\""
    );
    assert_eq!(
        resp.headers()["content-length"],
        file_size.to_string().as_str()
    );
    assert_eq!(resp.headers()["content-type"], "image/jpeg");
    let body = resp.bytes().await.unwrap();
    assert_eq!(
        body.len() as u64,
        file_size,
        "the file is as large as the record says"
    );
    assert_eq!(dimensions(&body), (1080, 1340));
    assert_eq!(summary(&ps).await["originals_cached_bytes"], file_size);

    ps.token = None;
    let (status, body) = ps.get(&format!("/mem/image/{id}/download"), &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&body, "SessionRequiredErr");
}

#[tokio::test]
async fn uploaded_files_download_byte_for_byte() {
    let mut ps = start().await;
    ps.login().await;
    let press = ps.gallery_id("Press").await;
    let img = image::RgbImage::from_fn(90, 60, |x, y| image::Rgb([x as u8, y as u8, 128]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    img.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    let bytes = bytes.into_inner();
    let form = Form::new()
        .text("gallery_id", press)
        .part("file", Part::bytes(bytes.clone()).file_name("swatch.png"));
    let resp = ps
        .http
        .post(ps.url("/mem/image/upload"))
        .header("X-PS-Api-Key", API_KEY)
        .header("X-PS-Auth-Token", ps.token.as_deref().unwrap())
        .multipart(form)
        .send()
        .await
        .unwrap();
    let (_, body) = json(resp).await;
    let id = body["data"]["Image"][0]["image_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let resp = ps
        .http
        .get(ps.url(&format!("/mem/image/{id}/download")))
        .query(&[
            ("api_key", API_KEY),
            ("auth_token", ps.token.as_deref().unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["content-type"], "image/png");
    assert_eq!(resp.bytes().await.unwrap().to_vec(), bytes);
    let link = ps
        .data(&format!("/mem/image/{id}/link"), &[("image_size", "30x30")])
        .await;
    let (_, _, jpeg) = fetch(&ps, link["ImageLink"]["link"].as_str().unwrap()).await;
    assert_eq!(
        dimensions(&jpeg),
        (30, 20),
        "renditions of PNG originals are JPEGs too"
    );
}

fn catalog_photo(file_name: &str, gallery: &[&str]) -> SeedImage {
    SeedImage {
        file_name: file_name.into(),
        gallery_path: gallery.iter().map(|s| s.to_string()).collect(),
        source: ImageSource::File(fixtures().join("catalog/images").join(file_name)),
        metadata: SeedMetadata::default(),
        uploaded_at: uploaded_at(file_name),
        rating: 0,
        flagged: false,
    }
}

#[tokio::test]
async fn catalog_photos_as_file_sources_keep_their_bytes_and_sizes() {
    let photos = [("mb01-blue-0.jpg", 246_955u64), ("mg01-bk-0.jpg", 222_558)];
    let catalog = SeedCatalog {
        images: photos
            .iter()
            .map(|(f, _)| catalog_photo(f, &["Gear", "Bags"]))
            .collect(),
        ..Default::default()
    };
    let mut ps = serve(&catalog, PhotoshelterTuning::default()).await;
    ps.login().await;
    let csv = std::fs::read_to_string(fixtures().join("catalog/images.csv")).unwrap();
    for (file, bytes) in photos {
        let id = ps.image_id(file);
        let record = ps.data(&format!("/mem/image/{id}"), &[]).await["Image"].clone();
        assert_eq!(assert_num_str(&record["file_size"]), bytes);
        let row = csv
            .lines()
            .find(|l| l.starts_with(&format!("{file},")))
            .unwrap();
        let cols: Vec<&str> = row.split(',').collect();
        assert_eq!(
            (
                record["width"].as_str().unwrap(),
                record["height"].as_str().unwrap()
            ),
            (cols[5], cols[6])
        );
        let resp = ps
            .http
            .get(ps.url(&format!("/mem/image/{id}/download")))
            .header("X-PS-Api-Key", API_KEY)
            .header("X-PS-Auth-Token", ps.token.as_deref().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.headers()["content-length"], bytes.to_string().as_str());
        let body = resp.bytes().await.unwrap();
        assert_eq!(
            hex::encode(Sha256::digest(&body)),
            cols[8],
            "{file} byte for byte"
        );
        let link = ps
            .data(
                &format!("/mem/image/{id}/link"),
                &[("image_size", "400x400"), ("image_mode", "fit")],
            )
            .await;
        let (status, _, jpeg) = fetch(&ps, link["ImageLink"]["link"].as_str().unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            dimensions(&jpeg),
            (322, 400),
            "{file}: 1080x1340 fitted into 400x400"
        );
    }
}

#[tokio::test]
async fn upload_of_a_photo_with_iptc_and_xmp_fills_iptc_and_xmp() {
    let mut ps = start().await;
    ps.login().await;
    let press = ps.gallery_id("Press").await;
    let name = "IPTC-PhotometadataRef-Std2021.1.jpg";
    let bytes = std::fs::read(fixtures().join("metadata").join(name)).unwrap();
    let form = Form::new()
        .text("gallery_id", press)
        .part("file", Part::bytes(bytes).file_name(name));
    let resp = ps
        .http
        .post(ps.url("/mem/image/upload"))
        .header("X-PS-Api-Key", API_KEY)
        .header("X-PS-Auth-Token", ps.token.as_deref().unwrap())
        .multipart(form)
        .send()
        .await
        .unwrap();
    let (status, body) = json(resp).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id = body["data"]["Image"][0]["image_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let iptc = ps.data(&format!("/mem/image/{id}/iptc"), &[]).await["Iptc"].clone();
    assert_eq!(iptc["title"], "The Title (ref2021.1)");
    assert_eq!(iptc["headline"], "The Headline (ref2021.1)");
    assert_eq!(iptc["caption"], "The description aka caption (ref2021.1)");
    assert_eq!(
        iptc["keyword"],
        "Keyword1ref2021.1,Keyword2ref2021.1,Keyword3ref2021.1"
    );
    assert_eq!(iptc["author"], "Creator1 (ref2021.1)");
    assert_eq!(iptc["credit"], "Credit Line (ref2021.1)");
    assert_eq!(iptc["usage_terms"], "Rights Usage Terms (ref2021.1)");
    let xmp = ps.data(&format!("/mem/image/{id}/xmp"), &[]).await["Xmp"].clone();
    assert_eq!(
        xmp["xmpRights:UsageTerms"],
        "Rights Usage Terms (ref2021.1)"
    );
}
