//! The 4ALLPORTAL side of the simulator: its store and routes (`/api/...`, legacy `/service/...`
//! and `/rest/...`, its test controls under `/_sim/...`). Follows `api/4allportal.md` where it
//! says DOC/CODE and `sim/ASSUMPTIONS.md` (A1–A17, control routes) where it does not.
//!
//! Interface used by `crate::start` (keep these signatures):
//! - `AllportalSim::new(&SeedCatalog, AllportalConfig, WriteLog)` builds the store from the seed;
//!   `AllportalSim::with_settings(.., AllportalSettings, ..)` does the same with other knobs
//!   (session idle time, derivate delay, upload limit, derivate cache, PhotoShelter URL form);
//! - `AllportalSim::seed_link(..)` relates an existing PhotoShelter image to a product as if
//!   someone had linked it before the simulator started;
//! - `AllportalSim::router(Arc<Self>)` gives the axum router served on its own port;
//! - `AllportalSim::product_id(sku)` / `file_id(ps_image_id)` give the ids seeding assigned.

mod auth;
mod errors;
mod events;
mod media;
mod object;
mod query;
mod routes;
mod schema;
mod seed;
mod store;
mod value;

use crate::control::writelog::{Service, WriteLog};
use crate::seed::model::{ImageSource, SeedCatalog};
use auth::{Auth, Principal};
use errors::ApiError;
use media::DerivateCache;
use parking_lot::{Mutex, RwLock};
use serde::{Deserialize, Serialize};
use serde_json::{Value as Json, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use store::{Outcome, Store};

/// Credentials the simulated instance accepts.
#[derive(Debug, Clone)]
pub struct AllportalConfig {
    pub api_key: String,
    pub username: String,
    pub password: String,
}

/// Behaviour knobs; also readable and changeable at runtime under `/_sim/allportal/settings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AllportalSettings {
    /// Sessions expire after this idle time (A2: 30 min).
    pub session_idle_secs: u64,
    /// Derivates of an uploaded or replaced binary are served after this delay (§6: 0).
    pub derivate_delay_ms: u64,
    /// Larger uploads get 413 (A8: 2 GiB).
    pub max_upload_bytes: u64,
    /// Bytes of derivates kept in memory.
    pub derivate_cache_bytes: usize,
    /// `photoshelter_urls` of seed links: `{image_id}` is replaced by the PhotoShelter id.
    pub photoshelter_image_url: String,
}

impl Default for AllportalSettings {
    fn default() -> Self {
        Self {
            session_idle_secs: 30 * 60,
            derivate_delay_ms: 0,
            max_upload_bytes: 2 * 1024 * 1024 * 1024,
            derivate_cache_bytes: 64 * 1024 * 1024,
            photoshelter_image_url: "https://www.photoshelter.com/img-get2/{image_id}".into(),
        }
    }
}

pub struct AllportalSim {
    settings: RwLock<AllportalSettings>,
    store: RwLock<Store>,
    auth: Mutex<Auth>,
    cache: Mutex<DerivateCache>,
    writes: WriteLog,
    seed_rights: HashMap<String, seed::FileRights>,
}

impl AllportalSim {
    pub fn new(catalog: &SeedCatalog, config: AllportalConfig, writes: WriteLog) -> Self {
        Self::with_settings(catalog, config, AllportalSettings::default(), writes)
    }

    pub fn with_settings(
        catalog: &SeedCatalog,
        config: AllportalConfig,
        settings: AllportalSettings,
        writes: WriteLog,
    ) -> Self {
        if !auth::is_uuid_v4(&config.api_key) {
            tracing::warn!(
                "the 4ALLPORTAL API key is not a lowercase UUID v4 as real instances require"
            );
        }
        let mut store = Store::new();
        let mut auth = Auth::new(Duration::from_secs(settings.session_idle_secs));
        seed::seed(
            &mut store,
            &mut auth,
            catalog,
            &config.username,
            &config.password,
            &config.api_key,
        );
        let seed_rights = catalog
            .images
            .iter()
            .map(|i| (i.file_name.clone(), seed::FileRights::of(&i.metadata)))
            .collect();
        Self {
            cache: Mutex::new(DerivateCache::new(settings.derivate_cache_bytes)),
            settings: RwLock::new(settings),
            store: RwLock::new(store),
            auth: Mutex::new(auth),
            writes,
            seed_rights,
        }
    }

