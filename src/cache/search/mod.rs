//! Search over the cache: assets and products by full text (FTS5) with filters and
//! sorting, paged; the rights verdict filter is computed in SQL for the clock given.

mod asset_hits;
mod assets;
mod fts;
mod products;
mod ranked;

pub(crate) use assets::approval_of;
pub use assets::{AssetHit, AssetQuery, AssetSort, search_assets};
pub use fts::query as fts_query;
pub use products::{ProductHit, ProductQuery, ProductSort, search_products};

use rusqlite::types::ToSql;
use rusqlite::{Connection, Row};
use serde::Serialize;
use ts_rs::TS;

/// Results per page when none is asked for, and at most.
pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 500;

/// One page of asset results.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AssetPage {
    pub items: Vec<AssetHit>,
    /// Matches in all pages.
    pub total: u64,
    pub offset: u32,
    pub limit: u32,
}

/// One page of product results.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProductPage {
    pub items: Vec<ProductHit>,
    /// Matches in all pages.
    pub total: u64,
    pub offset: u32,
    pub limit: u32,
}

fn window(offset: u32, limit: u32) -> (u32, u32) {
    let limit = match limit {
        0 => DEFAULT_LIMIT,
        n => n.min(MAX_LIMIT),
    };
    (offset, limit)
}

/// Named parameters; each statement is given the ones it uses.
pub(crate) struct Params(Vec<(&'static str, Box<dyn ToSql>)>);

impl From<Vec<(&'static str, Box<dyn ToSql>)>> for Params {
    fn from(list: Vec<(&'static str, Box<dyn ToSql>)>) -> Self {
        Params(list)
    }
}

impl Params {
    pub fn add(&mut self, name: &'static str, value: impl ToSql + 'static) {
        self.0.push((name, Box::new(value)));
    }

    fn bound<'c>(
        &self,
        conn: &'c Connection,
        sql: &str,
    ) -> rusqlite::Result<rusqlite::CachedStatement<'c>> {
        let mut stmt = conn.prepare_cached(sql)?;
        for (name, value) in &self.0 {
            if let Some(index) = stmt.parameter_index(name)? {
                stmt.raw_bind_parameter(index, value)?;
            }
        }
        Ok(stmt)
    }

    /// The first column of the one row of `sql`.
    pub fn one<T: rusqlite::types::FromSql>(
        &self,
        conn: &Connection,
        sql: &str,
    ) -> rusqlite::Result<T> {
        let mut stmt = self.bound(conn, sql)?;
        let mut rows = stmt.raw_query();
        match rows.next()? {
            Some(row) => row.get(0),
            None => Err(rusqlite::Error::QueryReturnedNoRows),
        }
    }

    /// Every row of `sql`, mapped.
    pub fn all<T>(
        &self,
        conn: &Connection,
        sql: &str,
        mut map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<Vec<T>> {
        let mut stmt = self.bound(conn, sql)?;
        let mut rows = stmt.raw_query();
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(map(row)?);
        }
        Ok(out)
    }
}
