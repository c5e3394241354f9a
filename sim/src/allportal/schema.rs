//! The modules of the simulated instance and their field definitions: `product` (A5),
//! `category` and `user` (A6), `file` (A7), `task` (A11) and `folder` (§3.9), plus the
//! field-name rules of §3.5.

use std::sync::LazyLock;

/// A field type as 4ALLPORTAL names it (§3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Varchar,
    Text,
    Integer,
    Long,
    Boolean,
    Date,
    Timestamp,
    Email,
    Enum,
    VarcharList,
    Id,
    IdList,
}

impl FieldType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Varchar => "CEVarchar",
            Self::Text => "CEText",
            Self::Integer => "CEInteger",
            Self::Long => "CELong",
            Self::Boolean => "CEBoolean",
            Self::Date => "CEDate",
            Self::Timestamp => "CETimestamp",
            Self::Email => "CEEmail",
            Self::Enum => "CEEnum",
            Self::VarcharList => "CEVarcharList",
            Self::Id => "CEId",
            Self::IdList => "CEIdList",
        }
    }

    /// Whether a value is an array of strings rather than one string.
    pub fn is_list(self) -> bool {
        matches!(self, Self::VarcharList | Self::IdList)
    }

    /// Whether the field references objects (its targets are in `FieldDef::modules`).
    pub fn is_reference(self) -> bool {
        matches!(self, Self::Id | Self::IdList)
    }

    pub fn is_numeric(self) -> bool {
        matches!(self, Self::Integer | Self::Long)
    }

    /// The storage length reported in the metadata.
    fn default_length(self) -> Option<u32> {
        match self {
            Self::Varchar | Self::VarcharList | Self::Email | Self::Enum => Some(450),
            Self::Id | Self::IdList => Some(36),
            _ => None,
        }
    }
}

/// Who may write a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Written by clients through PATCH.
    Writable,
    /// Set by the server from the binary (file size, checksum, …); PATCH gives 400.
    Technical,
    /// Computed on read (`license_expired`, `linked_products`); PATCH gives 400.
    Derived,
}

#[derive(Debug, Clone)]
pub struct FieldDef {
    pub name: &'static str,
    pub ty: FieldType,
    pub dimensions: &'static [&'static str],
    /// Target modules of reference fields.
    pub modules: &'static [&'static str],
    /// Allowed values of enum fields (and of restricted lists such as `image_roles`).
    pub options: &'static [&'static str],
    pub unique: bool,
    pub access: Access,
    /// Value given to new objects that do not send one (`defaultValue` in the metadata).
    pub default: Option<&'static str>,
}

impl FieldDef {
    const fn new(name: &'static str, ty: FieldType) -> Self {
        Self {
            name,
            ty,
            dimensions: &[],
            modules: &[],
            options: &[],
            unique: false,
            access: Access::Writable,
            default: None,
        }
    }
    const fn default(mut self, value: &'static str) -> Self {
        self.default = Some(value);
        self
    }
    const fn dims(mut self, dims: &'static [&'static str]) -> Self {
        self.dimensions = dims;
        self
    }
    const fn to(mut self, modules: &'static [&'static str]) -> Self {
        self.modules = modules;
        self
    }
    const fn one_of(mut self, options: &'static [&'static str]) -> Self {
        self.options = options;
        self
    }
    const fn unique(mut self) -> Self {
        self.unique = true;
        self
    }
    const fn access(mut self, access: Access) -> Self {
        self.access = access;
        self
    }

    pub fn length(&self) -> Option<u32> {
        self.ty.default_length()
    }

    /// The human label shown in the metadata: `article_number` → `Article number`.
    pub fn label(&self) -> String {
        let text = self.name.replace('_', " ");
        let mut chars = text.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }

    /// The option-list key of enum fields (`product_status`).
    pub fn value_option_key(&self, module: &str) -> Option<String> {
        (self.ty == FieldType::Enum).then(|| format!("{module}_{}", self.name))
    }
}

