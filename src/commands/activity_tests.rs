use super::*;
use crate::cache::activity_query::ActivityCategory;
use crate::linking::testing::{asset, product, until};
use crate::workspace::{Workspace, WorkspaceKind};

/// A log as the app leaves it: a link, an approval, a replacement held, a share, a flag and
/// a sync line, over two days.
fn logged() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(dir.path(), WorkspaceKind::Live).unwrap();
    let a = asset(
        ws.cache(),
        "I1",
        "MH02-black_main.jpg",
        "approved",
        &until((2099, 1, 1)),
    );
    let p = product(ws.cache(), "p1", "MH02-XS-Black", None);
    ws.cache()
        .with_conn(|c| {
            let add = |at: &str, kind: &str, summary: &str, product: Option<i64>, asset: Option<i64>| {
                c.execute(
                    "INSERT INTO activity (at, kind, summary, product_id, asset_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                    rusqlite::params![at, kind, summary, product, asset],
                )
                .map(|_| ())
            };
            add("2026-12-02T09:00:00.000Z", "product_added", "New product MH02-XS-Black", Some(p), None)?;
            add("2026-12-02T10:00:00.000Z", "linked", "Done: link MH02-black_main.jpg on MH02-XS-Black", Some(p), Some(a))?;
            add("2026-12-03T08:00:00.000Z", "version_approved", "Approved MH02-black_main.jpg", None, Some(a))?;
            add("2026-12-03T09:00:00.000Z", "replacement_held", "Kept the current image of MH02-XS-Black", Some(p), Some(a))?;
            add("2026-12-03T10:00:00.000Z", "shared", "Shared 2 file(s) in the PhotoShelter gallery Press with press@example.org", None, None)?;
            add("2026-12-03T23:59:00.000Z", "link_flagged", "MH02-black_main.jpg expired on MH02-XS-Black", Some(p), Some(a))
        })
        .unwrap();
    (dir, ws)
}

fn kinds(page: &ActivityPage) -> Vec<&str> {
    page.entries.iter().map(|e| e.kind.as_str()).collect()
}

#[tokio::test]
async fn the_log_comes_newest_first_with_each_entry_in_its_category() {
    let (_dir, ws) = logged();
    let page = list(&ws, ActivityQuery::default()).await.unwrap();
    assert_eq!(page.total, 6);
    assert_eq!(
        kinds(&page),
        [
            "link_flagged",
            "shared",
            "replacement_held",
            "version_approved",
            "linked",
            "product_added"
        ]
    );
    let categories: Vec<ActivityCategory> = page.entries.iter().map(|e| e.category).collect();
    use ActivityCategory::*;
    assert_eq!(categories, [Flag, Share, Replacement, Approval, Link, Sync]);
    assert_eq!(page.entries[4].sku.as_deref(), Some("MH02-XS-Black"));
    assert_eq!(
        page.entries[4].file_name.as_deref(),
        Some("MH02-black_main.jpg")
    );
}

#[tokio::test]
async fn the_log_is_filtered_by_category_words_and_day_and_paged() {
    let (_dir, ws) = logged();
    let q = |f: fn(&mut ActivityQuery)| {
        let mut query = ActivityQuery::default();
        f(&mut query);
        query
    };
    let links = list(
        &ws,
        q(|q| q.categories = vec![ActivityCategory::Link, ActivityCategory::Share]),
    )
    .await
    .unwrap();
    assert_eq!(kinds(&links), ["shared", "linked"]);

    let words = list(&ws, q(|q| q.text = Some("press@".into())))
        .await
        .unwrap();
    assert_eq!(kinds(&words), ["shared"]);
    let by_sku = list(&ws, q(|q| q.text = Some("xs-black".into())))
        .await
        .unwrap();
    assert_eq!(by_sku.total, 4, "the SKU of the product matches too");

    let day = list(
        &ws,
        q(|q| {
            q.from = Some("2026-12-03".into());
            q.to = Some("2026-12-03".into());
        }),
    )
    .await
    .unwrap();
    assert_eq!(day.total, 4, "the last minute of the day is in it");

    let second = list(
        &ws,
        q(|q| {
            q.offset = 4;
            q.limit = Some(4);
        }),
    )
    .await
    .unwrap();
    assert_eq!(
        (second.total, kinds(&second)),
        (6, vec!["linked", "product_added"])
    );

    let err = list(&ws, q(|q| q.from = Some("3.12.2026".into())))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidRequest);
    assert!(err.message.contains("YYYY-MM-DD"));
}

#[tokio::test]
async fn the_selected_activity_is_exported_as_csv_into_the_folder_asked_for() {
    let (_dir, ws) = logged();
    let out = tempfile::tempdir().unwrap();
    let exported = export(
        &ws,
        ActivityExportRequest {
            query: ActivityQuery {
                categories: vec![ActivityCategory::Flag, ActivityCategory::Approval],
                limit: Some(1),
                ..ActivityQuery::default()
            },
            folder: Some(out.path().display().to_string()),
        },
    )
    .await
    .unwrap();
    assert_eq!(exported.rows, 2, "paging does not cut the export");
    assert!(exported.path.starts_with(&out.path().display().to_string()));
    let text = std::fs::read_to_string(&exported.path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "at,category,kind,summary,sku,file_name,job");
    assert_eq!(
        lines[1],
        "2026-12-03T23:59:00.000Z,flag,link_flagged,MH02-black_main.jpg expired on MH02-XS-Black,MH02-XS-Black,MH02-black_main.jpg,"
    );
    assert_eq!(lines.len(), 3);
}
