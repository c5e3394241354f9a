//! File transfers of both clients: originals and derivates streamed to disk (byte count
//! checked, renamed into place, nothing left on failure, a reset connection is a clean
//! error), and multipart uploads streamed from disk.

mod clients_support;

use clients_support::*;
use shelflink::allportal::{NewFile, ObjectId, ObjectPatch};
use shelflink::net::{ApiError, Replay};
use shelflink::photoshelter::{GalleryId, ImageId, UploadOptions};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn jpeg_like(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

#[tokio::test]
async fn an_original_is_streamed_to_disk_and_checked() {
    let server = MockServer::start().await;
    let body = jpeg_like(300_000);
    Mock::given(path("/psapi/v3/mem/authenticate"))
        .respond_with(ps_login("tok", serde_json::json!([])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/psapi/v3/mem/image/I0000orig/download"))
        .and(header("X-PS-Auth-Token", "tok"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "image/jpeg")
                .insert_header(
                    "content-disposition",
                    r#"attachment; filename="HOODIE_front.jpg""#,
                )
                .set_body_bytes(body.clone()),
        )
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("originals").join("I0000orig.jpg");
    let client = ps_client(&server.uri(), None, fast_net());
    let saved = client
        .download_original(&ImageId::from("I0000orig"), &dest)
        .await
        .unwrap();
    assert_eq!(saved.bytes, 300_000);
    assert_eq!(saved.server_file_name.as_deref(), Some("HOODIE_front.jpg"));
    assert_eq!(saved.content_type.as_deref(), Some("image/jpeg"));
    use sha2::Digest;
    assert_eq!(saved.sha256, hex::encode(sha2::Sha256::digest(&body)));
    assert_eq!(std::fs::read(&dest).unwrap(), body);
    assert_eq!(files_in(&dir.path().join("originals")), ["I0000orig.jpg"]);
}

#[tokio::test]
async fn a_connection_reset_during_a_download_leaves_no_file_behind() {
    let requests = Arc::new(AtomicUsize::new(0));
    let seen = requests.clone();
    let uri = raw_server(move |line| {
        assert!(
            line.starts_with("GET /api/modules/file/objects/f-1/media/Original "),
            "{line}"
        );
        seen.fetch_add(1, Ordering::SeqCst);
        let mut bytes =
            b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 100000\r\n\r\n"
                .to_vec();
        bytes.extend(jpeg_like(20_000));
        RawReply::ResetAfter(bytes)
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("f-1.jpg");
    let client = ap_client_key(&uri, fast_net());
    let err = client
        .download_media("file", &ObjectId::from("f-1"), "Original", &dest)
        .await
        .unwrap_err();
    match &err {
        ApiError::Incomplete {
            expected, received, ..
        } => {
            assert_eq!(*expected, Some(100_000));
            assert!(*received < 100_000);
        }
        other => panic!("expected an incomplete download, got {other:?}"),
    }
    assert!(err.to_string().contains("nothing was saved"), "{err}");
    assert_eq!(
        requests.load(Ordering::SeqCst),
        4,
        "one attempt and three retries"
    );
    assert!(
        files_in(dir.path()).is_empty(),
        "left behind: {:?}",
        files_in(dir.path())
    );
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_not_kept() {
    let uri = raw_server(|line| {
        if line.contains("/authenticate") {
            let json = r#"{"status":"ok","data":{"token":"tok","org":[]}}"#;
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                json.len()
            );
            return RawReply::Whole([head.as_bytes(), json.as_bytes()].concat());
        }
        RawReply::Whole(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nConnection: close\r\n\r\nonly-a-few-bytes".to_vec())
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("short.jpg");
    let client = ps_client(&uri, None, fast_net());
    let err = client
        .download_original(&ImageId::from("I0000short"), &dest)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ApiError::Incomplete {
                expected: Some(5000),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(files_in(dir.path()).is_empty());
}

#[tokio::test]
async fn files_are_uploaded_into_a_gallery_as_multipart() {
    let server = MockServer::start().await;
    Mock::given(path("/psapi/v3/mem/authenticate"))
        .respond_with(ps_login("tok", serde_json::json!([])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/psapi/v3/mem/image/upload"))
        .and(body_string_contains(r#"name="gallery_id""#))
        .and(body_string_contains("G0000Press"))
        .and(body_string_contains(r#"filename="SKU-100_front_v2.jpg""#))
        .and(body_string_contains("fake-jpeg-bytes"))
        .respond_with(ps_ok(serde_json::json!({"Image": [
            {"image_id": "I0000new", "file_name": "SKU-100_front_v2.jpg", "file_size": "15",
             "uploaded_at": "2024-05-06 14:03:22 UTC"}
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("SKU-100_front_v2.jpg");
    std::fs::write(&file, b"fake-jpeg-bytes").unwrap();
    let client = ps_client(&server.uri(), None, fast_net());
    let images = client
        .upload(
            &GalleryId::from("G0000Press"),
            &[file],
            &UploadOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(images.len(), 1);
    assert_eq!(images[0].image_id.as_str(), "I0000new");
    assert_eq!(images[0].file_size, Some(15));
}

#[tokio::test]
async fn a_file_is_uploaded_to_4allportal_with_its_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/modules/file/upload"))
        .and(header("authorization", format!("Bearer {AP_KEY}").as_str()))
        .and(body_string_contains(r#"name="parent_path""#))
        .and(body_string_contains("/Shelflink/"))
        .and(body_string_contains(
            r#"{"photoshelter_id":[{"value":"I0000abc"}]}"#,
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "id": "9b2e4f10-1111-4a2b-8c3d-000000000001", "module": "file",
            "mod_time": "2024-05-02T10:15:30Z", "mod_time_img": [{"value": "2024-05-02T10:15:30Z"}],
            "name": [{"value": "hero.jpg"}], "photoshelter_id": [{"value": "I0000abc"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hero.jpg");
    std::fs::write(&file, b"jpeg").unwrap();
    let client = ap_client_key(&server.uri(), fast_net());
    let fields = ObjectPatch::create().text("photoshelter_id", "I0000abc");
    let object = client
        .upload_file(&NewFile {
            path: &file,
            parent_path: None,
            fields: Some(&fields),
            replay: Replay::Unsafe,
        })
        .await
        .unwrap();
    assert_eq!(object.text("photoshelter_id"), Some("I0000abc"));
    assert_eq!(object.text("name"), Some("hero.jpg"));
}
