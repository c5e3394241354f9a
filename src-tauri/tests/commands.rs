//! The shell's command layer on Tauri's mock runtime, with the real configuration and
//! capabilities: the window reaches core only through `call`, and only the main window may.

use serde_json::{Value, json};
use shelflink::commands::events::EventSink;
use shelflink::workspace::{Workspace, WorkspaceKind};
use shelflink_app::{WorkspaceState, background, configure, events::WindowEvents};
use std::sync::mpsc;
use std::time::Duration;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, Listener, Manager, WebviewWindow, WebviewWindowBuilder};

fn app(state: WorkspaceState) -> App<MockRuntime> {
    configure(mock_builder(), state)
        .build(tauri::generate_context!("../tauri.conf.json", test = true))
        .expect("the app builds on the mock runtime")
}

fn window(app: &App<MockRuntime>, label: &str) -> WebviewWindow<MockRuntime> {
    WebviewWindowBuilder::new(app, label, Default::default())
        .build()
        .expect("a mock window")
}

fn call(
    window: &WebviewWindow<MockRuntime>,
    command: &str,
    request: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: "call".into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(json!({ "command": command, "request": request })),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("a JSON response"))
}

fn demo_workspace() -> (tempfile::TempDir, WorkspaceState) {
    let dir = tempfile::tempdir().unwrap();
    let workspace = Workspace::open(dir.path(), WorkspaceKind::Demo).unwrap();
    (dir, WorkspaceState::opened(workspace))
}

#[test]
fn the_main_window_gets_the_status_of_its_workspace_through_call() {
    let (dir, state) = demo_workspace();
    let app = app(state);
    let main = window(&app, "main");

    let status = call(&main, "app_status", json!({})).expect("app_status answers");

    assert_eq!(status["data_dir"], json!(dir.path().display().to_string()));
    assert_eq!(status["workspace"], json!("demo"));
    assert_eq!(status["app_version"], json!(env!("CARGO_PKG_VERSION")));
    assert_eq!(
        status["schema_version"],
        json!(shelflink::cache::SCHEMA_VERSION)
    );
    assert_eq!(status["counts"]["products"], json!(0));
}

#[test]
fn an_unknown_command_is_answered_with_the_core_error() {
    let (_dir, state) = demo_workspace();
    let app = app(state);
    let main = window(&app, "main");

    let err = call(&main, "format_disk", json!({})).unwrap_err();

    assert_eq!(err["code"], json!("unknown_command"));
    assert!(
        err["message"].as_str().unwrap().contains("\"format_disk\""),
        "{err}"
    );
}

#[test]
fn every_call_tells_why_the_workspace_could_not_be_opened() {
    let app = app(WorkspaceState::failed(
        "the cache database /data/cache.sqlite was written by a newer Shelflink",
    ));
    let main = window(&app, "main");

    let err = call(&main, "app_status", json!({})).unwrap_err();

    assert_eq!(
        err,
        json!({
            "code": "workspace_unavailable",
            "message": "the cache database /data/cache.sqlite was written by a newer Shelflink",
        })
    );
}

#[test]
fn a_call_made_while_the_workspace_opens_waits_and_answers_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(WorkspaceState::pending(false));
    let main = window(&app, "main");
    let handle = app.handle().clone();
    let data_dir = dir.path().to_path_buf();
    let opener = std::thread::spawn(move || {
        // The page's first call is on its way before the workspace is open.
        std::thread::sleep(Duration::from_millis(300));
        let workspace = Workspace::open(&data_dir, WorkspaceKind::Demo).unwrap();
        handle.state::<WorkspaceState>().fill(Ok(workspace));
    });

    let status = call(&main, "app_status", json!({})).expect("app_status answers once open");

    opener.join().unwrap();
    assert_eq!(status["workspace"], json!("demo"));
    assert_eq!(status["data_dir"], json!(dir.path().display().to_string()));
}

#[test]
fn a_window_other_than_main_may_not_call_core() {
    let (_dir, state) = demo_workspace();
    let app = app(state);
    let other = window(&app, "other");

    let err = call(&other, "app_status", json!({})).unwrap_err();

    let message = err.as_str().unwrap_or_default();
    assert!(message.contains("not allowed"), "{err}");
}

#[test]
fn core_events_reach_the_window_under_their_declared_name() {
    let (_dir, state) = demo_workspace();
    let app = app(state);
    let (tx, rx) = mpsc::channel();
    app.listen("sample_progress", move |event| {
        tx.send(event.payload().to_owned()).unwrap();
    });

    WindowEvents::new(app.handle().clone()).emit("sample_progress", json!({ "done": 2 }));

    let payload = rx
        .recv_timeout(Duration::from_secs(5))
        .expect("the event arrives");
    assert_eq!(
        serde_json::from_str::<Value>(&payload).unwrap(),
        json!({ "done": 2 })
    );
}

#[test]
fn every_declared_core_event_reaches_the_window() {
    let (_dir, state) = demo_workspace();
    let app = app(state);
    let (tx, rx) = mpsc::channel();
    for name in shelflink::commands::EVENT_NAMES {
        let tx = tx.clone();
        app.listen(*name, move |_| tx.send(name).unwrap());
    }

    let sink = WindowEvents::new(app.handle().clone());
    for name in shelflink::commands::EVENT_NAMES {
        sink.emit(name, json!({}));
    }

    let mut heard: Vec<&str> = (0..shelflink::commands::EVENT_NAMES.len())
        .map(|_| {
            *rx.recv_timeout(Duration::from_secs(5))
                .expect("the event arrives")
        })
        .collect();
    heard.sort();
    let mut declared = shelflink::commands::EVENT_NAMES.to_vec();
    declared.sort();
    assert_eq!(heard, declared);
}

#[test]
fn app_status_reports_the_demo_its_simulator_and_the_first_sync() {
    let base = tempfile::tempdir().unwrap();
    let choice = shelflink::runtime::choose(base.path(), false);
    let state = WorkspaceState::pending(true);
    state.fill(Ok(shelflink::runtime::open(&choice).unwrap()));
    let app = app(state);
    let main = window(&app, "main");
    background::start(app.handle());

    let started = std::time::Instant::now();
    let status = loop {
        let status = call(&main, "app_status", json!({})).expect("app_status answers");
        if status["first_sync"]["state"] == json!("finished") {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "the first sync did not finish: {status}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };

    assert_eq!(status["workspace"], json!("demo"));
    assert_eq!(
        status["data_dir"],
        json!(base.path().join("demo").display().to_string())
    );
    let demo = &status["demo"];
    for url in [&demo["photoshelter_url"], &demo["allportal_url"]] {
        assert!(
            url.as_str().unwrap().starts_with("http://127.0.0.1:"),
            "{demo}"
        );
    }
    assert_ne!(demo["photoshelter_url"], demo["allportal_url"]);
    assert_eq!(status["counts"]["images"], demo["seeded_images"]);
    assert_eq!(status["counts"]["products"], demo["seeded_products"]);
    assert!(status["counts"]["images"].as_u64().unwrap() > 0, "{status}");
    assert_eq!(status["transfer_stopped"], json!(null));

    background::stop(app.handle());
}

#[path = "scheme/thumbs.rs"]
mod thumb_scheme;
