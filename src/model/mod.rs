//! The domain words of the design as plain data: ids, assets, products, links, approval
//! state and version groups. No I/O here: the cache stores these, sync fills them, and the
//! rules (`rights`, `versions`, `suggest`) are pure functions over them.

mod asset;
mod ids;
mod link;
mod product;
mod version;

pub use asset::{ApprovalState, Asset};
pub use ids::{AssetId, GalleryId, GroupId, ProductId, Sku, UserId};
pub use link::{Link, LinkState, Role};
pub use product::Product;
pub use version::{GroupOrigin, Version, VersionGroup};
