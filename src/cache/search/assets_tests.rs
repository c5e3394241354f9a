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
