//! What the export tests share: the simulator seeded with the fixture catalog (plus one
//! link made directly in 4ALLPORTAL), a workspace synced from it, images approved and
//! linked through the core operations and carried to 4ALLPORTAL by the worker, and readers
//! of the simulator's request and write logs.
#![allow(dead_code)]

use crate::clients_support::{sim_ap, sim_ps};
use shelflink::accounts::{Remotes, SimulatorTarget};
use shelflink::allportal::FieldMapping;
use shelflink::cache::Cache;
use shelflink::export::{self, ExportProgress, ExportReport, ExportRequest, ImageSize, Selection};
use shelflink::linking::{self, LinkRequest, Rules};
use shelflink::model::Role;
use shelflink::rights::{IntendedUse, PhotoShelterRightsFields};
use shelflink::sync::{AllportalSource, PhotoShelterSource, SyncConfig, SyncRun, SyncSources};
use shelflink::transfer::worker::outcome::Backoff;
use shelflink::transfer::{RunReport, RunUntil, Worker, WorkerConfig};
use shelflink::workspace::{Workspace, WorkspaceKind};
use shelflink_sim::seed::model::SeedLink;
use shelflink_sim::{RunningSim, SeedSource, SimOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// The campaign the tests export.
pub const CAMPAIGN: &str = "Collections/Eco Friendly";
/// Approved and linked through Shelflink: (SKU, file, role, position).
pub const LINKED: &[(&str, &str, Role, u32)] = &[
    ("MH04", "mh04-green_main.jpg", Role::Hero, 0),
    ("MH04", "mh04-green_alt1.jpg", Role::Gallery, 1),
    ("MH04", "mh04-green_back.jpg", Role::Gallery, 2),
    ("MJ04", "mj04-black_main.jpg", Role::Hero, 0),
    ("MJ04", "mj04-black_back.jpg", Role::Detail, 1),
];
/// Linked, then its licence ended in PhotoShelter.
pub const EXPIRES: &str = "mh04-green_back.jpg";
/// Linked directly in 4ALLPORTAL, never approved.
pub const UNAPPROVED: (&str, &str) = ("MT07", "mt07-gray_main.jpg");

/// `<repo>/../shared/fixtures`, or `SHELFLINK_FIXTURES`.
pub fn fixtures() -> PathBuf {
    match std::env::var_os("SHELFLINK_FIXTURES") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"),
    }
}

/// `images.csv` of the fixture catalog: file name → byte size.
pub fn fixture_sizes() -> BTreeMap<String, u64> {
    let mut reader = csv::Reader::from_path(fixtures().join("catalog/images.csv")).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[7].parse().unwrap())
        })
        .collect()
}

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

/// The simulator, a synced workspace and the clients.
pub struct Rig {
    pub sim: RunningSim,
    pub dir: tempfile::TempDir,
    pub workspace: Workspace,
    pub remotes: Remotes,
    pub rules: Rules,
}

impl Rig {
    /// The fixture catalog with `UNAPPROVED` linked in 4ALLPORTAL, synced; `LINKED`
    /// approved, linked, carried out and synced back (confirmed); `EXPIRES`' licence ended
    /// yesterday in PhotoShelter, synced.
    pub async fn catalog() -> Rig {
        let mut catalog = shelflink_sim::seed::catalog::load(&fixtures().join("catalog"), 1)
            .expect("fixtures load");
        catalog.links.push(SeedLink {
            sku: UNAPPROVED.0.into(),
            file_name: UNAPPROVED.1.into(),
            role: "hero".into(),
            position: 0,
        });
        let sim = shelflink_sim::start(SimOptions {
            seed: SeedSource::Catalog(Box::new(catalog)),
            ..SimOptions::default()
        })
        .await
        .expect("the simulator starts");
        let dir = tempfile::tempdir().unwrap();
        // The demo workspace attached to this simulator, so the CLI can use it too.
        let home = dir.path().join("home");
        let workspace =
            Workspace::open(&shelflink::paths::demo_dir(&home), WorkspaceKind::Demo).unwrap();
        SimulatorTarget {
            photoshelter_url: sim.photoshelter.base_url.clone(),
            allportal_url: sim.allportal.base_url.clone(),
            seed: 1,
        }
        .save(&workspace)
        .unwrap();
        let remotes = Remotes {
            photoshelter: sim_ps(&sim, true),
            allportal: sim_ap(&sim, true, false),
            mapping: FieldMapping::default(),
        };
        let rig = Rig {
            sim,
            dir,
            workspace,
            remotes,
            rules: Rules::default(),
        };
        rig.sync().await;
        for (sku, file, role, position) in LINKED {
            let ps = rig.ps_id(file);
            linking::approve(rig.cache(), &rig.rules, &ps)
                .unwrap_or_else(|e| panic!("{file} is approved: {e}"));
            linking::link(
                rig.cache(),
                &rig.rules,
                &LinkRequest {
                    asset: ps,
                    product: rig.ap_id(sku),
                    role: *role,
                    position: *position,
                    from_suggestion: false,
                },
            )
            .unwrap_or_else(|e| panic!("{file} links to {sku}: {e}"));
            // One link at a time, so each lands at its position in 4ALLPORTAL's list (links
            // to one product carried out in another order would be placed in that order).
            let report = rig.run_worker().await;
            assert_eq!(
                report.counts.needs_attention + report.counts.given_up,
                0,
                "{report:?}"
            );
        }
        let yesterday = (chrono::Utc::now() - chrono::Duration::days(1)).format("%Y-%m-%d");
        rig.control_ps(
            reqwest::Method::PATCH,
            &format!("/_sim/photoshelter/images/{}", rig.ps_id(EXPIRES)),
            serde_json::json!({ "license_etime": format!("{yesterday} 12:00:00 UTC") }),
        )
        .await;
        rig.sync().await;
        rig
    }

