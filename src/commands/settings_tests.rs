use super::*;
use crate::settings::Settings;
use crate::versions::ApprovalSignal;
use crate::workspace::{Workspace, WorkspaceKind};

fn workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(dir.path(), WorkspaceKind::Live).unwrap();
    (dir, ws)
}

#[tokio::test]
async fn a_fresh_workspace_shows_the_default_preferences() {
    let (_dir, ws) = workspace();
    let p = get(&ws, SettingsGetRequest {}).await.unwrap();
    assert_eq!(p.warning_windows, [30, 14, 0]);
    assert_eq!(p.unknown_rights, UnknownRights::AllowWithWarning);
    assert_eq!(p.version_rule, crate::versions::DEFAULT_NAME_PATTERN);
    assert_eq!(
        p.approval,
        ApprovalSignal::Keyword {
            keyword: "approved".into()
        }
    );
}

#[tokio::test]
async fn saved_preferences_land_in_their_sections_and_keep_the_rest() {
    let (_dir, ws) = workspace();
    Settings::update(&ws.settings_file(), |s| {
        s.sections.insert(
            "rights".into(),
            serde_json::json!({"licence_zone": "Europe/Berlin", "require_model_release": true}),
        );
        s.sections
            .insert("export".into(), serde_json::json!({"size": 2000}));
    })
    .unwrap();

    let saved = save(
        &ws,
        Preferences {
            warning_windows: vec![7, 60, 7, 0],
            unknown_rights: UnknownRights::Block,
            version_rule: " {sku}_{view}[_v{version}] ".into(),
            approval: ApprovalSignal::Gallery {
                name: "Approved finals".into(),
            },
        },
    )
    .await
    .unwrap();

    assert_eq!(saved.warning_windows, [60, 7, 0]);
    assert_eq!(saved.version_rule, "{sku}_{view}[_v{version}]");
    let settings = Settings::load(&ws.settings_file()).unwrap();
    let rights: RightsPolicy = settings.section("rights").unwrap();
    assert_eq!(rights.warning_windows, [60, 7, 0]);
    assert_eq!(rights.unknown, UnknownRights::Block);
    assert_eq!(rights.licence_zone.as_deref(), Some("Europe/Berlin"));
    assert!(rights.require_model_release);
    assert_eq!(
        settings.sections["export"],
        serde_json::json!({"size": 2000})
    );
    assert_eq!(get(&ws, SettingsGetRequest {}).await.unwrap(), saved);
}

#[tokio::test]
async fn a_rule_or_window_that_does_not_fit_is_refused_with_what_to_write() {
    let (_dir, ws) = workspace();
    let good = get(&ws, SettingsGetRequest {}).await.unwrap();

    let err = save(
        &ws,
        Preferences {
            version_rule: "{view}_v{version}".into(),
            ..good.clone()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, crate::commands::ErrorCode::InvalidRequest);
    assert!(err.message.contains("has no {sku}"), "{}", err.message);

    let err = save(
        &ws,
        Preferences {
            warning_windows: vec![30, 5000],
            ..good.clone()
        },
    )
    .await
    .unwrap_err();
    assert!(err.message.contains("5000 days"), "{}", err.message);

    let err = save(
        &ws,
        Preferences {
            approval: ApprovalSignal::Keyword {
                keyword: " ".into(),
            },
            ..good
        },
    )
    .await
    .unwrap_err();
    assert!(
        err.message.contains("keyword or the gallery"),
        "{}",
        err.message
    );
    assert!(!ws.settings_file().exists(), "nothing was written");
}
