//! Which products an export (or a share) is about — a campaign, a category or a list of
//! SKUs — and their linked images, read from the cache.

use super::plan::{Candidate, ProductInfo};
use crate::cache::asset_rights;
use crate::transfer::catalog::{approval_of, parse_rights, role_of};
use rusqlite::{Connection, params_from_iter};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The products to export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "by", content = "value")]
pub enum Selection {
    /// Every live product in this campaign (any of its campaigns).
    Campaign(String),
    /// Every live product in this category or below it (`Men/Tops` takes
    /// `Men/Tops/Hoodies` too).
    Category(String),
    /// These SKUs.
    Skus(Vec<String>),
}

impl std::fmt::Display for Selection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Selection::Campaign(c) => write!(f, "campaign {c}"),
            Selection::Category(c) => write!(f, "category {c}"),
            Selection::Skus(s) if s.len() == 1 => write!(f, "SKU {}", s[0]),
            Selection::Skus(s) => write!(f, "{} SKUs", s.len()),
        }
    }
}

/// Why a selection cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectionError {
    #[error("choose a campaign, a category or at least one SKU")]
    Empty,
    #[error("no product in the cache is in the {0}: check the spelling, or sync 4ALLPORTAL first")]
    NothingFound(String),
    #[error("no product has the SKU {}: check the spelling, or sync 4ALLPORTAL first", .0.join(", "))]
    UnknownSkus(Vec<String>),
}

const PRODUCT: &str = "SELECT p.id, p.sku, p.name, p.category, p.campaign FROM products p";

fn product_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ProductInfo> {
    Ok(ProductInfo {
        id: r.get(0)?,
        sku: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        name: r.get(2)?,
        category: r.get(3)?,
        campaign: r.get(4)?,
    })
}

/// The live products of `selection`, by SKU; an inner `Err` says what to correct.
pub fn products(
    conn: &Connection,
    selection: &Selection,
) -> rusqlite::Result<Result<Vec<ProductInfo>, SelectionError>> {
    let live = "p.deleted_at IS NULL AND p.sku IS NOT NULL";
    let found: Vec<ProductInfo> = match selection {
        Selection::Campaign(c) if !c.trim().is_empty() => conn
            .prepare(&format!(
                "{PRODUCT} WHERE {live} AND EXISTS (SELECT 1 FROM json_each(p.campaigns) j
                     WHERE lower(j.value) = lower(?1)) ORDER BY p.sku"
            ))?
            .query_map([c.trim()], product_row)?
            .collect::<rusqlite::Result<_>>()?,
        Selection::Category(c) if !c.trim().trim_matches('/').is_empty() => {
            let c = c.trim().trim_matches('/');
            conn.prepare(&format!(
                "{PRODUCT} WHERE {live} AND (lower(p.category) = lower(?1)
                     OR lower(p.category) LIKE lower(?2) || '/%' ESCAPE '\\') ORDER BY p.sku"
            ))?
            .query_map(
                [
                    c.to_owned(),
                    c.replace('\\', "\\\\")
                        .replace('%', "\\%")
                        .replace('_', "\\_"),
                ],
                product_row,
            )?
            .collect::<rusqlite::Result<_>>()?
        }
        Selection::Skus(skus) if skus.iter().any(|s| !s.trim().is_empty()) => {
            let mut wanted: Vec<String> = skus
                .iter()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
            wanted.dedup();
            let marks = vec!["?"; wanted.len()].join(", ");
            let rows: Vec<ProductInfo> = conn
                .prepare(&format!(
                    "{PRODUCT} WHERE {live} AND p.sku IN ({marks}) ORDER BY p.sku"
                ))?
                .query_map(params_from_iter(wanted.iter()), product_row)?
                .collect::<rusqlite::Result<_>>()?;
            let missing: Vec<String> = wanted
                .into_iter()
                .filter(|s| !rows.iter().any(|p| &p.sku == s))
                .collect();
            if !missing.is_empty() {
                return Ok(Err(SelectionError::UnknownSkus(missing)));
            }
            rows
        }
        _ => return Ok(Err(SelectionError::Empty)),
    };
    if found.is_empty() {
        return Ok(Err(SelectionError::NothingFound(selection.to_string())));
    }
    Ok(Ok(found))
}

