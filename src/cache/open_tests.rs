use super::*;
use crate::cache::SCHEMA_VERSION;

fn pragma<T: rusqlite::types::FromSql>(cache: &Cache, name: &str) -> T {
    cache
        .with_conn(|conn| conn.pragma_query_value(None, name, |row| row.get(0)))
        .unwrap()
}

#[test]
fn a_new_database_gets_wal_foreign_keys_a_busy_timeout_a_page_cache_and_the_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(&dir.path().join("cache.sqlite")).unwrap();

    assert_eq!(pragma::<String>(&cache, "journal_mode"), "wal");
    assert!(pragma::<bool>(&cache, "foreign_keys"));
    assert_eq!(pragma::<u32>(&cache, "busy_timeout"), 5000);
    assert_eq!(
        pragma::<i64>(&cache, "cache_size"),
        -131_072,
        "a 128 MiB page cache"
    );
    assert_eq!(cache.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(
        cache
            .meta(super::meta::SCHEMA_WRITTEN_BY)
            .unwrap()
            .as_deref(),
        Some(env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn reopening_keeps_what_was_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite");
    Cache::open(&path)
        .unwrap()
        .set_meta("workspace_kind", "demo")
        .unwrap();

    let again = Cache::open(&path).unwrap();
    assert_eq!(
        again.meta("workspace_kind").unwrap().as_deref(),
        Some("demo")
    );
    assert_eq!(again.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn a_database_from_a_newer_shelflink_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE workspace_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
             INSERT INTO workspace_meta VALUES ('schema_written_by', '9.4.0');
             CREATE TABLE from_the_future (x);
             PRAGMA user_version = {};",
            SCHEMA_VERSION + 3
        ))
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();

    let err = Cache::open(&path).unwrap_err();

    match &err {
        CacheError::NewerSchema {
            found,
            supported,
            written_by,
            ..
        } => {
            assert_eq!(*found, SCHEMA_VERSION + 3);
            assert_eq!(*supported, SCHEMA_VERSION);
            assert_eq!(written_by.as_deref(), Some("9.4.0"));
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    let message = err.to_string();
    assert!(message.contains("newer Shelflink (9.4.0"), "{message}");
    assert!(message.contains("left untouched"), "{message}");
    assert!(message.contains("update Shelflink"), "{message}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was changed"
    );
}

#[test]
fn a_file_that_is_not_a_database_is_refused_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite");
    std::fs::write(&path, b"this is a shopping list, not a database").unwrap();

    let err = Cache::open(&path).unwrap_err();

    assert!(matches!(err, CacheError::Open { .. }), "{err:?}");
    assert!(err.to_string().contains(&path.display().to_string()));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        b"this is a shopping list, not a database"
    );
}

#[test]
fn foreign_keys_are_enforced() {
    let cache = Cache::open_in_memory().unwrap();
    let result = cache.with_conn(|conn| {
        conn.execute_batch(
            "CREATE TABLE parent (id INTEGER PRIMARY KEY);
             CREATE TABLE child (parent INTEGER NOT NULL REFERENCES parent (id));
             INSERT INTO child VALUES (42);",
        )
    });
    assert!(result.is_err(), "a dangling reference was accepted");
}

#[test]
fn a_cache_from_schema_4_keeps_every_assets_rights_in_their_own_table() {
    use crate::rights::{LicenceDate, Origin, ReleaseStatus, Rights, Sourced};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite");
    let day = chrono::NaiveDate::from_ymd_opt(2027, 3, 31).unwrap();
    let photoshelter = Rights {
        licence_end: Some(Sourced::new(
            LicenceDate::day(day),
            Origin::PhotoShelter,
            "License.license_etime",
        )),
        ..Rights::default()
    };
    let in_force = Rights {
        model_release: Some(Sourced::new(
            ReleaseStatus::Released,
            Origin::AllPortal,
            "model_release",
        )),
        ..photoshelter.clone()
    };
    {
        let mut conn = Connection::open(&path).unwrap();
        super::migrations()
            .to_version(&mut conn, 4)
            .expect("the cache of the previous release");
        conn.execute(
            "INSERT INTO assets (ps_id, file_name, title, rights, rights_photoshelter,
                 licence_end, model_release, synced_at)
             VALUES ('I1', 'mh02-black_main.jpg', 'Teton hoodie', ?1, ?2, '2027-03-31',
                 'released', 'x'),
                    ('I2', 'wt09-white_back.jpg', NULL, '{}', '{}', NULL, NULL, 'x')",
            [
                serde_json::to_string(&in_force).unwrap(),
                serde_json::to_string(&photoshelter).unwrap(),
            ],
        )
        .unwrap();
        // A catalog's worth of rows as large as real ones: 1.4 KB of rights in each column.
        let large = serde_json::to_string(&Rights {
            usage_terms: Some(Sourced::new(
                "Editorial and e-commerce use only. ".repeat(40),
                Origin::PhotoShelter,
                "License.license_terms",
            )),
            ..Rights::default()
        })
        .unwrap();
        for i in 0..300 {
            conn.execute(
                "INSERT INTO assets (ps_id, file_name, rights, rights_photoshelter, synced_at)
                 VALUES (?1, ?2, ?3, ?3, 'x')",
                rusqlite::params![format!("B{i}"), format!("bulk-{i}.jpg"), large],
            )
            .unwrap();
        }
    }
    let pages_of_assets = |conn: &Connection| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM dbstat WHERE name = 'assets'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let pages_before = pages_of_assets(&Connection::open(&path).unwrap());

    let cache = Cache::open(&path).unwrap();

    assert_eq!(cache.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(cache.meta(meta::COMPACT_PENDING).unwrap(), None);
    cache
        .with_conn(|conn| {
            let stored: Vec<(String, String, String)> = conn
                .prepare(
                    "SELECT a.ps_id, r.rights, r.rights_photoshelter
                     FROM asset_rights r JOIN assets a ON a.id = r.asset_id
                     WHERE a.ps_id IN ('I1', 'I2') ORDER BY a.ps_id",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?;
            let parse = |json: &str| serde_json::from_str::<Rights>(json).unwrap();
            assert_eq!(stored.len(), 2, "{stored:?}");
            assert_eq!(stored[0].0, "I1");
            assert_eq!(parse(&stored[0].1), in_force);
            assert_eq!(parse(&stored[0].2), photoshelter);
            assert_eq!((stored[1].1.as_str(), stored[1].2.as_str()), ("{}", "{}"));

            let asset = crate::transfer::catalog::asset_by_ps_id(conn, "I1")?.unwrap();
            assert_eq!(asset.rights, Some(in_force.clone()), "read through the app");

            let columns: Vec<String> = conn
                .prepare("SELECT name FROM pragma_table_info('assets')")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            assert!(
                !columns.iter().any(|c| c.starts_with("rights")),
                "{columns:?}"
            );
            let derived: (String, String) = conn.query_row(
                "SELECT licence_end, model_release FROM assets WHERE ps_id = 'I1'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            assert_eq!(derived, ("2027-03-31".into(), "released".into()));
            let found: i64 = conn.query_row(
                "SELECT rowid FROM assets_fts WHERE assets_fts MATCH 'teton'",
                [],
                |r| r.get(0),
            )?;
            assert_eq!(found, 1, "the search index still finds the asset");
            let pages_after = pages_of_assets(conn);
            assert!(
                pages_after * 4 < pages_before,
                "the asset rows were compacted: {pages_before} pages before, {pages_after} after"
            );

            conn.execute("DELETE FROM assets WHERE ps_id = 'I1'", [])?;
            let rows: (i64, i64) = conn.query_row(
                "SELECT (SELECT count(*) FROM assets), (SELECT count(*) FROM asset_rights)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            assert_eq!(rows, (301, 301), "one rights row per asset, gone with it");
            Ok(())
        })
        .unwrap();
}
