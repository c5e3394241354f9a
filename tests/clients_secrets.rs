//! No secret (API key, password, its base64 form, session token, session id) appears in any
//! error message, log line or `Debug` output after sessions of both clients that used real
//! credentials: sign-in, work, expiry and sign-in again, failures of every kind, sign-out.

mod clients_support;

use base64::Engine;
use clients_support::*;
use futures::TryStreamExt;
use secrecy::SecretString;
use shelflink::allportal::{ListOptions, ObjectId};
use shelflink::photoshelter::{GalleryId, ImageId, ImageListOptions, PhotoShelterConfig};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PS_TOKEN_1: &str = "tokSECRETps1a2b3c";
const PS_TOKEN_2: &str = "tokSECRETps9z8y7x";
const AP_SESSION_1: &str = "sessSECRETap0001";
const AP_SESSION_2: &str = "sessSECRETap0002";

fn secrets() -> Vec<String> {
    vec![
        PS_KEY.into(),
        PS_PASSWORD.into(),
        AP_KEY.into(),
        AP_PASSWORD.into(),
        base64::engine::general_purpose::STANDARD.encode(AP_PASSWORD),
        PS_TOKEN_1.into(),
        PS_TOKEN_2.into(),
        AP_SESSION_1.into(),
        AP_SESSION_2.into(),
    ]
}

async fn photoshelter_session(server: &MockServer, seen: &mut Vec<String>) {
    Mock::given(path("/psapi/v3/mem/authenticate"))
        .respond_with(ps_login(PS_TOKEN_1, serde_json::json!([])))
        .up_to_n_times(1)
        .mount(server)
        .await;
    Mock::given(path("/psapi/v3/mem/authenticate"))
        .respond_with(ps_login(PS_TOKEN_2, serde_json::json!([])))
        .mount(server)
        .await;
    Mock::given(path("/psapi/v3/mem/gallery/G0000a/images"))
        .and(header("X-PS-Auth-Token", PS_TOKEN_1))
        .respond_with(ps_error(401, "SessionRequiredErr", "Login required"))
        .mount(server)
        .await;
    Mock::given(path("/psapi/v3/mem/gallery/G0000a/images"))
        .respond_with(ps_ok(
            serde_json::json!({"GalleryImage": [{"image_id": "I0000x"}], "Paging": {"page": 1}}),
        ))
        .mount(server)
        .await;
    Mock::given(path("/psapi/v3/mem/image/I0000gone"))
        .respond_with(ps_error(404, "NotFoundErr", "no such image"))
        .mount(server)
        .await;
    Mock::given(path("/psapi/v3/mem/image/I0000html"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<!doctype html><html></html>"))
        .mount(server)
        .await;
    Mock::given(path("/psapi/v3/mem/image/I0000bad"))
        .respond_with(ps_ok(serde_json::json!({"Image": {"image_id": 12}})))
        .mount(server)
        .await;
    Mock::given(path("/psapi/v3/mem/authenticate/logout"))
        .respond_with(ps_ok(serde_json::json!({})))
        .mount(server)
        .await;

    let config = PhotoShelterConfig {
        base_url: server.uri().parse().unwrap(),
        api_key: SecretString::from(PS_KEY),
        email: PS_EMAIL.into(),
        password: SecretString::from(PS_PASSWORD),
        organization: None,
        net: fast_net(),
    };
    seen.push(format!("{config:?}"));
    let client = shelflink::photoshelter::PhotoShelterClient::new(config).unwrap();
    let images: Vec<_> = client
        .gallery_images(&GalleryId::from("G0000a"), &ImageListOptions::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        images.len(),
        1,
        "the session was renewed and the listing worked"
    );
    seen.push(format!("{client:?}"));
    for id in ["I0000gone", "I0000html", "I0000bad"] {
        let err = client
            .image(&ImageId::from(id), None, None)
            .await
            .unwrap_err();
        seen.push(err.to_string());
        seen.push(format!("{err:?}"));
    }
    client.logout().await.unwrap();
    seen.push(format!("{client:?}"));
}

async fn allportal_session(server: &MockServer, seen: &mut Vec<String>) {
    let login = |s: &str| {
        ResponseTemplate::new(200).set_body_json(serde_json::json!({"code": 0, "session": s}))
    };
    Mock::given(path("/service/usermanagement/login"))
        .respond_with(login(AP_SESSION_1))
        .up_to_n_times(1)
        .mount(server)
        .await;
    Mock::given(path("/service/usermanagement/login"))
        .respond_with(login(AP_SESSION_2))
        .mount(server)
        .await;
    Mock::given(path("/api/modules/product/objects"))
        .and(header(
            "cookie",
            format!("CESESSID={AP_SESSION_1}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(401))
        .mount(server)
        .await;
    Mock::given(path("/api/modules/product/objects"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"result": [{"id": "p1"}]})),
        )
        .mount(server)
        .await;
    Mock::given(path("/api/modules/file/objects/f-1/media/Original"))
        .respond_with(ResponseTemplate::new(500).set_body_string("boom"))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path("/rest/PAPRemoteService/getEvents"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"code": -1, "message": "denied"})),
        )
        .mount(server)
        .await;
    Mock::given(path("/rest/LoginRemoteService/logout"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"code": 0})))
        .mount(server)
        .await;
    Mock::given(path("/api/modules/user/objects"))
        .and(query_param("offset", "0"))
        .respond_with(ResponseTemplate::new(401))
        .mount(server)
        .await;

    let client = ap_client_password(&server.uri(), fast_net());
    let products = client
        .objects_all("product", &ListOptions::default())
        .await
        .unwrap();
    assert_eq!(
        products.len(),
        1,
        "the session was renewed and the listing worked"
    );
    seen.push(format!("{client:?}"));
    let dir = tempfile::tempdir().unwrap();
    let err = client
        .download_media(
            "file",
            &ObjectId::from("f-1"),
            "Original",
            &dir.path().join("f"),
        )
        .await
        .unwrap_err();
    seen.push(err.to_string());
    seen.push(format!("{err:?}"));
    let err = client.events("shelflink_file", 1, "h").await.unwrap_err();
    seen.push(err.to_string());
    seen.push(format!("{err:?}"));
    client.logout().await.unwrap();

    let with_key = ap_client_key(&server.uri(), fast_net());
    let err = with_key
        .objects_all("user", &ListOptions::default())
        .await
        .unwrap_err();
    seen.push(err.to_string());
    seen.push(format!("{err:?}"));
    seen.push(format!("{with_key:?}"));
}

#[tokio::test(flavor = "current_thread")]
async fn no_secret_shows_in_errors_logs_or_debug_output() {
    let logs = LogCapture::default();
    let _guard = tracing::subscriber::set_default(logs.subscriber());
    let ps = MockServer::start().await;
    let ap = MockServer::start().await;
    let mut seen = Vec::new();
    photoshelter_session(&ps, &mut seen).await;
    allportal_session(&ap, &mut seen).await;

    let log_text = logs.text();
    assert!(
        log_text.contains("signing in again"),
        "the logs were captured: {log_text}"
    );
    assert!(
        log_text.contains("/psapi/v3/mem/gallery/G0000a/images"),
        "{log_text}"
    );
    for secret in secrets() {
        assert!(
            !log_text.contains(&secret),
            "a secret is in the log:\n{log_text}"
        );
        for text in &seen {
            assert!(!text.contains(&secret), "a secret is in `{text}`");
        }
    }
}
