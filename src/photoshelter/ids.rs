//! PhotoShelter identifiers: opaque strings with a type prefix (`I0000…` image, `G0000…`
//! gallery, `C0000…` collection, `O0000…` organization, `S0000…` share). Lengths are not
//! checked strictly and `.`/`_` occur in real ids.

macro_rules! ps_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug,
            Clone,
            Default,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            serde::Serialize,
            serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_string())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }
    };
}

ps_id!(
    /// An image (`I…`).
    ImageId
);
ps_id!(
    /// A gallery (`G…`).
    GalleryId
);
ps_id!(
    /// A collection (`C…`), or `root` for the top of the tree.
    CollectionId
);
ps_id!(
    /// An organization (`O…`).
    OrgId
);
ps_id!(
    /// A share made with P13 (`S…`).
    ShareId
);

impl CollectionId {
    /// The top of the account's (or the current organization's) tree.
    pub fn root() -> Self {
        Self("root".to_string())
    }
}
