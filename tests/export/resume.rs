//! An export stopped after two files resumes without downloading them again; a re-run
//! downloads only an image whose original was replaced and a file the user deleted.

use crate::support::{Rig, downloads, files_in};
use shelflink::export::{ExportPhase, ImageSize};
use tokio_util::sync::CancellationToken;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_export_resumes_with_the_files_it_finished() {
    let rig = Rig::catalog().await;
    let target = rig.dir.path().join("resume");
    rig.take_ps_requests();
    let cancel = CancellationToken::new();
    let stopper = cancel.clone();
    let first = rig
        .export_with(
            rig.request(&target, ImageSize::Original),
            &cancel,
            &move |p| {
                if p.downloaded == 2 {
                    stopper.cancel();
                }
            },
        )
        .await;
    assert_eq!(first.phase, ExportPhase::Cancelled);
    assert_eq!(first.downloaded, 2);
    assert_eq!(
        files_in(&target),
        ["MH04_01_hero.jpg", "MH04_02_gallery.jpg"],
        "finished files only: no partial file, no manifest yet"
    );
    assert_eq!(downloads(&rig.take_ps_requests()), 2);

    let second = rig.export(rig.request(&target, ImageSize::Original)).await;
    assert_eq!(second.phase, ExportPhase::Finished);
    assert_eq!((second.downloaded, second.unchanged), (2, 2));
    let requests = rig.take_ps_requests();
    assert_eq!(
        downloads(&requests),
        2,
        "only the two missing files: {requests:?}"
    );
    assert_eq!(second.images.len(), 4);
    let summaries: Vec<String> = rig
        .cache()
        .with_conn(|c| {
            c.prepare("SELECT summary FROM activity WHERE kind = 'exported' ORDER BY id")?
                .query_map([], |r| r.get(0))?
                .collect()
        })
        .unwrap();
    assert_eq!(summaries.len(), 2);
    assert!(
        summaries[0].starts_with("Export cancelled after 2 image(s)"),
        "{}",
        summaries[0]
    );
    assert!(
        summaries[1].starts_with("Exported 4 image(s)"),
        "{}",
        summaries[1]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rerun_downloads_only_what_changed_or_went_missing() {
    let rig = Rig::catalog().await;
    let target = rig.dir.path().join("changes");
    let first = rig.export(rig.request(&target, ImageSize::Original)).await;
    assert_eq!(
        first.images.len(),
        4,
        "{:#?} left out {:#?}",
        first.images,
        first.left_out
    );

    // Someone replaces an original in PhotoShelter; the next sync sees the new file.
    let mut jpeg = Vec::new();
    image::RgbImage::from_pixel(64, 80, image::Rgb([200, 40, 40]))
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    let url = format!(
        "{}/_sim/photoshelter/images/{}/replace",
        rig.sim.photoshelter.base_url,
        rig.ps_id("mj04-black_main.jpg")
    );
    let answer = reqwest::Client::new()
        .post(&url)
        .body(jpeg.clone())
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_success());
    rig.sync().await;
    // And the user deletes one exported file.
    std::fs::remove_file(target.join("MH04_02_gallery.jpg")).unwrap();
    rig.take_ps_requests();

    let report = rig.export(rig.request(&target, ImageSize::Original)).await;
    assert_eq!((report.downloaded, report.unchanged), (2, 2));
    assert_eq!(downloads(&rig.take_ps_requests()), 2);
    assert_eq!(
        std::fs::read(target.join("MJ04_01_hero.jpg")).unwrap(),
        jpeg
    );
    assert!(target.join("MH04_02_gallery.jpg").is_file());
}
