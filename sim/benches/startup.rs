//! Time from `start` to the first answered request with `--synthetic 50000` (target: well
//! under 10 s on a 2-core machine), and the cost of drawing one generated original.
//! Run: `cargo bench -p shelflink-sim --bench startup`.

use shelflink_sim::seed::bytes::image_bytes;
use shelflink_sim::{SeedSource, SimOptions, start};
use std::time::{Duration, Instant};

const IMAGES: usize = 50_000;
const TARGET: Duration = Duration::from_secs(10);

fn main() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let started = Instant::now();
        let sim = start(SimOptions { seed: SeedSource::Synthetic(IMAGES), ..SimOptions::default() }).await?;
        let serving = started.elapsed();
        let client = reqwest::Client::new();
        let status = client.get(format!("{}/mem/authenticate", sim.photoshelter.api_url)).send().await?.status();
        let first_answer = started.elapsed();
        println!(
            "synthetic {IMAGES}: seeded and serving after {:.2} s, first answer (HTTP {}) after {:.2} s = {:.3} of the 10 s target",
            serving.as_secs_f64(),
            status.as_u16(),
            first_answer.as_secs_f64(),
            first_answer.as_secs_f64() / TARGET.as_secs_f64()
        );
        let catalog = shelflink_sim::seed::synthetic(100, 1);
        let drawn = Instant::now();
        for image in catalog.images.iter().take(10) {
            image_bytes(&image.source)?;
        }
        println!("drawing a generated original: {:.1} ms each", drawn.elapsed().as_secs_f64() * 100.0);
        sim.stop().await;
        anyhow::Ok(())
    })
}
