//! A workspace: one data folder with its cache database, settings file, thumbnail store and
//! logs. Commands, the CLI and the app all act on an open [`Workspace`].
//!
//! A folder is either the demo workspace (fed by the built-in simulator) or a live one (the
//! real services); the kind is recorded in the cache when the folder is first opened, so demo
//! data never mixes with real data.
//!
//! Each workspace also carries its secret store: a live workspace reads secrets from the OS
//! keyring, the demo workspace from memory (its simulator's credentials never touch the
//! keyring), and the status of its background work (`runtime`).

use crate::accounts::{KeyringStore, MemoryStore, SecretStore};
use crate::cache::{Cache, CacheError};
use crate::commands::events::{Event, EventSink, NoEvents};
use crate::paths;
use crate::runtime::RuntimeStatus;
use crate::sync::runner::SyncSlot;
use crate::thumbs::{ThumbError, ThumbSettings, Thumbnails};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use ts_rs::TS;

/// Which services a workspace talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WorkspaceKind {
    /// The built-in simulator of both services, with generated data.
    Demo,
    /// The real PhotoShelter and 4ALLPORTAL accounts.
    Live,
}

impl WorkspaceKind {
    fn as_str(self) -> &'static str {
        match self {
            WorkspaceKind::Demo => "demo",
            WorkspaceKind::Live => "live",
        }
    }

    fn parse(value: &str) -> Option<WorkspaceKind> {
        match value {
            "demo" => Some(WorkspaceKind::Demo),
            "live" => Some(WorkspaceKind::Live),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("cannot create the data folder {path}: {source}", path = path.display())]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error(
        "the data folder {path} holds a {found} workspace, not a {wanted} one; {hint}",
        path = path.display(),
        found = found.as_str(),
        wanted = wanted.as_str(),
        hint = match found {
            WorkspaceKind::Demo => "start Shelflink with --demo to open it",
            WorkspaceKind::Live => "start Shelflink without --demo to open it",
        }
    )]
    KindMismatch {
        path: PathBuf,
        found: WorkspaceKind,
        wanted: WorkspaceKind,
    },
    #[error(
        "the data folder {path} records an unknown workspace kind {found:?}; it was written by \
         another Shelflink version — update Shelflink or choose another folder with SHELFLINK_HOME",
        path = path.display()
    )]
    UnknownKind { path: PathBuf, found: String },
}

/// An open workspace. Cheap to clone: clones share the same cache connection.
#[derive(Clone)]
pub struct Workspace {
    inner: Arc<Inner>,
}

struct Inner {
    data_dir: PathBuf,
    kind: WorkspaceKind,
    cache: Cache,
    events: OnceLock<Arc<dyn EventSink>>,
    sync: SyncSlot,
    secrets: Arc<dyn SecretStore>,
    runtime: RuntimeStatus,
    thumbnails: OnceLock<Result<Thumbnails, ThumbError>>,
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("data_dir", &self.inner.data_dir)
            .field("kind", &self.inner.kind)
            .finish_non_exhaustive()
    }
}

impl Workspace {
    /// Opens the workspace in `data_dir`, creating the folder and its cache if missing.
    pub fn open(data_dir: &Path, kind: WorkspaceKind) -> Result<Workspace, WorkspaceError> {
        std::fs::create_dir_all(data_dir).map_err(|source| WorkspaceError::Folder {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let cache = Cache::open(&paths::cache_db(data_dir))?;
        match cache.meta(crate::cache::meta_keys::WORKSPACE_KIND)? {
            None => cache.set_meta(crate::cache::meta_keys::WORKSPACE_KIND, kind.as_str())?,
            Some(found) => match WorkspaceKind::parse(&found) {
                Some(found) if found == kind => {}
                Some(found) => {
                    return Err(WorkspaceError::KindMismatch {
                        path: data_dir.to_path_buf(),
                        found,
                        wanted: kind,
                    });
                }
                None => {
                    return Err(WorkspaceError::UnknownKind {
                        path: data_dir.to_path_buf(),
                        found,
                    });
                }
            },
        }
        tracing::info!(data_dir = %data_dir.display(), kind = kind.as_str(), "workspace open");
        Ok(Workspace {
            inner: Arc::new(Inner {
                data_dir: data_dir.to_path_buf(),
                kind,
                cache,
                events: OnceLock::new(),
                sync: SyncSlot::default(),
                secrets: match kind {
                    WorkspaceKind::Demo => Arc::new(MemoryStore::new()),
                    WorkspaceKind::Live => Arc::new(KeyringStore::from_env()),
                },
                runtime: RuntimeStatus::default(),
                thumbnails: OnceLock::new(),
            }),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    pub fn kind(&self) -> WorkspaceKind {
        self.inner.kind
    }

    pub fn cache(&self) -> &Cache {
        &self.inner.cache
    }

    /// The background sync of this workspace (at most one runs at a time).
    pub fn sync_slot(&self) -> &SyncSlot {
        &self.inner.sync
    }

    /// Where the secrets of this workspace's accounts are kept: the OS keyring (live), or
    /// memory for as long as the process runs (demo).
    pub fn secrets(&self) -> &Arc<dyn SecretStore> {
        &self.inner.secrets
    }

    /// What the background work of the app is doing (the demo's simulator, the first sync).
    pub fn runtime_status(&self) -> &RuntimeStatus {
        &self.inner.runtime
    }

    /// The settings file of this workspace (never holds a secret).
    pub fn settings_file(&self) -> PathBuf {
        paths::settings_file(&self.inner.data_dir)
    }

    pub fn thumbs_dir(&self) -> PathBuf {
        paths::thumbs_dir(&self.inner.data_dir)
    }

    /// The thumbnails of this workspace, opened on first use: the store in `thumbs/`, its cap
    /// from the settings file's `thumbnails` section.
    pub fn thumbnails(&self) -> Result<&Thumbnails, ThumbError> {
        self.inner
            .thumbnails
            .get_or_init(|| {
                let cap = ThumbSettings::load(&self.settings_file())
                    .unwrap_or_else(|err| {
                        tracing::warn!("thumbnail settings ignored: {err}");
                        ThumbSettings::default()
                    })
                    .max_bytes();
                Thumbnails::open(&self.thumbs_dir(), cap, Default::default())
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    pub fn logs_dir(&self) -> PathBuf {
        paths::logs_dir(&self.inner.data_dir)
    }

    /// Sends core→UI events to `sink` from now on (the app attaches its window here once;
    /// later calls are ignored). Without a sink, events go nowhere.
    pub fn attach_events(&self, sink: Arc<dyn EventSink>) {
        if self.inner.events.set(sink).is_err() {
            tracing::warn!("an event sink was already attached to this workspace");
        }
    }

    /// Emits one declared core→UI event.
    pub fn emit<E: Event>(&self, event: &E) {
        let sink: &dyn EventSink = match self.inner.events.get() {
            Some(sink) => sink.as_ref(),
            None => &NoEvents,
        };
        match serde_json::to_value(event) {
            Ok(payload) => sink.emit(E::NAME, payload),
            Err(err) => tracing::error!(event = E::NAME, "cannot encode event: {err}"),
        }
    }
}

#[cfg(test)]
#[path = "workspace_tests.rs"]
mod tests;
