//! 4ALLPORTAL PAP connector contract (§4.3, §9, A12): connector and module config, events
//! with sequential ids, compaction to the newest event per object, batches of at most 1000,
//! rebuild from id 0, the config hash check, and beans.

mod allportal_support;

use allportal_support::*;
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

const PAP: &str = "/rest/PAPRemoteService";

async fn config_hash(sim: &Sim, session: &str, connector: &str) -> String {
    let c = sim
        .legacy(
            &format!("{PAP}/getConnectorConfig"),
            json!([session, connector]),
        )
        .await;
    c["result"]["config_hash"].as_str().unwrap().to_owned()
}

async fn events(sim: &Sim, session: &str, connector: &str, first: u64) -> Vec<Value> {
    let hash = config_hash(sim, session, connector).await;
    let body = sim
        .legacy(
            &format!("{PAP}/getEvents"),
            json!([session, connector, first, hash]),
        )
        .await;
    assert_eq!(body["code"], 0, "{body}");
    body["result"].as_array().unwrap().clone()
}

/// Reads every event from `first` on, in batches, like a PAP client.
async fn drain(sim: &Sim, session: &str, connector: &str, first: u64) -> (Vec<Value>, Vec<usize>) {
    let mut all = Vec::new();
    let mut batches = Vec::new();
    let mut next = first;
    loop {
        let batch = events(sim, session, connector, next).await;
        if batch.is_empty() {
            return (all, batches);
        }
        batches.push(batch.len());
        next = batch.last().unwrap()["id"].as_u64().unwrap() + 1;
        all.extend(batch);
    }
}

#[tokio::test]
async fn connector_and_module_config_have_the_documented_shape() {
    let sim = start(catalog()).await;
    let session = sim.login().await;
    let body = sim
        .legacy(
            &format!("{PAP}/getConnectorConfig"),
            json!([session, "shelflink_file"]),
        )
        .await;
    assert_eq!(body["code"], 0);
    let r = &body["result"];
    let mut keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "conditions",
            "config_hash",
            "connector_name",
            "derivates",
            "eventTypeConditions",
            "fieldsToLoad",
            "moduleConfig",
            "userId",
            "view_name"
        ]
    );
    assert_eq!(r["connector_name"], "shelflink_file");
    assert_eq!(r["conditions"], json!([]));
    assert_eq!(r["eventTypeConditions"], json!([]));
    assert_eq!(r["view_name"], "connector_shelflink_file");
    assert_eq!(r["derivates"], json!(["small", "medium", "large"]));
    assert!(r["userId"].is_string());
    let hash = r["config_hash"].as_str().unwrap();
    assert!(
        hash.len() == 32 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "an MD5: {hash}"
    );
    assert_eq!(r["moduleConfig"], json!({"module_name": "file"}));
    assert_eq!(
        r["fieldsToLoad"]["name"],
        json!({"name": "name", "type": "CEVarchar"})
    );
    assert_eq!(
        r["fieldsToLoad"]["linked_products"],
        json!({"name": "linked_products", "type": "CEIdList"})
    );
    assert!(body["info"]["start_execution"].is_string());
    assert_ne!(config_hash(&sim, &session, "shelflink_product").await, hash);

    let module = sim
        .legacy(
            &format!("{PAP}/getModuleConfig"),
            json!([session, "product"]),
        )
        .await;
    let fc = &module["result"]["field_conf"];
    assert_eq!(fc["article_number"]["name"], "article_number");
    assert_eq!(fc["article_number"]["type"], "CEVarchar");
    let rel = &module["result"]["relation_conf"]["images"];
    assert_eq!(
        (rel["name"].as_str(), rel["type"].as_str()),
        (Some("images"), Some("MANY_TO_MANY"))
    );
    assert_eq!(rel["modules"], json!(["file"]));
    assert_eq!(rel["relatedModule"], "file");
    assert_eq!(
        module["result"]["relation_conf"]["pid"]["parent"],
        "product"
    );
    assert!(
        module["result"]["relation_conf"]
            .get("article_number")
            .is_none()
    );
    let unknown = sim
        .legacy(
            &format!("{PAP}/getConnectorConfig"),
            json!([session, "typo3"]),
        )
        .await;
    assert_eq!(
        (unknown["code"].as_i64(), unknown["message"].as_str()),
        (Some(-1), Some("unknown connector typo3"))
    );
}

