//! Each job kind against the simulator, with its look-up before any create, and the
//! worker's controls (gate at run time, offline, pause, cancel).

use crate::support::{Rig, catalog, fast_worker, notices, product_patches, uploads_by_image};
use shelflink::linking::{self, Rules, ShareRequest};
use shelflink::model::Role;
use shelflink::photoshelter::{ImageId, ImageListOptions};
use shelflink::transfer::queue::{self, RetryScope};
use shelflink::transfer::{JobKind, JobState, RunUntil, Worker, status};
use shelflink::versions::{ApprovalConfig, ApprovalSignal};
use shelflink_sim::control::FaultRule;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

const MAIN: &str = "ts100_main.jpg";
const BACK: &str = "ts100_back.jpg";

async fn rig() -> Rig {
    Rig::start(catalog(&["TS-100", "TS-101"], &[MAIN, BACK]), Vec::new()).await
}

fn state_of(rig: &Rig, kind: JobKind) -> Vec<JobState> {
    rig.jobs()
        .iter()
        .filter(|j| j.kind == kind)
        .map(|j| j.state)
        .collect()
}

#[tokio::test]
async fn linked_images_land_on_the_product_in_place_with_back_links_and_keywords() {
    let rig = rig().await;
    let hero = rig.link(MAIN, "TS-100", Role::Hero, 0);
    let gallery = rig.link(BACK, "TS-100", Role::Gallery, 1);

    let report = rig.run().await;

    assert_eq!(
        report.done, 8,
        "upload, relate, write back and tag for each"
    );
    let (f_main, f_back) = (
        rig.file_of(MAIN).await.unwrap(),
        rig.file_of(BACK).await.unwrap(),
    );
    let product = rig.product("TS-100").await;
    assert_eq!(product.files, [f_main.clone(), f_back]);
    assert_eq!(product.roles, ["hero", "gallery"]);
    assert_eq!(product.main.as_deref(), Some(f_main.as_str()));
    assert_eq!(product.ps_ids, [rig.ps_id(MAIN), rig.ps_id(BACK)]);
    assert!(
        product.ps_urls[0].starts_with(&rig.sim.photoshelter.base_url)
            && product.ps_urls[0].contains(&rig.ps_id(MAIN)),
        "{:?}",
        product.ps_urls
    );
    assert_eq!(rig.link_state(hero.link_id).0, "confirmed");
    assert_eq!(rig.link_state(gallery.link_id).0, "confirmed");
    let keywords = rig
        .remotes
        .photoshelter
        .iptc(&ImageId::new(rig.ps_id(MAIN)))
        .await
        .unwrap()
        .keyword;
    assert!(keywords.contains(&"TS-100".to_string()), "{keywords:?}");
    assert!(keywords.contains(&"Spring 26".to_string()), "{keywords:?}");
    let uploads = uploads_by_image(&rig.writes());
    assert_eq!(uploads.values().copied().collect::<Vec<_>>(), [1, 1]);
    let file = rig
        .remotes
        .allportal
        .file_by_photoshelter_id(&rig.ps_id(MAIN), &rig.remotes.mapping)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(file.text("approval_status"), Some("approved"));
    assert_eq!(file.text("name"), Some(MAIN));
    let product_id = rig.ap_id("TS-100");
    let own: i64 = rig
        .workspace
        .cache()
        .with_conn(|c| {
            c.query_row(
                "SELECT count(*) FROM own_writes WHERE field = 'product_images' AND object_id = ?1",
                [&product_id],
                |r| r.get(0),
            )
        })
        .unwrap();
    assert_eq!(own, 2, "each relation written was recorded for sync");
}

#[tokio::test]
async fn an_image_already_in_4allportal_is_reused_not_uploaded_again() {
    let rig = rig().await;
    rig.link(MAIN, "TS-100", Role::Hero, 0);
    rig.run().await;
    rig.link(MAIN, "TS-101", Role::Gallery, 0);
    rig.run().await;

    assert_eq!(uploads_by_image(&rig.writes())[&rig.ps_id(MAIN)], 1);
    let file = rig.file_of(MAIN).await.unwrap();
    assert_eq!(rig.product("TS-101").await.files, [file]);
    let reused: Vec<bool> = rig
        .jobs()
        .iter()
        .filter(|j| j.kind == JobKind::UploadFile)
        .map(|j| j.result.as_ref().unwrap()["reused"].as_bool().unwrap())
        .collect();
    assert_eq!(reused, [false, true]);
}

