//! Shelflink core: everything worth testing, with no UI and no Tauri.
//!
//! The layers follow ARCHITECTURE.md: the two API clients (`photoshelter`, `allportal`)
//! talk to the outside world through `net`; `sync` fills the `cache`; the rules
//! (`rights`, `versions`, `suggest`) are pure functions over the model; `transfer` is the
//! durable outbox that carries every remote write; `commands` is the one declared list of
//! UI→core calls, run against an open `workspace`; `cli` is the `shelflink` command line;
//! `model` holds the domain words as plain data.

pub mod accounts;
pub mod allportal;
pub mod cache;
pub mod cli;
pub mod commands;
pub mod export;
pub mod linking;
pub mod logging;
pub mod model;
pub mod net;
pub mod paths;
pub mod photoshelter;
pub mod rights;
pub mod runtime;
pub mod settings;
pub mod sharing;
pub mod suggest;
pub mod sync;
pub mod thumbs;
pub mod transfer;
pub mod versions;
pub mod workspace;
