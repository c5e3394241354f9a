//! PhotoShelter client against hand-made edge answers: a session that expires in the middle
//! of paging, broken JSON, an HTML page with status 200, 429 with Retry-After, server
//! errors that do not go away, and the keyword merge.

mod clients_support;

use clients_support::*;
use futures::TryStreamExt;
use shelflink::net::{ApiError, Replay};
use shelflink::photoshelter::{GalleryId, ImageId, ImageListOptions, NewGallery, Visibility};
use std::time::Duration;
use wiremock::matchers::{body_string_contains, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LOGIN: &str = "/psapi/v3/mem/authenticate";
const IMAGES: &str = "/psapi/v3/mem/gallery/G0000Spring.24/images";

fn page(ids: &[&str], next: Option<u32>) -> ResponseTemplate {
    let items: Vec<_> = ids
        .iter()
        .map(|id| serde_json::json!({"image_id": id, "f_visible": "t"}))
        .collect();
    let mut paging = serde_json::json!({"page": 1, "per_page": 2, "total": 4, "pages": 2});
    if let Some(n) = next {
        paging["next"] = n.into();
    }
    ps_ok(serde_json::json!({"GalleryImage": items, "Paging": paging}))
}

#[tokio::test]
async fn a_session_that_expires_mid_paging_is_renewed_once_and_paging_goes_on() {
    let server = MockServer::start().await;
    let orgs = serde_json::json!([{"id": "O0000Acme", "name": "Acme", "member": "t"}]);
    Mock::given(method("POST"))
        .and(path(LOGIN))
        .and(header("X-PS-Api-Key", PS_KEY))
        .and(body_string_contains("mode=token"))
        .respond_with(ps_login("tok-one", orgs.clone()))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(LOGIN))
        .respond_with(ps_login("tok-two", orgs))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/psapi/v3/mem/organization/O0000Acme/authenticate"))
        .respond_with(ps_ok(serde_json::json!({})))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(IMAGES))
        .and(query_param("page", "1"))
        .and(header("X-PS-Auth-Token", "tok-one"))
        .respond_with(page(&["I0000a", "I0000b"], Some(2)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(IMAGES))
        .and(query_param("page", "2"))
        .and(header("X-PS-Auth-Token", "tok-one"))
        .respond_with(ps_error(401, "SessionRequiredErr", "Login required"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(IMAGES))
        .and(query_param("page", "2"))
        .and(header("X-PS-Auth-Token", "tok-two"))
        .respond_with(page(&["I0000c", "I0000d"], None))
        .expect(1)
        .mount(&server)
        .await;

    let client = ps_client(&server.uri(), Some("O0000Acme"), fast_net());
    let options = ImageListOptions {
        per_page: 2,
        ..ImageListOptions::default()
    };
    let images: Vec<_> = client
        .gallery_images(&GalleryId::from("G0000Spring.24"), &options)
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = images.iter().map(|i| i.image_id.as_str()).collect();
    assert_eq!(ids, ["I0000a", "I0000b", "I0000c", "I0000d"]);
    assert_eq!(
        client.organization().map(|o| o.to_string()).as_deref(),
        Some("O0000Acme")
    );
}

#[tokio::test]
async fn a_session_that_stays_expired_is_a_clear_error_after_one_sign_in_again() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(LOGIN))
        .respond_with(ps_login("tok", serde_json::json!([])))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(IMAGES))
        .respond_with(ps_error(401, "SessionRequiredErr", "Login required"))
        .expect(2)
        .mount(&server)
        .await;
    let client = ps_client(&server.uri(), None, fast_net());
    let err = client
        .gallery_images(
            &GalleryId::from("G0000Spring.24"),
            &ImageListOptions::default(),
        )
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::SessionExpired { .. }), "{err:?}");
    assert!(
        err.to_string().contains("signing in again did not help"),
        "{err}"
    );
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_an_error_naming_endpoint_and_field() {
    let server = MockServer::start().await;
    Mock::given(path(LOGIN))
        .respond_with(ps_login("tok", serde_json::json!([])))
        .mount(&server)
        .await;
    Mock::given(path("/psapi/v3/mem/image/I0000bad"))
        .respond_with(ps_ok(
            serde_json::json!({"Image": {"image_id": "I0000bad", "file_size": "large"}}),
        ))
        .mount(&server)
        .await;
    Mock::given(path("/psapi/v3/mem/image/I0000cut"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(r#"{"status":"ok","data":{"Image":{"#),
        )
        .mount(&server)
        .await;
    let client = ps_client(&server.uri(), None, fast_net());
    match client
        .image(&ImageId::from("I0000bad"), None, None)
        .await
        .unwrap_err()
    {
        ApiError::Parse {
            endpoint, field, ..
        } => {
            assert_eq!(endpoint, "GET /psapi/v3/mem/image/I0000bad");
            assert_eq!(field, "data.Image.file_size");
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
    let cut = client
        .image(&ImageId::from("I0000cut"), None, None)
        .await
        .unwrap_err();
    assert!(matches!(cut, ApiError::Parse { .. }), "{cut:?}");
    assert!(
        cut.to_string().contains("GET /psapi/v3/mem/image/I0000cut"),
        "{cut}"
    );
}

#[tokio::test]
async fn an_html_page_with_status_200_is_an_error_that_says_so() {
    let server = MockServer::start().await;
    Mock::given(path(LOGIN))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/html; charset=utf-8")
                .set_body_string("<!DOCTYPE html><html><body>Sign in to continue</body></html>"),
        )
        .mount(&server)
        .await;
    let client = ps_client(&server.uri(), None, fast_net());
    let err = client.login().await.unwrap_err();
    assert!(
        matches!(err, ApiError::HtmlPage { status: 200, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "PhotoShelter answered POST /psapi/v3/mem/authenticate with an HTML page (HTTP 200) instead of data: the base URL probably points at a web page or a sign-in portal; check the URL in Settings › Accounts or `shelflink connect`"
    );
}

#[tokio::test(start_paused = true)]
async fn too_many_requests_waits_for_retry_after_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(path(LOGIN))
        .respond_with(ps_login("tok", serde_json::json!([])))
        .mount(&server)
        .await;
    Mock::given(path("/psapi/v3/mem/image/I0000slow"))
        .respond_with(ps_error(429, "RateLimitErr", "slow down").insert_header("Retry-After", "7"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/psapi/v3/mem/image/I0000slow"))
        .respond_with(ps_ok(
            serde_json::json!({"Image": {"image_id": "I0000slow", "file_name": "a.jpg"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let logs = LogCapture::default();
    let _guard = tracing::subscriber::set_default(logs.subscriber());
    let client = ps_client(&server.uri(), None, paused_net());
    client.login().await.unwrap();
    let started = tokio::time::Instant::now();
    let image = client
        .image(&ImageId::from("I0000slow"), None, None)
        .await
        .unwrap();
    assert_eq!(image.file_name, "a.jpg");
    assert!(
        started.elapsed() >= Duration::from_secs(7),
        "waited {:?}",
        started.elapsed()
    );
    assert!(logs.text().contains("delay_ms=7000"), "{}", logs.text());
}

#[tokio::test(start_paused = true)]
async fn a_huge_retry_after_is_capped() {
    let server = MockServer::start().await;
    Mock::given(path(LOGIN))
        .respond_with(ps_login("tok", serde_json::json!([])))
        .mount(&server)
        .await;
    Mock::given(path("/psapi/v3/mem/image/I0000slow"))
        .respond_with(
            ps_error(429, "RateLimitErr", "slow down").insert_header("Retry-After", "86400"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/psapi/v3/mem/image/I0000slow"))
        .respond_with(ps_ok(
            serde_json::json!({"Image": {"image_id": "I0000slow"}}),
        ))
        .mount(&server)
        .await;
    let logs = LogCapture::default();
    let _guard = tracing::subscriber::set_default(logs.subscriber());
    let client = ps_client(&server.uri(), None, paused_net());
    client
        .image(&ImageId::from("I0000slow"), None, None)
        .await
        .unwrap();
    assert!(logs.text().contains("delay_ms=60000"), "{}", logs.text());
}

#[tokio::test]
async fn server_errors_are_retried_a_bounded_number_of_times() {
    let server = MockServer::start().await;
    Mock::given(path(LOGIN))
        .respond_with(ps_login("tok", serde_json::json!([])))
        .mount(&server)
        .await;
    Mock::given(path("/psapi/v3/mem/image/I0000down"))
        .respond_with(ps_error(503, "ServerErr", "maintenance"))
        .expect(4)
        .mount(&server)
        .await;
    let client = ps_client(&server.uri(), None, fast_net());
    let err = client
        .image(&ImageId::from("I0000down"), None, None)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ApiError::Server { status: 503, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("retrying did not help"), "{err}");
}

#[tokio::test]
async fn an_unsafe_write_is_not_repeated_after_a_server_error() {
    let server = MockServer::start().await;
    Mock::given(path(LOGIN))
        .respond_with(ps_login("tok", serde_json::json!([])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/psapi/v3/mem/gallery/insert"))
        .respond_with(ps_error(502, "ServerErr", "bad gateway"))
        .expect(1)
        .mount(&server)
        .await;
    let client = ps_client(&server.uri(), None, fast_net());
    let new = NewGallery {
        name: "Press kit".into(),
        parent: None,
        listed: false,
        visibility: Visibility::Permission,
    };
    let err = client
        .create_gallery(&new, Replay::Unsafe)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ApiError::Server { status: 502, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn adding_keywords_keeps_every_keyword_already_there() {
    let server = MockServer::start().await;
    Mock::given(path(LOGIN))
        .respond_with(ps_login("tok", serde_json::json!([])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/psapi/v3/mem/image/I0000kw/iptc"))
        .respond_with(ps_ok(
            serde_json::json!({"Iptc": {"keyword": "studio, Hoodie", "caption": "Red"}}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/psapi/v3/mem/image/I0000kw/iptc/update"))
        .and(body_string_contains("keyword=studio%2C+Hoodie%2C+SKU-100"))
        .respond_with(ps_ok(
            serde_json::json!({"Iptc": {"keyword": "studio, Hoodie, SKU-100", "caption": "Red"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = ps_client(&server.uri(), None, fast_net());
    let image = ImageId::from("I0000kw");
    let merged = client
        .merge_keywords(&image, &["SKU-100".into(), "hoodie".into()], &[])
        .await
        .unwrap();
    assert!(merged.written);
    assert_eq!(merged.keywords, ["studio", "Hoodie", "SKU-100"]);
    let again = client
        .merge_keywords(&image, &["studio".into()], &[])
        .await
        .unwrap();
    assert!(!again.written, "nothing to change, nothing written");
}
