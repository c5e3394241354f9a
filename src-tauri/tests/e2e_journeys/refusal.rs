//! Try to link the expired image (approved, so only its licence stands in the way): the
//! drop is refused on the spot with the reason, and no link appears.

use super::{SOON, approve_shown_image, cell_of, open_product, row_of, search_images};
use crate::e2e_support::session::Session;
use fantoccini::Locator;

const EXPIRED: &str = "24-gb1002_main.jpg";
const SKU: &str = "SL1005";

pub async fn an_expired_image_is_refused_with_its_reason(session: &Session) {
    open_product(session, SKU).await;
    search_images(session, "24-gb1002_main").await;
    let cell = session
        .element(
            &format!("the grid cell of {EXPIRED}"),
            &cell_of(EXPIRED),
            SOON,
        )
        .await;
    let asset = cell
        .attr("data-testid")
        .await
        .unwrap()
        .and_then(|id| id.strip_prefix("asset-cell-").map(str::to_owned))
        .expect("a grid cell names its image");
    session
        .element(
            "the expired badge on the cell",
            &format!("[data-testid='asset-verdict-{asset}'].chip--expired"),
            SOON,
        )
        .await;
    // Approved by a reviewer, so what stops it is the licence alone.
    session.click_near_left(&cell_of(EXPIRED)).await;
    session
        .text_until(
            &format!("the asset panel of {EXPIRED}"),
            "[data-testid='asset-panel-name']",
            SOON,
            |text| text.contains(EXPIRED),
        )
        .await;
    approve_shown_image(session, EXPIRED).await;
    session.shot("refusal-expired-image-found").await;

    session.drag_over(&cell_of(EXPIRED), &row_of(SKU)).await;
    session
        .element(
            &format!("the row of {SKU} marked as the drop target"),
            &format!("{}.product-row--over", row_of(SKU)),
            SOON,
        )
        .await;
    session.release().await;
    let reason = session
        .text_until(
            &format!("the refusal of {EXPIRED} with its reason"),
            &format!("[data-testid='link-refusal-{asset}']"),
            SOON,
            |text| !text.is_empty(),
        )
        .await;
    session.shot("refusal-reason-shown").await;
    let lower = reason.to_lowercase();
    assert!(
        lower.contains("expired") && lower.contains("ended on"),
        "the refusal says the licence expired and when: {reason:?}"
    );
    let listed = session
        .client
        .find(Locator::Css(&format!(
            "[data-testid='product-link-{asset}']"
        )))
        .await
        .is_ok();
    assert!(!listed, "{SKU} does not list the refused {EXPIRED}");
}
