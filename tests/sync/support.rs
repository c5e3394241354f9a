//! Helpers of the sync tests: the simulator seeded with the fixture catalog, sources for
//! its accounts, the requests each service received, and cache queries.
#![allow(dead_code)]

use super::clients_support::{fast_net, sim_ap};
use secrecy::SecretString;
use shelflink::cache::Cache;
use shelflink::photoshelter::{OrgId, PhotoShelterClient, PhotoShelterConfig};
use shelflink::rights::PhotoShelterRightsFields;
use shelflink::sync::{
    AllportalSource, PhotoShelterSource, SyncConfig, SyncReport, SyncRun, SyncSources,
};
use shelflink_sim::seed::model::{SeedCatalog, SeedLink};
use shelflink_sim::{RunningSim, SeedSource, SimOptions};
use std::path::PathBuf;

/// `<repo>/../shared/fixtures`, or `SHELFLINK_FIXTURES`.
pub fn fixtures() -> PathBuf {
    match std::env::var_os("SHELFLINK_FIXTURES") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"),
    }
}

pub fn catalog_dir() -> PathBuf {
    fixtures().join("catalog")
}

/// The fixture catalog, with `links` already made in 4ALLPORTAL.
pub fn catalog_with_links(links: &[(&str, &str, &str, u32)]) -> SeedCatalog {
    let mut catalog = shelflink_sim::seed::catalog::load(&catalog_dir(), 1).expect("fixtures load");
    for (sku, file_name, role, position) in links {
        catalog.links.push(SeedLink {
            sku: sku.to_string(),
            file_name: file_name.to_string(),
            role: role.to_string(),
            position: *position,
        });
    }
    catalog
}

pub async fn start(seed: SeedSource) -> RunningSim {
    shelflink_sim::start(SimOptions {
        seed,
        ..SimOptions::default()
    })
    .await
    .expect("the simulator starts")
}

/// The simulator with the fixture catalog.
pub async fn catalog_sim() -> RunningSim {
    start(SeedSource::Dir(catalog_dir())).await
}

pub fn ps_client(sim: &RunningSim) -> PhotoShelterClient {
    let c = &sim.credentials.photoshelter;
    PhotoShelterClient::new(PhotoShelterConfig {
        base_url: sim.photoshelter.base_url.parse().unwrap(),
        api_key: SecretString::from(c.api_key.clone()),
        email: c.email.clone(),
        password: SecretString::from(c.password.clone()),
        organization: Some(OrgId::new(c.org_id.clone())),
        net: fast_net(),
    })
    .unwrap()
}

/// Both accounts; the 4ALLPORTAL one with its password (events feed) or its API key only
/// (`mod_time` fallback).
pub fn sources(sim: &RunningSim, with_password: bool) -> SyncSources {
    SyncSources {
        photoshelter: Some(PhotoShelterSource {
            client: ps_client(sim),
            usage_fields: PhotoShelterRightsFields::default(),
        }),
        allportal: Some(AllportalSource {
            client: sim_ap(sim, !with_password, with_password),
            mapping: Default::default(),
        }),
    }
}

/// Settings of the tests: the UTC zone, small pages where a test asks for them.
pub fn config() -> SyncConfig {
    SyncConfig {
        zone: chrono_tz::UTC,
        ..SyncConfig::default()
    }
}

pub async fn sync(cache: &Cache, sources: &SyncSources, config: &SyncConfig) -> SyncReport {
    SyncRun::new(cache, sources, config)
        .run()
        .await
        .expect("the sync finishes")
}

/// One request a service received: method and path, and its query string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Req {
    pub method: String,
    pub path: String,
    pub query: String,
}

impl Req {
    pub fn param(&self, name: &str) -> Option<String> {
        url::form_urlencoded::parse(self.query.as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }
}

/// The API requests each service received since the last call (which forgets them).
pub fn take_requests(sim: &RunningSim) -> (Vec<Req>, Vec<Req>) {
    let take = |log: &shelflink_sim::control::requests::RequestLog| {
        let all: Vec<Req> = log
            .all()
            .into_iter()
            .map(|r| Req {
                method: r.method,
                path: r.path,
                query: r.query,
            })
            .collect();
        log.clear();
        all
    };
    (
        take(&sim.photoshelter_faults.requests),
        take(&sim.allportal_faults.requests),
    )
}

/// One number from the cache.
pub fn count(cache: &Cache, sql: &str) -> i64 {
    cache
        .with_conn(|c| c.query_row(sql, [], |r| r.get(0)))
        .unwrap()
}

/// One text from the cache (`None` for NULL or no row).
pub fn text(cache: &Cache, sql: &str) -> Option<String> {
    use rusqlite::OptionalExtension;
    cache
        .with_conn(|c| {
            c.query_row(sql, [], |r| r.get::<_, Option<String>>(0))
                .optional()
        })
        .unwrap()
        .flatten()
}

/// `POST`/`PATCH`/`DELETE` a simulator control route with JSON.
pub async fn control(
    method: reqwest::Method,
    url: String,
    body: Option<serde_json::Value>,
) -> serde_json::Value {
    let mut request = reqwest::Client::new().request(method, &url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let answer = request.send().await.unwrap();
    assert!(answer.status().is_success(), "{url}: {}", answer.status());
    answer.json().await.unwrap_or(serde_json::Value::Null)
}

/// The 4ALLPORTAL id of the product with `sku`.
pub fn product_ap_id(cache: &Cache, sku: &str) -> String {
    text(
        cache,
        &format!("SELECT ap_id FROM products WHERE sku = '{sku}'"),
    )
    .unwrap()
}

/// The PhotoShelter id of the asset named `file_name`.
pub fn asset_ps_id(cache: &Cache, file_name: &str) -> String {
    text(
        cache,
        &format!("SELECT ps_id FROM assets WHERE file_name = '{file_name}'"),
    )
    .unwrap()
}
