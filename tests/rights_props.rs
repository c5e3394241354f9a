//! Properties of the rules layer: whatever the rights, the clock, the use and the policy,
//! `allows` never lets an expired, not-yet-valid or restricted asset through, and an
//! approval plan never points a product at a version whose verdict blocks it.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use shelflink::model::{AssetId, GroupId, GroupOrigin, Link, Product, Role, Version, VersionGroup};
use shelflink::rights::{
    Channel, IntendedUse, LicenceDate, Origin, Region, Rights, RightsPolicy, Sourced,
    UnknownRights, Verdict, allows, verdict,
};
use shelflink::versions::{ApprovalConfig, Verdicts, approve};

const REGIONS: [&str; 4] = ["DE", "AT", "US", "FR"];
const CHANNELS: [&str; 3] = ["web", "print", "social"];
const ZONES: [Option<&str>; 4] = [
    None,
    Some("UTC"),
    Some("Europe/Berlin"),
    Some("Pacific/Kiritimati"),
];

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
}

fn licence_date() -> impl Strategy<Value = LicenceDate> {
    prop_oneof![
        (-60i64..60, prop::option::of(-720i32..=840)).prop_map(|(d, off)| LicenceDate::Day {
            date: base() + Duration::days(d),
            offset_minutes: off.map(|m| m / 15 * 15),
        }),
        (-60i64 * 24..60 * 24, -43_200i32..=50_400).prop_map(|(h, off)| {
            let offset = FixedOffset::east_opt(off / 900 * 900).unwrap();
            let at =
                Utc.from_utc_datetime(&base().and_hms_opt(0, 0, 0).unwrap()) + Duration::hours(h);
            LicenceDate::Instant {
                at: at.with_timezone(&offset),
            }
        }),
    ]
}

fn subset(names: &'static [&'static str]) -> impl Strategy<Value = Option<Vec<String>>> {
    prop::option::of(prop::sample::subsequence(names, 1..=names.len()))
        .prop_map(|s| s.map(|v| v.into_iter().map(str::to_owned).collect()))
}

fn rights() -> impl Strategy<Value = Rights> {
    (
        prop::option::of(licence_date()),
        prop::option::of(licence_date()),
        subset(&REGIONS),
        subset(&CHANNELS),
    )
        .prop_map(|(start, end, regions, channels)| Rights {
            licence_start: start
                .map(|d| Sourced::new(d, Origin::PhotoShelter, "License.license_stime")),
            licence_end: end
                .map(|d| Sourced::new(d, Origin::PhotoShelter, "License.license_etime")),
            regions: regions.map(|r| {
                Sourced::new(
                    r.iter().map(|s| Region::new(s)).collect(),
                    Origin::PhotoShelter,
                    "CustomMetadata",
                )
            }),
            channels: channels.map(|c| {
                Sourced::new(
                    c.iter().map(|s| Channel::new(s)).collect(),
                    Origin::PhotoShelter,
                    "CustomMetadata",
                )
            }),
            ..Rights::default()
        })
}

fn now() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (-90i64 * 24 * 60..90 * 24 * 60, -43_200i32..=50_400).prop_map(|(min, off)| {
        let offset = FixedOffset::east_opt(off / 900 * 900).unwrap();
        (Utc.from_utc_datetime(&base().and_hms_opt(0, 0, 0).unwrap()) + Duration::minutes(min))
            .with_timezone(&offset)
    })
}

fn intended() -> impl Strategy<Value = IntendedUse> {
    (
        prop::option::of(prop::sample::select(&CHANNELS[..])),
        prop::option::of(prop::sample::select(&REGIONS[..])),
    )
        .prop_map(|(c, r)| IntendedUse {
            channel: c.map(Channel::new),
            region: r.map(Region::new),
        })
}

fn policy() -> impl Strategy<Value = RightsPolicy> {
    (
        prop::collection::vec(0u32..45, 0..4),
        any::<bool>(),
        prop::sample::select(&ZONES[..]),
    )
        .prop_map(|(warning_windows, block, zone)| RightsPolicy {
            warning_windows,
            unknown: if block {
                UnknownRights::Block
            } else {
                UnknownRights::AllowWithWarning
            },
            licence_zone: zone.map(str::to_owned),
            ..RightsPolicy::default()
        })
}

