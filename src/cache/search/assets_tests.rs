use super::*;
use crate::cache::time::to_db;
use crate::cache::{asset_rights, rights_columns};
use crate::rights::{LicenceDate, LicenceType, Origin, Rights, RightsPolicy, Sourced};
use chrono::{Duration, NaiveDate, TimeZone, Utc};

fn src<T>(value: T) -> Option<Sourced<T>> {
    Some(Sourced::new(value, Origin::PhotoShelter, "test"))
}

fn clock() -> RightsClock {
    RightsClock {
        now: Utc.with_ymd_and_hms(2026, 7, 1, 9, 0, 0).unwrap(),
        zone: chrono_tz::UTC,
        policy: RightsPolicy::default(),
    }
}

/// The rights of asset `i`: licences that ended, end within the warning windows or later,
/// have not started, or have no terms at all.
fn rights_of(i: i64) -> Rights {
    if i % 7 == 0 {
        return Rights::default();
    }
    let today = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
    Rights {
        licence_type: src(LicenceType::Licensed),
        licence_start: (i % 11 == 0)
            .then(|| src(LicenceDate::day(today + Duration::days(3))))
            .flatten(),
        licence_end: (i % 13 != 0)
            .then(|| src(LicenceDate::day(today + Duration::days(i % 60 - 10))))
            .flatten(),
        ..Rights::default()
    }
}

/// 150 assets uploaded one second apart (asset `i` as `I{i}`), every fifth one linked.
fn catalog(cache: &Cache, clock: &RightsClock) -> Vec<(String, Rights, bool)> {
    let base = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let mut out = Vec::new();
    cache
        .with_conn(|conn| {
            conn.execute(
                "INSERT INTO products (id, ap_id, name, synced_at) VALUES (1, 'p1', 'P', 'x')",
                [],
            )?;
            for i in 1..=150 {
                let (ps_id, rights, linked) = (format!("I{i}"), rights_of(i), i % 5 == 0);
                conn.execute(
                    "INSERT INTO assets (id, ps_id, file_name, uploaded_at, synced_at)
                     VALUES (?1, ?2, ?2 || '.jpg', ?3, 'x')",
                    rusqlite::params![i, ps_id, to_db(base + Duration::seconds(i))],
                )?;
                asset_rights::write_in_force(conn, i, &serde_json::to_string(&rights).unwrap())?;
                rights_columns::write(conn, i, &rights, clock)?;
                if linked {
                    conn.execute(
                        "INSERT INTO links (product_id, asset_id, origin, created_at, updated_at)
                         VALUES (1, ?1, 'user', 'x', 'x')",
                        [i],
                    )?;
                }
                out.push((ps_id, rights, linked));
            }
            rights_columns::ensure_zone(conn, clock)
        })
        .unwrap();
    out
}

#[test]
fn a_verdict_filter_pages_through_exactly_the_assets_of_that_verdict() {
    let cache = Cache::open_in_memory().unwrap();
    let clock = clock();
    let assets = catalog(&cache, &clock);
    let any = IntendedUse::any();
    let mut kinds_met = 0;
    for kind in [
        VerdictKind::Ok,
        VerdictKind::Expiring,
        VerdictKind::Expired,
        VerdictKind::NotYetValid,
        VerdictKind::Unknown,
        VerdictKind::Restricted,
    ] {
        for linked in [None, Some(false), Some(true)] {
            let want: Vec<&str> = assets
                .iter()
                .filter(|(_, r, l)| {
                    VerdictKind::of(&clock.verdict(r, &any)) == kind
                        && linked.is_none_or(|x| x == *l)
                })
                .map(|(id, _, _)| id.as_str())
                .collect();
            kinds_met += usize::from(!want.is_empty() && linked.is_none());
            // One asset a page: the first pages are read in upload order, the later ones
            // (few matches left to want) through the verdict index.
            for sort in [AssetSort::Uploaded, AssetSort::Relevance] {
                let mut got = Vec::new();
                for offset in 0..=want.len() as u32 {
                    let page = search_assets(
                        &cache,
                        &AssetQuery {
                            verdict: Some(kind),
                            linked,
                            sort,
                            offset,
                            limit: 1,
                            ..AssetQuery::default()
                        },
                        &clock,
                    )
                    .unwrap();
                    assert_eq!(page.total, want.len() as u64, "{kind:?}, linked {linked:?}");
                    assert!(page.items.iter().all(|h| h.verdict == kind));
                    got.extend(page.items.into_iter().map(|h| h.id));
                }
                if sort == AssetSort::Relevance {
                    got.reverse();
                }
                assert_eq!(got, want, "{kind:?}, linked {linked:?}, {sort:?}");
            }
        }
    }
    assert_eq!(kinds_met, 5, "every verdict but restricted is met");

    // With words, unlinked matches are counted by testing each match.
    for linked in [Some(false), Some(true)] {
        let want = assets
            .iter()
            .filter(|(id, _, l)| id.starts_with("I1") && linked == Some(*l))
            .count();
        let page = search_assets(
            &cache,
            &AssetQuery {
                text: "I1".into(),
                linked,
                ..AssetQuery::default()
            },
            &clock,
        )
        .unwrap();
        assert_eq!(page.total, want as u64, "words, linked {linked:?}");
        assert!(page.total > 0);
    }
}

