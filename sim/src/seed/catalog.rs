//! A catalog folder (`products.csv`, `variants.csv`, `images.csv`, `images/`, optionally
//! `metadata/` of JPEGs) read into a `SeedCatalog`.
//!
//! - every product row and every variant row becomes a `SeedProduct` (variants carry
//!   `parent_sku` and inherit category, campaigns, description and owner from the parent);
//! - `collections` (`|`-joined) become `campaigns`;
//! - every row of `images.csv` becomes a `SeedImage` in the gallery of its product's primary
//!   category: `Men/Tops/Jackets` → collections `Men`, `Tops`, gallery `Jackets`;
//! - each JPEG in `metadata/` becomes a `SeedImage` in collection `Agency Imports`, gallery
//!   `Metadata Samples`;
//! - IPTC/XMP of every file comes from `seed::metadata::read`;
//! - no links: linking is the app's job (`images.csv` stays the ground truth for tests).
//!
//! Upload times are spread over the 90 days before a fixed date, decided by the seed number.

use super::metadata;
use super::model::{ImageSource, SeedCatalog, SeedImage, SeedProduct};
use super::owners::{owner_for, owners, stable_hash};
use anyhow::{Context, bail};
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

#[derive(Deserialize)]
struct ProductRow {
    sku: String,
    name: String,
    category: String,
    collections: String,
    description: String,
}

#[derive(Deserialize)]
struct VariantRow {
    sku: String,
    parent_sku: String,
    name: String,
    color: String,
    size: String,
}

#[derive(Deserialize)]
struct ImageRow {
    file_name: String,
    product_sku: String,
}

/// Reads the catalog folder `dir`; the same folder and seed give the same catalog.
pub fn load(dir: &Path, seed: u64) -> anyhow::Result<SeedCatalog> {
    if !dir.is_dir() {
        bail!(
            "the catalog folder {} does not exist: pass a folder with products.csv, variants.csv, images.csv and images/",
            dir.display()
        );
    }
    let products: Vec<ProductRow> = read_csv(&dir.join("products.csv"))?;
    let variants: Vec<VariantRow> = read_csv(&dir.join("variants.csv"))?;
    let image_rows: Vec<ImageRow> = read_csv(&dir.join("images.csv"))?;

    let mut catalog = SeedCatalog {
        owners: owners(),
        ..SeedCatalog::default()
    };
    let mut by_sku: HashMap<String, SeedProduct> = HashMap::new();
    for row in products {
        let campaigns: Vec<String> = row
            .collections
            .split('|')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        let product = SeedProduct {
            owner: Some(owner_for(&row.sku, seed)),
            sku: row.sku,
            name: row.name,
            category: row.category,
            campaign: campaigns.first().cloned(),
            campaigns,
            description: row.description,
            ..SeedProduct::default()
        };
        by_sku.insert(product.sku.clone(), product.clone());
        catalog.products.push(product);
    }
    for row in variants {
        let parent = by_sku.get(&row.parent_sku).with_context(|| {
            format!(
                "variants.csv: {} names parent {} that products.csv lacks",
                row.sku, row.parent_sku
            )
        })?;
        catalog.products.push(SeedProduct {
            sku: row.sku,
            name: row.name,
            colour: non_empty(row.color),
            size: non_empty(row.size),
            parent_sku: Some(parent.sku.clone()),
            ..parent.clone()
        });
    }

    let base = upload_base();
    for row in image_rows {
        let product = by_sku.get(&row.product_sku).with_context(|| {
            format!(
                "images.csv: {} names product {} that products.csv lacks",
                row.file_name, row.product_sku
            )
        })?;
        let path = dir.join("images").join(&row.file_name);
        catalog.images.push(file_image(
            &path,
            gallery_path(&product.category),
            base,
            seed,
        )?);
    }
    let metadata_dir = dir.join("metadata");
    if metadata_dir.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(&metadata_dir)
            .with_context(|| format!("listing {}", metadata_dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|e| {
                    e.eq_ignore_ascii_case("jpg") || e.eq_ignore_ascii_case("jpeg")
                })
            })
            .collect();
        files.sort();
        let gallery = vec!["Agency Imports".to_owned(), "Metadata Samples".to_owned()];
        for path in files {
            catalog
                .images
                .push(file_image(&path, gallery.clone(), base, seed)?);
        }
    }
    Ok(catalog)
}

/// Collections from the category path, its last segment the gallery.
pub fn gallery_path(category: &str) -> Vec<String> {
    category
        .split('/')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn file_image(
    path: &Path,
    gallery_path: Vec<String>,
    base: DateTime<Utc>,
    seed: u64,
) -> anyhow::Result<SeedImage> {
    let bytes = std::fs::read(path).with_context(|| {
        format!(
            "reading {}: every file named in images.csv must be in images/",
            path.display()
        )
    })?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let minutes = (stable_hash(&file_name) ^ seed) % (90 * 24 * 60);
    Ok(SeedImage {
        uploaded_at: base - Duration::minutes(minutes as i64),
        metadata: metadata::read(&bytes),
        file_name,
        gallery_path,
        source: ImageSource::File(path.to_path_buf()),
        rating: 0,
        flagged: false,
    })
}

/// Catalog uploads happen before this fixed moment, so the same folder seeds the same times.
fn upload_base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 15, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

fn read_csv<T: for<'de> Deserialize<'de>>(path: &Path) -> anyhow::Result<Vec<T>> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("opening {}", path.display()))?;
    reader
        .deserialize()
        .enumerate()
        .map(|(i, row)| row.with_context(|| format!("{} row {}", path.display(), i + 2)))
        .collect()
}

fn non_empty(text: String) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_become_collections_and_a_gallery() {
        assert_eq!(
            gallery_path("Men/Tops/Hoodies & Sweatshirts"),
            ["Men", "Tops", "Hoodies & Sweatshirts"]
        );
        assert_eq!(gallery_path("Gear/Bags"), ["Gear", "Bags"]);
    }

    #[test]
    fn a_missing_folder_says_what_to_pass() {
        let err = load(Path::new("/nonexistent/catalog"), 1)
            .unwrap_err()
            .to_string();
        assert!(err.contains("products.csv"), "{err}");
    }
}
