//! Which 4ALLPORTAL module and field holds what. Instances are configured per customer, so
//! this lives in the settings; the defaults match `sim/ASSUMPTIONS.md` A5–A7 and A11, and
//! `validate` checks a mapping against the instance's field definitions on connect.
//! Optional fields may be `null` (not used on this instance).

use super::assumptions::{DEFAULT_UPLOAD_FOLDER, FILE_CONNECTOR, PRODUCT_CONNECTOR, TASK_MODULE};
use super::client::AllportalClient;
use crate::net::ApiError;
use serde::{Deserialize, Serialize};

fn s(text: &str) -> String {
    text.to_string()
}

fn o(text: &str) -> Option<String> {
    Some(text.to_string())
}

/// The product module (A5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductFields {
    pub module: String,
    pub sku: String,
    pub name: String,
    pub description: Option<String>,
    pub category: Option<String>,
    pub campaign: Option<String>,
    pub owner: Option<String>,
    /// The parent product of a variant.
    pub parent: Option<String>,
    pub colour: Option<String>,
    pub size: Option<String>,
    pub status: Option<String>,
    /// The ordered image relation (array order = position).
    pub images: String,
    /// The roles of `images`, in the same order (`hero|gallery|detail|swatch`).
    pub image_roles: Option<String>,
    /// The hero image.
    pub main_image: Option<String>,
    /// Back-links: PhotoShelter image ids and URLs, in the order of `images`.
    pub photoshelter_ids: Option<String>,
    pub photoshelter_urls: Option<String>,
}

impl Default for ProductFields {
    fn default() -> Self {
        Self {
            module: s("product"),
            sku: s("article_number"),
            name: s("name"),
            description: o("description"),
            category: o("categories"),
            campaign: o("campaigns"),
            owner: o("owner"),
            parent: o("pid"),
            colour: o("color"),
            size: o("size"),
            status: o("status"),
            images: s("images"),
            image_roles: o("image_roles"),
            main_image: o("main_image"),
            photoshelter_ids: o("photoshelter_ids"),
            photoshelter_urls: o("photoshelter_urls"),
        }
    }
}

/// Rights fields on files (A7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RightsFields {
    pub license_type: Option<String>,
    pub license_holder: Option<String>,
    pub copyright: Option<String>,
    pub valid_until: Option<String>,
    pub usage_restrictions: Option<String>,
    pub channels: Option<String>,
    pub approval_status: Option<String>,
    pub rights_flag: Option<String>,
    pub rights_note: Option<String>,
}

impl Default for RightsFields {
    fn default() -> Self {
        Self {
            license_type: o("license_type"),
            license_holder: o("license_holder"),
            copyright: o("copyright"),
            valid_until: o("license_valid_until"),
            usage_restrictions: o("usage_restrictions"),
            channels: o("channels"),
            approval_status: o("approval_status"),
            rights_flag: o("rights_flag"),
            rights_note: o("rights_note"),
        }
    }
}

/// The file module (A7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileFields {
    pub module: String,
    pub name: String,
    /// The PhotoShelter image a file came from: how an upload already made is found.
    pub photoshelter_id: String,
    pub rights: RightsFields,
}

impl Default for FileFields {
    fn default() -> Self {
        Self {
            module: s("file"),
            name: s("name"),
            photoshelter_id: s("photoshelter_id"),
            rights: RightsFields::default(),
        }
    }
}

/// Categories (A6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CategoryFields {
    pub module: String,
    pub name: String,
    pub path: Option<String>,
}

impl Default for CategoryFields {
    fn default() -> Self {
        Self {
            module: s("category"),
            name: s("name"),
            path: o("path"),
        }
    }
}

/// Users, for showing product owners (A6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserFields {
    pub module: String,
    pub display_name: String,
    pub email: Option<String>,
}

impl Default for UserFields {
    fn default() -> Self {
        Self {
            module: s("user"),
            display_name: s("display_name"),
            email: o("email"),
        }
    }
}

/// Tasks, for telling product owners (A11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskFields {
    pub module: String,
    pub name: String,
    pub description: Option<String>,
    pub assigned_users: String,
    pub due_date: Option<String>,
    pub status: Option<String>,
    pub related_object: Option<String>,
}

impl Default for TaskFields {
    fn default() -> Self {
        Self {
            module: s(TASK_MODULE),
            name: s("name"),
            description: o("description"),
            assigned_users: s("assigned_users"),
            due_date: o("due_date"),
            status: o("status"),
            related_object: o("related_object"),
        }
    }
}

/// The events feed connectors (A12); `null` = use the `mod_time` fallback for that module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Connectors {
    pub product: Option<String>,
    pub file: Option<String>,
}

impl Default for Connectors {
    fn default() -> Self {
        Self {
            product: o(PRODUCT_CONNECTOR),
            file: o(FILE_CONNECTOR),
        }
    }
}

/// The whole mapping of one 4ALLPORTAL instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FieldMapping {
    pub product: ProductFields,
    pub file: FileFields,
    pub category: CategoryFields,
    pub user: UserFields,
    pub task: TaskFields,
    pub connectors: Connectors,
    /// The folder files uploaded by Shelflink go to (A8).
    pub upload_folder: String,
}

impl Default for FieldMapping {
    fn default() -> Self {
        Self {
            product: ProductFields::default(),
            file: FileFields::default(),
            category: CategoryFields::default(),
            user: UserFields::default(),
            task: TaskFields::default(),
            connectors: Connectors::default(),
            upload_folder: s(DEFAULT_UPLOAD_FOLDER),
        }
    }
}