#[test]
fn a_page_is_read_in_order_when_many_assets_match_and_through_the_index_when_few_do() {
    assert!(read_in_order(25_000, 50_000, 100));
    assert!(read_in_order(3_000, 50_000, 100));
    assert!(!read_in_order(2_000, 50_000, 100));
    assert!(!read_in_order(20, 50_000, 100));
    assert!(
        !read_in_order(0, 50_000, 100),
        "nothing to find: no reading at all"
    );
}

/// The catalog with words to find: titles, captions and keywords of different lengths that
/// repeat words (so the ranks differ, and some are equal), three galleries' worth of
/// members in an order of their own, approvals, and a few assets gone from PhotoShelter
/// (which the index drops) or deleted from the cache.
fn with_words(cache: &Cache) {
    cache
        .with_conn(|conn| {
            conn.execute_batch(
                "INSERT INTO galleries (id, name, path, synced_at) VALUES ('G1', 'G', 'G', 'x');
                 INSERT INTO gallery_assets (gallery_id, asset_id, position)
                     SELECT 'G1', id, 1000 - id FROM assets WHERE id % 3 = 0;
                 UPDATE assets SET
                     title = CASE id % 4 WHEN 0 THEN 'Teton hoodie'
                         WHEN 1 THEN 'Teton jacket in black' WHEN 2 THEN 'hoodie hoodie hoodie'
                         ELSE NULL END,
                     caption = CASE WHEN id % 3 = 0
                         THEN 'A long caption about the Teton hoodie, worn outside on a cold day'
                         ELSE 'Short' END,
                     keywords = CASE WHEN id % 5 = 0 THEN '[\"hoodie\",\"black\"]'
                         ELSE '[\"jacket\"]' END,
                     approval = CASE WHEN id % 4 = 0 THEN 'approved' ELSE 'open' END,
                     updated_at = printf('2026-03-%02d', 1 + id % 28);
                 UPDATE assets SET deleted_at = 'y' WHERE id % 17 = 0;
                 DELETE FROM assets WHERE id = 149;",
            )
        })
        .unwrap();
}

