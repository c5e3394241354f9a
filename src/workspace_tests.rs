use super::*;

#[test]
fn opening_creates_the_folder_and_its_cache() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("nested").join("workspace");

    let ws = Workspace::open(&dir, WorkspaceKind::Live).unwrap();

    assert_eq!(ws.data_dir(), dir);
    assert_eq!(ws.kind(), WorkspaceKind::Live);
    assert!(dir.join("cache.sqlite").is_file());
    assert_eq!(ws.settings_file(), dir.join("settings.json"));
    assert_eq!(ws.logs_dir(), dir.join("logs"));
}

#[test]
fn a_demo_folder_is_not_opened_as_a_live_workspace() {
    let home = tempfile::tempdir().unwrap();
    drop(Workspace::open(home.path(), WorkspaceKind::Demo).unwrap());

    let err = Workspace::open(home.path(), WorkspaceKind::Live).unwrap_err();

    assert!(
        matches!(
            err,
            WorkspaceError::KindMismatch {
                found: WorkspaceKind::Demo,
                wanted: WorkspaceKind::Live,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("start Shelflink with --demo"),
        "{err}"
    );
    // The demo workspace itself still opens.
    assert_eq!(
        Workspace::open(home.path(), WorkspaceKind::Demo)
            .unwrap()
            .kind(),
        WorkspaceKind::Demo
    );
}
