//! Searching products: full text over SKU, name, category and campaigns (FTS5, ranked by
//! BM25, the SKU weighing most), filtered by category, campaign, owner, variants or not,
//! and linked or not, sorted and paged.

use super::{Params, ProductPage, fts};
use crate::cache::{Cache, CacheError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How product results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProductSort {
    /// Best match first; without search words, by SKU.
    #[default]
    Relevance,
    Sku,
    Name,
    /// Last change in 4ALLPORTAL.
    Modified,
}

/// A product search.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct ProductQuery {
    /// Words to find; empty = every product.
    pub text: String,
    /// Only products in this category or below it (a path such as `Men/Tops`).
    pub category: Option<String>,
    /// Only products in this campaign.
    pub campaign: Option<String>,
    /// Only products of this owner (4ALLPORTAL user id).
    pub owner: Option<String>,
    /// `true` = only parents and simple products, `false` = only variants.
    pub top_level: Option<bool>,
    /// `true` = only products with a link, `false` = only products without one.
    pub linked: Option<bool>,
    pub sort: ProductSort,
    pub descending: bool,
    pub offset: u32,
    /// Results per page (1–500; 0 = 50).
    pub limit: u32,
}

/// One product found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProductHit {
    /// 4ALLPORTAL object id.
    pub id: String,
    pub sku: Option<String>,
    pub name: String,
    pub category: Option<String>,
    pub campaigns: Vec<String>,
    pub owner: Option<String>,
    pub owner_name: Option<String>,
    /// The parent of a variant.
    pub parent: Option<String>,
    pub colour: Option<String>,
    pub size: Option<String>,
    pub status: Option<String>,
    pub links: u32,
    /// Links that carry a rights or deletion flag.
    pub flagged_links: u32,
}

pub fn search_products(cache: &Cache, query: &ProductQuery) -> Result<ProductPage, CacheError> {
    let mut params = Params(Vec::new());
    let words = fts::query(&query.text);
    let mut from = String::from("FROM products p");
    let mut conds = vec!["p.deleted_at IS NULL".to_owned()];
    if let Some(q) = &words {
        from = "FROM products_fts JOIN products p ON p.id = products_fts.rowid".into();
        conds.push("products_fts MATCH :q".into());
        params.add(":q", q.clone());
    }
    if let Some(category) = &query.category {
        conds
            .push("(p.category = :category OR p.category LIKE :category_below ESCAPE '\\')".into());
        let escaped = category
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        params.add(":category", category.clone());
        params.add(":category_below", format!("{escaped}/%"));
    }
    if let Some(campaign) = &query.campaign {
        conds.push("EXISTS (SELECT 1 FROM json_each(p.campaigns) WHERE value = :campaign)".into());
        params.add(":campaign", campaign.clone());
    }
    if let Some(owner) = &query.owner {
        conds.push("p.owner = :owner".into());
        params.add(":owner", owner.clone());
    }
    match query.top_level {
        Some(true) => conds.push("p.parent_ap_id IS NULL".into()),
        Some(false) => conds.push("p.parent_ap_id IS NOT NULL".into()),
        None => {}
    }
    match query.linked {
        Some(true) => conds.push("p.id IN (SELECT l.product_id FROM links l)".into()),
        Some(false) => {
            conds.push("NOT EXISTS (SELECT 1 FROM links l WHERE l.product_id = p.id)".into())
        }
        None => {}
    }
    let dir = if query.descending { "DESC" } else { "ASC" };
    let order = match query.sort {
        ProductSort::Relevance if words.is_some() => {
            format!("bm25(products_fts, 10.0, 3.0, 1.0, 1.0) {dir}")
        }
        ProductSort::Relevance | ProductSort::Sku => format!("p.sku COLLATE NOCASE {dir}"),
        ProductSort::Name => format!("p.name COLLATE NOCASE {dir}"),
        ProductSort::Modified => format!("p.mod_time {dir}"),
    };
    let where_sql = conds.join(" AND ");
    let (offset, limit) = super::window(query.offset, query.limit);
    let sql = format!(
        "SELECT p.ap_id, p.sku, p.name, p.category, p.campaigns, p.owner, p.owner_name,
                p.parent_ap_id, p.colour, p.size, p.status,
                (SELECT count(*) FROM links l WHERE l.product_id = p.id),
                (SELECT count(*) FROM links l WHERE l.product_id = p.id AND l.flag IS NOT NULL)
         {from} WHERE {where_sql} ORDER BY {order}, p.id {dir} LIMIT {limit} OFFSET {offset}"
    );
    let count_sql = format!("SELECT count(*) {from} WHERE {where_sql}");
    cache
        .with_conn(|conn| {
            let total: i64 = params.one(conn, &count_sql)?;
            let items = params.all(conn, &sql, |r| {
                let campaigns: String = r.get(4)?;
                Ok(ProductHit {
                    id: r.get(0)?,
                    sku: r.get(1)?,
                    name: r.get(2)?,
                    category: r.get(3)?,
                    campaigns: serde_json::from_str(&campaigns).unwrap_or_default(),
                    owner: r.get(5)?,
                    owner_name: r.get(6)?,
                    parent: r.get(7)?,
                    colour: r.get(8)?,
                    size: r.get(9)?,
                    status: r.get(10)?,
                    links: r.get(11)?,
                    flagged_links: r.get(12)?,
                })
            })?;
            Ok(ProductPage {
                items,
                total: total as u64,
                offset,
                limit,
            })
        })
        .map_err(CacheError::query("search the products"))
}
