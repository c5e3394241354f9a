//! Module field definitions (`GET /api/modules/{module}?groups=fields`, document §3.5).

use super::client::AllportalClient;
use crate::net::lenient;
use crate::net::{ApiError, Replay, path_segment};
use reqwest::Method;
use serde::{Deserialize, Serialize};

/// One field of a module.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldDefinition {
    pub name: String,
    /// `CEVarchar`, `CEIdList`, `CEDate`, …
    #[serde(rename = "type", default, deserialize_with = "lenient::string")]
    pub field_type: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub label: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u32")]
    pub length: Option<u32>,
    /// Dimensions the field is declared with (`channel`, `locale`).
    #[serde(default, deserialize_with = "lenient::comma_list")]
    pub dimensions: Vec<String>,
    /// Target modules of a link field.
    #[serde(default, deserialize_with = "lenient::comma_list")]
    pub modules: Vec<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub value_option_key: Option<String>,
}

/// A module and its fields.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModuleDefinition {
    pub name: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub label: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub label_singular: Option<String>,
    #[serde(default)]
    pub fields: Vec<FieldDefinition>,
}

impl ModuleDefinition {
    pub fn field(&self, name: &str) -> Option<&FieldDefinition> {
        self.fields.iter().find(|f| f.name == name)
    }
}

impl AllportalClient {
    /// The definition of `module` with its fields; an unknown module is `NotFound`.
    pub async fn module(&self, module: &str) -> Result<ModuleDefinition, ApiError> {
        let path = format!("/api/modules/{}", path_segment(module));
        let query = [("groups".to_string(), "fields".to_string())];
        self.api_json(Method::GET, &path, &query, None, Replay::Safe)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_module_shape_reads() {
        let json = r#"{"name":"product","label":"Products","labelSingular":"Product","info":"",
            "menuEntry":"pim","create":true,"objectImage":true,
            "fields":[
              {"name":"name","type":"CEVarchar","length":450,"scale":null,"audit":true,
               "defaultValue":null,"metric":null,"valueOptionKey":null,"label":"Name","info":"",
               "modules":[],"dimensions":["channel","locale"]},
              {"name":"images","type":"CEIdList","modules":["file"],"label":"Images"},
              {"name":"weight","type":"CEMetric","metric":{"name":"weight","defaultUnit":"kg"}}]}"#;
        let m: ModuleDefinition = serde_json::from_str(json).unwrap();
        assert_eq!(m.label_singular.as_deref(), Some("Product"));
        assert_eq!(m.field("name").unwrap().dimensions, ["channel", "locale"]);
        assert_eq!(m.field("images").unwrap().modules, ["file"]);
        assert_eq!(m.field("weight").unwrap().field_type, "CEMetric");
        assert!(m.field("colour").is_none());
    }
}
