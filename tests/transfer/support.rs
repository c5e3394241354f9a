//! What the transfer tests share: a small seeded simulator in-process, a workspace whose
//! cache holds what a sync would have stored, the clients, a fast worker, and readers of
//! the simulator's write log and of the products as 4ALLPORTAL has them.
#![allow(dead_code)]

use futures::TryStreamExt;
use rusqlite::params;
use secrecy::SecretString;
use shelflink::accounts::Remotes;
use shelflink::allportal::{AllportalClient, AllportalConfig, FieldMapping, ListOptions, ObjectId};
use shelflink::linking::{LinkRequest, Linked, Rules};
use shelflink::model::Role;
use shelflink::net::{NetConfig, RetryPolicy};
use shelflink::photoshelter::{
    Extend, Extension, Fields, ImageListOptions, OrgId, PhotoShelterClient, PhotoShelterConfig,
};
use shelflink::transfer::product_lists::{ProductLists, fields_to_read};
use shelflink::transfer::queue::{self, JobFilter};
use shelflink::transfer::worker::outcome::Backoff;
use shelflink::transfer::{Job, RunReport, RunUntil, Worker, WorkerConfig};
use shelflink::workspace::{Workspace, WorkspaceKind};
use shelflink_sim::control::FaultRule;
use shelflink_sim::control::writelog::WriteRecord;
use shelflink_sim::seed::model::{
    ImageSource, SeedCatalog, SeedImage, SeedMetadata, SeedProduct, SeedUser,
};
use shelflink_sim::{RunningSim, SeedSource, Service, SimOptions};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// The product owners of the test catalogs.
pub const OWNERS: [&str; 3] = ["anna.berg", "bo.lind", "cem.kaya"];

/// Retries that do not slow a test down.
pub fn fast_net() -> NetConfig {
    NetConfig {
        retry: RetryPolicy {
            max_retries: 3,
            min_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(4),
            retry_after_cap: Duration::from_secs(2),
            jitter: false,
        },
        ..NetConfig::default()
    }
}

/// A worker that retries quickly and looks at the queue often.
pub fn fast_worker() -> WorkerConfig {
    WorkerConfig {
        backoff: Backoff {
            min: Duration::from_millis(5),
            max: Duration::from_millis(100),
        },
        offline_wait: Duration::from_millis(100),
        poll: Duration::from_millis(10),
        progress_every: Duration::from_millis(50),
        ..WorkerConfig::default()
    }
}

/// Products `skus` (owners in turn from `OWNERS`, campaign "Spring 26") and small generated
/// images `files` (48×48, no embedded metadata) in one gallery.
pub fn catalog(skus: &[&str], files: &[&str]) -> SeedCatalog {
    let owners = OWNERS
        .iter()
        .map(|u| SeedUser {
            username: u.to_string(),
            email: format!("{u}@shelflink-demo.example"),
            display_name: u.replace('.', " "),
        })
        .collect();
    let products = skus
        .iter()
        .enumerate()
        .map(|(i, sku)| SeedProduct {
            sku: sku.to_string(),
            name: format!("Test product {sku}"),
            category: "Men/Tops/Tees".into(),
            campaign: Some("Spring 26".into()),
            campaigns: vec!["Spring 26".into()],
            description: String::new(),
            owner: Some(OWNERS[i % OWNERS.len()].to_string()),
            ..SeedProduct::default()
        })
        .collect();
    let start = chrono::DateTime::parse_from_rfc3339("2026-01-05T09:00:00Z")
        .unwrap()
        .to_utc();
    let images = files
        .iter()
        .enumerate()
        .map(|(i, file)| SeedImage {
            file_name: file.to_string(),
            gallery_path: vec!["Transfer tests".into(), "Shots".into()],
            source: ImageSource::Generated {
                seed: 0x5EED_0000 + i as u64,
                width: 48,
                height: 48,
                label: file.to_string(),
                embedded: None,
            },
            metadata: SeedMetadata::default(),
            uploaded_at: start + chrono::Duration::minutes(i as i64),
            rating: 0,
            flagged: false,
        })
        .collect();
    SeedCatalog {
        products,
        images,
        links: Vec::new(),
        owners,
    }
}

/// The simulator's accounts as clients.
pub fn remotes(sim: &RunningSim, net: NetConfig) -> Remotes {
    let c = &sim.credentials;
    let photoshelter = PhotoShelterClient::new(PhotoShelterConfig {
        base_url: sim.photoshelter.base_url.parse().unwrap(),
        api_key: SecretString::from(c.photoshelter.api_key.clone()),
        email: c.photoshelter.email.clone(),
        password: SecretString::from(c.photoshelter.password.clone()),
        organization: Some(OrgId::new(c.photoshelter.org_id.clone())),
        net: net.clone(),
    })
    .unwrap();
    let mut config = AllportalConfig::new(sim.allportal.base_url.parse().unwrap());
    config.api_key = Some(SecretString::from(c.allportal.api_key.clone()));
    config.net = net;
    Remotes {
        photoshelter,
        allportal: AllportalClient::new(config).unwrap(),
        mapping: FieldMapping::default(),
    }
}

