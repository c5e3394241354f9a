//! `shelflink bench sync`: sync and search measured against the in-process simulator, side
//! by side in one run (build with `--release`):
//!
//! - the floor: fetching exactly the pages a cold sync fetched (its request log), with the
//!   same per-service concurrency, reading every body, nothing else;
//! - a cold full sync into an empty cache, as a ratio of the floor (target ≤ 1.5×);
//! - a sync when nothing changed (target ≤ 1 s);
//! - search latency p50 / p95 over the full cache (target p95 ≤ 10 ms);
//! - beside the floor's and the cold sync's wall-clock times, the CPU time the process
//!   (simulator included) spent in each, which a busy machine does not stretch;
//! - for reference, SQLite alone writing the rows of the synced cache into a fresh one
//!   ([`sqlite_alone`]): what no sync writing them through this schema can beat.
//!
//! The sync reads 4ALLPORTAL with the API key alone (the `mod_time` lists), so that every
//! request is a GET the floor can repeat; a cold sync through the events feed is timed too.

mod cpu;
mod floor;
mod search;
mod sqlite_alone;

use crate::cache::Cache;
use crate::sync::{AllportalSource, PhotoShelterSource, SyncConfig, SyncRun, SyncSources};
use anyhow::Context;
use clap::{Args, Subcommand};
use secrecy::SecretString;
use shelflink_sim::{RunningSim, SeedSource, SimOptions};
use std::time::{Duration, Instant};

#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub what: BenchWhat,
}

#[derive(Debug, Subcommand)]
pub enum BenchWhat {
    /// Cold sync against its fetch floor, a no-change sync, and search latency.
    Sync(SyncBenchArgs),
    /// Search latency alone, over a cache synced before (the same searches as `sync`).
    Search(SearchBenchArgs),
}

/// A count of 1 or more: clap refuses 0 before anything runs, naming the flag.
fn at_least_one() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::<usize>::new().range(1..)
}

#[derive(Debug, Args)]
pub struct SyncBenchArgs {
    /// Images the simulator generates (about N/2.5 products).
    #[arg(long, default_value_t = 50_000, value_parser = at_least_one())]
    pub synthetic: usize,
    /// Timed runs of the floor and of each sync (the median is reported).
    #[arg(long, default_value_t = 3, value_parser = at_least_one())]
    pub runs: usize,
    /// Searches timed, half assets, half products.
    #[arg(long, default_value_t = 1000, value_parser = at_least_one())]
    pub searches: usize,
    /// Seed number of the simulator.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

#[derive(Debug, Args)]
pub struct SearchBenchArgs {
    /// The cache file to search, e.g. `cache.sqlite` in a synced data folder. Its schema is
    /// brought up to date first, as the app would; search a copy to keep the original.
    #[arg(long)]
    pub cache: std::path::PathBuf,
    /// Searches timed, half assets, half products.
    #[arg(long, default_value_t = 1000, value_parser = at_least_one())]
    pub searches: usize,
    /// Seed number of the mix of searches.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub async fn run(args: BenchArgs) -> anyhow::Result<()> {
    match args.what {
        BenchWhat::Sync(args) => sync_bench(args).await,
        BenchWhat::Search(args) => search_bench(args),
    }
}

fn search_bench(args: SearchBenchArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.cache.is_file(),
        "no cache at {}: give the `cache.sqlite` of a synced data folder",
        args.cache.display()
    );
    let cache = Cache::open(&args.cache)
        .with_context(|| format!("opening the cache {}", args.cache.display()))?;
    let counts = cache.counts()?;
    eprintln!("{} searches…", args.searches);
    let searched = search::measure(&cache, args.searches, args.seed)?;
    println!();
    println!(
        "shelflink bench search --cache {} (seed {}): {} images in {} galleries, {} products, {} links",
        args.cache.display(),
        args.seed,
        counts.images,
        counts.galleries,
        counts.products,
        counts.links
    );
    row("measure", "result", "target");
    for line in searched.lines() {
        println!("{line}");
    }
    Ok(())
}

