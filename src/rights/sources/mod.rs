//! Builders of `Rights` from each source. They take plain values and maps, not client
//! types, so the clients, the cache and tests can all call them.

pub mod allportal;
pub mod file;
pub mod photoshelter;

use super::model::{Channel, Region};

/// Splits a comma-separated list, trimming and dropping empty items.
pub(crate) fn comma_list(raw: &str) -> Vec<String> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(crate) fn regions_of(items: &[String]) -> Option<Vec<Region>> {
    let list: Vec<Region> = items.iter().map(|s| Region::new(s)).collect();
    (!list.is_empty()).then_some(list)
}

pub(crate) fn channels_of(items: &[String]) -> Option<Vec<Channel>> {
    let list: Vec<Channel> = items.iter().map(|s| Channel::new(s)).collect();
    (!list.is_empty()).then_some(list)
}

/// A non-empty trimmed string.
pub(crate) fn text(raw: Option<&String>) -> Option<String> {
    raw.map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}
