//! Thumbnails of remote assets against the simulator: PhotoShelter renditions and
//! 4ALLPORTAL derivates of the right size, a replaced file showing its new pixels at once,
//! and the answers the `thumb` scheme gives (caching headers, 304, errors as pictures).

use crate::clients_support::{sim_ap, sim_ps};
use crate::support::{catalog_photo, edge};
use shelflink::allportal::{AllportalClient, NewFile, Object};
use shelflink::net::Replay;
use shelflink::photoshelter::{ImageId, ImageListOptions, PhotoShelterClient};
use shelflink::thumbs::pipeline::Limits;
use shelflink::thumbs::{
    Located, Origin, RemoteSubject, RenditionSource, Subject, ThumbError, ThumbRequest, ThumbSize,
    Thumbnails,
};
use shelflink_sim::SeedSource;
use shelflink_sim::seed::model::{ImageSource, SeedCatalog, SeedImage, SeedMetadata};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The cache as the thumbnail layer sees it: what the last "sync" recorded per subject.
struct CacheRows {
    ps: PhotoShelterClient,
    ap: AllportalClient,
    rows: Mutex<HashMap<RemoteSubject, Located>>,
}

impl RenditionSource for CacheRows {
    fn locate(&self, subject: &RemoteSubject) -> Result<Option<Located>, ThumbError> {
        Ok(self.rows.lock().unwrap().get(subject).cloned())
    }
    fn photoshelter(&self) -> Result<PhotoShelterClient, ThumbError> {
        Ok(self.ps.clone())
    }
    fn allportal(&self) -> Result<AllportalClient, ThumbError> {
        Ok(self.ap.clone())
    }
}

impl CacheRows {
    /// Reads an image's record and rendition link, as a sync would, into the rows.
    async fn sync_photoshelter(&self, name: &str) -> ImageId {
        let tree = self.ps.tree().await.unwrap();
        for gallery in &tree.galleries {
            let rows: Vec<_> = futures::TryStreamExt::try_collect(self.ps.gallery_images(
                &gallery.gallery.gallery_id,
                &ImageListOptions::for_sync(300),
            ))
            .await
            .unwrap();
            for row in rows {
                let (Some(image), Some(link)) = (row.image, row.image_link) else {
                    continue;
                };
                if image.file_name != name {
                    continue;
                }
                let fingerprint = format!(
                    "{}|{}|{}",
                    link.token,
                    image.file_size.unwrap_or(0),
                    image.updated_at.map(|t| t.to_rfc3339()).unwrap_or_default()
                );
                let subject = RemoteSubject::PhotoShelter {
                    image: image.image_id.clone(),
                };
                let located = Located {
                    fingerprint,
                    origin: Origin::PhotoShelter {
                        link,
                        file_name: image.file_name.clone(),
                    },
                };
                self.rows.lock().unwrap().insert(subject, located);
                return image.image_id;
            }
        }
        panic!("{name} is in the simulator");
    }

    fn record_allportal(&self, file: &Object) -> RemoteSubject {
        let subject = RemoteSubject::Allportal {
            module: "file".into(),
            id: file.id.clone(),
        };
        let located = Located {
            fingerprint: format!(
                "{}|{}",
                file.mod_time_img.expect("mod_time_img").to_rfc3339(),
                file.text("version_no").unwrap_or("1")
            ),
            origin: Origin::Allportal,
        };
        self.rows.lock().unwrap().insert(subject.clone(), located);
        subject
    }

    fn fingerprint(&self, subject: &RemoteSubject) -> String {
        self.rows.lock().unwrap()[subject].fingerprint.clone()
    }
}

