use super::*;
use crate::cache::Counts;
use crate::commands::events::RecordedEvents;
use crate::workspace::{Workspace, WorkspaceKind};
use serde_json::json;
use std::sync::Arc;

fn workspace(kind: WorkspaceKind) -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(dir.path(), kind).unwrap();
    (dir, ws)
}

#[tokio::test]
async fn app_status_reports_the_workspace_the_app_runs_on() {
    let (dir, ws) = workspace(WorkspaceKind::Demo);

    let response = dispatch(&ws, "app_status", json!({})).await.unwrap();

    assert_eq!(
        response,
        json!({
            "app_version": env!("CARGO_PKG_VERSION"),
            "data_dir": dir.path().display().to_string(),
            "workspace": "demo",
            "schema_version": crate::cache::SCHEMA_VERSION,
            "counts": { "galleries": 0, "images": 0, "products": 0, "links": 0 },
            // No background work runs on this workspace: no simulator, no first sync yet.
            "demo": null,
            "first_sync": { "state": "pending" },
            "transfer_stopped": null,
        })
    );
}

#[tokio::test]
async fn app_status_counts_what_the_cache_holds() {
    let (_dir, ws) = workspace(WorkspaceKind::Live);
    ws.cache()
        .with_conn(|conn| {
            conn.execute_batch(
                "INSERT INTO galleries (id, name, path, synced_at) VALUES ('G1', 'Jackets', 'Men / Jackets', 'x');",
            )
        })
        .unwrap();

    let status = app_status::run(&ws, AppStatusRequest {}).await.unwrap();

    assert_eq!(status.workspace, WorkspaceKind::Live);
    assert_eq!(
        status.counts,
        Counts {
            galleries: 1,
            ..Counts::default()
        }
    );
}

#[tokio::test]
async fn an_unknown_command_says_ui_and_core_are_out_of_step() {
    let (_dir, ws) = workspace(WorkspaceKind::Live);

    let err = dispatch(&ws, "delete_everything", json!({}))
        .await
        .unwrap_err();

    assert_eq!(err.code, ErrorCode::UnknownCommand);
    assert!(
        err.message.contains("\"delete_everything\""),
        "{}",
        err.message
    );
    assert!(err.message.contains("rebuild the app"), "{}", err.message);
}

#[tokio::test]
async fn a_request_that_does_not_match_its_type_is_rejected() {
    let (_dir, ws) = workspace(WorkspaceKind::Live);

    let err = dispatch(&ws, "app_status", json!({ "verbose": true }))
        .await
        .unwrap_err();

    assert_eq!(err.code, ErrorCode::InvalidRequest);
    assert!(err.message.contains("app_status"), "{}", err.message);
    assert!(err.message.contains("verbose"), "{}", err.message);
}

#[test]
fn every_declared_command_is_listed_once() {
    assert_eq!(
        COMMAND_NAMES,
        [
            "app_status",
            "sync_start",
            "sync_cancel",
            "sync_status",
            "search_assets",
            "search_products",
            "asset_detail",
            "product_detail",
            "rights_review",
            "rights_review_csv",
            "link_asset",
            "unlink_asset",
            "reorder_links",
            "approve_version",
            "approve_preview",
            "share_files",
            "transfer_status",
            "transfer_jobs",
            "transfer_pause",
            "transfer_retry",
            "transfer_cancel",
            "gallery_tree",
            "export_start",
            "export_cancel",
            "export_folder",
            "share_products",
            "share_status",
            "share_galleries"
        ]
    );
    let mut names = COMMAND_NAMES.to_vec();
    names.dedup();
    assert_eq!(names.len(), COMMAND_NAMES.len());
}

#[test]
fn the_committed_typescript_bindings_are_up_to_date() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings");
    bindings::check(&dir).unwrap();
}

#[test]
fn the_command_map_names_each_command_with_its_types() {
    let cfg = ts_rs::Config::new();
    let ts = bindings::commands_ts(&declared_commands(), &cfg).unwrap();

    assert!(
        ts.contains("import type { AppStatus } from \"./AppStatus\";"),
        "{ts}"
    );
    assert!(
        ts.contains("import type { AppStatusRequest } from \"./AppStatusRequest\";"),
        "{ts}"
    );
    assert!(
        ts.contains("  app_status: { request: AppStatusRequest; response: AppStatus };"),
        "{ts}"
    );
    assert!(
        ts.contains("   * The app version, the data folder,"),
        "{ts}"
    );
    assert!(
        ts.contains("export const COMMAND_NAMES = [\"app_status\", \"sync_start\""),
        "{ts}"
    );
}

mod sample_events {
    use serde::Serialize;
    use ts_rs::TS;

    #[derive(Serialize, TS)]
    pub struct SampleProgress {
        pub done: u32,
        pub total: u32,
    }

    crate::commands::declare::declare_events! {
        /// How far a sample job has come.
        sample_progress: SampleProgress;
    }
}

#[test]
fn a_declared_event_is_named_once_and_mapped_to_its_payload() {
    use crate::commands::events::Event;
    assert_eq!(sample_events::SampleProgress::NAME, "sample_progress");
    assert_eq!(sample_events::EVENT_NAMES, ["sample_progress"]);

    let ts = bindings::events_ts(&sample_events::declared_events(), &ts_rs::Config::new()).unwrap();

    assert!(
        ts.contains("import type { SampleProgress } from \"./SampleProgress\";"),
        "{ts}"
    );
    assert!(
        ts.contains(
            "   * How far a sample job has come.\n   */\n  sample_progress: SampleProgress;"
        ),
        "{ts}"
    );
}

#[test]
fn emitted_events_reach_the_attached_sink_with_their_payload() {
    let (_dir, ws) = workspace(WorkspaceKind::Live);
    let sink = Arc::new(RecordedEvents::default());
    ws.attach_events(sink.clone());

    ws.emit(&sample_events::SampleProgress { done: 3, total: 10 });

    assert_eq!(
        sink.take(),
        vec![("sample_progress", json!({ "done": 3, "total": 10 }))]
    );
}

#[test]
fn the_app_declares_the_sync_and_transfer_events() {
    assert_eq!(
        EVENT_NAMES,
        [
            "sync_progress",
            "sync_finished",
            "transfer_progress",
            "job_changed",
            "desktop_notification",
            "export_progress"
        ]
    );
}

#[tokio::test]
async fn an_export_of_products_that_are_not_there_says_what_to_correct() {
    let (_dir, ws) = workspace(WorkspaceKind::Live);
    let err = dispatch(
        &ws,
        "export_start",
        json!({
            "selection": { "by": "skus", "value": ["MH04"] },
            "size": { "kind": "original" },
            "use": { "channel": null, "region": null },
            "target": _dir.path().join("out").display().to_string(),
        }),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(
        err.message.contains("no product has the SKU MH04"),
        "{}",
        err.message
    );
    let cancelled = dispatch(&ws, "export_cancel", json!({ "export": "gone" }))
        .await
        .unwrap();
    assert_eq!(cancelled, json!({ "stopping": false }));
    let galleries = dispatch(&ws, "share_galleries", json!({})).await.unwrap();
    assert_eq!(galleries, json!({ "names": [] }));
    let err = dispatch(&ws, "share_status", json!({ "job": 42 }))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}
