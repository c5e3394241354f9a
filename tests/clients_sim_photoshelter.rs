//! The PhotoShelter client against the simulator, through every endpoint it uses: sign-in
//! and organizations, the tree, gallery images paged over thousands of images, sessions
//! expired by the service mid-walk, records with extensions, renditions, originals,
//! metadata reads, uploads, keyword merges, galleries and shares.

mod clients_support;

use clients_support::*;
use futures::{StreamExt, TryStreamExt};
use shelflink::photoshelter::{
    CollectionId, Extend, Extension, Fields, FitMode, GalleryImage, ImageId, ImageListOptions,
    IptcUpdate, NewGallery, NewShare, PhotoShelterClient, UploadOptions, UsageRestrictions,
    Visibility,
};
use shelflink_sim::SeedSource;
use shelflink_sim::seed::model::{ImageSource, SeedCatalog, SeedImage, SeedMetadata};
use std::collections::HashSet;

/// Every image row of every gallery, with the extensions a sync asks for.
async fn all_rows(client: &PhotoShelterClient) -> Vec<GalleryImage> {
    let tree = client.tree().await.unwrap();
    let mut rows = Vec::new();
    for g in &tree.galleries {
        let options = ImageListOptions {
            per_page: 40,
            ..ImageListOptions::for_sync(300)
        };
        let mut page: Vec<GalleryImage> = client
            .gallery_images(&g.gallery.gallery_id, &options)
            .try_collect()
            .await
            .unwrap();
        rows.append(&mut page);
    }
    rows
}

fn row<'a>(rows: &'a [GalleryImage], file_name: &str) -> &'a GalleryImage {
    rows.iter()
        .find(|r| r.image.as_ref().is_some_and(|i| i.file_name == file_name))
        .unwrap_or_else(|| panic!("{file_name} is in the demo workspace"))
}

#[tokio::test]
async fn an_organization_member_sees_the_library_only_inside_the_organization() {
    let sim = sim(SeedSource::Demo).await;
    let org = &sim.credentials.photoshelter;
    let client = sim_ps(&sim, false);
    let info = client.login().await.unwrap();
    assert!(
        info.organizations
            .iter()
            .any(|o| o.id.as_str() == org.org_id && o.name == org.org_name)
    );
    assert_eq!(info.organization, None);
    let own = client.children(&CollectionId::root()).await.unwrap();
    assert!(
        own.galleries.is_empty() && own.collections.is_empty(),
        "the personal library is empty"
    );

    client
        .enter_organization(&org.org_id.as_str().into())
        .await
        .unwrap();
    let tree = client.tree().await.unwrap();
    assert!(
        !tree.galleries.is_empty(),
        "the organization's library has galleries"
    );
    assert!(tree.galleries.iter().all(|g| !g.gallery.name.is_empty()));
    let first = &tree.galleries[0];
    let gallery = client
        .gallery(&first.gallery.gallery_id, None, None)
        .await
        .unwrap();
    assert_eq!(gallery.name, first.gallery.name);
    let top = client
        .collection(
            &CollectionId::root(),
            None,
            Some(&Extend::new().with("Children", Extension::new())),
        )
        .await
        .unwrap();
    assert_eq!(
        top.name, org.org_name,
        "the organization's library is named after it"
    );
    let session = client.session_info().await.unwrap();
    assert_eq!(session.email.as_deref(), Some(org.email.as_str()));

    client.leave_organization().await.unwrap();
    assert_eq!(client.organization(), None);
    assert!(
        client
            .children(&CollectionId::root())
            .await
            .unwrap()
            .galleries
            .is_empty()
    );
    client.logout().await.unwrap();
}

