//! shelflink-sim: a local stand-in for PhotoShelter v3 and 4ALLPORTAL that follows
//! `api/photoshelter.md` and `api/4allportal.md`, seeded deterministically.
//!
//! - `photoshelter`: the PhotoShelter v3 routes under `/psapi/v3` and their store;
//! - `allportal`: the 4ALLPORTAL routes (`/api`, legacy `/service`) and their store;
//! - `seed`: catalog folders, synthetic catalogs and the demo workspace;
//! - `control`: the write log, fault injection and rate limits, under `/_sim/`;
//! - `start` (in `run`): both services on two loopback ports, in-process or from the CLI.
//!
//! ```no_run
//! # async fn demo() -> anyhow::Result<()> {
//! let sim = shelflink_sim::start(shelflink_sim::SimOptions::default()).await?;
//! println!("PhotoShelter API at {}", sim.photoshelter.api_url);
//! sim.stop().await;
//! # Ok(()) }
//! ```

pub mod allportal;
pub mod control;
pub mod credentials;
pub mod photoshelter;
mod run;
pub mod seed;

pub use control::writelog::Service;
pub use credentials::Credentials;
pub use run::{Endpoint, RunningSim, SeedSource, Seeded, SimOptions, start};
