//! The thumbnails of one workspace: the store, the rendition source, registered local files,
//! and [`Thumbnails::thumbnail`], which the `thumb` URI scheme calls for every image the
//! webview shows.

use super::error::ThumbError;
use super::fetch::{self, FetchContext};
use super::key::ThumbKey;
use super::pipeline::Limits;
use super::size::ThumbSize;
use super::source::{Origin, RemoteSubject, RenditionSource};
use super::store::{StoredThumb, ThumbStore};
use super::uri::{Subject, ThumbRequest};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use tokio::sync::Semaphore;

/// A served thumbnail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    pub thumb: StoredThumb,
    pub key: ThumbKey,
    /// The fingerprint of what is shown (the `v` a current URL carries).
    pub fingerprint: String,
}

/// The thumbnails of a workspace (cheap to clone).
#[derive(Clone)]
pub struct Thumbnails {
    inner: Arc<Inner>,
}

struct Inner {
    store: ThumbStore,
    fetch: FetchContext,
    source: RwLock<Option<Arc<dyn RenditionSource>>>,
    /// Registered local files: token → path.
    local: Mutex<HashMap<String, PathBuf>>,
}

impl std::fmt::Debug for Thumbnails {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Thumbnails")
            .field("store", &self.inner.store)
            .finish_non_exhaustive()
    }
}

impl Thumbnails {
    /// Opens the store in `dir` with a cap of `max_bytes`; local decodes follow `limits`.
    pub fn open(dir: &Path, max_bytes: u64, limits: Limits) -> Result<Thumbnails, ThumbError> {
        let store = ThumbStore::open(dir, max_bytes)?;
        let parallel = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4));
        Ok(Thumbnails {
            inner: Arc::new(Inner {
                fetch: FetchContext {
                    tmp_dir: dir.join("tmp"),
                    limits,
                    decodes: Arc::new(Semaphore::new(parallel)),
                },
                store,
                source: RwLock::new(None),
                local: Mutex::new(HashMap::new()),
            }),
        })
    }

    pub fn store(&self) -> &ThumbStore {
        &self.inner.store
    }

    /// Where remote thumbnails come from from now on (the commands layer sets it once the
    /// catalog and accounts are open). Without one, remote thumbnails answer "not in the
    /// local cache".
    pub fn set_source(&self, source: Arc<dyn RenditionSource>) {
        *self.inner.source.write().expect("rendition source lock") = Some(source);
    }

    /// Registers a local file (an upload, an import) and returns the token of its
    /// `local/{token}/{px}` URL. Only registered files are ever read through the scheme.
    pub fn register_local(&self, path: &Path) -> Result<String, ThumbError> {
        let path = path
            .canonicalize()
            .map_err(|e| ThumbError::file("find", path, e))?;
        let digest = Sha256::digest(path.as_os_str().as_encoded_bytes());
        let token = hex::encode(&digest[..12]);
        self.inner
            .local
            .lock()
            .expect("local files lock")
            .insert(token.clone(), path);
        Ok(token)
    }

    /// The thumbnail `request` names: from the store, or fetched/made and stored.
    pub async fn thumbnail(&self, request: &ThumbRequest) -> Result<Served, ThumbError> {
        match &request.subject {
            Subject::Remote(subject) => self.remote(subject, request.size).await,
            Subject::Local { token } => self.local(token, request.size).await,
        }
    }

    /// The thumbnail of a local file at `size` (registering it).
    pub async fn local_file(&self, path: &Path, size: ThumbSize) -> Result<Served, ThumbError> {
        let token = self.register_local(path)?;
        self.local(&token, size).await
    }

    async fn remote(&self, subject: &RemoteSubject, size: ThumbSize) -> Result<Served, ThumbError> {
        let source = self
            .inner
            .source
            .read()
            .expect("rendition source lock")
            .clone()
            .ok_or_else(|| ThumbError::UnknownSubject(subject.to_string()))?;
        let located = source
            .locate(subject)?
            .ok_or_else(|| ThumbError::UnknownSubject(subject.to_string()))?;
        let key = ThumbKey::new(&subject.identity(), &located.fingerprint, size);
        let ctx = self.inner.fetch.clone();
        let thumb = match (subject, located.origin) {
            (RemoteSubject::PhotoShelter { image }, Origin::PhotoShelter { link, file_name }) => {
                let client = source.photoshelter()?;
                let image = image.clone();
                self.inner
                    .store
                    .get_or_make(&key, move || async move {
                        fetch::photoshelter(&ctx, &client, &image, &link, &file_name, size).await
                    })
                    .await?
            }
            (RemoteSubject::Allportal { module, id }, Origin::Allportal) => {
                let client = source.allportal()?;
                let (module, id) = (module.clone(), id.clone());
                self.inner
                    .store
                    .get_or_make(&key, move || async move {
                        fetch::allportal(&ctx, &client, &module, &id, size).await
                    })
                    .await?
            }
            (subject, origin) => {
                return Err(ThumbError::BadRequest(format!(
                    "the cache placed {subject} at {origin:?}, which is another service"
                )));
            }
        };
        Ok(Served {
            thumb,
            key,
            fingerprint: located.fingerprint,
        })
    }

    async fn local(&self, token: &str, size: ThumbSize) -> Result<Served, ThumbError> {
        let path = self
            .inner
            .local
            .lock()
            .expect("local files lock")
            .get(token)
            .cloned()
            .ok_or_else(|| ThumbError::UnknownSubject(format!("the local file {token}")))?;
        let meta = std::fs::metadata(&path).map_err(|e| ThumbError::file("read", &path, e))?;
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let fingerprint = format!("{}-{modified}", meta.len());
        let identity = format!("local:{}", path.display());
        let key = ThumbKey::new(&identity, &fingerprint, size);
        let ctx = self.inner.fetch.clone();
        let thumb = self
            .inner
            .store
            .get_or_make(&key, move || async move { ctx.local(path, size).await })
            .await?;
        Ok(Served {
            thumb,
            key,
            fingerprint,
        })
    }
}