/// The ps ids of every match of `q` in its order, from one query that selects them all and
/// orders them (as the search did up to schema 8), the verdict computed for each asset: what
/// every page of the search must be a slice of.
fn every_match(cache: &Cache, q: &AssetQuery, clock: &RightsClock) -> Vec<String> {
    let any = IntendedUse::any();
    let mut params = Params::from(verdict_sql::params(clock, &any));
    let words = fts::query(&q.text);
    let mut sql = String::from("SELECT a.ps_id FROM assets a");
    let mut conds = vec!["a.deleted_at IS NULL".to_owned()];
    if let Some(words) = &words {
        sql.push_str(" JOIN assets_fts ON assets_fts.rowid = a.id");
        conds.push("assets_fts MATCH :q".into());
        params.add(":q", words.clone());
    }
    if let Some(g) = &q.gallery {
        conds.push("EXISTS (SELECT 1 FROM gallery_assets g WHERE g.asset_id = a.id AND g.gallery_id = :gallery)".into());
        params.add(":gallery", g.clone());
    }
    if let Some(a) = q.approval {
        conds.push(format!("a.approval = '{}'", approval_text(a)));
    }
    if let Some(kind) = q.verdict {
        conds.push(format!(
            "{} = '{}'",
            verdict_sql::expression("a"),
            kind.as_str()
        ));
    }
    match q.linked {
        Some(true) => conds.push("EXISTS (SELECT 1 FROM links l WHERE l.asset_id = a.id)".into()),
        Some(false) => {
            conds.push("NOT EXISTS (SELECT 1 FROM links l WHERE l.asset_id = a.id)".into())
        }
        None => {}
    }
    let (dir, flip) = if q.descending {
        ("DESC", "ASC")
    } else {
        ("ASC", "DESC")
    };
    let key = match q.sort {
        AssetSort::Relevance if words.is_some() => {
            format!("bm25(assets_fts, 10.0, 4.0, 1.0, 4.0) {dir}")
        }
        AssetSort::Relevance => format!("a.uploaded_at {flip}"),
        AssetSort::Uploaded => format!("a.uploaded_at {dir}"),
        AssetSort::Updated => format!("a.updated_at {dir}"),
        AssetSort::LicenceEnd => format!("a.licence_end IS NULL, a.licence_end {dir}"),
        AssetSort::GalleryOrder if q.gallery.is_some() => format!(
            "(SELECT g.position FROM gallery_assets g WHERE g.asset_id = a.id AND g.gallery_id = :gallery) {dir}"
        ),
        AssetSort::FileName | AssetSort::GalleryOrder => {
            format!("a.file_name COLLATE NOCASE {dir}")
        }
    };
    let sql = format!(
        "{sql} WHERE {} ORDER BY {key}, a.id {dir}",
        conds.join(" AND ")
    );
    cache
        .with_conn(|conn| params.all(conn, &sql, |r| r.get(0)))
        .unwrap()
}

