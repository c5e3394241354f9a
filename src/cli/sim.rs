//! `shelflink sim`: serve the simulator until stopped.

use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct SimArgs {
    /// Serve the built-in demo workspace (about 200 generated images, 60 products).
    #[arg(long, conflicts_with_all = ["seed_dir", "synthetic"])]
    pub demo: bool,
    /// Seed from a catalog folder laid out like products.csv, variants.csv, images.csv, images/.
    #[arg(long, value_name = "DIR")]
    pub seed_dir: Option<PathBuf>,
    /// Generate N images (and about N/2.5 products) lazily.
    #[arg(long, value_name = "N")]
    pub synthetic: Option<usize>,
    /// Seed number: the same number gives the same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub async fn run(args: SimArgs) -> anyhow::Result<()> {
    let _ = args;
    anyhow::bail!("the simulator is not wired in yet")
}
