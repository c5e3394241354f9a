//! The local cache: one SQLite database (WAL, migrations) that the UI reads.
