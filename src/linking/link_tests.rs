use super::*;
use crate::linking::testing::{self, rules, until};
use crate::transfer::JobKind;
use crate::transfer::gate::Refusal;
use crate::transfer::queue::{JobFilter, list};

fn request(asset: &str, product: &str) -> LinkRequest {
    LinkRequest {
        asset: asset.into(),
        product: product.into(),
        role: Role::Hero,
        position: 0,
        from_suggestion: false,
    }
}

fn jobs(cache: &Cache) -> Vec<crate::transfer::Job> {
    cache.with_conn(|c| list(c, &JobFilter::default())).unwrap()
}

#[test]
fn linking_an_approved_image_queues_upload_relate_write_back_and_keywords_in_order() {
    let cache = Cache::open_in_memory().unwrap();
    testing::asset(
        &cache,
        "I1",
        "mh02-black_main.jpg",
        "approved",
        &until((2026, 12, 31)),
    );
    testing::product(&cache, "p1", "MH02-XS-Black", Some("u1"));

    let linked = link(&cache, &rules(), &request("I1", "p1")).unwrap();

    assert!(!linked.already_linked);
    assert_eq!(linked.warning, None);
    let jobs = jobs(&cache);
    let kinds: Vec<JobKind> = jobs.iter().map(|j| j.kind).collect();
    assert_eq!(
        kinds,
        [
            JobKind::UploadFile,
            JobKind::Relate,
            JobKind::WriteBack,
            JobKind::TagKeywords
        ]
    );
    assert_eq!(
        jobs[1].depends_on,
        [jobs[0].id],
        "relate waits for the upload"
    );
    assert_eq!(
        jobs[2].depends_on,
        [jobs[1].id],
        "write back waits for the relation"
    );
    assert_eq!(jobs[3].depends_on, [jobs[1].id]);
    assert!(jobs.iter().all(|j| j.link_id == Some(linked.link_id)));
    match &jobs[3].payload {
        Payload::TagKeywords(t) => {
            assert_eq!(t.keywords, ["MH02-XS-Black", "Hoodies", "Spring 26"])
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        jobs[1].summary,
        "Relate mh02-black_main.jpg to MH02-XS-Black as hero image at position 1"
    );
    let state = cache
        .with_conn(|c| catalog::link_by_id(c, linked.link_id))
        .unwrap()
        .unwrap();
    assert_eq!(state.state, LinkStateText::Queued);
    assert_eq!((state.role, state.position), (Role::Hero, 0));
}

#[test]
fn a_second_click_queues_nothing_more() {
    let cache = Cache::open_in_memory().unwrap();
    testing::asset(&cache, "I1", "a.jpg", "approved", &until((2026, 12, 31)));
    testing::product(&cache, "p1", "A-1", None);
    let first = link(&cache, &rules(), &request("I1", "p1")).unwrap();
    let second = link(&cache, &rules(), &request("I1", "p1")).unwrap();
    assert!(second.already_linked);
    assert_eq!(second.link_id, first.link_id);
    assert_eq!(second.jobs, first.jobs);
    assert_eq!(jobs(&cache).len(), 4);
}

#[test]
fn an_expired_image_is_refused_with_the_reason_and_the_date_and_nothing_is_queued() {
    let cache = Cache::open_in_memory().unwrap();
    testing::asset(
        &cache,
        "I1",
        "24-gb1002_main.jpg",
        "approved",
        &until((2026, 2, 28)),
    );
    testing::product(&cache, "p1", "24-GB1002", None);

    let err = link(&cache, &rules(), &request("I1", "p1")).unwrap_err();

    match &err {
        LinkError::Refused(Refusal::Rights { blocked, .. }) => assert_eq!(
            *blocked,
            crate::rights::Blocked::Expired {
                since: chrono::NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()
            }
        ),
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("it ended on 2026-02-28"), "{err}");
    assert!(jobs(&cache).is_empty());
    assert_eq!(cache.counts().unwrap().links, 0);
}

#[test]
fn an_image_not_yet_approved_is_refused() {
    let cache = Cache::open_in_memory().unwrap();
    testing::asset(&cache, "I1", "a.jpg", "open", &until((2026, 12, 31)));
    testing::product(&cache, "p1", "A-1", None);
    let err = link(&cache, &rules(), &request("I1", "p1")).unwrap_err();
    assert!(
        matches!(err, LinkError::Refused(Refusal::NotApproved { .. })),
        "{err}"
    );
}

#[test]
fn a_licence_ending_soon_links_with_a_warning() {
    let cache = Cache::open_in_memory().unwrap();
    testing::asset(&cache, "I1", "a.jpg", "approved", &until((2026, 3, 20)));
    testing::product(&cache, "p1", "A-1", None);
    let linked = link(&cache, &rules(), &request("I1", "p1")).unwrap();
    assert_eq!(
        linked.warning.as_deref(),
        Some("Licence ends in 10 days (2026-03-20)")
    );
}

#[test]
fn an_unknown_product_says_to_sync() {
    let cache = Cache::open_in_memory().unwrap();
    testing::asset(&cache, "I1", "a.jpg", "approved", &until((2026, 12, 31)));
    let err = link(&cache, &rules(), &request("I1", "nope")).unwrap_err();
    assert!(err.to_string().contains("sync 4ALLPORTAL"), "{err}");
}
