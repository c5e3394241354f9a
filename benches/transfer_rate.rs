//! The transfer queue against a simulator that accepts R requests per second per service:
//! 1,000 jobs (250 links: upload, relate, write back, tag) with the worker's clients paced
//! at R, and the achieved rate of accepted requests printed next to R (target ≥ 0.9 R on
//! the busier service, 4ALLPORTAL).
//! `RATE=40 cargo bench --bench transfer_rate` (`--profile dev` for a quick debug run).

#[path = "../tests/transfer/support.rs"]
mod support;

use shelflink::model::Role;
use shelflink::transfer::{RunUntil, Worker, WorkerConfig};
use shelflink_sim::Service;
use shelflink_sim::control::parse_spec;
use std::time::{Duration, Instant};
use support::{Rig, catalog, fast_net, fast_worker, remotes};
use tokio_util::sync::CancellationToken;

const PRODUCTS: usize = 50;
const PER_PRODUCT: usize = 5;

fn accepted(rig: &Rig, service: Service) -> u64 {
    rig.sim
        .faults(service)
        .get()
        .rules
        .iter()
        .map(|r| r.injected)
        .sum()
}

fn main() {
    let rate: f64 = std::env::var("RATE")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(40.0);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let skus: Vec<String> = (0..PRODUCTS).map(|i| format!("RB-{i:03}")).collect();
        let files: Vec<String> = (0..PRODUCTS * PER_PRODUCT)
            .map(|i| format!("rb{i:04}_shot.jpg"))
            .collect();
        let sku_refs: Vec<&str> = skus.iter().map(String::as_str).collect();
        let file_refs: Vec<&str> = files.iter().map(String::as_str).collect();
        // A near-free rule (1 ms) on every route counts the requests each service accepted
        // (rate-limited ones are answered before the rules are looked at).
        let counting = parse_spec("all latency=1ms").unwrap();
        let mut rig = Rig::start_with(catalog(&sku_refs, &file_refs), counting, Some(rate)).await;
        for (i, file) in files.iter().enumerate() {
            let role = if i < PRODUCTS {
                Role::Hero
            } else {
                Role::Gallery
            };
            rig.link(file, &skus[i % PRODUCTS], role, (i / PRODUCTS) as u32);
        }
        let jobs = rig.jobs().len();
        let mut net = fast_net();
        net.rate_limit = Some(rate);
        rig.remotes = remotes(&rig.sim, net);
        let (ps0, ap0) = (
            accepted(&rig, Service::Photoshelter),
            accepted(&rig, Service::Allportal),
        );
        let config = WorkerConfig {
            photoshelter_jobs: 16,
            allportal_jobs: 16,
            ..fast_worker()
        };
        let worker = Worker::new(rig.workspace.clone(), rig.remotes.clone(), config);
        let started = Instant::now();
        let report = tokio::time::timeout(
            Duration::from_secs(3600),
            worker.run(RunUntil::Idle, CancellationToken::new()),
        )
        .await
        .expect("the queue empties within an hour")
        .expect("the worker runs");
        let secs = started.elapsed().as_secs_f64();
        let ps = accepted(&rig, Service::Photoshelter) - ps0;
        let ap = accepted(&rig, Service::Allportal) - ap0;
        println!(
            "transfer_rate: {jobs} jobs ({} done, {} retried) in {secs:.1} s",
            report.done, report.retries
        );
        println!(
            "  4ALLPORTAL   {ap} requests  {:.1} req/s  limit R = {rate}  achieved/R = {:.2}",
            ap as f64 / secs,
            ap as f64 / secs / rate
        );
        println!(
            "  PhotoShelter {ps} requests  {:.1} req/s  limit R = {rate}  achieved/R = {:.2}",
            ps as f64 / secs,
            ps as f64 / secs / rate
        );
    });
}