#[test]
fn every_search_finds_the_assets_one_query_over_all_matches_finds_in_the_same_order() {
    let cache = Cache::open_in_memory().unwrap();
    let clock = clock();
    catalog(&cache, &clock);
    with_words(&cache);
    let sorts = [
        AssetSort::Relevance,
        AssetSort::FileName,
        AssetSort::Uploaded,
        AssetSort::Updated,
        AssetSort::LicenceEnd,
        AssetSort::GalleryOrder,
    ];
    let mut searched = 0;
    let mut ranked_words = 0;
    for text in [
        "",
        "teton",
        "hoodie",
        "Teton hoodie",
        "i1",
        "ja",
        "black-hoodie",
        "zzz",
    ] {
        for gallery in [None, Some("G1".to_owned())] {
            for approval in [None, Some(ApprovalState::Approved)] {
                for verdict in [None, Some(VerdictKind::Ok), Some(VerdictKind::Expired)] {
                    for linked in [None, Some(true), Some(false)] {
                        for sort in sorts {
                            for descending in [false, true] {
                                let mut query = AssetQuery {
                                    text: text.into(),
                                    gallery: gallery.clone(),
                                    approval,
                                    verdict,
                                    linked,
                                    sort,
                                    descending,
                                    ..AssetQuery::default()
                                };
                                let want = every_match(&cache, &query, &clock);
                                ranked_words += usize::from(
                                    sort == AssetSort::Relevance
                                        && want.len() > 7
                                        && !text.is_empty(),
                                );
                                for (offset, limit) in [(0, 7), (7, 7), (3, 500)] {
                                    query.offset = offset;
                                    query.limit = limit;
                                    let page = search_assets(&cache, &query, &clock).unwrap();
                                    let got: Vec<String> =
                                        page.items.into_iter().map(|h| h.id).collect();
                                    let end = (offset + limit).min(want.len() as u32) as usize;
                                    let slice = want.get(offset as usize..end).unwrap_or_default();
                                    assert_eq!(got, slice, "{query:?}");
                                    assert_eq!(page.total, want.len() as u64, "{query:?}");
                                    searched += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    assert_eq!(searched, 8 * 2 * 2 * 3 * 3 * 6 * 2 * 3);
    assert!(ranked_words > 50, "ranked pages of words: {ranked_words}");
}

/// 400 images named as product photography is (`24-GB0007_main_v2.jpg`), with titles,
/// captions and keywords; some gone from PhotoShelter, one deleted from the cache. Plain
/// SQL, which schema 8 and every later one take alike.
fn photography(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
         INSERT INTO assets (id, ps_id, file_name, title, caption, keywords, uploaded_at,
                             synced_at)
         SELECT i, 'I' || i,
                printf('%s-%s%04d_%s_v%d.jpg', CASE WHEN i % 9 = 0 THEN 'sl' ELSE '24' END,
                       CASE i % 3 WHEN 0 THEN 'GB' WHEN 1 THEN 'MH' ELSE 'WT' END, i / 4,
                       CASE i % 4 WHEN 0 THEN 'main' WHEN 1 THEN 'back' WHEN 2 THEN 'side'
                       ELSE 'detail' END, 1 + i % 2),
                CASE WHEN i % 5 = 0 THEN NULL ELSE printf('Fjord bag %d', i % 7) END,
                printf('Fjord Duffle Bag in %s, %s view (version %d).',
                       CASE i % 4 WHEN 0 THEN 'purple' WHEN 1 THEN 'green' ELSE 'grey' END,
                       CASE i % 2 WHEN 0 THEN 'main' ELSE 'back' END, 1 + i % 3),
                CASE WHEN i % 6 = 0 THEN '[\"bags\",\"green\",\"gear\"]' ELSE '[\"bags\"]' END,
                printf('2026-01-01T00:%02d:%02dZ', i / 60, i % 60), 'x'
         FROM n;
         UPDATE assets SET deleted_at = 'y' WHERE id % 13 = 0;
         DELETE FROM assets WHERE id = 200;",
    )
}

#[test]
fn a_cache_upgraded_from_schema_8_finds_what_a_new_cache_finds_in_the_same_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        crate::cache::migrations::migrations()
            .to_version(&mut conn, 8)
            .unwrap();
        photography(&conn).unwrap();
    }
    let upgraded = Cache::open(&path).unwrap();
    let fresh = Cache::open_in_memory().unwrap();
    fresh.with_conn(photography).unwrap();
    let clock = clock();
    for cache in [&upgraded, &fresh] {
        cache
            .with_conn(|c| {
                c.execute_batch("INSERT INTO assets_fts (assets_fts) VALUES ('integrity-check')")?;
                let indexed: i64 =
                    c.query_row("SELECT count(*) FROM assets_fts_docsize", [], |r| r.get(0))?;
                assert_eq!(indexed, 400 - 30 - 1, "the live assets alone are indexed");
                Ok(())
            })
            .unwrap();
    }
    let mut found = 0;
    for text in [
        "24", "24-G", "g", "gb00", "sl-gb", "main", "grey bag", "v2", "fjord 3",
    ] {
        for (sort, descending) in [
            (AssetSort::Relevance, false),
            (AssetSort::Relevance, true),
            (AssetSort::FileName, false),
        ] {
            for linked in [None, Some(false)] {
                let query = AssetQuery {
                    text: text.into(),
                    sort,
                    descending,
                    linked,
                    limit: 500,
                    ..AssetQuery::default()
                };
                let search = |cache: &Cache| {
                    let page = search_assets(cache, &query, &clock).unwrap();
                    let ids: Vec<String> = page.items.into_iter().map(|h| h.id).collect();
                    (page.total, ids)
                };
                let (total, ids) = search(&fresh);
                assert_eq!(search(&upgraded), (total, ids.clone()), "{query:?}");
                assert_eq!(ids, every_match(&fresh, &query, &clock), "{query:?}");
                found += usize::from(total > 0);
            }
        }
    }
    assert!(found >= 8 * 6, "most searches find something: {found}");
}