#[tokio::test]
async fn unlinking_takes_the_image_and_its_back_link_off_the_product() {
    let rig = rig().await;
    rig.link(MAIN, "TS-100", Role::Hero, 0);
    rig.link(BACK, "TS-100", Role::Gallery, 1);
    rig.run().await;

    let out = linking::unlink(
        rig.workspace.cache(),
        &rig.rules,
        &rig.ap_id("TS-100"),
        &rig.ps_id(MAIN),
    )
    .unwrap();
    assert!(out.removed && out.job.is_some());
    rig.run().await;

    let product = rig.product("TS-100").await;
    assert_eq!(product.files, [rig.file_of(BACK).await.unwrap()]);
    assert_eq!(product.roles, ["gallery"]);
    assert_eq!(product.ps_ids, [rig.ps_id(BACK)]);
    assert_eq!(product.main, None);
    assert!(
        rig.file_of(MAIN).await.is_some(),
        "the file stays in 4ALLPORTAL"
    );
}

#[tokio::test]
async fn rights_that_expired_after_queueing_stop_the_job_with_the_reason_and_date() {
    let rig = rig().await;
    let linked = rig.link(MAIN, "TS-100", Role::Hero, 0);
    let yesterday = (chrono::Local::now().date_naive() - chrono::Duration::days(1)).to_string();
    rig.set_licence_end(MAIN, &yesterday);

    rig.run().await;

    let upload = rig
        .jobs()
        .into_iter()
        .find(|j| j.kind == JobKind::UploadFile)
        .unwrap();
    assert_eq!(upload.state, JobState::NeedsAttention);
    let reason = upload.attention_reason.unwrap();
    assert!(
        reason.contains(&format!("the licence expired: it ended on {yesterday}")),
        "{reason}"
    );
    assert!(
        uploads_by_image(&rig.writes()).is_empty(),
        "nothing left for 4ALLPORTAL"
    );
    let (state, why) = rig.link_state(linked.link_id);
    assert_eq!(
        (state.as_str(), why.as_deref()),
        ("failed", Some(reason.as_str()))
    );
    let counts = rig.workspace.cache().with_conn(status::counts).unwrap();
    assert_eq!((counts.needs_attention, counts.blocked), (1, 3));

    let next_year = (chrono::Local::now().date_naive() + chrono::Duration::days(365)).to_string();
    rig.set_licence_end(MAIN, &next_year);
    rig.workspace
        .cache()
        .with_conn(|c| status::retry(c, RetryScope::AllFailed, chrono::Utc::now()))
        .unwrap();
    rig.run().await;
    assert_eq!(rig.link_state(linked.link_id).0, "confirmed");
}

fn ap_file_row(rig: &Rig, file: &str, ps: Option<String>) {
    rig.workspace
        .cache()
        .with_conn(|c| {
            c.execute(
                "INSERT INTO ap_files (ap_id, ps_id, name, approval_status, synced_at)
                 VALUES (?1, ?2, 'x.jpg', 'approved', 'x')",
                rusqlite::params![file, ps],
            )
        })
        .unwrap();
}

