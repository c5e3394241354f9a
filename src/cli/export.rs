//! `shelflink export [--demo] (--campaign C | --category C | --sku S...) [--size WxH |
//! --originals] [--use CHANNEL[:REGION]] --to DIR [--json]`: the approved, rights-clear
//! images of the chosen products into a folder, with manifests. A progress bar while it
//! runs; Ctrl-C stops it, and running it again resumes.

use crate::accounts::{KeyringStore, Remotes};
use crate::export::{
    self, ExportPhase, ExportProgress, ExportReport, ExportRequest, ImageSize, Selection,
};
use crate::linking::Rules;
use crate::rights::IntendedUse;
use crate::settings::Settings;
use crate::transfer::settings::{SECTION, TransferSettings};
use anyhow::bail;
use clap::{ArgGroup, Args};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use tokio_util::sync::CancellationToken;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("products").required(true).args(["campaign", "category", "sku"])))]
#[command(group(ArgGroup::new("sizes").args(["size", "originals"])))]
pub struct ExportArgs {
    /// Export from the demo workspace (attached to `shelflink sim --attach-demo`).
    #[arg(long)]
    pub demo: bool,
    /// Every product of this campaign.
    #[arg(long)]
    pub campaign: Option<String>,
    /// Every product of this category and the categories below it (e.g. `Men/Tops`).
    #[arg(long)]
    pub category: Option<String>,
    /// These SKUs (repeat the option, or separate with commas).
    #[arg(long, num_args = 1.., value_delimiter = ',')]
    pub sku: Vec<String>,
    /// Renditions fitting inside WIDTHxHEIGHT pixels (JPEG), e.g. 1600x1600.
    #[arg(long, value_parser = ImageSize::parse_box)]
    pub size: Option<ImageSize>,
    /// The original files (the default).
    #[arg(long)]
    pub originals: bool,
    /// What the images are for, checked against their rights: CHANNEL[:REGION], e.g. print:DE.
    #[arg(long = "use", value_parser = export::plan::parse_use)]
    pub intended: Option<IntendedUse>,
    /// The folder to export into (made when missing; files you put there are left alone).
    #[arg(long)]
    pub to: PathBuf,
    /// Print the report as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

impl ExportArgs {
    fn selection(&self) -> Selection {
        match (&self.campaign, &self.category) {
            (Some(c), _) => Selection::Campaign(c.clone()),
            (None, Some(c)) => Selection::Category(c.clone()),
            (None, None) => Selection::Skus(self.sku.clone()),
        }
    }
}

pub async fn run(args: ExportArgs) -> anyhow::Result<()> {
    let workspace = super::transfer::open(args.demo)?;
    let settings = Settings::load(&workspace.settings_file())?;
    let transfer: TransferSettings = settings.section(SECTION)?;
    let rules = Rules::from_settings(&settings)?;
    let request = ExportRequest {
        selection: args.selection(),
        size: args.size.unwrap_or(ImageSize::Original),
        intended: args.intended.clone().unwrap_or_default(),
        target: args.to.display().to_string(),
    };
    let prepared = export::prepare(workspace.cache(), request, (rules.today)(), &rules.policy)?;
    let remotes = Remotes::for_workspace(
        &workspace,
        &KeyringStore::from_env(),
        &transfer.remote_net(),
    )?;
    let cancel = CancellationToken::new();
    let on_signal = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_signal.cancel();
        }
    });
    let bar = (!args.json).then(|| {
        let bar = ProgressBar::new(prepared.plan.images.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} images  {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let progress = |p: &ExportProgress| {
        if let Some(bar) = &bar {
            bar.set_position(u64::from(p.done));
            bar.set_message(format!(
                "{} downloaded ({:.1} MB){}",
                p.downloaded,
                p.bytes as f64 / 1e6,
                p.current
                    .as_deref()
                    .map(|c| format!("  {c}"))
                    .unwrap_or_default()
            ));
        }
    };
    let result = prepared
        .run(
            workspace.cache(),
            &remotes.photoshelter,
            "cli",
            &cancel,
            &progress,
        )
        .await;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let report = result?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report);
    }
    if report.phase == ExportPhase::Cancelled {
        bail!("the export was stopped; run the same command again to resume");
    }
    Ok(())
}

fn print_report(r: &ExportReport) {
    println!(
        "{} image(s) of {} product(s) in {}: {} downloaded ({:.1} MB), {} unchanged.",
        r.images.len(),
        r.products,
        r.target,
        r.downloaded,
        r.bytes_downloaded as f64 / 1e6,
        r.unchanged
    );
    if r.phase == ExportPhase::Finished {
        println!(
            "Manifests: {}, {} and {}.",
            export::MANIFEST_CSV,
            export::MANIFEST_JSON,
            export::LEFT_OUT_CSV
        );
    }
    if !r.left_out.is_empty() {
        println!("{} image(s) left out:", r.left_out.len());
        for l in &r.left_out {
            println!(
                "  {} #{} {} ({}): {}",
                l.sku, l.position, l.original_file_name, l.photoshelter_id, l.reason_text
            );
        }
    }
    if !r.without_images.is_empty() {
        const SHOWN: usize = 10;
        let more = r.without_images.len().saturating_sub(SHOWN);
        println!(
            "{} product(s) have no linked image: {}{}",
            r.without_images.len(),
            r.without_images[..r.without_images.len().min(SHOWN)].join(", "),
            if more > 0 {
                format!(" and {more} more (--json lists them all)")
            } else {
                String::new()
            }
        );
    }
}