fn catalog() -> SeedCatalog {
    let image = |name: &str| SeedImage {
        file_name: name.into(),
        gallery_path: vec!["Shoots".into(), "Spring".into()],
        source: ImageSource::File(catalog_photo(name)),
        metadata: SeedMetadata::default(),
        uploaded_at: chrono::DateTime::parse_from_rfc3339("2024-03-01T09:00:00Z")
            .unwrap()
            .to_utc(),
        rating: 0,
        flagged: false,
    };
    SeedCatalog {
        images: vec![image("mh02-black_main.jpg"), image("mb01-blue-0.jpg")],
        ..SeedCatalog::default()
    }
}

async fn setup() -> (
    shelflink_sim::RunningSim,
    tempfile::TempDir,
    Thumbnails,
    Arc<CacheRows>,
) {
    let sim = shelflink_sim::start(shelflink_sim::SimOptions {
        seed: SeedSource::Catalog(Box::new(catalog())),
        ..shelflink_sim::SimOptions::default()
    })
    .await
    .unwrap();
    let rows = Arc::new(CacheRows {
        ps: sim_ps(&sim, true),
        ap: sim_ap(&sim, true, false),
        rows: Mutex::new(HashMap::new()),
    });
    let dir = tempfile::tempdir().unwrap();
    let thumbs = Thumbnails::open(&dir.path().join("thumbs"), 64 << 20, Limits::default()).unwrap();
    thumbs.set_source(rows.clone());
    (sim, dir, thumbs, rows)
}

fn request(subject: &RemoteSubject, size: ThumbSize) -> ThumbRequest {
    ThumbRequest {
        subject: Subject::Remote(subject.clone()),
        size,
        version: None,
    }
}

fn decode(bytes: &[u8]) -> image::RgbImage {
    image::load_from_memory(bytes).unwrap().to_rgb8()
}

/// Mean absolute difference of two pictures of the same size.
fn mean_difference(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    crate::support::mean_difference(a.as_raw(), b.as_raw())
}

#[tokio::test]
async fn photoshelter_renditions_come_in_the_size_asked_for_and_are_kept() {
    let (_sim, _dir, thumbs, rows) = setup().await;
    let id = rows.sync_photoshelter("mh02-black_main.jpg").await;
    let subject = RemoteSubject::PhotoShelter { image: id };
    // The photo is 1274×1580: the long edge becomes the box.
    for (size, expected) in [(ThumbSize::List, (129, 160)), (ThumbSize::Grid, (258, 320))] {
        let served = thumbs.thumbnail(&request(&subject, size)).await.unwrap();
        assert_eq!(served.thumb.content_type, "image/jpeg");
        let img = decode(&served.thumb.bytes);
        assert_eq!(img.dimensions(), expected, "{size:?}");
        assert_eq!(served.fingerprint, rows.fingerprint(&subject));
    }
    let again = thumbs
        .thumbnail(&request(&subject, ThumbSize::Grid))
        .await
        .unwrap();
    assert_eq!(decode(&again.thumb.bytes).dimensions(), (258, 320));
    assert_eq!(
        thumbs.store().stats().unwrap().entries,
        2,
        "one file per size"
    );
}

