//! The collection/gallery tree and gallery contents, with paging as async streams that
//! follow `Paging.next` only (P2).

use super::client::{Params, PhotoShelterClient};
use super::ids::{CollectionId, GalleryId};
use super::query::{Extend, Extension, Fields, select_params};
use super::records::{Children, Collection, Gallery, GalleryImage, Paging};
use crate::net::body::parse_error;
use crate::net::{ApiError, Replay, Service, path_segment};
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use reqwest::Method;
use serde::de::DeserializeOwned;
use std::collections::{HashSet, VecDeque};

/// How to list a gallery's images.
#[derive(Debug, Clone)]
pub struct ImageListOptions {
    /// Page size (at most 1000, P2).
    pub per_page: u32,
    pub fields: Option<Fields>,
    pub extend: Option<Extend>,
    pub sort_by: Option<String>,
}

impl Default for ImageListOptions {
    fn default() -> Self {
        Self {
            per_page: 500,
            fields: None,
            extend: None,
            sort_by: None,
        }
    }
}

impl ImageListOptions {
    /// What a sync needs per image in one call: the image record with its IPTC, licence,
    /// XMP and custom metadata, and a rendition link of `thumb_size` pixels (long edge).
    pub fn for_sync(thumb_size: u32) -> Self {
        Self {
            extend: Some(
                Extend::new()
                    .with("Image", Extension::all_fields())
                    .with("Iptc", Extension::all_fields())
                    .with("License", Extension::all_fields())
                    .with("Xmp", Extension::new())
                    .with(
                        super::assumptions::CUSTOM_METADATA_EXTENSION,
                        Extension::new(),
                    )
                    .with(
                        "ImageLink",
                        Extension::new()
                            .param("image_size", format!("{thumb_size}x{thumb_size}"))
                            .param("image_mode", "fit"),
                    ),
            ),
            ..Self::default()
        }
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage<T> {
    pub items: Vec<T>,
    /// The next page's number; `None` on the last page.
    pub next: Option<u32>,
    /// How many items the whole list holds, as the service reports it.
    pub total: Option<u64>,
}

fn gallery_images_request(
    gallery: &GalleryId,
    options: &ImageListOptions,
) -> (String, Vec<(String, String)>) {
    let path = format!(
        "/psapi/v3/mem/gallery/{}/images",
        path_segment(gallery.as_str())
    );
    let mut query = select_params(options.fields.as_ref(), options.extend.as_ref());
    if let Some(sort) = &options.sort_by {
        query.push(("sort_by".into(), sort.clone()));
    }
    (path, query)
}

/// A collection and where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeCollection {
    pub collection: Collection,
    pub parent: CollectionId,
    /// Names from the top down to this collection's parent.
    pub path: Vec<String>,
}

/// A gallery and where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeGallery {
    pub gallery: Gallery,
    pub parent: CollectionId,
    /// Names of the collections from the top down to the gallery's parent.
    pub path: Vec<String>,
}

/// The whole tree, flattened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tree {
    pub collections: Vec<TreeCollection>,
    pub galleries: Vec<TreeGallery>,
}