pub(crate) fn sources(sim: &RunningSim, events: bool) -> anyhow::Result<SyncSources> {
    let ps = &sim.credentials.photoshelter;
    let ap = &sim.credentials.allportal;
    let photoshelter =
        crate::photoshelter::PhotoShelterClient::new(crate::photoshelter::PhotoShelterConfig {
            base_url: sim.photoshelter.base_url.parse()?,
            api_key: SecretString::from(ps.api_key.clone()),
            email: ps.email.clone(),
            password: SecretString::from(ps.password.clone()),
            organization: Some(crate::photoshelter::OrgId::new(ps.org_id.clone())),
            net: Default::default(),
        })?;
    let mut config = crate::allportal::AllportalConfig::new(sim.allportal.base_url.parse()?);
    if events {
        config.username = Some(ap.username.clone());
        config.password = Some(SecretString::from(ap.password.clone()));
    } else {
        config.api_key = Some(SecretString::from(ap.api_key.clone()));
    }
    Ok(SyncSources {
        photoshelter: Some(PhotoShelterSource {
            client: photoshelter,
            usage_fields: Default::default(),
        }),
        allportal: Some(AllportalSource {
            client: crate::allportal::AllportalClient::new(config)?,
            mapping: Default::default(),
        }),
    })
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// One line of the results table.
fn row(measure: &str, result: &str, note: &str) {
    println!("{measure:<44}{result:>12}  {note}");
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

/// A cold sync into a fresh cache file; returns the time and the cache.
async fn cold_sync(
    sim: &RunningSim,
    dir: &std::path::Path,
    name: &str,
    events: bool,
) -> anyhow::Result<(Duration, Cache)> {
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    let cache = Cache::open(&path)?;
    let sources = sources(sim, events)?;
    let config = SyncConfig::default();
    let started = Instant::now();
    SyncRun::new(&cache, &sources, &config).run().await?;
    Ok((started.elapsed(), cache))
}

async fn sync_bench(args: SyncBenchArgs) -> anyhow::Result<()> {
    let runs = args.runs.max(1);
    eprintln!(
        "starting the simulator with {} synthetic images…",
        args.synthetic
    );
    let sim = shelflink_sim::start(SimOptions {
        seed: SeedSource::Synthetic(args.synthetic),
        seed_number: args.seed,
        ..SimOptions::default()
    })
    .await
    .context("starting the simulator")?;
    let dir = tempfile::tempdir().context("a scratch folder for the caches")?;

    eprintln!("warm-up: one cold sync, whose requests are the pages the floor fetches…");
    sim.photoshelter_faults.requests.clear();
    sim.allportal_faults.requests.clear();
    let (warm, _) = cold_sync(&sim, dir.path(), "warm.sqlite", false).await?;
    let pages = floor::Pages::recorded(&sim);
    eprintln!(
        "  {} requests ({} PhotoShelter, {} 4ALLPORTAL) in {}",
        pages.len(),
        pages.photoshelter.len(),
        pages.allportal.len(),
        secs(warm)
    );

    let mut floors = Vec::new();
    let mut colds = Vec::new();
    let (mut floors_cpu, mut colds_cpu) = (Vec::new(), Vec::new());
    let mut cache = None;
    for run in 0..runs {
        eprintln!("run {}/{runs}: the floor, then a cold sync…", run + 1);
        let (floor, cpu) = cpu::spent(floor::fetch(&sim, &pages)).await;
        floors.push(floor?);
        floors_cpu.extend(cpu);
        let name = format!("cold-{run}.sqlite");
        let (cold, cpu) = cpu::spent(cold_sync(&sim, dir.path(), &name, false)).await;
        let (took, c) = cold?;
        colds.push(took);
        colds_cpu.extend(cpu);
        cache = Some(c);
    }
    let cache = cache.expect("at least one run");
    eprintln!("SQLite alone: the synced rows written into a fresh cache…");
    let (alone, alone_cpu) = sqlite_alone::copy(
        &dir.path().join(format!("cold-{}.sqlite", runs - 1)),
        &dir.path().join("sqlite-alone.sqlite"),
    )
    .context("copying the synced cache with SQLite alone")?;
    eprintln!("a cold sync through the events feed…");
    let (events_cold, _) = cold_sync(&sim, dir.path(), "events.sqlite", true).await?;

    eprintln!("syncs with nothing changed…");
    let sources = sources(&sim, false)?;
    let config = SyncConfig::default();
    let mut nochange = Vec::new();
    for _ in 0..runs.max(5) {
        let started = Instant::now();
        let report = SyncRun::new(&cache, &sources, &config).run().await?;
        nochange.push(started.elapsed());
        anyhow::ensure!(
            report
                .photoshelter
                .as_ref()
                .is_some_and(|p| p.galleries_read == 0),
            "a no-change sync read galleries: {}",
            report.summary()
        );
    }
    eprintln!("{} searches…", args.searches);
    let searched = search::measure(&cache, args.searches, args.seed)?;
    let counts = cache.counts()?;

    let floor = median(floors);
    let cold = median(colds);
    let ratio = cold.as_secs_f64() / floor.as_secs_f64();
    let incremental = median(nochange);
    println!();
    println!(
        "shelflink bench sync --synthetic {} (seed {}): {} images in {} galleries, {} products, {} links; median of {runs} runs",
        args.synthetic, args.seed, counts.images, counts.galleries, counts.products, counts.links
    );
    row("measure", "result", "target");
    row(
        &format!("fetch the same {} pages (floor)", pages.len()),
        &secs(floor),
        "",
    );
    row(
        "cold full sync",
        &secs(cold),
        &format!("{ratio:.2}× the floor (target ≤ 1.5×)"),
    );
    if !floors_cpu.is_empty() && !colds_cpu.is_empty() {
        let (floor_cpu, cold_cpu) = (median(floors_cpu), median(colds_cpu));
        row(
            "floor, CPU time of the process",
            &secs(floor_cpu),
            "simulator included",
        );
        row(
            "cold full sync, CPU time of the process",
            &secs(cold_cpu),
            &format!(
                "{:.2}× the floor's (what a busy machine does not stretch)",
                cold_cpu.as_secs_f64() / floor_cpu.as_secs_f64()
            ),
        );
    }
    row(
        "SQLite alone writing the synced rows",
        &secs(alone),
        &format!(
            "{:.2}× the floor{} (for reference)",
            alone.as_secs_f64() / floor.as_secs_f64(),
            alone_cpu
                .map(|c| format!("; CPU time {}", secs(c)))
                .unwrap_or_default()
        ),
    );
    row(
        "cold full sync, events feed",
        &secs(events_cold),
        &format!(
            "{:.2}× the floor (for reference)",
            events_cold.as_secs_f64() / floor.as_secs_f64()
        ),
    );
    row(
        "no-change incremental sync",
        &secs(incremental),
        "target ≤ 1 s",
    );
    for line in searched.lines() {
        println!("{line}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: SyncBenchArgs,
    }

    #[test]
    fn a_count_of_zero_is_refused_before_the_bench_starts() {
        let parse = |argv: &[&str]| Wrapper::try_parse_from([&["sync"], argv].concat());
        let defaults = parse(&[]).unwrap().args;
        assert_eq!(
            (defaults.synthetic, defaults.runs, defaults.searches),
            (50_000, 3, 1000)
        );
        for flag in ["--synthetic", "--runs", "--searches"] {
            let err = parse(&[flag, "0"]).err().expect("0 is refused");
            assert!(err.to_string().contains(flag), "{err}");
        }
    }
}