#[tokio::test]
async fn sharing_fills_the_gallery_once_and_reuses_a_share_with_the_same_recipients() {
    let rig = rig().await;
    rig.link(MAIN, "TS-100", Role::Hero, 0);
    rig.link(BACK, "TS-100", Role::Gallery, 1);
    rig.run().await;
    let (f_main, f_back) = (
        rig.file_of(MAIN).await.unwrap(),
        rig.file_of(BACK).await.unwrap(),
    );
    ap_file_row(&rig, &f_main, Some(rig.ps_id(MAIN)));
    ap_file_row(&rig, &f_back, Some(rig.ps_id(BACK)));
    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join("press-shot.jpg");
    image::RgbImage::from_pixel(32, 32, image::Rgb([200, 40, 40]))
        .save(&local)
        .unwrap();
    let f_local = rig
        .remotes
        .allportal
        .upload_file(&shelflink::allportal::NewFile {
            path: &local,
            parent_path: None,
            fields: None,
            replay: shelflink::net::Replay::Unsafe,
        })
        .await
        .unwrap()
        .id
        .0;
    ap_file_row(&rig, &f_local, None);
    let request = |recipients: &[&str]| ShareRequest {
        files: vec![f_main.clone(), f_back.clone(), f_local.clone()],
        gallery: "Press kit SS26".into(),
        recipients: recipients.iter().map(|r| r.to_string()).collect(),
        expires_at: Some(chrono::Utc::now() + chrono::Duration::days(30)),
        message: Some("For the spring catalogue".into()),
        channel: Some("press".into()),
        region: None,
    };
    rig.sim.writes.clear();

    linking::share(
        rig.workspace.cache(),
        &rig.rules,
        &request(&["press@example.org"]),
    )
    .unwrap();
    rig.run().await;
    linking::share(
        rig.workspace.cache(),
        &rig.rules,
        &request(&["Press@Example.org"]),
    )
    .unwrap();
    rig.run().await;

    let results: Vec<serde_json::Value> = rig
        .jobs()
        .into_iter()
        .filter(|j| j.kind == JobKind::Share)
        .map(|j| j.result.unwrap())
        .collect();
    assert_eq!(results[0]["added"], 2);
    assert_eq!(results[0]["uploaded"], 1);
    assert_eq!(results[1]["added"], 0, "everything was there already");
    assert_eq!(results[1]["uploaded"], 0);
    assert_eq!(results[1]["reused_share"], true);
    assert_eq!(results[0]["share"], results[1]["share"]);
    let writes = rig.writes();
    let count = |suffix: &str| {
        writes
            .iter()
            .filter(|w| w.method == "POST" && w.path.ends_with(suffix))
            .count()
    };
    assert_eq!(count("/gallery/insert"), 1);
    assert_eq!(count("/image/upload"), 1);
    assert_eq!(count("/share"), 1);
    let gallery = shelflink::photoshelter::GalleryId::new(results[0]["gallery"].as_str().unwrap());
    let images: Vec<_> = futures::TryStreamExt::try_collect::<Vec<_>>(
        rig.remotes
            .photoshelter
            .gallery_images(&gallery, &ImageListOptions::default()),
    )
    .await
    .unwrap();
    assert_eq!(images.len(), 3);
}

#[tokio::test]
async fn an_expired_link_is_flagged_on_its_file_once() {
    let rig = rig().await;
    rig.link(MAIN, "TS-100", Role::Hero, 0);
    rig.run().await;
    let yesterday = (chrono::Local::now().date_naive() - chrono::Duration::days(1)).to_string();
    rig.set_licence_end(MAIN, &yesterday);

    let flagged = linking::flag_links(rig.workspace.cache(), &rig.rules).unwrap();
    assert_eq!(flagged.len(), 1);
    rig.run().await;
    assert!(
        linking::flag_links(rig.workspace.cache(), &rig.rules)
            .unwrap()
            .is_empty()
    );
    rig.run().await;

    let file = rig
        .remotes
        .allportal
        .file_by_photoshelter_id(&rig.ps_id(MAIN), &rig.remotes.mapping)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(file.text("rights_flag"), Some("expired"));
    assert_eq!(
        file.text("rights_note"),
        Some(format!("Licence expired: it ended on {yesterday}").as_str())
    );
    let file_patches = rig
        .writes()
        .iter()
        .filter(|w| w.method == "PATCH" && w.fields["module"] == "file")
        .count();
    assert_eq!(file_patches, 1);
}

#[tokio::test]
async fn the_approval_signal_is_a_keyword_or_a_gallery_membership_added_once() {
    let rig = rig().await;
    linking::approve(rig.workspace.cache(), &rig.rules, &rig.ps_id(MAIN)).unwrap();
    let gallery_rules = Rules {
        approval: ApprovalConfig {
            signal: ApprovalSignal::Gallery {
                name: "Approved".into(),
            },
        },
        ..Rules::default()
    };
    linking::approve(rig.workspace.cache(), &gallery_rules, &rig.ps_id(BACK)).unwrap();
    linking::approve(rig.workspace.cache(), &gallery_rules, &rig.ps_id(MAIN)).unwrap();
    rig.run().await;

    let keywords = rig
        .remotes
        .photoshelter
        .iptc(&ImageId::new(rig.ps_id(MAIN)))
        .await
        .unwrap()
        .keyword;
    assert_eq!(keywords.iter().filter(|k| *k == "approved").count(), 1);
    let gallery = rig
        .remotes
        .photoshelter
        .find_gallery(None, "Approved")
        .await
        .unwrap()
        .unwrap();
    let members: Vec<_> = futures::TryStreamExt::try_collect::<Vec<_>>(
        rig.remotes
            .photoshelter
            .gallery_images(&gallery.gallery_id, &ImageListOptions::default()),
    )
    .await
    .unwrap();
    assert_eq!(members.len(), 2);
    let made = rig
        .writes()
        .iter()
        .filter(|w| w.path.ends_with("/gallery/insert"))
        .count();
    assert_eq!(made, 1, "the gallery is made once");
}

