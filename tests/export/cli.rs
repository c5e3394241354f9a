//! `shelflink export` and `shelflink share` on the demo workspace: the report as JSON and
//! as text, a second run that downloads nothing, a share's link and expiry, and a mistyped
//! SKU that says what to correct.

use crate::support::{CAMPAIGN, Rig, downloads};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_exports_a_campaign_and_shares_a_product() {
    let rig = Rig::catalog().await;
    let target = rig.dir.path().join("cli export");
    let to = target.display().to_string();
    rig.take_ps_requests();

    let (ok, out, err) = rig
        .cli(&[
            "export",
            "--demo",
            "--campaign",
            CAMPAIGN,
            "--to",
            &to,
            "--json",
        ])
        .await;
    assert!(ok, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["phase"], "finished");
    assert_eq!(report["downloaded"], 4);
    assert_eq!(report["left_out"].as_array().unwrap().len(), 2);
    assert_eq!(report["images"][0]["file_name"], "MH04_01_hero.jpg");
    assert_eq!(downloads(&rig.take_ps_requests()), 4);

    let (ok, out, err) = rig
        .cli(&["export", "--demo", "--campaign", CAMPAIGN, "--to", &to])
        .await;
    assert!(ok, "{err}");
    assert!(
        out.contains("4 image(s) of ") && out.contains("0 downloaded (0.0 MB), 4 unchanged."),
        "{out}"
    );
    assert!(out.contains("2 image(s) left out:"), "{out}");
    assert!(out.contains("MT07 #1 mt07-gray_main.jpg"), "{out}");
    assert_eq!(downloads(&rig.take_ps_requests()), 0);

    let (ok, _, err) = rig
        .cli(&["export", "--demo", "--sku", "MH04,NOPE-1", "--to", &to])
        .await;
    assert!(!ok);
    assert!(err.contains("no product has the SKU NOPE-1"), "{err}");

    let (ok, out, err) = rig
        .cli(&[
            "share",
            "--demo",
            "--sku",
            "MH04",
            "--gallery",
            "CLI press",
            "--to",
            "press@example.org",
            "--expires",
            "2031-06-30",
            "--message",
            "For the launch",
            "--json",
        ])
        .await;
    assert!(ok, "{err}\n{out}");
    let shared: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(shared["share"]["state"], "done");
    assert!(
        shared["share"]["url"].as_str().unwrap().contains("/share/"),
        "{out}"
    );
    assert_eq!(shared["share"]["expires_at"], "2031-06-30T23:59:59.999Z");
    assert_eq!(
        shared["left_out"].as_array().unwrap().len(),
        1,
        "the expired image"
    );
    let gallery_posts = rig
        .sim
        .writes
        .all()
        .iter()
        .filter(|w| w.method == "POST" && w.path.ends_with("/gallery/insert"))
        .count();
    assert_eq!(gallery_posts, 1);
}
