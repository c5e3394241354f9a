//! Builds the instance from a `SeedCatalog`: users (product owners, the API user and an
//! editor for "someone else changed it"), folders, categories from the products' category
//! paths, products and variants; and links seed images to products (`seed_link`). Ids are
//! derived from the seed data, `mod_time`s from a fixed epoch, so a seed gives the same
//! instance every time.

use super::auth::{Account, ApiKey, Auth, Rights};
use super::events;
use super::media::{Binary, Origin, probe};
use super::object::Object;
use super::schema::{self, CATEGORY, FILE, FOLDER, IMAGE_ROLES, PRODUCT, USER};
use super::store::{Store, set_list, uuid_from};
use super::value::Value;
use crate::seed::model::{ImageSource, SeedCatalog, SeedMetadata, SeedUser};
use anyhow::{Context, bail};
use std::collections::HashSet;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

/// The user that control routes act as when no other is named.
pub const EDITOR: &str = "catalog.editor";
/// The upload folder (A8 default `parent_path`).
pub const UPLOAD_FOLDER: &str = "/Shelflink/";
/// A folder that is not an upload folder.
pub const ARCHIVE_FOLDER: &str = "/Archive/";

pub fn user_id(username: &str) -> String {
    uuid_from(&format!("user:{username}"))
}
pub fn product_id(sku: &str) -> String {
    uuid_from(&format!("product:{sku}"))
}
pub fn category_id(path: &str) -> String {
    uuid_from(&format!("category:{path}"))
}
pub fn file_id(ps_image_id: &str) -> String {
    uuid_from(&format!("file:{ps_image_id}"))
}
fn folder_id(path: &str) -> String {
    uuid_from(&format!("folder:{path}"))
}

fn new(store: &mut Store, module: &str, id: String) -> Object {
    let at = store.seed_tick();
    Object::new(id, schema::module(module).expect("seed module exists"), at)
}

fn create(store: &mut Store, o: Object) {
    store.put(o, (events::CREATE, events::DATA));
}