/// Every image linked to `products` (links in any state), with what the plan decides by.
pub fn candidates(conn: &Connection, products: &[ProductInfo]) -> rusqlite::Result<Vec<Candidate>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.id, a.ps_id, a.file_name, a.credit, a.copyright, a.approval, {rights},
                    a.licence_end, a.deleted_at IS NOT NULL, a.fingerprint, a.file_size,
                    l.role, l.position, l.state
             FROM links l JOIN assets a ON a.id = l.asset_id
             WHERE l.product_id = ?1
             ORDER BY l.position, a.id",
        rights = asset_rights::in_force_sql("a")
    ))?;
    let mut out = Vec::new();
    for product in products {
        let rows = stmt.query_map([product.id], |r| {
            Ok(Candidate {
                product: product.clone(),
                asset_id: r.get(0)?,
                ps_id: r.get(1)?,
                file_name: r.get(2)?,
                credit: r.get(3)?,
                copyright: r.get(4)?,
                approval: approval_of(&r.get::<_, String>(5)?),
                rights: parse_rights(&r.get::<_, String>(6)?),
                licence_end: r.get(7)?,
                deleted: r.get(8)?,
                fingerprint: r.get(9)?,
                file_size: r.get::<_, Option<i64>>(10)?.map(|s| s.max(0) as u64),
                role: role_of(&r.get::<_, String>(11)?),
                position: r.get::<_, i64>(12)?.max(0) as u32,
                link_state: r.get(13)?,
            })
        })?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}

/// The rendition base and token the last sync stored for an image.
pub fn rendition_link(
    conn: &Connection,
    asset_id: i64,
) -> rusqlite::Result<Option<(String, String)>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached("SELECT thumb_base, thumb_token FROM assets WHERE id = ?1")?
        .query_row([asset_id], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, Option<String>>(1)?,
            ))
        })
        .optional()?
        .and_then(|(b, t)| Some((b?, t?))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::Cache;
    use crate::linking::testing;

    fn skus(cache: &Cache, selection: Selection) -> Result<Vec<String>, SelectionError> {
        cache
            .with_conn(|c| products(c, &selection))
            .unwrap()
            .map(|p| p.into_iter().map(|p| p.sku).collect())
    }

    #[test]
    fn products_are_chosen_by_campaign_category_or_sku() {
        let cache = Cache::open_in_memory().unwrap();
        testing::product(&cache, "p1", "MH02", None);
        testing::product(&cache, "p2", "MH01", None);
        cache
            .with_conn(|c| {
                c.execute(
                    "UPDATE products SET category = 'Women/Tops_Tees', campaigns = '[\"Autumn\"]'
                     WHERE sku = 'MH01'",
                    [],
                )
            })
            .unwrap();
        assert_eq!(
            skus(&cache, Selection::Campaign("spring 26".into())),
            Ok(vec!["MH02".into()])
        );
        assert_eq!(
            skus(&cache, Selection::Category("Men/Tops/".into())),
            Ok(vec!["MH02".into()])
        );
        assert_eq!(
            skus(&cache, Selection::Category("Men/To".into())),
            Err(SelectionError::NothingFound("category Men/To".into())),
            "a category matches whole path segments"
        );
        assert_eq!(
            skus(&cache, Selection::Category("Women/Tops_".into())),
            Err(SelectionError::NothingFound("category Women/Tops_".into())),
            "an underscore is not a wildcard"
        );
        assert_eq!(
            skus(&cache, Selection::Skus(vec!["MH02".into(), "MH01".into()])),
            Ok(vec!["MH01".into(), "MH02".into()])
        );
        assert_eq!(
            skus(&cache, Selection::Skus(vec!["MH02".into(), "XX".into()])),
            Err(SelectionError::UnknownSkus(vec!["XX".into()]))
        );
        assert_eq!(
            skus(&cache, Selection::Category("women/tops_tees".into())),
            Ok(vec!["MH01".into()])
        );
        assert_eq!(
            skus(&cache, Selection::Skus(vec![" ".into()])),
            Err(SelectionError::Empty)
        );
    }
}
