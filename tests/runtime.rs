//! The app's runtime on the demo workspace, as a person meets it: the first start opens the
//! demo on its built-in simulator and fills the cache; an image linked to a product is
//! carried by the transfer worker and shows "confirmed" after the sync that follows; the
//! daily rights check flags a link whose licence ended and tells people before licences
//! end; closing the app stops everything.

use serde_json::Value;
use shelflink::commands::events::RecordedEvents;
use shelflink::linking::{LinkRequest, Rules};
use shelflink::model::Role;
use shelflink::net::Service;
use shelflink::runtime::{self, FirstSync, Runtime, rights_watch};
use shelflink::settings::Settings;
use shelflink::thumbs::ThumbRequest;
use shelflink::transfer::clock::fixed_clock;
use shelflink::transfer::queue::{self, JobFilter};
use shelflink::transfer::{Payload, RightsFlag};
use shelflink::workspace::{Workspace, WorkspaceKind};
use shelflink_sim::seed::demo::{DEMO_IMAGES, DEMO_PRODUCTS};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Waits (bounded) until `ready` holds.
async fn until<T>(what: &str, limit: Duration, mut ready: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(value) = ready() {
            return value;
        }
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn link_state(ws: &Workspace, link: i64) -> String {
    ws.cache()
        .with_conn(|c| {
            c.query_row("SELECT state FROM links WHERE id = ?1", [link], |r| {
                r.get(0)
            })
        })
        .unwrap()
}

fn ids(ws: &Workspace, file: &str, sku: &str) -> (String, String) {
    ws.cache()
        .with_conn(|c| {
            Ok((
                c.query_row(
                    "SELECT ps_id FROM assets WHERE file_name = ?1",
                    [file],
                    |r| r.get(0),
                )?,
                c.query_row("SELECT ap_id FROM products WHERE sku = ?1", [sku], |r| {
                    r.get(0)
                })?,
            ))
        })
        .unwrap_or_else(|e| panic!("{file} and {sku} are in the cache: {e}"))
}

fn link_of(ws: &Workspace, file: &str) -> i64 {
    ws.cache()
        .with_conn(|c| {
            c.query_row(
                "SELECT l.id FROM links l JOIN assets a ON a.id = l.asset_id WHERE a.file_name = ?1",
                [file],
                |r| r.get(0),
            )
        })
        .unwrap_or_else(|e| panic!("{file} is linked: {e}"))
}

#[test]
fn without_accounts_the_app_chooses_the_demo_and_with_accounts_the_live_workspace() {
    let base = tempfile::tempdir().unwrap();
    let demo = runtime::choose(base.path(), false);
    assert_eq!(demo.kind, WorkspaceKind::Demo);
    assert_eq!(demo.data_dir, base.path().join("demo"));

    Settings::update(&base.path().join("settings.json"), |s| {
        s.upsert_account(shelflink::accounts::Account::new(
            Service::Allportal,
            "https://dam.example.org",
            "api-user",
        ))
    })
    .unwrap();
    let live = runtime::choose(base.path(), false);
    assert_eq!(live.kind, WorkspaceKind::Live);
    assert_eq!(live.data_dir, base.path());
    assert_eq!(runtime::choose(base.path(), true).kind, WorkspaceKind::Demo);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_runs_syncs_carries_links_checks_rights_and_stops() {
    let base = tempfile::tempdir().unwrap();
    let choice = runtime::choose(base.path(), false);

    // A previous run left data behind: the demo starts afresh.
    let old = runtime::open(&choice).unwrap();
    old.cache()
        .set_meta("left_by_an_earlier_run", "yes")
        .unwrap();
    drop(old);
    let ws = runtime::open(&choice).unwrap();
    assert_eq!(ws.cache().meta("left_by_an_earlier_run").unwrap(), None);
    let events = Arc::new(RecordedEvents::default());
    ws.attach_events(events.clone());

    // First start: the simulator runs inside the process, the accounts point at it.
    let running = Runtime::start(ws.clone()).await.unwrap();
    let sim = running.simulator().expect("the demo runs its simulator");
    let demo = ws.runtime_status().snapshot().demo.expect("demo status");
    assert_eq!(demo.photoshelter_url, sim.photoshelter.base_url);
    assert_eq!(demo.allportal_url, sim.allportal.base_url);
    assert!(
        demo.notice.contains("each start begins again"),
        "{}",
        demo.notice
    );
    let settings = Settings::load(&ws.settings_file()).unwrap();
    let urls: Vec<&str> = settings
        .accounts
        .iter()
        .map(|a| a.base_url.as_str())
        .collect();
    assert_eq!(
        urls,
        [
            sim.photoshelter.base_url.as_str(),
            sim.allportal.base_url.as_str()
        ]
    );
    let ap = &settings.accounts[1];
    let key = ws
        .secrets()
        .get(&ap.id, shelflink::accounts::SecretKind::ApiKey)
        .unwrap()
        .expect("the demo's API key is in the workspace's memory store");
    use secrecy::ExposeSecret;
    assert_eq!(key.expose_secret(), sim.credentials.allportal.api_key);
    assert!(
        !std::fs::read_to_string(ws.settings_file())
            .unwrap()
            .contains(&sim.credentials.allportal.api_key),
        "no secret in the settings file"
    );

    // The initial sync fills the cache with the demo seed.
    let first = until("the first sync ends", Duration::from_secs(240), || match ws
        .runtime_status()
        .snapshot()
        .first_sync
    {
        FirstSync::Pending | FirstSync::Running => None,
        other => Some(other),
    })
    .await;
    assert_eq!(first, FirstSync::Finished);
    let counts = ws.cache().counts().unwrap();
    assert_eq!(counts.images as usize, DEMO_IMAGES);
    assert_eq!(counts.products as usize, DEMO_PRODUCTS);
    assert_eq!(counts.links as usize, sim.seeded.links);
    let mut seen = events.take();
    let names: Vec<&str> = seen.iter().map(|(name, _)| *name).collect();
    assert!(names.contains(&"sync_progress"), "{names:?}");
    assert!(names.contains(&"sync_finished"), "{names:?}");

    // The grid's thumbnails come from the cache rows and the demo's PhotoShelter.
    let (hero, _) = ids(&ws, "24-gb1002_main.jpg", "24-GB1002");
    let request = ThumbRequest::parse(&format!("ps/{hero}/320"), None).unwrap();
    let served = ws.thumbnails().unwrap().thumbnail(&request).await.unwrap();
    assert_eq!(served.thumb.content_type, "image/jpeg");
    let picture = image::load_from_memory(&served.thumb.bytes).unwrap();
    assert_eq!(picture.width().max(picture.height()), 320);

    // The expired hero of 24-GB1002 was flagged by that sync, and its flag job queued.
    let flag_jobs = |ws: &Workspace| -> Vec<(String, RightsFlag)> {
        ws.cache()
            .with_conn(|c| queue::list(c, &JobFilter::default()))
            .unwrap()
            .into_iter()
            .filter_map(|job| match job.payload {
                Payload::FlagRights(f) => Some((f.file, f.flag)),
                _ => None,
            })
            .collect()
    };
    assert!(
        flag_jobs(&ws)
            .iter()
            .any(|(_, flag)| *flag == RightsFlag::Expired),
        "{:?}",
        flag_jobs(&ws)
    );

    // Link an image: the worker carries it, the sync after the queue ran empty confirms it.
    let rules = Rules::from_settings(&settings).unwrap();
    let file = "sl1004-blue_back.jpg";
    let (asset, product) = ids(&ws, file, "SL1004");
    shelflink::linking::approve(ws.cache(), &rules, &asset).expect("the back view is approved");
    let linked = shelflink::linking::link(
        ws.cache(),
        &rules,
        &LinkRequest {
            asset,
            product,
            role: Role::Gallery,
            position: 1,
            from_suggestion: false,
        },
    )
    .expect("the approved, royalty-free back view links to its product");
    until("the link is confirmed", Duration::from_secs(120), || {
        (link_state(&ws, linked.link_id) == "confirmed").then_some(())
    })
    .await;
    let writes = reqwest::get(format!("{}/_sim/writes", demo.allportal_url))
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert!(
        writes.to_string().contains(file),
        "the simulator's 4ALLPORTAL received the file: {writes}"
    );

    // The rights check after the first sync told people of the watch's licence ending.
    seen.extend(events.take());
    let told: Vec<&Value> = seen
        .iter()
        .filter(|(name, _)| *name == "desktop_notification")
        .map(|(_, payload)| payload)
        .collect();
    assert!(
        told.iter()
            .any(|n| n["title"] == "1 licence ends within 14 days"
                && n["body"].as_str().unwrap().contains("24-gw1003_main.jpg (")),
        "{told:?}"
    );
    assert!(
        told.iter()
            .any(|n| n["body"].as_str().unwrap().contains("24-gb1002_main.jpg")),
        "the expired hero is announced too: {told:?}"
    );

    // The daily check, eleven days on: the watch's licence (ending in 10 days) has ended.
    let later = Rules {
        today: fixed_clock((chrono::Local::now() + chrono::Duration::days(11)).fixed_offset()),
        ..rules.clone()
    };
    let watch_link = link_of(&ws, "24-gw1003_main.jpg");
    let check = rights_watch::check(ws.cache(), &later).unwrap();
    let flagged = check
        .flagged
        .iter()
        .find(|f| f.link_id == watch_link)
        .expect("the watch's link is flagged");
    assert_eq!(flagged.flag, Some(RightsFlag::Expired));
    let job = flagged.job.expect("a flag job is queued");
    let job = ws
        .cache()
        .with_conn(|c| queue::get(c, job))
        .unwrap()
        .unwrap();
    assert!(
        matches!(&job.payload, Payload::FlagRights(f) if f.flag == RightsFlag::Expired),
        "{:?}",
        job.payload
    );
    assert!(
        check
            .notifications
            .iter()
            .any(|n| n.title.contains("licence") && n.body.contains("24-gw1003_main.jpg")),
        "{:?}",
        check.notifications
    );
    let again = rights_watch::check(ws.cache(), &later).unwrap();
    assert!(
        again.flagged.is_empty(),
        "nothing changed since: {:?}",
        again.flagged
    );
    assert!(
        again.notifications.is_empty(),
        "told once: {:?}",
        again.notifications
    );

    // Closing the app stops the worker, the schedule and the simulator.
    let allportal = demo.allportal_url.clone();
    running.shutdown().await;
    assert!(!ws.sync_slot().is_running());
    assert!(
        reqwest::get(format!("{allportal}/_sim/writes"))
            .await
            .is_err(),
        "the simulator stopped listening"
    );
    shelflink::transfer::worker::lock::WorkerLock::acquire(ws.data_dir())
        .expect("the worker released the workspace");
}
