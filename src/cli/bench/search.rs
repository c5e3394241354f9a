//! Search latency over a full cache: a mix of what people type (parts of file names, SKUs,
//! keywords, category words) with and without filters, sorts and later pages.

use super::cpu;
use crate::cache::search::{
    AssetQuery, AssetSort, ProductQuery, ProductSort, search_assets, search_products,
};
use crate::cache::{Cache, RightsClock, VerdictKind, rights_columns};
use crate::rights::RightsPolicy;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::{Duration, Instant};

fn words(cache: &Cache) -> anyhow::Result<(Vec<String>, Vec<String>, Vec<String>)> {
    Ok(cache.with_conn(|c| {
        let pick = |sql: &str| -> rusqlite::Result<Vec<String>> {
            c.prepare(sql)?.query_map([], |r| r.get(0))?.collect()
        };
        Ok((
            pick("SELECT file_name FROM assets ORDER BY id LIMIT 5000")?,
            pick("SELECT sku FROM products WHERE sku IS NOT NULL ORDER BY id LIMIT 5000")?,
            pick("SELECT id FROM galleries")?,
        ))
    })?)
}

/// The slowest asset searches are printed (to standard error) with their queries.
const SHOW_SLOWEST: usize = 8;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// Times `n` searches; returns the lines of the report.
pub fn measure(cache: &Cache, n: usize, seed: u64) -> anyhow::Result<String> {
    let clock = RightsClock::local(RightsPolicy::default());
    cache.with_conn(|c| rights_columns::ensure_zone(c, &clock))?;
    let (files, skus, galleries) = words(cache)?;
    anyhow::ensure!(!files.is_empty() && !skus.is_empty(), "the cache is empty");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut assets = Vec::new();
    let mut products = Vec::new();
    // CPU time of each search, which other processes on a busy machine do not stretch.
    let (mut assets_cpu, mut products_cpu) = (Vec::new(), Vec::new());
    let mut slowest = Vec::new();
    let verdicts = [
        VerdictKind::Ok,
        VerdictKind::Expiring,
        VerdictKind::Expired,
        VerdictKind::Restricted,
        VerdictKind::Unknown,
    ];
    for i in 0..n {
        if i % 2 == 0 {
            let file = &files[rng.random_range(0..files.len())];
            let stem = file.split('.').next().unwrap_or(file);
            let text = match rng.random_range(0..4) {
                0 => stem.to_owned(),
                1 => stem.split(['_', '-']).next().unwrap_or(stem).to_owned(),
                2 => stem.chars().take(4).collect(),
                _ => String::new(),
            };
            let query = AssetQuery {
                text,
                gallery: rng
                    .random_bool(0.2)
                    .then(|| galleries[rng.random_range(0..galleries.len())].clone()),
                verdict: rng
                    .random_bool(0.3)
                    .then(|| verdicts[rng.random_range(0..verdicts.len())]),
                linked: rng.random_bool(0.2).then(|| rng.random_bool(0.5)),
                sort: [
                    AssetSort::Relevance,
                    AssetSort::FileName,
                    AssetSort::Uploaded,
                    AssetSort::LicenceEnd,
                ][rng.random_range(0..4)],
                offset: if rng.random_bool(0.2) { 100 } else { 0 },
                limit: 100,
                ..AssetQuery::default()
            };
            let (started, cpu_started) = (Instant::now(), cpu::thread_time());
            search_assets(cache, &query, &clock)?;
            let took = started.elapsed();
            assets_cpu.extend(cpu_started.zip(cpu::thread_time()).map(|(b, a)| a - b));
            assets.push(took);
            slowest.push((took, format!("{query:?}")));
        } else {
            let sku = &skus[rng.random_range(0..skus.len())];
            let text = match rng.random_range(0..3) {
                0 => sku.clone(),
                1 => sku.split('-').next().unwrap_or(sku).to_owned(),
                _ => String::new(),
            };
            let query = ProductQuery {
                text,
                linked: rng.random_bool(0.2).then(|| rng.random_bool(0.5)),
                top_level: rng.random_bool(0.2).then_some(true),
                sort: [ProductSort::Relevance, ProductSort::Sku, ProductSort::Name]
                    [rng.random_range(0..3)],
                offset: if rng.random_bool(0.2) { 100 } else { 0 },
                limit: 100,
                ..ProductQuery::default()
            };
            let (started, cpu_started) = (Instant::now(), cpu::thread_time());
            search_products(cache, &query)?;
            products.push(started.elapsed());
            products_cpu.extend(cpu_started.zip(cpu::thread_time()).map(|(b, a)| a - b));
        }
    }
    slowest.sort_by_key(|entry| std::cmp::Reverse(entry.0));
    for (took, query) in slowest.iter().take(SHOW_SLOWEST) {
        eprintln!("slow asset search, {} ms: {query}", ms(*took));
    }
    let mut all: Vec<Duration> = assets.iter().chain(&products).copied().collect();
    let mut all_cpu: Vec<Duration> = assets_cpu.iter().chain(&products_cpu).copied().collect();
    for list in [
        &mut assets,
        &mut products,
        &mut all,
        &mut assets_cpu,
        &mut products_cpu,
        &mut all_cpu,
    ] {
        list.sort();
    }
    let line = |label: String, list: &[Duration], note: &str| {
        format!(
            "{label:<44}{:>12}  {note}",
            format!(
                "{} / {} ms",
                ms(percentile(list, 0.5)),
                ms(percentile(list, 0.95))
            ),
        )
    };
    let mut lines: Vec<String> = [("assets", &assets), ("products", &products), ("both", &all)]
        .into_iter()
        .map(|(name, list)| {
            let label = format!("search {name}, {} queries: p50 / p95", list.len());
            line(label, list, "target p95 ≤ 10 ms")
        })
        .collect();
    if !all_cpu.is_empty() {
        for (name, list) in [
            ("assets", &assets_cpu),
            ("products", &products_cpu),
            ("both", &all_cpu),
        ] {
            // Shorter than the label above, which the column would not hold with "CPU time".
            let label = format!("search {name} by CPU time: p50 / p95");
            lines.push(line(label, list, "for reference"));
        }
    }
    Ok(lines.join("\n"))
}
