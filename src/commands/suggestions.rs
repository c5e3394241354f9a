//! `suggestions_list`, `suggestions_accept`, `suggestions_reject`: proposed links for
//! unlinked assets with the rule that fired, accepted through the same link operation as
//! drag-to-link (so the rights and approval rules refuse what they refuse, with the
//! reason), or rejected and not proposed again.

use super::{CommandError, ErrorCode};
use crate::cache::suggestions::Proposed;
use crate::linking::{self, LinkError, LinkRequest};
use crate::model::Role;
use crate::suggest::{SuggestConfig, SuggestRule};
use crate::workspace::Workspace;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Default, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
pub struct SuggestionsRequest {
    /// Skip this many (paging).
    pub offset: u32,
    /// At most this many (default 200, at most 1000).
    pub limit: Option<u32>,
}

/// One proposed link.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SuggestionView {
    /// PhotoShelter image id.
    pub asset: String,
    pub file_name: String,
    /// 4ALLPORTAL product id.
    pub product: String,
    pub sku: String,
    pub product_name: String,
    /// How many images the product has now.
    pub product_images: u32,
    /// 0 to 1.
    pub confidence: f32,
    pub rule: SuggestRule,
    /// Every rule that fired, strongest first.
    pub rules: Vec<SuggestRule>,
    /// One line for a person: why it is proposed.
    pub reason: String,
}

impl From<Proposed> for SuggestionView {
    fn from(p: Proposed) -> Self {
        SuggestionView {
            reason: p.suggestion.reason(),
            asset: p.suggestion.asset.0,
            file_name: p.file_name,
            product: p.suggestion.product.0,
            sku: p.suggestion.sku.0,
            product_name: p.product_name,
            product_images: p.product_images,
            confidence: p.suggestion.confidence,
            rule: p.suggestion.rule,
            rules: p.suggestion.rules,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SuggestionPage {
    /// How many suggestions there are in all.
    pub total: u32,
    pub suggestions: Vec<SuggestionView>,
}

fn config(workspace: &Workspace) -> Result<SuggestConfig, CommandError> {
    let settings = crate::settings::Settings::load(&workspace.settings_file())
        .map_err(CommandError::internal)?;
    settings.section("suggest").map_err(CommandError::internal)
}

pub async fn list(
    workspace: &Workspace,
    request: SuggestionsRequest,
) -> Result<SuggestionPage, CommandError> {
    let all = workspace.cache().suggestions(&config(workspace)?)?;
    let limit = request.limit.unwrap_or(200).min(1000) as usize;
    Ok(SuggestionPage {
        total: u32::try_from(all.len()).unwrap_or(u32::MAX),
        suggestions: all
            .into_iter()
            .skip(request.offset as usize)
            .take(limit)
            .map(SuggestionView::from)
            .collect(),
    })
}

/// One suggestion picked in the list.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SuggestionPick {
    pub asset: String,
    pub product: String,
    pub rule: SuggestRule,
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SuggestionsPickRequest {
    pub items: Vec<SuggestionPick>,
}

/// What accepting one suggestion did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AcceptOutcome {
    pub asset: String,
    pub product: String,
    /// The link, when it was made (or was there already).
    pub link_id: Option<i64>,
    /// The rules' warning (rights ending soon or unknown) on a link that was made.
    pub warning: Option<String>,
    /// Why it was refused (not approved, expired, restricted…), with what to do.
    pub refused: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SuggestionsAccepted {
    pub outcomes: Vec<AcceptOutcome>,
}

/// The number of images `product` (4ALLPORTAL id) has.
fn image_count(workspace: &Workspace, product: &str) -> Result<u32, CommandError> {
    workspace
        .cache()
        .with_conn(|c| {
            c.query_row(
                "SELECT count(*) FROM links l JOIN products p ON p.id = l.product_id WHERE p.ap_id = ?1",
                [product],
                |r| r.get(0),
            )
        })
        .map_err(|e| CommandError::internal(format!("cannot count the images of {product}: {e}")))
}

pub async fn accept(
    workspace: &Workspace,
    request: SuggestionsPickRequest,
) -> Result<SuggestionsAccepted, CommandError> {
    let rules = super::linking::rules(workspace)?;
    let mut outcomes = Vec::with_capacity(request.items.len());
    for pick in request.items {
        let images = image_count(workspace, &pick.product)?;
        let link = LinkRequest {
            asset: pick.asset.clone(),
            product: pick.product.clone(),
            // The first image of a product becomes its hero; the others go last.
            role: if images == 0 {
                Role::Hero
            } else {
                Role::Gallery
            },
            position: images,
            from_suggestion: true,
        };
        let outcome = match linking::link(workspace.cache(), &rules, &link) {
            Ok(linked) => AcceptOutcome {
                asset: pick.asset,
                product: pick.product,
                link_id: Some(linked.link_id),
                warning: linked.warning,
                refused: None,
            },
            Err(err @ (LinkError::Refused(_) | LinkError::ProductDeleted(_))) => AcceptOutcome {
                asset: pick.asset,
                product: pick.product,
                link_id: None,
                warning: None,
                refused: Some(err.to_string()),
            },
            Err(err @ (LinkError::UnknownAsset(_) | LinkError::UnknownProduct(_))) => {
                return Err(CommandError::new(
                    ErrorCode::NotFound,
                    format!("{err}: refresh the suggestions"),
                ));
            }
            Err(err) => return Err(err.into()),
        };
        outcomes.push(outcome);
    }
    Ok(SuggestionsAccepted { outcomes })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SuggestionsRejected {
    pub rejected: u32,
}

pub async fn reject(
    workspace: &Workspace,
    request: SuggestionsPickRequest,
) -> Result<SuggestionsRejected, CommandError> {
    let now = Utc::now();
    for pick in &request.items {
        workspace
            .cache()
            .reject_suggestion(&pick.asset, &pick.product, pick.rule, now)?;
    }
    Ok(SuggestionsRejected {
        rejected: u32::try_from(request.items.len()).unwrap_or(u32::MAX),
    })
}

#[cfg(test)]
#[path = "suggestions_tests.rs"]
mod tests;
