//! The content-addressed thumbnail store in the data folder's `thumbs/`: one file per
//! [`ThumbKey`] in 256 shard folders, written atomically (a temporary file in `thumbs/tmp/`
//! renamed into place), a size cap with least-recently-used eviction tracked in
//! `thumbs/index.sqlite`, and one fetch per key at a time ([`ThumbStore::get_or_make`]).
//!
//! The files are the truth for hits; the index only counts bytes and uses. A row whose file
//! is gone (a crash between the two) is dropped at the next lookup; the temporary folder is
//! emptied at open. A store whose index cannot be read is cleared and starts over: it is a
//! cache of what the services and local files hold.

mod index;

use super::error::ThumbError;
use super::key::ThumbKey;
use bytes::Bytes;
use futures::FutureExt;
use futures::future::{BoxFuture, Shared};
use index::Index;
use std::collections::HashMap;
use std::future::Future;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// Default size cap: 1 GiB.
pub const DEFAULT_MAX_BYTES: u64 = 1 << 30;

/// One stored thumbnail.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredThumb {
    pub bytes: Bytes,
    /// From the file's first bytes: `image/jpeg`, `image/png`, `image/webp` or `image/gif`.
    pub content_type: &'static str,
}

impl std::fmt::Debug for StoredThumb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "StoredThumb({}, {} bytes)",
            self.content_type,
            self.bytes.len()
        )
    }
}

/// What the store holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreStats {
    pub entries: u64,
    pub bytes: u64,
    pub max_bytes: u64,
}

type Flight = Shared<BoxFuture<'static, Result<StoredThumb, ThumbError>>>;

/// The time uses are recorded at, in unix seconds (the wall clock unless a test sets one).
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The thumbnail store (cheap to clone; clones share the index and the fetches in flight).
#[derive(Clone)]
pub struct ThumbStore {
    inner: Arc<Inner>,
}

struct Inner {
    dir: PathBuf,
    index: Mutex<Index>,
    max_bytes: Mutex<u64>,
    inflight: Mutex<HashMap<ThumbKey, Flight>>,
    clock: Clock,
}

impl std::fmt::Debug for ThumbStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ThumbStore")
            .field("dir", &self.inner.dir)
            .finish_non_exhaustive()
    }
}

impl ThumbStore {
    /// Opens (or creates) the store in `dir` with a cap of `max_bytes`.
    pub fn open(dir: &Path, max_bytes: u64) -> Result<ThumbStore, ThumbError> {
        Self::open_with_clock(dir, max_bytes, Arc::new(|| chrono::Utc::now().timestamp()))
    }

