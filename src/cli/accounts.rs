//! `shelflink accounts [--json]`: the connected accounts, never their secrets; and the
//! account subcommands registered with the command line.

use crate::settings::Settings;
use clap::{Args, Subcommand};

/// The account subcommands (flattened into the top-level command list).
#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Connect a PhotoShelter or 4ALLPORTAL account; secrets are read from standard input
    /// and kept in the system keyring once the account is verified.
    Connect(super::connect::ConnectArgs),
    /// List the connected accounts (without secrets).
    Accounts(AccountsArgs),
}

impl AccountCommand {
    pub async fn run(self) -> anyhow::Result<()> {
        match self {
            AccountCommand::Connect(args) => super::connect::run(args).await,
            AccountCommand::Accounts(args) => run(args),
        }
    }
}

#[derive(Debug, Args)]
pub struct AccountsArgs {
    /// Print the accounts as JSON (with their field mappings).
    #[arg(long)]
    pub json: bool,
}

fn run(args: AccountsArgs) -> anyhow::Result<()> {
    let data_dir = crate::paths::data_dir()?;
    let settings = Settings::load(&crate::paths::settings_file(&data_dir))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&settings.accounts)?);
        return Ok(());
    }
    if settings.accounts.is_empty() {
        println!(
            "No accounts yet: connect one with `shelflink connect photoshelter|allportal --url … --user …`"
        );
        return Ok(());
    }
    let rows: Vec<[String; 6]> = settings
        .accounts
        .iter()
        .map(|a| {
            [
                a.id.clone(),
                a.service.to_string(),
                a.base_url.clone(),
                a.user.clone(),
                a.organization
                    .as_ref()
                    .map(|o| format!("{} ({})", o.name, o.id))
                    .unwrap_or_else(|| "-".into()),
                a.secrets
                    .iter()
                    .map(|k| k.words())
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        })
        .collect();
    let header = [
        "ACCOUNT",
        "SERVICE",
        "URL",
        "USER",
        "ORGANIZATION",
        "IN KEYRING",
    ];
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    println!("{}", line(header.to_vec()));
    for row in &rows {
        println!("{}", line(row.iter().map(String::as_str).collect()));
    }
    Ok(())
}