/// Fields every object has without a definition.
const BUILT_IN: &[&str] = &[
    "id",
    "module",
    "type",
    "mod_time",
    "mod_time_img",
    "has_child",
];

/// One mapped field: (module, field, what it holds).
pub type MappedField = (String, String, &'static str);

impl FieldMapping {
    /// Every mapped field with the words for what it holds, module by module.
    pub fn mapped_fields(&self) -> Vec<MappedField> {
        let mut out: Vec<MappedField> = Vec::new();
        let mut add = |module: &str, field: Option<&String>, role: &'static str| {
            if let Some(f) = field {
                out.push((module.to_string(), f.clone(), role));
            }
        };
        let p = &self.product;
        let m = p.module.as_str();
        add(m, Some(&p.sku), "the SKU");
        add(m, Some(&p.name), "the product name");
        add(m, p.description.as_ref(), "the description");
        add(m, p.category.as_ref(), "the category");
        add(m, p.campaign.as_ref(), "the campaign");
        add(m, p.owner.as_ref(), "the product owner");
        add(m, p.parent.as_ref(), "the parent product");
        add(m, p.colour.as_ref(), "the colour");
        add(m, p.size.as_ref(), "the size");
        add(m, p.status.as_ref(), "the product status");
        add(m, Some(&p.images), "the image relation");
        add(m, p.image_roles.as_ref(), "the image roles");
        add(m, p.main_image.as_ref(), "the main image");
        add(m, p.photoshelter_ids.as_ref(), "the PhotoShelter image ids");
        add(
            m,
            p.photoshelter_urls.as_ref(),
            "the PhotoShelter image URLs",
        );
        let f = &self.file;
        let r = &f.rights;
        let m = f.module.as_str();
        add(m, Some(&f.name), "the file name");
        add(
            m,
            Some(&f.photoshelter_id),
            "the PhotoShelter image id of a file",
        );
        add(m, r.license_type.as_ref(), "the licence type");
        add(m, r.license_holder.as_ref(), "the licence holder");
        add(m, r.copyright.as_ref(), "the copyright");
        add(m, r.valid_until.as_ref(), "the licence end date");
        add(m, r.usage_restrictions.as_ref(), "the usage restrictions");
        add(m, r.channels.as_ref(), "the allowed channels");
        add(m, r.approval_status.as_ref(), "the approval status");
        add(m, r.rights_flag.as_ref(), "the rights flag");
        add(m, r.rights_note.as_ref(), "the rights note");
        let c = &self.category;
        add(&c.module, Some(&c.name), "the category name");
        add(&c.module, c.path.as_ref(), "the category path");
        let u = &self.user;
        add(&u.module, Some(&u.display_name), "the user name");
        add(&u.module, u.email.as_ref(), "the user e-mail");
        let t = &self.task;
        let m = t.module.as_str();
        add(m, Some(&t.name), "the task name");
        add(m, t.description.as_ref(), "the task description");
        add(m, Some(&t.assigned_users), "the task assignees");
        add(m, t.due_date.as_ref(), "the task due date");
        add(m, t.status.as_ref(), "the task status");
        add(m, t.related_object.as_ref(), "the task's object");
        out
    }

    /// Modules the mapping uses, in first-use order.
    pub fn modules(&self) -> Vec<String> {
        let mut modules: Vec<String> = Vec::new();
        for (m, _, _) in self.mapped_fields() {
            if !modules.contains(&m) {
                modules.push(m);
            }
        }
        modules
    }
}

impl AllportalClient {
    /// Checks every mapped field against `GET /api/modules/{module}?groups=fields`; the
    /// first missing module or field is an error naming it.
    pub async fn validate_mapping(&self, mapping: &FieldMapping) -> Result<(), ApiError> {
        let fields = mapping.mapped_fields();
        for module in mapping.modules() {
            let definition = match self.module(&module).await {
                Ok(d) => d,
                Err(e) if e.is_not_found() => {
                    let role = fields
                        .iter()
                        .find(|(m, _, _)| *m == module)
                        .map(|f| f.2)
                        .unwrap_or("");
                    return Err(ApiError::MissingModule {
                        module,
                        role: role.to_string(),
                    });
                }
                Err(e) => return Err(e),
            };
            for (_, field, role) in fields.iter().filter(|(m, _, _)| *m == module) {
                if BUILT_IN.contains(&field.as_str()) || definition.field(field).is_some() {
                    continue;
                }
                return Err(ApiError::MissingField {
                    module: module.clone(),
                    field: field.clone(),
                    role: role.to_string(),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_simulator_schema() {
        let m = FieldMapping::default();
        assert_eq!(m.product.sku, "article_number");
        assert_eq!(m.product.images, "images");
        assert_eq!(m.product.colour.as_deref(), Some("color"));
        assert_eq!(m.file.photoshelter_id, "photoshelter_id");
        assert_eq!(
            m.file.rights.valid_until.as_deref(),
            Some("license_valid_until")
        );
        assert_eq!(m.modules(), ["product", "file", "category", "user", "task"]);
    }

    #[test]
    fn a_partial_mapping_in_settings_keeps_the_other_defaults() {
        let m: FieldMapping =
            serde_json::from_str(r#"{"product":{"sku":"sku_code","colour":null}}"#).unwrap();
        assert_eq!(m.product.sku, "sku_code");
        assert_eq!(m.product.colour, None);
        assert_eq!(m.product.name, "name");
        assert_eq!(m.file, FileFields::default());
        assert!(!m.mapped_fields().iter().any(|(_, f, _)| f == "color"));
    }
}
