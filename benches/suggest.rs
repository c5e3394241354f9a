//! Link suggestions at the target scale: 50,000 assets against 20,000 products.
//! `cargo bench --bench suggest`

use criterion::{Criterion, criterion_group, criterion_main};
use shelflink::model::{Asset, Product, ProductId};
use shelflink::suggest::{SkuIndex, SuggestConfig};
use std::hint::black_box;

const COLOURS: [&str; 4] = ["Black", "Blue", "Red", "Gray"];
const VIEWS: [&str; 4] = ["main", "back", "alt1", "outfit"];

/// 3,000 styles with 4 colour variants each, plus 5,000 simple products: 20,000 products.
fn products() -> Vec<Product> {
    let mut out = Vec::with_capacity(20_000);
    for n in 0..3_000 {
        let sku = format!("ST{n:04}");
        let parent = ProductId::new(format!("P-{sku}"));
        out.push(Product::new(parent.clone(), sku.as_str()));
        for colour in COLOURS {
            out.push(Product {
                parent: Some(parent.clone()),
                colour: Some(colour.into()),
                ..Product::new(format!("P-{sku}-M-{colour}"), format!("{sku}-M-{colour}"))
            });
        }
    }
    for n in 0..5_000 {
        out.push(Product::new(
            format!("P-24-GR{n:04}"),
            format!("24-GR{n:04}"),
        ));
    }
    out
}

/// 50,000 assets: versioned style shots, gear shots named by their SKU part, and camera
/// files carrying a SKU keyword.
fn assets() -> Vec<Asset> {
    (0..50_000)
        .map(|n| {
            let id = format!("I{n:015}");
            match n % 5 {
                0..=2 => {
                    let name = format!(
                        "st{:04}-{}_{}_v{}.jpg",
                        n % 3_000,
                        COLOURS[n % 4].to_lowercase(),
                        VIEWS[(n / 4) % 4],
                        1 + n % 3
                    );
                    Asset::named(id, name)
                }
                3 => Asset::named(id, format!("gr{:04}-bk-0.jpg", n % 5_000)),
                _ => Asset {
                    keywords: vec!["studio".into(), format!("sku:ST{:04}", n % 3_000)],
                    ..Asset::named(id, format!("DSC_{n:05}.JPG"))
                },
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let products = products();
    let assets = assets();
    let config = SuggestConfig::default();
    let mut group = c.benchmark_group("suggest");
    group.sample_size(10);
    group.bench_function("index 20k products", |b| {
        b.iter(|| SkuIndex::new(black_box(&products), &config))
    });
    let index = SkuIndex::new(&products, &config);
    group.bench_function("suggest 50k assets x 20k products", |b| {
        b.iter(|| index.suggest_all(black_box(&assets), &[]).len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
