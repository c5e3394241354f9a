//! Find a SKU, find an approved, rights-clear image, drag it onto the product's row, see the
//! link queued and then confirmed, and find the file in 4ALLPORTAL: related to the product
//! and carrying the PhotoShelter id.

use super::{
    CONFIRMED, SOON, cell_of, confirm_approval, link_state, open_product, row_of, search_images,
};
use crate::e2e_support::session::{Session, get_json};
use serde_json::Value;

/// The product the image goes to, the demo's rain jacket (no images yet), and its back view.
const SKU: &str = "SL1004";
const FILE: &str = "sl1004-blue_back.jpg";

pub async fn drag_an_image_onto_a_product(session: &Session) {
    let product = open_product(session, SKU).await;
    session.shot("link-product-found").await;

    // The jacket's back view: royalty-free, so rights-clear; approved here first (the demo
    // approves only the images it links).
    search_images(session, "sl1004-blue_back").await;
    let cell = cell_of(FILE);
    let found = session
        .element(&format!("the grid cell of {FILE}"), &cell, SOON)
        .await;
    let asset = found
        .attr("data-testid")
        .await
        .unwrap()
        .and_then(|id| id.strip_prefix("asset-cell-").map(str::to_owned))
        .expect("a grid cell names its image");
    let asset = asset.as_str();
    let file = FILE;
    session
        .click(&format!("the grid cell of {FILE}"), &cell)
        .await;
    session
        .text_until(
            &format!("the asset panel of {FILE} saying its rights are clear"),
            "[data-testid='asset-verdict']",
            SOON,
            |text| !text.is_empty(),
        )
        .await;
    assert!(
        session
            .client
            .find(fantoccini::Locator::Css(
                "[data-testid='asset-verdict'].chip--ok"
            ))
            .await
            .is_ok(),
        "{FILE} is rights-clear"
    );
    session
        .click("the Approve button", "[data-testid='approve-button']")
        .await;
    session
        .element(
            "the approval's confirmation saying no product changes",
            "[data-testid='approve-preview-none']",
            SOON,
        )
        .await;
    confirm_approval(session, FILE).await;
    session.shot("link-image-found-and-approved").await;

    session.drag_over(&cell, &row_of(SKU)).await;
    session
        .element(
            "the drag overlay (dnd-kit started a drag)",
            "[data-testid='drag-overlay']",
            SOON,
        )
        .await;
    session
        .element(
            &format!("the row of {SKU} marked as the drop target"),
            &format!("{}.product-row--over", row_of(SKU)),
            SOON,
        )
        .await;
    session.shot("link-dragging-over-product").await;
    session.release().await;

    session
        .text_until(
            "the message that the image was linked and queued",
            "[data-testid='link-done']",
            SOON,
            |text| text.contains(SKU) && text.contains("queued"),
        )
        .await;
    let first = session
        .wait_until(
            &format!("the open product to list {file} with its link state"),
            SOON,
            async || link_state(session, asset).await,
        )
        .await;
    assert!(
        ["queued", "pushed", "confirmed"].contains(&first.as_str()),
        "a new link shows queued or pushed, not {first}"
    );
    eprintln!("the new link first showed {first}");
    session.shot(&format!("link-{first}")).await;
    session
        .wait_until(
            &format!("the link of {file} to {SKU} to show confirmed"),
            CONFIRMED,
            async || {
                (link_state(session, asset).await.as_deref() == Some("confirmed")).then_some(())
            },
        )
        .await;
    session.shot("link-confirmed").await;

    // In 4ALLPORTAL: a file carrying the PhotoShelter id, among the product's images.
    let allportal = session.sim_url("allportal").await;
    let writes = get_json(&allportal, "/_sim/writes?service=allportal");
    std::fs::write(
        session.evidence().join("allportal-writes.json"),
        serde_json::to_string_pretty(&writes).unwrap(),
    )
    .unwrap();
    let file_id = written(&writes, "file")
        .find(|(_, item)| item.to_string().contains(asset))
        .map(|(id, _)| id)
        .unwrap_or_else(|| {
            panic!("4ALLPORTAL received no file carrying the PhotoShelter id {asset}: {writes}")
        });
    let product_writes: Vec<String> = written(&writes, "product")
        .filter(|(id, _)| *id == product)
        .map(|(_, entry)| entry.to_string())
        .collect();
    assert!(
        product_writes.iter().any(|w| w.contains(&file_id)),
        "4ALLPORTAL's product {product} ({SKU}) was related to the file {file_id}: {writes}"
    );
    assert!(
        product_writes.iter().any(|w| w.contains(asset)),
        "4ALLPORTAL's product {product} ({SKU}) was written the PhotoShelter id {asset}: {writes}"
    );
}

/// Every object written to `module`, with what was sent: `(id, entry)` of each write log
/// entry that names it.
fn written<'a>(writes: &'a Value, module: &'a str) -> impl Iterator<Item = (String, &'a Value)> {
    writes
        .as_array()
        .expect("the write log is a list")
        .iter()
        .filter(move |entry| entry["fields"]["module"] == module)
        .flat_map(|entry| {
            entry["object_ids"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|id| id.as_str())
                .map(move |id| (id.to_owned(), entry))
        })
}
