//! The real system keyring (Secret Service on Linux): secrets kept by one store are read
//! back by another, a connected account's client is built from them, and deleting works.
//!
//! Ignored unless asked for: it needs a D-Bus session with an unlocked Secret Service, and
//! then it must pass (an unavailable keyring fails it). Run it as README.md says
//! ("Testing with the system keyring").

mod clients_support;

use clients_support::*;
use secrecy::{ExposeSecret, SecretString};
use shelflink::accounts::{
    ConnectRequest, Credentials, KeyringStore, SecretKind, SecretStore, connect,
    photoshelter_client,
};
use shelflink::net::Service;
use shelflink::photoshelter::ImageId;
use wiremock::matchers::{body_string_contains, header, path};
use wiremock::{Mock, MockServer};

fn store() -> KeyringStore {
    KeyringStore::with_service(format!("shelflink-test-{}", std::process::id()))
}

#[test]
#[ignore = "needs a D-Bus session with an unlocked Secret Service (see README.md)"]
fn secrets_kept_in_the_keyring_are_read_back_by_a_new_store() {
    let account = "photoshelter:editor@example.org@127.0.0.1:1";
    let first = store();
    first
        .set(account, SecretKind::ApiKey, &SecretString::from(PS_KEY))
        .expect("the system keyring must be available for this test");
    first
        .set(
            account,
            SecretKind::Password,
            &SecretString::from(PS_PASSWORD),
        )
        .unwrap();

    let second = store();
    let key = second
        .get(account, SecretKind::ApiKey)
        .unwrap()
        .expect("the API key was kept");
    assert_eq!(key.expose_secret(), PS_KEY);
    let password = second.get(account, SecretKind::Password).unwrap().unwrap();
    assert_eq!(password.expose_secret(), PS_PASSWORD);
    assert!(second.get(account, SecretKind::Token).unwrap().is_none());

    second.delete(account, SecretKind::ApiKey).unwrap();
    second.delete(account, SecretKind::Password).unwrap();
    second.delete(account, SecretKind::Password).unwrap();
    assert!(first.get(account, SecretKind::ApiKey).unwrap().is_none());
    assert!(first.get(account, SecretKind::Password).unwrap().is_none());
}

#[tokio::test]
#[ignore = "needs a D-Bus session with an unlocked Secret Service (see README.md)"]
async fn a_connected_account_works_again_from_the_keyring_alone() {
    let server = MockServer::start().await;
    Mock::given(path("/psapi/v3/mem/authenticate"))
        .and(header("X-PS-Api-Key", PS_KEY))
        .and(body_string_contains("password=ps-pass-Qx81"))
        .respond_with(ps_login("tok", serde_json::json!([])))
        .mount(&server)
        .await;
    Mock::given(path("/psapi/v3/mem/collection/root/children"))
        .respond_with(ps_ok(
            serde_json::json!({"Children": {"Collection": [], "Gallery": []}}),
        ))
        .mount(&server)
        .await;
    Mock::given(path("/psapi/v3/mem/authenticate/logout"))
        .respond_with(ps_ok(serde_json::json!({})))
        .mount(&server)
        .await;
    Mock::given(path("/psapi/v3/mem/image/I0000kr"))
        .respond_with(ps_ok(
            serde_json::json!({"Image": {"image_id": "I0000kr", "file_name": "k.jpg"}}),
        ))
        .mount(&server)
        .await;
    let home = tempfile::tempdir().unwrap();
    let keyring = store();
    let request = ConnectRequest {
        service: Service::PhotoShelter,
        base_url: server.uri(),
        user: PS_EMAIL.into(),
        organization: None,
        credentials: Credentials {
            api_key: Some(SecretString::from(PS_KEY)),
            password: Some(SecretString::from(PS_PASSWORD)),
        },
        mapping: None,
        net: fast_net(),
    };
    let connected = connect(&request, home.path(), &keyring)
        .await
        .expect("connect");
    let settings_text = std::fs::read_to_string(home.path().join("settings.json")).unwrap();
    assert!(!settings_text.contains(PS_KEY) && !settings_text.contains(PS_PASSWORD));

    let client = photoshelter_client(&connected.account, &store(), fast_net()).unwrap();
    let image = client
        .image(&ImageId::from("I0000kr"), None, None)
        .await
        .unwrap();
    assert_eq!(image.file_name, "k.jpg");

    for kind in [SecretKind::ApiKey, SecretKind::Password] {
        keyring.delete(&connected.account.id, kind).unwrap();
    }
}
