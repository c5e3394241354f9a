use super::*;
use crate::cache::{Cache, asset_rights, rights_columns};
use crate::rights::{
    Channel, LicenceDate, LicenceType, Origin, Region, ReleaseStatus, Rights, Sourced,
};
use chrono::{Duration, NaiveDate, TimeZone};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn src<T>(value: T) -> Option<Sourced<T>> {
    Some(Sourced::new(value, Origin::PhotoShelter, "test"))
}

/// Rights covering each way a licence can be written: days, instants with zones, IIM days
/// with an offset, start dates, limits, releases, no terms at all.
fn samples() -> Vec<Rights> {
    let end_day = |date| Rights {
        licence_end: src(LicenceDate::day(date)),
        ..Rights::default()
    };
    let instant = |text: &str| LicenceDate::Instant {
        at: chrono::DateTime::parse_from_rfc3339(text).unwrap(),
    };
    vec![
        Rights::default(),
        Rights {
            copyright: src("© Studio".into()),
            ..Rights::default()
        },
        end_day(d(2026, 6, 30)),
        end_day(d(2026, 7, 14)),
        end_day(d(2026, 7, 30)),
        end_day(d(2026, 7, 31)),
        Rights {
            licence_end: src(instant("2026-06-30T23:59:59+00:00")),
            ..Rights::default()
        },
        Rights {
            licence_end: src(instant("2026-06-30T18:00:00-05:00")),
            ..Rights::default()
        },
        Rights {
            licence_end: src(LicenceDate::Day {
                date: d(2026, 6, 30),
                offset_minutes: Some(600),
            }),
            ..Rights::default()
        },
        Rights {
            licence_start: src(LicenceDate::day(d(2026, 7, 1))),
            licence_type: src(LicenceType::RoyaltyFree),
            ..Rights::default()
        },
        Rights {
            licence_start: src(instant("2026-06-30T12:00:00+02:00")),
            licence_end: src(LicenceDate::day(d(2027, 1, 1))),
            ..Rights::default()
        },
        Rights {
            licence_type: src(LicenceType::Licensed),
            regions: src(vec![Region::new("DE"), Region::new("AT")]),
            channels: src(vec![Channel::new("web")]),
            ..Rights::default()
        },
        Rights {
            licence_type: src(LicenceType::Owned),
            model_release: src(ReleaseStatus::Limited),
            property_release: src(ReleaseStatus::NotApplicable),
            ..Rights::default()
        },
        Rights {
            licence_end: src(LicenceDate::day(d(2026, 6, 20))),
            regions: src(vec![Region::new("US")]),
            ..Rights::default()
        },
    ]
}

fn clocks() -> Vec<RightsClock> {
    let berlin: chrono_tz::Tz = "Europe/Berlin".parse().unwrap();
    let tokyo: chrono_tz::Tz = "Asia/Tokyo".parse().unwrap();
    let mut out = Vec::new();
    // Hours around the end of 2026-06-30 and 2026-07-01, in several zones and policies.
    let base = Utc.with_ymd_and_hms(2026, 6, 29, 12, 0, 0).unwrap();
    for hours in [
        0, 9, 10, 11, 12, 13, 14, 21, 22, 23, 24, 33, 36, 38, 48, 60, 300, 400,
    ] {
        let now = base + Duration::hours(hours);
        for (zone, policy_zone) in [
            (chrono_tz::UTC, None),
            (berlin, None),
            (tokyo, None),
            (berlin, Some("America/New_York")),
        ] {
            for (windows, model) in [(vec![30, 14, 0], false), (vec![], true), (vec![0], false)] {
                out.push(RightsClock {
                    now,
                    zone,
                    policy: RightsPolicy {
                        warning_windows: windows,
                        licence_zone: policy_zone.map(str::to_owned),
                        require_model_release: model,
                        ..RightsPolicy::default()
                    },
                });
            }
        }
    }
    out
}

/// The parameters of [`params`] that `sql` uses, bound by name.
fn query<T: rusqlite::types::FromSql>(
    conn: &rusqlite::Connection,
    sql: &str,
    clock: &RightsClock,
    intended: &IntendedUse,
) -> rusqlite::Result<Vec<T>> {
    let mut stmt = conn.prepare(sql)?;
    let params: Vec<_> = params(clock, intended)
        .into_iter()
        .filter(|(name, _)| stmt.parameter_index(name).ok().flatten().is_some())
        .collect();
    let refs: Vec<(&str, &dyn ToSql)> = params.iter().map(|(n, v)| (*n, v.as_ref())).collect();
    stmt.query_map(refs.as_slice(), |row| row.get(0))?.collect()
}

fn sql_verdicts(cache: &Cache, clock: &RightsClock, intended: &IntendedUse) -> Vec<String> {
    cache
        .with_conn(|conn| {
            rights_columns::ensure_zone(conn, clock)?;
            let sql = format!("SELECT {} FROM assets a ORDER BY a.id", expression("a"));
            query(conn, &sql, clock, intended)
        })
        .unwrap()
}

