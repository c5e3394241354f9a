//! Sharing a product's images: the gallery and the share are made once, even when the
//! answers to both creates are lost (the simulator's `reset` fault: the write happens, the
//! connection drops) and the job is carried out again; sharing again with the same
//! recipients reuses the share.

use crate::support::{EXPIRES, Rig};
use shelflink::export::Selection;
use shelflink::sharing::{self, ProductShareRequest, ShareState};
use shelflink_sim::control::{FaultConfig, parse_spec};

fn request() -> ProductShareRequest {
    ProductShareRequest {
        selection: Selection::Skus(vec!["MH04".into()]),
        gallery: "Press kit Eco".into(),
        recipients: vec!["press@example.org".into(), "buyer@shop.example".into()],
        expires_on: Some(chrono::Utc::now().date_naive() + chrono::Duration::days(30)),
        message: Some("The eco collection, as agreed.".into()),
        channel: None,
        region: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_share_makes_its_gallery_and_share_once_across_lost_answers() {
    let rig = Rig::catalog().await;
    rig.sim.writes.clear();
    let rules = parse_spec(
        "ps POST /psapi/v3/mem/gallery/insert reset n=1; \
         ps POST /psapi/v3/mem/gallery/*/share reset n=1",
    )
    .unwrap();
    rig.sim.photoshelter_faults.set(FaultConfig {
        rules: rules.into_iter().map(|(_, r)| r).collect(),
        rate_limit: None,
    });

    let queued = sharing::queue_share(rig.cache(), &rig.rules, &request()).unwrap();
    assert_eq!(queued.files.len(), 2, "the two images that may go out");
    assert_eq!(queued.left_out.len(), 1);
    assert_eq!(queued.left_out[0].file, EXPIRES);
    assert!(queued.left_out[0].reason.contains("the licence expired"));
    rig.run_worker().await;

    let outcome = sharing::outcome(rig.cache(), queued.job).unwrap().unwrap();
    assert_eq!(outcome.state, ShareState::Done, "{outcome:?}");
    let url = outcome.url.clone().expect("a share link");
    assert!(url.contains("/share/"), "{url}");
    assert_eq!(outcome.expires_at, queued.expires_at);
    let injected: u64 = rig
        .sim
        .photoshelter_faults
        .get()
        .rules
        .iter()
        .map(|r| r.injected)
        .sum();
    assert_eq!(injected, 2, "both answers were lost once");
    let posts = |suffix: &str| {
        rig.sim
            .writes
            .all()
            .iter()
            .filter(|w| w.method == "POST" && w.path.ends_with(suffix))
            .count()
    };
    assert_eq!(posts("/gallery/insert"), 1, "one gallery");
    assert_eq!(posts("/share"), 1, "one share");
    let page = reqwest::get(&url).await.unwrap();
    assert!(page.status().is_success());
    assert!(page.text().await.unwrap().contains("2 images shared"));

    // Sharing again with the same recipients uses the share that is there.
    let again = sharing::queue_share(rig.cache(), &rig.rules, &request()).unwrap();
    rig.run_worker().await;
    let second = sharing::outcome(rig.cache(), again.job).unwrap().unwrap();
    assert_eq!(second.state, ShareState::Done);
    assert!(second.reused);
    assert_eq!(second.url.as_deref(), Some(url.as_str()));
    assert_eq!(posts("/gallery/insert"), 1);
    assert_eq!(posts("/share"), 1);
    let shared = rig
        .cache()
        .with_conn(|c| shelflink::cache::catalog::activity::count(c, "shared"))
        .unwrap();
    assert_eq!(shared, 2, "each share is in the activity log");
}
