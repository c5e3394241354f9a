//! `shelflink share [--demo] (--sku S... | --campaign C) --gallery NAME --to EMAIL...
//! [--expires YYYY-MM-DD] [--message TEXT] [--use CHANNEL[:REGION]] [--json]`: queues the
//! share of the products' images and carries it out (or waits while the app's worker
//! does), then prints the link and its expiry. The activity log records it.

use crate::accounts::{KeyringStore, Remotes};
use crate::export::Selection;
use crate::linking::Rules;
use crate::settings::Settings;
use crate::sharing::{self, ProductShareRequest, ShareState};
use crate::transfer::settings::{SECTION, TransferSettings};
use crate::transfer::worker::lock::LockError;
use crate::transfer::{RunUntil, Worker, WorkerError};
use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::{ArgGroup, Args};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("products").required(true).args(["sku", "campaign"])))]
pub struct ShareArgs {
    /// Share from the demo workspace (attached to `shelflink sim --attach-demo`).
    #[arg(long)]
    pub demo: bool,
    /// The images of these products (repeat the option, or separate with commas).
    #[arg(long, num_args = 1.., value_delimiter = ',')]
    pub sku: Vec<String>,
    /// The images of every product of this campaign.
    #[arg(long)]
    pub campaign: Option<String>,
    /// The PhotoShelter gallery to put them in (made when there is none of that name).
    #[arg(long)]
    pub gallery: String,
    /// Recipients' e-mail addresses.
    #[arg(long, required = true, num_args = 1.., value_delimiter = ',')]
    pub to: Vec<String>,
    /// The last day the share opens (YYYY-MM-DD); without it the share does not expire.
    #[arg(long)]
    pub expires: Option<NaiveDate>,
    /// A message for the recipients.
    #[arg(long)]
    pub message: Option<String>,
    /// Where the recipients publish, checked against the rights: CHANNEL[:REGION].
    #[arg(long = "use", value_parser = crate::export::plan::parse_use)]
    pub intended: Option<crate::rights::IntendedUse>,
    /// Print the outcome as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// How long the command waits for another worker (the app) to carry the share out.
const WAIT_LIMIT: Duration = Duration::from_secs(600);

pub async fn run(args: ShareArgs) -> anyhow::Result<()> {
    let workspace = super::transfer::open(args.demo)?;
    let settings = Settings::load(&workspace.settings_file())?;
    let transfer: TransferSettings = settings.section(SECTION)?;
    let rules = Rules::from_settings(&settings)?;
    let selection = match &args.campaign {
        Some(c) => Selection::Campaign(c.clone()),
        None => Selection::Skus(args.sku.clone()),
    };
    let intended = args.intended.clone().unwrap_or_default();
    let queued = sharing::queue_share(
        workspace.cache(),
        &rules,
        &ProductShareRequest {
            selection,
            gallery: args.gallery.clone(),
            recipients: args.to.clone(),
            expires_on: args.expires,
            message: args.message.clone(),
            channel: intended.channel.map(|c| c.as_str().to_owned()),
            region: intended.region.map(|r| r.as_str().to_owned()),
        },
    )?;
    if !args.json {
        println!(
            "Sharing {} file(s) in the gallery {} (job {}).",
            queued.files.len(),
            args.gallery,
            queued.job
        );
        for l in &queued.left_out {
            println!("  left out {} ({}): {}", l.file, l.sku, l.reason);
        }
    }
    let remotes = Remotes::for_workspace(
        &workspace,
        &KeyringStore::from_env(),
        &transfer.remote_net(),
    )?;
    let mut config = transfer.worker_config();
    config.policy = rules.policy.clone();
    let stop = CancellationToken::new();
    let on_signal = stop.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_signal.cancel();
        }
    });
    match Worker::new(workspace.clone(), remotes, config)
        .run(RunUntil::Idle, stop)
        .await
    {
        Ok(_) => {}
        Err(WorkerError::Lock(LockError::Busy)) => {
            if !args.json {
                println!(
                    "Another Shelflink worker runs this workspace; waiting for it to carry the share out."
                );
            }
        }
        Err(e) => return Err(e).context("carrying out the share"),
    }
    let outcome = sharing::wait_for(
        workspace.cache(),
        queued.job,
        Duration::from_millis(500),
        WAIT_LIMIT,
    )
    .await?
    .context("the share job disappeared from the queue")?;
    if args.json {
        let out = serde_json::json!({ "share": outcome, "left_out": queued.left_out });
        println!("{}", serde_json::to_string_pretty(&out)?);
    }
    match outcome.state {
        ShareState::Done => {
            if !args.json {
                println!(
                    "Shared with {}: {}",
                    outcome.recipients.join(", "),
                    outcome
                        .url
                        .as_deref()
                        .unwrap_or("(PhotoShelter gave no link)")
                );
                match outcome.expires_at {
                    Some(at) => println!(
                        "The link opens until {} (UTC).",
                        at.format("%Y-%m-%d %H:%M")
                    ),
                    None => println!("The link does not expire."),
                }
                if outcome.reused {
                    println!("(A share with the same recipients already existed and was used.)");
                }
            }
            Ok(())
        }
        ShareState::Pending => bail!(
            "the share is still queued (job {}): `shelflink transfer run` carries it out",
            outcome.job
        ),
        ShareState::Stopped => bail!(
            "the share did not go out (job {}): {}. See `shelflink transfer status`",
            outcome.job,
            outcome.error.as_deref().unwrap_or("it was cancelled")
        ),
    }
}
