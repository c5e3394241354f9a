//! The PhotoShelter store: libraries (one per user and per organisation, each with a root
//! collection), the collection/gallery tree, images indexed by id and listed per gallery,
//! and shares. Every change goes through a method here so the right `modified_at` and
//! `updated_at` move with it.

use super::error::{ApiError, ApiResult};
use super::ids::IdGen;
use super::model::{
    Account, Child, Collection, Gallery, Id, Image, Membership, Mode, Node, Share, Time,
};
use std::collections::HashMap;

pub struct Store {
    pub account: Account,
    /// Library id (organisation or user) → its root collection.
    pub roots: HashMap<Id, Id>,
    pub collections: HashMap<Id, Collection>,
    pub collection_order: Vec<Id>,
    pub galleries: HashMap<Id, Gallery>,
    pub gallery_order: Vec<Id>,
    pub images: HashMap<Id, Image>,
    pub image_order: Vec<Id>,
    /// Seed file name → the image made from it.
    pub seed_names: HashMap<String, Id>,
    /// Gallery id → its shares, oldest first.
    pub shares: HashMap<Id, Vec<Share>>,
    pub ids: IdGen,
}

/// Where a new collection or gallery goes and how it is shown.
pub struct NewNode {
    pub library: Id,
    pub parent: Id,
    pub name: String,
    pub description: String,
    pub f_list: bool,
    /// `None` = inherit the parent's visibility.
    pub mode: Option<Mode>,
}

impl Store {
    pub fn new(account: Account, ids: IdGen) -> Self {
        Self {
            account,
            roots: HashMap::new(),
            collections: HashMap::new(),
            collection_order: Vec::new(),
            galleries: HashMap::new(),
            gallery_order: Vec::new(),
            images: HashMap::new(),
            image_order: Vec::new(),
            seed_names: HashMap::new(),
            shares: HashMap::new(),
            ids,
        }
    }

    /// A new random id with `prefix` that no object has yet.
    pub fn fresh_id(&mut self, prefix: char) -> Id {
        loop {
            let id = self.ids.id(prefix);
            let taken = self.collections.contains_key(&id)
                || self.galleries.contains_key(&id)
                || self.images.contains_key(&id)
                || self.shares.values().flatten().any(|s| s.id == id);
            if !taken {
                return id;
            }
        }
    }

    pub fn root_of(&self, library: &str) -> ApiResult<&Id> {
        self.roots
            .get(library)
            .ok_or_else(|| ApiError::server(format!("library {library} has no root collection")))
    }

    fn check_library(&self, kind: &str, id: &str, owner: &str, library: &str) -> ApiResult<()> {
        if owner == library {
            return Ok(());
        }
        let hint = match &self.account.organization {
            Some((org, _)) if owner == org => {
                format!(
                    "; it belongs to organization {org}: call mem/organization/{org}/authenticate first"
                )
            }
            _ => String::new(),
        };
        Err(ApiError::permission(format!(
            "{kind} {id} is not in the current account{hint}"
        )))
    }

    /// The collection `id` (or the library's root for `root`), if the session's library holds it.
    pub fn collection(&self, id: &str, library: &str) -> ApiResult<&Collection> {
        let id = if id == "root" {
            self.root_of(library)?.as_str()
        } else {
            id
        };
        let c = self
            .collections
            .get(id)
            .ok_or_else(|| ApiError::not_found(format!("no collection has the id {id}")))?;
        self.check_library("collection", id, &c.node.library, library)?;
        Ok(c)
    }

    pub fn gallery(&self, id: &str, library: &str) -> ApiResult<&Gallery> {
        let g = self
            .galleries
            .get(id)
            .ok_or_else(|| ApiError::not_found(format!("no gallery has the id {id}")))?;
        self.check_library("gallery", id, &g.node.library, library)?;
        Ok(g)
    }

    pub fn image(&self, id: &str, library: &str) -> ApiResult<&Image> {
        let i = self
            .images
            .get(id)
            .ok_or_else(|| ApiError::not_found(format!("no image has the id {id}")))?;
        self.check_library("image", id, &i.library, library)?;
        Ok(i)
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.collections
            .get(id)
            .map(|c| &c.node)
            .or_else(|| self.galleries.get(id).map(|g| &g.node))
    }

    /// Visibility after inheritance: the nearest ancestor-or-self that does not inherit.
    pub fn effective_mode(&self, node: &Node) -> Mode {
        let mut current = node;
        while current.access_inherit {
            match current.parent.as_deref().and_then(|p| self.node(p)) {
                Some(parent) => current = parent,
                None => break,
            }
        }
        current.mode
    }

    /// Whether anyone may see `image` with only an API key: listed and visible in a gallery
    /// whose visibility is `everyone`.
    pub fn is_public(&self, image: &Image) -> bool {
        image
            .galleries
            .iter()
            .filter_map(|g| self.galleries.get(g))
            .any(|g| {
                self.effective_mode(&g.node) == Mode::Everyone
                    && g.images
                        .iter()
                        .any(|m| m.image_id == image.id && m.f_visible)
            })
    }

    /// The key image of a gallery: its first image.
    pub fn gallery_key_image(&self, gallery: &Gallery) -> Option<(Id, Id)> {
        gallery
            .images
            .first()
            .map(|m| (m.image_id.clone(), gallery.node.id.clone()))
    }

