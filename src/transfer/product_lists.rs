//! A product's image lists as 4ALLPORTAL keeps them (A5): `images` in order, `image_roles`
//! at the same places, `main_image` the hero, and the PhotoShelter back-links
//! (`photoshelter_ids`, `photoshelter_urls`) again at the same places. Edits replace whole
//! lists, so every change here is read-modify-write that keeps the parallel lists aligned,
//! and each one says whether anything changed: a job that finds its change already made
//! writes nothing (the exactly-once check after a lost answer).

use crate::allportal::mapping::ProductFields;
use crate::allportal::{Object, ObjectId, ObjectPatch, ProductImage, ProductImages};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductLists {
    pub files: Vec<String>,
    /// Same length as `files` (missing roles read as empty).
    pub roles: Vec<String>,
    pub main: Option<String>,
    /// Same length as `files` when the instance has back-link fields, else empty.
    pub ps_ids: Vec<String>,
    pub ps_urls: Vec<String>,
    back_links: bool,
}

fn aligned(mut list: Vec<String>, n: usize) -> Vec<String> {
    list.resize(n, String::new());
    list
}

/// The fields to read for [`ProductLists::from_object`].
pub fn fields_to_read(fields: &ProductFields) -> Vec<String> {
    let mut out = vec![fields.images.clone()];
    out.extend(fields.image_roles.clone());
    out.extend(fields.main_image.clone());
    out.extend(fields.photoshelter_ids.clone());
    out.extend(fields.photoshelter_urls.clone());
    out
}

impl ProductLists {
    pub fn from_object(product: &Object, fields: &ProductFields) -> Self {
        let files = product.list(&fields.images);
        let n = files.len();
        let list = |f: &Option<String>| f.as_deref().map(|f| product.list(f)).unwrap_or_default();
        let back_links = fields.photoshelter_ids.is_some() && fields.photoshelter_urls.is_some();
        Self {
            roles: aligned(list(&fields.image_roles), n),
            main: fields
                .main_image
                .as_deref()
                .and_then(|f| product.text(f))
                .map(str::to_owned),
            ps_ids: if back_links {
                aligned(list(&fields.photoshelter_ids), n)
            } else {
                Vec::new()
            },
            ps_urls: if back_links {
                aligned(list(&fields.photoshelter_urls), n)
            } else {
                Vec::new()
            },
            files,
            back_links,
        }
    }

    pub fn position_of(&self, file: &str) -> Option<usize> {
        self.files.iter().position(|f| f == file)
    }

    fn make_hero(&mut self, index: usize) {
        for (i, role) in self.roles.iter_mut().enumerate() {
            if i != index && role == "hero" {
                *role = "gallery".into();
            }
        }
        self.roles[index] = "hero".into();
        self.main = Some(self.files[index].clone());
    }

    /// Relates `file` at `position` (clamped to the end) with `role`. A file already
    /// related keeps its place; only its role is set. Returns whether anything changed.
    pub fn relate(&mut self, file: &str, role: &str, position: usize) -> bool {
        if let Some(i) = self.position_of(file) {
            if self.roles[i] == role && (role != "hero" || self.main.as_deref() == Some(file)) {
                return false;
            }
            if role == "hero" {
                self.make_hero(i);
            } else {
                self.roles[i] = role.to_string();
            }
            return true;
        }
        let at = position.min(self.files.len());
        self.files.insert(at, file.to_string());
        self.roles.insert(at, role.to_string());
        if self.back_links {
            self.ps_ids.insert(at, String::new());
            self.ps_urls.insert(at, String::new());
        }
        if role == "hero" {
            self.make_hero(at);
        }
        true
    }

    /// Points the place of `old` at `new`, keeping role and position; when `old` is gone
    /// already, relates `new` at (`role`, `position`). Returns whether anything changed.
    pub fn replace(&mut self, old: &str, new: &str, role: &str, position: usize) -> bool {
        match (self.position_of(old), self.position_of(new)) {
            (None, Some(_)) => false,
            (Some(i), Some(_)) => {
                // Both there (someone related the new one meanwhile): the old one goes, the
                // new one takes its role.
                let role = self.roles[i].clone();
                self.remove(old);
                let j = self.position_of(new).expect("still there");
                if role == "hero" {
                    self.make_hero(j);
                }
                true
            }
            (Some(i), None) => {
                self.files[i] = new.to_string();
                if self.main.as_deref() == Some(old) {
                    self.main = Some(new.to_string());
                }
                true
            }
            (None, None) => self.relate(new, role, position),
        }
    }

