//! Link suggestions scored against the fixture catalog's ground truth (`images.csv`: the
//! product each photo belongs to and the variant SKUs that use it), at the default rules.
//! Prints precision and recall; BENCHMARKS.md records them.

use shelflink::model::{Asset, Product, ProductId};
use shelflink::suggest::{SkuIndex, SuggestConfig};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

fn catalog_dir() -> PathBuf {
    std::env::var_os("SHELFLINK_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"))
        .join("catalog")
}

fn rows(file: &str) -> Vec<HashMap<String, String>> {
    let path = catalog_dir().join(file);
    let mut reader =
        csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reader
        .deserialize()
        .map(|r| r.expect("a well-formed row"))
        .collect()
}

fn pid(sku: &str) -> ProductId {
    ProductId::new(format!("P-{sku}"))
}

struct Truth {
    product: ProductId,
    variants: BTreeSet<ProductId>,
}

fn load() -> (Vec<Product>, Vec<Asset>, HashMap<String, Truth>) {
    let mut products: Vec<Product> = rows("products.csv")
        .iter()
        .map(|r| Product {
            name: r["name"].clone(),
            ..Product::new(pid(&r["sku"]), r["sku"].as_str())
        })
        .collect();
    products.extend(rows("variants.csv").iter().map(|r| Product {
        parent: Some(pid(&r["parent_sku"])),
        colour: Some(r["color"].clone()).filter(|c| !c.is_empty()),
        size: Some(r["size"].clone()).filter(|s| !s.is_empty()),
        ..Product::new(pid(&r["sku"]), r["sku"].as_str())
    }));
    let images = rows("images.csv");
    let assets = images
        .iter()
        .map(|r| Asset::named(r["file_name"].as_str(), r["file_name"].as_str()))
        .collect();
    let truth = images
        .iter()
        .map(|r| {
            let variants = r["variant_skus"]
                .split('|')
                .filter(|s| !s.is_empty())
                .map(pid)
                .collect();
            (
                r["file_name"].clone(),
                Truth {
                    product: pid(&r["product_sku"]),
                    variants,
                },
            )
        })
        .collect();
    (products, assets, truth)
}

#[test]
fn suggestions_find_the_product_of_each_catalog_photo() {
    let (products, assets, truth) = load();
    assert_eq!(
        (products.len(), assets.len()),
        (75 + 747, 276),
        "the fixture catalog"
    );
    let parent_of: HashMap<&ProductId, &ProductId> = products
        .iter()
        .filter_map(|p| p.parent.as_ref().map(|parent| (&p.id, parent)))
        .collect();
    let index = SkuIndex::new(&products, &SuggestConfig::default());

    // Product level: each suggestion counts for the product it names or, for a variant,
    // its parent; one per photo and product.
    let (mut proposed, mut correct, mut found) = (0usize, 0usize, 0usize);
    // Variant level: suggested variants against the variant SKUs that use the photo.
    let (mut v_proposed, mut v_correct, mut v_truth) = (0usize, 0usize, 0usize);
    let mut missed = Vec::new();
    for asset in &assets {
        let t = &truth[asset.file_name.as_str()];
        let suggestions = index.suggest(asset);
        let roots: BTreeSet<&ProductId> = suggestions
            .iter()
            .map(|s| parent_of.get(&s.product).copied().unwrap_or(&s.product))
            .collect();
        proposed += roots.len();
        correct += usize::from(roots.contains(&t.product));
        if roots.contains(&t.product) {
            found += 1;
        } else {
            missed.push(asset.file_name.clone());
        }
        let variants: BTreeSet<&ProductId> = suggestions
            .iter()
            .map(|s| &s.product)
            .filter(|p| parent_of.contains_key(p))
            .collect();
        v_proposed += variants.len();
        v_correct += variants.iter().filter(|v| t.variants.contains(**v)).count();
        v_truth += t.variants.len();
    }
    let precision = correct as f64 / proposed as f64;
    let recall = found as f64 / assets.len() as f64;
    let v_precision = v_correct as f64 / v_proposed as f64;
    let v_recall = v_correct as f64 / v_truth as f64;
    println!(
        "product level: precision {precision:.4} ({correct}/{proposed}), recall {recall:.4} ({found}/{})",
        assets.len()
    );
    println!(
        "variant level: precision {v_precision:.4} ({v_correct}/{v_proposed}), recall {v_recall:.4} ({v_correct}/{v_truth})"
    );
    println!("photos without their product suggested: {missed:?}");
    assert!(
        precision >= 0.98,
        "product precision {precision:.4} below 0.98"
    );
    assert!(recall >= 0.95, "product recall {recall:.4} below 0.95");
    assert!(
        v_precision >= 0.98,
        "variant precision {v_precision:.4} below 0.98"
    );
    assert!(v_recall >= 0.95, "variant recall {v_recall:.4} below 0.95");
}
