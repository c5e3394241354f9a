//! Suggestion settings (embedded in the settings file).

use super::SuggestRule;
use serde::{Deserialize, Serialize};

/// Confidence given by each rule; 0 turns a rule off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleConfidence {
    pub product_shown_names_sku: f32,
    pub keyword_names_sku: f32,
    pub sku_in_file_name: f32,
    pub parent_sku_in_file_name: f32,
    pub parent_sku_and_colour_in_file_name: f32,
    pub sku_part_in_file_name: f32,
}

impl Default for RuleConfidence {
    fn default() -> Self {
        Self {
            product_shown_names_sku: 0.99,
            keyword_names_sku: 0.97,
            sku_in_file_name: 0.95,
            parent_sku_in_file_name: 0.90,
            parent_sku_and_colour_in_file_name: 0.85,
            sku_part_in_file_name: 0.80,
        }
    }
}

impl RuleConfidence {
    pub fn of(&self, rule: SuggestRule) -> f32 {
        match rule {
            SuggestRule::ProductShownNamesSku => self.product_shown_names_sku,
            SuggestRule::KeywordNamesSku => self.keyword_names_sku,
            SuggestRule::SkuInFileName => self.sku_in_file_name,
            SuggestRule::ParentSkuInFileName => self.parent_sku_in_file_name,
            SuggestRule::ParentSkuAndColourInFileName => self.parent_sku_and_colour_in_file_name,
            SuggestRule::SkuPartInFileName => self.sku_part_in_file_name,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SuggestConfig {
    pub confidence: RuleConfidence,
    /// Suggestions below this confidence are not shown.
    pub min_confidence: f32,
    /// Words that may stand before a SKU in a keyword (`sku:MH02`, `SKU MH02`).
    pub keyword_prefixes: Vec<String>,
}

impl Default for SuggestConfig {
    fn default() -> Self {
        Self {
            confidence: RuleConfidence::default(),
            min_confidence: 0.5,
            keyword_prefixes: vec!["sku".into(), "article".into()],
        }
    }
}