    /// The key image of a collection: the first one found depth-first among its children.
    pub fn collection_key_image(&self, collection: &Collection) -> Option<(Id, Id)> {
        collection.children.iter().find_map(|child| match child {
            Child::Gallery(g) => self
                .galleries
                .get(g)
                .and_then(|g| self.gallery_key_image(g)),
            Child::Collection(c) => self
                .collections
                .get(c)
                .and_then(|c| self.collection_key_image(c)),
        })
    }

    fn new_node(&mut self, prefix: char, spec: NewNode, now: Time) -> ApiResult<Node> {
        let parent = self.collection(&spec.parent, &spec.library)?;
        let parent_id = parent.node.id.clone();
        let display_order = parent.children.len() as u32 + 1;
        let inherited = self.effective_mode(&parent.node);
        Ok(Node {
            id: self.fresh_id(prefix),
            library: spec.library,
            name: spec.name,
            description: spec.description,
            parent: Some(parent_id),
            f_list: spec.f_list,
            mode: spec.mode.unwrap_or(inherited),
            access_inherit: spec.mode.is_none(),
            display_order,
            created_at: now,
            modified_at: now,
        })
    }

    fn attach(&mut self, parent: &str, child: Child, now: Time) {
        if let Some(p) = self.collections.get_mut(parent) {
            p.children.push(child);
            p.node.modified_at = now;
        }
    }

    pub fn insert_collection(&mut self, spec: NewNode, now: Time) -> ApiResult<Id> {
        let node = self.new_node('C', spec, now)?;
        let (id, parent) = (node.id.clone(), node.parent.clone().unwrap_or_default());
        self.collections.insert(
            id.clone(),
            Collection {
                node,
                children: Vec::new(),
            },
        );
        self.collection_order.push(id.clone());
        self.attach(&parent, Child::Collection(id.clone()), now);
        Ok(id)
    }

    pub fn insert_gallery(&mut self, spec: NewNode, now: Time) -> ApiResult<Id> {
        let node = self.new_node('G', spec, now)?;
        let (id, parent) = (node.id.clone(), node.parent.clone().unwrap_or_default());
        self.galleries.insert(
            id.clone(),
            Gallery {
                node,
                images: Vec::new(),
            },
        );
        self.gallery_order.push(id.clone());
        self.attach(&parent, Child::Gallery(id.clone()), now);
        Ok(id)
    }

    /// Stores a new image listed in `gallery_id`; bumps the gallery's `modified_at`.
    pub fn insert_image(&mut self, mut image: Image, gallery_id: &str, now: Time) {
        image.galleries = vec![gallery_id.to_owned()];
        let id = image.id.clone();
        self.images.insert(id.clone(), image);
        self.image_order.push(id.clone());
        if let Some(g) = self.galleries.get_mut(gallery_id) {
            g.images.push(Membership {
                image_id: id,
                f_visible: true,
            });
            g.node.modified_at = now;
        }
    }

    /// Lists existing images in a gallery; returns those that were not in it before.
    pub fn add_to_gallery(&mut self, gallery_id: &str, image_ids: &[Id], now: Time) -> Vec<Id> {
        let mut added = Vec::new();
        for id in image_ids {
            let Some(image) = self.images.get_mut(id) else {
                continue;
            };
            if image.galleries.iter().any(|g| g == gallery_id) {
                continue;
            }
            image.galleries.push(gallery_id.to_owned());
            if let Some(g) = self.galleries.get_mut(gallery_id) {
                g.images.push(Membership {
                    image_id: id.clone(),
                    f_visible: true,
                });
                g.node.modified_at = now;
            }
            added.push(id.clone());
        }
        added
    }

    /// Marks an image changed: its `updated_at` and every listing gallery's `modified_at`.
    pub fn touch_image(&mut self, image_id: &str, now: Time) {
        let Some(image) = self.images.get_mut(image_id) else {
            return;
        };
        image.updated_at = now;
        for g in image.galleries.clone() {
            if let Some(g) = self.galleries.get_mut(&g) {
                g.node.modified_at = now;
            }
        }
    }

    /// Takes an image out of one gallery (it stays in the others).
    pub fn remove_from_gallery(&mut self, gallery_id: &str, image_id: &str, now: Time) -> bool {
        let Some(g) = self.galleries.get_mut(gallery_id) else {
            return false;
        };
        let before = g.images.len();
        g.images.retain(|m| m.image_id != image_id);
        if g.images.len() == before {
            return false;
        }
        g.node.modified_at = now;
        if let Some(image) = self.images.get_mut(image_id) {
            image.galleries.retain(|x| x != gallery_id);
        }
        true
    }

    /// Deletes an image everywhere.
    pub fn delete_image(&mut self, image_id: &str, now: Time) -> bool {
        let Some(image) = self.images.get(image_id) else {
            return false;
        };
        for g in image.galleries.clone() {
            self.remove_from_gallery(&g, image_id, now);
        }
        self.images.remove(image_id);
        self.image_order.retain(|i| i != image_id);
        self.seed_names.retain(|_, id| id != image_id);
        true
    }
}
