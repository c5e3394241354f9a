//! Thumbnails: what the grids, lists and previews show, served to the webview through the
//! app's `thumb` URI scheme (never as bytes over IPC).
//!
//! - `store`: the content-addressed, sharded disk store with its size cap, LRU eviction
//!   and one fetch per key at a time;
//! - `source`: the [`RenditionSource`] the commands layer implements from cache rows;
//! - `fetch`: PhotoShelter renditions and 4ALLPORTAL derivates;
//! - `pipeline`: local files (uploads, imports) → thumbnails, fast and bounded;
//! - `service`, `respond`, `uri`: [`Thumbnails`], the answer to one `thumb:` request, and
//!   the URL shape;
//! - `key`, `size`, `settings`, `error`.

pub mod error;
mod fetch;
pub mod key;
mod memory;
pub mod pipeline;
pub mod respond;
pub mod service;
pub mod settings;
pub mod size;
pub mod source;
pub mod store;
pub mod uri;

pub use memory::{KEPT_FREE_BYTES, keep_freed_memory};

pub use error::ThumbError;
pub use key::ThumbKey;
pub use respond::ThumbResponse;
pub use service::{Served, Thumbnails};
pub use settings::ThumbSettings;
pub use size::ThumbSize;
pub use source::{Located, Origin, RemoteSubject, RenditionSource};
pub use store::{StoreStats, StoredThumb, ThumbStore};
pub use uri::{Subject, ThumbRequest};
