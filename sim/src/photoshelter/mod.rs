//! The PhotoShelter v3 side of the simulator: its store and routes (`/psapi/v3/...`,
//! renditions under `/img-get2/...`, its own test controls under `/_sim/photoshelter/...`).
//!
//! Interface used by `crate::start` (keep these signatures):
//! - `PhotoshelterSim::new(&SeedCatalog, PhotoshelterConfig, WriteLog)` builds the store;
//! - `PhotoshelterSim::image_id(file_name)` is the id given to a seed image, so seed links
//!   can name it on the 4ALLPORTAL side;
//! - `PhotoshelterSim::router(Arc<Self>)` gives the axum router served on its own port;
//!   `origin` (scheme, host and port it is served on) is set with `set_origin` before the
//!   first request so `ImageLink.base` points back at it.

use crate::control::writelog::WriteLog;
use crate::seed::model::SeedCatalog;
use std::sync::Arc;

/// Credentials and organisation the simulated account has.
#[derive(Debug, Clone)]
pub struct PhotoshelterConfig {
    pub api_key: String,
    pub email: String,
    pub password: String,
    /// The organisation the user belongs to (`data.org` on login); `None` = a personal account.
    pub organization: Option<(String, String)>,
}

pub struct PhotoshelterSim {
    #[allow(dead_code)]
    config: PhotoshelterConfig,
    #[allow(dead_code)]
    writes: WriteLog,
}

impl PhotoshelterSim {
    pub fn new(catalog: &SeedCatalog, config: PhotoshelterConfig, writes: WriteLog) -> Self {
        let _ = catalog;
        Self { config, writes }
    }

    /// The image id given to the seed image named `file_name`.
    pub fn image_id(&self, file_name: &str) -> Option<String> {
        let _ = file_name;
        None
    }

    /// Where the router is served (e.g. `http://127.0.0.1:41234`), for rendition URLs.
    pub fn set_origin(&self, origin: &str) {
        let _ = origin;
    }

    pub fn router(self: Arc<Self>) -> axum::Router {
        axum::Router::new()
    }
}
