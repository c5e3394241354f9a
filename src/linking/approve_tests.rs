use super::*;
use crate::linking::testing::{self, rules, until};
use crate::linking::{LinkRequest, link};
use crate::model::Role;
use crate::transfer::JobKind;
use crate::transfer::catalog::LinkStateText;
use crate::transfer::queue::{JobFilter, list};

fn linked(cache: &Cache, asset: &str, product: &str, role: Role, position: u32) {
    link(
        cache,
        &rules(),
        &LinkRequest {
            asset: asset.into(),
            product: product.into(),
            role,
            position,
            from_suggestion: false,
        },
    )
    .unwrap();
}

fn kinds_after(cache: &Cache, first: i64) -> Vec<JobKind> {
    cache
        .with_conn(|c| list(c, &JobFilter::default()))
        .unwrap()
        .into_iter()
        .filter(|j| j.id >= first)
        .map(|j| j.kind)
        .collect()
}

fn shot(cache: &Cache, v2_end: (i32, u32, u32)) {
    testing::two_versions(cache, v2_end);
    testing::product(cache, "p1", "MH02-XS-Black", Some("anna"));
    testing::product(cache, "p2", "MH02-S-Black", Some("anna"));
    testing::product(cache, "p3", "MH02-M-Black", Some("bo"));
    linked(cache, "I1", "p1", Role::Hero, 0);
    linked(cache, "I1", "p2", Role::Gallery, 3);
    linked(cache, "I1", "p3", Role::Detail, 1);
}

#[test]
fn approving_a_new_version_replaces_it_everywhere_and_tells_each_owner_once() {
    let cache = Cache::open_in_memory().unwrap();
    shot(&cache, (2027, 1, 31));

    let approved = approve(&cache, &rules(), "I2").unwrap();

    assert_eq!(approved.group.as_deref(), Some("mh02|black|main"));
    assert_eq!(
        approved.replaced,
        ["MH02-XS-Black", "MH02-S-Black", "MH02-M-Black"]
    );
    assert!(approved.held.is_empty());
    assert_eq!(approved.notified_owners, 2);
    let first = approved.jobs[0];
    let mut kinds = kinds_after(&cache, first);
    kinds.sort_by_key(|k| k.as_str());
    let count = |k: JobKind| kinds.iter().filter(|x| **x == k).count();
    assert_eq!(count(JobKind::ApprovalSignal), 1);
    assert_eq!(
        count(JobKind::UploadFile),
        1,
        "one upload serves every product"
    );
    assert_eq!(count(JobKind::ReplaceVersion), 3);
    assert_eq!(count(JobKind::WriteBack), 3);
    assert_eq!(count(JobKind::NotifyOwner), 2);

    type Place = (String, String, i64, String);
    let (links, current, approval): (Vec<Place>, String, String) = cache
        .with_conn(|c| {
            let mut stmt = c.prepare(
                "SELECT p.sku, l.role, l.position, a.ps_id FROM links l
                 JOIN products p ON p.id = l.product_id JOIN assets a ON a.id = l.asset_id
                 WHERE l.state = 'queued' ORDER BY p.id",
            )?;
            let links = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let current = c.query_row(
                "SELECT a.ps_id FROM version_groups g JOIN assets a ON a.id = g.current_asset_id",
                [],
                |r| r.get(0),
            )?;
            let approval =
                c.query_row("SELECT approval FROM assets WHERE ps_id = 'I2'", [], |r| {
                    r.get(0)
                })?;
            Ok((links, current, approval))
        })
        .unwrap();
    assert_eq!(
        links,
        [
            ("MH02-XS-Black".into(), "hero".into(), 0, "I2".into()),
            ("MH02-S-Black".into(), "gallery".into(), 3, "I2".into()),
            ("MH02-M-Black".into(), "detail".into(), 1, "I2".into()),
        ]
    );
    assert_eq!(current, "I2");
    assert_eq!(approval, "approved");

    let notes: Vec<crate::transfer::Job> = cache
        .with_conn(|c| list(c, &JobFilter::default()))
        .unwrap()
        .into_iter()
        .filter(|j| j.kind == JobKind::NotifyOwner)
        .collect();
    match &notes[0].payload {
        Payload::NotifyOwner(n) => {
            assert_eq!(n.owner, "anna");
            assert_eq!(n.title, "New image version on MH02-XS-Black, MH02-S-Black");
            assert_eq!(
                notes[0].depends_on.len(),
                2,
                "after both of anna's replacements"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_expired_new_version_is_approved_but_held_and_the_owners_are_told_why() {
    let cache = Cache::open_in_memory().unwrap();
    shot(&cache, (2026, 1, 31));

    let approved = approve(&cache, &rules(), "I2").unwrap();

    assert!(approved.replaced.is_empty());
    assert_eq!(approved.held.len(), 3);
    assert!(
        approved.held[0].reason.contains("it ended on 2026-01-31"),
        "{:?}",
        approved.held
    );
    let kinds = kinds_after(&cache, approved.jobs[0]);
    assert!(!kinds.contains(&JobKind::ReplaceVersion));
    assert!(!kinds.contains(&JobKind::UploadFile));
    assert_eq!(
        kinds.iter().filter(|k| **k == JobKind::NotifyOwner).count(),
        2
    );
    let still_v1: i64 = cache
        .with_conn(|c| {
            c.query_row(
                "SELECT count(*) FROM links l JOIN assets a ON a.id = l.asset_id WHERE a.ps_id = 'I1'",
                [],
                |r| r.get(0),
            )
        })
        .unwrap();
    assert_eq!(still_v1, 3);
}

#[test]
fn a_product_showing_both_versions_loses_the_old_one() {
    let cache = Cache::open_in_memory().unwrap();
    shot(&cache, (2027, 1, 31));
    cache
        .with_conn(|c| {
            c.execute(
                "UPDATE assets SET approval = 'approved' WHERE ps_id = 'I2'",
                [],
            )
        })
        .unwrap();
    linked(&cache, "I2", "p1", Role::Gallery, 5);

    let approved = approve(&cache, &rules(), "I2").unwrap();

    assert_eq!(approved.unlinked, ["MH02-XS-Black"]);
    assert_eq!(approved.replaced, ["MH02-S-Black", "MH02-M-Black"]);
    let p1: Vec<(String, String)> = cache
        .with_conn(|c| {
            let mut stmt = c.prepare(
                "SELECT a.ps_id, l.state FROM links l JOIN assets a ON a.id = l.asset_id
                 JOIN products p ON p.id = l.product_id WHERE p.ap_id = 'p1'",
            )?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect()
        })
        .unwrap();
    assert_eq!(
        p1,
        [("I2".to_string(), LinkStateText::Queued.as_str().to_string())]
    );
}

#[test]
fn an_image_outside_any_group_is_approved_and_the_approval_mirrored() {
    let cache = Cache::open_in_memory().unwrap();
    testing::asset(&cache, "I9", "solo.jpg", "open", &until((2027, 1, 1)));
    let approved = approve(&cache, &rules(), "I9").unwrap();
    assert_eq!(approved.group, None);
    assert_eq!(kinds_after(&cache, 0), [JobKind::ApprovalSignal]);
    assert!(matches!(
        approve(&cache, &rules(), "nope"),
        Err(ApproveError::UnknownAsset(_))
    ));
}