    /// The data folder (`SHELFLINK_HOME`) whose demo workspace this is.
    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// Runs the `shelflink` binary on the demo workspace; returns (success, stdout, stderr).
    pub async fn cli(&self, args: &[&str]) -> (bool, String, String) {
        let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_shelflink"))
            .args(args)
            .env("SHELFLINK_HOME", self.home())
            .env("SHELFLINK_LOG", "warn")
            .output()
            .await
            .expect("the shelflink binary runs");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    pub fn cache(&self) -> &Cache {
        self.workspace.cache()
    }

    pub async fn sync(&self) {
        let sources = SyncSources {
            photoshelter: Some(PhotoShelterSource {
                client: self.remotes.photoshelter.clone(),
                usage_fields: PhotoShelterRightsFields::default(),
            }),
            allportal: Some(AllportalSource {
                client: self.remotes.allportal.clone(),
                mapping: Default::default(),
            }),
        };
        let config = SyncConfig {
            zone: chrono_tz::UTC,
            ..SyncConfig::default()
        };
        SyncRun::new(self.cache(), &sources, &config)
            .run()
            .await
            .expect("the sync finishes");
    }

    pub async fn run_worker(&self) -> RunReport {
        let worker = Worker::new(self.workspace.clone(), self.remotes.clone(), fast_worker());
        tokio::time::timeout(
            Duration::from_secs(120),
            worker.run(RunUntil::Idle, CancellationToken::new()),
        )
        .await
        .expect("the queue empties within two minutes")
        .expect("the worker runs")
    }

    pub async fn control_ps(&self, method: reqwest::Method, path: &str, body: serde_json::Value) {
        let url = format!("{}{path}", self.sim.photoshelter.base_url);
        let answer = reqwest::Client::new()
            .request(method, &url)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_success(), "{url}: {}", answer.status());
    }

    pub fn text(&self, sql: &str, param: &str) -> String {
        self.cache()
            .with_conn(|c| c.query_row(sql, [param], |r| r.get(0)))
            .unwrap_or_else(|e| panic!("{sql} ({param}): {e}"))
    }

    pub fn ps_id(&self, file: &str) -> String {
        self.text("SELECT ps_id FROM assets WHERE file_name = ?1", file)
    }

    pub fn ap_id(&self, sku: &str) -> String {
        self.text("SELECT ap_id FROM products WHERE sku = ?1", sku)
    }

    /// PhotoShelter requests since the last call (which forgets them): (method, path).
    pub fn take_ps_requests(&self) -> Vec<(String, String)> {
        let log = &self.sim.photoshelter_faults.requests;
        let all = log.all().into_iter().map(|r| (r.method, r.path)).collect();
        log.clear();
        all
    }

    pub fn request(&self, target: &Path, size: ImageSize) -> ExportRequest {
        ExportRequest {
            selection: Selection::Campaign(CAMPAIGN.into()),
            size,
            intended: IntendedUse::any(),
            target: target.display().to_string(),
        }
    }

    /// One export run; `after_each` hears every progress event.
    pub async fn export_with(
        &self,
        request: ExportRequest,
        cancel: &CancellationToken,
        after_each: &(dyn Fn(&ExportProgress) + Send + Sync),
    ) -> ExportReport {
        let prepared = export::prepare(
            self.cache(),
            request,
            (self.rules.today)(),
            &self.rules.policy,
        )
        .expect("the export plans");
        prepared
            .run(
                self.cache(),
                &self.remotes.photoshelter,
                "test",
                cancel,
                after_each,
            )
            .await
            .expect("the export runs")
    }

    pub async fn export(&self, request: ExportRequest) -> ExportReport {
        self.export_with(request, &CancellationToken::new(), &|_| {})
            .await
    }
}

/// The files in `dir` (names, sorted), without the state file.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != export::STATE_FILE)
        .collect();
    names.sort();
    names
}

/// Downloads of originals / renditions among `requests`.
pub fn downloads(requests: &[(String, String)]) -> usize {
    requests
        .iter()
        .filter(|(m, p)| m == "GET" && (p.ends_with("/download") || p.starts_with("/img-get2/")))
        .count()
}
