//! `shelflink connect photoshelter|allportal --url … --user … [--org …]`: reads the
//! secrets from standard input (hidden when typed, one per line when piped), verifies the
//! account (sign-in, organization, field mapping) and only then saves it.

use crate::accounts::{ConnectRequest, Credentials, KeyringStore, connect};
use crate::net::{NetConfig, Service};
use anyhow::Context;
use clap::{Args, ValueEnum};
use secrecy::SecretString;
use std::io::{BufRead, IsTerminal};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ServiceArg {
    Photoshelter,
    Allportal,
}

/// Which 4ALLPORTAL secrets standard input holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthArg {
    /// The API key on line 1, the password on line 2 (full features).
    Both,
    /// Only the API key (the events feed is then not used).
    ApiKey,
    /// Only the password (a session is used for everything).
    Password,
}

#[derive(Debug, Args)]
pub struct ConnectArgs {
    /// The service to connect.
    #[arg(value_enum)]
    pub service: ServiceArg,
    /// The base URL, e.g. https://www.photoshelter.com or https://dam.example.com
    #[arg(long)]
    pub url: String,
    /// PhotoShelter e-mail address, or 4ALLPORTAL user name.
    #[arg(long)]
    pub user: String,
    /// PhotoShelter organization (id or name) to act in.
    #[arg(long)]
    pub org: Option<String>,
    /// 4ALLPORTAL only: which secrets standard input holds, in this order.
    #[arg(long, value_enum, default_value_t = AuthArg::Both)]
    pub auth: AuthArg,
}

/// Reads the secrets, one per line, prompting without echo on a terminal.
struct SecretInput {
    interactive: bool,
    lines: std::io::Lines<std::io::StdinLock<'static>>,
    line_no: usize,
}

impl SecretInput {
    fn new() -> Self {
        let stdin = std::io::stdin();
        Self {
            interactive: stdin.is_terminal(),
            lines: stdin.lock().lines(),
            line_no: 0,
        }
    }

    fn read(&mut self, what: &str) -> anyhow::Result<SecretString> {
        self.line_no += 1;
        let text = if self.interactive {
            rpassword::prompt_password(format!("{what}: "))
                .with_context(|| format!("cannot read the {what}"))?
        } else {
            match self.lines.next() {
                Some(line) => line.with_context(|| format!("cannot read the {what}"))?,
                None => anyhow::bail!(
                    "expected the {what} on line {} of standard input",
                    self.line_no
                ),
            }
        };
        let text = text.trim_end_matches(['\r', '\n']).to_string();
        if text.trim().is_empty() {
            anyhow::bail!(
                "the {what} is empty (line {} of standard input)",
                self.line_no
            );
        }
        Ok(SecretString::from(text))
    }
}

pub async fn run(args: ConnectArgs) -> anyhow::Result<()> {
    let mut input = SecretInput::new();
    let (service, credentials) = match args.service {
        ServiceArg::Photoshelter => {
            if args.auth != AuthArg::Both {
                anyhow::bail!(
                    "--auth is for 4ALLPORTAL; PhotoShelter always needs the API key and the password"
                );
            }
            let api_key = input.read("PhotoShelter API key")?;
            let password = input.read("PhotoShelter password")?;
            (
                Service::PhotoShelter,
                Credentials {
                    api_key: Some(api_key),
                    password: Some(password),
                },
            )
        }
        ServiceArg::Allportal => {
            if args.org.is_some() {
                anyhow::bail!("--org is for PhotoShelter accounts");
            }
            let api_key = match args.auth {
                AuthArg::Both | AuthArg::ApiKey => Some(input.read("4ALLPORTAL API key")?),
                AuthArg::Password => None,
            };
            let password = match args.auth {
                AuthArg::Both | AuthArg::Password => Some(input.read("4ALLPORTAL password")?),
                AuthArg::ApiKey => None,
            };
            (Service::Allportal, Credentials { api_key, password })
        }
    };
    let request = ConnectRequest {
        service,
        base_url: args.url.clone(),
        user: args.user.clone(),
        organization: args.org.clone(),
        credentials,
        mapping: None,
        net: NetConfig::default(),
    };
    let data_dir = crate::paths::data_dir()?;
    let store = KeyringStore::from_env();
    let connected = connect(&request, &data_dir, &store).await?;
    let account = &connected.account;
    println!("Connected {} account {}", service, account.id);
    for note in &connected.notes {
        println!("  {note}");
    }
    let kept: Vec<&str> = account.secrets.iter().map(|k| k.words()).collect();
    println!(
        "The {} {} in the system keyring; the account is in {}",
        kept.join(" and "),
        if kept.len() == 1 { "is" } else { "are" },
        crate::paths::settings_file(&data_dir).display()
    );
    Ok(())
}
