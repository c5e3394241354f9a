//! Identifiers. Each wraps the string the owning system uses, so an id of one kind cannot be
//! passed where another is expected.

use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS,
        )]
        pub struct $name(pub String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }
    };
}

id_type!(
    /// A PhotoShelter image id (`I…`, 16 characters).
    AssetId
);
id_type!(
    /// A 4ALLPORTAL product object id.
    ProductId
);
id_type!(
    /// A product's SKU (4ALLPORTAL `article_number`), as written there.
    Sku
);
id_type!(
    /// A 4ALLPORTAL user id (product owners are notified through tasks assigned to them).
    UserId
);
id_type!(
    /// A PhotoShelter gallery id (`G…`).
    GalleryId
);
id_type!(
    /// A version group: the name-rule key for found groups, a generated id for hand-made ones.
    GroupId
);