#[tokio::test]
async fn every_demo_image_comes_with_its_record_link_iptc_licence_and_usage() {
    let sim = sim(SeedSource::Demo).await;
    let client = sim_ps(&sim, true);
    let rows = all_rows(&client).await;
    let unique: HashSet<&str> = rows.iter().map(|r| r.image_id.as_str()).collect();
    assert_eq!(
        unique.len(),
        sim.seeded.images,
        "every image, none twice per gallery walk"
    );
    assert!(
        rows.iter()
            .all(|r| r.image.is_some() && r.image_link.is_some())
    );

    let hero = row(&rows, "SL1001-RED_main_v1.jpg").image.clone().unwrap();
    assert_eq!(hero.flagged, Some(true));
    assert_eq!(hero.rating, Some(5));
    let licence = hero.license.clone().expect("the License extension");
    assert!(licence.license_etime.unwrap() > chrono::Utc::now());
    let expired = row(&rows, "24-gb1002_main.jpg").image.clone().unwrap();
    assert!(expired.license.unwrap().license_etime.unwrap() < chrono::Utc::now());
    let restricted = row(&rows, "sl1004-blue_main.jpg").image.clone().unwrap();
    let usage = UsageRestrictions::from_custom(
        &restricted.custom_metadata,
        "Usage Regions",
        "Usage Channels",
    );
    assert_eq!(usage.regions, ["DE", "AT", "CH"]);
}

fn bulk_catalog(count: usize) -> SeedCatalog {
    let images = (0..count)
        .map(|i| {
            let file_name = format!("BULK{i:05}_front_v1.jpg");
            SeedImage {
                source: ImageSource::Generated {
                    seed: i as u64,
                    width: 1200,
                    height: 800,
                    label: file_name.clone(),
                    embedded: None,
                },
                file_name,
                gallery_path: vec!["Bulk".into(), "Everything".into()],
                metadata: SeedMetadata::default(),
                uploaded_at: chrono::DateTime::parse_from_rfc3339("2024-03-01T09:00:00Z")
                    .unwrap()
                    .to_utc()
                    + chrono::Duration::seconds(i as i64),
                rating: 0,
                flagged: false,
            }
        })
        .collect();
    SeedCatalog {
        images,
        ..SeedCatalog::default()
    }
}

#[tokio::test]
async fn paging_over_2100_images_follows_next_to_the_end() {
    let sim = sim(SeedSource::Catalog(Box::new(bulk_catalog(2100)))).await;
    let client = sim_ps(&sim, true);
    let tree = client.tree().await.unwrap();
    let gallery = tree
        .galleries
        .iter()
        .find(|g| g.gallery.name == "Everything")
        .unwrap();
    assert_eq!(gallery.path, ["Bulk"]);
    let options = ImageListOptions {
        per_page: 250,
        extend: Some(
            Extend::new().with("Image", Extension::new().fields(Fields::of(["file_name"]))),
        ),
        ..ImageListOptions::default()
    };
    let rows: Vec<GalleryImage> = client
        .gallery_images(&gallery.gallery.gallery_id, &options)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), 2100);
    let names: HashSet<String> = rows
        .iter()
        .map(|r| r.image.as_ref().unwrap().file_name.clone())
        .collect();
    assert_eq!(names.len(), 2100);
    assert!(names.contains("BULK02099_front_v1.jpg"));
}

#[tokio::test]
async fn a_session_expired_by_the_service_is_renewed_mid_walk_inside_the_organization() {
    let sim = sim(SeedSource::Catalog(Box::new(bulk_catalog(300)))).await;
    let client = sim_ps(&sim, true);
    let tree = client.tree().await.unwrap();
    let gallery = &tree.galleries[0].gallery.gallery_id;
    let options = ImageListOptions {
        per_page: 50,
        ..ImageListOptions::default()
    };
    let mut stream = client.gallery_images(gallery, &options);
    let mut seen = Vec::new();
    while seen.len() < 60 {
        seen.push(stream.next().await.unwrap().unwrap().image_id);
    }
    expire_sessions(&sim.photoshelter.control_url).await;
    while let Some(row) = stream.next().await {
        seen.push(
            row.expect("the walk goes on after signing in again")
                .image_id,
        );
    }
    assert_eq!(seen.len(), 300);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 300);
    assert!(client.organization().is_some());
}

