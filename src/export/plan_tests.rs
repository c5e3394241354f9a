use super::*;
use crate::rights::{LicenceDate, Origin, Region, Sourced};
use chrono::{NaiveDate, TimeZone};

fn now() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 3, 10, 12, 0, 0)
        .unwrap()
}

fn until(y: i32, m: u32, d: u32) -> Rights {
    Rights {
        licence_end: Some(Sourced::new(
            LicenceDate::day(NaiveDate::from_ymd_opt(y, m, d).unwrap()),
            Origin::PhotoShelter,
            "License.license_etime",
        )),
        ..Rights::default()
    }
}

fn product(id: i64, sku: &str) -> ProductInfo {
    ProductInfo {
        id,
        sku: sku.into(),
        name: format!("Product {sku}"),
        category: Some("Men/Tops".into()),
        campaign: Some("Spring 26".into()),
    }
}

fn image(p: &ProductInfo, ps: &str, role: Role, position: u32) -> Candidate {
    Candidate {
        product: p.clone(),
        asset_id: ps[1..].parse().unwrap_or(0),
        ps_id: ps.into(),
        file_name: format!("{ps}.JPG"),
        approval: ApprovalState::Approved,
        rights: Some(until(2026, 12, 31)),
        licence_end: Some("2026-12-31".into()),
        fingerprint: Some(format!("fp-{ps}")),
        role,
        position,
        link_state: "confirmed".into(),
        ..Candidate::default()
    }
}

fn run(
    candidates: Vec<Candidate>,
    products: &[ProductInfo],
    size: ImageSize,
    taken: &[&str],
) -> Plan {
    let taken = taken.iter().map(|t| t.to_lowercase()).collect();
    plan(
        candidates,
        products,
        &PlanInput {
            size,
            intended: &IntendedUse::any(),
            now: now(),
            policy: &RightsPolicy::default(),
            taken: &taken,
        },
    )
}

#[test]
fn images_come_in_role_then_position_order_under_readable_names() {
    let a = product(1, "MH02-XS/Black");
    let b = product(2, "24-MB01");
    let plan = run(
        vec![
            image(&a, "I3", Role::Detail, 2),
            image(&a, "I1", Role::Gallery, 1),
            image(&a, "I2", Role::Hero, 0),
            image(&b, "I4", Role::Hero, 0),
        ],
        &[a, b, product(3, "ZZ-EMPTY")],
        ImageSize::Original,
        &[],
    );
    let names: Vec<&str> = plan.images.iter().map(|p| p.file_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "24-MB01_01_hero.jpg",
            "MH02-XS-Black_01_hero.jpg",
            "MH02-XS-Black_02_gallery.jpg",
            "MH02-XS-Black_03_detail.jpg"
        ]
    );
    assert_eq!(plan.images[1].fingerprint, "fp-I2|original");
    assert_eq!(plan.without_images, ["ZZ-EMPTY"]);
    assert!(plan.left_out.is_empty());
}

#[test]
fn names_never_collide_with_each_other_or_with_the_users_files() {
    let a = product(1, "SKU");
    let plan = run(
        vec![
            image(&a, "I1", Role::Hero, 0),
            image(&a, "I2", Role::Hero, 0),
        ],
        &[a],
        ImageSize::Fit {
            width: 800,
            height: 800,
        },
        &["sku_01_hero.jpg"],
    );
    let names: Vec<&str> = plan.images.iter().map(|p| p.file_name.as_str()).collect();
    assert_eq!(names, ["SKU_01_hero-2.jpg", "SKU_01_hero-3.jpg"]);
    assert_eq!(plan.images[0].fingerprint, "fp-I1|fit=800x800");
}

#[test]
fn blocked_images_are_left_out_with_the_reason() {
    let a = product(1, "SKU");
    let mut expired = image(&a, "I1", Role::Hero, 0);
    expired.rights = Some(until(2026, 1, 31));
    let mut open = image(&a, "I2", Role::Gallery, 1);
    open.approval = ApprovalState::Open;
    let mut queued = image(&a, "I3", Role::Gallery, 2);
    queued.link_state = "queued".into();
    let mut deleted = image(&a, "I4", Role::Gallery, 3);
    deleted.deleted = true;
    let mut region = image(&a, "I5", Role::Gallery, 4);
    region.rights = Some(Rights {
        regions: Some(Sourced::new(
            vec![Region::new("US")],
            Origin::PhotoShelter,
            "CustomMetadata.regions",
        )),
        ..until(2026, 12, 31)
    });
    let ok = image(&a, "I6", Role::Gallery, 5);
    let taken = HashSet::new();
    let plan = plan(
        vec![expired, open, queued, deleted, region, ok],
        &[a],
        &PlanInput {
            size: ImageSize::Original,
            intended: &IntendedUse::on("web", "DE"),
            now: now(),
            policy: &RightsPolicy::default(),
            taken: &taken,
        },
    );
    assert_eq!(plan.images.len(), 1);
    assert_eq!(plan.images[0].candidate.ps_id, "I6");
    let reasons: Vec<(&str, &LeftOutReason)> = plan
        .left_out
        .iter()
        .map(|l| (l.photoshelter_id.as_str(), &l.reason))
        .collect();
    assert_eq!(
        reasons[0],
        (
            "I1",
            &LeftOutReason::Rights {
                blocked: Blocked::Expired {
                    since: NaiveDate::from_ymd_opt(2026, 1, 31).unwrap()
                }
            }
        )
    );
    assert_eq!(
        reasons[1],
        (
            "I2",
            &LeftOutReason::NotApproved {
                state: "not reviewed yet".into()
            }
        )
    );
    assert_eq!(
        reasons[2],
        (
            "I3",
            &LeftOutReason::NotTransferred {
                state: "queued".into()
            }
        )
    );
    assert_eq!(reasons[3], ("I4", &LeftOutReason::MissingOriginal));
    assert!(matches!(
        reasons[4].1,
        LeftOutReason::Rights {
            blocked: Blocked::Restricted { .. }
        }
    ));
    assert!(plan.left_out[0].reason_text.contains("ended on 2026-01-31"));
    assert_eq!(plan.left_out[1].position, 2, "positions count from 1");
}

#[test]
fn a_size_is_read_as_width_by_height() {
    assert_eq!(
        ImageSize::parse_box("1600x900"),
        Ok(ImageSize::Fit {
            width: 1600,
            height: 900
        })
    );
    assert!(
        ImageSize::parse_box("big")
            .unwrap_err()
            .contains("WIDTHxHEIGHT")
    );
    assert!(ImageSize::parse_box("0x10").is_err());
}

#[test]
fn an_intended_use_is_read_as_channel_and_region() {
    assert_eq!(parse_use("Print:de"), Ok(IntendedUse::on("print", "DE")));
    assert_eq!(
        parse_use("web"),
        Ok(IntendedUse {
            channel: Some(crate::rights::Channel::new("web")),
            region: None
        })
    );
    assert!(parse_use("web:Germany").unwrap_err().contains("two-letter"));
    assert!(parse_use(":").is_err());
}
