//! A version group: assets that are versions of the same shot; one version is current.

use super::ids::{AssetId, GroupId};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How a group came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GroupOrigin {
    /// Found by the file-name rule; re-found on every sync.
    #[default]
    NameRule,
    /// Made by a person; the name rule leaves its members alone.
    ByHand,
}

/// One member of a group with its version number (1 for a name without one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Version {
    pub asset: AssetId,
    pub number: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VersionGroup {
    pub id: GroupId,
    /// Members in version order, lowest first.
    pub versions: Vec<Version>,
    /// The version products should show.
    pub current: AssetId,
    pub origin: GroupOrigin,
}

impl VersionGroup {
    pub fn contains(&self, asset: &AssetId) -> bool {
        self.versions.iter().any(|v| &v.asset == asset)
    }

    /// The version number of a member.
    pub fn number_of(&self, asset: &AssetId) -> Option<u32> {
        self.versions
            .iter()
            .find(|v| &v.asset == asset)
            .map(|v| v.number)
    }
}