/// Stores what a sync would: every image (approved, no rights recorded) and every product.
pub async fn fill_cache(workspace: &Workspace, remotes: &Remotes) {
    let tree = remotes.photoshelter.tree().await.unwrap();
    let options = ImageListOptions {
        extend: Some(Extend::new().with(
            "Image",
            Extension::new().fields(Fields::of(["image_id", "file_name"])),
        )),
        ..ImageListOptions::default()
    };
    let mut images = Vec::new();
    for g in &tree.galleries {
        let rows: Vec<_> = remotes
            .photoshelter
            .gallery_images(&g.gallery.gallery_id, &options)
            .try_collect()
            .await
            .unwrap();
        for row in rows {
            let name = row.image.map(|i| i.file_name).unwrap_or_default();
            images.push((row.image_id.as_str().to_owned(), name));
        }
    }
    let products = remotes
        .allportal
        .objects_all("product", &ListOptions::default())
        .await
        .unwrap();
    let users = remotes
        .allportal
        .objects_all("user", &ListOptions::default())
        .await
        .unwrap();
    workspace
        .cache()
        .with_conn(|c| {
            for (ps_id, name) in &images {
                c.execute(
                    "INSERT OR IGNORE INTO assets (ps_id, file_name, approval, synced_at)
                     VALUES (?1, ?2, 'approved', 'x')",
                    params![ps_id, name],
                )?;
            }
            for p in &products {
                let owner = p.text("owner").map(str::to_owned);
                let owner_name = owner.as_deref().and_then(|o| {
                    users
                        .iter()
                        .find(|u| u.id.as_str() == o)
                        .and_then(|u| u.text("display_name").map(str::to_owned))
                });
                let campaigns = p.list("campaigns");
                c.execute(
                    "INSERT INTO products (ap_id, sku, name, campaigns, campaign, owner, owner_name, synced_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'x')",
                    params![
                        p.id.as_str(),
                        p.text("article_number"),
                        p.text("name").unwrap_or(""),
                        serde_json::to_string(&campaigns).unwrap(),
                        campaigns.first(),
                        owner,
                        owner_name
                    ],
                )?;
            }
            Ok(())
        })
        .unwrap();
}

/// A simulator with a catalog, a workspace synced from it, and fast clients.
pub struct Rig {
    pub sim: RunningSim,
    pub dir: tempfile::TempDir,
    pub workspace: Workspace,
    pub remotes: Remotes,
    pub rules: Rules,
}

impl Rig {
    pub async fn start(catalog: SeedCatalog, faults: Vec<(Service, FaultRule)>) -> Rig {
        Self::start_with(catalog, faults, None).await
    }

    /// With a request rate limit per service (429 with Retry-After over it).
    pub async fn start_with(
        catalog: SeedCatalog,
        faults: Vec<(Service, FaultRule)>,
        rate_limit: Option<f64>,
    ) -> Rig {
        let sim = shelflink_sim::start(SimOptions {
            seed: SeedSource::Catalog(Box::new(catalog)),
            faults,
            rate_limit,
            ..SimOptions::default()
        })
        .await
        .expect("the simulator starts");
        let dir = tempfile::tempdir().unwrap();
        let workspace = Workspace::open(dir.path(), WorkspaceKind::Live).unwrap();
        let remotes = remotes(&sim, fast_net());
        fill_cache(&workspace, &remotes).await;
        Rig {
            sim,
            dir,
            workspace,
            remotes,
            rules: Rules::default(),
        }
    }

    /// Runs the worker until nothing is left to do (a minute at most).
    pub async fn run(&self) -> RunReport {
        self.run_with(fast_worker()).await
    }

    pub async fn run_with(&self, config: WorkerConfig) -> RunReport {
        let worker = Worker::new(self.workspace.clone(), self.remotes.clone(), config);
        tokio::time::timeout(
            Duration::from_secs(60),
            worker.run(RunUntil::Idle, CancellationToken::new()),
        )
        .await
        .expect("the queue empties within a minute")
        .expect("the worker runs")
    }

    pub fn ps_id(&self, file: &str) -> String {
        self.workspace
            .cache()
            .with_conn(|c| {
                c.query_row(
                    "SELECT ps_id FROM assets WHERE file_name = ?1",
                    [file],
                    |r| r.get(0),
                )
            })
            .unwrap_or_else(|e| panic!("{file} is in the cache: {e}"))
    }

