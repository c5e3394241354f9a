//! Fault injection, the rate limit and the write log, observed through plain HTTP: first
//! against a tiny service behind the control layer, then through `start`.

use axum::Json;
use axum::routing::get;
use reqwest::StatusCode;
use serde_json::{Value, json};
use shelflink_sim::Service;
use shelflink_sim::control::writelog::WriteLog;
use shelflink_sim::control::{FaultConfig, ServiceControl, parse_spec, with_controls};
use std::sync::Arc;

struct Tiny {
    base: String,
    writes: WriteLog,
}

/// A two-route service (`GET /thing`, `POST /thing` which records a write) behind the layer.
async fn tiny(service: Service, spec: &str, rate_limit: Option<f64>) -> Tiny {
    let writes = WriteLog::default();
    let log = writes.clone();
    let body = json!({"status": "ok", "data": {"Thing": {"id": "T1", "name": "a thing with a long enough name"}}});
    let read = body.clone();
    let app = axum::Router::new().route(
        "/thing",
        get(move || async move { Json(read) }).post(move || async move {
            log.record(
                service,
                "POST",
                "/thing",
                vec!["T1".into()],
                json!({"name": "thing"}),
            );
            Json(body)
        }),
    );
    let rules = parse_spec(spec)
        .expect("spec")
        .into_iter()
        .filter(|(s, _)| *s == service)
        .map(|(_, r)| r)
        .collect();
    let control = Arc::new(ServiceControl::new(
        service,
        1,
        FaultConfig { rules, rate_limit },
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = with_controls(app, control, writes.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    Tiny { base, writes }
}

#[tokio::test]
async fn an_injected_503_comes_in_the_photoshelter_envelope_and_writes_nothing() {
    let t = tiny(Service::Photoshelter, "ps POST /thing 503 n=1", None).await;
    let client = reqwest::Client::new();
    let first = client
        .post(format!("{}/thing", t.base))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = first.json().await.unwrap();
    assert_eq!(
        body,
        json!({"status": "error", "error": {"class": "ServerErr", "message": "Service unavailable (injected fault)"}})
    );
    assert!(
        t.writes.all().is_empty(),
        "the service never saw the request"
    );
    let second = client
        .post(format!("{}/thing", t.base))
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), StatusCode::OK, "n=1 hits one request only");
    assert_eq!(t.writes.all().len(), 1);
}

#[tokio::test]
async fn an_injected_500_comes_in_the_4allportal_envelope() {
    let t = tiny(Service::Allportal, "ap GET /thing 500", None).await;
    let response = reqwest::get(format!("{}/thing", t.base)).await.unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], 500);
    assert_eq!(body["error"], "Internal Server Error");
    assert_eq!(body["path"], "/thing");
    assert!(body["timestamp"].as_str().unwrap().ends_with('Z'));
    assert!(body["message"].as_str().unwrap().contains("injected"));
}

#[tokio::test]
async fn an_injected_429_says_when_to_retry() {
    let t = tiny(Service::Photoshelter, "ps 429:3", None).await;
    let response = reqwest::get(format!("{}/thing", t.base)).await.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "3");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["class"], "RateLimitErr");
}

#[tokio::test]
async fn over_the_rate_limit_the_service_answers_429_but_control_routes_stay_open() {
    // One request every two seconds: the second of two quick requests is over the limit.
    let t = tiny(Service::Allportal, "", Some(0.5)).await;
    let client = reqwest::Client::new();
    let first = client
        .get(format!("{}/thing", t.base))
        .send()
        .await
        .unwrap();
    let limited = client
        .get(format!("{}/thing", t.base))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry), "retry after {retry} s");
    let body: Value = limited.json().await.unwrap();
    assert_eq!(body["status"], 429);
    for _ in 0..10 {
        let control = client
            .get(format!("{}/_sim/faults", t.base))
            .send()
            .await
            .unwrap();
        assert_eq!(control.status(), StatusCode::OK, "/_sim/ is never limited");
    }
}

