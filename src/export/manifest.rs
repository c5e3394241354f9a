//! The manifests an export leaves in the folder, rewritten whole (atomically) at the end of
//! every run:
//!
//! - `manifest.csv`: one row per exported image (the columns of [`ManifestRow`]);
//! - `left-out.csv`: one row per image left out, with the reason (a CSV holds one table, so
//!   the left-out list has its own file);
//! - `manifest.json`: `{ "exported_at", "selection", "size", "use", "images": [...],
//!   "left_out": [...] }` — both lists, for programs.

use super::plan::{ImageSize, LeftOut, role_text};
use super::selection::Selection;
use super::state::{StateError, write_atomically};
use crate::model::Role;
use crate::rights::IntendedUse;
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

pub const MANIFEST_CSV: &str = "manifest.csv";
pub const MANIFEST_JSON: &str = "manifest.json";
pub const LEFT_OUT_CSV: &str = "left-out.csv";

/// One exported image with its product data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ManifestRow {
    pub sku: String,
    pub name: String,
    pub category: Option<String>,
    pub campaign: Option<String>,
    pub role: Role,
    /// 1 = first.
    pub position: u32,
    /// The file's name in the folder.
    pub file_name: String,
    pub photoshelter_id: String,
    /// The image's name in PhotoShelter.
    pub original_file_name: String,
    pub credit: Option<String>,
    pub copyright: Option<String>,
    /// The licence's last usable day (`YYYY-MM-DD`), when one is recorded.
    pub rights_expiry: Option<String>,
    pub bytes: u64,
}

/// Everything the manifests hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub exported_at: chrono::DateTime<chrono::Utc>,
    pub selection: Selection,
    pub size: ImageSize,
    #[serde(rename = "use")]
    pub intended: IntendedUse,
    pub images: Vec<ManifestRow>,
    pub left_out: Vec<LeftOut>,
}

fn opt(text: &Option<String>) -> &str {
    text.as_deref().unwrap_or("")
}

fn csv_bytes(header: &[&str], rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing into memory cannot fail.
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(row);
    }
    w.into_inner().unwrap_or_default()
}

/// The images as `manifest.csv` holds them.
pub fn images_csv(rows: &[ManifestRow]) -> Vec<u8> {
    csv_bytes(
        &[
            "sku",
            "name",
            "category",
            "campaign",
            "role",
            "position",
            "file_name",
            "photoshelter_id",
            "original_file_name",
            "credit",
            "copyright",
            "rights_expiry",
            "bytes",
        ],
        rows.iter()
            .map(|r| {
                vec![
                    r.sku.clone(),
                    r.name.clone(),
                    opt(&r.category).into(),
                    opt(&r.campaign).into(),
                    role_text(r.role).into(),
                    r.position.to_string(),
                    r.file_name.clone(),
                    r.photoshelter_id.clone(),
                    r.original_file_name.clone(),
                    opt(&r.credit).into(),
                    opt(&r.copyright).into(),
                    opt(&r.rights_expiry).into(),
                    r.bytes.to_string(),
                ]
            })
            .collect(),
    )
}

/// The left-out images as `left-out.csv` holds them.
pub fn left_out_csv(rows: &[LeftOut]) -> Vec<u8> {
    csv_bytes(
        &[
            "sku",
            "name",
            "role",
            "position",
            "photoshelter_id",
            "original_file_name",
            "reason",
            "reason_text",
        ],
        rows.iter()
            .map(|r| {
                let kind = serde_json::to_value(&r.reason)
                    .ok()
                    .and_then(|v| v["kind"].as_str().map(str::to_owned))
                    .unwrap_or_default();
                vec![
                    r.sku.clone(),
                    r.name.clone(),
                    role_text(r.role).into(),
                    r.position.to_string(),
                    r.photoshelter_id.clone(),
                    r.original_file_name.clone(),
                    kind,
                    r.reason_text.clone(),
                ]
            })
            .collect(),
    )
}

/// Writes the three manifests into `dir`.
pub fn write(dir: &Path, manifest: &Manifest) -> Result<(), StateError> {
    write_atomically(&dir.join(MANIFEST_CSV), &images_csv(&manifest.images))?;
    write_atomically(&dir.join(LEFT_OUT_CSV), &left_out_csv(&manifest.left_out))?;
    let json = serde_json::to_vec_pretty(manifest).unwrap_or_default();
    write_atomically(&dir.join(MANIFEST_JSON), &json)
}
