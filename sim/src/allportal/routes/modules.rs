//! A1 `GET /api/modules/{module}?groups=fields`: the module metadata of §3.5.

use super::{module_def, query_all, query_pairs};
use crate::allportal::AllportalSim;
use crate::allportal::auth::{Principal, Right};
use crate::allportal::errors::ApiError;
use crate::allportal::schema::{FieldDef, ModuleDef};
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use serde::Serialize;
use std::sync::Arc;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModuleJson {
    name: &'static str,
    label: &'static str,
    label_singular: &'static str,
    info: &'static str,
    menu_entry: &'static str,
    create: bool,
    only_friendlyname: bool,
    object_image: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<Vec<FieldJson>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldJson {
    name: &'static str,
    #[serde(rename = "type")]
    ty: &'static str,
    length: Option<u32>,
    scale: Option<u32>,
    precision: Option<u32>,
    audit: bool,
    default_value: Option<&'static str>,
    metric: Option<serde_json::Value>,
    value_option_key: Option<String>,
    label: String,
    info: &'static str,
    modules: &'static [&'static str],
    dimensions: &'static [&'static str],
}

fn field_json(module: &ModuleDef, f: &FieldDef) -> FieldJson {
    FieldJson {
        name: f.name,
        ty: f.ty.as_str(),
        length: f.length(),
        scale: None,
        precision: None,
        audit: true,
        default_value: f.default,
        metric: None,
        value_option_key: f.value_option_key(module.name),
        label: f.label(),
        info: "",
        modules: f.modules,
        dimensions: f.dimensions,
    }
}

pub async fn metadata(
    State(_sim): State<Arc<AllportalSim>>,
    Path(module): Path<String>,
    principal: Principal,
    RawQuery(raw): RawQuery,
) -> Result<Json<ModuleJson>, ApiError> {
    let def = module_def(&module)?;
    principal
        .require(def.name, Right::Read)
        .map_err(ApiError::forbidden)?;
    let pairs = query_pairs(raw.as_deref());
    let groups: Vec<String> = query_all(&pairs, "groups")
        .iter()
        .flat_map(|g| {
            g.split(',')
                .map(|s| s.trim().to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    if let Some(unknown) = groups.iter().find(|g| g.as_str() != "fields") {
        return Err(ApiError::bad_request(format!(
            "unknown group `{unknown}` (known: fields)"
        )));
    }
    let body = ModuleJson {
        name: def.name,
        label: def.label,
        label_singular: def.label_singular,
        info: "",
        menu_entry: def.menu_entry,
        create: principal.rights.allows(def.name, Right::Create),
        only_friendlyname: false,
        object_image: def.object_image,
        fields: groups
            .iter()
            .any(|g| g == "fields")
            .then(|| def.fields.iter().map(|f| field_json(def, f)).collect()),
    };
    Ok(Json(body))
}