/// Far enough from a boundary (more than any zone difference) to know the answer.
fn clearly_after(end: &LicenceDate, now: DateTime<Utc>) -> bool {
    match end {
        LicenceDate::Day { date, .. } => now.date_naive() > *date + Duration::days(2),
        LicenceDate::Instant { at } => now > at.with_timezone(&Utc),
    }
}

fn clearly_before(start: &LicenceDate, now: DateTime<Utc>) -> bool {
    match start {
        LicenceDate::Day { date, .. } => now.date_naive() < *date - Duration::days(2),
        LicenceDate::Instant { at } => now < at.with_timezone(&Utc),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn allows_never_passes_an_expired_not_yet_valid_or_restricted_asset(
        r in rights(), now in now(), use_ in intended(), policy in policy()
    ) {
        let v = verdict(&r, &now, &use_, &policy);
        let allowed = allows(&v, &policy).is_ok();
        if matches!(v, Verdict::Expired { .. } | Verdict::NotYetValid { .. } | Verdict::Restricted { .. }) {
            prop_assert!(!allowed, "{v:?} was allowed");
        }
        let now_utc = now.with_timezone(&Utc);
        if r.licence_end.as_ref().is_some_and(|e| clearly_after(&e.value, now_utc)) {
            prop_assert!(matches!(v, Verdict::Expired { .. }), "past its end but {v:?}");
        }
        if r.licence_start.as_ref().is_some_and(|s| clearly_before(&s.value, now_utc)) {
            prop_assert!(!allowed, "before its start but allowed: {v:?}");
        }
        let region_out = matches!((&use_.region, &r.regions), (Some(w), Some(a)) if !a.value.contains(w));
        let channel_out = matches!((&use_.channel, &r.channels), (Some(w), Some(a)) if !a.value.contains(w));
        if region_out || channel_out {
            prop_assert!(!allowed, "outside the licensed regions or channels but allowed: {v:?}");
        }
        if let Verdict::Expiring { days, window, .. } = v {
            prop_assert!(days <= window && policy.warning_windows.contains(&window));
        }
    }

    #[test]
    fn an_approval_plan_never_replaces_towards_a_blocked_version(
        per_version in prop::collection::vec((rights(), any::<bool>()), 2..5),
        link_to in prop::collection::vec((0usize..5, 0usize..6, 0u32..4), 0..12),
        pick in 0usize..5, now in now(), policy in policy()
    ) {
        let ids: Vec<AssetId> = (0..per_version.len()).map(|i| AssetId::new(format!("I{i}"))).collect();
        let group = VersionGroup {
            id: GroupId::new("shot"),
            versions: ids.iter().zip(1..).map(|(a, n)| Version { asset: a.clone(), number: n }).collect(),
            current: ids[0].clone(),
            origin: GroupOrigin::NameRule,
        };
        let verdicts: Verdicts = ids.iter().zip(&per_version)
            .filter(|(_, (_, known))| *known)
            .map(|(id, (r, _))| (id.clone(), verdict(r, &now, &IntendedUse::any(), &policy)))
            .collect();
        let links: Vec<Link> = link_to.iter()
            .map(|(v, p, pos)| Link::draft(ids[v % ids.len()].clone(), format!("P{p}"), Role::Gallery, *pos))
            .collect();
        let products: Vec<Product> = (0..6).map(|p| Product::new(format!("P{p}"), format!("SKU{p}"))).collect();
        let chosen = &ids[pick % ids.len()];
        let plan = approve(chosen, &group, &links, &products, &verdicts, &policy, &ApprovalConfig::default()).unwrap();
        let chosen_ok = allows(verdicts.get(chosen).unwrap_or(&Verdict::Unknown), &policy).is_ok();
        for replace in &plan.replaces {
            prop_assert_eq!(&replace.to, chosen);
            prop_assert!(chosen_ok, "a replace points at blocked {}", chosen);
        }
        if !chosen_ok {
            prop_assert!(plan.replaces.is_empty() && plan.unlinks.is_empty());
            let old = links.iter().filter(|l| &l.asset != chosen).count();
            prop_assert_eq!(plan.held.len(), old);
        }
    }
}