/// Per row, whether `condition(kind)` holds.
fn sql_selected(
    cache: &Cache,
    clock: &RightsClock,
    intended: &IntendedUse,
    kind: VerdictKind,
) -> Vec<bool> {
    sql_holds(
        cache,
        clock,
        intended,
        &condition("a", kind, clock, intended),
    )
}

/// Per row, whether `condition` holds.
fn sql_holds(
    cache: &Cache,
    clock: &RightsClock,
    intended: &IntendedUse,
    condition: &str,
) -> Vec<bool> {
    cache
        .with_conn(|conn| {
            let sql = format!("SELECT coalesce({condition}, 0) FROM assets a ORDER BY a.id");
            query(conn, &sql, clock, intended)
        })
        .unwrap()
}

const KINDS: [VerdictKind; 6] = [
    VerdictKind::Ok,
    VerdictKind::Expiring,
    VerdictKind::Expired,
    VerdictKind::NotYetValid,
    VerdictKind::Restricted,
    VerdictKind::Unknown,
];

/// Stores `rights` as the assets of `cache`, their columns computed for `clock`.
fn store(cache: &Cache, rights: &[Rights], clock: &RightsClock) {
    cache
        .with_conn(|conn| {
            for (i, r) in rights.iter().enumerate() {
                conn.execute(
                    "INSERT INTO assets (ps_id, file_name, synced_at) VALUES (?1, 'x.jpg', 'x')",
                    [format!("I{i}")],
                )?;
                let id = conn.last_insert_rowid();
                asset_rights::write_in_force(conn, id, &serde_json::to_string(r).unwrap())?;
                rights_columns::write(conn, id, r, clock)?;
            }
            Ok(())
        })
        .unwrap();
}

/// Checks, for `clock` and each use, that the verdict expression and every verdict filter
/// select exactly what `rights::verdict` gives; returns the verdicts met and how many rows
/// and filter rows were checked.
fn check_side_by_side(
    cache: &Cache,
    rights: &[Rights],
    clock: &RightsClock,
    kinds: &mut std::collections::HashSet<VerdictKind>,
) -> (usize, usize) {
    let uses = [
        IntendedUse::any(),
        IntendedUse::on("web", "DE"),
        IntendedUse::on("print", "US"),
    ];
    let (mut checked, mut selected_checked) = (0, 0);
    for intended in &uses {
        let sql = sql_verdicts(cache, clock, intended);
        let want: Vec<VerdictKind> = rights
            .iter()
            .map(|r| VerdictKind::of(&clock.verdict(r, intended)))
            .collect();
        for ((r, got), want) in rights.iter().zip(&sql).zip(&want) {
            kinds.insert(*want);
            assert_eq!(
                got,
                want.as_str(),
                "rights {r:?} at {} ({}, policy {:?}) for {intended:?}",
                clock.now,
                clock.zone,
                clock.policy
            );
            checked += 1;
        }
        // The filter a search adds for a verdict, indexed or tested row by row, selects
        // exactly the rows of that verdict.
        for kind in KINDS {
            for (how, filter) in [
                ("indexed", condition("a", kind, clock, intended)),
                (
                    "row by row",
                    condition_row_by_row("a", kind, clock, intended),
                ),
            ] {
                let selected = sql_holds(cache, clock, intended, &filter);
                for ((r, want), selected) in rights.iter().zip(&want).zip(&selected) {
                    assert_eq!(
                        *selected,
                        *want == kind,
                        "the {kind:?} filter ({how}) {} {r:?} (verdict {want:?}) at {} ({}, policy {:?}) for {intended:?}",
                        if *selected { "selects" } else { "drops" },
                        clock.now,
                        clock.zone,
                        clock.policy
                    );
                    selected_checked += 1;
                }
            }
        }
    }
    (checked, selected_checked)
}

#[test]
fn the_verdict_in_sql_is_the_verdict_of_the_rules_at_every_boundary() {
    let cache = Cache::open_in_memory().unwrap();
    let rights = samples();
    store(&cache, &rights, &clocks()[0]);
    let mut checked = 0;
    let mut selected_checked = 0;
    let mut kinds = std::collections::HashSet::new();
    for clock in clocks() {
        let (rows, filters) = check_side_by_side(&cache, &rights, &clock, &mut kinds);
        checked += rows;
        selected_checked += filters;
    }
    assert_eq!(kinds.len(), 6, "every kind of verdict was met: {kinds:?}");
    assert!(selected_checked > 2 * 6 * 3000, "{selected_checked}");
    assert!(checked > 3000, "{checked}");
}