#[tokio::test]
async fn renditions_of_any_size_and_the_original_file() {
    let sim = sim(SeedSource::Demo).await;
    let client = sim_ps(&sim, true);
    let rows = all_rows(&client).await;
    let image = row(&rows, "SL1001-RED_main_v1.jpg").image.clone().unwrap();
    let link = client
        .image_link(&image.image_id, 300, 300, FitMode::Fit)
        .await
        .unwrap();
    let url = link
        .rendition_url(640, 480, FitMode::Fit, &image.file_name)
        .unwrap();
    let answer = reqwest::get(url).await.unwrap();
    assert_eq!(answer.status(), 200);
    let bytes = answer.bytes().await.unwrap();
    let rendition = image::load_from_memory(&bytes).unwrap();
    assert!(rendition.width() <= 640 && rendition.height() <= 480);
    assert!(rendition.width() == 640 || rendition.height() == 480);

    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("original.jpg");
    let saved = client
        .download_original(&image.image_id, &dest)
        .await
        .unwrap();
    assert_eq!(Some(saved.bytes), image.file_size);
    let original = image::open(&dest).unwrap();
    assert_eq!(Some(original.width()), image.width);
    assert_eq!(files_in(dir.path()), ["original.jpg"]);
}

#[tokio::test]
async fn iptc_xmp_licence_and_custom_metadata_reads() {
    let sim = sim(SeedSource::Demo).await;
    let client = sim_ps(&sim, true);
    let rows = all_rows(&client).await;
    let hero = &row(&rows, "SL1001-RED_main_v1.jpg").image_id;
    let iptc = client.iptc(hero).await.unwrap();
    assert!(!iptc.keyword.is_empty());
    let licence = client.license(hero).await.unwrap();
    assert!(licence.license_etime.unwrap() > chrono::Utc::now());
    let xmp = client.xmp(hero).await.unwrap();
    assert!(!xmp.is_empty());
    let restricted = &row(&rows, "sl1004-blue_main.jpg").image_id;
    let custom = client.custom_metadata(restricted).await.unwrap();
    let usage = UsageRestrictions::from_custom(&custom, "Usage Regions", "Usage Channels");
    assert_eq!(usage.regions, ["DE", "AT", "CH"]);
    let record = client
        .image(
            hero,
            Some(&Fields::of(["image_id", "file_name"])),
            Some(&Extend::new().with("Iptc", Extension::all_fields())),
        )
        .await
        .unwrap();
    assert_eq!(record.iptc.unwrap().keyword, iptc.keyword);
}

