//! shelflink-sim: a local stand-in for PhotoShelter v3 and 4ALLPORTAL that follows
//! `api/photoshelter.md` and `api/4allportal.md`, seeded deterministically.
//!
//! - `photoshelter`: the PhotoShelter v3 routes under `/psapi/v3` and their store;
//! - `allportal`: the 4ALLPORTAL routes (`/api`, legacy `/service`) and their store;
//! - `seed`: catalog folders, synthetic catalogs and the demo workspace;
//! - `control`: the write log, fault injection and rate limits, under `/_sim/`.

pub mod allportal;
pub mod control;
pub mod photoshelter;
pub mod seed;
