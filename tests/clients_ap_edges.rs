//! 4ALLPORTAL client against hand-made answers: paging over offset/limit, the session
//! (base64 password, CESESSID cookie) renewed once on 401 in the middle of paging, a
//! refused API key, mapping validation, PATCH replays, the events feed and HTML pages.

mod clients_support;

use base64::Engine;
use clients_support::*;
use futures::TryStreamExt;
use shelflink::allportal::{FieldMapping, ListOptions, ObjectId, ObjectPatch};
use shelflink::net::ApiError;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PRODUCTS: &str = "/api/modules/product/objects";
const LOGIN: &str = "/service/usermanagement/login";

fn product(n: usize) -> serde_json::Value {
    serde_json::json!({
        "id": format!("00000000-0000-4000-8000-{n:012}"), "module": "product", "type": "default",
        "mod_time": "2024-05-02T10:15:30Z", "mod_time_img": [{"value": "2024-05-02T10:15:30Z"}],
        "article_number": [{"value": format!("SKU-{n}")}]
    })
}

fn list(range: std::ops::Range<usize>, total: usize) -> ResponseTemplate {
    let result: Vec<_> = range.map(product).collect();
    ResponseTemplate::new(200)
        .set_body_json(serde_json::json!({"total_count": total, "result": result}))
}

fn login_ok(session: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({"code": 0, "session": session}))
}

#[tokio::test]
async fn objects_are_listed_page_by_page_with_the_api_key() {
    let server = MockServer::start().await;
    for (offset, range) in [(0, 0..2), (2, 2..4), (4, 4..5)] {
        Mock::given(method("GET"))
            .and(path(PRODUCTS))
            .and(header("authorization", format!("Bearer {AP_KEY}").as_str()))
            .and(query_param("offset", offset.to_string().as_str()))
            .and(query_param("limit", "2"))
            .and(query_param("totalCount", "true"))
            .and(query_param("fields", "article_number"))
            .respond_with(list(range, 5))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = ap_client_key(&server.uri(), fast_net());
    let options = ListOptions {
        fields: vec!["article_number".into()],
        page_size: 2,
        ..ListOptions::default()
    };
    let all: Vec<_> = client
        .objects("product", &options)
        .try_collect()
        .await
        .unwrap();
    let skus: Vec<_> = all
        .iter()
        .map(|o| o.text("article_number").unwrap())
        .collect();
    assert_eq!(skus, ["SKU-0", "SKU-1", "SKU-2", "SKU-3", "SKU-4"]);
}

#[tokio::test]
async fn an_expired_session_is_renewed_once_in_the_middle_of_paging() {
    let server = MockServer::start().await;
    let encoded = base64::engine::general_purpose::STANDARD.encode(AP_PASSWORD);
    Mock::given(method("POST"))
        .and(path(LOGIN))
        .and(body_json(
            serde_json::json!({"username": AP_USER, "password": encoded, "language": "en_US"}),
        ))
        .respond_with(login_ok("sess-one"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(LOGIN))
        .respond_with(login_ok("sess-two"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path(PRODUCTS))
        .and(query_param("offset", "0"))
        .and(header("cookie", "CESESSID=sess-one"))
        .respond_with(list(0..2, 4))
        .mount(&server)
        .await;
    Mock::given(path(PRODUCTS))
        .and(query_param("offset", "2"))
        .and(header("cookie", "CESESSID=sess-one"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "timestamp": "2024-05-02T10:15:30.123+00:00", "status": 401, "error": "Unauthorized",
            "message": "session expired", "path": PRODUCTS
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path(PRODUCTS))
        .and(query_param("offset", "2"))
        .and(header("cookie", "CESESSID=sess-two"))
        .respond_with(list(2..4, 4))
        .expect(1)
        .mount(&server)
        .await;
    let client = ap_client_password(&server.uri(), fast_net());
    let options = ListOptions {
        page_size: 2,
        ..ListOptions::default()
    };
    let all: Vec<_> = client
        .objects("product", &options)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[3].text("article_number"), Some("SKU-3"));
}

#[tokio::test]
async fn a_refused_api_key_is_reported_once_with_what_to_do() {
    let server = MockServer::start().await;
    Mock::given(path(PRODUCTS))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    let client = ap_client_key(&server.uri(), fast_net());
    let err = client
        .objects_all("product", &ListOptions::default())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "4ALLPORTAL refused the API key (401): check Settings › Accounts or `shelflink connect`"
    );
}

#[tokio::test]
async fn a_wrong_password_is_a_refused_sign_in() {
    let server = MockServer::start().await;
    Mock::given(path(LOGIN))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"code": -1, "message": "Login not possible"})),
        )
        .mount(&server)
        .await;
    let client = ap_client_password(&server.uri(), fast_net());
    let err = client.login().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "4ALLPORTAL refused the user name or password: check Settings › Accounts or `shelflink connect`"
    );
}

