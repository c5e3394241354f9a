//! Every job completes, each effect once, through one in ten requests failing with 5xx, 429
//! bursts with Retry-After (a rate limit), connection resets after the write was made (the
//! hard case: the write happened, the answer is lost), and slow answers.

use crate::support::{OWNERS, Rig, catalog, notices, product_patches, uploads_by_image};
use shelflink::linking::{self, ShareRequest};
use shelflink::model::Role;
use shelflink::transfer::job::{NewJob, NotifyOwner, Payload};
use shelflink::transfer::{JobKind, JobState, queue};
use shelflink_sim::control::parse_spec;

const FAULTS: &str = "all 503 p=0.1; all POST reset p=0.1; all PATCH reset p=0.1; \
                      all latency=25ms p=0.1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_job_completes_once_through_5xx_429_bursts_resets_and_slow_answers() {
    let skus: Vec<String> = (0..8).map(|i| format!("TF-{i:02}")).collect();
    let files: Vec<String> = (0..24).map(|i| format!("tf{i:02}_shot.jpg")).collect();
    let sku_refs: Vec<&str> = skus.iter().map(String::as_str).collect();
    let file_refs: Vec<&str> = files.iter().map(String::as_str).collect();
    let rig = Rig::start_with(
        catalog(&sku_refs, &file_refs),
        parse_spec(FAULTS).unwrap(),
        Some(60.0),
    )
    .await;
    for (i, file) in files.iter().enumerate() {
        let role = if i < skus.len() {
            Role::Hero
        } else {
            Role::Gallery
        };
        rig.link(file, &skus[i % skus.len()], role, (i / skus.len()) as u32);
    }
    let owners: Vec<String> = rig
        .workspace
        .cache()
        .with_conn(|c| {
            let mut stmt = c.prepare("SELECT DISTINCT owner FROM products ORDER BY owner")?;
            stmt.query_map([], |r| r.get(0))?.collect()
        })
        .unwrap();
    assert_eq!(owners.len(), OWNERS.len());
    rig.workspace
        .cache()
        .with_conn(|c| {
            for owner in &owners {
                let job = NewJob::new(
                    Payload::NotifyOwner(NotifyOwner {
                        owner: owner.clone(),
                        title: "Spring images are in".into(),
                        body: "Every product of the spring campaign has its images.".into(),
                        about: None,
                        products: Vec::new(),
                    }),
                    "Tell the owner",
                    "fault-test",
                );
                queue::enqueue(c, &job, 8, chrono::Utc::now())?;
            }
            Ok(())
        })
        .unwrap();
    rig.run().await;

    let shared_files: Vec<String> = {
        let mut out = Vec::new();
        for file in &files[..4] {
            let id = rig.file_of(file).await.unwrap();
            let ps_id = rig.ps_id(file);
            rig.workspace
                .cache()
                .with_conn(|c| {
                    c.execute(
                        "INSERT INTO ap_files (ap_id, ps_id, approval_status, synced_at) VALUES (?1, ?2, 'approved', 'x')",
                        rusqlite::params![id, ps_id],
                    )
                })
                .unwrap();
            out.push(id);
        }
        out
    };
    linking::share(
        rig.workspace.cache(),
        &rig.rules,
        &ShareRequest {
            files: shared_files,
            gallery: "Retail preview".into(),
            recipients: vec!["buyer@shop.example".into()],
            expires_at: None,
            message: None,
            channel: None,
            region: None,
        },
    )
    .unwrap();
    rig.run().await;

    let jobs = rig.jobs();
    let unfinished: Vec<_> = jobs.iter().filter(|j| j.state != JobState::Done).collect();
    assert!(
        unfinished.is_empty(),
        "every job completes: {unfinished:#?}"
    );
    let writes = rig.writes();
    let uploads = uploads_by_image(&writes);
    assert_eq!(uploads.len(), files.len());
    assert!(
        uploads.values().all(|n| *n == 1),
        "one upload per image: {uploads:?}"
    );
    let relations = product_patches(&writes, "images");
    let with_back_links = product_patches(&writes, "photoshelter_ids");
    for sku in &skus {
        let id = rig.ap_id(sku);
        assert_eq!(relations[&id], 3, "{sku}: each relation written once");
        assert_eq!(
            with_back_links[&id] - relations[&id],
            3,
            "{sku}: each back-link written once"
        );
        let p = rig.product(sku).await;
        assert_eq!(p.files.len(), 3, "{sku}: {:?}", p.files);
        let mut expected = Vec::new();
        for (i, file) in files
            .iter()
            .enumerate()
            .filter(|(i, _)| i % skus.len() == skus.iter().position(|s| s == sku).unwrap())
        {
            let _ = i;
            expected.push(rig.ps_id(file));
        }
        assert_eq!(
            p.ps_ids, expected,
            "{sku}: back-links in the order of the images"
        );
    }
    let told = notices(&writes);
    assert_eq!(told.len(), owners.len());
    assert!(
        told.values().all(|n| *n == 1),
        "one task per owner: {told:?}"
    );
    let posts = |suffix: &str| {
        writes
            .iter()
            .filter(|w| w.method == "POST" && w.path.ends_with(suffix))
            .count()
    };
    assert_eq!(posts("/gallery/insert"), 1, "one gallery");
    assert_eq!(posts("/share"), 1, "one share");

    let (attempts, max): (i64, i64) = rig
        .workspace
        .cache()
        .with_conn(|c| {
            c.query_row("SELECT sum(attempts), max(attempts) FROM jobs", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
        })
        .unwrap();
    assert!(max <= 8, "retries are bounded: a job took {max} attempts");
    assert!(
        attempts > jobs.len() as i64,
        "the faults made some jobs try again"
    );
    assert!(
        attempts < 2 * jobs.len() as i64,
        "{attempts} attempts for {} jobs",
        jobs.len()
    );
    let injected: u64 = [&rig.sim.photoshelter_faults, &rig.sim.allportal_faults]
        .iter()
        .flat_map(|f| f.get().rules)
        .filter(|r| r.fault.is_some())
        .map(|r| r.injected)
        .sum();
    assert!(injected >= 20, "faults were injected: {injected}");
    assert!(jobs.iter().any(|j| j.kind == JobKind::NotifyOwner));
}
