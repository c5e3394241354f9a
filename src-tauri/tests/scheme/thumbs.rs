//! The `thumb` scheme as the webview reaches it: the shell's handler on a real workspace,
//! with Linux/macOS and Windows URL spellings, and the CSP that lets images load from it.

use shelflink::thumbs::pipeline::jpeg_markers::JpegMarkers;
use shelflink::workspace::{Workspace, WorkspaceKind};
use shelflink_app::WorkspaceState;
use shelflink_app::thumbs::{respond, thumbnails, thumbnails_when_open};
use std::path::PathBuf;
use std::sync::Arc;
use tauri::http::{self, Method};

fn fixtures() -> PathBuf {
    std::env::var_os("SHELFLINK_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures"))
}

fn get(method: Method, url: &str) -> http::Request<Vec<u8>> {
    http::Request::builder()
        .method(method)
        .uri(url)
        .body(Vec::new())
        .unwrap()
}

#[tokio::test]
async fn a_local_thumbnail_is_served_with_its_type_on_every_platform_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = Workspace::open(dir.path(), WorkspaceKind::Demo).unwrap();
    let photo = fixtures().join("catalog/images/mh02-black_main.jpg");
    let token = workspace
        .thumbnails()
        .unwrap()
        .register_local(&photo)
        .unwrap();
    let state = WorkspaceState::opened(workspace);

    for base in ["thumb://localhost", "http://thumb.localhost"] {
        let url = format!("{base}/local/{token}/320");
        let answer = respond(thumbnails(&state), &get(Method::GET, &url)).await;
        assert_eq!(answer.status(), 200, "{url}");
        assert_eq!(answer.headers()["content-type"], "image/jpeg");
        assert_eq!(answer.headers()["cache-control"], "no-cache");
        let jpeg = JpegMarkers::read(answer.body()).unwrap();
        assert_eq!((jpeg.width, jpeg.height), (258, 320));
    }
    assert!(
        dir.path().join("thumbs/index.sqlite").is_file(),
        "the store lives in the workspace's thumbs folder"
    );

    let url = format!("thumb://localhost/local/{token}/320");
    let head = respond(thumbnails(&state), &get(Method::HEAD, &url)).await;
    assert_eq!(head.status(), 200);
    assert!(head.body().is_empty());
    assert_eq!(head.headers()["content-type"], "image/jpeg");
    let post = respond(thumbnails(&state), &get(Method::POST, &url)).await;
    assert_eq!(post.status(), 405);
}

#[tokio::test]
async fn a_remote_asset_the_cache_does_not_know_answers_404_with_a_picture() {
    let dir = tempfile::tempdir().unwrap();
    let state = WorkspaceState::opened(Workspace::open(dir.path(), WorkspaceKind::Demo).unwrap());
    let answer = respond(
        thumbnails(&state),
        &get(Method::GET, "thumb://localhost/ps/I0000abc/160?v=1"),
    )
    .await;
    assert_eq!(answer.status(), 404);
    assert_eq!(answer.headers()["content-type"], "image/svg+xml");
    assert!(answer.body().starts_with(b"<svg"));
}

#[tokio::test]
async fn a_thumbnail_asked_for_while_the_workspace_opens_is_served_once_it_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let photo = fixtures().join("catalog/images/mh02-black_main.jpg");
    let state = Arc::new(WorkspaceState::pending(false));
    let opener = {
        let (state, data_dir) = (state.clone(), dir.path().to_path_buf());
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(300));
            state.fill(Ok(Workspace::open(&data_dir, WorkspaceKind::Demo).unwrap()));
        })
    };

    // The page's first images are asked for before the workspace is open.
    let thumbs = thumbnails_when_open(&state)
        .await
        .expect("the thumbnails once the workspace is open");

    opener.join().unwrap();
    let token = thumbs.register_local(&photo).unwrap();
    let url = format!("thumb://localhost/local/{token}/160");
    let answer = respond(Ok(thumbs), &get(Method::GET, &url)).await;
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-type"], "image/jpeg");
}

#[tokio::test]
async fn without_a_workspace_every_thumbnail_says_why() {
    let state = WorkspaceState::failed("the data folder /data is read-only");
    let answer = respond(
        thumbnails(&state),
        &get(Method::GET, "thumb://localhost/ps/I0000abc/160"),
    )
    .await;
    assert_eq!(answer.status(), 503);
    assert_eq!(
        answer.headers()["x-shelflink-error"],
        "thumbnails are unavailable: the data folder /data is read-only"
    );
}

#[test]
fn the_csp_lets_images_load_from_the_scheme_on_every_platform() {
    let config: serde_json::Value =
        serde_json::from_str(include_str!("../../../tauri.conf.json")).unwrap();
    let csp = &config["app"]["security"]["csp"];
    let img: Vec<&str> = csp["img-src"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .collect();
    // `thumb:` covers thumb://localhost (Linux, macOS); Windows serves http://thumb.localhost.
    assert_eq!(img, ["'self'", "thumb:", "http://thumb.localhost"]);
    let connect = csp["connect-src"].as_str().unwrap();
    assert!(
        !connect.contains("thumb"),
        "thumbnails are images, not fetches: {connect}"
    );
}
