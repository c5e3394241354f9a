//! `shelflink sim`: serve the simulator until stopped.
//!
//! Prints exactly one JSON line first (both services' URLs, control URLs and credentials),
//! then serves until Ctrl-C or SIGTERM.

use anyhow::Context;
use clap::Args;
use shelflink_sim::{SeedSource, SimOptions, control::parse_spec, start};
use std::io::Write;
use std::path::PathBuf;

const AFTER_HELP: &str = "\
The first line on standard output is one JSON object:
  {\"photoshelter\": {\"base_url\", \"api_url\", \"control_url\", \"api_key\", \"email\",
                    \"password\", \"org_id\", \"org_name\"},
   \"allportal\":    {\"base_url\", \"api_url\", \"control_url\", \"api_key\", \"username\", \"password\"},
   \"seeded\":       {\"images\", \"products\", \"links\"}}

Fault SPEC (--faults), rules separated by ';':
  RULE    = SERVICE [METHOD] [PATH] EFFECT... [p=PROBABILITY] [n=TIMES]
  SERVICE = ps | photoshelter | ap | allportal | all
  METHOD  = GET | POST | PUT | PATCH | DELETE | HEAD | OPTIONS   (default: any)
  PATH    = glob starting with '/': '*' within one segment, '**' across segments (default: any)
  EFFECT  = 500 | 502 | 503       error in the service's envelope, request not handled
          | 429[:SECONDS]         Too Many Requests with Retry-After (default 1 s)
          | reset                 handled, then the body is cut off and the connection dropped
          | truncate              handled, then only the first half of the body is sent
          | malformed             handled, then the body is garbled
          | latency=MS[ms]        delay before handling (combines with one of the above)
  p=0.2 hits a matching request with 20 % chance (seeded by --seed); n=3 hits 3 requests at most.
  Example: --faults 'ps GET /psapi/v3/mem/gallery/** 503 p=0.3; ap latency=250ms; ap PATCH /api/modules/*/objects 429:2 n=1'

At runtime: GET|PUT {control_url}/faults (JSON, or a SPEC as text/plain), GET {control_url}/writes,
POST {control_url}/writes/clear. Faults and the rate limit never apply to /_sim/ routes.";

#[derive(Debug, Args)]
#[command(after_long_help = AFTER_HELP, after_help = "Run with --help for the JSON line and the fault SPEC syntax.")]
pub struct SimArgs {
    /// Serve the built-in demo workspace (about 200 generated images, 60 products); the default.
    #[arg(long, conflicts_with_all = ["seed_dir", "synthetic"])]
    pub demo: bool,
    /// Seed from a catalog folder laid out like products.csv, variants.csv, images.csv, images/
    /// (and optionally metadata/ with JPEGs).
    #[arg(long, value_name = "DIR", conflicts_with = "synthetic")]
    pub seed_dir: Option<PathBuf>,
    /// Generate N images (and about N/2.5 products) lazily.
    #[arg(long, value_name = "N")]
    pub synthetic: Option<usize>,
    /// Seed number: the same number gives the same data, credentials and fault dice.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Fault rules, e.g. 'ps 503 p=0.1; ap latency=200ms' (syntax in --help).
    #[arg(long, value_name = "SPEC")]
    pub faults: Option<String>,
    /// Requests per second each service accepts before answering 429 with Retry-After.
    #[arg(long, value_name = "RPS")]
    pub rate_limit: Option<f64>,
    /// Port for PhotoShelter on 127.0.0.1 (0 = any free port).
    #[arg(long, value_name = "P", default_value_t = 0)]
    pub photoshelter_port: u16,
    /// Port for 4ALLPORTAL on 127.0.0.1 (0 = any free port).
    #[arg(long, value_name = "Q", default_value_t = 0)]
    pub allportal_port: u16,
    /// Point the demo workspace (in the data folder, `SHELFLINK_HOME`) at this simulator,
    /// so `shelflink … --demo` commands talk to it while it runs.
    #[arg(long)]
    pub attach_demo: bool,
}

impl SimArgs {
    /// The simulator options these flags ask for.
    pub fn options(&self) -> anyhow::Result<SimOptions> {
        let seed = match (&self.seed_dir, self.synthetic) {
            (Some(dir), _) => SeedSource::Dir(dir.clone()),
            (None, Some(n)) => SeedSource::Synthetic(n),
            (None, None) => SeedSource::Demo,
        };
        let faults = match &self.faults {
            Some(spec) => parse_spec(spec)
                .map_err(anyhow::Error::msg)
                .context("--faults")?,
            None => Vec::new(),
        };
        if let Some(rps) = self.rate_limit
            && !(rps > 0.0 && rps.is_finite())
        {
            anyhow::bail!("--rate-limit {rps}: give a positive number of requests per second");
        }
        Ok(SimOptions {
            seed,
            seed_number: self.seed,
            faults,
            rate_limit: self.rate_limit,
            photoshelter_port: self.photoshelter_port,
            allportal_port: self.allportal_port,
        })
    }
}

pub async fn run(args: SimArgs) -> anyhow::Result<()> {
    let sim = start(args.options()?)
        .await
        .context("starting the simulator")?;
    if args.attach_demo {
        attach_demo(&sim, args.seed)?;
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", sim.announcement()).context("writing the start line")?;
    out.flush().context("writing the start line")?;
    drop(out);
    stopped().await?;
    sim.stop().await;
    Ok(())
}

/// Records the simulator's URLs in the demo workspace.
fn attach_demo(sim: &shelflink_sim::RunningSim, seed: u64) -> anyhow::Result<()> {
    let data_dir = crate::paths::data_dir()?;
    let workspace = crate::workspace::Workspace::open(
        &crate::paths::demo_dir(&data_dir),
        crate::workspace::WorkspaceKind::Demo,
    )?;
    crate::accounts::SimulatorTarget {
        photoshelter_url: sim.photoshelter.base_url.clone(),
        allportal_url: sim.allportal.base_url.clone(),
        seed,
    }
    .save(&workspace)
    .context("attaching the demo workspace to the simulator")
}

/// Waits for Ctrl-C or, on Unix, SIGTERM.
async fn stopped() -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .context("listening for SIGTERM")?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result.context("listening for Ctrl-C"),
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c()
            .await
            .context("listening for Ctrl-C")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: SimArgs,
    }

    fn options(argv: &[&str]) -> anyhow::Result<SimOptions> {
        let mut full = vec!["sim"];
        full.extend_from_slice(argv);
        Wrapper::try_parse_from(full)?.args.options()
    }

    #[test]
    fn without_a_seed_flag_the_demo_is_served() {
        assert!(matches!(options(&[]).unwrap().seed, SeedSource::Demo));
        assert!(matches!(
            options(&["--synthetic", "500"]).unwrap().seed,
            SeedSource::Synthetic(500)
        ));
    }

    #[test]
    fn seed_flags_exclude_each_other() {
        assert!(options(&["--demo", "--synthetic", "5"]).is_err());
        assert!(options(&["--seed-dir", "x", "--synthetic", "5"]).is_err());
    }

    #[test]
    fn a_bad_fault_spec_or_rate_is_refused_with_the_reason() {
        let err = options(&["--faults", "ps teapot"]).unwrap_err();
        assert!(format!("{err:#}").contains("teapot"), "{err:#}");
        assert!(options(&["--rate-limit", "0"]).is_err());
        let ok = options(&["--faults", "all 503 p=0.5", "--rate-limit", "20"]).unwrap();
        assert_eq!(ok.faults.len(), 2);
        assert_eq!(ok.rate_limit, Some(20.0));
    }
}
