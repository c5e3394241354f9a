//! Accounts without the system keyring (the in-memory store): connecting picks the one
//! organization and keeps secrets in the store and the rest in the settings; a saved
//! account gives back working clients; a kept PhotoShelter session is resumed without
//! signing in, and an expired one is replaced by one sign-in.

mod clients_support;

use clients_support::*;
use secrecy::{ExposeSecret, SecretString};
use shelflink::accounts::{
    ConnectRequest, Credentials, MemoryStore, SecretKind, SecretStore, allportal_client, connect,
    photoshelter_client, remember_session,
};
use shelflink::net::Service;
use shelflink::photoshelter::ImageId;
use shelflink::settings::Settings;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer};

const ORG: &str = "O0000Brand.Co";

async fn photoshelter(server: &MockServer, logins: u64) {
    let orgs = serde_json::json!({"id": ORG, "name": "Brand Co", "member": "t"});
    Mock::given(path("/psapi/v3/mem/authenticate"))
        .respond_with(ps_login("tok-fresh", orgs))
        .expect(logins)
        .mount(server)
        .await;
    Mock::given(path(format!(
        "/psapi/v3/mem/organization/{ORG}/authenticate"
    )))
    .respond_with(ps_ok(serde_json::json!({})))
    .mount(server)
    .await;
    Mock::given(path("/psapi/v3/mem/collection/root/children"))
        .respond_with(ps_ok(serde_json::json!({"Children": {"Gallery": [{"gallery_id": "G0000a", "name": "Spring"}]}})))
        .mount(server)
        .await;
    Mock::given(path("/psapi/v3/mem/authenticate/logout"))
        .respond_with(ps_ok(serde_json::json!({})))
        .mount(server)
        .await;
    Mock::given(path("/psapi/v3/mem/image/I0000a"))
        .and(header("X-PS-Auth-Token", "tok-expired"))
        .respond_with(ps_error(401, "SessionRequiredErr", "Login required"))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/psapi/v3/mem/image/I0000a"))
        .respond_with(ps_ok(
            serde_json::json!({"Image": {"image_id": "I0000a", "file_name": "a.jpg"}}),
        ))
        .mount(server)
        .await;
}

fn request(uri: &str) -> ConnectRequest {
    ConnectRequest {
        service: Service::PhotoShelter,
        base_url: uri.to_string(),
        user: PS_EMAIL.into(),
        organization: None,
        credentials: Credentials {
            api_key: Some(SecretString::from(PS_KEY)),
            password: Some(SecretString::from(PS_PASSWORD)),
        },
        mapping: None,
        net: fast_net(),
    }
}

#[tokio::test]
async fn connecting_keeps_secrets_in_the_store_and_the_account_in_the_settings() {
    let server = MockServer::start().await;
    photoshelter(&server, 1).await;
    let home = tempfile::tempdir().unwrap();
    let store = MemoryStore::new();
    let connected = connect(&request(&server.uri()), home.path(), &store)
        .await
        .unwrap();
    let account = &connected.account;
    assert_eq!(
        account.organization.as_ref().map(|o| o.id.as_str()),
        Some(ORG)
    );
    assert!(
        connected
            .notes
            .iter()
            .any(|n| n.contains("organization Brand Co")),
        "{:?}",
        connected.notes
    );
    assert_eq!(account.secrets, [SecretKind::ApiKey, SecretKind::Password]);
    let key = store.get(&account.id, SecretKind::ApiKey).unwrap().unwrap();
    assert_eq!(key.expose_secret(), PS_KEY);

    let settings = Settings::load(&home.path().join("settings.json")).unwrap();
    assert_eq!(settings.accounts, vec![account.clone()]);
    let text = std::fs::read_to_string(home.path().join("settings.json")).unwrap();
    assert!(!text.contains(PS_KEY) && !text.contains(PS_PASSWORD));
}

#[tokio::test]
async fn connecting_a_service_again_at_a_new_address_replaces_its_account_and_secrets() {
    let old_server = MockServer::start().await;
    photoshelter(&old_server, 1).await;
    let new_server = MockServer::start().await;
    photoshelter(&new_server, 1).await;
    let home = tempfile::tempdir().unwrap();
    let store = MemoryStore::new();
    let old = connect(&request(&old_server.uri()), home.path(), &store)
        .await
        .unwrap()
        .account;
    let new = connect(&request(&new_server.uri()), home.path(), &store)
        .await
        .unwrap()
        .account;

    assert_ne!(old.id, new.id);
    let settings = Settings::load(&home.path().join("settings.json")).unwrap();
    assert_eq!(settings.accounts, vec![new.clone()]);
    assert!(store.get(&old.id, SecretKind::ApiKey).unwrap().is_none());
    assert!(store.get(&old.id, SecretKind::Password).unwrap().is_none());
    let key = store.get(&new.id, SecretKind::ApiKey).unwrap().unwrap();
    assert_eq!(key.expose_secret(), PS_KEY);
}

#[tokio::test]
async fn a_kept_session_is_resumed_and_an_expired_one_renewed_once() {
    let server = MockServer::start().await;
    photoshelter(&server, 2).await;
    let home = tempfile::tempdir().unwrap();
    let store = MemoryStore::new();
    let account = connect(&request(&server.uri()), home.path(), &store)
        .await
        .unwrap()
        .account;

    store
        .set(
            &account.id,
            SecretKind::Token,
            &SecretString::from("tok-expired"),
        )
        .unwrap();
    let client = photoshelter_client(&account, &store, fast_net()).unwrap();
    let image = client
        .image(&ImageId::from("I0000a"), None, None)
        .await
        .unwrap();
    assert_eq!(image.file_name, "a.jpg");
    assert_eq!(
        client.organization().map(|o| o.to_string()).as_deref(),
        Some(ORG)
    );
    remember_session(&account, &client, &store).unwrap();
    let kept = store.get(&account.id, SecretKind::Token).unwrap().unwrap();
    assert_eq!(kept.expose_secret(), "tok-fresh");

    let next_run = photoshelter_client(&account, &store, fast_net()).unwrap();
    next_run
        .image(&ImageId::from("I0000a"), None, None)
        .await
        .unwrap();
    // Two sign-ins in all: the connect and the renewal of the expired token; the next run
    // resumed the kept session without signing in.
}

#[tokio::test]
async fn an_api_key_only_4allportal_account_builds_its_client_from_the_store() {
    let server = MockServer::start().await;
    Mock::given(path("/api/modules/product/objects/p1"))
        .and(header("authorization", format!("Bearer {AP_KEY}").as_str()))
        .respond_with(
            wiremock::ResponseTemplate::new(200).set_body_json(
                serde_json::json!({"id": "p1", "article_number": [{"value": "SKU-1"}]}),
            ),
        )
        .mount(&server)
        .await;
    let mut account = shelflink::accounts::Account::new(Service::Allportal, &server.uri(), AP_USER);
    account.secrets = vec![SecretKind::ApiKey];
    let store = MemoryStore::new();
    let missing = allportal_client(&account, &store, fast_net()).unwrap_err();
    assert!(
        missing
            .to_string()
            .contains("API key of allportal:api-user@"),
        "{missing}"
    );
    store
        .set(&account.id, SecretKind::ApiKey, &SecretString::from(AP_KEY))
        .unwrap();
    let client = allportal_client(&account, &store, fast_net()).unwrap();
    assert!(!client.has_password());
    let product = client.object("product", &"p1".into(), &[]).await.unwrap();
    assert_eq!(product.text("article_number"), Some("SKU-1"));
}