#[derive(Debug)]
pub struct ModuleDef {
    pub name: &'static str,
    pub label: &'static str,
    pub label_singular: &'static str,
    pub menu_entry: &'static str,
    pub object_image: bool,
    /// Tree modules carry `pid` and report `has_child`.
    pub tree: bool,
    pub fields: Vec<FieldDef>,
}

impl ModuleDef {
    pub fn field(&self, name: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.name == name)
    }
}

use FieldType as T;

pub const PRODUCT: &str = "product";
pub const CATEGORY: &str = "category";
pub const USER: &str = "user";
pub const FILE: &str = "file";
pub const TASK: &str = "task";
pub const FOLDER: &str = "folder";

/// Roles a product image can have, in `image_roles` (A5).
pub const IMAGE_ROLES: &[&str] = &["hero", "gallery", "detail", "swatch"];

static MODULES: LazyLock<Vec<ModuleDef>> = LazyLock::new(|| {
    vec![
        ModuleDef {
            name: PRODUCT,
            label: "Products",
            label_singular: "Product",
            menu_entry: "pim",
            object_image: true,
            tree: true,
            fields: vec![
                FieldDef::new("article_number", T::Varchar).unique(),
                FieldDef::new("name", T::Varchar).dims(&["channel", "locale"]),
                FieldDef::new("description", T::Text).dims(&["locale"]),
                FieldDef::new("categories", T::IdList).to(&[CATEGORY]),
                FieldDef::new("campaigns", T::VarcharList),
                FieldDef::new("color", T::Varchar),
                FieldDef::new("size", T::Varchar),
                FieldDef::new("status", T::Enum)
                    .one_of(&["draft", "active", "discontinued"])
                    .default("draft"),
                FieldDef::new("owner", T::Id).to(&[USER]),
                FieldDef::new("pid", T::Id).to(&[PRODUCT]),
                FieldDef::new("images", T::IdList).to(&[FILE]),
                FieldDef::new("main_image", T::Id).to(&[FILE]),
                FieldDef::new("image_roles", T::VarcharList).one_of(IMAGE_ROLES),
                FieldDef::new("photoshelter_ids", T::VarcharList),
                FieldDef::new("photoshelter_urls", T::VarcharList),
            ],
        },
        ModuleDef {
            name: CATEGORY,
            label: "Categories",
            label_singular: "Category",
            menu_entry: "pim",
            object_image: false,
            tree: true,
            fields: vec![
                FieldDef::new("name", T::Varchar),
                FieldDef::new("path", T::Varchar),
                FieldDef::new("pid", T::Id).to(&[CATEGORY]),
            ],
        },
        ModuleDef {
            name: USER,
            label: "Users",
            label_singular: "User",
            menu_entry: "admin",
            object_image: true,
            tree: false,
            fields: vec![
                FieldDef::new("username", T::Varchar).unique(),
                FieldDef::new("email", T::Email),
                FieldDef::new("display_name", T::Varchar),
            ],
        },
        ModuleDef {
            name: FILE,
            label: "Files",
            label_singular: "File",
            menu_entry: "dam",
            object_image: true,
            tree: false,
            fields: file_fields(),
        },
        ModuleDef {
            name: TASK,
            label: "Tasks",
            label_singular: "Task",
            menu_entry: "tasks",
            object_image: false,
            tree: false,
            fields: vec![
                FieldDef::new("name", T::Varchar),
                FieldDef::new("description", T::Text),
                FieldDef::new("assigned_users", T::IdList).to(&[USER]),
                FieldDef::new("due_date", T::Date),
                FieldDef::new("status", T::Enum)
                    .one_of(&["open", "in_process", "completed", "cancelled"])
                    .default("open"),
                FieldDef::new("related_object", T::Id).to(&[FILE, PRODUCT]),
                FieldDef::new("created_by", T::Id).to(&[USER]),
            ],
        },
        ModuleDef {
            name: FOLDER,
            label: "Folders",
            label_singular: "Folder",
            menu_entry: "dam",
            object_image: false,
            tree: true,
            fields: vec![
                FieldDef::new("name", T::Varchar),
                FieldDef::new("pid", T::Id).to(&[FOLDER]),
                FieldDef::new("path", T::Varchar).unique(),
                FieldDef::new("is_upload_folder", T::Boolean).default("false"),
            ],
        },
    ]
});

