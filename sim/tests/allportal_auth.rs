//! 4ALLPORTAL authentication contract (§2, A2): API key, session login with base64
//! password, the session as `CESESSID` cookie and as first legacy parameter, logout, idle
//! expiry, 401/403 per §2.5, and both error shapes.

mod allportal_support;

use allportal_support::*;
use base64::Engine;
use reqwest::Method;
use serde_json::{Value, json};
use shelflink_sim::allportal::AllportalSettings;

const PRODUCTS: &str = "/api/modules/product/objects";

#[tokio::test]
async fn an_api_key_opens_the_api_and_missing_or_unknown_keys_get_401_in_spring_boot_json() {
    let sim = start(catalog()).await;
    let ok = sim.req(Method::GET, PRODUCTS).send().await.unwrap();
    assert_eq!(ok.status(), 200);

    let none = sim.http.get(sim.url(PRODUCTS)).send().await.unwrap();
    assert_eq!(none.headers()["www-authenticate"], "Bearer");
    let message = assert_spring_error(none, 401, "Unauthorized", PRODUCTS).await;
    assert!(
        message.contains("Bearer"),
        "says how to authenticate: {message}"
    );

    let unknown = sim
        .http
        .get(sim.url(PRODUCTS))
        .bearer_auth("0d6b2a8e-1c3f-4a5b-9c7d-2e4f6a8b0c1d")
        .send()
        .await
        .unwrap();
    assert_eq!(
        assert_spring_error(unknown, 401, "Unauthorized", PRODUCTS).await,
        "unknown API key"
    );

    let basic = sim
        .http
        .get(sim.url(PRODUCTS))
        .basic_auth(USER, Some(PASSWORD))
        .send()
        .await
        .unwrap();
    assert_spring_error(basic, 401, "Unauthorized", PRODUCTS).await;
}

#[tokio::test]
async fn disabled_and_out_of_validity_keys_get_401_and_missing_module_rights_get_403() {
    let sim = start(catalog()).await;
    let disabled = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
    let expired = "6fa459ea-ee8a-4ca4-894e-db77e160355e";
    let files_only = "9c5b94b1-35ad-49bb-b118-8e8fc24abf80";
    for body in [
        json!({"username": "intern", "api_key": disabled, "enabled": false}),
        json!({"username": "old.agency", "api_key": expired, "valid_until": "2020-01-01T00:00:00Z"}),
        json!({"username": "dam.only", "api_key": files_only, "rights": {"file": ["read"]}}),
    ] {
        let res = sim
            .http
            .post(sim.url("/_sim/allportal/accounts"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{body}");
    }
    let with = |key: &'static str| sim.http.get(sim.url(PRODUCTS)).bearer_auth(key).send();
    let m = assert_spring_error(with(disabled).await.unwrap(), 401, "Unauthorized", PRODUCTS).await;
    assert!(m.contains("disabled"), "{m}");
    let m = assert_spring_error(with(expired).await.unwrap(), 401, "Unauthorized", PRODUCTS).await;
    assert!(m.contains("validity"), "{m}");
    let m = assert_spring_error(with(files_only).await.unwrap(), 403, "Forbidden", PRODUCTS).await;
    assert_eq!(m, "user dam.only has no read right on module product");
    let files = sim
        .http
        .get(sim.url("/api/modules/file/objects"))
        .bearer_auth(files_only)
        .send()
        .await
        .unwrap();
    assert_eq!(files.status(), 200, "the role may read files");
    let write = sim
        .http
        .patch(sim.url("/api/modules/file/objects"))
        .bearer_auth(files_only)
        .json(&json!([{"name": [{"value": "x.jpg"}]}]))
        .send()
        .await
        .unwrap();
    assert_spring_error(write, 403, "Forbidden", "/api/modules/file/objects").await;
}

#[tokio::test]
async fn login_with_a_base64_password_gives_a_session_usable_as_cookie_and_logout_ends_it() {
    let sim = start(catalog()).await;
    let b64 = base64::engine::general_purpose::STANDARD.encode(PASSWORD);
    let body = sim
        .legacy(
            "/service/usermanagement/login",
            json!({"username": USER, "password": b64, "language": "en_US"}),
        )
        .await;
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["code", "session"], "{body}");
    assert_eq!(body["code"], 0);
    let session = body["session"].as_str().unwrap().to_owned();
    assert!(
        session.len() == 32 && session.chars().all(|c| c.is_ascii_hexdigit()),
        "{session}"
    );

    let cookie = format!("theme=dark; CESESSID={session}");
    let listed = sim
        .http
        .get(sim.url(PRODUCTS))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), 200);

    let out = sim
        .legacy("/rest/LoginRemoteService/logout", json!([session]))
        .await;
    assert_eq!(out["code"], 0);
    assert!(out["info"]["start_execution"].is_string());
    let after = sim
        .http
        .get(sim.url(PRODUCTS))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_spring_error(after, 401, "Unauthorized", PRODUCTS).await;
    let again = sim
        .legacy("/rest/LoginRemoteService/logout", json!([session]))
        .await;
    assert_eq!(again["code"], -1, "a second logout is refused");
}