    /// [`ThumbStore::open`] with uses recorded at the times `clock` gives.
    pub fn open_with_clock(
        dir: &Path,
        max_bytes: u64,
        clock: Clock,
    ) -> Result<ThumbStore, ThumbError> {
        std::fs::create_dir_all(dir).map_err(|e| ThumbError::file("create the folder", dir, e))?;
        let tmp = dir.join("tmp");
        match std::fs::remove_dir_all(&tmp) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(ThumbError::file("empty the folder", &tmp, e)),
        }
        std::fs::create_dir_all(&tmp)
            .map_err(|e| ThumbError::file("create the folder", &tmp, e))?;
        let index_path = dir.join("index.sqlite");
        let index = match Index::open(&index_path)? {
            Some(index) => index,
            None => {
                clear_shards(dir)?;
                Index::create(&index_path)?
            }
        };
        let store = ThumbStore {
            inner: Arc::new(Inner {
                dir: dir.to_path_buf(),
                index: Mutex::new(index),
                max_bytes: Mutex::new(max_bytes),
                inflight: Mutex::new(HashMap::new()),
                clock,
            }),
        };
        store.evict()?;
        Ok(store)
    }

    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }

    /// The stored thumbnail of `key`, recording the use.
    pub fn get(&self, key: &ThumbKey) -> Result<Option<StoredThumb>, ThumbError> {
        let path = self.path_of(key);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.index().forget(key)?;
                return Ok(None);
            }
            Err(e) => return Err(ThumbError::file("read", &path, e)),
        };
        let Some(content_type) = content_type(&bytes) else {
            // A torn or foreign file: drop it, the caller makes it again.
            tracing::warn!(path = %path.display(), "a stored thumbnail is not an image; removing it");
            self.remove(key)?;
            return Ok(None);
        };
        self.index().touch(key, (self.inner.clock)())?;
        Ok(Some(StoredThumb {
            bytes: Bytes::from(bytes),
            content_type,
        }))
    }

    /// Stores `bytes` (an encoded image) under `key`, then evicts down to the cap.
    pub fn put(&self, key: &ThumbKey, bytes: &[u8]) -> Result<StoredThumb, ThumbError> {
        let content_type = content_type(bytes).ok_or_else(|| {
            ThumbError::damaged("the thumbnail to store is not a JPEG, PNG, WebP or GIF image")
        })?;
        let path = self.path_of(key);
        let tmp_dir = self.inner.dir.join("tmp");
        let mut temp = tempfile::NamedTempFile::new_in(&tmp_dir)
            .map_err(|e| ThumbError::file("create a temporary file in", &tmp_dir, e))?;
        temp.write_all(bytes)
            .map_err(|e| ThumbError::file("write", temp.path(), e))?;
        if let Some(shard) = path.parent() {
            std::fs::create_dir_all(shard)
                .map_err(|e| ThumbError::file("create the folder", shard, e))?;
        }
        // Row first: a crash before the rename leaves a row without a file, which the next
        // lookup drops; never a file that no row counts.
        self.index()
            .insert(key, bytes.len() as u64, (self.inner.clock)())?;
        if let Err(e) = temp.persist(&path) {
            self.index().forget(key)?;
            return Err(ThumbError::file("move a thumbnail into", &path, e.error));
        }
        self.evict()?;
        Ok(StoredThumb {
            bytes: Bytes::copy_from_slice(bytes),
            content_type,
        })
    }

    /// The thumbnail of `key`: from disk, or made by `make` and stored. Concurrent calls for
    /// the same key share one `make` (and its result, or its error); the work goes on when
    /// the caller stops waiting, so a grid scrolled past still fills the store.
    pub async fn get_or_make<F, Fut>(
        &self,
        key: &ThumbKey,
        make: F,
    ) -> Result<StoredThumb, ThumbError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Vec<u8>, ThumbError>> + Send + 'static,
    {
        if let Some(hit) = self.get(key)? {
            return Ok(hit);
        }
        let flight = {
            let mut inflight = self.inflight();
            match inflight.get(key) {
                Some(flight) => flight.clone(),
                None => {
                    let store = self.clone();
                    let key = *key;
                    let work = make();
                    let task = tokio::spawn(async move {
                        let result = store.make_and_put(&key, work).await;
                        store.inflight().remove(&key);
                        result
                    });
                    let flight = async move {
                        task.await.unwrap_or_else(|e| {
                            Err(ThumbError::Remote(format!(
                                "making the thumbnail stopped: {e}"
                            )))
                        })
                    }
                    .boxed()
                    .shared();
                    inflight.insert(key, flight.clone());
                    flight
                }
            }
        };
        flight.await
    }

    async fn make_and_put(
        &self,
        key: &ThumbKey,
        work: impl Future<Output = Result<Vec<u8>, ThumbError>>,
    ) -> Result<StoredThumb, ThumbError> {
        // Another flight may have stored it between our miss and taking the slot.
        if let Some(hit) = self.get(key)? {
            return Ok(hit);
        }
        let bytes = work.await?;
        self.put(key, &bytes)
    }

    /// Removes the entry of `key`.
    pub fn remove(&self, key: &ThumbKey) -> Result<(), ThumbError> {
        self.index().forget(key)?;
        remove_file(&self.path_of(key))
    }

    /// Changes the cap (evicting at once when it shrank).
    pub fn set_max_bytes(&self, max_bytes: u64) -> Result<(), ThumbError> {
        *self.inner.max_bytes.lock().expect("thumbnail cap lock") = max_bytes;
        self.evict()
    }

    pub fn stats(&self) -> Result<StoreStats, ThumbError> {
        let index = self.index();
        Ok(StoreStats {
            entries: index.count()?,
            bytes: index.total,
            max_bytes: *self.inner.max_bytes.lock().expect("thumbnail cap lock"),
        })
    }

    /// Above the cap, removes least recently used entries down to 90 % of it (so a full store
    /// does not evict on every insert).
    fn evict(&self) -> Result<(), ThumbError> {
        let max = *self.inner.max_bytes.lock().expect("thumbnail cap lock");
        let victims = {
            let mut index = self.index();
            if index.total <= max {
                return Ok(());
            }
            index.evict_to(max / 10 * 9)?
        };
        // Files go after the index lock is released.
        for key in &victims {
            remove_file(&self.path_of(key))?;
        }
        tracing::debug!(
            removed = victims.len(),
            "thumbnail store trimmed to its cap"
        );
        Ok(())
    }

    fn path_of(&self, key: &ThumbKey) -> PathBuf {
        self.inner.dir.join(key.relative_path())
    }

    fn index(&self) -> MutexGuard<'_, Index> {
        self.inner.index.lock().expect("thumbnail index lock")
    }

    fn inflight(&self) -> MutexGuard<'_, HashMap<ThumbKey, Flight>> {
        self.inner.inflight.lock().expect("thumbnail flights lock")
    }
}

fn remove_file(path: &Path) -> Result<(), ThumbError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(ThumbError::file("remove", path, e)),
    }
}

/// Removes the shard folders (two hex digits) of a store that starts over.
fn clear_shards(dir: &Path) -> Result<(), ThumbError> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| ThumbError::file("read the folder", dir, e))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_shard = name.len() == 2
            && name
                .to_string_lossy()
                .chars()
                .all(|c| c.is_ascii_hexdigit());
        if is_shard && entry.path().is_dir() {
            std::fs::remove_dir_all(entry.path())
                .map_err(|e| ThumbError::file("remove the folder", &entry.path(), e))?;
        }
    }
    Ok(())
}

/// The content type from an image file's first bytes.
pub fn content_type(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Some("image/jpeg"),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some("image/png"),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Some("image/webp"),
        [b'G', b'I', b'F', b'8', ..] => Some("image/gif"),
        _ => None,
    }
}
