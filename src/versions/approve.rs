//! The approval planner: approving a version of a group makes it current, replaces the
//! product references to the group's other versions (keeping role and position), tells
//! each product owner once, and mirrors the approval signal. A pure plan: the caller
//! records the approval and queues one job per action.
//!
//! Rights are checked here too: when the approved version's verdict does not allow use,
//! the replacements are held back (with the reason) instead of planned, so a plan never
//! points a product at a blocked version. The approval itself still stands.

use super::signal::{ApprovalConfig, SignalChange};
use crate::model::{AssetId, GroupId, Link, Product, ProductId, Role, UserId, VersionGroup};
use crate::rights::{Blocked, RightsPolicy, Verdict, allows};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use ts_rs::TS;

/// The verdict of each asset for the use in question (linking to products). An asset
/// missing here counts as `Unknown`.
pub type Verdicts = HashMap<AssetId, Verdict>;

/// Point a product's image at the new version, in the same place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Replace {
    pub product: ProductId,
    pub from: AssetId,
    pub to: AssetId,
    pub role: Role,
    pub position: u32,
}

/// Remove an old version from a product that already shows the new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Unlink {
    pub product: ProductId,
    pub asset: AssetId,
    pub role: Role,
    pub position: u32,
}

/// A replacement not planned because the new version may not be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Held {
    pub product: ProductId,
    pub from: AssetId,
    pub role: Role,
    pub position: u32,
    pub blocked: Blocked,
}

/// One message to one product owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Notification {
    pub owner: UserId,
    /// Products whose image now points at the new version.
    pub replaced: Vec<ProductId>,
    /// Products whose image could not be replaced (rights), for the owner to act on.
    pub held: Vec<ProductId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApprovalPlan {
    pub group: GroupId,
    pub new_current: AssetId,
    pub previous_current: AssetId,
    pub replaces: Vec<Replace>,
    pub unlinks: Vec<Unlink>,
    pub held: Vec<Held>,
    pub notifications: Vec<Notification>,
    /// Affected products that have no owner to tell.
    pub unowned: Vec<ProductId>,
    pub signal: SignalChange,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApprovalError {
    #[error(
        "{version} is not a version in group {group}: add it to the group first or approve one of its versions"
    )]
    NotInGroup { version: AssetId, group: GroupId },
}

/// Plans the approval of `version` in `group`, given the current `links`, the `products`
/// (for their owners) and the `verdicts` under `policy`.
pub fn approve(
    version: &AssetId,
    group: &VersionGroup,
    links: &[Link],
    products: &[Product],
    verdicts: &Verdicts,
    policy: &RightsPolicy,
    config: &ApprovalConfig,
) -> Result<ApprovalPlan, ApprovalError> {
    if !group.contains(version) {
        return Err(ApprovalError::NotInGroup {
            version: version.clone(),
            group: group.id.clone(),
        });
    }
    let blocked = allows(verdicts.get(version).unwrap_or(&Verdict::Unknown), policy).err();
    let shows_new: BTreeSet<&ProductId> = links
        .iter()
        .filter(|l| &l.asset == version)
        .map(|l| &l.product)
        .collect();

    let mut plan = ApprovalPlan {
        group: group.id.clone(),
        new_current: version.clone(),
        previous_current: group.current.clone(),
        replaces: Vec::new(),
        unlinks: Vec::new(),
        held: Vec::new(),
        notifications: Vec::new(),
        unowned: Vec::new(),
        signal: config.signal.change_for(version),
    };
    let mut old_links: Vec<&Link> = links
        .iter()
        .filter(|l| &l.asset != version && group.contains(&l.asset))
        .collect();
    old_links.sort_by(|a, b| (&a.product, a.position).cmp(&(&b.product, b.position)));
    // A product showing two old versions gets the new one once, in the first place.
    let mut replaced_on: BTreeSet<&ProductId> = BTreeSet::new();
    for link in old_links {
        if let Some(why) = &blocked {
            plan.held.push(Held {
                product: link.product.clone(),
                from: link.asset.clone(),
                role: link.role,
                position: link.position,
                blocked: why.clone(),
            });
        } else if shows_new.contains(&link.product) || replaced_on.contains(&link.product) {
            plan.unlinks.push(Unlink {
                product: link.product.clone(),
                asset: link.asset.clone(),
                role: link.role,
                position: link.position,
            });
        } else {
            replaced_on.insert(&link.product);
            plan.replaces.push(Replace {
                product: link.product.clone(),
                from: link.asset.clone(),
                to: version.clone(),
                role: link.role,
                position: link.position,
            });
        }
    }
    notify(&mut plan, products);
    Ok(plan)
}