    /// Relates the PhotoShelter image `ps_image_id` (bytes from `source`) to the product `sku`
    /// with `role` (hero, gallery, detail, swatch) at `position` in its `images`. The file
    /// object is made once per PhotoShelter image; `Generated` bytes are drawn on first request.
    pub fn seed_link(
        &self,
        sku: &str,
        file_name: &str,
        ps_image_id: &str,
        source: ImageSource,
        role: &str,
        position: u32,
    ) -> anyhow::Result<()> {
        let ps_url = self
            .settings
            .read()
            .photoshelter_image_url
            .replace("{image_id}", ps_image_id);
        let request = seed::LinkRequest {
            sku,
            file_name,
            ps_image_id,
            source,
            role,
            position,
            rights: self.seed_rights.get(file_name),
            ps_url,
        };
        seed::link(&mut self.store.write(), request)
    }

    pub fn router(self: Arc<Self>) -> axum::Router {
        routes::router(self)
    }

    /// The id seeding gave the product with SKU `sku`.
    pub fn product_id(&self, sku: &str) -> Option<String> {
        let store = self.store.read();
        store
            .find_unique(schema::PRODUCT, "article_number", sku)
            .map(str::to_owned)
    }

    /// The id of the file object made for PhotoShelter image `ps_image_id` by `seed_link`.
    pub fn file_id(&self, ps_image_id: &str) -> Option<String> {
        let id = seed::file_id(ps_image_id);
        self.store.read().get(schema::FILE, &id).map(|_| id)
    }

    pub fn settings(&self) -> AllportalSettings {
        self.settings.read().clone()
    }

    pub fn set_settings(&self, settings: AllportalSettings) {
        self.auth.lock().idle = Duration::from_secs(settings.session_idle_secs);
        *self.cache.lock() = DerivateCache::new(settings.derivate_cache_bytes);
        *self.settings.write() = settings;
    }

    /// Records an accepted write once, plus a `task_assigned` notice per newly assigned user.
    fn record(
        &self,
        method: &str,
        path: &str,
        actor: &Principal,
        outcome: &Outcome,
        mut fields: Json,
    ) {
        let mut ids: Vec<String> = Vec::new();
        for id in outcome
            .written
            .iter()
            .map(|w| &w.id)
            .chain(&outcome.cascaded)
        {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        fields["user"] = json!(actor.username);
        if !outcome.cascaded.is_empty() {
            fields["cascaded"] = json!(outcome.cascaded);
        }
        self.writes
            .record(Service::Allportal, method, path, ids, fields);
        for (user, task) in &outcome.assigned {
            let notice = json!({"to": user, "kind": "task_assigned", "task": task});
            self.writes.record(
                Service::Allportal,
                "NOTIFY",
                path,
                vec![task.clone()],
                notice,
            );
        }
    }

    /// A4 through the API or a control route: validates, stores, logs once.
    fn upsert(
        &self,
        module: &'static schema::ModuleDef,
        items: &[Json],
        actor: &Principal,
        method: &str,
        path: &str,
    ) -> Result<Outcome, ApiError> {
        let mut store = self.store.write();
        let outcome = store.upsert(module, items, actor)?;
        let list: Vec<Json> = outcome
            .written
            .iter()
            .map(|w| json!({"id": w.id, "created": w.created, "fields": w.sent}))
            .collect();
        self.record(
            method,
            path,
            actor,
            &outcome,
            json!({"module": module.name, "items": list}),
        );
        Ok(outcome)
    }

    /// A5 through the API or a control route.
    fn delete(
        &self,
        module: &'static schema::ModuleDef,
        id: &str,
        actor: &Principal,
        path: &str,
    ) -> Result<Outcome, ApiError> {
        let mut store = self.store.write();
        let outcome = store.delete(module, id, actor)?;
        self.cache.lock().forget(id);
        self.record(
            "DELETE",
            path,
            actor,
            &outcome,
            json!({"module": module.name}),
        );
        Ok(outcome)
    }
}
