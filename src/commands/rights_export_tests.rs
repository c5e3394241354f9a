use super::*;
use crate::linking::testing::{asset, product, until};
use crate::settings::Settings;
use crate::workspace::{Workspace, WorkspaceKind};
use chrono::{Days, Utc};

fn link(ws: &Workspace, asset: i64, product: i64) {
    ws.cache()
        .with_conn(|c| {
            c.execute(
                "INSERT INTO links (product_id, asset_id, role, state, origin, created_at, updated_at)
                 VALUES (?1, ?2, 'hero', 'confirmed', 'user', 'x', 'x')",
                [product, asset],
            )
        })
        .unwrap();
}

fn day(offset: i64) -> (i32, u32, u32) {
    use chrono::Datelike;
    let d = if offset >= 0 {
        Utc::now().date_naive() + Days::new(offset as u64)
    } else {
        Utc::now().date_naive() - Days::new((-offset) as u64)
    };
    (d.year(), d.month(), d.day())
}

/// Two images linked to one product: one ended a week ago, one ends in ten days; the
/// policy asks for a model release, which neither has recorded.
fn catalog() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(dir.path(), WorkspaceKind::Live).unwrap();
    let clock = crate::commands::rights_clock(&ws).unwrap();
    let stored = |id: &str, name: &str, rights: crate::rights::Rights| {
        let row = asset(ws.cache(), id, name, "approved", &rights);
        ws.cache()
            .with_conn(|c| rights_columns::write(c, row, &rights, &clock))
            .unwrap();
        row
    };
    let ended = stored("I1", "mh02-ended.jpg", until(day(-7)));
    let soon = stored("I2", "mh02-soon.jpg", until(day(10)));
    let p = product(ws.cache(), "p1", "MH02-XS-Black", Some("anna"));
    link(&ws, ended, p);
    link(&ws, soon, p);
    (dir, ws)
}

#[tokio::test]
async fn the_review_is_written_as_csv_into_the_folder_asked_for() {
    let (_dir, ws) = catalog();
    let out = tempfile::tempdir().unwrap();

    let exported = export(
        &ws,
        RightsExportRequest {
            within_days: Some(30),
            folder: Some(out.path().display().to_string()),
        },
    )
    .await
    .unwrap();

    assert_eq!(exported.rows, 2);
    let file = std::path::Path::new(&exported.path);
    assert_eq!(file.parent().unwrap(), out.path());
    assert!(
        file.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("rights-review-")
    );
    let text = std::fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("status,file_name,image_id,licence_end,days_left"));
    assert!(
        lines[1].starts_with("expired,mh02-ended.jpg,I1,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("expiring,mh02-soon.jpg,I2,"),
        "{}",
        lines[2]
    );
    assert!(lines[2].contains(",10,"), "{}", lines[2]);
    assert!(lines[2].contains("MH02-XS-Black"), "{}", lines[2]);
}

#[tokio::test]
async fn a_shorter_window_leaves_the_later_licence_out() {
    let (_dir, ws) = catalog();
    let out = tempfile::tempdir().unwrap();
    let exported = export(
        &ws,
        RightsExportRequest {
            within_days: Some(7),
            folder: Some(out.path().display().to_string()),
        },
    )
    .await
    .unwrap();
    assert_eq!(exported.rows, 1);
}

#[tokio::test]
async fn restricted_images_come_with_the_products_they_are_linked_to() {
    let (_dir, ws) = catalog();
    assert!(
        restricted(&ws, RightsRestrictedRequest {})
            .await
            .unwrap()
            .assets
            .is_empty(),
        "nothing is restricted under the default policy"
    );
    Settings::update(&ws.settings_file(), |s| {
        s.sections.insert(
            "rights".into(),
            serde_json::json!({"require_model_release": true}),
        );
    })
    .unwrap();

    let found = restricted(&ws, RightsRestrictedRequest {}).await.unwrap();

    let ids: Vec<&str> = found.assets.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["I2"], "the ended one is expired, not restricted");
    let only = &found.assets[0];
    assert!(
        only.reason.to_lowercase().contains("model release"),
        "{}",
        only.reason
    );
    assert_eq!(only.products.len(), 1);
    assert_eq!(only.products[0].sku.as_deref(), Some("MH02-XS-Black"));
}
