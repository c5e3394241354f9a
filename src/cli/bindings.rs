//! `shelflink bindings`: write or check the generated TypeScript bindings of the declared
//! commands and events (a developer tool; `make bindings` and `make test` call it).

use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct BindingsArgs {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Regenerate the bindings in DIR, removing files that are no longer generated.
    Export {
        #[arg(long, value_name = "DIR", default_value = "ui/src/bindings")]
        dir: PathBuf,
    },
    /// Fail when the bindings in DIR differ from what `export` would write.
    Check {
        #[arg(long, value_name = "DIR", default_value = "ui/src/bindings")]
        dir: PathBuf,
    },
}

pub fn run(args: BindingsArgs) -> anyhow::Result<()> {
    match args.action {
        Action::Export { dir } => {
            let files = crate::commands::bindings::write(&dir)?;
            println!("wrote {} binding files to {}", files.len(), dir.display());
        }
        Action::Check { dir } => {
            crate::commands::bindings::check(&dir)?;
            println!("the bindings in {} are up to date", dir.display());
        }
    }
    Ok(())
}