fn assert_legacy_error(body: &Value, code: i64, message: &str) {
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["code", "info", "message"], "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["message"], message);
    let start = body["info"]["start_execution"].as_str().unwrap();
    assert!(
        chrono::NaiveDateTime::parse_from_str(start, "%Y-%m-%d %H:%M:%S").is_ok(),
        "{start}"
    );
    assert!(
        body["info"]["microseconds"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .is_ok()
    );
}

#[tokio::test]
async fn a_wrong_login_gets_the_legacy_failure_envelope() {
    let sim = start(catalog()).await;
    let wrong = base64::engine::general_purpose::STANDARD.encode("guess");
    let body = sim
        .legacy(
            "/service/usermanagement/login",
            json!({"username": USER, "password": wrong, "language": "en_US"}),
        )
        .await;
    assert_legacy_error(&body, -1, "Login not possible");
    let plain = sim
        .legacy(
            "/service/usermanagement/login",
            json!({"username": USER, "password": PASSWORD}),
        )
        .await;
    assert_legacy_error(&plain, -1, "Login not possible");
    let missing = sim
        .legacy("/service/usermanagement/login", json!({"username": USER}))
        .await;
    assert_eq!(missing["code"], 1, "PARAMETER_NOT_SET");
}

#[tokio::test]
async fn legacy_calls_take_the_session_first_and_refuse_unknown_ones_and_unknown_methods() {
    let sim = start(catalog()).await;
    let session = sim.login().await;
    let pap = "/rest/PAPRemoteService/getConnectorConfig";
    let ok = sim.legacy(pap, json!([session, "shelflink_product"])).await;
    assert_eq!(ok["code"], 0);
    let bad = sim
        .legacy(
            pap,
            json!(["0123456789abcdef0123456789abcdef", "shelflink_product"]),
        )
        .await;
    assert_legacy_error(&bad, -1, "unknown session; log in again");
    let missing = sim.legacy(pap, json!([session])).await;
    assert_legacy_error(&missing, 1, "parameter not set: connector_name");
    let unknown = sim
        .legacy("/rest/PAPRemoteService/synchronize", json!([session, "x"]))
        .await;
    assert_legacy_error(&unknown, 2, "function not implemented: synchronize");
}

#[tokio::test]
async fn sessions_expire_when_idle_and_on_the_control_route() {
    let settings = AllportalSettings {
        session_idle_secs: 1,
        ..AllportalSettings::default()
    };
    let sim = start_with(catalog(), settings, |_| {}).await;
    let session = sim.login().await;
    let cookie = format!("CESESSID={session}");
    assert_eq!(
        sim.http
            .get(sim.url(PRODUCTS))
            .header("Cookie", &cookie)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let idle = sim
        .http
        .get(sim.url(PRODUCTS))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    let m = assert_spring_error(idle, 401, "Unauthorized", PRODUCTS).await;
    assert_eq!(m, "the session has expired; log in again");

    let fresh = sim.login().await;
    let res: Value = sim
        .http
        .post(sim.url("/_sim/sessions/expire"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(res["expired"], 1);
    let body = sim
        .legacy(
            "/rest/PAPRemoteService/getConnectorConfig",
            json!([fresh, "shelflink_product"]),
        )
        .await;
    assert_eq!(
        body["code"], -1,
        "an expired session is refused on legacy calls too"
    );
    let key = sim.req(Method::GET, PRODUCTS).send().await.unwrap();
    assert_eq!(key.status(), 200, "API keys have no session to expire");
}

#[tokio::test]
async fn unknown_api_paths_and_methods_answer_in_spring_boot_json() {
    let sim = start(catalog()).await;
    let res = sim
        .req(Method::GET, "/api/nothing/here")
        .send()
        .await
        .unwrap();
    assert_spring_error(res, 404, "Not Found", "/api/nothing/here").await;
    let res = sim.req(Method::POST, PRODUCTS).send().await.unwrap();
    assert_spring_error(res, 405, "Method Not Allowed", PRODUCTS).await;
    let res = sim
        .req(Method::GET, "/api/modules/widget/objects")
        .send()
        .await
        .unwrap();
    let m = assert_spring_error(res, 404, "Not Found", "/api/modules/widget/objects").await;
    assert_eq!(m, "module widget not found");
    let bad_path = "/api/modules/product/objects/%FF";
    let res = sim.req(Method::GET, bad_path).send().await.unwrap();
    assert_spring_error(res, 400, "Bad Request", "/api/modules/product/objects/%FF").await;
    let not_json = sim
        .req(Method::PATCH, PRODUCTS)
        .body("[{")
        .send()
        .await
        .unwrap();
    let m = assert_spring_error(not_json, 400, "Bad Request", PRODUCTS).await;
    assert!(m.starts_with("the body is not valid JSON"), "{m}");
    let health = sim.http.get(sim.url("/health")).send().await.unwrap();
    assert_eq!(health.status(), 200);
}
