//! Open the rights review, show only the expired licences still in use, export the review
//! as CSV and read the file: the header and the demo's expired and expiring images with
//! their products.

use super::SOON;
use crate::e2e_support::session::Session;

const EXPIRED: &str = "24-gb1002_main.jpg";
const EXPIRING: &str = "24-gw1003_main.jpg";

pub async fn export_the_rights_review_as_csv(session: &Session) {
    session
        .click("the Rights review view", "[data-testid='view-rights']")
        .await;
    session
        .element("the rights table", "[data-testid='rights-table']", SOON)
        .await;
    session.shot("rights-review-open").await;

    // Only the expired ones: the expiring window and the restricted ones off.
    for other in ["rights-filter-30", "rights-filter-restricted"] {
        let css = format!("[data-testid='{other}']");
        let checkbox = session.element(other, &css, SOON).await;
        if checkbox.is_selected().await.unwrap_or(false) {
            session.click(other, &css).await;
        }
    }
    let expired = "[data-testid='rights-filter-expired']";
    let checkbox = session.element("the expired filter", expired, SOON).await;
    if !checkbox.is_selected().await.unwrap_or(false) {
        session.click("the expired filter", expired).await;
    }
    let table = session
        .text_until(
            &format!("the rights table to show only expired images, {EXPIRED} among them"),
            "[data-testid='rights-table']",
            SOON,
            |text| text.contains(EXPIRED) && !text.contains(EXPIRING),
        )
        .await;
    assert!(
        table.contains("24-GB1002"),
        "the expired image's product is shown: {table}"
    );
    session.shot("rights-review-expired").await;

    session
        .click("Export CSV", "[data-testid='rights-export']")
        .await;
    let said = session
        .text_until(
            "the message where the CSV went",
            "[data-testid='rights-export-result']",
            SOON,
            |text| text.contains(".csv"),
        )
        .await;
    session.shot("rights-review-exported").await;
    let path = said
        .find('/')
        .and_then(|start| {
            let rest = &said[start..];
            rest.find(".csv").map(|end| &rest[..end + 4])
        })
        .unwrap_or_else(|| panic!("the export names its file: {said:?}"));
    let csv = std::fs::read_to_string(path)
        .unwrap_or_else(|err| panic!("the exported CSV {path} cannot be read: {err}"));
    std::fs::copy(path, session.evidence().join("rights-review.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "status,file_name,image_id,licence_end,days_left,reason,sku,product,campaigns,\
             owner,role,link_state,link_flag"
        ),
        "the CSV header: {csv}"
    );
    let rows: Vec<&str> = lines.collect();
    let row_of = |file: &str| {
        rows.iter()
            .find(|row| row.contains(file))
            .unwrap_or_else(|| panic!("the CSV has a row for {file}: {csv}"))
            .to_owned()
    };
    let expired_row = row_of(EXPIRED);
    assert!(
        expired_row.starts_with("expired,") && expired_row.contains(",24-GB1002,"),
        "the expired image, still linked to 24-GB1002: {expired_row}"
    );
    let expiring_row = row_of(EXPIRING);
    assert!(
        expiring_row.starts_with("expiring,") && expiring_row.contains(",24-GW1003,"),
        "the expiring image, linked to 24-GW1003: {expiring_row}"
    );
}
