//! Builds the store from a `SeedCatalog`: a library for the user (and one for the
//! organisation, which then holds the seed content), collections and galleries along each
//! image's `gallery_path`, and images with ids and times derived from their names, so the
//! same catalog always gives the same library. Nothing is read or drawn here beyond file
//! sizes and JPEG headers of file sources.

use super::ids::{IdGen, hashed};
use super::metadata::image_meta;
use super::model::{Account, Child, Collection, Gallery, Id, Image, Mode, Node, Original, Time};
use super::store::Store;
use crate::seed::bytes::{byte_len, dimensions as seed_dimensions};
use crate::seed::model::{ImageSource, SeedCatalog, SeedImage};
use chrono::{Duration, TimeZone, Utc};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

const SEP: &str = "\u{1f}";

/// When the libraries were opened (their roots' times until something is in them).
fn epoch() -> Time {
    Utc.with_ymd_and_hms(2024, 1, 8, 9, 0, 0)
        .single()
        .expect("valid date")
}

/// A rendition token: 16 hex characters from what identifies one original.
pub fn token_for(text: &str) -> String {
    hex::encode(&Sha256::digest(text.as_bytes())[..8])
}

fn root(library: &str, name: &str, at: Time) -> Collection {
    Collection {
        node: Node {
            id: hashed('C', &format!("root{SEP}{library}")),
            library: library.to_owned(),
            name: name.to_owned(),
            description: String::new(),
            parent: None,
            f_list: true,
            mode: Mode::Everyone,
            access_inherit: false,
            display_order: 1,
            created_at: at,
            modified_at: at,
        },
        children: Vec::new(),
    }
}

/// Pixel size and byte size of a seed original without drawing it; an unreadable file is
/// kept (so links to it still resolve) with zero sizes and a warning.
fn sizes(source: &ImageSource) -> ((u32, u32), u64) {
    let dims = seed_dimensions(source).unwrap_or_else(|e| {
        tracing::warn!("seed image without a readable pixel size: {e:#}");
        (0, 0)
    });
    let len = byte_len(source).unwrap_or_else(|e| {
        tracing::warn!("seed image without a readable size: {e:#}");
        0
    });
    (dims, len)
}

struct Builder<'a> {
    store: Store,
    library: Id,
    /// Path (joined) → collection id.
    paths: HashMap<String, Id>,
    /// (file name, source) already made → image id.
    made: HashMap<(String, String), Id>,
    account: &'a Account,
}