fn file_fields() -> Vec<FieldDef> {
    use Access::{Derived, Technical};
    vec![
        FieldDef::new("name", T::Varchar),
        FieldDef::new("parent_path", T::Varchar),
        FieldDef::new("mime_type", T::Varchar).access(Technical),
        FieldDef::new("size", T::Long).access(Technical),
        FieldDef::new("width", T::Integer).access(Technical),
        FieldDef::new("height", T::Integer).access(Technical),
        FieldDef::new("extension", T::Varchar).access(Technical),
        FieldDef::new("checksum_md5", T::Varchar).access(Technical),
        FieldDef::new("version_no", T::Integer).access(Technical),
        FieldDef::new("photoshelter_id", T::Varchar),
        FieldDef::new("license_type", T::Enum).one_of(&["owned", "licensed", "royalty_free"]),
        FieldDef::new("license_holder", T::Varchar),
        FieldDef::new("copyright", T::Varchar),
        FieldDef::new("license_valid_until", T::Date),
        FieldDef::new("usage_restrictions", T::Text),
        FieldDef::new("channels", T::VarcharList),
        FieldDef::new("approval_status", T::Enum)
            .one_of(&["open", "approved", "rejected"])
            .default("open"),
        FieldDef::new("rights_flag", T::Enum).one_of(&["ok", "expiring", "expired", "restricted"]),
        FieldDef::new("rights_note", T::Text),
        FieldDef::new("license_expired", T::Boolean).access(Derived),
        FieldDef::new("linked_products", T::IdList)
            .to(&[PRODUCT])
            .access(Derived),
    ]
}

/// Every module of the instance, in a fixed order.
pub fn modules() -> &'static [ModuleDef] {
    &MODULES
}

pub fn module(name: &str) -> Option<&'static ModuleDef> {
    MODULES.iter().find(|m| m.name == name)
}

/// Object keys that belong to the object envelope, not to a field (§3.3).
pub const ENVELOPE_KEYS: &[&str] = &[
    "id",
    "module",
    "type",
    "mod_time",
    "mod_time_img",
    "has_child",
];

/// The field-name rules of §3.5: lowercase letters, digits (not first) and underscores,
/// not the word `module`, at most 28 characters. `Err` says what is wrong.
pub fn check_field_name(name: &str) -> Result<(), String> {
    let valid_chars = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let problem = if name.is_empty() {
        Some("is empty")
    } else if name.len() > 28 {
        Some("is longer than 28 characters")
    } else if name == "module" {
        Some("is the reserved word `module`")
    } else if !valid_chars {
        Some("may hold only lowercase letters, digits and underscores")
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        Some("must not start with a digit")
    } else {
        None
    };
    match problem {
        Some(p) => Err(format!("invalid field name `{name}`: a field name {p}")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_name_rules_reject_what_the_document_forbids() {
        for bad in [
            "Name",
            "2nd",
            "module",
            "has space",
            "a_very_long_field_name_over_28",
            "",
        ] {
            assert!(check_field_name(bad).is_err(), "{bad} should be rejected");
        }
        for good in ["name", "article_number", "_internal", "size2"] {
            assert!(check_field_name(good).is_ok(), "{good} should be accepted");
        }
    }

    #[test]
    fn every_schema_field_obeys_the_rules_and_references_known_modules() {
        for m in modules() {
            for f in &m.fields {
                check_field_name(f.name).unwrap();
                for target in f.modules {
                    assert!(module(target).is_some(), "{}.{} → {target}", m.name, f.name);
                }
                assert_eq!(
                    f.ty.is_reference(),
                    !f.modules.is_empty(),
                    "{}.{}",
                    m.name,
                    f.name
                );
            }
            assert_eq!(m.tree, m.field("pid").is_some(), "{}", m.name);
        }
    }
}
