use super::*;
use crate::linking::testing::{asset, product, until};
use crate::workspace::{Workspace, WorkspaceKind};

/// A catalog as a sync leaves it: two products and three unlinked images whose file names
/// carry SKUs; one image is approved with rights until 2099, one expired, one not approved.
fn catalog() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(dir.path(), WorkspaceKind::Live).unwrap();
    let cache = ws.cache();
    asset(
        cache,
        "I1",
        "MH02-XS-Black_main.jpg",
        "approved",
        &until((2099, 1, 1)),
    );
    asset(
        cache,
        "I2",
        "WT09-M-White_back.jpg",
        "approved",
        &until((2020, 1, 1)),
    );
    asset(
        cache,
        "I3",
        "MH02-XS-Black_side.jpg",
        "open",
        &until((2099, 1, 1)),
    );
    asset(
        cache,
        "I4",
        "studio-test-shot.jpg",
        "approved",
        &until((2099, 1, 1)),
    );
    product(cache, "p1", "MH02-XS-Black", Some("anna"));
    product(cache, "p2", "WT09-M-White", None);
    (dir, ws)
}

fn pick(s: &SuggestionView) -> SuggestionPick {
    SuggestionPick {
        asset: s.asset.clone(),
        product: s.product.clone(),
        rule: s.rule,
    }
}

async fn all(ws: &Workspace) -> SuggestionPage {
    list(ws, SuggestionsRequest::default()).await.unwrap()
}

#[tokio::test]
async fn unlinked_images_are_proposed_for_the_product_their_file_name_names() {
    let (_dir, ws) = catalog();
    let page = all(&ws).await;
    let pairs: Vec<(&str, &str, SuggestRule)> = page
        .suggestions
        .iter()
        .map(|s| (s.asset.as_str(), s.sku.as_str(), s.rule))
        .collect();
    assert_eq!(
        pairs,
        [
            ("I1", "MH02-XS-Black", SuggestRule::SkuInFileName),
            ("I3", "MH02-XS-Black", SuggestRule::SkuInFileName),
            ("I2", "WT09-M-White", SuggestRule::SkuInFileName),
        ]
    );
    assert_eq!(page.total, 3);
    assert_eq!(page.suggestions[0].file_name, "MH02-XS-Black_main.jpg");
    assert_eq!(
        page.suggestions[0].reason,
        "The file name contains the SKU MH02-XS-Black"
    );
    assert!((page.suggestions[0].confidence - 0.95).abs() < 1e-6);

    let second = list(
        &ws,
        SuggestionsRequest {
            offset: 2,
            limit: Some(5),
        },
    )
    .await
    .unwrap();
    assert_eq!(second.total, 3);
    assert_eq!(second.suggestions.len(), 1);
}

#[tokio::test]
async fn accepting_links_through_the_rules_and_says_why_one_is_refused() {
    let (_dir, ws) = catalog();
    let page = all(&ws).await;
    let items = page.suggestions.iter().map(pick).collect();

    let accepted = accept(&ws, SuggestionsPickRequest { items }).await.unwrap();

    let by_asset = |id: &str| accepted.outcomes.iter().find(|o| o.asset == id).unwrap();
    assert!(by_asset("I1").link_id.is_some());
    assert_eq!(by_asset("I1").refused, None);
    let expired = by_asset("I2").refused.as_deref().unwrap();
    assert!(expired.contains("expired"), "{expired}");
    let open = by_asset("I3").refused.as_deref().unwrap();
    assert!(open.contains("approved"), "{open}");
    let (role, origin): (String, String) = ws
        .cache()
        .with_conn(|c| {
            c.query_row(
                "SELECT role, origin FROM links JOIN assets a ON a.id = links.asset_id WHERE a.ps_id = 'I1'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
        })
        .unwrap();
    assert_eq!((role.as_str(), origin.as_str()), ("hero", "suggestion"));
    let left: Vec<String> = all(&ws)
        .await
        .suggestions
        .into_iter()
        .map(|s| s.asset)
        .collect();
    assert_eq!(left, ["I3", "I2"], "a linked image is no longer proposed");
}

#[tokio::test]
async fn a_rejected_suggestion_is_not_proposed_again() {
    let (_dir, ws) = catalog();
    let page = all(&ws).await;
    let first = pick(&page.suggestions[0]);

    let rejected = reject(
        &ws,
        SuggestionsPickRequest {
            items: vec![first.clone(), first],
        },
    )
    .await
    .unwrap();

    assert_eq!(rejected.rejected, 2);
    let left: Vec<String> = all(&ws)
        .await
        .suggestions
        .into_iter()
        .map(|s| s.asset)
        .collect();
    assert_eq!(left, ["I3", "I2"]);
    let rule: String = ws
        .cache()
        .with_conn(|c| c.query_row("SELECT rule FROM suggestion_rejections", [], |r| r.get(0)))
        .unwrap();
    assert_eq!(rule, "sku_in_file_name");
}