impl Builder<'_> {
    fn node(&mut self, prefix: char, path: &[String], parent: &Id, at: Time) -> Node {
        let key = path.join(SEP);
        let parent_c = self
            .store
            .collections
            .get_mut(parent)
            .expect("parent made first");
        let display_order = parent_c.children.len() as u32 + 1;
        Node {
            id: hashed(prefix, &format!("{}{SEP}{key}", self.library)),
            library: self.library.clone(),
            name: path.last().cloned().unwrap_or_default(),
            description: String::new(),
            parent: Some(parent.clone()),
            f_list: true,
            mode: Mode::Everyone,
            access_inherit: true,
            display_order,
            created_at: at,
            modified_at: at,
        }
    }

    /// The collection at `path` (root for an empty path), made on first use.
    fn collection(&mut self, path: &[String], at: Time) -> Id {
        if path.is_empty() {
            return self.store.roots[&self.library].clone();
        }
        if let Some(id) = self.paths.get(&path.join(SEP)) {
            return id.clone();
        }
        let parent = self.collection(&path[..path.len() - 1], at);
        let node = self.node('C', path, &parent, at);
        let id = node.id.clone();
        self.paths.insert(path.join(SEP), id.clone());
        self.store.collections.insert(
            id.clone(),
            Collection {
                node,
                children: Vec::new(),
            },
        );
        self.store.collection_order.push(id.clone());
        self.store
            .collections
            .get_mut(&parent)
            .expect("parent")
            .children
            .push(Child::Collection(id.clone()));
        id
    }

    fn gallery(&mut self, path: &[String], at: Time) -> Id {
        let key = format!("gallery{SEP}{}", path.join(SEP));
        if let Some(id) = self.paths.get(&key) {
            return id.clone();
        }
        let parent = self.collection(&path[..path.len() - 1], at);
        let node = self.node('G', path, &parent, at);
        let id = node.id.clone();
        self.paths.insert(key, id.clone());
        self.store.galleries.insert(
            id.clone(),
            Gallery {
                node,
                images: Vec::new(),
            },
        );
        self.store.gallery_order.push(id.clone());
        self.store
            .collections
            .get_mut(&parent)
            .expect("parent")
            .children
            .push(Child::Gallery(id.clone()));
        id
    }

    fn image(&mut self, seed: &SeedImage) {
        let path: Vec<String> = if seed.gallery_path.is_empty() {
            vec!["Photos".to_owned()]
        } else {
            seed.gallery_path.clone()
        };
        let (uploaded, updated) = (seed.uploaded_at, seed.uploaded_at);
        let gallery_id = self.gallery(&path, uploaded - Duration::hours(1));
        let source_key = format!("{:?}", seed.source);
        let made_key = (seed.file_name.clone(), source_key);
        if let Some(id) = self.made.get(&made_key).cloned() {
            self.store
                .add_to_gallery(&gallery_id, std::slice::from_ref(&id), updated);
            return;
        }
        let mut id = hashed('I', &seed.file_name);
        let mut n = 1;
        while self.store.images.contains_key(&id) {
            id = hashed('I', &format!("{}#{n}", seed.file_name));
            n += 1;
        }
        let ((width, height), file_size) = sizes(&seed.source);
        let image = Image {
            id: id.clone(),
            library: self.library.clone(),
            file_name: seed.file_name.clone(),
            owner_id: self.account.user_id.clone(),
            organization_id: self
                .account
                .organization
                .as_ref()
                .map(|o| o.0.clone())
                .unwrap_or_default(),
            photographer_id: self.account.user_id.clone(),
            file_size,
            original: Original::Seed(seed.source.clone()),
            width,
            height,
            token: token_for(&format!("{id}{SEP}0")),
            f_searchable: true,
            rating: seed.rating.min(5),
            flagged: seed.flagged,
            focal_point: (0.5, 0.5),
            meta: image_meta(&seed.metadata),
            uploaded_at: uploaded,
            updated_at: updated,
            galleries: Vec::new(),
        };
        self.store.insert_image(image, &gallery_id, updated);
        self.store
            .seed_names
            .entry(seed.file_name.clone())
            .or_insert_with(|| id.clone());
        self.made.insert(made_key, id);
    }

    /// Creation and modification times of the tree follow from the images in it.
    fn settle_times(&mut self) {
        let store = &mut self.store;
        for g in store.galleries.values_mut() {
            let times = g
                .images
                .iter()
                .filter_map(|m| store.images.get(&m.image_id));
            let first = times.clone().map(|i| i.uploaded_at).min();
            let last = times.map(|i| i.updated_at).max();
            if let (Some(first), Some(last)) = (first, last) {
                g.node.created_at = first - Duration::hours(1);
                g.node.modified_at = last;
            }
        }
        for id in store.collection_order.iter().rev() {
            let c = &store.collections[id];
            let created: Vec<Time> = c
                .children
                .iter()
                .filter_map(|ch| match ch {
                    Child::Collection(x) => store.collections.get(x).map(|c| c.node.created_at),
                    Child::Gallery(x) => store.galleries.get(x).map(|g| g.node.created_at),
                })
                .collect();
            if let (Some(first), Some(last)) = (created.iter().min(), created.iter().max()) {
                let (first, last) = (*first, *last);
                let c = store.collections.get_mut(id).expect("exists");
                c.node.created_at = first - Duration::hours(1);
                c.node.modified_at = last;
            }
        }
    }
}

/// The store for `catalog` in `account`'s library (its organisation's, if it has one).
pub fn build(catalog: &SeedCatalog, account: Account, id_seed: u64) -> Store {
    let mut store = Store::new(account.clone(), IdGen::new(id_seed));
    let at = epoch() - Duration::days(7);
    let personal = root(&account.user_id, &account.email, at);
    store
        .roots
        .insert(account.user_id.clone(), personal.node.id.clone());
    store.collection_order.push(personal.node.id.clone());
    store.collections.insert(personal.node.id.clone(), personal);
    let library = match &account.organization {
        Some((org_id, org_name)) => {
            let org_root = root(org_id, org_name, at);
            store.roots.insert(org_id.clone(), org_root.node.id.clone());
            store.collection_order.push(org_root.node.id.clone());
            store.collections.insert(org_root.node.id.clone(), org_root);
            org_id.clone()
        }
        None => account.user_id.clone(),
    };
    let mut builder = Builder {
        store,
        library,
        paths: HashMap::new(),
        made: HashMap::new(),
        account: &account,
    };
    for image in &catalog.images {
        builder.image(image);
    }
    builder.settle_times();
    builder.store
}
