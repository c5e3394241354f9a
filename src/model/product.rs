//! A product: one 4ALLPORTAL product object, found by SKU; variants share a parent.

use super::ids::{ProductId, Sku, UserId};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct Product {
    pub id: ProductId,
    pub sku: Sku,
    pub name: String,
    /// The configurable parent of a variant (4ALLPORTAL `pid`); `None` for parents and
    /// simple products.
    pub parent: Option<ProductId>,
    /// Colour of a variant (4ALLPORTAL `color`), as written there.
    pub colour: Option<String>,
    pub size: Option<String>,
    /// The product owner, told when an image of the product is replaced or expires.
    pub owner: Option<UserId>,
    pub category: Option<String>,
    pub campaigns: Vec<String>,
}

impl Product {
    /// A product with only an id and a SKU.
    pub fn new(id: impl Into<ProductId>, sku: impl Into<Sku>) -> Self {
        Self {
            id: id.into(),
            sku: sku.into(),
            ..Self::default()
        }
    }

    pub fn is_variant(&self) -> bool {
        self.parent.is_some()
    }
}
