//! Product ↔ file relations (A5: `images` ordered, `image_roles` parallel to it,
//! `main_image` the hero; edits replace the whole lists), the PhotoShelter back-links on
//! products, and the look-ups that make writes safe to repeat (product by SKU, file by
//! PhotoShelter id).

use super::client::AllportalClient;
use super::mapping::{FieldMapping, ProductFields};
use super::object::{Object, ObjectId};
use super::objects::{ListOptions, Query};
use super::patch::ObjectPatch;
use crate::net::ApiError;
use futures::TryStreamExt;

/// One image of a product, in position order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductImage {
    pub file: ObjectId,
    /// `hero`, `gallery`, `detail`, `swatch`, or unknown.
    pub role: Option<String>,
}

/// The images of a product.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductImages {
    pub images: Vec<ProductImage>,
    pub main_image: Option<ObjectId>,
}

/// A PhotoShelter image linked from a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackLink {
    pub image_id: String,
    pub url: String,
}

impl ProductImages {
    /// Reads the relation from a product object.
    pub fn from_object(product: &Object, fields: &ProductFields) -> Self {
        let files = product.list(&fields.images);
        let roles = fields
            .image_roles
            .as_deref()
            .map(|f| product.list(f))
            .unwrap_or_default();
        let images = files
            .into_iter()
            .enumerate()
            .map(|(i, file)| ProductImage {
                file: ObjectId::new(file),
                role: roles.get(i).filter(|r| !r.is_empty()).cloned(),
            })
            .collect();
        let main_image = fields
            .main_image
            .as_deref()
            .and_then(|f| product.text(f))
            .map(ObjectId::new);
        Self { images, main_image }
    }

    /// The hero: `main_image` when set, else the first image with role `hero`.
    pub fn hero(&self) -> Option<&ObjectId> {
        self.main_image.as_ref().or_else(|| {
            self.images
                .iter()
                .find(|i| i.role.as_deref() == Some("hero"))
                .map(|i| &i.file)
        })
    }

    /// The PATCH item replacing the product's relation lists with these.
    pub fn patch(&self, product: &ObjectId, fields: &ProductFields) -> ObjectPatch {
        let mut patch = ObjectPatch::update(product.clone()).list(
            &fields.images,
            self.images.iter().map(|i| i.file.as_str().to_string()),
        );
        if let Some(roles) = &fields.image_roles {
            patch = patch.list(
                roles,
                self.images
                    .iter()
                    .map(|i| i.role.clone().unwrap_or_default()),
            );
        }
        if let Some(main) = &fields.main_image {
            patch = match self.hero() {
                Some(hero) => patch.text(main, hero.as_str()),
                None => patch.clear(main),
            };
        }
        patch
    }
}

impl AllportalClient {
    /// The images of a product.
    pub async fn product_images(
        &self,
        product: &ObjectId,
        mapping: &FieldMapping,
    ) -> Result<ProductImages, ApiError> {
        let p = &mapping.product;
        let mut fields = vec![p.images.clone()];
        fields.extend(p.image_roles.clone());
        fields.extend(p.main_image.clone());
        let object = self.object(&p.module, product, &fields).await?;
        Ok(ProductImages::from_object(&object, p))
    }

    /// Replaces the product's images, roles and hero with `images` (idempotent).
    pub async fn set_product_images(
        &self,
        product: &ObjectId,
        images: &ProductImages,
        mapping: &FieldMapping,
    ) -> Result<(), ApiError> {
        let patch = images.patch(product, &mapping.product);
        self.upsert(&mapping.product.module, &[patch]).await?;
        Ok(())
    }

    /// Replaces the product's PhotoShelter back-links (ids and URLs, in image order).
    pub async fn set_photoshelter_links(
        &self,
        product: &ObjectId,
        links: &[BackLink],
        mapping: &FieldMapping,
    ) -> Result<(), ApiError> {
        let p = &mapping.product;
        let (Some(ids), Some(urls)) = (&p.photoshelter_ids, &p.photoshelter_urls) else {
            return Err(ApiError::invalid(
                "the field mapping names no PhotoShelter back-link fields: set them in Settings › Accounts",
            ));
        };
        let patch = ObjectPatch::update(product.clone())
            .list(ids, links.iter().map(|l| l.image_id.clone()))
            .list(urls, links.iter().map(|l| l.url.clone()));
        self.upsert(&p.module, &[patch]).await?;
        Ok(())
    }

    /// The product with SKU `sku`, if there is one.
    pub async fn product_by_sku(
        &self,
        sku: &str,
        mapping: &FieldMapping,
    ) -> Result<Option<Object>, ApiError> {
        let p = &mapping.product;
        self.first(&p.module, Query::new().eq(&p.sku, sku)).await
    }

    /// The file uploaded from PhotoShelter image `image_id`, if there is one.
    pub async fn file_by_photoshelter_id(
        &self,
        image_id: &str,
        mapping: &FieldMapping,
    ) -> Result<Option<Object>, ApiError> {
        let f = &mapping.file;
        self.first(&f.module, Query::new().eq(&f.photoshelter_id, image_id))
            .await
    }

    async fn first(&self, module: &str, query: Query) -> Result<Option<Object>, ApiError> {
        let options = ListOptions {
            query: Some(query),
            page_size: 2,
            ..ListOptions::default()
        };
        let mut stream = self.objects(module, &options);
        stream.try_next().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product() -> Object {
        serde_json::from_str(
            r#"{"id":"p1","images":[{"value":["f1","f2","f3"]}],
                "image_roles":[{"value":["gallery","hero","detail"]}],
                "main_image":[{"value":"f2"}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn images_come_with_roles_in_order() {
        let images = ProductImages::from_object(&product(), &ProductFields::default());
        let files: Vec<&str> = images.images.iter().map(|i| i.file.as_str()).collect();
        assert_eq!(files, ["f1", "f2", "f3"]);
        assert_eq!(images.images[1].role.as_deref(), Some("hero"));
        assert_eq!(images.hero().map(ObjectId::as_str), Some("f2"));
    }

    #[test]
    fn a_new_version_replaces_the_old_reference_in_place() {
        let fields = ProductFields::default();
        let mut images = ProductImages::from_object(&product(), &fields);
        images.images[1].file = ObjectId::new("f2-v2");
        images.main_image = None;
        let patch = images.patch(&ObjectId::new("p1"), &fields);
        assert_eq!(
            serde_json::to_value(&patch).unwrap(),
            serde_json::json!({
                "id": "p1",
                "images": [{"value": ["f1", "f2-v2", "f3"]}],
                "image_roles": [{"value": ["gallery", "hero", "detail"]}],
                "main_image": [{"value": "f2-v2"}]
            })
        );
    }

    #[test]
    fn no_images_clears_the_hero() {
        let patch = ProductImages::default().patch(&ObjectId::new("p1"), &ProductFields::default());
        let json = serde_json::to_value(&patch).unwrap();
        assert_eq!(json["images"], serde_json::json!([{"value": []}]));
        assert_eq!(json["main_image"], serde_json::json!([{"value": null}]));
    }
}
