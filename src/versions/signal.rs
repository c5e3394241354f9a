//! The approval signal mirrored to PhotoShelter, so creative teams see approvals there,
//! and read back from it, so approvals made in PhotoShelter reach Shelflink on sync.

use crate::model::AssetId;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How an approval shows in PhotoShelter (a setting).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ApprovalSignal {
    /// An IPTC keyword on the image (compared without regard to case).
    Keyword { keyword: String },
    /// Membership of a gallery with this name.
    Gallery { name: String },
}

impl Default for ApprovalSignal {
    fn default() -> Self {
        Self::Keyword {
            keyword: "approved".into(),
        }
    }
}

/// Approval settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ApprovalConfig {
    pub signal: ApprovalSignal,
}

/// The change that mirrors an approval to PhotoShelter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SignalChange {
    /// Add the keyword (read-merge-write: `keywords_with_signal` gives the whole list).
    AddKeyword { asset: AssetId, keyword: String },
    /// Add the image to the gallery with this name (found by name, created if missing).
    AddToGallery { asset: AssetId, gallery: String },
}

impl ApprovalSignal {
    /// Whether PhotoShelter data shows the signal: the image's keywords (as a list or as
    /// PhotoShelter's one comma-separated string split) and the names of its galleries.
    pub fn is_present(&self, keywords: &[String], gallery_names: &[String]) -> bool {
        match self {
            Self::Keyword { keyword } => keywords
                .iter()
                .flat_map(|k| k.split(','))
                .any(|k| k.trim().eq_ignore_ascii_case(keyword.trim())),
            Self::Gallery { name } => gallery_names
                .iter()
                .any(|g| g.trim().eq_ignore_ascii_case(name.trim())),
        }
    }

    /// The change that shows an approval of `asset`.
    pub fn change_for(&self, asset: &AssetId) -> SignalChange {
        match self {
            Self::Keyword { keyword } => SignalChange::AddKeyword {
                asset: asset.clone(),
                keyword: keyword.clone(),
            },
            Self::Gallery { name } => SignalChange::AddToGallery {
                asset: asset.clone(),
                gallery: name.clone(),
            },
        }
    }
}

/// The whole keyword list to write (PhotoShelter replaces the list, ASSUMPTIONS P8): the
/// existing keywords in order, with `keyword` added once if missing.
pub fn keywords_with_signal(existing: &[String], keyword: &str) -> Vec<String> {
    let mut out: Vec<String> = existing.to_vec();
    if !out
        .iter()
        .any(|k| k.trim().eq_ignore_ascii_case(keyword.trim()))
    {
        out.push(keyword.to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_approval_made_in_photoshelter_with_the_keyword_is_seen() {
        let signal = ApprovalSignal::default();
        assert!(signal.is_present(&["hoodie, Approved ,MH02".into()], &[]));
        assert!(!signal.is_present(&["approved-draft".into()], &[]));
    }

    #[test]
    fn an_approval_made_by_moving_the_image_into_the_approved_gallery_is_seen() {
        let signal = ApprovalSignal::Gallery {
            name: "Approved".into(),
        };
        assert!(signal.is_present(&[], &["Spring 2026".into(), "approved".into()]));
        assert!(!signal.is_present(&["approved".into()], &["Spring 2026".into()]));
    }

    #[test]
    fn the_keyword_is_added_once_keeping_the_others() {
        let list = keywords_with_signal(&["MH02".into(), "hoodie".into()], "approved");
        assert_eq!(list, ["MH02", "hoodie", "approved"]);
        assert_eq!(keywords_with_signal(&list, "Approved"), list);
    }
}
