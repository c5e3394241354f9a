//! The `shelflink` command line: one file per subcommand, each a thin wrapper over core.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod accounts;
mod bench;
mod bindings;
mod connect;
mod export;
mod out;
mod rights;
mod search;
mod share;
mod sim;
mod sync;
mod table;
mod transfer;

#[derive(Debug, Parser)]
#[command(
    name = "shelflink",
    version,
    about = "Links PhotoShelter images to 4ALLPORTAL products"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the local simulator of PhotoShelter and 4ALLPORTAL.
    Sim(sim::SimArgs),
    #[command(flatten)]
    Accounts(accounts::AccountCommand),
    /// Sync the connected accounts into the local cache (only what changed since the last sync).
    Sync(sync::SyncArgs),
    /// Search the cache for assets and products.
    Search(search::SearchArgs),
    /// Review usage rights: licences ending soon, ended licences still linked.
    Rights(rights::RightsArgs),
    /// Developer tool: write or check the TypeScript bindings of the UI→core commands.
    Bindings(bindings::BindingsArgs),
    /// The transfer queue: run it, see what it holds, retry failed jobs.
    Transfer(transfer::TransferArgs),
    /// Developer tool: measure sync and search against the simulator.
    Bench(bench::BenchArgs),
    /// Export the approved, rights-clear images of products into a folder, with manifests.
    Export(export::ExportArgs),
    /// Share products' images with outside recipients through a PhotoShelter gallery.
    Share(share::ShareArgs),
}

/// The live workspace of the data folder (`SHELFLINK_HOME` overrides the folder).
fn live_workspace() -> anyhow::Result<crate::workspace::Workspace> {
    let data_dir = crate::paths::data_dir()?;
    Ok(crate::workspace::Workspace::open(
        &data_dir,
        crate::workspace::WorkspaceKind::Live,
    )?)
}

/// Entry point of the `shelflink` binary.
pub fn main() -> ExitCode {
    crate::thumbs::keep_freed_memory();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("shelflink: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Sim(args) => sim::run(args).await,
            Command::Accounts(command) => command.run().await,
            Command::Sync(args) => sync::run(args).await,
            Command::Search(args) => search::run(args),
            Command::Rights(args) => rights::run(args),
            Command::Bindings(args) => bindings::run(args),
            Command::Bench(args) => bench::run(args).await,
            Command::Transfer(args) => transfer::run(args).await,
            Command::Export(args) => export::run(args).await,
            Command::Share(args) => share::run(args).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("shelflink: {}", describe(&err));
            ExitCode::FAILURE
        }
    }
}

/// An error and its causes in one line, each cause once: many errors already say their
/// cause in their own message, and printing the chain again would repeat it.
fn describe(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let message = cause.to_string();
        if text.contains(&message) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&message);
    }
    text
}

#[cfg(test)]
mod describe_tests {
    use super::describe;

    #[derive(Debug, thiserror::Error)]
    #[error("the sync stopped: {0}")]
    struct Quoting(#[source] std::io::Error);

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let err = anyhow::Error::new(Quoting(std::io::Error::other("cannot reach 4ALLPORTAL")));
        assert_eq!(describe(&err), "the sync stopped: cannot reach 4ALLPORTAL");
    }

    #[test]
    fn context_and_a_cause_not_yet_said_are_joined() {
        let err = anyhow::Error::new(std::io::Error::other("file is not a database"))
            .context("cannot open the cache");
        assert_eq!(
            describe(&err),
            "cannot open the cache: file is not a database"
        );
    }
}
