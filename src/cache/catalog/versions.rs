//! Version groups in the cache: the groups the file-name rule finds are found again after
//! each sync that changed assets (keeping each group's current version, see
//! `versions::detect_groups`); hand-made groups are left as they are.

use crate::cache::time::to_db;
use crate::model::{ApprovalState, Asset, AssetId, GroupId, GroupOrigin, Version, VersionGroup};
use crate::versions::{NamePattern, detect_groups};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use std::collections::HashMap;

/// The live assets as the rules need them (id = PhotoShelter id).
fn assets(conn: &Connection) -> rusqlite::Result<Vec<Asset>> {
    conn.prepare("SELECT ps_id, file_name, approval FROM assets WHERE deleted_at IS NULL")?
        .query_map([], |r| {
            let approval: String = r.get(2)?;
            Ok(Asset {
                approval: match approval.as_str() {
                    "approved" => ApprovalState::Approved,
                    "rejected" => ApprovalState::Rejected,
                    _ => ApprovalState::Open,
                },
                ..Asset::named(r.get::<_, String>(0)?, r.get::<_, String>(1)?)
            })
        })?
        .collect()
}

/// Every group in the cache, members in version order.
pub fn groups(conn: &Connection) -> rusqlite::Result<Vec<VersionGroup>> {
    let mut members: HashMap<i64, Vec<Version>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT m.group_id, a.ps_id, m.version_no FROM version_members m
         JOIN assets a ON a.id = m.asset_id ORDER BY m.group_id, m.version_no, a.ps_id",
    )?;
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, u32>(2)?,
        ))
    })? {
        let (group, asset, number) = row?;
        members.entry(group).or_default().push(Version {
            asset: AssetId::new(asset),
            number,
        });
    }
    conn.prepare(
        "SELECT g.id, g.key, g.origin, a.ps_id FROM version_groups g
         LEFT JOIN assets a ON a.id = g.current_asset_id ORDER BY g.key",
    )?
    .query_map([], |r| {
        let id: i64 = r.get(0)?;
        let origin: String = r.get(2)?;
        let current: Option<String> = r.get(3)?;
        let versions = members.remove(&id).unwrap_or_default();
        let current = current
            .map(AssetId::new)
            .or_else(|| versions.first().map(|v| v.asset.clone()))
            .unwrap_or_default();
        Ok(VersionGroup {
            id: GroupId::new(r.get::<_, String>(1)?),
            versions,
            current,
            origin: if origin == "hand" {
                GroupOrigin::ByHand
            } else {
                GroupOrigin::NameRule
            },
        })
    })?
    .collect()
}

/// How the groups changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Regrouped {
    pub groups: u32,
    pub added: u32,
    pub removed: u32,
}

/// Finds the name-rule groups again over every live asset and writes them.
pub fn regroup(
    conn: &Connection,
    rule: &NamePattern,
    now: DateTime<Utc>,
) -> rusqlite::Result<Regrouped> {
    let existing = groups(conn)?;
    let found = detect_groups(&assets(conn)?, rule, &existing);
    let ids: HashMap<String, (i64, String)> = conn
        .prepare("SELECT ps_id, id, file_name FROM assets")?
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<Result<_, _>>()?;
    let before: Vec<String> = existing
        .iter()
        .filter(|g| g.origin == GroupOrigin::NameRule)
        .map(|g| g.id.as_str().to_owned())
        .collect();
    let mut out = Regrouped {
        groups: found.len() as u32,
        ..Regrouped::default()
    };
    conn.execute_batch(
        "DELETE FROM version_members WHERE group_id IN (SELECT id FROM version_groups WHERE origin = 'rule');",
    )?;
    let now = to_db(now);
    let mut upsert = conn.prepare_cached(
        "INSERT INTO version_groups (key, origin, current_asset_id, updated_at)
         VALUES (?1, 'rule', ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET current_asset_id = excluded.current_asset_id,
             updated_at = CASE WHEN current_asset_id IS excluded.current_asset_id
                               THEN updated_at ELSE excluded.updated_at END
         RETURNING id",
    )?;
    let mut member = conn.prepare_cached(
        "INSERT INTO version_members (group_id, asset_id, version_no, view) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for group in &found {
        let key = group.id.as_str();
        if !before.iter().any(|b| b == key) {
            out.added += 1;
        }
        let current = ids.get(group.current.as_str()).map(|(id, _)| *id);
        let group_id: i64 = upsert.query_row(params![key, current, now], |r| r.get(0))?;
        for v in &group.versions {
            let Some((asset, file_name)) = ids.get(v.asset.as_str()) else {
                continue;
            };
            let view = rule.read(file_name).and_then(|p| p.view);
            member.execute(params![group_id, asset, v.number, view])?;
        }
    }
    let keep: Vec<&str> = found.iter().map(|g| g.id.as_str()).collect();
    for key in before.iter().filter(|b| !keep.contains(&b.as_str())) {
        conn.execute(
            "DELETE FROM version_groups WHERE key = ?1 AND origin = 'rule'",
            [key],
        )?;
        out.removed += 1;
    }
    Ok(out)
}