/// `anna.berg` → `Anna Berg`.
fn display_name(login: &str) -> String {
    login
        .split(['.', '_', '-'])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A user seeded as `username` (e-mail and display name made up when not given).
fn add_user(store: &mut Store, auth: &mut Auth, user: &SeedUser, password: Option<&str>) -> String {
    let id = user_id(&user.username);
    if store.get(USER, &id).is_some() {
        return id;
    }
    let mut o = new(store, USER, id.clone());
    o.set_text("username", user.username.clone());
    let email = match user.email.as_str() {
        "" => format!("{}@shelflink.example", user.username.replace(' ', ".")),
        e => e.to_owned(),
    };
    o.set_text("email", email);
    let display = match user.display_name.as_str() {
        "" => display_name(&user.username),
        d => d.to_owned(),
    };
    o.set_text("display_name", display);
    create(store, o);
    auth.add_account(Account {
        user_id: id.clone(),
        username: user.username.clone(),
        password: password.map(str::to_owned),
        rights: Rights::default(),
    });
    id
}

fn named(username: &str, display_name: &str) -> SeedUser {
    SeedUser {
        username: username.to_owned(),
        display_name: display_name.to_owned(),
        ..SeedUser::default()
    }
}

/// Seeds users, folders, categories and products. Returns the API user's id.
pub fn seed(
    store: &mut Store,
    auth: &mut Auth,
    catalog: &SeedCatalog,
    api_user: &str,
    password: &str,
    api_key: &str,
) -> String {
    let api_id = add_user(store, auth, &named(api_user, "API user"), Some(password));
    auth.add_key(
        api_key.to_owned(),
        ApiKey {
            user_id: api_id.clone(),
            enabled: true,
            valid_from: None,
            valid_until: None,
        },
    );
    add_user(store, auth, &named(EDITOR, "Catalog Editor"), None);
    for owner in &catalog.owners {
        add_user(store, auth, owner, None);
    }
    for owner in catalog.products.iter().filter_map(|p| p.owner.as_deref()) {
        add_user(store, auth, &named(owner, ""), None);
    }
    for (path, upload) in [(UPLOAD_FOLDER, true), (ARCHIVE_FOLDER, false)] {
        let mut o = new(store, FOLDER, folder_id(path));
        o.set_text("name", path.trim_matches('/'));
        o.set_text("path", path);
        o.set_text("is_upload_folder", upload.to_string());
        create(store, o);
    }
    for product in &catalog.products {
        let mut parent: Option<String> = None;
        let mut path = String::new();
        for segment in product
            .category
            .split('/')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(segment);
            let id = category_id(&path);
            if store.get(CATEGORY, &id).is_none() {
                let mut o = new(store, CATEGORY, id.clone());
                o.set_text("name", segment);
                o.set_text("path", path.clone());
                if let Some(p) = &parent {
                    o.set_text("pid", p.clone());
                }
                create(store, o);
            }
            parent = Some(id);
        }
    }
    let skus: HashSet<&str> = catalog.products.iter().map(|p| p.sku.as_str()).collect();
    let (parents, variants): (Vec<_>, Vec<_>) = catalog
        .products
        .iter()
        .partition(|p| p.parent_sku.as_deref().is_none_or(|s| !skus.contains(s)));
    for p in parents.into_iter().chain(variants) {
        let id = product_id(&p.sku);
        if store.get(PRODUCT, &id).is_some() {
            continue;
        }
        let mut o = new(store, PRODUCT, id);
        o.set_text("article_number", p.sku.clone());
        o.set_text("name", p.name.clone());
        if !p.description.is_empty() {
            o.set_text("description", p.description.clone());
        }
        let category = p
            .category
            .split('/')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("/");
        if !category.is_empty() {
            set_list(&mut o, "categories", vec![category_id(&category)]);
        }
        let campaigns = match (&p.campaigns, &p.campaign) {
            (all, _) if !all.is_empty() => all.clone(),
            (_, Some(one)) => vec![one.clone()],
            _ => Vec::new(),
        };
        if !campaigns.is_empty() {
            set_list(&mut o, "campaigns", campaigns);
        }
        if let Some(c) = &p.colour {
            o.set_text("color", c.clone());
        }
        if let Some(s) = &p.size {
            o.set_text("size", s.clone());
        }
        o.set_text("status", "active");
        if let Some(owner) = &p.owner {
            o.set_text("owner", user_id(owner));
        }
        if let Some(parent) = p.parent_sku.as_deref().filter(|s| skus.contains(s)) {
            o.set_text("pid", product_id(parent));
        }
        create(store, o);
    }
    api_id
}

/// The rights data of a seed image that travels onto its file object (use case 7).
#[derive(Debug, Clone, Default)]
pub struct FileRights {
    copyright: Option<String>,
    license_holder: Option<String>,
    valid_until: Option<String>,
    license_type: Option<&'static str>,
    usage_restrictions: Option<String>,
    channels: Vec<String>,
}

impl FileRights {
    pub fn of(m: &SeedMetadata) -> Self {
        Self {
            copyright: m.copyright.clone(),
            license_holder: m.credit.clone(),
            valid_until: m.licence_end.map(|d| d.format("%Y-%m-%d").to_string()),
            license_type: match m.licence_type.as_deref() {
                Some("rights_managed") => Some("licensed"),
                Some("royalty_free") => Some("royalty_free"),
                _ => None,
            },
            usage_restrictions: m.usage_terms.clone(),
            channels: m.channels.clone(),
        }
    }

    fn apply(&self, o: &mut Object) {
        let fields = [
            ("copyright", self.copyright.clone()),
            ("license_holder", self.license_holder.clone()),
            ("license_valid_until", self.valid_until.clone()),
            ("license_type", self.license_type.map(str::to_owned)),
            ("usage_restrictions", self.usage_restrictions.clone()),
        ];
        for (field, value) in fields {
            if let Some(v) = value {
                o.set_text(field, v);
            }
        }
        if !self.channels.is_empty() {
            o.set("channels", Some(Value::List(self.channels.clone())));
        }
    }
}