#[tokio::test]
async fn a_reset_drops_the_connection_after_the_write_happened() {
    let t = tiny(Service::Allportal, "ap POST /thing reset", None).await;
    let outcome = match reqwest::Client::new()
        .post(format!("{}/thing", t.base))
        .send()
        .await
    {
        Ok(response) => response.bytes().await.map(|_| ()),
        Err(err) => Err(err),
    };
    let err = outcome.expect_err("the answer is cut off");
    assert!(
        err.is_request() || err.is_body() || err.is_decode(),
        "{err:?}"
    );
    assert_eq!(
        t.writes.all().len(),
        1,
        "the effect happened although the answer was lost"
    );
}

#[tokio::test]
async fn truncated_and_malformed_bodies_are_not_json() {
    let full = reqwest::get(format!(
        "{}/thing",
        tiny(Service::Photoshelter, "", None).await.base
    ))
    .await
    .unwrap()
    .bytes()
    .await
    .unwrap();
    let truncated = tiny(Service::Photoshelter, "ps truncate", None).await;
    let body = reqwest::get(format!("{}/thing", truncated.base))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(body.len(), full.len() / 2);
    assert!(serde_json::from_slice::<Value>(&body).is_err());
    let malformed = tiny(Service::Photoshelter, "ps malformed", None).await;
    let response = reqwest::get(format!("{}/thing", malformed.base))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.bytes().await.unwrap();
    assert!(serde_json::from_slice::<Value>(&body).is_err());
    assert!(body.windows(5).any(|w| w == b"<html"));
}

#[tokio::test]
async fn added_latency_delays_the_answer() {
    let t = tiny(Service::Photoshelter, "ps GET /thing latency=150ms", None).await;
    let started = std::time::Instant::now();
    let response = reqwest::get(format!("{}/thing", t.base)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(started.elapsed() >= std::time::Duration::from_millis(150));
}

#[tokio::test]
async fn faults_are_changed_at_runtime_and_report_what_they_hit() {
    let t = tiny(Service::Allportal, "", None).await;
    let client = reqwest::Client::new();
    let url = format!("{}/_sim/faults", t.base);
    let put = client
        .put(&url)
        .json(&json!({"rules": [{"method": "GET", "path": "/thing", "fault": "502", "times": 2}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::OK);
    let statuses: Vec<u16> = futures_statuses(&client, &format!("{}/thing", t.base), 3).await;
    assert_eq!(statuses, [502, 502, 200]);
    let state: Value = client.get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(state["rules"][0]["injected"], 2);
    let spec = client
        .put(&url)
        .header("content-type", "text/plain")
        .body("ap /thing 503")
        .send()
        .await
        .unwrap();
    assert_eq!(spec.status(), StatusCode::OK);
    assert_eq!(
        futures_statuses(&client, &format!("{}/thing", t.base), 1).await,
        [503]
    );
    let bad = client
        .put(&url)
        .header("content-type", "text/plain")
        .body("ap /thing teapot")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

async fn futures_statuses(client: &reqwest::Client, url: &str, n: usize) -> Vec<u16> {
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(client.get(url).send().await.unwrap().status().as_u16());
    }
    out
}

#[tokio::test]
async fn the_write_log_is_read_and_cleared_over_http() {
    let t = tiny(Service::Photoshelter, "", None).await;
    let client = reqwest::Client::new();
    client
        .post(format!("{}/thing", t.base))
        .send()
        .await
        .unwrap();
    let writes: Value = client
        .get(format!("{}/_sim/writes", t.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(writes.as_array().unwrap().len(), 1);
    assert_eq!(writes[0]["service"], "photoshelter");
    assert_eq!(writes[0]["object_ids"], json!(["T1"]));
    let other: Value = client
        .get(format!("{}/_sim/writes?service=allportal", t.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(other, json!([]));
    let cleared: Value = client
        .post(format!("{}/_sim/writes/clear", t.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(cleared["cleared"], 1);
    assert!(t.writes.all().is_empty());
}
