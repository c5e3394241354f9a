use super::*;
use crate::accounts::MemoryStore;
use crate::workspace::{Workspace, WorkspaceKind};
use secrecy::ExposeSecret;

async fn sim() -> shelflink_sim::RunningSim {
    shelflink_sim::start(shelflink_sim::SimOptions {
        seed: shelflink_sim::SeedSource::Synthetic(4),
        ..shelflink_sim::SimOptions::default()
    })
    .await
    .expect("the simulator starts")
}

fn allportal(sim: &shelflink_sim::RunningSim) -> AccountConnectRequest {
    let c = &sim.credentials.allportal;
    AccountConnectRequest {
        service: AccountService::Allportal,
        base_url: sim.allportal.base_url.clone(),
        user: c.username.clone(),
        organization: None,
        api_key: Some(c.api_key.clone()),
        password: Some(c.password.clone()),
        mapping: None,
    }
}

#[tokio::test]
async fn connecting_keeps_the_secrets_in_the_store_and_answers_without_them() {
    let sim = sim().await;
    let home = tempfile::tempdir().unwrap();
    let ws = Workspace::open(home.path(), WorkspaceKind::Live).unwrap();
    let store = MemoryStore::new();
    let c = sim.credentials.allportal.clone();

    let connected = connect_with(&ws, allportal(&sim), &store).await.unwrap();

    assert_eq!(connected.account.stored, ["api_key", "password"]);
    assert_eq!(connected.account.service, AccountService::Allportal);
    let answer = serde_json::to_string(&connected).unwrap();
    assert!(!answer.contains(&c.api_key) && !answer.contains(&c.password));
    let id = &connected.account.id;
    assert_eq!(
        store
            .get(id, SecretKind::Password)
            .unwrap()
            .unwrap()
            .expose_secret(),
        c.password
    );
    let listed = list(&ws, AccountsListRequest {}).await.unwrap();
    assert_eq!(listed.accounts, std::slice::from_ref(&connected.account));
    assert!(!listed.for_live_workspace);
    let mapping = listed.accounts[0].mapping.as_ref().unwrap();
    assert_eq!(mapping["product"]["sku"], "article_number");

    let after = remove_with(&ws, AccountRemoveRequest { id: id.clone() }, &store).unwrap();
    assert!(after.accounts.is_empty());
    assert!(store.get(id, SecretKind::ApiKey).unwrap().is_none());
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_nothing_is_kept() {
    let sim = sim().await;
    let home = tempfile::tempdir().unwrap();
    let ws = Workspace::open(home.path(), WorkspaceKind::Live).unwrap();
    let store = MemoryStore::new();
    let mut request = allportal(&sim);
    request.password = Some("not-the-password".into());

    let err = connect_with(&ws, request, &store).await.unwrap_err();

    assert_eq!(err.code, ErrorCode::Refused);
    assert!(!err.message.contains("not-the-password"));
    assert!(
        list(&ws, AccountsListRequest {})
            .await
            .unwrap()
            .accounts
            .is_empty()
    );
}

#[tokio::test]
async fn a_mapping_is_checked_against_the_instance_and_kept_only_when_it_fits() {
    let sim = sim().await;
    let home = tempfile::tempdir().unwrap();
    let ws = Workspace::open(home.path(), WorkspaceKind::Live).unwrap();
    let store = MemoryStore::new();
    let id = connect_with(&ws, allportal(&sim), &store)
        .await
        .unwrap()
        .account
        .id;
    let mut mapping = serde_json::to_value(FieldMapping::default()).unwrap();
    mapping["product"]["sku"] = "sku_code".into();

    let err = validate_mapping_with(
        &ws,
        MappingValidateRequest {
            account: id.clone(),
            mapping,
        },
        &store,
    )
    .await
    .unwrap_err();
    assert!(err.message.contains("sku_code"), "{}", err.message);

    let ok = validate_mapping_with(
        &ws,
        MappingValidateRequest {
            account: id.clone(),
            mapping: serde_json::json!({"product": {"colour": null}}),
        },
        &store,
    )
    .await
    .unwrap();
    assert!(ok.modules.contains(&"product".to_owned()));
    let saved = &list(&ws, AccountsListRequest {}).await.unwrap().accounts[0];
    assert_eq!(
        saved.mapping.as_ref().unwrap()["product"]["colour"],
        serde_json::Value::Null
    );
}

#[tokio::test]
async fn accounts_connected_from_the_demo_workspace_are_kept_for_the_live_one() {
    let home = tempfile::tempdir().unwrap();
    let demo = Workspace::open(&crate::paths::demo_dir(home.path()), WorkspaceKind::Demo).unwrap();
    let mut settings = Settings::default();
    settings.upsert_account(Account::new(
        Service::PhotoShelter,
        "https://ps.example",
        "ana@example.org",
    ));
    settings.save(&Settings::path_in(home.path())).unwrap();

    let listed = list(&demo, AccountsListRequest {}).await.unwrap();

    assert!(listed.for_live_workspace);
    assert_eq!(listed.accounts.len(), 1);
    assert_eq!(listed.accounts[0].user, "ana@example.org");
    assert!(listed.accounts[0].mapping.is_none());
}
