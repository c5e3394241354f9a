//! The expiry review: assets whose licence ends within N days, assets whose licence ended
//! that are still linked (with the products affected), both grouped by campaign and by
//! product owner, and a CSV export of the lot. Dates follow the verdict (`verdict_sql`).

use super::catalog::flags::LinkFlag;
use super::detail::LinkStateKind;
use super::search::Params;
use super::verdict_sql::{self, RightsClock, VerdictKind};
use super::{Cache, CacheError, asset_rights};
use crate::model::Role;
use crate::rights::{IntendedUse, Rights};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// Why an asset is in the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// The licence ended and the asset is still linked.
    Expired,
    /// The licence ends within the days asked for.
    Expiring,
}

impl ReviewStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Expired => "expired",
            ReviewStatus::Expiring => "expiring",
        }
    }
}

/// A product an asset in the review is linked to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AffectedProduct {
    /// 4ALLPORTAL object id.
    pub id: String,
    pub sku: Option<String>,
    pub name: String,
    pub campaigns: Vec<String>,
    pub owner: Option<String>,
    pub owner_name: Option<String>,
    pub role: Role,
    pub link_state: LinkStateKind,
    pub link_flag: Option<LinkFlag>,
}

/// One asset in the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReviewAsset {
    /// PhotoShelter image id.
    pub id: String,
    pub file_name: String,
    pub status: ReviewStatus,
    /// Last usable day.
    pub licence_end: String,
    /// Days left (0 = the last day; negative once ended).
    pub days_left: i64,
    pub verdict: VerdictKind,
    /// One line for a person.
    pub reason: String,
    pub products: Vec<AffectedProduct>,
}

/// Assets and products of one campaign or one owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReviewGroup {
    /// The campaign, or the owner's user id; `None` = products without one.
    pub key: Option<String>,
    /// What to show: the campaign, the owner's name, or "No campaign" / "No owner".
    pub label: String,
    pub expired: u32,
    pub expiring: u32,
    /// SKUs of the products affected.
    pub products: Vec<String>,
}

/// The whole review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExpiryReview {
    /// Today in the licence zone.
    pub today: String,
    pub within_days: u32,
    /// Ending within `within_days`, soonest first (linked or not).
    pub expiring: Vec<ReviewAsset>,
    /// Ended and still linked, longest ago first.
    pub expired_linked: Vec<ReviewAsset>,
    pub by_campaign: Vec<ReviewGroup>,
    pub by_owner: Vec<ReviewGroup>,
}

impl Cache {
    /// The review of licences ending within `within_days` days, for `clock`.
    pub fn expiry_review(
        &self,
        within_days: u32,
        clock: &RightsClock,
    ) -> Result<ExpiryReview, CacheError> {
        let days = verdict_sql::days_left("a");
        let verdict = verdict_sql::expression("a");
        let rights = asset_rights::in_force_sql("a");
        let mut params = Params::from(verdict_sql::params(clock, &IntendedUse::any()));
        params.add(":within", i64::from(within_days));
        let sql = format!(
            "SELECT a.id, a.ps_id, a.file_name, a.licence_end, {days}, {verdict}, {rights},
                    a.licence_end_at <= :v_now
             FROM assets a
             WHERE a.deleted_at IS NULL AND a.licence_end IS NOT NULL AND a.licence_end_at IS NOT NULL
               AND ((a.licence_end_at > :v_now AND {days} BETWEEN 0 AND :within)
                 OR (a.licence_end_at <= :v_now AND EXISTS (SELECT 1 FROM links l WHERE l.asset_id = a.id)))
             ORDER BY a.licence_end, a.file_name"
        );
        self.with_conn(|c| {
            let found = params.all(c, &sql, |r| {
                let rights: String = r.get(6)?;
                let verdict: String = r.get(5)?;
                let ended: bool = r.get(7)?;
                Ok((
                    r.get::<_, i64>(0)?,
                    ReviewAsset {
                        id: r.get(1)?,
                        file_name: r.get(2)?,
                        status: if ended {
                            ReviewStatus::Expired
                        } else {
                            ReviewStatus::Expiring
                        },
                        licence_end: r.get(3)?,
                        days_left: r.get(4)?,
                        verdict: VerdictKind::parse(&verdict).unwrap_or(VerdictKind::Unknown),
                        reason: clock
                            .verdict(
                                &serde_json::from_str::<Rights>(&rights).unwrap_or_default(),
                                &IntendedUse::any(),
                            )
                            .reason(),
                        products: Vec::new(),
                    },
                ))
            })?;
            let mut review = ExpiryReview {
                today: super::time::day_to_db(clock.today()),
                within_days,
                expiring: Vec::new(),
                expired_linked: Vec::new(),
                by_campaign: Vec::new(),
                by_owner: Vec::new(),
            };
            for (id, mut asset) in found {
                asset.products = super::review_restricted::affected(c, id)?;
                match asset.status {
                    ReviewStatus::Expired => review.expired_linked.push(asset),
                    ReviewStatus::Expiring => review.expiring.push(asset),
                }
            }
            review.by_campaign = groups(&review, |p| {
                if p.campaigns.is_empty() {
                    vec![(None, "No campaign".to_owned())]
                } else {
                    p.campaigns
                        .iter()
                        .map(|c| (Some(c.clone()), c.clone()))
                        .collect()
                }
            });
            review.by_owner = groups(&review, |p| {
                vec![match &p.owner {
                    Some(o) => (
                        Some(o.clone()),
                        p.owner_name.clone().unwrap_or_else(|| o.clone()),
                    ),
                    None => (None, "No owner".to_owned()),
                }]
            });
            Ok(review)
        })
        .map_err(CacheError::query("gather the expiry review"))
    }
}