#[tokio::test]
async fn a_replaced_photoshelter_image_shows_its_new_pixels_at_once() {
    let (sim, _dir, thumbs, rows) = setup().await;
    let black = rows.sync_photoshelter("mh02-black_main.jpg").await;
    let blue = rows.sync_photoshelter("mb01-blue-0.jpg").await;
    let black_subject = RemoteSubject::PhotoShelter {
        image: black.clone(),
    };
    let blue_subject = RemoteSubject::PhotoShelter { image: blue };
    let grid = |s: &RemoteSubject| request(s, ThumbSize::Grid);
    let before = decode(
        &thumbs
            .thumbnail(&grid(&black_subject))
            .await
            .unwrap()
            .thumb
            .bytes,
    );
    let blue_grid = decode(
        &thumbs
            .thumbnail(&grid(&blue_subject))
            .await
            .unwrap()
            .thumb
            .bytes,
    );
    let blue_detail = decode(
        &thumbs
            .thumbnail(&request(&blue_subject, ThumbSize::Detail))
            .await
            .unwrap()
            .thumb
            .bytes,
    );
    // Both photos are 258×320 in the grid; they differ pixel by pixel.
    assert!(
        mean_difference(&before, &blue_grid) > 20.0,
        "two different photos"
    );
    let old_fingerprint = rows.fingerprint(&black_subject);

    // Someone replaces the original in PhotoShelter with the blue photo.
    let answer = reqwest::Client::new()
        .post(format!(
            "{}/photoshelter/images/{}/replace",
            sim.photoshelter.control_url,
            black.as_str()
        ))
        .body(std::fs::read(catalog_photo("mb01-blue-0.jpg")).unwrap())
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_success(), "replace: {}", answer.status());

    // Before the next sync the cache still holds the old token: a size not fetched yet is
    // fetched with it, refused (403), and fetched again with a fresh link.
    let detail = thumbs
        .thumbnail(&request(&black_subject, ThumbSize::Detail))
        .await
        .unwrap();
    let detail_img = decode(&detail.thumb.bytes);
    assert_eq!(
        detail_img.dimensions(),
        (516, 640),
        "the blue photo is 1080×1340"
    );
    assert!(mean_difference(&detail_img, &blue_detail) < 3.0);

    // After the sync the fingerprint is new, so the key is new: the grid shows the new pixels.
    rows.sync_photoshelter("mh02-black_main.jpg").await;
    assert_ne!(rows.fingerprint(&black_subject), old_fingerprint);
    let after = thumbs.thumbnail(&grid(&black_subject)).await.unwrap();
    let after_img = decode(&after.thumb.bytes);
    assert!(
        mean_difference(&after_img, &blue_grid) < 3.0,
        "the blue photo now"
    );
    assert!(mean_difference(&after_img, &before) > 20.0);
}

#[tokio::test]
async fn allportal_derivates_are_scaled_to_the_box_and_a_new_binary_is_a_new_thumbnail() {
    let (_sim, dir, thumbs, rows) = setup().await;
    let upload = dir.path().join("SL1001-BLACK_main.jpg");
    std::fs::copy(catalog_photo("mh02-black_main.jpg"), &upload).unwrap();
    let file = rows
        .ap
        .upload_file(&NewFile {
            path: &upload,
            parent_path: None,
            fields: None,
            replay: Replay::Unsafe,
        })
        .await
        .unwrap();
    let subject = rows.record_allportal(&file);
    // List (160) comes from `small` (200 px), Grid (320) from `medium` (800 px).
    for (size, expected) in [(ThumbSize::List, (129, 160)), (ThumbSize::Grid, (258, 320))] {
        let served = thumbs.thumbnail(&request(&subject, size)).await.unwrap();
        assert_eq!(
            decode(&served.thumb.bytes).dimensions(),
            expected,
            "{size:?}"
        );
    }
    let before = decode(
        &thumbs
            .thumbnail(&request(&subject, ThumbSize::Grid))
            .await
            .unwrap()
            .thumb
            .bytes,
    );

    let replacement = dir.path().join("replacement.jpg");
    std::fs::copy(catalog_photo("mb01-blue-0.jpg"), &replacement).unwrap();
    let replaced = rows
        .ap
        .replace_original(&file.id, &replacement)
        .await
        .unwrap();
    rows.record_allportal(&replaced);
    let after = thumbs
        .thumbnail(&request(&subject, ThumbSize::Grid))
        .await
        .unwrap();
    let after_img = decode(&after.thumb.bytes);
    assert_eq!(after_img.dimensions(), (258, 320));
    assert!(mean_difference(&after_img, &before) > 20.0, "new pixels");
}

