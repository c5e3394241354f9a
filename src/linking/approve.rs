//! Approving a version: the approval is recorded and the version made current in its group
//! (`versions::approve` plans the rest), every product showing an older version of the shot
//! gets a replace job (same role and position), products already showing the new one lose
//! the old, each product owner gets one notification, and the approval is mirrored to
//! PhotoShelter. When the new version's rights do not allow use, the replacements are held
//! (with the reason, told to the owners) while the approval still stands.

use super::link::{product_keywords, product_label};
use super::{Rules, db, intent};
use crate::cache::{Cache, CacheError};
use crate::model::{
    AssetId, GroupId, GroupOrigin, Link, LinkState, Product, ProductId, UserId, Version,
    VersionGroup,
};
use crate::rights::{IntendedUse, verdict};
use crate::transfer::catalog::{self, Activity, AssetRow, LinkRow, ProductRow};
use crate::transfer::clock::to_db;
use crate::transfer::job::{
    ApprovalSignal, NewJob, NotifyOwner, Payload, ReplaceVersion, TagKeywords, UploadFile,
    WriteBack, role_word,
};
use crate::transfer::queue;
use crate::versions::{self, ApprovalPlan, Verdicts};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use ts_rs::TS;

#[derive(Debug, thiserror::Error)]
pub enum ApproveError {
    #[error("there is no image {0} in the cache: sync PhotoShelter, then try again")]
    UnknownAsset(String),
    #[error("{0} was deleted in PhotoShelter: it cannot be approved")]
    Deleted(String),
    #[error(transparent)]
    Cache(#[from] CacheError),
}

/// A product whose image could not be replaced by the approved version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HeldReplacement {
    pub product: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Approved {
    /// The version group, when the image is in one.
    pub group: Option<String>,
    /// Products whose image now points (once the jobs ran) at the new version.
    pub replaced: Vec<String>,
    /// Products that showed both versions and lose the old one.
    pub unlinked: Vec<String>,
    pub held: Vec<HeldReplacement>,
    /// Owners told, one notification each.
    pub notified_owners: u32,
    pub jobs: Vec<i64>,
}

pub(super) struct Loaded {
    pub(super) asset: AssetRow,
    pub(super) group: Option<(i64, VersionGroup)>,
    pub(super) links: Vec<LinkRow>,
    pub(super) assets: HashMap<i64, AssetRow>,
    pub(super) products: HashMap<i64, ProductRow>,
}

pub(super) fn load(
    conn: &Connection,
    ps_id: &str,
) -> rusqlite::Result<Result<Loaded, ApproveError>> {
    let Some(asset) = catalog::asset_by_ps_id(conn, ps_id)? else {
        return Ok(Err(ApproveError::UnknownAsset(ps_id.to_owned())));
    };
    if asset.deleted {
        return Ok(Err(ApproveError::Deleted(asset.file_name)));
    }
    let group_row: Option<(i64, String, String, Option<i64>)> = conn
        .query_row(
            "SELECT g.id, g.key, g.origin, g.current_asset_id FROM version_members m
             JOIN version_groups g ON g.id = m.group_id WHERE m.asset_id = ?1",
            [asset.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let mut assets = HashMap::new();
    let mut group = None;
    if let Some((group_id, key, origin, current)) = group_row {
        let members: Vec<(i64, u32)> = {
            let mut stmt = conn.prepare(
                "SELECT asset_id, version_no FROM version_members WHERE group_id = ?1
                 ORDER BY version_no, asset_id",
            )?;
            stmt.query_map([group_id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut versions = Vec::new();
        for (id, number) in &members {
            if let Some(row) = catalog::asset_by_id(conn, *id)? {
                versions.push(Version {
                    asset: AssetId::new(row.ps_id.clone()),
                    number: *number,
                });
                assets.insert(*id, row);
            }
        }
        let current = current
            .and_then(|c| assets.get(&c))
            .or_else(|| members.first().and_then(|(id, _)| assets.get(id)))
            .map(|a| AssetId::new(a.ps_id.clone()))
            .unwrap_or_else(|| AssetId::new(asset.ps_id.clone()));
        group = Some((
            group_id,
            VersionGroup {
                id: GroupId::new(key),
                versions,
                current,
                origin: if origin == "hand" {
                    GroupOrigin::ByHand
                } else {
                    GroupOrigin::NameRule
                },
            },
        ));
    }
    assets.insert(asset.id, asset.clone());
    let member_ids: Vec<i64> = assets.keys().copied().collect();
    let links = catalog::links_of_assets(conn, &member_ids)?;
    let mut products = HashMap::new();
    for link in &links {
        if let Some(p) = catalog::product_by_id(conn, link.product_id)? {
            products.insert(p.id, p);
        }
    }
    Ok(Ok(Loaded {
        asset,
        group,
        links,
        assets,
        products,
    }))
}

pub(super) fn plan(loaded: &Loaded, rules: &Rules) -> Option<ApprovalPlan> {
    let (_, group) = loaded.group.as_ref()?;
    let links: Vec<Link> = loaded
        .links
        .iter()
        .filter_map(|l| {
            let asset = loaded.assets.get(&l.asset_id)?;
            let product = loaded.products.get(&l.product_id)?;
            Some(Link {
                asset: AssetId::new(asset.ps_id.clone()),
                product: ProductId::new(product.ap_id.clone()),
                role: l.role,
                position: l.position,
                state: LinkState::Confirmed,
            })
        })
        .collect();
    let products: Vec<Product> = loaded
        .products
        .values()
        .map(|p| Product {
            owner: p.owner.clone().map(UserId::new),
            ..Product::new(p.ap_id.clone(), p.sku.clone().unwrap_or_default())
        })
        .collect();
    let today = (rules.today)();
    let mut verdicts = Verdicts::new();
    if let Some(rights) = &loaded.asset.rights {
        verdicts.insert(
            AssetId::new(loaded.asset.ps_id.clone()),
            verdict(rights, &today, &IntendedUse::any(), &rules.policy),
        );
    }
    versions::approve(
        &AssetId::new(loaded.asset.ps_id.clone()),
        group,
        &links,
        &products,
        &verdicts,
        &rules.policy,
        &rules.approval,
    )
    .ok()
}

/// Approves the image `ps_id` (PhotoShelter id) and queues what follows from it.
pub fn approve(cache: &Cache, rules: &Rules, ps_id: &str) -> Result<Approved, ApproveError> {
    cache
        .with_conn(|conn| {
            let tx = conn.unchecked_transaction()?;
            let loaded = match load(&tx, ps_id)? {
                Ok(l) => l,
                Err(e) => return Ok(Err(e)),
            };
            let approved = apply(&tx, rules, &loaded, plan(&loaded, rules), Utc::now())?;
            tx.commit()?;
            Ok(Ok(approved))
        })
        .map_err(db("approve a version"))?
}

struct Queuer<'a> {
    conn: &'a Connection,
    rules: &'a Rules,
    version: String,
    now: DateTime<Utc>,
    jobs: Vec<i64>,
}

impl Queuer<'_> {
    fn add(&mut self, job: NewJob) -> rusqlite::Result<i64> {
        let job = NewJob {
            version: self.version.clone(),
            ..job
        };
        let id = queue::enqueue(self.conn, &job, self.rules.max_attempts, self.now)?.id;
        self.jobs.push(id);
        Ok(id)
    }
}

fn apply(
    conn: &Connection,
    rules: &Rules,
    loaded: &Loaded,
    plan: Option<ApprovalPlan>,
    now: DateTime<Utc>,
) -> rusqlite::Result<Approved> {
    let asset = &loaded.asset;
    let at = to_db(now);
    conn.execute(
        "UPDATE assets SET approval = 'approved', approval_source = 'shelflink', approved_at = ?2
         WHERE id = ?1",
        params![asset.id, at],
    )?;
    if let Some((group_id, _)) = &loaded.group {
        conn.execute(
            "UPDATE version_groups SET current_asset_id = ?2, updated_at = ?3 WHERE id = ?1",
            params![group_id, asset.id, at],
        )?;
    }
    let mut q = Queuer {
        conn,
        rules,
        version: intent(),
        now,
        jobs: Vec::new(),
    };
    let signal = plan.as_ref().map(|p| p.signal.clone()).unwrap_or_else(|| {
        rules
            .approval
            .signal
            .change_for(&AssetId::new(asset.ps_id.clone()))
    });
    q.add(
        NewJob::new(
            Payload::ApprovalSignal(ApprovalSignal { change: signal }),
            format!("Show the approval of {} in PhotoShelter", asset.file_name),
            "",
        )
        .asset(asset.id),
    )?;
    let mut approved = Approved {
        group: loaded.group.as_ref().map(|(_, g)| g.id.to_string()),
        replaced: Vec::new(),
        unlinked: Vec::new(),
        held: Vec::new(),
        notified_owners: 0,
        jobs: Vec::new(),
    };
    if let Some(plan) = &plan {
        replace_everywhere(&mut q, loaded, plan, &mut approved)?;
    }
    let summary = format!("Approved {}", asset.file_name);
    catalog::log_activity(
        conn,
        &Activity {
            kind: "version_approved",
            summary: &summary,
            product_id: None,
            asset_id: Some(asset.id),
            job_id: None,
            details: None,
        },
        now,
    )?;
    approved.jobs = q.jobs;
    Ok(approved)
}

fn replace_everywhere(
    q: &mut Queuer<'_>,
    loaded: &Loaded,
    plan: &ApprovalPlan,
    approved: &mut Approved,
) -> rusqlite::Result<()> {
    let new = &loaded.asset;
    let by_ap: HashMap<&str, &ProductRow> = loaded
        .products
        .values()
        .map(|p| (p.ap_id.as_str(), p))
        .collect();
    let by_ps: HashMap<&str, &AssetRow> = loaded
        .assets
        .values()
        .map(|a| (a.ps_id.as_str(), a))
        .collect();
    let link_of = |product: &ProductRow, asset: &AssetRow| {
        loaded
            .links
            .iter()
            .find(|l| l.product_id == product.id && l.asset_id == asset.id)
    };
    let mut per_product: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let upload = if plan.replaces.is_empty() {
        None
    } else {
        Some(
            q.add(
                NewJob::new(
                    Payload::UploadFile(UploadFile {
                        asset: new.ps_id.clone(),
                        file_name: new.file_name.clone(),
                    }),
                    format!("Put {} into 4ALLPORTAL", new.file_name),
                    "",
                )
                .asset(new.id),
            )?,
        )
    };
    for r in &plan.replaces {
        let (Some(product), Some(old)) =
            (by_ap.get(r.product.as_str()), by_ps.get(r.from.as_str()))
        else {
            continue;
        };
        let Some(link) = link_of(product, old) else {
            continue;
        };
        q.conn.execute(
            "UPDATE links SET asset_id = ?2, origin = 'version', state = 'queued', state_reason = NULL,
                              ap_file_id = NULL, flag = NULL, flag_reason = NULL, flagged_at = NULL,
                              updated_at = ?3
             WHERE id = ?1",
            params![link.id, new.id, to_db(q.now)],
        )?;
        let label = product_label(product);
        let replace = q.add(
            NewJob::new(
                Payload::ReplaceVersion(ReplaceVersion {
                    product: product.ap_id.clone(),
                    from: old.ps_id.clone(),
                    to: new.ps_id.clone(),
                    role: r.role,
                    position: r.position,
                }),
                format!(
                    "Replace {} with {} on {label} ({} image, position {})",
                    old.file_name,
                    new.file_name,
                    role_word(r.role),
                    r.position + 1
                ),
                "",
            )
            .asset(new.id)
            .product(product.id)
            .link(link.id)
            .after(upload),
        )?;
        q.add(
            NewJob::new(
                Payload::WriteBack(WriteBack {
                    asset: new.ps_id.clone(),
                    product: product.ap_id.clone(),
                }),
                format!(
                    "Write the PhotoShelter link of {} onto {label}",
                    new.file_name
                ),
                "",
            )
            .asset(new.id)
            .product(product.id)
            .link(link.id)
            .after([replace]),
        )?;
        let keywords = product_keywords(product);
        if !keywords.is_empty() {
            q.add(
                NewJob::new(
                    Payload::TagKeywords(TagKeywords {
                        asset: new.ps_id.clone(),
                        product: product.ap_id.clone(),
                        keywords: keywords.clone(),
                    }),
                    format!(
                        "Add the keywords {} to {} in PhotoShelter",
                        keywords.join(", "),
                        new.file_name
                    ),
                    "",
                )
                .asset(new.id)
                .product(product.id)
                .link(link.id)
                .after([replace]),
            )?;
        }
        per_product
            .entry(product.ap_id.clone())
            .or_default()
            .push(replace);
        approved.replaced.push(label);
    }
    for u in &plan.unlinks {
        let (Some(product), Some(old)) =
            (by_ap.get(u.product.as_str()), by_ps.get(u.asset.as_str()))
        else {
            continue;
        };
        let Some(link) = link_of(product, old) else {
            continue;
        };
        q.conn
            .execute("DELETE FROM links WHERE id = ?1", [link.id])?;
        let label = product_label(product);
        let job = q.add(
            NewJob::new(
                Payload::Unlink(crate::transfer::job::Unlink {
                    product: product.ap_id.clone(),
                    asset: old.ps_id.clone(),
                    file: link.ap_file_id.clone(),
                }),
                format!(
                    "Take {} off {label}: it shows the approved {} already",
                    old.file_name, new.file_name
                ),
                "",
            )
            .asset(old.id)
            .product(product.id),
        )?;
        per_product
            .entry(product.ap_id.clone())
            .or_default()
            .push(job);
        approved.unlinked.push(label);
    }
    for h in &plan.held {
        let Some(product) = by_ap.get(h.product.as_str()) else {
            continue;
        };
        let reason = format!("{}: {}", new.file_name, h.blocked);
        let line = format!(
            "Kept the current image of {}: the approved version may not be used ({reason})",
            product_label(product)
        );
        catalog::log_activity(
            q.conn,
            &Activity {
                kind: "replacement_held",
                summary: &line,
                product_id: Some(product.id),
                asset_id: Some(new.id),
                job_id: None,
                details: None,
            },
            q.now,
        )?;
        approved.held.push(HeldReplacement {
            product: product_label(product),
            reason,
        });
    }
    for n in &plan.notifications {
        notify_owner(q, loaded, n, &per_product, &by_ap)?;
        approved.notified_owners += 1;
    }
    Ok(())
}

fn notify_owner(
    q: &mut Queuer<'_>,
    loaded: &Loaded,
    n: &versions::Notification,
    per_product: &BTreeMap<String, Vec<i64>>,
    by_ap: &HashMap<&str, &ProductRow>,
) -> rusqlite::Result<()> {
    let new = &loaded.asset;
    let labels = |ids: &[ProductId]| -> Vec<String> {
        ids.iter()
            .map(|id| {
                by_ap
                    .get(id.as_str())
                    .map_or(id.to_string(), |p| product_label(p))
            })
            .collect()
    };
    let replaced = labels(&n.replaced);
    let held = labels(&n.held);
    let title = if replaced.is_empty() {
        format!("New image version held for {}", held.join(", "))
    } else {
        format!("New image version on {}", replaced.join(", "))
    };
    let mut body = String::new();
    if !replaced.is_empty() {
        body.push_str(&format!(
            "{} was approved and replaces the earlier version on {} (same role and position).",
            new.file_name,
            replaced.join(", ")
        ));
    }
    if !held.is_empty() {
        if !body.is_empty() {
            body.push(' ');
        }
        body.push_str(&format!(
            "{} was approved but may not be used yet, so {} keep their current image: check its rights.",
            new.file_name,
            held.join(", ")
        ));
    }
    let products: Vec<String> = n
        .replaced
        .iter()
        .chain(&n.held)
        .map(|p| p.to_string())
        .collect();
    let after: Vec<i64> = n
        .replaced
        .iter()
        .filter_map(|p| per_product.get(p.as_str()))
        .flatten()
        .copied()
        .collect();
    let about = products.first().cloned();
    let owner_name = loaded
        .products
        .values()
        .find(|p| p.owner.as_deref() == Some(n.owner.as_str()))
        .and_then(|p| p.owner_name.clone())
        .unwrap_or_else(|| n.owner.to_string());
    let about_row = about.as_deref().and_then(|a| by_ap.get(a)).map(|p| p.id);
    let mut job = NewJob::new(
        Payload::NotifyOwner(NotifyOwner {
            owner: n.owner.to_string(),
            title: title.clone(),
            body,
            about,
            products,
        }),
        format!("Tell {owner_name}: {title}"),
        "",
    )
    .asset(new.id)
    .after(after);
    if let Some(id) = about_row {
        job = job.product(id);
    }
    q.add(job)?;
    Ok(())
}

#[cfg(test)]
#[path = "approve_tests.rs"]
mod tests;