#[tokio::test]
async fn events_are_sequential_compacted_per_object_and_served_1000_at_a_time() {
    let sim = start(big_catalog(1500)).await;
    let session = sim.login().await;
    let (rebuilt, batches) = drain(&sim, &session, "shelflink_product", 0).await;
    assert_eq!(
        batches,
        [1000, 500],
        "at most 1000 per call; id 0 rebuilds the queue"
    );
    let ids: Vec<u64> = rebuilt.iter().map(|e| e["id"].as_u64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[1] == w[0] + 1), "sequential ids");
    let e = &rebuilt[0];
    let mut keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "event_type",
            "field_name",
            "id",
            "mod_time",
            "module_name",
            "object_id",
            "object_type"
        ]
    );
    assert_eq!(
        (
            e["event_type"].as_u64(),
            e["object_type"].as_u64(),
            e["module_name"].as_str()
        ),
        (Some(2), Some(0), Some("product"))
    );
    let t = e["mod_time"].as_str().unwrap();
    assert!(
        chrono::NaiveDateTime::parse_from_str(t, "%Y/%m/%d %H:%M:%S").is_ok(),
        "legacy time {t}"
    );
    let last = *ids.last().unwrap();

    let a = sim.sim.product_id("P-00001").unwrap();
    let b = sim.sim.product_id("P-00002").unwrap();
    sim.upsert("product", json!([{"id": a, "color": [{"value": "Red"}]}]))
        .await;
    sim.upsert("product", json!([{"id": b, "color": [{"value": "Blue"}]}]))
        .await;
    sim.upsert("product", json!([{"id": a, "color": [{"value": "Green"}]}]))
        .await;
    let created = sim
        .upsert("product", json!([{"article_number": [{"value": "NEW-1"}]}]))
        .await;
    assert_eq!(
        sim.req(Method::DELETE, &format!("/api/modules/product/objects/{b}"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    let (changes, _) = drain(&sim, &session, "shelflink_product", last + 1).await;
    let seen: Vec<(&str, u64, u64)> = changes
        .iter()
        .map(|e| {
            (
                e["object_id"].as_str().unwrap(),
                e["event_type"].as_u64().unwrap(),
                e["id"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (a.as_str(), 1, last + 3),
            (created[0].as_str(), 2, last + 4),
            (b.as_str(), 0, last + 5)
        ],
        "only the newest event per object is kept"
    );
    let (full, _) = drain(&sim, &session, "shelflink_product", 0).await;
    assert_eq!(
        full.len(),
        1500,
        "a rebuild lists the objects that exist: 1500 - 1 deleted + 1 created"
    );
    assert!(
        full[0]["id"].as_u64().unwrap() > last + 5,
        "ids are never reused"
    );
}

#[tokio::test]
async fn a_changed_config_hash_is_refused() {
    let sim = start(catalog()).await;
    let session = sim.login().await;
    let body = sim
        .legacy(
            &format!("{PAP}/getEvents"),
            json!([
                session,
                "shelflink_product",
                1,
                "8af655c834c49c5abee0cd267d5d12f8"
            ]),
        )
        .await;
    let mut keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["code", "info", "message"]);
    assert_eq!(
        (body["code"].as_i64(), body["message"].as_str()),
        (Some(-1), Some("config hash mismatch"))
    );
    let no_hash = sim
        .legacy(
            &format!("{PAP}/getEvents"),
            json!([session, "shelflink_product", 1]),
        )
        .await;
    assert_eq!(no_hash["code"], 1, "PARAMETER_NOT_SET");
}

#[tokio::test]
async fn file_uploads_and_replacements_are_events_for_data_and_derivates() {
    let sim = start(catalog()).await;
    let session = sim.login().await;
    let (initial, _) = drain(&sim, &session, "shelflink_file", 0).await;
    assert!(initial.is_empty(), "no files yet");
    let (products, _) = drain(&sim, &session, "shelflink_product", 0).await;
    let last_product = products.last().unwrap()["id"].as_u64().unwrap();
    let form = Form::new().part("file", Part::bytes(jpeg(40, 30)).file_name("a.jpg"));
    let file: Value = sim
        .req(Method::POST, "/api/modules/file/upload")
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = file["id"].as_str().unwrap();
    let (created, _) = drain(&sim, &session, "shelflink_file", 1).await;
    assert_eq!(created.len(), 1);
    assert_eq!(
        (
            created[0]["event_type"].as_u64(),
            created[0]["object_type"].as_u64()
        ),
        (Some(2), Some(2))
    );
    assert_eq!(created[0]["field_name"], "Original");
    let put = sim
        .req(
            Method::PUT,
            &format!("/api/modules/file/objects/{id}/media/original"),
        )
        .body(jpeg(30, 40))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
    sim.upsert(
        "file",
        json!([{"id": id, "rights_flag": [{"value": "expiring"}]}]),
    )
    .await;
    let (after, _) = drain(&sim, &session, "shelflink_file", 1).await;
    assert_eq!(after.len(), 1, "compacted to one event");
    assert_eq!(
        (
            after[0]["event_type"].as_u64(),
            after[0]["object_type"].as_u64()
        ),
        (Some(1), Some(2)),
        "the binary change is not hidden by the later data change"
    );
    let (products, _) = drain(&sim, &session, "shelflink_product", last_product + 1).await;
    assert!(products.is_empty(), "file changes are not product events");
}

#[tokio::test]
async fn beans_carry_properties_and_name_the_ids_that_cannot_be_read() {
    let sim = start(catalog()).await;
    let session = sim.login().await;
    let hoodie = sim.sim.product_id("MH02").unwrap();
    sim.upsert("product", json!([{"id": hoodie, "name": [{"value": "Teton Hoodie", "dimensions": {"channel": "web", "locale": "en_US"}}]}])).await;
    let missing = "0f8fad5b-d9cb-469f-a165-70867728950e";
    let body = sim
        .legacy(
            &format!("{PAP}/getBeans"),
            json!([session, "shelflink_product", [hoodie, missing]]),
        )
        .await;
    let mut keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["code", "info", "relations", "result", "type"]);
    assert_eq!(
        (body["code"].as_i64(), body["type"].as_str()),
        (Some(0), Some("default"))
    );
    assert_eq!(body["relations"], json!({}));
    assert_eq!(body["info"]["not_accessible_ids"], json!([missing]));
    let beans = body["result"].as_array().unwrap();
    assert_eq!(beans.len(), 1);
    let bean = &beans[0];
    let mut keys: Vec<&str> = bean
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["id", "mod_time", "module_name", "properties", "type"]
    );
    assert_eq!(
        (
            bean["id"].as_str(),
            bean["module_name"].as_str(),
            bean["type"].as_str()
        ),
        (Some(hoodie.as_str()), Some("product"), Some("default"))
    );
    assert!(
        chrono::NaiveDateTime::parse_from_str(
            bean["mod_time"].as_str().unwrap(),
            "%Y/%m/%d %H:%M:%S"
        )
        .is_ok()
    );
    let p = &bean["properties"];
    assert_eq!(
        p["article_number"],
        json!({"value": "MH02"}),
        "undimensioned: one {{value}} object"
    );
    assert_eq!(p["main_image"], json!({"value": null}));
    assert_eq!(
        p["campaigns"],
        json!({"value": ["Collections/Eco Friendly", "Collections/Performance Fabrics"]})
    );
    assert_eq!(
        p["name"],
        json!([{"value": "Teton Pullover Hoodie"}, {"value": "Teton Hoodie", "dimensions": {"channel": "web", "locale": "en_US"}}]),
        "dimensioned: an array of {{value, dimensions}}"
    );
}