fn notify(plan: &mut ApprovalPlan, products: &[Product]) {
    let owner_of: HashMap<&ProductId, Option<&UserId>> =
        products.iter().map(|p| (&p.id, p.owner.as_ref())).collect();
    let mut per_owner: BTreeMap<UserId, (BTreeSet<ProductId>, BTreeSet<ProductId>)> =
        BTreeMap::new();
    let mut unowned = BTreeSet::new();
    let changed = plan
        .replaces
        .iter()
        .map(|r| (&r.product, false))
        .chain(plan.unlinks.iter().map(|u| (&u.product, false)))
        .chain(plan.held.iter().map(|h| (&h.product, true)));
    for (product, held) in changed {
        match owner_of.get(product).copied().flatten() {
            Some(owner) => {
                let entry = per_owner.entry(owner.clone()).or_default();
                if held {
                    entry.1.insert(product.clone());
                } else {
                    entry.0.insert(product.clone());
                }
            }
            None => {
                unowned.insert(product.clone());
            }
        }
    }
    plan.notifications = per_owner
        .into_iter()
        .map(|(owner, (replaced, held))| Notification {
            owner,
            replaced: replaced.into_iter().collect(),
            held: held.into_iter().collect(),
        })
        .collect();
    plan.unowned = unowned.into_iter().collect();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{GroupOrigin, LinkState, Version};
    use crate::rights::UnknownRights;

    fn group() -> VersionGroup {
        VersionGroup {
            id: GroupId::new("mh02|black|main"),
            versions: vec![
                Version {
                    asset: "I1".into(),
                    number: 1,
                },
                Version {
                    asset: "I2".into(),
                    number: 2,
                },
            ],
            current: "I1".into(),
            origin: GroupOrigin::NameRule,
        }
    }

    fn product(id: &str, owner: Option<&str>) -> Product {
        Product {
            owner: owner.map(UserId::new),
            ..Product::new(id, id)
        }
    }

    fn ok(ids: &[&str]) -> Verdicts {
        ids.iter()
            .map(|id| (AssetId::new(*id), Verdict::Ok))
            .collect()
    }

    #[test]
    fn every_product_showing_the_old_version_gets_the_new_one_in_the_same_place() {
        let links = [
            Link::draft("I1", "P1", Role::Hero, 0),
            Link {
                state: LinkState::Confirmed,
                ..Link::draft("I1", "P2", Role::Gallery, 3)
            },
            Link::draft("I9", "P2", Role::Hero, 0),
            Link::draft("I1", "P3", Role::Detail, 1),
        ];
        let products = [
            product("P1", Some("anna")),
            product("P2", Some("anna")),
            product("P3", None),
        ];
        let plan = approve(
            &"I2".into(),
            &group(),
            &links,
            &products,
            &ok(&["I2"]),
            &RightsPolicy::default(),
            &ApprovalConfig::default(),
        )
        .unwrap();
        assert_eq!(plan.new_current.as_str(), "I2");
        assert_eq!(plan.previous_current.as_str(), "I1");
        let got: Vec<_> = plan
            .replaces
            .iter()
            .map(|r| (r.product.as_str(), r.from.as_str(), r.role, r.position))
            .collect();
        assert_eq!(
            got,
            [
                ("P1", "I1", Role::Hero, 0),
                ("P2", "I1", Role::Gallery, 3),
                ("P3", "I1", Role::Detail, 1)
            ]
        );
        assert_eq!(plan.notifications.len(), 1, "one message per owner");
        assert_eq!(
            plan.notifications[0].replaced,
            [ProductId::new("P1"), ProductId::new("P2")]
        );
        assert_eq!(plan.unowned, [ProductId::new("P3")]);
        assert_eq!(
            plan.signal,
            SignalChange::AddKeyword {
                asset: "I2".into(),
                keyword: "approved".into()
            }
        );
    }

    #[test]
    fn a_product_that_already_shows_the_new_version_loses_the_old_one() {
        let links = [
            Link::draft("I1", "P1", Role::Hero, 0),
            Link::draft("I2", "P1", Role::Gallery, 1),
        ];
        let plan = approve(
            &"I2".into(),
            &group(),
            &links,
            &[],
            &ok(&["I2"]),
            &RightsPolicy::default(),
            &ApprovalConfig::default(),
        )
        .unwrap();
        assert!(plan.replaces.is_empty());
        assert_eq!(plan.unlinks.len(), 1);
        assert_eq!(plan.unlinks[0].asset.as_str(), "I1");
    }

    #[test]
    fn an_expired_new_version_is_approved_but_no_product_is_pointed_at_it() {
        let links = [Link::draft("I1", "P1", Role::Hero, 0)];
        let since = chrono::NaiveDate::from_ymd_opt(2025, 1, 31).unwrap();
        let verdicts: Verdicts = [(AssetId::new("I2"), Verdict::Expired { since })].into();
        let products = [product("P1", Some("anna"))];
        let plan = approve(
            &"I2".into(),
            &group(),
            &links,
            &products,
            &verdicts,
            &RightsPolicy::default(),
            &ApprovalConfig::default(),
        )
        .unwrap();
        assert!(plan.replaces.is_empty());
        assert_eq!(plan.held.len(), 1);
        assert_eq!(plan.held[0].blocked, Blocked::Expired { since });
        assert_eq!(plan.notifications[0].held, [ProductId::new("P1")]);
    }

    #[test]
    fn without_a_verdict_the_unknown_policy_decides() {
        let links = [Link::draft("I1", "P1", Role::Hero, 0)];
        let strict = RightsPolicy {
            unknown: UnknownRights::Block,
            ..RightsPolicy::default()
        };
        let plan = approve(
            &"I2".into(),
            &group(),
            &links,
            &[],
            &Verdicts::new(),
            &strict,
            &ApprovalConfig::default(),
        )
        .unwrap();
        assert_eq!(plan.held[0].blocked, Blocked::Unknown);
    }

    #[test]
    fn approving_an_asset_outside_the_group_is_an_error() {
        let err = approve(
            &"I7".into(),
            &group(),
            &[],
            &[],
            &Verdicts::new(),
            &RightsPolicy::default(),
            &ApprovalConfig::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("I7 is not a version in group mh02|black|main")
        );
    }
}