    /// Moves `file` to `position` (clamped to the end) with `role`, its back-links along with
    /// it; a file not related yet is related there. Returns whether anything changed.
    pub fn move_to(&mut self, file: &str, role: &str, position: usize) -> bool {
        let Some(i) = self.position_of(file) else {
            return self.relate(file, role, position);
        };
        let at = position.min(self.files.len() - 1);
        let moved = i != at;
        if moved {
            let f = self.files.remove(i);
            self.files.insert(at, f);
            let r = self.roles.remove(i);
            self.roles.insert(at, r);
            if self.back_links {
                let id = self.ps_ids.remove(i);
                self.ps_ids.insert(at, id);
                let url = self.ps_urls.remove(i);
                self.ps_urls.insert(at, url);
            }
        }
        let retitled = self.relate(file, role, at);
        moved || retitled
    }

    /// Takes `file` off the product. Returns whether it was there.
    pub fn remove(&mut self, file: &str) -> bool {
        let Some(i) = self.position_of(file) else {
            return false;
        };
        self.files.remove(i);
        self.roles.remove(i);
        if self.back_links {
            self.ps_ids.remove(i);
            self.ps_urls.remove(i);
        }
        if self.main.as_deref() == Some(file) {
            self.main = self
                .roles
                .iter()
                .position(|r| r == "hero")
                .map(|i| self.files[i].clone());
        }
        true
    }

    /// Sets the back-link of `file` (its PhotoShelter id and URL, at its place). `None`
    /// when the file is not related (or the instance has no back-link fields).
    pub fn set_back_link(&mut self, file: &str, image_id: &str, url: &str) -> Option<bool> {
        if !self.back_links {
            return None;
        }
        let i = self.position_of(file)?;
        if self.ps_ids[i] == image_id && self.ps_urls[i] == url {
            return Some(false);
        }
        self.ps_ids[i] = image_id.to_string();
        self.ps_urls[i] = url.to_string();
        Some(true)
    }

    pub fn has_back_links(&self) -> bool {
        self.back_links
    }

    /// The relation as the client models it (for the own-writes record).
    pub fn product_images(&self) -> ProductImages {
        ProductImages {
            images: self
                .files
                .iter()
                .zip(&self.roles)
                .map(|(file, role)| ProductImage {
                    file: ObjectId::new(file.clone()),
                    role: (!role.is_empty()).then(|| role.clone()),
                })
                .collect(),
            main_image: self.main.clone().map(ObjectId::new),
        }
    }

    /// The PATCH writing the relation (and the back-links, kept at the same places).
    pub fn images_patch(&self, product: &str, fields: &ProductFields) -> ObjectPatch {
        let mut patch = ObjectPatch::update(ObjectId::new(product))
            .list(&fields.images, self.files.iter().cloned());
        if let Some(roles) = &fields.image_roles {
            patch = patch.list(roles, self.roles.iter().cloned());
        }
        if let Some(main) = &fields.main_image {
            patch = match &self.main {
                Some(hero) => patch.text(main, hero.clone()),
                None => patch.clear(main),
            };
        }
        if self.back_links {
            patch = self.add_back_links(patch, fields);
        }
        patch
    }

    /// The PATCH writing only the back-links.
    pub fn back_links_patch(&self, product: &str, fields: &ProductFields) -> ObjectPatch {
        self.add_back_links(ObjectPatch::update(ObjectId::new(product)), fields)
    }

    fn add_back_links(&self, patch: ObjectPatch, fields: &ProductFields) -> ObjectPatch {
        match (&fields.photoshelter_ids, &fields.photoshelter_urls) {
            (Some(ids), Some(urls)) => patch
                .list(ids, self.ps_ids.iter().cloned())
                .list(urls, self.ps_urls.iter().cloned()),
            _ => patch,
        }
    }
}

#[cfg(test)]
#[path = "product_lists_tests.rs"]
mod tests;
