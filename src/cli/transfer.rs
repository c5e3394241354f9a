//! `shelflink transfer [--demo] run|status|retry-failed|cancel [--json]`: the transfer
//! queue from the command line. `run` carries out the queued jobs with a progress bar and
//! returns when nothing is left that would run without a person (`--watch`: keeps waiting
//! for new jobs until Ctrl-C).

use crate::accounts::{KeyringStore, Remotes};
use crate::commands::events::EventSink;
use crate::linking::Rules;
use crate::settings::Settings;
use crate::transfer::queue::{self, JobFilter};
use crate::transfer::settings::{SECTION, TransferSettings};
use crate::transfer::status::{self, JobCounts, JobView};
use crate::transfer::{JobState, RetryScope, RunUntil, Worker};
use crate::workspace::{Workspace, WorkspaceKind};
use anyhow::{Context, bail};
use chrono::Utc;
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

#[derive(Debug, Args)]
pub struct TransferArgs {
    /// Act on the demo workspace (attached to `shelflink sim --attach-demo`).
    #[arg(long, global = true)]
    pub demo: bool,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: TransferCommand,
}

#[derive(Debug, Subcommand)]
pub enum TransferCommand {
    /// Carry out the queued jobs; ends when nothing is left that would run without a person.
    Run {
        /// Keep running and wait for new jobs until Ctrl-C.
        #[arg(long)]
        watch: bool,
    },
    /// Jobs by state, and every job not done yet.
    Status,
    /// Queue every failed job and every job needing attention again.
    RetryFailed,
    /// Cancel a job (and whatever waits for it).
    Cancel {
        /// The job's number, as `status` lists it.
        job: i64,
    },
}

pub(super) fn open(demo: bool) -> anyhow::Result<Workspace> {
    let data_dir = crate::paths::data_dir()?;
    let (dir, kind) = if demo {
        (crate::paths::demo_dir(&data_dir), WorkspaceKind::Demo)
    } else {
        (data_dir, WorkspaceKind::Live)
    };
    Ok(Workspace::open(&dir, kind)?)
}

pub async fn run(args: TransferArgs) -> anyhow::Result<()> {
    let workspace = open(args.demo)?;
    match args.command {
        TransferCommand::Run { watch } => run_worker(&workspace, watch, args.json).await,
        TransferCommand::Status => print_status(&workspace, args.json),
        TransferCommand::RetryFailed => {
            let ids = workspace.cache().with_conn(|c| {
                let tx = c.unchecked_transaction()?;
                let ids = status::retry(&tx, RetryScope::AllFailed, Utc::now())?;
                tx.commit()?;
                Ok(ids)
            })?;
            if args.json {
                println!("{}", serde_json::json!({ "jobs": ids }));
            } else if ids.is_empty() {
                println!("No failed jobs.");
            } else {
                println!(
                    "Queued {} job(s) again; `shelflink transfer run` carries them out.",
                    ids.len()
                );
            }
            Ok(())
        }
        TransferCommand::Cancel { job } => {
            let outcome = workspace.cache().with_conn(|c| {
                let tx = c.unchecked_transaction()?;
                let outcome = status::cancel(&tx, job, Utc::now())?;
                tx.commit()?;
                Ok(outcome)
            })?;
            let words = match outcome {
                crate::transfer::Cancelled::Now => "cancelled",
                crate::transfer::Cancelled::Requested => "stopping (it is running)",
                crate::transfer::Cancelled::AlreadyOver(_) => "already finished",
                crate::transfer::Cancelled::NotFound => bail!("there is no job {job}"),
            };
            if args.json {
                println!("{}", serde_json::json!({ "job": job, "outcome": words }));
            } else {
                println!("Job {job}: {words}.");
            }
            Ok(())
        }
    }
}

async fn run_worker(workspace: &Workspace, watch: bool, json: bool) -> anyhow::Result<()> {
    let settings = Settings::load(&workspace.settings_file())?;
    let transfer: TransferSettings = settings.section(SECTION)?;
    let rules = Rules::from_settings(&settings)?;
    let remotes =
        Remotes::for_workspace(workspace, &KeyringStore::from_env(), &transfer.remote_net())?;
    let mut config = transfer.worker_config();
    config.policy = rules.policy;
    let bar = (!json).then(|| Arc::new(Bar::new()));
    if let Some(bar) = &bar {
        workspace.attach_events(bar.clone());
    }
    let stop = CancellationToken::new();
    let on_signal = stop.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_signal.cancel();
        }
    });
    let until = if watch {
        RunUntil::Stopped
    } else {
        RunUntil::Idle
    };
    let report = Worker::new(workspace.clone(), remotes, config)
        .run(until, stop)
        .await
        .context("running the transfer queue")?;
    if let Some(bar) = &bar {
        bar.bar.finish_and_clear();
    }
    if json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "{} job(s) done in this run ({} attempt(s), {} retried){}.",
            report.done,
            report.attempts,
            report.retries,
            if report.resumed.is_empty() {
                String::new()
            } else {
                format!(", {} resumed after an interruption", report.resumed.len())
            }
        );
        println!("{}", counts_line(&report.counts));
    }
    let stuck = report.counts.needs_attention + report.counts.given_up;
    if stuck > 0 {
        bail!(
            "{stuck} job(s) need a person: see `shelflink transfer status`, then `shelflink transfer retry-failed`"
        );
    }
    Ok(())
}

