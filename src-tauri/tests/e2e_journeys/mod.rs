//! The main journeys of issue 8 on the demo workspace, one app session for all of them
//! (each start costs a first sync): link an image by dragging it onto a product and find
//! the file in 4ALLPORTAL, approve a new version and see the product switch, be refused an
//! expired image with the reason, open the rights review and export it as CSV.

pub mod approve;
pub mod link;
pub mod refusal;
pub mod rights;

use crate::e2e_support::session::Session;
use fantoccini::Locator;
use std::time::Duration;

/// How long a UI change after a click or a search may take.
pub const SOON: Duration = Duration::from_secs(20);
/// How long a link may take to be carried and confirmed by the sync after the queue ran
/// empty.
pub const CONFIRMED: Duration = Duration::from_secs(120);

/// The grid cell showing the file `file_name`.
pub fn cell_of(file_name: &str) -> String {
    format!("[data-testid^='asset-cell-'][data-file-name='{file_name}']")
}

/// The product list's row of `sku`.
pub fn row_of(sku: &str) -> String {
    format!("[data-testid='product-row-{sku}']")
}

/// Resets the image filters and searches the images for `text`.
pub async fn search_images(session: &Session, text: &str) {
    for filter in ["filter-approval", "filter-verdict", "filter-linked"] {
        session
            .choose(filter, &format!("[data-testid='{filter}']"), "")
            .await;
    }
    session
        .type_into("the image search", "[data-testid='asset-search']", text)
        .await;
}

/// Searches the products for `sku` and opens its row; returns its 4ALLPORTAL id.
pub async fn open_product(session: &Session, sku: &str) -> String {
    session
        .type_into("the product search", "[data-testid='product-search']", sku)
        .await;
    let row = session
        .element(&format!("the product row of {sku}"), &row_of(sku), SOON)
        .await;
    let id = row
        .attr("data-product-id")
        .await
        .unwrap()
        .expect("a product row names its product");
    // The list may still be settling on the search (rows replaced while typing): click
    // again until the detail opens.
    let heading = format!("{sku} ·");
    session
        .wait_until(
            &format!("the product detail of {sku} to open on a click on its row"),
            SOON,
            async || {
                let row = session.client.find(Locator::Css(&row_of(sku))).await.ok()?;
                let _ = row.click().await;
                tokio::time::sleep(Duration::from_millis(500)).await;
                let shown = session
                    .client
                    .find(Locator::Css("[data-testid='product-detail-sku']"))
                    .await
                    .ok()?
                    .text()
                    .await
                    .ok()?;
                shown.starts_with(&heading).then_some(())
            },
        )
        .await;
    id
}

/// The state a product's link to `asset` shows in the open product detail, if listed.
pub async fn link_state(session: &Session, asset: &str) -> Option<String> {
    let css = format!("[data-testid='product-link-state-{asset}']");
    let chip = session.client.find(Locator::Css(&css)).await.ok()?;
    chip.attr("data-state").await.ok().flatten()
}

/// Approves the image shown in the asset panel through Approve and its confirmation, and
/// waits until the panel shows it approved.
pub async fn approve_shown_image(session: &Session, file: &str) {
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
    confirm_approval(session, file).await;
}

/// Confirms the open approval and waits until the asset panel shows `file` approved.
pub async fn confirm_approval(session: &Session, file: &str) {
    session
        .click(
            "Approve in the confirmation",
            "[data-testid='approve-confirm']",
        )
        .await;
    session
        .text_until(
            &format!("the asset panel to show {file} approved"),
            "[data-testid='asset-approval']",
            SOON,
            |text| text.to_lowercase().contains("approved"),
        )
        .await;
}
