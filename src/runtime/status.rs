//! What the background work is doing, as `app_status` reports it: the demo's simulator and
//! the first sync after start.

use serde::Serialize;
use std::sync::Mutex;
use ts_rs::TS;

/// The text the UI shows in the demo banner.
pub const DEMO_NOTICE: &str = "Demo workspace: generated sample images and products served by a \
    built-in simulator of PhotoShelter and 4ALLPORTAL. Changes you make are kept only until \
    Shelflink closes; each start begins again from the same sample data. Connect your real \
    accounts in Settings › Accounts (or with `shelflink connect`) to work with your own data.";

/// The simulator the demo workspace runs on, inside the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DemoInfo {
    /// `http://127.0.0.1:PORT` of the simulated PhotoShelter (its API under `/psapi/v3`,
    /// its write log under `/_sim/writes`).
    pub photoshelter_url: String,
    /// `http://127.0.0.1:PORT` of the simulated 4ALLPORTAL (write log under `/_sim/writes`).
    pub allportal_url: String,
    /// What the seed holds: images, products and links.
    pub seeded_images: u32,
    pub seeded_products: u32,
    pub seeded_links: u32,
    /// The banner text: what the demo is and that it starts afresh on each launch.
    pub notice: String,
}

/// The first sync after the app started.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, TS)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum FirstSync {
    /// The background work has not started it yet (the demo's simulator is starting).
    #[default]
    Pending,
    Running,
    Finished,
    /// It did not finish; `error` says why and what to do.
    Failed {
        error: String,
    },
    /// No account is connected, so there is nothing to sync.
    NotConnected,
}

/// Shared between the background work (writes) and the commands (reads).
#[derive(Debug, Default)]
pub struct RuntimeStatus {
    inner: Mutex<Snapshot>,
}

/// One reading of [`RuntimeStatus`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub demo: Option<DemoInfo>,
    pub first_sync: FirstSync,
    /// Why the transfer queue does not run, if it does not.
    pub transfer_stopped: Option<String>,
}

impl RuntimeStatus {
    pub fn snapshot(&self) -> Snapshot {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub(crate) fn update(&self, change: impl FnOnce(&mut Snapshot)) {
        change(&mut self.inner.lock().unwrap_or_else(|p| p.into_inner()));
    }
}
