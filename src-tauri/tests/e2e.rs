//! End-to-end test of the real app: the built binary, in a real WebKitGTK webview, driven
//! through tauri-driver and WebKitWebDriver on a private Xvfb display. It fails (never
//! skips) when any of them is missing; `make test` installs and provides them all.
//!
//! The app is the debug build cargo made for this test, or the binary named by
//! `SHELFLINK_E2E_APP` (`make test-package` points it at the installed `/usr/bin/shelflink-app`).
//!
//! Evidence is saved in `target/e2e/`: a screenshot of the window and the driver's log;
//! the journeys save a numbered screenshot of each step in `target/e2e/journeys/`.
//! Linux only: Xvfb and WebKitWebDriver are the Linux stack.
#![cfg(target_os = "linux")]

mod e2e_journeys;
mod e2e_support;

use e2e_support::session::Session;
use e2e_support::{app_under_test, run_with_timeout};
use fantoccini::Locator;
use std::path::Path;
use std::time::Duration;

#[tokio::test]
async fn the_first_start_opens_the_demo_and_the_status_bar_shows_its_synced_counts() {
    // The data folder outlives the session: the app's log is read after it closed.
    let scratch = tempfile::tempdir().unwrap();
    let shelflink_home = scratch.path().join("shelflink");
    // No --demo: a fresh data folder without accounts opens the demo by itself.
    let session = Session::launch("smoke", &app_under_test(), Some(&shelflink_home)).await;

    // One value that only core knows: the demo workspace's data folder, through `app_status`.
    let expected_dir = shelflink_home.join("demo");
    session
        .text_until(
            "the status bar's data folder",
            "[data-testid='status-data-dir']",
            Duration::from_secs(30),
            |text| text == expected_dir.display().to_string(),
        )
        .await;

    let client = &session.client;
    assert_eq!(client.title().await.unwrap(), "Shelflink");
    let native_title = run_with_timeout(
        "xdotool",
        &[
            "search",
            "--sync",
            "--onlyvisible",
            "--name",
            "^Shelflink$",
            "getwindowname",
        ],
        &session.display_name(),
        Duration::from_secs(20),
    );
    assert_eq!(native_title.trim(), "Shelflink", "the native window title");

    let mut headings = Vec::new();
    for heading in client.find_all(Locator::Css("h2")).await.unwrap() {
        headings.push(heading.text().await.unwrap());
    }
    assert_eq!(headings, ["PhotoShelter", "4ALLPORTAL"]);

    let workspace = client
        .find(Locator::Css("[data-testid='status-workspace']"))
        .await
        .unwrap();
    assert_eq!(workspace.text().await.unwrap(), "Demo workspace");
    let schema = client
        .find(Locator::Css("[data-testid='status-schema']"))
        .await
        .unwrap();
    assert_eq!(
        schema.text().await.unwrap(),
        format!("Cache schema {}", shelflink::cache::SCHEMA_VERSION)
    );

    // The demo's simulator runs inside the app and the first sync fills the cache: the
    // status bar shows the seed's counts once it finished (it is drawn again then, so the
    // wait finds it afresh each time).
    let wanted = format!(
        "{} images · {} products",
        shelflink_sim::seed::demo::DEMO_IMAGES,
        shelflink_sim::seed::demo::DEMO_PRODUCTS
    );
    let shown = session
        .text_until(
            "the demo's synced counts in the status bar",
            "[data-testid='status-counts']",
            Duration::from_secs(120),
            |text| text.contains(&wanted),
        )
        .await;
    eprintln!("status bar: {shown}");

    // What core reports about the demo, asked the way the UI asks it.
    let status = session.call("app_status", serde_json::json!({})).await;
    assert_eq!(status["first_sync"]["state"], "finished", "{status}");
    let allportal = status["demo"]["allportal_url"]
        .as_str()
        .expect("the demo's 4ALLPORTAL");
    let answer = http_get(allportal, "/_sim/writes");
    assert!(
        answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200"),
        "the test reaches the demo's simulator: {answer}"
    );

    session.shot("main-window").await;
    session.finish().await;
    assert_log_written(&expected_dir);
}

#[tokio::test]
async fn the_main_journeys_link_approve_refuse_and_review_rights_on_the_demo_workspace() {
    let session = Session::start("journeys").await;
    e2e_journeys::link::drag_an_image_onto_a_product(&session).await;
    e2e_journeys::approve::approve_a_new_version(&session).await;
    e2e_journeys::refusal::an_expired_image_is_refused_with_its_reason(&session).await;
    e2e_journeys::rights::export_the_rights_review_as_csv(&session).await;
    session.finish().await;
}

/// A plain HTTP/1.0 GET of `path` at `base` (`http://127.0.0.1:PORT`): the status line and
/// the body.
fn http_get(base: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let address = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address)
        .unwrap_or_else(|err| panic!("cannot reach {base}: {err}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

/// The app wrote its log into the workspace's data folder.
fn assert_log_written(data_dir: &Path) {
    let logs = data_dir.join("logs");
    let text: String = std::fs::read_dir(&logs)
        .unwrap_or_else(|err| panic!("no log folder {}: {err}", logs.display()))
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect();
    assert!(text.contains("workspace open"), "log: {text}");
}