impl PhotoShelterClient {
    /// One page of a list endpoint: its items of record type `key`, the number of the next
    /// page (`None` on the last) and the total the service reports.
    pub(crate) async fn page_of<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(String, String)],
        page: u32,
        per_page: u32,
        key: &'static str,
    ) -> Result<ListPage<T>, ApiError> {
        let per_page = per_page.clamp(1, super::assumptions::MAX_PER_PAGE);
        let mut q = query.to_vec();
        q.push(("page".into(), page.to_string()));
        q.push(("per_page".into(), per_page.to_string()));
        let mut data = self
            .call(Method::GET, path, Params::query(q), Replay::Safe)
            .await?;
        let items: Vec<T> = data.take_list(key)?;
        let paging: Option<Paging> = data.take_opt("Paging")?;
        let total = paging.as_ref().and_then(|p| p.total);
        let next = match paging.and_then(|p| p.next) {
            Some(n) if n <= page => {
                return Err(parse_error(
                    Service::PhotoShelter,
                    &format!("GET {path}"),
                    "data.Paging.next",
                    format!("page {page} points at page {n} as the next one"),
                ));
            }
            Some(n) if !items.is_empty() => Some(n),
            _ => None,
        };
        Ok(ListPage { items, next, total })
    }

    /// One page after another of a list endpoint, items of record type `key`.
    pub(crate) fn paged<T>(
        &self,
        path: String,
        query: Vec<(String, String)>,
        per_page: u32,
        key: &'static str,
    ) -> BoxStream<'static, Result<T, ApiError>>
    where
        T: DeserializeOwned + Send + 'static,
    {
        let client = self.clone();
        stream::try_unfold(Some(1u32), move |page| {
            let (client, path, query) = (client.clone(), path.clone(), query.clone());
            async move {
                let Some(page) = page else {
                    return Ok(None);
                };
                let list: ListPage<T> = client.page_of(&path, &query, page, per_page, key).await?;
                Ok(Some((list.items, list.next)))
            }
        })
        .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
    }

    /// Page `page` (1 first) of a gallery's images, each row as PhotoShelter sent it (the
    /// `GalleryImage` record with its extensions), for callers that keep every field or
    /// commit page by page.
    pub async fn gallery_images_page(
        &self,
        gallery: &GalleryId,
        options: &ImageListOptions,
        page: u32,
    ) -> Result<ListPage<serde_json::Value>, ApiError> {
        let (path, query) = gallery_images_request(gallery, options);
        self.page_of(&path, &query, page, options.per_page, "GalleryImage")
            .await
    }

    /// The images of a gallery, page by page.
    pub fn gallery_images(
        &self,
        gallery: &GalleryId,
        options: &ImageListOptions,
    ) -> BoxStream<'static, Result<GalleryImage, ApiError>> {
        let (path, query) = gallery_images_request(gallery, options);
        self.paged(path, query, options.per_page, "GalleryImage")
    }

    /// A gallery record.
    pub async fn gallery(
        &self,
        gallery: &GalleryId,
        fields: Option<&Fields>,
        extend: Option<&Extend>,
    ) -> Result<Gallery, ApiError> {
        let path = format!("/psapi/v3/mem/gallery/{}", path_segment(gallery.as_str()));
        let mut data = self
            .call(
                Method::GET,
                &path,
                Params::query(select_params(fields, extend)),
                Replay::Safe,
            )
            .await?;
        data.take("Gallery")
    }

    /// A collection record (`CollectionId::root()` for the top).
    pub async fn collection(
        &self,
        collection: &CollectionId,
        fields: Option<&Fields>,
        extend: Option<&Extend>,
    ) -> Result<Collection, ApiError> {
        let path = format!(
            "/psapi/v3/mem/collection/{}",
            path_segment(collection.as_str())
        );
        let mut data = self
            .call(
                Method::GET,
                &path,
                Params::query(select_params(fields, extend)),
                Replay::Safe,
            )
            .await?;
        data.take("Collection")
    }

    /// The collections and galleries directly inside `collection`.
    pub async fn children(&self, collection: &CollectionId) -> Result<Children, ApiError> {
        let path = format!(
            "/psapi/v3/mem/collection/{}/children",
            path_segment(collection.as_str())
        );
        let extend = Extend::new()
            .with("Collection", Extension::all_fields())
            .with("Gallery", Extension::all_fields());
        let mut all = Children::default();
        let mut page = 1u32;
        loop {
            let mut query = select_params(None, Some(&extend));
            query.push(("page".into(), page.to_string()));
            let mut data = self
                .call(Method::GET, &path, Params::query(query), Replay::Safe)
                .await?;
            let children: Children = data.take_opt("Children")?.unwrap_or_default();
            let paging: Option<Paging> = data.take_opt("Paging")?;
            let empty = children.collections.is_empty() && children.galleries.is_empty();
            all.collections.extend(children.collections);
            all.galleries.extend(children.galleries);
            match paging.and_then(|p| p.next) {
                Some(n) if n > page && !empty => page = n,
                _ => return Ok(all),
            }
        }
    }

    /// Walks the whole tree from the top, breadth first.
    pub async fn tree(&self) -> Result<Tree, ApiError> {
        let mut tree = Tree::default();
        let mut seen = HashSet::new();
        let mut queue = VecDeque::from([(CollectionId::root(), Vec::<String>::new())]);
        while let Some((id, path)) = queue.pop_front() {
            if !seen.insert(id.clone()) {
                continue;
            }
            let children = self.children(&id).await?;
            for gallery in children.galleries {
                tree.galleries.push(TreeGallery {
                    gallery,
                    parent: id.clone(),
                    path: path.clone(),
                });
            }
            for collection in children.collections {
                let mut inner = path.clone();
                inner.push(collection.name.clone());
                queue.push_back((collection.collection_id.clone(), inner));
                tree.collections.push(TreeCollection {
                    collection,
                    parent: id.clone(),
                    path: path.clone(),
                });
            }
        }
        Ok(tree)
    }
}
