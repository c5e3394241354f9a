//! Use case 7 (review rights): the verdict for real files at the boundaries of their
//! licence, in several time zones, and what enforcement says to the person.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::json;
use shelflink::rights::{
    Blocked, IntendedUse, PhotoShelterRightsData, PhotoShelterRightsFields, Restriction, Rights,
    RightsPolicy, UnknownRights, Verdict, allows, embedded, verdict,
};
use std::path::PathBuf;

fn fixture(rel: &str) -> PathBuf {
    let root = std::env::var_os("SHELFLINK_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"));
    root.join(rel)
}

fn rights_of(rel: &str) -> Rights {
    Rights::from_embedded(&embedded::read_path(&fixture(rel)).expect("fixture readable"))
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn at_zone(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn check<Z: TimeZone>(r: &Rights, now: &DateTime<Z>) -> Verdict {
    verdict(r, now, &IntendedUse::any(), &RightsPolicy::default())
}

const INDEPENDENT: &str = "metadata/iptc-independent-photographer-example.jpg";

#[test]
fn the_plus_licence_dates_of_the_independent_photographer_example_are_read() {
    let r = rights_of(INDEPENDENT);
    assert_eq!(
        r.licence_start.as_ref().unwrap().value.date(),
        day(2010, 4, 1)
    );
    assert_eq!(
        r.licence_end.as_ref().unwrap().value.date(),
        day(2015, 4, 1)
    );
    assert_eq!(r.licence_end.unwrap().source.field, "plus:LicenseEndDate");
}

#[test]
fn a_licence_ending_on_a_day_is_usable_through_that_day_and_expired_the_next() {
    let r = rights_of(INDEPENDENT);
    let expiring = |days, window| Verdict::Expiring {
        days,
        on: day(2015, 4, 1),
        window,
    };
    assert_eq!(
        check(&r, &utc("2015-03-31T12:00:00Z")),
        expiring(1, 14),
        "the day before"
    );
    assert_eq!(
        check(&r, &utc("2015-04-01T00:00:00Z")),
        expiring(0, 0),
        "the day itself"
    );
    assert_eq!(
        check(&r, &utc("2015-04-01T23:59:59Z")),
        expiring(0, 0),
        "its last second"
    );
    assert_eq!(
        check(&r, &utc("2015-04-02T00:00:00Z")),
        Verdict::Expired {
            since: day(2015, 4, 1)
        },
        "the day after"
    );
}

#[test]
fn warnings_start_thirty_days_before_the_end() {
    let r = rights_of(INDEPENDENT);
    assert_eq!(
        check(&r, &utc("2015-03-01T09:00:00Z")),
        Verdict::Ok,
        "31 days left"
    );
    assert_eq!(
        check(&r, &utc("2015-03-02T09:00:00Z")),
        Verdict::Expiring {
            days: 30,
            on: day(2015, 4, 1),
            window: 30
        }
    );
    assert_eq!(
        check(&r, &utc("2015-03-18T09:00:00Z")),
        Verdict::Expiring {
            days: 14,
            on: day(2015, 4, 1),
            window: 14
        }
    );
    let custom = RightsPolicy {
        warning_windows: vec![7],
        ..RightsPolicy::default()
    };
    let v = verdict(
        &r,
        &utc("2015-03-18T09:00:00Z"),
        &IntendedUse::any(),
        &custom,
    );
    assert_eq!(v, Verdict::Ok, "14 days left is outside a 7-day window");
}

#[test]
fn before_the_licence_starts_the_image_is_not_yet_valid() {
    let r = rights_of(INDEPENDENT);
    assert_eq!(
        check(&r, &utc("2010-03-31T23:59:59Z")),
        Verdict::NotYetValid {
            until: day(2010, 4, 1)
        }
    );
    assert_eq!(check(&r, &utc("2010-04-01T00:00:00Z")), Verdict::Ok);
}

#[test]
fn a_licence_day_is_read_in_the_users_zone_unless_the_policy_names_one() {
    let r = rights_of(INDEPENDENT);
    let berlin: Tz = "Europe/Berlin".parse().unwrap();
    let new_york: Tz = "America/New_York".parse().unwrap();
    // 2015-04-01 23:30 UTC is already 2 April in Berlin, still 1 April in New York.
    let instant = utc("2015-04-01T23:30:00Z");
    assert_eq!(
        check(&r, &instant.with_timezone(&berlin)),
        Verdict::Expired {
            since: day(2015, 4, 1)
        }
    );
    assert_eq!(
        check(&r, &instant.with_timezone(&new_york)),
        Verdict::Expiring {
            days: 0,
            on: day(2015, 4, 1),
            window: 0
        }
    );
    let utc_policy = RightsPolicy {
        licence_zone: Some("UTC".into()),
        ..RightsPolicy::default()
    };
    let v = verdict(
        &r,
        &instant.with_timezone(&berlin),
        &IntendedUse::any(),
        &utc_policy,
    );
    assert_eq!(
        v,
        Verdict::Expiring {
            days: 0,
            on: day(2015, 4, 1),
            window: 0
        }
    );
}

#[test]
fn the_renewed_copy_with_a_2099_end_date_is_usable_and_warns_in_december_2099() {
    let r = rights_of("edge/made-plus-license-end-2099.jpg");
    assert_eq!(
        r.licence_end.as_ref().unwrap().value.date(),
        day(2099, 12, 31)
    );
    assert_eq!(check(&r, &utc("2026-05-01T08:00:00Z")), Verdict::Ok);
    assert_eq!(
        check(&r, &utc("2099-12-17T08:00:00Z")),
        Verdict::Expiring {
            days: 14,
            on: day(2099, 12, 31),
            window: 14
        }
    );
}

#[test]
fn the_iim_expiration_date_and_time_end_the_licence_at_that_moment_in_its_zone() {
    let r = rights_of("edge/made-iim-expiration-2020.jpg");
    let end = r.licence_end.as_ref().unwrap();
    assert_eq!(end.value.to_string(), "2020-06-30 23:59 +00:00");
    assert_eq!(
        end.source.field,
        "2:37 ExpirationDate + 2:38 ExpirationTime"
    );
    let last = Verdict::Expiring {
        days: 0,
        on: day(2020, 6, 30),
        window: 0,
    };
    assert_eq!(
        check(&r, &utc("2020-06-29T12:00:00Z")),
        Verdict::Expiring {
            days: 1,
            on: day(2020, 6, 30),
            window: 14
        }
    );
    assert_eq!(check(&r, &utc("2020-06-30T23:59:59Z")), last);
    // 01:30 in Berlin on 1 July is still 30 June, 23:30 at the licence's +00:00.
    assert_eq!(check(&r, &at_zone("2020-07-01T01:30:00+02:00")), last);
    assert_eq!(
        check(&r, &utc("2020-07-01T00:00:00Z")),
        Verdict::Expired {
            since: day(2020, 6, 30)
        }
    );
}

#[test]
fn an_image_without_licence_data_is_unknown_and_the_policy_decides() {
    let r = rights_of("metadata/metadata_demo_exif_only.jpg");
    let v = check(&r, &utc("2026-01-01T00:00:00Z"));
    assert_eq!(v, Verdict::Unknown);
    assert_eq!(allows(&v, &RightsPolicy::default()), Ok(()));
    let strict = RightsPolicy {
        unknown: UnknownRights::Block,
        ..RightsPolicy::default()
    };
    assert_eq!(allows(&v, &strict), Err(Blocked::Unknown));
    // Copyright and usage terms alone do not say whether we may use it.
    let terms_only = rights_of("metadata/metadata_demo_iim_and_xmp_only.jpg");
    assert!(terms_only.usage_terms.is_some());
    assert_eq!(
        check(&terms_only, &utc("2026-01-01T00:00:00Z")),
        Verdict::Unknown
    );
}

#[test]
fn an_expired_image_is_blocked_with_the_date_and_what_to_do() {
    let r = rights_of(INDEPENDENT);
    let v = check(&r, &utc("2026-01-01T00:00:00Z"));
    let blocked = allows(&v, &RightsPolicy::default()).unwrap_err();
    assert_eq!(
        blocked,
        Blocked::Expired {
            since: day(2015, 4, 1)
        }
    );
    let text = blocked.to_string();
    assert!(
        text.contains("2015-04-01") && text.contains("Renew the licence"),
        "{text}"
    );
    assert_eq!(v.reason(), "Licence expired: it ended on 2015-04-01");
}

fn region_limited() -> Rights {
    let data = PhotoShelterRightsData::from_image_json(&json!({
        "License": {"license_etime": "2030-12-31 00:00:00 UTC", "license_type": "rights_managed"},
        "CustomMetadata": [{"name": "Usage Regions", "value": "DE,AT"},
                            {"name": "Usage Channels", "value": "web"}]
    }));
    Rights::from_photoshelter(&data, &PhotoShelterRightsFields::default())
}

#[test]
fn a_region_or_channel_the_licence_does_not_cover_is_restricted() {
    let r = region_limited();
    let now = utc("2026-01-01T00:00:00Z");
    let policy = RightsPolicy::default();
    assert_eq!(
        verdict(&r, &now, &IntendedUse::on("web", "de"), &policy),
        Verdict::Ok
    );
    let v = verdict(&r, &now, &IntendedUse::on("print", "US"), &policy);
    let Verdict::Restricted { why } = &v else {
        panic!("expected restricted, got {v:?}")
    };
    assert_eq!(why.len(), 2);
    assert!(matches!(&why[0], Restriction::Region { wanted, .. } if wanted.as_str() == "US"));
    assert_eq!(
        v.reason(),
        "Not licensed for region US (licensed for DE, AT); not licensed for channel print (licensed for web)"
    );
    let blocked = allows(&v, &policy).unwrap_err();
    assert!(
        blocked
            .to_string()
            .ends_with("Choose another image or extend the licence")
    );
    // Linking (no particular region or channel) is not restricted by them.
    assert_eq!(verdict(&r, &now, &IntendedUse::any(), &policy), Verdict::Ok);
}

#[test]
fn a_missing_model_release_blocks_only_when_the_policy_requires_one() {
    let r = rights_of("metadata/iptc-staff-photographer-example.jpg");
    let now = utc("2026-01-01T00:00:00Z");
    let strict = RightsPolicy {
        require_model_release: true,
        ..RightsPolicy::default()
    };
    let v = verdict(&r, &now, &IntendedUse::any(), &strict);
    assert_eq!(v.reason(), "Model release is limited or incomplete");
    assert!(allows(&v, &strict).is_err());
    assert_eq!(
        verdict(&r, &now, &IntendedUse::any(), &RightsPolicy::default()),
        Verdict::Unknown
    );
}

/// A minimal JPEG whose only metadata is an IIM block with these datasets.
fn jpeg_with_iim(datasets: &[(u8, &str)]) -> Vec<u8> {
    let mut iim = Vec::new();
    for (ds, value) in datasets {
        iim.extend([0x1C, 2, *ds]);
        iim.extend((value.len() as u16).to_be_bytes());
        iim.extend(value.as_bytes());
    }
    let mut irb = b"Photoshop 3.0\0".to_vec();
    irb.extend(b"8BIM\x04\x04\x00\x00");
    irb.extend((iim.len() as u32).to_be_bytes());
    irb.extend(&iim);
    if iim.len() % 2 == 1 {
        irb.push(0);
    }
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xED];
    jpeg.extend(((irb.len() + 2) as u16).to_be_bytes());
    jpeg.extend(irb);
    jpeg.extend([0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0, 0xFF, 0xD9]);
    jpeg
}

#[test]
fn an_iim_release_date_is_an_embargo_until_that_moment() {
    let bytes = jpeg_with_iim(&[(30, "20260415"), (35, "090000+0200")]);
    let meta = embedded::read_bytes(&bytes);
    assert!(meta.notes.is_empty(), "{:?}", meta.notes);
    let r = Rights::from_embedded(&meta);
    assert_eq!(
        r.licence_start.as_ref().unwrap().source.field,
        "2:30 ReleaseDate + 2:35 ReleaseTime"
    );
    assert_eq!(
        check(&r, &utc("2026-04-15T06:59:00Z")),
        Verdict::NotYetValid {
            until: day(2026, 4, 15)
        }
    );
    // Released, and nothing else is known about the licence.
    assert_eq!(check(&r, &utc("2026-04-15T07:00:00Z")), Verdict::Ok);
}