/// Groups the (asset, product) pairs of the review by the keys `keys` gives a product.
fn groups(
    review: &ExpiryReview,
    keys: impl Fn(&AffectedProduct) -> Vec<(Option<String>, String)>,
) -> Vec<ReviewGroup> {
    struct Acc {
        label: String,
        expired: Vec<String>,
        expiring: Vec<String>,
        products: Vec<String>,
    }
    let mut by: BTreeMap<Option<String>, Acc> = BTreeMap::new();
    for asset in review.expired_linked.iter().chain(&review.expiring) {
        for product in &asset.products {
            for (key, label) in keys(product) {
                let acc = by.entry(key).or_insert_with(|| Acc {
                    label,
                    expired: Vec::new(),
                    expiring: Vec::new(),
                    products: Vec::new(),
                });
                let list = match asset.status {
                    ReviewStatus::Expired => &mut acc.expired,
                    ReviewStatus::Expiring => &mut acc.expiring,
                };
                if !list.contains(&asset.id) {
                    list.push(asset.id.clone());
                }
                let sku = product.sku.clone().unwrap_or_else(|| product.id.clone());
                if !acc.products.contains(&sku) {
                    acc.products.push(sku);
                }
            }
        }
    }
    let mut out: Vec<ReviewGroup> = by
        .into_iter()
        .map(|(key, acc)| ReviewGroup {
            key,
            label: acc.label,
            expired: acc.expired.len() as u32,
            expiring: acc.expiring.len() as u32,
            products: acc.products,
        })
        .collect();
    out.sort_by(|a, b| (b.expired, b.expiring, &a.label).cmp(&(a.expired, a.expiring, &b.label)));
    out
}

/// The review as CSV: one row per asset and product it is linked to (an unlinked expiring
/// asset has one row without a product).
pub fn review_csv(review: &ExpiryReview) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "status",
        "file_name",
        "image_id",
        "licence_end",
        "days_left",
        "reason",
        "sku",
        "product",
        "campaigns",
        "owner",
        "role",
        "link_state",
        "link_flag",
    ])?;
    for asset in review.expired_linked.iter().chain(&review.expiring) {
        let head = [
            asset.status.as_str().to_owned(),
            asset.file_name.clone(),
            asset.id.clone(),
            asset.licence_end.clone(),
            asset.days_left.to_string(),
            asset.reason.clone(),
        ];
        if asset.products.is_empty() {
            let mut row = head.to_vec();
            row.extend(std::iter::repeat_n(String::new(), 7));
            w.write_record(&row)?;
        }
        for p in &asset.products {
            let mut row = head.to_vec();
            row.extend([
                p.sku.clone().unwrap_or_default(),
                p.name.clone(),
                p.campaigns.join("; "),
                p.owner_name
                    .clone()
                    .or_else(|| p.owner.clone())
                    .unwrap_or_default(),
                serde_json::to_value(p.role)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                serde_json::to_value(p.link_state)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                p.link_flag
                    .map(|f| f.as_str().to_owned())
                    .unwrap_or_default(),
            ]);
            w.write_record(&row)?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
