//! Approve a new version: open SL1001's newer main view, press Approve, see the products
//! that will change, confirm, and see the product show the new version in place of the old.

use super::{CONFIRMED, SOON, cell_of, confirm_approval, link_state, open_product, search_images};
use crate::e2e_support::session::Session;
use fantoccini::Locator;

const SKU: &str = "SL1001";
const OLD: &str = "SL1001-RED_main_v1.jpg";
const NEW: &str = "SL1001-RED_main_v2.jpg";

pub async fn approve_a_new_version(session: &Session) {
    search_images(session, "SL1001-RED_main_v2").await;
    let cell = session
        .element(&format!("the grid cell of {NEW}"), &cell_of(NEW), SOON)
        .await;
    let asset = cell
        .attr("data-testid")
        .await
        .unwrap()
        .and_then(|id| id.strip_prefix("asset-cell-").map(str::to_owned))
        .expect("a grid cell names its image");
    session.click_near_left(&cell_of(NEW)).await;
    session
        .text_until(
            &format!("the asset panel of {NEW}"),
            "[data-testid='asset-panel-name']",
            SOON,
            |text| text.contains(NEW),
        )
        .await;
    session
        .element(
            "the version strip with the older version",
            "[data-testid='version-strip']",
            SOON,
        )
        .await;
    session.shot("approve-new-version-open").await;

    session
        .click("the Approve button", "[data-testid='approve-button']")
        .await;
    session
        .element(
            "the approval's confirmation",
            "[data-testid='approve-confirm-dialog']",
            SOON,
        )
        .await;
    let listed = session
        .text_until(
            &format!("the confirmation to list {SKU} as changing"),
            &format!("[data-testid='approve-preview-{SKU}']"),
            SOON,
            |text| text.contains(SKU),
        )
        .await;
    assert!(
        listed.contains(OLD),
        "the confirmation says {SKU} changes from {OLD}: {listed:?}"
    );
    session.shot("approve-preview-lists-products").await;
    confirm_approval(session, NEW).await;
    session.shot("approve-done").await;

    // The product shows the new version where the old one was, and it arrives.
    open_product(session, SKU).await;
    let old_listed = format!("[data-testid='product-links'] [data-file-name='{OLD}']");
    session
        .wait_until(
            &format!("{SKU}'s images to show {NEW} instead of {OLD}"),
            SOON,
            async || {
                let new = link_state(session, &asset).await;
                let old = session.client.find(Locator::Css(&old_listed)).await.is_ok();
                (new.is_some() && !old).then_some(())
            },
        )
        .await;
    session.shot("approve-product-switched").await;
    session
        .wait_until(
            &format!("{SKU}'s link to {NEW} to show confirmed"),
            CONFIRMED,
            async || {
                (link_state(session, &asset).await.as_deref() == Some("confirmed")).then_some(())
            },
        )
        .await;
    let hero = session
        .text_until(
            &format!("the role of {NEW} in {SKU}"),
            &format!("[data-testid='product-link-role-{asset}']"),
            SOON,
            |text| !text.is_empty(),
        )
        .await;
    eprintln!("{NEW} is {SKU}'s {hero}");
    session.shot("approve-product-confirmed").await;
}
