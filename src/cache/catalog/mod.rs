//! Writing synced records into the catalog tables, one function per kind of record, each
//! taking the connection of the page transaction it belongs to. Sync builds the records
//! from what the clients read; these functions decide what changed, and tell Shelflink's
//! own writes coming back (`own_writes`) from other people's changes.

pub mod activity;
pub mod approval;
pub mod asset_index;
pub mod assets;
pub mod files;
pub mod flags;
pub mod links;
pub mod products;
pub mod state;
pub mod tree;
pub mod versions;

use crate::cache::verdict_sql::RightsClock;
use chrono::{DateTime, Utc};

/// What writing one record changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// It was not in the cache (or had been deleted there).
    New,
    /// Someone changed these fields.
    Changed(Vec<&'static str>),
    /// What changed was Shelflink's own write coming back: nothing new.
    Echo,
    /// Nothing anyone reviews changed.
    Unchanged,
}

impl Change {
    /// A change someone else made (or a new record).
    pub fn is_news(&self) -> bool {
        matches!(self, Change::New | Change::Changed(_))
    }
}

/// What every write needs: the time it is synced at and the rights clock for the derived
/// rights columns.
#[derive(Debug, Clone, Copy)]
pub struct WriteCtx<'a> {
    pub now: DateTime<Utc>,
    pub clock: &'a RightsClock,
}
