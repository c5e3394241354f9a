//! The 4ALLPORTAL side of the simulator: its store and routes (`/api/...`, legacy `/service/...`).
//!
//! Interface used by `crate::start` (keep these signatures):
//! - `AllportalSim::new(&SeedCatalog, AllportalConfig, WriteLog)` builds the store from the seed;
//! - `AllportalSim::seed_link(..)` relates an existing PhotoShelter image to a product as if
//!   someone had linked it before the simulator started;
//! - `AllportalSim::router(Arc<Self>)` gives the axum router served on its own port.

use crate::control::writelog::WriteLog;
use crate::seed::model::{ImageSource, SeedCatalog};
use std::sync::Arc;

/// Credentials the simulated instance accepts.
#[derive(Debug, Clone)]
pub struct AllportalConfig {
    pub api_key: String,
    pub username: String,
    pub password: String,
}

pub struct AllportalSim {
    #[allow(dead_code)]
    config: AllportalConfig,
    #[allow(dead_code)]
    writes: WriteLog,
}

impl AllportalSim {
    pub fn new(catalog: &SeedCatalog, config: AllportalConfig, writes: WriteLog) -> Self {
        let _ = catalog;
        Self { config, writes }
    }

    /// Relates the PhotoShelter image `ps_image_id` (bytes from `source`) to the product `sku`.
    pub fn seed_link(
        &self,
        sku: &str,
        file_name: &str,
        ps_image_id: &str,
        source: ImageSource,
        role: &str,
        position: u32,
    ) -> anyhow::Result<()> {
        let _ = (sku, file_name, ps_image_id, source, role, position);
        Ok(())
    }

    pub fn router(self: Arc<Self>) -> axum::Router {
        axum::Router::new()
    }
}
