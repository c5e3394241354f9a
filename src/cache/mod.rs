//! The local cache: one SQLite database per workspace that the UI reads.
//!
//! Opening it ([`Cache::open`]) sets WAL, a busy timeout and foreign keys, then brings the
//! schema up to date with the migrations in [`migrations`]. A database written by a newer
//! Shelflink (a higher schema version than this build knows) is refused before anything is
//! written to it: it is never migrated down or overwritten.

pub mod activity_query;
pub mod asset_rights;
pub mod catalog;
mod checkpoints;
mod counts;
pub mod detail;
mod error;
pub(crate) mod meta;
mod migrations;
mod open;
pub mod own_writes;
pub mod review;
pub mod review_restricted;
pub mod rights_columns;
pub mod search;
pub mod suggestions;
pub mod time;
pub mod tree;
pub mod verdict_sql;

pub use counts::Counts;
pub use error::CacheError;
pub use meta::keys as meta_keys;
pub use migrations::SCHEMA_VERSION;
pub use open::Cache;
pub use own_writes::OwnWrite;
pub use verdict_sql::{RightsClock, VerdictKind};