fn counts_line(c: &JobCounts) -> String {
    format!(
        "Queue: {} done, {} queued ({} blocked), {} running, {} retrying, {} need attention, {} given up, {} cancelled",
        c.done,
        c.queued,
        c.blocked,
        c.running,
        c.retrying,
        c.needs_attention,
        c.given_up,
        c.cancelled
    )
}

fn print_status(workspace: &Workspace, json: bool) -> anyhow::Result<()> {
    let (counts, paused, open) = workspace.cache().with_conn(|c| {
        let open = queue::list(
            c,
            &JobFilter {
                states: vec![
                    JobState::Queued,
                    JobState::Running,
                    JobState::Failed,
                    JobState::NeedsAttention,
                ],
                ..JobFilter::default()
            },
        )?;
        Ok((status::counts(c)?, status::is_paused(c)?, open))
    })?;
    let views: Vec<JobView> = open.iter().map(JobView::from).collect();
    if json {
        let out = serde_json::json!({ "counts": counts, "paused": paused, "open": views });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "{}{}",
        counts_line(&counts),
        if paused { " — paused" } else { "" }
    );
    for job in &views {
        let state = match (job.state, job.next_try_at) {
            (JobState::Failed, Some(at)) => format!("retrying at {}", at.format("%H:%M:%S")),
            (JobState::Failed, None) => "given up".into(),
            (state, _) => state_words(state).into(),
        };
        println!(
            "{:>6}  {:<16}  {:<22}  {}",
            job.id,
            job.kind.as_str(),
            state,
            job.summary
        );
        if let Some(why) = job.attention_reason.as_ref().or(job.last_error.as_ref()) {
            println!("{:>6}  {why}", "");
        }
    }
    Ok(())
}

fn state_words(state: JobState) -> &'static str {
    match state {
        JobState::Queued => "queued",
        JobState::Running => "running",
        JobState::Done => "done",
        JobState::Failed => "failed",
        JobState::NeedsAttention => "needs attention",
        JobState::Cancelled => "cancelled",
    }
}

/// The progress bar, fed by the worker's events.
struct Bar {
    bar: ProgressBar,
}

impl Bar {
    fn new() -> Self {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} jobs  {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Self { bar }
    }
}

impl EventSink for Bar {
    fn emit(&self, name: &'static str, payload: Value) {
        match name {
            "transfer_progress" => {
                let Ok(counts) = serde_json::from_value::<Counted>(payload["counts"].clone())
                else {
                    return;
                };
                let finished =
                    counts.done + counts.needs_attention + counts.given_up + counts.cancelled;
                self.bar.set_length(u64::from(
                    finished + counts.queued + counts.running + counts.retrying,
                ));
                self.bar.set_position(u64::from(finished));
                let mut msg = format!("{} running", counts.running);
                if counts.retrying > 0 {
                    msg.push_str(&format!(", {} retrying", counts.retrying));
                }
                if counts.needs_attention > 0 {
                    msg.push_str(&format!(", {} need attention", counts.needs_attention));
                }
                if let Some(offline) = payload["offline"].as_str() {
                    msg.push_str(&format!(" — {offline}"));
                }
                if let Some(rate) = payload["jobs_per_second"].as_f64().filter(|r| *r > 0.0) {
                    msg.push_str(&format!(" — {rate:.1} jobs/s"));
                }
                self.bar.set_message(msg);
            }
            "job_changed" => {
                let job = &payload["job"];
                if job["state"] == "needs_attention" {
                    self.bar.println(format!(
                        "job {} needs attention: {}",
                        job["id"],
                        job["attention_reason"].as_str().unwrap_or("")
                    ));
                }
            }
            _ => {}
        }
    }
}

/// The counts as the progress event carries them.
#[derive(serde::Deserialize)]
struct Counted {
    queued: u32,
    running: u32,
    done: u32,
    retrying: u32,
    given_up: u32,
    needs_attention: u32,
    cancelled: u32,
}
