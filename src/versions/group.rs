//! Finding version groups by the file-name rule, and making them by hand.
//!
//! Current version of a found group: the one the group had before, if it is still a
//! member (so a person's choice, even a roll-back to an older version, survives a
//! re-scan); else the highest approved version; else the lowest (the original, which
//! products already show).

use super::pattern::NamePattern;
use crate::model::{ApprovalState, Asset, AssetId, GroupId, GroupOrigin, Version, VersionGroup};
use std::collections::{BTreeMap, HashSet};

/// Groups of two or more assets whose names the rule reads as versions of one shot.
/// Members of `existing` hand-made groups are left out; `existing` found groups keep
/// their current version. The group id is the shot key (`sku|colour|view`).
pub fn detect_groups(
    assets: &[Asset],
    rule: &NamePattern,
    existing: &[VersionGroup],
) -> Vec<VersionGroup> {
    let by_hand: HashSet<&AssetId> = existing
        .iter()
        .filter(|g| g.origin == GroupOrigin::ByHand)
        .flat_map(|g| g.versions.iter().map(|v| &v.asset))
        .collect();
    let mut shots: BTreeMap<String, Vec<(&Asset, u32)>> = BTreeMap::new();
    for asset in assets.iter().filter(|a| !by_hand.contains(&a.id)) {
        if let Some(parts) = rule.read(&asset.file_name) {
            shots
                .entry(parts.shot_key())
                .or_default()
                .push((asset, parts.version));
        }
    }
    shots
        .into_iter()
        .filter(|(_, members)| members.len() >= 2)
        .map(|(key, mut members)| {
            members.sort_by(|a, b| (a.1, &a.0.id).cmp(&(b.1, &b.0.id)));
            let id = GroupId::new(key);
            let before = existing.iter().find(|g| g.id == id).map(|g| &g.current);
            let current = before
                .filter(|c| members.iter().any(|(a, _)| &a.id == *c))
                .cloned()
                .or_else(|| {
                    members
                        .iter()
                        .rev()
                        .find(|(a, _)| a.approval == ApprovalState::Approved)
                        .map(|(a, _)| a.id.clone())
                })
                .unwrap_or_else(|| members[0].0.id.clone());
            VersionGroup {
                id,
                versions: members
                    .into_iter()
                    .map(|(a, number)| Version {
                        asset: a.id.clone(),
                        number,
                    })
                    .collect(),
                current,
                origin: GroupOrigin::NameRule,
            }
        })
        .collect()
}

/// A group made by a person: `members` in version order (numbered from 1), `current` one
/// of them. Returns `None` when `current` is not a member or a member repeats.
pub fn group_by_hand(id: GroupId, members: &[AssetId], current: &AssetId) -> Option<VersionGroup> {
    let unique: HashSet<&AssetId> = members.iter().collect();
    if unique.len() != members.len() || !members.contains(current) {
        return None;
    }
    Some(VersionGroup {
        id,
        versions: members
            .iter()
            .zip(1..)
            .map(|(asset, number)| Version {
                asset: asset.clone(),
                number,
            })
            .collect(),
        current: current.clone(),
        origin: GroupOrigin::ByHand,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(id: &str, name: &str, approval: ApprovalState) -> Asset {
        Asset {
            approval,
            ..Asset::named(id, name)
        }
    }

    #[test]
    fn versions_of_one_shot_are_grouped_and_the_approved_one_is_current() {
        let assets = [
            asset("I1", "MH02-black_main.jpg", ApprovalState::Approved),
            asset("I2", "MH02-black_main_v2.jpg", ApprovalState::Open),
            asset("I3", "MH02-black_back.jpg", ApprovalState::Approved),
            asset("I4", "mb01-blue-0.jpg", ApprovalState::Open),
        ];
        let groups = detect_groups(&assets, &NamePattern::default(), &[]);
        assert_eq!(groups.len(), 1, "a shot with one version is no group");
        let g = &groups[0];
        assert_eq!(g.id.as_str(), "mh02|black|main");
        assert_eq!(
            g.versions
                .iter()
                .map(|v| (v.asset.as_str(), v.number))
                .collect::<Vec<_>>(),
            [("I1", 1), ("I2", 2)]
        );
        assert_eq!(g.current.as_str(), "I1", "v2 is not approved yet");
    }

    #[test]
    fn a_rescan_keeps_a_rolled_back_current_and_leaves_hand_made_groups_alone() {
        let assets = [
            asset("I1", "MH02-black_main.jpg", ApprovalState::Approved),
            asset("I2", "MH02-black_main_v2.jpg", ApprovalState::Approved),
            asset("I5", "WS01-green_main.jpg", ApprovalState::Open),
            asset("I6", "WS01-green_main_v2.jpg", ApprovalState::Open),
        ];
        let first = detect_groups(&assets, &NamePattern::default(), &[]);
        assert_eq!(first[0].current.as_str(), "I2", "highest approved");
        let mut rolled_back = first[0].clone();
        rolled_back.current = AssetId::new("I1");
        let hand = group_by_hand(
            GroupId::new("g-hand"),
            &["I6".into(), "I5".into()],
            &"I6".into(),
        )
        .unwrap();
        let again = detect_groups(&assets, &NamePattern::default(), &[rolled_back, hand]);
        assert_eq!(again.len(), 1);
        assert_eq!(again[0].current.as_str(), "I1");
    }

    #[test]
    fn a_hand_made_group_needs_its_current_among_its_members() {
        assert!(group_by_hand(GroupId::new("g"), &["I1".into()], &"I2".into()).is_none());
        assert!(
            group_by_hand(GroupId::new("g"), &["I1".into(), "I1".into()], &"I1".into()).is_none()
        );
    }
}
