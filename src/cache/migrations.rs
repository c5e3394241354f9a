//! The cache schema, one migration per schema version, applied in order and never edited
//! once released: a change to the schema is a new entry at the end.

use rusqlite_migration::{M, Migrations};

const LIST: &[M<'static>] = &[
    // 1: what the workspace is (demo or live) and which Shelflink last changed the schema.
    M::up(
        "CREATE TABLE workspace_meta (
            key   TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        ) STRICT;",
    ),
];

/// The schema version this build writes and understands at most.
pub const SCHEMA_VERSION: u32 = LIST.len() as u32;

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::from_slice(LIST)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_applies_on_an_empty_database() {
        migrations()
            .validate()
            .expect("the migrations must apply in order on an empty database");
    }
}