/// What `seed_link` needs besides the store.
pub struct LinkRequest<'a> {
    pub sku: &'a str,
    pub file_name: &'a str,
    pub ps_image_id: &'a str,
    pub source: ImageSource,
    pub role: &'a str,
    pub position: u32,
    pub rights: Option<&'a FileRights>,
    pub ps_url: String,
}

/// Creates (once per PhotoShelter image) the file object and relates it to the product.
pub fn link(store: &mut Store, r: LinkRequest<'_>) -> anyhow::Result<()> {
    if !IMAGE_ROLES.contains(&r.role) {
        bail!(
            "seed link {} → {}: role `{}` is not one of {}",
            r.file_name,
            r.sku,
            r.role,
            IMAGE_ROLES.join(", ")
        );
    }
    let pid = store
        .find_unique(PRODUCT, "article_number", r.sku)
        .map(str::to_owned)
        .with_context(|| format!("seed link {}: no product with SKU {}", r.file_name, r.sku))?;
    let fid = file_id(r.ps_image_id);
    if store.get(FILE, &fid).is_none() {
        let file = seed_file(store, &fid, &r)?;
        store.put(file, (events::CREATE, events::BOTH));
    }
    let mut product = store.get(PRODUCT, &pid).expect("found by SKU").clone();
    let mut images = product.list("images").to_vec();
    if images.contains(&fid) {
        return Ok(());
    }
    let pad = |mut l: Vec<String>, filler: &str, n: usize| {
        l.resize(n, filler.to_owned());
        l
    };
    let n = images.len();
    let mut roles = pad(product.list("image_roles").to_vec(), "gallery", n);
    let mut ps_ids = pad(product.list("photoshelter_ids").to_vec(), "", n);
    let mut ps_urls = pad(product.list("photoshelter_urls").to_vec(), "", n);
    let at = (r.position as usize).min(n);
    images.insert(at, fid.clone());
    roles.insert(at, r.role.to_owned());
    ps_ids.insert(at, r.ps_image_id.to_owned());
    ps_urls.insert(at, r.ps_url);
    set_list(&mut product, "images", images);
    set_list(&mut product, "image_roles", roles);
    set_list(&mut product, "photoshelter_ids", ps_ids);
    set_list(&mut product, "photoshelter_urls", ps_urls);
    let t = store.seed_tick();
    if r.role == "hero" {
        product.set_text("main_image", fid);
        product.mod_time_img = t;
    }
    product.mod_time = t;
    store.put(product, (events::UPDATE, events::DATA));
    Ok(())
}

fn seed_file(store: &mut Store, fid: &str, r: &LinkRequest<'_>) -> anyhow::Result<Object> {
    let mut o = new(store, FILE, fid.to_owned());
    let (origin, dimensions) = match &r.source {
        ImageSource::File(path) => {
            let bytes = std::fs::read(path)
                .with_context(|| format!("reading seed image {}", path.display()))?;
            let p = probe(&bytes, r.file_name, None);
            super::store::set_technical(&mut o, &p, 1);
            (Origin::Path(path.clone()), p.dimensions)
        }
        ImageSource::Generated { width, height, .. } => {
            o.set_text("mime_type", "image/jpeg");
            o.set_text(
                "extension",
                r.file_name
                    .rsplit_once('.')
                    .map_or("jpg", |(_, e)| e)
                    .to_ascii_lowercase(),
            );
            o.set_text("width", width.to_string());
            o.set_text("height", height.to_string());
            o.set_text("version_no", "1");
            (
                Origin::Drawn(r.source.clone(), OnceLock::new()),
                Some((*width, *height)),
            )
        }
    };
    o.set_text("name", r.file_name);
    o.set_text("parent_path", UPLOAD_FOLDER);
    o.set_text("photoshelter_id", r.ps_image_id);
    o.set_text("approval_status", "approved");
    if let Some(rights) = r.rights {
        rights.apply(&mut o);
    }
    let mime_type = o.text("mime_type").unwrap_or("image/jpeg").to_owned();
    store.binaries.insert(
        fid.to_owned(),
        Binary {
            origin: Arc::new(origin),
            mime_type,
            file_name: r.file_name.to_owned(),
            dimensions,
            version: 1,
            derivates_ready_at: Instant::now(),
        },
    );
    Ok(o)
}
