//! Link suggestions: rules that propose asset↔product links with a confidence and the rule
//! that fired. Nothing links until a person accepts; this is only the proposal.
//!
//! Rules (default confidence):
//! - `product_shown_names_sku` (0.99): an IPTC "Product in Image" identifier is a SKU;
//! - `keyword_names_sku` (0.97): an IPTC keyword is a SKU (optionally `sku:` before it);
//! - `sku_in_file_name` (0.95): the file name contains a product's whole SKU;
//! - `parent_sku_in_file_name` (0.90): … the SKU of a product with variants;
//! - `parent_sku_and_colour_in_file_name` (0.85): … and a colour word that names the colour
//!   of some of its variants: each of those variants;
//! - `sku_part_in_file_name` (0.80): the file name contains the distinctive part of a
//!   multi-part SKU that no other product shares (`mb01-blue-0.jpg` → `24-MB01`).
//!
//! Matching works on tokens (letters and digits; case, `-`, `_`, `.` and spaces ignored)
//! looked up in an index of SKUs, so the cost grows with the number of assets, not with
//! assets × products.

mod config;
mod index;

pub use config::{RuleConfidence, SuggestConfig};
pub use index::SkuIndex;

use crate::model::{AssetId, ProductId, Sku};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which rule proposed a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SuggestRule {
    ProductShownNamesSku,
    KeywordNamesSku,
    SkuInFileName,
    ParentSkuInFileName,
    ParentSkuAndColourInFileName,
    SkuPartInFileName,
}

/// A proposed link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Suggestion {
    pub asset: AssetId,
    pub product: ProductId,
    pub sku: Sku,
    /// 0 to 1: the confidence of the strongest rule that fired.
    pub confidence: f32,
    /// The strongest rule that fired.
    pub rule: SuggestRule,
    /// Every rule that fired, strongest first.
    pub rules: Vec<SuggestRule>,
    /// What matched: the keyword, identifier or part of the file name.
    pub evidence: String,
}

impl Suggestion {
    /// One line for the suggestion list.
    pub fn reason(&self) -> String {
        let (sku, ev) = (&self.sku, &self.evidence);
        match self.rule {
            SuggestRule::ProductShownNamesSku => {
                format!("The image's \"product shown\" names {sku}")
            }
            SuggestRule::KeywordNamesSku => format!("Keyword \"{ev}\" is the SKU {sku}"),
            SuggestRule::SkuInFileName => format!("The file name contains the SKU {sku}"),
            SuggestRule::ParentSkuInFileName => {
                format!("The file name contains the product SKU {sku}")
            }
            SuggestRule::ParentSkuAndColourInFileName => {
                format!(
                    "The file name contains the product SKU and the colour of variant {sku} ({ev})"
                )
            }
            SuggestRule::SkuPartInFileName => {
                format!("The file name contains \"{ev}\", the distinctive part of SKU {sku}")
            }
        }
    }
}