#[tokio::test]
async fn uploads_keywords_galleries_and_shares() {
    let sim = sim(SeedSource::Demo).await;
    let client = sim_ps(&sim, true);
    let new = NewGallery {
        name: "Shelflink Press Kit".into(),
        parent: None,
        listed: false,
        visibility: Visibility::Permission,
    };
    let gallery = client.ensure_gallery(&new).await.unwrap();
    let again = client.ensure_gallery(&new).await.unwrap();
    assert_eq!(
        gallery.gallery_id, again.gallery_id,
        "found by name, not made twice"
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("SL9999_front_v1.jpg");
    write_jpeg(&file, 320, 240);
    let uploaded = client
        .upload(
            &gallery.gallery_id,
            std::slice::from_ref(&file),
            &UploadOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(uploaded.len(), 1);
    assert_eq!(uploaded[0].file_name, "SL9999_front_v1.jpg");
    let new_id = uploaded[0].image_id.clone();

    let rows = all_rows(&client).await;
    let hero = row(&rows, "SL1001-RED_main_v1.jpg").image_id.clone();
    let added = client
        .add_to_gallery(&gallery.gallery_id, std::slice::from_ref(&hero))
        .await
        .unwrap();
    assert!(added.iter().any(|r| r.image_id == hero));
    let members: Vec<ImageId> = client
        .gallery_images(&gallery.gallery_id, &ImageListOptions::default())
        .map_ok(|r| r.image_id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        members.iter().collect::<HashSet<_>>(),
        HashSet::from([&new_id, &hero])
    );

    let before = client.iptc(&hero).await.unwrap().keyword;
    let merged = client
        .merge_keywords(&hero, &["SKU-SL1001".into()], &[])
        .await
        .unwrap();
    assert!(
        merged.keywords.starts_with(&before),
        "the keywords already there stay first"
    );
    assert!(merged.keywords.contains(&"SKU-SL1001".to_string()));
    assert_eq!(client.iptc(&hero).await.unwrap().keyword, merged.keywords);
    let caption = IptcUpdate {
        caption: Some("Alder Sweatshirt, red".into()),
        ..IptcUpdate::default()
    };
    let iptc = client.update_iptc(&new_id, &caption).await.unwrap();
    assert_eq!(iptc.caption.as_deref(), Some("Alder Sweatshirt, red"));

    let share = NewShare {
        recipients: vec!["press@example.org".into()],
        expires_at: Some(chrono::Utc::now() + chrono::Duration::days(14)),
        message: Some("Spring press kit".into()),
    };
    let made = client
        .create_share(&gallery.gallery_id, &share, shelflink::net::Replay::Unsafe)
        .await
        .unwrap();
    assert!(!made.url.is_empty());
    assert_eq!(made.recipients, ["press@example.org"]);
    let listed = client.shares(&gallery.gallery_id).await.unwrap();
    assert!(listed.iter().any(|s| s.share_id == made.share_id));
}

#[tokio::test]
async fn faults_of_the_service_are_ridden_out_by_retries() {
    let sim = sim(SeedSource::Demo).await;
    let client = sim_ps(&sim, true);
    let rows = all_rows(&client).await;
    let image = row(&rows, "SL1001-RED_main_v1.jpg").image.clone().unwrap();
    let spec = "ps GET /psapi/v3/mem/image/*/download reset n=2; \
                ps GET /psapi/v3/mem/image/*/iptc 503 n=3; \
                ps GET /psapi/v3/mem/image/*/license 429:1 n=2";
    let answer = reqwest::Client::new()
        .put(format!("{}/faults", sim.photoshelter.control_url))
        .header("content-type", "text/plain")
        .body(spec)
        .send()
        .await
        .unwrap();
    assert!(
        answer.status().is_success(),
        "faults set: {}",
        answer.status()
    );

    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("original.jpg");
    let no_retries = {
        let c = &sim.credentials.photoshelter;
        let mut net = fast_net();
        net.retry = shelflink::net::RetryPolicy::none();
        PhotoShelterClient::new(shelflink::photoshelter::PhotoShelterConfig {
            base_url: sim.photoshelter.base_url.parse().unwrap(),
            api_key: secrecy::SecretString::from(c.api_key.clone()),
            email: c.email.clone(),
            password: secrecy::SecretString::from(c.password.clone()),
            organization: Some(c.org_id.as_str().into()),
            net,
        })
        .unwrap()
    };
    let err = no_retries
        .download_original(&image.image_id, &dest)
        .await
        .unwrap_err();
    use shelflink::net::ApiError;
    assert!(
        matches!(
            err,
            ApiError::Incomplete { .. } | ApiError::Interrupted { .. }
        ),
        "{err:?}"
    );
    assert!(files_in(dir.path()).is_empty());
    let err = no_retries.iptc(&image.image_id).await.unwrap_err();
    assert!(
        matches!(err, ApiError::Server { status: 503, .. }),
        "{err:?}"
    );
    let err = no_retries.license(&image.image_id).await.unwrap_err();
    assert!(matches!(err, ApiError::RateLimited { .. }), "{err:?}");
    let saved = client
        .download_original(&image.image_id, &dest)
        .await
        .unwrap();
    assert_eq!(
        Some(saved.bytes),
        image.file_size,
        "the retry brought the whole file"
    );
    assert!(
        !client
            .iptc(&image.image_id)
            .await
            .unwrap()
            .keyword
            .is_empty()
    );
    assert!(
        client
            .license(&image.image_id)
            .await
            .unwrap()
            .license_etime
            .is_some()
    );
    assert_eq!(files_in(dir.path()), ["original.jpg"]);
}
