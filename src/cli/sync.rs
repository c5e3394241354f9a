//! `shelflink sync [--full] [--json]`: syncs the connected accounts into the cache of the
//! data folder, with a progress bar; Ctrl-C stops it cleanly (the next sync continues).

use super::out::{self, outln};
use crate::accounts::KeyringStore;
use crate::net::NetConfig;
use crate::settings::Settings;
use crate::sync::{
    CancellationToken, ProgressSink, SyncConfig, SyncProgress, SyncRun, SyncSources,
};
use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Read everything again instead of only what changed.
    #[arg(long)]
    pub full: bool,
    /// Print the report as JSON (and no progress bar).
    #[arg(long)]
    pub json: bool,
}

/// The progress bar on standard error (drawn only on a terminal).
struct Bar(ProgressBar);

impl ProgressSink for Bar {
    fn progress(&self, p: &SyncProgress) {
        if let Some(total) = p.total
            && self.0.length() != Some(total)
        {
            self.0.set_length(total);
        }
        self.0.set_position(p.done);
        let step = |s: &Option<crate::sync::ServiceProgress>, name: &str| {
            s.as_ref().map(|s| format!("{name}: {} {}", s.done, s.step))
        };
        let parts: Vec<String> = [
            step(&p.photoshelter, "PhotoShelter"),
            step(&p.allportal, "4ALLPORTAL"),
        ]
        .into_iter()
        .flatten()
        .collect();
        self.0
            .set_message(format!("{:?} — {}", p.phase, parts.join(" · ")).to_lowercase());
    }
}

pub async fn run(args: SyncArgs) -> anyhow::Result<()> {
    let workspace = super::live_workspace()?;
    let settings_file = workspace.settings_file();
    let (sources, mut config) = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let settings = Settings::load(&settings_file)?;
        let sources =
            SyncSources::from_settings(&settings, &KeyringStore::from_env(), NetConfig::default())?;
        Ok((sources, SyncConfig::from_settings(&settings)?))
    })
    .await
    .context("reading the accounts")??;
    config.full = args.full;
    let bar = if args.json {
        ProgressBar::hidden()
    } else {
        ProgressBar::new_spinner()
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} records  eta {eta}\n  {msg}",
        )
        .context("the progress bar template")?,
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let sink = Bar(bar.clone());
    let token = CancellationToken::new();
    let on_ctrl_c = token.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.cancel();
        }
    });
    let result = SyncRun::new(workspace.cache(), &sources, &config)
        .progress(&sink)
        .cancel_with(token)
        .run()
        .await;
    bar.finish_and_clear();
    let report = result?;
    if args.json {
        return out::emit(&format!("{}\n", serde_json::to_string_pretty(&report)?));
    }
    let mut out = String::new();
    outln!(out, "{}", report.summary());
    for change in &report.flags {
        let sku = change.sku.as_deref().unwrap_or(&change.product);
        match (change.to, &change.reason) {
            (Some(flag), Some(reason)) => outln!(
                out,
                "  {} on {sku}: {} — {reason}",
                change.file_name,
                flag.as_str()
            ),
            _ => outln!(out, "  {} on {sku}: flag cleared", change.file_name),
        }
    }
    out::emit(&out)
}
