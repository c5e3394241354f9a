//! The PhotoShelter v3 side of the simulator: its store and routes (`/psapi/v3/...`,
//! renditions under `/img-get2/...`, its own test controls under `/_sim/photoshelter/...`
//! and `/_sim/sessions/expire`).
//!
//! Interface used by `crate::start` (keep these signatures):
//! - `PhotoshelterSim::new(&SeedCatalog, PhotoshelterConfig, WriteLog)` builds the store;
//!   `PhotoshelterSim::with_tuning(.., PhotoshelterTuning)` does the same with other
//!   limits (session idle time, cache sizes, time zone, id seed);
//! - `PhotoshelterSim::image_id(file_name)` is the id given to a seed image, so seed links
//!   can name it on the 4ALLPORTAL side;
//! - `PhotoshelterSim::router(Arc<Self>)` gives the axum router served on its own port;
//!   `origin` (scheme, host and port it is served on) is set with `set_origin` before the
//!   first request so `ImageLink.base` points back at it.

mod clock;
mod error;
mod extend;
mod ids;
mod media;
mod metadata;
mod model;
mod paging;
mod request;
mod routes;
mod seeding;
mod session;
mod store;

use crate::control::writelog::{Service, WriteLog};
use crate::seed::model::SeedCatalog;
use clock::Clock;
use error::{ApiError, ApiResult};
use media::{ByteCache, Fit};
use model::{Account, Id};
use parking_lot::RwLock;
use request::PsRequest;
use session::{Session, Sessions};
use std::sync::Arc;
use std::time::Duration;
use store::Store;

pub use ids::is_shaped as id_is_shaped;

/// Credentials and organisation the simulated account has.
#[derive(Debug, Clone)]
pub struct PhotoshelterConfig {
    pub api_key: String,
    pub email: String,
    pub password: String,
    /// The organisation the user belongs to (`data.org` on login) as `(id, name)`;
    /// `None` = a personal account. With an organisation, the seed content is in the
    /// organisation's library, seen after `mem/organization/{id}/authenticate`.
    pub organization: Option<(String, String)>,
}

/// Limits and settings with defaults that match the real service where it is known.
#[derive(Debug, Clone)]
pub struct PhotoshelterTuning {
    /// Idle time after which a session token stops working (P14; default 2 h).
    pub session_idle: Duration,
    /// `Session.tz` of the account (default `UTC`).
    pub time_zone: String,
    /// Bytes of originals kept in memory after being read or drawn (default 512 MiB).
    pub original_cache_bytes: usize,
    /// Bytes of renditions kept in memory (default 256 MiB).
    pub rendition_cache_bytes: usize,
    /// Seed of the generator for ids and tokens made at run time.
    pub id_seed: u64,
}

impl Default for PhotoshelterTuning {
    fn default() -> Self {
        Self {
            session_idle: Duration::from_secs(2 * 3600),
            time_zone: "UTC".to_owned(),
            original_cache_bytes: 512 << 20,
            rendition_cache_bytes: 256 << 20,
            id_seed: 0x5ee1_f11e,
        }
    }
}

pub struct PhotoshelterSim {
    config: PhotoshelterConfig,
    tuning: PhotoshelterTuning,
    writes: WriteLog,
    store: RwLock<Store>,
    sessions: Sessions,
    clock: Clock,
    origin: RwLock<String>,
    originals: ByteCache<(Id, String)>,
    renditions: ByteCache<(Id, String, Fit, u32, u32)>,
}

impl PhotoshelterSim {
    pub fn new(catalog: &SeedCatalog, config: PhotoshelterConfig, writes: WriteLog) -> Self {
        Self::with_tuning(catalog, config, writes, PhotoshelterTuning::default())
    }

    pub fn with_tuning(
        catalog: &SeedCatalog,
        config: PhotoshelterConfig,
        writes: WriteLog,
        tuning: PhotoshelterTuning,
    ) -> Self {
        let account = Account {
            user_id: ids::hashed('U', &config.email.to_lowercase()),
            email: config.email.clone(),
            organization: config.organization.clone(),
        };
        let store = seeding::build(catalog, account, tuning.id_seed);
        let idle = chrono::Duration::from_std(tuning.session_idle)
            .unwrap_or_else(|_| chrono::Duration::hours(2));
        Self {
            sessions: Sessions::new(idle),
            store: RwLock::new(store),
            clock: Clock::default(),
            origin: RwLock::new("http://127.0.0.1".to_owned()),
            originals: ByteCache::new(tuning.original_cache_bytes),
            renditions: ByteCache::new(tuning.rendition_cache_bytes),
            config,
            tuning,
            writes,
        }
    }

    /// The image id given to the seed image named `file_name`.
    pub fn image_id(&self, file_name: &str) -> Option<String> {
        self.store.read().seed_names.get(file_name).cloned()
    }

    /// Where the router is served (e.g. `http://127.0.0.1:41234`), for rendition URLs.
    pub fn set_origin(&self, origin: &str) {
        *self.origin.write() = origin.trim_end_matches('/').to_owned();
    }

    pub fn router(self: Arc<Self>) -> axum::Router {
        routes::router(self)
    }

    fn origin(&self) -> String {
        self.origin.read().clone()
    }

    /// 403 unless the request carries the account's API key.
    fn check_key(&self, req: &PsRequest) -> ApiResult<()> {
        match req.api_key() {
            Some(key) if key == self.config.api_key => Ok(()),
            Some(_) => Err(ApiError::api_key(
                "The API key is not valid for this service; check the X-PS-Api-Key header",
            )),
            None => Err(ApiError::api_key(
                "An API key is required: send the X-PS-Api-Key header or the api_key parameter",
            )),
        }
    }

    /// The session of a member call (API key and a live token required).
    fn member(&self, req: &PsRequest) -> ApiResult<Session> {
        self.check_key(req)?;
        let token = req.auth_token().ok_or_else(|| {
            ApiError::session_required(
                "Login required: send X-PS-Auth-Token (or auth_token) from mem/authenticate",
            )
        })?;
        self.sessions.touch(token, self.clock.now())
    }

    /// The session of a public call, if it carries a live token; public calls need only the key.
    fn public(&self, req: &PsRequest) -> ApiResult<Option<Session>> {
        self.check_key(req)?;
        match req.auth_token() {
            Some(token) => self.sessions.touch(token, self.clock.now()).map(Some),
            None => Ok(None),
        }
    }

    /// Records one accepted write in the write log.
    fn record(&self, req: &PsRequest, object_ids: Vec<String>, fields: serde_json::Value) {
        self.writes.record(
            Service::Photoshelter,
            req.method.as_str(),
            &req.path,
            object_ids,
            fields,
        );
    }
}
