//! `start`: both services on their own loopback ports, seeded, behind their control layers;
//! works with whatever routers the services provide.

mod common;

use reqwest::StatusCode;
use serde_json::Value;
use shelflink_sim::control::parse_spec;
use shelflink_sim::{SeedSource, SimOptions, start};

#[tokio::test]
async fn start_serves_both_ports_with_their_controls_and_faults() {
    let sim = start(SimOptions {
        seed: SeedSource::Synthetic(50),
        seed_number: 3,
        faults: parse_spec("ps GET /psapi/v3/** 503 n=1").unwrap(),
        ..SimOptions::default()
    })
    .await
    .expect("started");
    assert!(sim.photoshelter.api_url.ends_with("/psapi/v3"));
    assert_ne!(sim.photoshelter.base_url, sim.allportal.base_url);
    assert_eq!(sim.seeded.images, 50);
    let client = reqwest::Client::new();
    let hit = client
        .get(format!("{}/mem/user/session", sim.photoshelter.api_url))
        .send()
        .await
        .unwrap();
    assert_eq!(hit.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = hit.json().await.unwrap();
    assert_eq!(body["error"]["class"], "ServerErr");
    for endpoint in [&sim.photoshelter, &sim.allportal] {
        let faults = client
            .get(format!("{}/faults", endpoint.control_url))
            .send()
            .await
            .unwrap();
        assert_eq!(faults.status(), StatusCode::OK);
        let writes: Value = client
            .get(format!("{}/writes", endpoint.control_url))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(writes.is_array());
    }
    let announced = sim.announcement();
    assert_eq!(
        announced["photoshelter"]["api_key"].as_str().unwrap().len(),
        11
    );
    assert_eq!(
        announced["allportal"]["api_key"].as_str().unwrap().len(),
        36
    );
    let base = sim.photoshelter.base_url.clone();
    sim.stop().await;
    assert!(
        client
            .get(format!("{base}/_sim/faults"))
            .send()
            .await
            .is_err(),
        "stopped servers refuse connections"
    );
}

#[tokio::test]
async fn start_seeds_from_a_catalog_folder() {
    let sim = start(SimOptions {
        seed: SeedSource::Dir(common::fixture("catalog")),
        ..SimOptions::default()
    })
    .await
    .expect("started");
    assert_eq!(
        (sim.seeded.products, sim.seeded.images, sim.seeded.links),
        (75 + 747, 276, 0)
    );
    sim.stop().await;
}

#[tokio::test]
async fn a_missing_catalog_folder_is_reported_with_what_to_pass() {
    let err = start(SimOptions {
        seed: SeedSource::Dir("/nonexistent".into()),
        ..SimOptions::default()
    })
    .await
    .err()
    .expect("refused");
    assert!(format!("{err:#}").contains("products.csv"), "{err:#}");
}

#[tokio::test]
async fn a_taken_port_is_reported_with_the_flag_to_change() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let err = start(SimOptions {
        seed: SeedSource::Synthetic(5),
        allportal_port: port,
        ..SimOptions::default()
    })
    .await
    .err()
    .expect("refused");
    assert!(format!("{err:#}").contains("--allportal-port"), "{err:#}");
}