#[tokio::test]
async fn a_service_that_cannot_be_reached_makes_jobs_wait_not_fail() {
    let mut rig = rig().await;
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let mut config =
        shelflink::allportal::AllportalConfig::new(format!("http://{closed}").parse().unwrap());
    config.api_key = Some(secrecy::SecretString::from(
        rig.sim.credentials.allportal.api_key.clone(),
    ));
    config.net = crate::support::fast_net();
    rig.remotes.allportal = shelflink::allportal::AllportalClient::new(config).unwrap();
    rig.link(MAIN, "TS-100", Role::Hero, 0);

    let worker = Worker::new(rig.workspace.clone(), rig.remotes.clone(), fast_worker());
    let stop = CancellationToken::new();
    let stopper = stop.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(600)).await;
        stopper.cancel();
    });
    worker.run(RunUntil::Stopped, stop).await.unwrap();

    let upload = rig
        .jobs()
        .into_iter()
        .find(|j| j.kind == JobKind::UploadFile)
        .unwrap();
    assert_eq!(upload.state, JobState::Queued);
    assert_eq!(
        upload.attempts, 0,
        "waiting for the network uses no attempt"
    );
    assert!(
        upload
            .last_error
            .unwrap()
            .contains("cannot reach 4ALLPORTAL")
    );
    let tries: i64 = rig
        .workspace
        .cache()
        .with_conn(|c| {
            c.query_row(
                "SELECT count(*) FROM job_attempts WHERE outcome = 'offline'",
                [],
                |r| r.get(0),
            )
        })
        .unwrap();
    assert!(
        (2..=12).contains(&tries),
        "tried again every 100 ms: {tries}"
    );
}

#[tokio::test]
async fn a_paused_queue_starts_nothing_until_resumed() {
    let rig = rig().await;
    rig.link(MAIN, "TS-100", Role::Hero, 0);
    rig.workspace
        .cache()
        .with_conn(|c| status::set_paused(c, true))
        .unwrap();
    let worker = Worker::new(rig.workspace.clone(), rig.remotes.clone(), fast_worker());
    let stop = CancellationToken::new();
    let stopper = stop.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        stopper.cancel();
    });
    let report = worker.run(RunUntil::Stopped, stop).await.unwrap();
    assert_eq!(report.attempts, 0);
    assert!(rig.writes().is_empty());

    rig.workspace
        .cache()
        .with_conn(|c| status::set_paused(c, false))
        .unwrap();
    assert_eq!(rig.run().await.done, 4);
}

#[tokio::test]
async fn a_job_cancelled_while_it_runs_stops_before_its_write() {
    let rig = Rig::start(
        catalog(&["TS-100"], &[MAIN]),
        vec![(
            shelflink_sim::Service::Photoshelter,
            FaultRule {
                method: Some("GET".into()),
                path: Some("/psapi/v3/mem/image/*/download".into()),
                latency_ms: 400,
                ..FaultRule::default()
            },
        )],
    )
    .await;
    let linked = rig.link(MAIN, "TS-100", Role::Hero, 0);
    let upload = linked.jobs[0];
    let workspace = rig.workspace.clone();
    let canceller = tokio::spawn(async move {
        loop {
            let running = workspace
                .cache()
                .with_conn(|c| queue::get(c, upload))
                .unwrap()
                .is_some_and(|j| j.state == JobState::Running);
            if running {
                tokio::time::sleep(Duration::from_millis(50)).await;
                return workspace
                    .cache()
                    .with_conn(|c| status::cancel(c, upload, chrono::Utc::now()))
                    .unwrap();
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    });
    rig.run().await;

    assert_eq!(
        canceller.await.unwrap(),
        shelflink::transfer::Cancelled::Requested
    );
    assert_eq!(state_of(&rig, JobKind::UploadFile), [JobState::Cancelled]);
    assert_eq!(state_of(&rig, JobKind::Relate), [JobState::Cancelled]);
    assert!(uploads_by_image(&rig.writes()).is_empty());
    assert_eq!(rig.link_state(linked.link_id).0, "failed");
    assert!(product_patches(&rig.writes(), "images").is_empty());
    assert!(notices(&rig.writes()).is_empty());
}
