//! Sync against the simulator: the fixture catalog read whole, incremental syncs that pick
//! up exactly what changed, syncs stopped halfway that resume without reading finished pages
//! again, Shelflink's own writes coming back without becoming new work, rights flags on
//! links, search over the synced cache and the expiry review.

#[path = "../clients_support/mod.rs"]
mod clients_support;
mod support;

mod echo;
mod flags;
mod full;
mod incremental;
mod resume;
mod review;
mod search;
