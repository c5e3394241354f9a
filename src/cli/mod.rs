//! The `shelflink` command line: one file per subcommand, each a thin wrapper over core.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod accounts;
mod bindings;
mod connect;
mod sim;
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
    /// Developer tool: write or check the TypeScript bindings of the UI→core commands.
    Bindings(bindings::BindingsArgs),
    /// The transfer queue: run it, see what it holds, retry failed jobs.
    Transfer(transfer::TransferArgs),
}

/// Entry point of the `shelflink` binary.
pub fn main() -> ExitCode {
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
            Command::Bindings(args) => bindings::run(args),
            Command::Transfer(args) => transfer::run(args).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("shelflink: {err:#}");
            ExitCode::FAILURE
        }
    }
}
