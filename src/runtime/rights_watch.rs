//! The rights check that runs once a day while the app runs (and after the first sync):
//! links whose asset's rights expired, end soon or became restricted are flagged and their
//! flag jobs queued (`linking::flag_links`), and people are told before a licence ends, once
//! per warning window (30, 14 and 0 days by default) and once when it has ended, with a
//! `desktop_notification` event.
//!
//! Which window each asset was last announced for is kept in the cache (`workspace_meta`
//! key `rights_notified`), so a restart does not repeat a notification and a renewed
//! licence is announced again when it next runs out.

use crate::cache::{Cache, asset_rights};
use crate::linking::{Flagged, Rules, flag_links};
use crate::rights::{IntendedUse, Verdict, verdict};
use crate::transfer::DesktopNotification;
use crate::transfer::catalog::parse_rights;
use std::collections::{BTreeMap, BTreeSet};

const NOTIFIED_KEY: &str = "rights_notified";
/// The stage of an ended licence (below every warning window).
const ENDED: i64 = -1;
/// File names named in one notification at most.
const NAMED: usize = 5;

/// What one check did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RightsCheck {
    /// Links whose flag changed (each with its queued flag job).
    pub flagged: Vec<Flagged>,
    pub notifications: Vec<DesktopNotification>,
}

/// A linked asset with the SKUs it is linked to.
struct Linked {
    file_name: String,
    rights: String,
    skus: BTreeSet<String>,
}

/// Flags links by today's verdicts and returns the notifications due (the caller emits
/// them).
pub fn check(cache: &Cache, rules: &Rules) -> anyhow::Result<RightsCheck> {
    let flagged = flag_links(cache, rules)?;
    let linked = linked_assets(cache)?;
    let mut notified: BTreeMap<String, i64> = cache
        .meta(NOTIFIED_KEY)?
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let today = (rules.today)();
    let mut ending: BTreeMap<u32, Vec<(String, u32, String)>> = BTreeMap::new();
    let mut ended: Vec<(String, String)> = Vec::new();
    for (ps_id, asset) in &linked {
        let Some(rights) = parse_rights(&asset.rights) else {
            continue;
        };
        let skus = asset.skus.iter().cloned().collect::<Vec<_>>().join(", ");
        let stage = match verdict(&rights, &today, &IntendedUse::any(), &rules.policy) {
            Verdict::Expiring { days, window, .. } => {
                let stage = i64::from(window);
                if notified.get(ps_id).is_none_or(|&s| s > stage) {
                    ending
                        .entry(window)
                        .or_default()
                        .push((asset.file_name.clone(), days, skus));
                }
                stage
            }
            Verdict::Expired { .. } => {
                if notified.get(ps_id).is_none_or(|&s| s > ENDED) {
                    ended.push((asset.file_name.clone(), skus));
                }
                ENDED
            }
            _ => {
                notified.remove(ps_id);
                continue;
            }
        };
        notified.insert(ps_id.clone(), stage);
    }
    notified.retain(|id, _| linked.contains_key(id));
    cache.set_meta(NOTIFIED_KEY, &serde_json::to_string(&notified)?)?;

    let mut notifications = Vec::new();
    if !ended.is_empty() {
        let lines = ended
            .iter()
            .map(|(name, skus)| format!("{name} (on {skus})"));
        notifications.push(DesktopNotification {
            title: plural(ended.len(), "linked image's licence has ended", "linked images' licences have ended"),
            body: format!(
                "{}. Their links are flagged and 4ALLPORTAL is told; replace or unlink them in the rights review.",
                listing(lines, ended.len())
            ),
        });
    }
    for (window, assets) in &ending {
        let lines = assets
            .iter()
            .map(|(name, days, skus)| format!("{name} ({}, on {skus})", days_left(*days)));
        notifications.push(DesktopNotification {
            title: plural(
                assets.len(),
                &format!("licence ends within {window} days"),
                &format!("licences end within {window} days"),
            ),
            body: format!(
                "{}. Renew the licences or plan replacements; the rights review lists them.",
                listing(lines, assets.len())
            ),
        });
    }
    Ok(RightsCheck {
        flagged,
        notifications,
    })
}

fn days_left(days: u32) -> String {
    match days {
        0 => "ends today".into(),
        1 => "ends tomorrow".into(),
        n => format!("{n} days left"),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn listing(lines: impl Iterator<Item = String>, total: usize) -> String {
    let mut named: Vec<String> = lines.take(NAMED).collect();
    if total > NAMED {
        named.push(format!("and {} more", total - NAMED));
    }
    named.join("; ")
}

fn linked_assets(cache: &Cache) -> anyhow::Result<BTreeMap<String, Linked>> {
    let rows = cache.with_conn(|conn| {
        let mut stmt = conn.prepare(&format!(
            "SELECT a.ps_id, a.file_name, {rights}, coalesce(p.sku, p.name)
                 FROM links l
                 JOIN assets a ON a.id = l.asset_id
                 JOIN products p ON p.id = l.product_id
                 WHERE a.deleted_at IS NULL AND p.deleted_at IS NULL
                 ORDER BY a.file_name",
            rights = asset_rights::in_force_sql("a")
        ))?;
        stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()
    })?;
    let mut linked: BTreeMap<String, Linked> = BTreeMap::new();
    for (ps_id, file_name, rights, sku) in rows {
        linked
            .entry(ps_id)
            .or_insert_with(|| Linked {
                file_name,
                rights,
                skus: BTreeSet::new(),
            })
            .skus
            .insert(sku);
    }
    Ok(linked)
}
