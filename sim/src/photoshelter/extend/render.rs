//! Renders a record with its `fields` selection and its placed extensions (`Plan`).

use super::super::error::ApiResult;
use super::super::model::{Collection, Gallery, Image, Membership, Mode, Node};
use super::super::paging::Page;
use super::super::store::Store;
use super::{Attach, Fields, Kind, Plan, records};
use crate::photoshelter::model::Child;
use serde_json::{Map, Value, json};

/// What a render may see: the store, the origin for links, and whether only public
/// (API-key) content is shown.
pub struct Env<'a> {
    pub store: &'a Store,
    pub origin: &'a str,
    pub public: bool,
}

/// One record to render.
#[derive(Clone, Copy)]
pub enum Rec<'a> {
    Collection(&'a Collection),
    Gallery(&'a Gallery),
    Children(&'a Collection),
    GalleryImage(&'a Membership),
    KeyImage(&'a Image, &'a str),
    Image(&'a Image),
    ImageLink(&'a Image),
    Iptc(&'a Image),
    License(&'a Image),
    CustomRow(&'a str, &'a str),
    Xmp(&'a Image),
    ImageGalleryRow(&'a Gallery, &'a Image),
    Visibility(&'a Node),
    Permission(&'a Node),
    Link(&'a Node, bool),
    ParentRow(&'a Collection),
}

enum Out<'a> {
    One(Rec<'a>),
    Many(Vec<Rec<'a>>),
    Null,
}

impl<'a> Env<'a> {
    fn shows(&self, node: &Node) -> bool {
        !self.public || (node.f_list && self.store.effective_mode(node) == Mode::Everyone)
    }

    /// The memberships of `gallery` this render may list.
    pub fn members(&self, gallery: &'a Gallery) -> Vec<&'a Membership> {
        gallery
            .images
            .iter()
            .filter(|m| !self.public || m.f_visible)
            .collect()
    }

    /// Renders `rec` with `fields` and the extensions of `plan`.
    pub fn render(
        &self,
        rec: Rec<'a>,
        fields: &Fields,
        params: &Map<String, Value>,
        plan: &Plan,
    ) -> ApiResult<Value> {
        let mut record = fields.project(self.base(rec, params)?);
        for attach in &plan.attach {
            let value = match self.resolve(rec, attach)? {
                Out::Null => Value::Null,
                Out::One(child) => {
                    self.render(child, &attach.fields, &attach.params, &attach.plan)?
                }
                Out::Many(children) => Value::Array(
                    children
                        .into_iter()
                        .map(|c| self.render(c, &attach.fields, &attach.params, &attach.plan))
                        .collect::<ApiResult<_>>()?,
                ),
            };
            record.insert(attach.name.clone(), value);
        }
        Ok(Value::Object(record))
    }

    pub fn render_all(
        &self,
        recs: Vec<Rec<'a>>,
        fields: &Fields,
        params: &Map<String, Value>,
        plan: &Plan,
    ) -> ApiResult<Value> {
        recs.into_iter()
            .map(|r| self.render(r, fields, params, plan))
            .collect::<ApiResult<Vec<_>>>()
            .map(Value::Array)
    }

    fn base(&self, rec: Rec<'a>, params: &Map<String, Value>) -> ApiResult<Map<String, Value>> {
        let store = self.store;
        let one = |key: &str, value: Value| -> Map<String, Value> {
            let mut m = Map::new();
            m.insert(key.to_owned(), value);
            m
        };
        Ok(match rec {
            Rec::Collection(c) => records::node(store, &c.node, "collection_id"),
            Rec::Gallery(g) => records::node(store, &g.node, "gallery_id"),
            Rec::Children(_) => Map::new(),
            Rec::GalleryImage(m) => {
                let mut map = one("image_id", json!(m.image_id));
                map.insert("f_visible".into(), records::flag(m.f_visible));
                map
            }
            Rec::KeyImage(image, gallery_id) => {
                let mut map = one("image_id", json!(image.id));
                map.insert("gallery_id".into(), json!(gallery_id));
                map
            }
            Rec::Image(image) => records::image(image),
            Rec::ImageLink(image) => records::image_link(self.origin, image, params)?,
            Rec::Iptc(image) => records::iptc(image),
            Rec::License(image) => records::license(image),
            Rec::CustomRow(name, value) => {
                let mut map = one("name", json!(name));
                map.insert("value".into(), json!(value));
                map
            }
            Rec::Xmp(image) => records::xmp(image),
            Rec::ImageGalleryRow(g, image) => {
                let visible = g
                    .images
                    .iter()
                    .any(|m| m.image_id == image.id && m.f_visible);
                let mut map = one("gallery_id", json!(g.node.id));
                map.insert("name".into(), json!(g.node.name));
                map.insert("f_visible".into(), records::flag(visible));
                map
            }
            Rec::Visibility(node) => records::visibility(store, node),
            Rec::Permission(node) => records::permission(store, node),
            Rec::Link(node, gallery) => records::page_link(self.origin, node, gallery),
            Rec::ParentRow(c) => one("collection_id", json!(c.node.id)),
        })
    }

    fn image_of(&self, id: &str) -> Option<&'a Image> {
        self.store.images.get(id)
    }

    fn node_of(rec: Rec<'a>) -> Option<(&'a Node, bool)> {
        match rec {
            Rec::Collection(c) => Some((&c.node, false)),
            Rec::Gallery(g) => Some((&g.node, true)),
            _ => None,
        }
    }

    fn resolve(&self, rec: Rec<'a>, attach: &Attach) -> ApiResult<Out<'a>> {
        let store = self.store;
        let image = match rec {
            Rec::Image(i) | Rec::KeyImage(i, _) => Some(i),
            Rec::GalleryImage(m) => self.image_of(&m.image_id),
            _ => None,
        };
        let out = match (attach.kind, image) {
            (Kind::Image, Some(i)) => Out::One(Rec::Image(i)),
            (Kind::ImageLink, Some(i)) => Out::One(Rec::ImageLink(i)),
            (Kind::Iptc, Some(i)) => Out::One(Rec::Iptc(i)),
            (Kind::License, Some(i)) => Out::One(Rec::License(i)),
            (Kind::Xmp, Some(i)) => Out::One(Rec::Xmp(i)),
            (Kind::CustomMetadata, Some(i)) => Out::Many(
                i.meta
                    .custom
                    .iter()
                    .map(|(n, v)| Rec::CustomRow(n, v))
                    .collect(),
            ),
            (Kind::ImageGallery, Some(i)) => Out::Many(
                i.galleries
                    .iter()
                    .filter_map(|g| store.galleries.get(g))
                    .filter(|g| self.shows(&g.node))
                    .map(|g| Rec::ImageGalleryRow(g, i))
                    .collect(),
            ),
            _ => return self.resolve_tree(rec, attach),
        };
        Ok(out)
    }

    fn resolve_tree(&self, rec: Rec<'a>, attach: &Attach) -> ApiResult<Out<'a>> {
        let store = self.store;
        let node = Self::node_of(rec);
        let out = match (attach.kind, rec) {
            (Kind::Children, Rec::Collection(c)) => Out::One(Rec::Children(c)),
            (Kind::Collection, Rec::Children(c)) => Out::Many(
                c.children
                    .iter()
                    .filter_map(|ch| match ch {
                        Child::Collection(id) => store.collections.get(id),
                        Child::Gallery(_) => None,
                    })
                    .filter(|c| self.shows(&c.node))
                    .map(Rec::Collection)
                    .collect(),
            ),
            (Kind::Gallery, Rec::Children(c)) => Out::Many(
                c.children
                    .iter()
                    .filter_map(|ch| match ch {
                        Child::Gallery(id) => store.galleries.get(id),
                        Child::Collection(_) => None,
                    })
                    .filter(|g| self.shows(&g.node))
                    .map(Rec::Gallery)
                    .collect(),
            ),
            (Kind::Gallery, Rec::ImageGalleryRow(g, _)) => Out::One(Rec::Gallery(g)),
            (Kind::Collection, Rec::ParentRow(c)) => Out::One(Rec::Collection(c)),
            (Kind::GalleryImage, Rec::Gallery(g)) => {
                let page = Page::new(
                    records::param_number(&attach.params, "page")?,
                    records::param_number(&attach.params, "per_page")?,
                )?;
                let members = self.members(g);
                Out::Many(
                    page.slice(&members)
                        .iter()
                        .map(|m| Rec::GalleryImage(m))
                        .collect(),
                )
            }
            (Kind::KeyImage, Rec::Collection(c)) => self.key_image(store.collection_key_image(c)),
            (Kind::KeyImage, Rec::Gallery(g)) => self.key_image(store.gallery_key_image(g)),
            (Kind::Visibility, _) => node.map_or(Out::Null, |(n, _)| Out::One(Rec::Visibility(n))),
            (Kind::Permission, _) => node.map_or(Out::Null, |(n, _)| Out::One(Rec::Permission(n))),
            (Kind::GalleryLink | Kind::CollectionLink, _) => {
                node.map_or(Out::Null, |(n, g)| Out::One(Rec::Link(n, g)))
            }
            (Kind::Parents, _) => match node {
                Some((n, _)) => Out::Many(
                    n.parent
                        .iter()
                        .filter_map(|p| store.collections.get(p))
                        .map(Rec::ParentRow)
                        .collect(),
                ),
                None => Out::Many(Vec::new()),
            },
            _ => Out::Null,
        };
        Ok(out)
    }

    fn key_image(&self, key: Option<(String, String)>) -> Out<'a> {
        let Some((image_id, gallery_id)) = key else {
            return Out::Null;
        };
        let gallery = self.store.galleries.get(&gallery_id);
        match (self.store.images.get(&image_id), gallery) {
            (Some(image), Some(g)) => Out::One(Rec::KeyImage(image, &g.node.id)),
            _ => Out::Null,
        }
    }
}

impl<'a> Env<'a> {
    /// Renders the extension `attach` of `rec` on its own, as the sub-resource endpoints
    /// (`image/{id}/iptc`, `gallery/{id}/key_image`, …) return it.
    pub fn render_extension(&self, rec: Rec<'a>, attach: &Attach) -> ApiResult<Value> {
        Ok(match self.resolve(rec, attach)? {
            Out::Null => Value::Null,
            Out::One(child) => self.render(child, &attach.fields, &attach.params, &attach.plan)?,
            Out::Many(children) => {
                self.render_all(children, &attach.fields, &attach.params, &attach.plan)?
            }
        })
    }
}
