//! The thumbnail sizes: a short ladder of square boxes, so the store holds a few files per
//! image and every grid, list and preview finds one that fits.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A square box the thumbnail fits in (the long edge, in device pixels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ThumbSize {
    /// 160 px: list rows and the transfer queue (80 CSS px on a 2× display).
    List,
    /// 320 px: grid cells (160 CSS px on a 2× display).
    Grid,
    /// 640 px: the detail pane.
    Detail,
    /// 1280 px: the preview.
    Preview,
}

impl ThumbSize {
    pub const ALL: [ThumbSize; 4] = [
        ThumbSize::List,
        ThumbSize::Grid,
        ThumbSize::Detail,
        ThumbSize::Preview,
    ];

    /// The edge of the box in pixels (what thumbnail URLs carry).
    pub fn px(self) -> u32 {
        match self {
            ThumbSize::List => 160,
            ThumbSize::Grid => 320,
            ThumbSize::Detail => 640,
            ThumbSize::Preview => 1280,
        }
    }

    pub fn from_px(px: u32) -> Option<ThumbSize> {
        ThumbSize::ALL.into_iter().find(|s| s.px() == px)
    }

    /// The smallest 4ALLPORTAL derivate (A10: small 200 px, medium 800 px, large 1600 px long
    /// edge) that covers the box; it is scaled down to the box here.
    pub fn allportal_usage(self) -> &'static str {
        match self.px() {
            0..=200 => "small",
            201..=800 => "medium",
            _ => "large",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_go_by_their_pixels() {
        for size in ThumbSize::ALL {
            assert_eq!(ThumbSize::from_px(size.px()), Some(size));
        }
        assert_eq!(ThumbSize::from_px(333), None);
        assert_eq!(ThumbSize::List.allportal_usage(), "small");
        assert_eq!(ThumbSize::Grid.allportal_usage(), "medium");
        assert_eq!(ThumbSize::Detail.allportal_usage(), "medium");
        assert_eq!(ThumbSize::Preview.allportal_usage(), "large");
    }
}
