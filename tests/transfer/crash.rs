//! A worker killed at random points and restarted: `shelflink sim` and `shelflink transfer
//! run` run as separate processes, the worker is killed with SIGKILL twenty times while it
//! carries out 1,000 jobs, and the simulator's write log then shows every job's effect
//! exactly once and nothing missing.

use crate::support::fill_cache;
use shelflink::accounts::{MemoryStore, RemoteNet, Remotes};
use shelflink::linking::{self, LinkRequest, Rules};
use shelflink::model::Role;
use shelflink::transfer::queue::{self, JobFilter};
use shelflink::transfer::{JobKind, JobState};
use shelflink::workspace::{Workspace, WorkspaceKind};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PRODUCTS: usize = 50;
const IMAGES_PER_PRODUCT: usize = 5;
const KILLS: usize = 20;
const BIN: &str = env!("CARGO_BIN_EXE_shelflink");

/// A small xorshift, seeded from the clock (printed, and `CRASH_SEED` repeats a run).
struct Dice(u64);

impl Dice {
    fn new() -> Self {
        let seed = std::env::var("CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("crash test dice: CRASH_SEED={seed}");
        Dice(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// A catalog folder for `shelflink sim --seed-dir`: products with small generated JPEGs.
fn write_catalog(dir: &Path) -> Vec<(String, Vec<String>)> {
    let images_dir = dir.join("images");
    std::fs::create_dir_all(&images_dir).unwrap();
    let mut products = String::from("sku,name,category,collections,description\n");
    let mut images = String::from("file_name,product_sku\n");
    let mut plan = Vec::new();
    for p in 0..PRODUCTS {
        let sku = format!("CR-{p:03}");
        products.push_str(&format!(
            "{sku},Crash test product {p},Men/Tops/Tees,Spring 26,\n"
        ));
        let mut files = Vec::new();
        for i in 0..IMAGES_PER_PRODUCT {
            let file = format!("cr{p:03}_shot{i}.jpg");
            let pixels = image::RgbImage::from_fn(24, 24, |x, y| {
                image::Rgb([(p * 5) as u8, (i * 40) as u8, ((x + y) * 5) as u8])
            });
            pixels.save(images_dir.join(&file)).unwrap();
            images.push_str(&format!("{file},{sku}\n"));
            files.push(file);
        }
        plan.push((sku, files));
    }
    std::fs::write(dir.join("products.csv"), products).unwrap();
    std::fs::write(dir.join("variants.csv"), "sku,parent_sku,name,color,size\n").unwrap();
    std::fs::write(dir.join("images.csv"), images).unwrap();
    plan
}

/// `shelflink sim` in its own process; killed when dropped.
struct Sim {
    child: Child,
    control_url: String,
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_sim(home: &Path, catalog: &Path) -> Sim {
    let mut child = Command::new(BIN)
        .args(["sim", "--attach-demo", "--seed-dir"])
        .arg(catalog)
        .env("SHELFLINK_HOME", home)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("shelflink sim starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let first: serde_json::Value = serde_json::from_str(&line)
        .unwrap_or_else(|e| panic!("the sim's first line {line:?}: {e}"));
    Sim {
        control_url: first["allportal"]["control_url"]
            .as_str()
            .unwrap()
            .to_owned(),
        child,
    }
}

fn worker(home: &Path) -> Child {
    Command::new(BIN)
        .args(["transfer", "--demo", "--json", "run"])
        .env("SHELFLINK_HOME", home)
        .env("RUST_LOG", "off")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("shelflink transfer run starts")
}

fn done_count(workspace: &Workspace) -> usize {
    workspace
        .cache()
        .with_conn(|c| {
            c.query_row("SELECT count(*) FROM jobs WHERE state = 'done'", [], |r| {
                r.get::<_, i64>(0)
            })
        })
        .unwrap() as usize
}

/// Per key, how many write-log records name it.
fn tally(
    writes: &[serde_json::Value],
    pick: impl Fn(&serde_json::Value) -> Vec<String>,
) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for w in writes {
        for key in pick(w) {
            *out.entry(key).or_insert(0) += 1;
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_twenty_times_leaves_every_effect_exactly_once() {
    let home = tempfile::tempdir().unwrap();
    let catalog_dir = tempfile::tempdir().unwrap();
    let plan = write_catalog(catalog_dir.path());
    let sim = start_sim(home.path(), catalog_dir.path());
    let workspace = Workspace::open(&home.path().join("demo"), WorkspaceKind::Demo).unwrap();
    let remotes = Remotes::for_workspace(&workspace, &MemoryStore::new(), &RemoteNet::default())
        .expect("the demo workspace is attached to the simulator");
    fill_cache(&workspace, &remotes).await;
    let rules = Rules::default();
    let ids = |sql: &str, key: &str| -> String {
        workspace
            .cache()
            .with_conn(|c| c.query_row(sql, [key], |r| r.get(0)))
            .unwrap_or_else(|e| panic!("{key} is in the cache: {e}"))
    };
    for (sku, files) in &plan {
        let product = ids("SELECT ap_id FROM products WHERE sku = ?1", sku);
        for (position, file) in files.iter().enumerate() {
            linking::link(
                workspace.cache(),
                &rules,
                &LinkRequest {
                    asset: ids("SELECT ps_id FROM assets WHERE file_name = ?1", file),
                    product: product.clone(),
                    role: if position == 0 {
                        Role::Hero
                    } else {
                        Role::Gallery
                    },
                    position: position as u32,
                    from_suggestion: false,
                },
            )
            .unwrap_or_else(|e| panic!("{file} links to {sku}: {e}"));
        }
    }
    let total = workspace
        .cache()
        .with_conn(|c| queue::list(c, &JobFilter::default()))
        .unwrap()
        .len();
    assert_eq!(
        total, 1000,
        "four jobs per link: upload, relate, write back, tag"
    );

    let mut dice = Dice::new();
    let started = Instant::now();
    let mut kills = 0;
    let mut done_at_kill = Vec::new();
    while kills < KILLS {
        let mut child = worker(home.path());
        // Kill points follow the queue's progress, not the clock, so a fast machine gets
        // its twenty kills too: a random share of what is left for the kills to come, then a
        // few random milliseconds more to land anywhere inside a job.
        let before = done_count(&workspace);
        let share = ((total - before) / (KILLS - kills + 1)).max(2) as u64;
        let target = before + 1 + dice.below(share) as usize;
        while done_count(&workspace) < target && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(dice.below(40)));
        if child.try_wait().unwrap().is_some() {
            break;
        }
        child.kill().unwrap();
        child.wait().unwrap();
        kills += 1;
        done_at_kill.push(done_count(&workspace));
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "the killed runs take too long"
        );
    }
    let status = worker(home.path()).wait().unwrap();
    assert!(
        status.success(),
        "the last run finishes the queue: {status}"
    );
    eprintln!(
        "crash test: {kills} kills, jobs done at each kill {done_at_kill:?}, {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        kills >= 10,
        "the worker was killed mid-run often enough: {kills} kills, {done_at_kill:?}"
    );

    let jobs = workspace
        .cache()
        .with_conn(|c| queue::list(c, &JobFilter::default()))
        .unwrap();
    let open: Vec<_> = jobs.iter().filter(|j| j.state != JobState::Done).collect();
    assert!(open.is_empty(), "every job is done: {open:#?}");
    let writes: Vec<serde_json::Value> = reqwest::get(format!("{}/writes", sim.control_url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let uploads = tally(&writes, |w| {
        if w["method"] == "POST" && w["path"].as_str().unwrap_or("").ends_with("/file/upload") {
            vec![
                w["fields"]["fields"]["photoshelter_id"][0]["value"]
                    .as_str()
                    .unwrap_or("?")
                    .to_owned(),
            ]
        } else {
            Vec::new()
        }
    });
    let product_items = |field: &'static str| {
        tally(&writes, move |w| {
            if w["method"] != "PATCH" || w["fields"]["module"] != "product" {
                return Vec::new();
            }
            w["fields"]["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|item| item["fields"].get(field).is_some())
                .map(|item| item["id"].as_str().unwrap_or("?").to_owned())
                .collect()
        })
    };
    let with_images = product_items("images");
    let with_back_links = product_items("photoshelter_ids");
    let keyword_writes = tally(&writes, |w| {
        let path = w["path"].as_str().unwrap_or("");
        if w["service"] == "photoshelter" && path.ends_with("/iptc/update") {
            vec![path.to_owned()]
        } else {
            Vec::new()
        }
    });

    let image_count = PRODUCTS * IMAGES_PER_PRODUCT;
    assert_eq!(uploads.len(), image_count, "every image was uploaded");
    assert!(
        uploads.values().all(|n| *n == 1),
        "each image uploaded once: {uploads:?}"
    );
    assert_eq!(keyword_writes.len(), image_count, "every image was tagged");
    assert!(
        keyword_writes.values().all(|n| *n == 1),
        "each image tagged once: {keyword_writes:?}"
    );
    for (sku, files) in &plan {
        let product = ids("SELECT ap_id FROM products WHERE sku = ?1", sku);
        assert_eq!(
            with_images.get(&product),
            Some(&files.len()),
            "{sku}: each relation written once"
        );
        assert_eq!(
            with_back_links.get(&product).copied().unwrap_or(0) - files.len(),
            files.len(),
            "{sku}: each back-link written once"
        );
    }
    let by_kind = |kind: JobKind| jobs.iter().filter(|j| j.kind == kind).count();
    assert_eq!(by_kind(JobKind::UploadFile), image_count);
    assert_eq!(by_kind(JobKind::TagKeywords), image_count);
}