#[tokio::test]
async fn a_mapped_field_missing_on_the_instance_is_named_with_its_module() {
    let server = MockServer::start().await;
    let field = |name: &str| serde_json::json!({"name": name, "type": "CEVarchar"});
    let product_fields: Vec<_> = FieldMapping::default()
        .mapped_fields()
        .into_iter()
        .filter(|(m, f, _)| m == "product" && f != "color")
        .map(|(_, f, _)| field(&f))
        .collect();
    Mock::given(path("/api/modules/product"))
        .and(query_param("groups", "fields"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"name": "product", "fields": product_fields})),
        )
        .mount(&server)
        .await;
    let client = ap_client_key(&server.uri(), fast_net());
    let err = client
        .validate_mapping(&FieldMapping::default())
        .await
        .unwrap_err();
    match &err {
        ApiError::MissingField {
            module,
            field,
            role,
        } => {
            assert_eq!(
                (module.as_str(), field.as_str(), role.as_str()),
                ("product", "color", "the colour")
            );
        }
        other => panic!("expected a missing field, got {other:?}"),
    }
    assert!(
        err.to_string()
            .contains("module `product` has no field `color`"),
        "{err}"
    );
}

#[tokio::test]
async fn a_patch_naming_its_ids_is_replayed_after_a_server_error_and_one_without_is_not() {
    let server = MockServer::start().await;
    let with_id = serde_json::json!([{"id": "p1", "campaigns": [{"value": ["SS25"]}]}]);
    Mock::given(method("PATCH"))
        .and(path(PRODUCTS))
        .and(body_json(with_id))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(PRODUCTS))
        .and(body_json(
            serde_json::json!([{"id": "p1", "campaigns": [{"value": ["SS25"]}]}]),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(["p1"])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(PRODUCTS))
        .and(body_json(
            serde_json::json!([{"article_number": [{"value": "SKU-NEW"}]}]),
        ))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let client = ap_client_key(&server.uri(), fast_net());
    let update = ObjectPatch::update(ObjectId::from("p1")).list("campaigns", ["SS25"]);
    assert_eq!(
        client.upsert("product", &[update]).await.unwrap(),
        [ObjectId::from("p1")]
    );
    let create = ObjectPatch::create().text("article_number", "SKU-NEW");
    let err = client.upsert("product", &[create]).await.unwrap_err();
    assert!(
        matches!(err, ApiError::Server { status: 503, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_events_feed_uses_the_session_and_reports_a_changed_connector() {
    let server = MockServer::start().await;
    Mock::given(path(LOGIN))
        .respond_with(login_ok("sess-ev"))
        .mount(&server)
        .await;
    Mock::given(path("/rest/PAPRemoteService/getConnectorConfig"))
        .and(body_json(serde_json::json!(["sess-ev", "shelflink_file"])))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "code": 0, "result": {"connector_name": "shelflink_file", "config_hash": "8af6",
                                  "moduleConfig": {"module_name": "file"}}})))
        .mount(&server)
        .await;
    Mock::given(path("/rest/PAPRemoteService/getEvents"))
        .and(body_json(serde_json::json!([
            "sess-ev",
            "shelflink_file",
            11,
            "8af6"
        ])))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"code": 0, "result": [
            {"id": 11, "mod_time": "2024/05/02 10:15:30", "module_name": "file", "object_id": "f-1",
             "object_type": 0, "event_type": 2}]}),
        ))
        .mount(&server)
        .await;
    Mock::given(path("/rest/PAPRemoteService/getEvents"))
        .and(body_json(serde_json::json!([
            "sess-ev",
            "shelflink_file",
            12,
            "8af6"
        ])))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"code": 0, "result": []})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/rest/PAPRemoteService/getEvents"))
        .and(body_json(serde_json::json!([
            "sess-ev",
            "shelflink_file",
            1,
            "old-hash"
        ])))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"code": -1, "message": "config hash mismatch"})),
        )
        .mount(&server)
        .await;
    let client = ap_client_password(&server.uri(), fast_net());
    let config = client.connector_config("shelflink_file").await.unwrap();
    assert_eq!(config.config_hash, "8af6");
    let events = client
        .events_after("shelflink_file", 10, &config.config_hash)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].object_id.as_str(), "f-1");
    let err = client
        .events("shelflink_file", 1, "old-hash")
        .await
        .unwrap_err();
    assert!(
        matches!(err, ApiError::FeedChanged { ref connector } if connector == "shelflink_file"),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_html_page_where_objects_were_expected_is_an_error_that_says_so() {
    let server = MockServer::start().await;
    Mock::given(path(PRODUCTS))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("<html><head><title>Login</title></head></html>"),
        )
        .mount(&server)
        .await;
    let client = ap_client_key(&server.uri(), fast_net());
    let err = client
        .objects_all("product", &ListOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, ApiError::HtmlPage { status: 200, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("GET /api/modules/product/objects"),
        "{err}"
    );
}
