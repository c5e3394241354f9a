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

fn sql_verdicts(cache: &Cache, clock: &RightsClock, intended: &IntendedUse) -> Vec<String> {
    cache
        .with_conn(|conn| {
            rights_columns::ensure_zone(conn, clock)?;
            let sql = format!("SELECT {} FROM assets a ORDER BY a.id", expression("a"));
            let mut stmt = conn.prepare(&sql)?;
            let params = params(clock, intended);
            let refs: Vec<(&str, &dyn ToSql)> =
                params.iter().map(|(n, v)| (*n, v.as_ref())).collect();
            stmt.query_map(refs.as_slice(), |row| row.get(0))?.collect()
        })
        .unwrap()
}

/// Per row, whether `narrowing(kind)` holds.
fn sql_narrowed(cache: &Cache, clock: &RightsClock, kind: VerdictKind) -> Vec<bool> {
    let narrowing = narrowing("a", kind).expect("a kind with a narrowing");
    cache
        .with_conn(|conn| {
            let sql = format!("SELECT coalesce({narrowing}, 0) FROM assets a ORDER BY a.id");
            let mut stmt = conn.prepare(&sql)?;
            let params: Vec<_> = params(clock, &IntendedUse::any())
                .into_iter()
                .filter(|(name, _)| sql.contains(name))
                .collect();
            let refs: Vec<(&str, &dyn ToSql)> =
                params.iter().map(|(n, v)| (*n, v.as_ref())).collect();
            stmt.query_map(refs.as_slice(), |row| row.get(0))?.collect()
        })
        .unwrap()
}

#[test]
fn the_verdict_in_sql_is_the_verdict_of_the_rules_at_every_boundary() {
    let cache = Cache::open_in_memory().unwrap();
    let rights = samples();
    let first = &clocks()[0];
    cache
        .with_conn(|conn| {
            for (i, r) in rights.iter().enumerate() {
                conn.execute(
                    "INSERT INTO assets (ps_id, file_name, synced_at) VALUES (?1, 'x.jpg', 'x')",
                    [format!("I{i}")],
                )?;
                let id = conn.last_insert_rowid();
                asset_rights::write_in_force(conn, id, &serde_json::to_string(r).unwrap())?;
                rights_columns::write(conn, id, r, first)?;
            }
            Ok(())
        })
        .unwrap();
    let uses = [
        IntendedUse::any(),
        IntendedUse::on("web", "DE"),
        IntendedUse::on("print", "US"),
    ];
    let mut checked = 0;
    let mut narrowed_checked = 0;
    let mut kinds = std::collections::HashSet::new();
    for clock in clocks() {
        for intended in &uses {
            let sql = sql_verdicts(&cache, &clock, intended);
            for (r, got) in rights.iter().zip(&sql) {
                let want = VerdictKind::of(&clock.verdict(r, intended));
                kinds.insert(want);
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
        }
        // The indexed condition a search adds for a verdict filter never drops a row that
        // has that verdict.
        let sql = sql_verdicts(&cache, &clock, &IntendedUse::any());
        for kind in [
            VerdictKind::Expired,
            VerdictKind::Expiring,
            VerdictKind::NotYetValid,
            VerdictKind::Unknown,
            VerdictKind::Restricted,
        ] {
            let narrowed = sql_narrowed(&cache, &clock, kind);
            for ((r, got), kept) in rights.iter().zip(&sql).zip(&narrowed) {
                if got == kind.as_str() {
                    assert!(
                        kept,
                        "the {kind:?} narrowing drops {r:?} at {} ({}, policy {:?})",
                        clock.now, clock.zone, clock.policy
                    );
                    narrowed_checked += 1;
                }
            }
        }
    }
    assert_eq!(kinds.len(), 6, "every kind of verdict was met: {kinds:?}");
    assert!(narrowed_checked > 100, "{narrowed_checked}");
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