    pub fn ap_id(&self, sku: &str) -> String {
        self.workspace
            .cache()
            .with_conn(|c| {
                c.query_row("SELECT ap_id FROM products WHERE sku = ?1", [sku], |r| {
                    r.get(0)
                })
            })
            .unwrap_or_else(|e| panic!("{sku} is in the cache: {e}"))
    }

    pub fn link(&self, file: &str, sku: &str, role: Role, position: u32) -> Linked {
        shelflink::linking::link(
            self.workspace.cache(),
            &self.rules,
            &LinkRequest {
                asset: self.ps_id(file),
                product: self.ap_id(sku),
                role,
                position,
                from_suggestion: false,
            },
        )
        .unwrap_or_else(|e| panic!("{file} links to {sku}: {e}"))
    }

    /// The product's image lists as 4ALLPORTAL has them now.
    pub async fn product(&self, sku: &str) -> ProductLists {
        let fields = &self.remotes.mapping.product;
        let object = self
            .remotes
            .allportal
            .object(
                &fields.module,
                &ObjectId::new(self.ap_id(sku)),
                &fields_to_read(fields),
            )
            .await
            .unwrap();
        ProductLists::from_object(&object, fields)
    }

    /// The 4ALLPORTAL file carrying `file`'s PhotoShelter image.
    pub async fn file_of(&self, file: &str) -> Option<String> {
        self.remotes
            .allportal
            .file_by_photoshelter_id(&self.ps_id(file), &self.remotes.mapping)
            .await
            .unwrap()
            .map(|o| o.id.0)
    }

    pub fn writes(&self) -> Vec<WriteRecord> {
        self.sim.writes.all()
    }

    pub fn jobs(&self) -> Vec<Job> {
        self.workspace
            .cache()
            .with_conn(|c| queue::list(c, &JobFilter::default()))
            .unwrap()
    }

    pub fn link_state(&self, link: i64) -> (String, Option<String>) {
        self.workspace
            .cache()
            .with_conn(|c| {
                c.query_row(
                    "SELECT state, state_reason FROM links WHERE id = ?1",
                    [link],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
            })
            .unwrap()
    }

    /// Sets the licence end of `file` in the cache (as a sync would after a change).
    pub fn set_licence_end(&self, file: &str, end: &str) {
        let rights = serde_json::json!({
            "licence_end": {"value": {"kind": "day", "date": end, "offset_minutes": null},
                            "source": {"origin": "photo_shelter", "field": "License.license_etime"}},
            "conflicts": []
        });
        self.workspace
            .cache()
            .with_conn(|c| {
                c.execute(
                    "UPDATE assets SET licence_end = ?2 WHERE file_name = ?1",
                    params![file, end],
                )?;
                c.execute(
                    "INSERT INTO asset_rights (asset_id, rights)
                     SELECT id, ?2 FROM assets WHERE file_name = ?1
                     ON CONFLICT (asset_id) DO UPDATE SET rights = excluded.rights",
                    params![file, rights.to_string()],
                )
            })
            .unwrap();
    }
}

/// Uploads into 4ALLPORTAL's file module, by the PhotoShelter id they carry.
pub fn uploads_by_image(writes: &[WriteRecord]) -> std::collections::BTreeMap<String, usize> {
    let mut out = std::collections::BTreeMap::new();
    for w in writes {
        if w.method == "POST" && w.path.ends_with("/file/upload") {
            let ps = w.fields["fields"]["photoshelter_id"][0]["value"]
                .as_str()
                .unwrap_or("?")
                .to_string();
            *out.entry(ps).or_insert(0) += 1;
        }
    }
    out
}

/// PATCH items of the product module that set `field`, per product id.
pub fn product_patches(
    writes: &[WriteRecord],
    field: &str,
) -> std::collections::BTreeMap<String, usize> {
    let mut out = std::collections::BTreeMap::new();
    for w in writes {
        if w.method != "PATCH" || w.fields["module"] != "product" {
            continue;
        }
        for item in w.fields["items"].as_array().into_iter().flatten() {
            if item["fields"].get(field).is_some() {
                let id = item["id"].as_str().unwrap_or("?").to_string();
                *out.entry(id).or_insert(0) += 1;
            }
        }
    }
    out
}

/// Task notices (`NOTIFY` records), per user told.
pub fn notices(writes: &[WriteRecord]) -> std::collections::BTreeMap<String, usize> {
    let mut out = std::collections::BTreeMap::new();
    for w in writes.iter().filter(|w| w.method == "NOTIFY") {
        let to = w.fields["to"].as_str().unwrap_or("?").to_string();
        *out.entry(to).or_insert(0) += 1;
    }
    out
}
