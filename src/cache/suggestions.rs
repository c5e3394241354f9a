//! Link suggestions over the cache: every live asset not linked to anything, against the
//! SKUs of every live product (`suggest::SkuIndex`), leaving out what a person rejected.
//! Rejections are kept by remote ids in `suggestion_rejections`.

use super::time::to_db;
use super::{Cache, CacheError};
use crate::model::{ApprovalState, Asset, Product, ProductId, UserId};
use crate::suggest::{SkuIndex, SuggestConfig, SuggestRule, Suggestion};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use std::collections::{HashMap, HashSet};

/// A suggestion with what a person needs to judge it.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposed {
    pub suggestion: Suggestion,
    pub file_name: String,
    pub product_name: String,
    /// How many images the product has now (0 = this would be its first, its hero).
    pub product_images: u32,
}

fn json_list(text: String) -> Vec<String> {
    serde_json::from_str(&text).unwrap_or_default()
}

/// Live assets linked to no product.
fn unlinked_assets(conn: &Connection) -> rusqlite::Result<Vec<Asset>> {
    conn.prepare(
        "SELECT a.ps_id, a.file_name, a.keywords, a.approval FROM assets a
         WHERE a.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM links l WHERE l.asset_id = a.id)
         ORDER BY a.file_name, a.ps_id",
    )?
    .query_map([], |r| {
        let approval: String = r.get(3)?;
        Ok(Asset {
            keywords: json_list(r.get(2)?),
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

/// Live products with a SKU, with how many images each has.
fn products(conn: &Connection) -> rusqlite::Result<(Vec<Product>, HashMap<ProductId, u32>)> {
    let mut images = HashMap::new();
    let list = conn
        .prepare(
            "SELECT p.ap_id, p.sku, p.name, p.parent_ap_id, p.colour, p.size, p.owner, p.category,
                    p.campaigns, (SELECT count(*) FROM links l WHERE l.product_id = p.id)
             FROM products p WHERE p.deleted_at IS NULL AND p.sku IS NOT NULL ORDER BY p.sku",
        )?
        .query_map([], |r| {
            let id = ProductId::new(r.get::<_, String>(0)?);
            Ok((
                Product {
                    name: r.get(2)?,
                    parent: r.get::<_, Option<String>>(3)?.map(ProductId::new),
                    colour: r.get(4)?,
                    size: r.get(5)?,
                    owner: r.get::<_, Option<String>>(6)?.map(UserId::new),
                    category: r.get(7)?,
                    campaigns: json_list(r.get(8)?),
                    ..Product::new(id, r.get::<_, String>(1)?)
                },
                r.get::<_, u32>(9)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .map(|(p, n)| {
            images.insert(p.id.clone(), n);
            p
        })
        .collect();
    Ok((list, images))
}

fn rejected(conn: &Connection) -> rusqlite::Result<HashSet<(String, String)>> {
    conn.prepare("SELECT asset_ps_id, product_ap_id FROM suggestion_rejections")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

impl Cache {
    /// Every suggestion for unlinked assets that nobody rejected, most confident first.
    pub fn suggestions(&self, config: &SuggestConfig) -> Result<Vec<Proposed>, CacheError> {
        let (assets, products, rejected) = self
            .with_conn(|c| {
                let (products, images) = products(c)?;
                Ok((unlinked_assets(c)?, (products, images), rejected(c)?))
            })
            .map_err(CacheError::query(
                "gather the assets and products to suggest links for",
            ))?;
        let (products, images) = products;
        let names: HashMap<&str, &str> = assets
            .iter()
            .map(|a| (a.id.as_str(), a.file_name.as_str()))
            .collect();
        let product_names: HashMap<&ProductId, &str> =
            products.iter().map(|p| (&p.id, p.name.as_str())).collect();
        let index = SkuIndex::new(&products, config);
        let mut out: Vec<Proposed> = index
            .suggest_all(&assets, &[])
            .into_iter()
            .filter(|s| {
                !rejected.contains(&(s.asset.as_str().to_owned(), s.product.as_str().to_owned()))
            })
            .map(|s| Proposed {
                file_name: names
                    .get(s.asset.as_str())
                    .copied()
                    .unwrap_or_default()
                    .to_owned(),
                product_name: product_names
                    .get(&s.product)
                    .copied()
                    .unwrap_or_default()
                    .to_owned(),
                product_images: images.get(&s.product).copied().unwrap_or(0),
                suggestion: s,
            })
            .collect();
        out.sort_by(|a, b| {
            b.suggestion
                .confidence
                .total_cmp(&a.suggestion.confidence)
                .then_with(|| a.file_name.cmp(&b.file_name))
                .then_with(|| a.suggestion.sku.cmp(&b.suggestion.sku))
        });
        Ok(out)
    }

    /// Remembers that a person rejected linking `asset` to `product` (proposed by `rule`).
    pub fn reject_suggestion(
        &self,
        asset: &str,
        product: &str,
        rule: SuggestRule,
        at: DateTime<Utc>,
    ) -> Result<(), CacheError> {
        let rule = serde_json::to_value(rule)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        self.with_conn(|c| {
            c.execute(
                "INSERT INTO suggestion_rejections (asset_ps_id, product_ap_id, rule, rejected_at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (asset_ps_id, product_ap_id) DO UPDATE SET rule = ?3, rejected_at = ?4",
                params![asset, product, rule, to_db(at)],
            )
            .map(|_| ())
        })
        .map_err(CacheError::query("remember a rejected suggestion"))
    }
}
