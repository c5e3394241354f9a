//! What approving a version would change, shown before it is confirmed: the plan
//! `versions::approve` makes over the cache (the same one `approve` carries out), with
//! nothing written.

use super::approve::{ApproveError, Loaded, load, plan};
use super::{Rules, db};
use crate::cache::Cache;
use crate::model::{ApprovalState, Role};
use crate::versions::ApprovalPlan;
use serde::Serialize;
use ts_rs::TS;

/// How approving would change one product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PreviewChange {
    /// Its image is pointed at the approved version (same role and position).
    Replace,
    /// It shows the approved version already and loses the older one.
    Unlink,
    /// The approved version may not be used (rights): its image stays, the owner is told.
    Held,
}

/// One product that approving changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PreviewProduct {
    /// 4ALLPORTAL product id.
    pub product: String,
    pub sku: Option<String>,
    pub name: String,
    pub change: PreviewChange,
    /// The file of the version it shows now.
    pub from_file: String,
    pub role: Role,
    pub position: u32,
    /// Why the replacement is held.
    pub reason: Option<String>,
}

/// What approving the image would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ApprovalPreview {
    /// PhotoShelter image id.
    pub asset: String,
    pub file_name: String,
    pub already_approved: bool,
    /// The version group, when the image is in one.
    pub group: Option<String>,
    /// The file of the version that is current now, when it is another one.
    pub current_file: Option<String>,
    /// Every product that changes, by SKU.
    pub products: Vec<PreviewProduct>,
    /// Product owners who would be told (one notification each).
    pub owners_told: u32,
}

/// The preview of approving the image `ps_id` (PhotoShelter id).
pub fn preview(cache: &Cache, rules: &Rules, ps_id: &str) -> Result<ApprovalPreview, ApproveError> {
    let loaded = cache
        .with_conn(|conn| load(conn, ps_id))
        .map_err(db("preview an approval"))??;
    Ok(describe(&loaded, plan(&loaded, rules).as_ref()))
}

fn describe(loaded: &Loaded, plan: Option<&ApprovalPlan>) -> ApprovalPreview {
    let file_of = |ps_id: &str| {
        loaded
            .assets
            .values()
            .find(|a| a.ps_id == ps_id)
            .map(|a| a.file_name.clone())
            .unwrap_or_else(|| ps_id.to_owned())
    };
    let product_of = |ap_id: &str| loaded.products.values().find(|p| p.ap_id == ap_id);
    let mut products = Vec::new();
    let mut push = |product: &str, change, from: &str, role, position, reason| {
        let row = product_of(product);
        products.push(PreviewProduct {
            product: product.to_owned(),
            sku: row.and_then(|p| p.sku.clone()),
            name: row.map(|p| p.name.clone()).unwrap_or_default(),
            change,
            from_file: file_of(from),
            role,
            position,
            reason,
        });
    };
    if let Some(plan) = plan {
        for r in &plan.replaces {
            push(
                r.product.as_str(),
                PreviewChange::Replace,
                r.from.as_str(),
                r.role,
                r.position,
                None,
            );
        }
        for u in &plan.unlinks {
            push(
                u.product.as_str(),
                PreviewChange::Unlink,
                u.asset.as_str(),
                u.role,
                u.position,
                None,
            );
        }
        for h in &plan.held {
            push(
                h.product.as_str(),
                PreviewChange::Held,
                h.from.as_str(),
                h.role,
                h.position,
                Some(h.blocked.to_string()),
            );
        }
    }
    products.sort_by(|a, b| (&a.sku, &a.product).cmp(&(&b.sku, &b.product)));
    let asset = &loaded.asset;
    let current = plan
        .map(|p| p.previous_current.as_str().to_owned())
        .filter(|c| *c != asset.ps_id);
    ApprovalPreview {
        asset: asset.ps_id.clone(),
        file_name: asset.file_name.clone(),
        already_approved: asset.approval == ApprovalState::Approved
            && plan.is_none_or(|p| p.previous_current.as_str() == asset.ps_id),
        group: loaded.group.as_ref().map(|(_, g)| g.id.to_string()),
        current_file: current.as_deref().map(file_of),
        products,
        owners_told: plan.map_or(0, |p| p.notifications.len() as u32),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linking::testing::{self, rules};
    use crate::linking::{LinkRequest, link};

    fn shot(cache: &Cache, v2_end: (i32, u32, u32)) {
        testing::two_versions(cache, v2_end);
        testing::product(cache, "p1", "MH02-XS-Black", Some("anna"));
        testing::product(cache, "p2", "MH02-S-Black", Some("bo"));
        for (product, role, position) in [("p1", Role::Hero, 0), ("p2", Role::Detail, 2)] {
            let request = LinkRequest {
                asset: "I1".into(),
                product: product.into(),
                role,
                position,
                from_suggestion: false,
            };
            link(cache, &rules(), &request).unwrap();
        }
    }

    fn written(cache: &Cache) -> (String, i64) {
        cache
            .with_conn(|c| {
                let approval =
                    c.query_row("SELECT approval FROM assets WHERE ps_id = 'I2'", [], |r| {
                        r.get(0)
                    })?;
                let jobs = c.query_row("SELECT count(*) FROM jobs", [], |r| r.get(0))?;
                Ok((approval, jobs))
            })
            .unwrap()
    }

    #[test]
    fn the_preview_lists_each_product_whose_image_approving_replaces_and_writes_nothing() {
        let cache = Cache::open_in_memory().unwrap();
        shot(&cache, (2027, 1, 31));
        let before = written(&cache);

        let preview = preview(&cache, &rules(), "I2").unwrap();

        assert_eq!(preview.file_name, "MH02-black_main_v2.jpg");
        assert_eq!(preview.group.as_deref(), Some("mh02|black|main"));
        assert_eq!(preview.current_file.as_deref(), Some("MH02-black_main.jpg"));
        assert!(!preview.already_approved);
        let changes: Vec<(Option<&str>, PreviewChange, &str, Role, u32)> = preview
            .products
            .iter()
            .map(|p| {
                (
                    p.sku.as_deref(),
                    p.change,
                    p.from_file.as_str(),
                    p.role,
                    p.position,
                )
            })
            .collect();
        assert_eq!(
            changes,
            [
                (
                    Some("MH02-S-Black"),
                    PreviewChange::Replace,
                    "MH02-black_main.jpg",
                    Role::Detail,
                    2
                ),
                (
                    Some("MH02-XS-Black"),
                    PreviewChange::Replace,
                    "MH02-black_main.jpg",
                    Role::Hero,
                    0
                ),
            ]
        );
        assert_eq!(preview.owners_told, 2);
        assert_eq!(written(&cache), before, "a preview changes nothing");
    }

    #[test]
    fn an_expired_version_shows_the_products_as_held_with_the_reason() {
        let cache = Cache::open_in_memory().unwrap();
        shot(&cache, (2026, 1, 31));

        let preview = preview(&cache, &rules(), "I2").unwrap();

        assert_eq!(preview.products.len(), 2);
        assert!(
            preview
                .products
                .iter()
                .all(|p| p.change == PreviewChange::Held)
        );
        let reason = preview.products[0].reason.as_deref().unwrap_or_default();
        assert!(reason.contains("it ended on 2026-01-31"), "{reason}");
    }

    #[test]
    fn an_image_not_in_the_cache_is_named_in_the_error() {
        let cache = Cache::open_in_memory().unwrap();

        let err = preview(&cache, &rules(), "I404").unwrap_err();

        assert!(err.to_string().contains("no image I404"), "{err}");
    }
}