#[tokio::test]
async fn the_scheme_answers_with_caching_headers_304_and_error_pictures() {
    let (_sim, dir, thumbs, rows) = setup().await;
    let id = rows.sync_photoshelter("mh02-black_main.jpg").await;
    let subject = RemoteSubject::PhotoShelter { image: id.clone() };
    let current = ThumbRequest {
        version: Some(rows.fingerprint(&subject)),
        ..request(&subject, ThumbSize::Grid)
    };
    let path = current.path_and_query();
    let (path, query) = path.split_once('?').unwrap();
    let fresh = thumbs.respond(path, Some(query), None).await;
    assert_eq!(fresh.status, 200);
    assert_eq!(fresh.header("Content-Type"), Some("image/jpeg"));
    assert_eq!(
        fresh.header("Cache-Control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(
        fresh.header("Content-Length"),
        Some(fresh.body.len().to_string().as_str())
    );
    let etag = fresh.header("ETag").unwrap().to_string();

    let stale = thumbs
        .respond(path, Some("v=an-old-fingerprint"), None)
        .await;
    assert_eq!(stale.status, 200);
    assert_eq!(
        stale.header("Cache-Control"),
        Some("no-cache"),
        "an old URL is revalidated"
    );
    let unchanged = thumbs.respond(path, None, Some(&etag)).await;
    assert_eq!(unchanged.status, 304);
    assert!(unchanged.body.is_empty());

    let unknown = thumbs.respond("/ps/I0000nothere/320", None, None).await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.header("Content-Type"), Some("image/svg+xml"));
    assert_eq!(unknown.header("Cache-Control"), Some("no-store"));
    assert!(
        unknown
            .header("X-Shelflink-Error")
            .unwrap()
            .contains("not in the local cache"),
        "{:?}",
        unknown.header("X-Shelflink-Error")
    );
    assert_eq!(
        thumbs.respond("/ps/I0000abc/999", None, None).await.status,
        400
    );

    // Local files: only registered ones, and the file's own problems are named.
    let token = thumbs
        .register_local(&catalog_photo("mb01-blue-0.jpg"))
        .unwrap();
    let local = thumbs
        .respond(&format!("/local/{token}/160"), None, None)
        .await;
    assert_eq!(local.status, 200);
    assert_eq!(decode(&local.body).dimensions(), (129, 160));
    assert_eq!(
        thumbs
            .respond("/local/0123456789abcdef01234567/160", None, None)
            .await
            .status,
        404
    );
    let heic = dir.path().join("photo.heic");
    std::fs::copy(edge("iphone.heic"), &heic).unwrap();
    let token = thumbs.register_local(&heic).unwrap();
    let refused = thumbs
        .respond(&format!("/local/{token}/160"), None, None)
        .await;
    assert_eq!(refused.status, 415);
    assert!(
        refused
            .header("X-Shelflink-Error")
            .unwrap()
            .starts_with("HEIC images")
    );
}

#[tokio::test]
async fn without_an_account_the_thumbnail_says_what_to_connect() {
    struct NoAccounts;
    impl RenditionSource for NoAccounts {
        fn locate(&self, _: &RemoteSubject) -> Result<Option<Located>, ThumbError> {
            Ok(Some(Located {
                fingerprint: "f".into(),
                origin: Origin::Allportal,
            }))
        }
        fn photoshelter(&self) -> Result<PhotoShelterClient, ThumbError> {
            Err(ThumbError::NotConnected {
                service: "PhotoShelter",
            })
        }
        fn allportal(&self) -> Result<AllportalClient, ThumbError> {
            Err(ThumbError::NotConnected {
                service: "4ALLPORTAL",
            })
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let thumbs = Thumbnails::open(dir.path(), 16 << 20, Limits::default()).unwrap();
    thumbs.set_source(Arc::new(NoAccounts));
    let answer = thumbs.respond("/ap/file/f-1/320", None, None).await;
    assert_eq!(answer.status, 503);
    assert!(
        answer
            .header("X-Shelflink-Error")
            .unwrap()
            .contains("connect it in Settings")
    );
}
