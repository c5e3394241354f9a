//! An export of the fixture catalog's campaign: exactly the approved, rights-clear images,
//! named for their product, role and position, byte for byte the originals; manifests that
//! match the cache; the expired and the unapproved image left out with their reasons; a
//! second run that asks PhotoShelter for nothing.

use crate::support::{CAMPAIGN, EXPIRES, Rig, UNAPPROVED, downloads, files_in, fixture_sizes};
use shelflink::export::{ExportPhase, ImageSize, LeftOutReason};
use shelflink::rights::Blocked;
use std::collections::BTreeMap;

const EXPECTED: &[(&str, &str)] = &[
    ("MH04_01_hero.jpg", "mh04-green_main.jpg"),
    ("MH04_02_gallery.jpg", "mh04-green_alt1.jpg"),
    ("MJ04_01_hero.jpg", "mj04-black_main.jpg"),
    ("MJ04_02_detail.jpg", "mj04-black_back.jpg"),
];

fn csv_rows(path: &std::path::Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_exports_its_approved_rights_clear_originals_with_manifests_that_match_the_cache()
 {
    let rig = Rig::catalog().await;
    let target = rig.dir.path().join("Eco brochure");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("layout-notes.txt"), b"the user's own file").unwrap();
    rig.take_ps_requests();

    let report = rig.export(rig.request(&target, ImageSize::Original)).await;

    assert_eq!(report.phase, ExportPhase::Finished);
    let mut expected_files: Vec<String> = EXPECTED.iter().map(|(f, _)| f.to_string()).collect();
    expected_files.extend(
        [
            "layout-notes.txt",
            "left-out.csv",
            "manifest.csv",
            "manifest.json",
        ]
        .map(String::from),
    );
    expected_files.sort();
    assert_eq!(files_in(&target), expected_files);
    assert_eq!(report.downloaded, 4);
    assert_eq!(report.unchanged, 0);
    let sizes = fixture_sizes();
    for (file, original) in EXPECTED {
        let on_disk = std::fs::metadata(target.join(file)).unwrap().len();
        assert_eq!(
            on_disk, sizes[*original],
            "{file} is the original {original}"
        );
        assert_eq!(
            std::fs::read(target.join(file)).unwrap(),
            std::fs::read(
                crate::support::fixtures()
                    .join("catalog/images")
                    .join(original)
            )
            .unwrap(),
            "{file} is byte for byte {original}"
        );
    }
    assert_eq!(
        report.bytes_downloaded,
        EXPECTED.iter().map(|(_, o)| sizes[*o]).sum::<u64>()
    );
    assert_eq!(
        downloads(&rig.take_ps_requests()),
        4,
        "one download per image"
    );
    assert_eq!(
        std::fs::read_to_string(target.join("layout-notes.txt")).unwrap(),
        "the user's own file"
    );

    // manifest.csv: one row per image, with the product data as the cache has it.
    let rows = csv_rows(&target.join("manifest.csv"));
    assert_eq!(rows.len(), 4);
    for (row, (file, original)) in rows.iter().zip(EXPECTED) {
        assert_eq!(row["file_name"], *file);
        assert_eq!(row["original_file_name"], *original);
        assert_eq!(row["photoshelter_id"], rig.ps_id(original));
        let sku = &row["sku"];
        let product = |column: &str| {
            rig.text(
                &format!("SELECT coalesce({column}, '') FROM products WHERE sku = ?1"),
                sku,
            )
        };
        assert_eq!(row["name"], product("name"));
        assert_eq!(row["category"], product("category"));
        assert_eq!(row["campaign"], product("campaign"));
        let asset = |column: &str| {
            rig.text(
                &format!("SELECT coalesce({column}, '') FROM assets WHERE file_name = ?1"),
                original,
            )
        };
        assert_eq!(row["credit"], asset("credit"));
        assert_eq!(row["copyright"], asset("copyright"));
        assert_eq!(row["rights_expiry"], asset("licence_end"));
        assert_eq!(row["bytes"], sizes[*original].to_string());
    }
    assert_eq!(rows[0]["role"], "hero");
    assert_eq!(rows[0]["position"], "1");
    assert_eq!(rows[3]["role"], "detail");
    assert_eq!(rows[3]["position"], "2");
    assert!(
        rows[0]["campaign"].starts_with("Collections/"),
        "the product's first campaign: {}",
        rows[0]["campaign"]
    );

    // Left out: the expired and the unapproved image, with their reasons.
    let left: Vec<(&str, &str, &LeftOutReason)> = report
        .left_out
        .iter()
        .map(|l| (l.sku.as_str(), l.original_file_name.as_str(), &l.reason))
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
    assert_eq!((left[0].0, left[0].1), ("MH04", EXPIRES));
    assert!(
        matches!(
            left[0].2,
            LeftOutReason::Rights {
                blocked: Blocked::Expired { .. }
            }
        ),
        "{:?}",
        left[0].2
    );
    assert_eq!((left[1].0, left[1].1), UNAPPROVED);
    assert_eq!(
        left[1].2,
        &LeftOutReason::NotApproved {
            state: "not reviewed yet".into()
        }
    );
    let left_csv = csv_rows(&target.join("left-out.csv"));
    assert_eq!(left_csv.len(), 2);
    assert_eq!(left_csv[0]["reason"], "rights");
    assert!(
        left_csv[0]["reason_text"].contains("the licence expired"),
        "{:?}",
        left_csv[0]
    );
    assert_eq!(left_csv[1]["reason"], "not_approved");

    // manifest.json holds both lists.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(target.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(json["images"].as_array().unwrap().len(), 4);
    assert_eq!(json["images"][2]["file_name"], "MJ04_01_hero.jpg");
    assert_eq!(json["left_out"][1]["reason"]["kind"], "not_approved");
    assert_eq!(json["selection"]["value"], CAMPAIGN);
    assert!(
        report.without_images.iter().any(|s| s.starts_with("MH04-")),
        "the campaign's variants have no images of their own"
    );
    let exported = |rig: &Rig| {
        rig.cache()
            .with_conn(|c| shelflink::cache::catalog::activity::count(c, "exported"))
            .unwrap()
    };
    assert_eq!(exported(&rig), 1, "one activity entry per export");

    // A second run into the same folder transfers nothing.
    let again = rig.export(rig.request(&target, ImageSize::Original)).await;
    assert_eq!((again.downloaded, again.unchanged), (0, 4));
    assert_eq!(again.images, report.images);
    assert_eq!(
        rig.take_ps_requests(),
        Vec::new(),
        "PhotoShelter is not asked for anything"
    );
    assert_eq!(files_in(&target), expected_files);
    assert_eq!(exported(&rig), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chosen_size_downloads_renditions_that_fit_it() {
    let rig = Rig::catalog().await;
    let target = rig.dir.path().join("web 400");
    let size = ImageSize::Fit {
        width: 400,
        height: 400,
    };
    let report = rig.export(rig.request(&target, size)).await;
    assert_eq!(report.downloaded, 4);
    for (file, _) in EXPECTED {
        let img = image::open(target.join(file)).unwrap();
        assert!(
            img.width().max(img.height()) == 400 && img.width().min(img.height()) < 400,
            "{file} fits 400×400: {}×{}",
            img.width(),
            img.height()
        );
    }
    let requests = rig.take_ps_requests();
    assert_eq!(
        requests
            .iter()
            .filter(|(_, p)| p.starts_with("/img-get2/"))
            .count(),
        4,
        "renditions from the stored ImageLink: {requests:?}"
    );
    // The same folder at another size replaces the files (new fingerprint).
    let bigger = rig
        .export(rig.request(
            &target,
            ImageSize::Fit {
                width: 600,
                height: 600,
            },
        ))
        .await;
    assert_eq!((bigger.downloaded, bigger.unchanged), (4, 0));
    assert_eq!(
        image::open(target.join("MH04_01_hero.jpg"))
            .unwrap()
            .height(),
        600
    );
}