#[test]
fn a_change_of_licence_zone_computes_the_instants_again() {
    let cache = Cache::open_in_memory().unwrap();
    let r = Rights {
        licence_end: src(LicenceDate::day(d(2026, 6, 30))),
        ..Rights::default()
    };
    let utc = RightsClock {
        now: Utc.with_ymd_and_hms(2026, 6, 30, 23, 30, 0).unwrap(),
        zone: chrono_tz::UTC,
        policy: RightsPolicy::default(),
    };
    cache
        .with_conn(|conn| {
            conn.execute(
                "INSERT INTO assets (ps_id, file_name, synced_at) VALUES ('I1', 'x.jpg', 'x')",
                [],
            )?;
            asset_rights::write_in_force(conn, 1, &serde_json::to_string(&r).unwrap())?;
            rights_columns::write(conn, 1, &r, &utc)?;
            Ok(())
        })
        .unwrap();
    assert_eq!(
        sql_verdicts(&cache, &utc, &IntendedUse::any()),
        ["expiring"]
    );
    // 23:30 UTC is 01:30 the next day in Berlin: the licence ended there.
    let berlin = RightsClock {
        zone: "Europe/Berlin".parse().unwrap(),
        ..utc.clone()
    };
    assert_eq!(
        sql_verdicts(&cache, &berlin, &IntendedUse::any()),
        ["expired"]
    );
    assert_eq!(
        VerdictKind::of(&berlin.verdict(&r, &IntendedUse::any())),
        VerdictKind::Expired
    );
}

#[test]
fn a_change_of_warning_windows_computes_ok_until_again() {
    let cache = Cache::open_in_memory().unwrap();
    let r = Rights {
        licence_type: src(LicenceType::Licensed),
        licence_end: src(LicenceDate::day(d(2026, 7, 20))),
        ..Rights::default()
    };
    let clock = |windows: Vec<u32>| RightsClock {
        now: Utc.with_ymd_and_hms(2026, 7, 1, 9, 0, 0).unwrap(),
        zone: chrono_tz::UTC,
        policy: RightsPolicy {
            warning_windows: windows,
            ..RightsPolicy::default()
        },
    };
    let monthly = clock(vec![30, 14, 0]);
    store(&cache, std::slice::from_ref(&r), &monthly);
    let ensure = |c: &RightsClock| cache.with_conn(|conn| rights_columns::ensure_zone(conn, c));
    assert_eq!(ensure(&monthly).unwrap(), 1, "no windows were recorded yet");
    assert_eq!(ensure(&monthly).unwrap(), 0, "nothing changed");
    assert_eq!(
        sql_verdicts(&cache, &monthly, &IntendedUse::any()),
        ["expiring"]
    );
    // 19 days left: outside a fortnight's warning.
    let fortnight = clock(vec![14]);
    assert_eq!(
        sql_verdicts(&cache, &fortnight, &IntendedUse::any()),
        ["ok"]
    );
    assert_eq!(
        sql_selected(&cache, &fortnight, &IntendedUse::any(), VerdictKind::Ok),
        [true]
    );
    assert_eq!(
        VerdictKind::of(&fortnight.verdict(&r, &IntendedUse::any())),
        VerdictKind::Ok
    );
    let never = clock(vec![]);
    assert_eq!(sql_verdicts(&cache, &never, &IntendedUse::any()), ["ok"]);
    assert_eq!(ensure(&monthly).unwrap(), 1, "the windows changed back");
}

#[test]
fn a_cache_from_before_the_stored_ok_until_computes_it_on_first_use() {
    let cache = Cache::open_in_memory().unwrap();
    let rights = samples();
    let clock = clocks()[0].clone();
    store(&cache, &rights, &clock);
    cache
        .with_conn(|conn| rights_columns::ensure_zone(conn, &clock))
        .unwrap();
    // As schema 7 finds a cache of schema 6: the column empty, no windows recorded.
    cache
        .with_conn(|conn| {
            conn.execute_batch(
                "UPDATE assets SET licence_ok_until = NULL;
                 DELETE FROM workspace_meta WHERE key = 'licence_warning_window';",
            )
        })
        .unwrap();
    let with_end = rights.iter().filter(|r| r.licence_end.is_some()).count();
    assert_eq!(
        cache
            .with_conn(|conn| rights_columns::ensure_zone(conn, &clock))
            .unwrap(),
        with_end
    );
    check_side_by_side(&cache, &rights, &clock, &mut Default::default());
}

#[test]
fn a_warning_window_opening_on_a_day_without_midnight_opens_at_its_first_instant() {
    // Cuba moves its clocks from 00:00 to 01:00 on 8 March 2026: that day's first instant
    // is 01:00 local, 05:00 UTC. A licence ending on 7 April enters the 30-day window then.
    let havana: chrono_tz::Tz = "America/Havana".parse().unwrap();
    let rights = vec![Rights {
        licence_type: src(LicenceType::Licensed),
        licence_end: src(LicenceDate::day(d(2026, 4, 7))),
        ..Rights::default()
    }];
    let at = |h, m, s| RightsClock {
        now: Utc.with_ymd_and_hms(2026, 3, 8, h, m, s).unwrap(),
        zone: havana,
        policy: RightsPolicy::default(),
    };
    let cache = Cache::open_in_memory().unwrap();
    store(&cache, &rights, &at(5, 0, 0));
    let mut kinds = std::collections::HashSet::new();
    for (clock, want) in [
        (at(4, 59, 59), VerdictKind::Ok),
        (at(5, 0, 0), VerdictKind::Expiring),
    ] {
        assert_eq!(
            VerdictKind::of(&clock.verdict(&rights[0], &IntendedUse::any())),
            want
        );
        check_side_by_side(&cache, &rights, &clock, &mut kinds);
    }
}
