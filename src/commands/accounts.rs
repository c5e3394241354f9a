//! `accounts_list`, `account_connect`, `account_remove`, `mapping_validate`: the accounts
//! of both services as the Settings view shows them. Secrets go from the request straight
//! to the keyring through `accounts::connect`; no response ever carries one back — only the
//! names of the secrets stored.
//!
//! The demo workspace never mixes with real data, so from it accounts are kept for the live
//! workspace (the data folder the demo folder sits in), which uses them when Shelflink is
//! started without `--demo`.

use super::{CommandError, ErrorCode};
use crate::accounts::{
    self, Account, AccountError, ConnectRequest, Credentials, KeyringStore, SecretKind, SecretStore,
};
use crate::allportal::FieldMapping;
use crate::net::{NetConfig, Service};
use crate::settings::Settings;
use crate::workspace::{Workspace, WorkspaceKind};
use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// Which service an account is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AccountService {
    Photoshelter,
    Allportal,
}

impl From<AccountService> for Service {
    fn from(s: AccountService) -> Service {
        match s {
            AccountService::Photoshelter => Service::PhotoShelter,
            AccountService::Allportal => Service::Allportal,
        }
    }
}

impl From<Service> for AccountService {
    fn from(s: Service) -> AccountService {
        match s {
            Service::PhotoShelter => AccountService::Photoshelter,
            Service::Allportal => AccountService::Allportal,
        }
    }
}

/// One account as the UI sees it: never a secret, only which ones are stored.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AccountView {
    pub id: String,
    pub service: AccountService,
    pub base_url: String,
    pub user: String,
    /// The PhotoShelter organization acted in (name).
    pub organization: Option<String>,
    /// The secrets the keyring holds for it: `api_key`, `password`.
    pub stored: Vec<String>,
    pub connected_at: Option<DateTime<Utc>>,
    /// 4ALLPORTAL: the field mapping in force (the default when none was saved).
    #[ts(type = "Record<string, unknown> | null")]
    pub mapping: Option<serde_json::Value>,
}

impl From<&Account> for AccountView {
    fn from(a: &Account) -> Self {
        AccountView {
            id: a.id.clone(),
            service: a.service.into(),
            base_url: a.base_url.clone(),
            user: a.user.clone(),
            organization: a.organization.as_ref().map(|o| o.name.clone()),
            stored: a
                .secrets
                .iter()
                .filter(|k| **k != SecretKind::Token)
                .map(|k| k.slug().to_owned())
                .collect(),
            connected_at: a.connected_at,
            mapping: (a.service == Service::Allportal)
                .then(|| serde_json::to_value(a.mapping()).ok())
                .flatten(),
        }
    }
}

#[derive(Debug, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AccountsListRequest {}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AccountsList {
    pub accounts: Vec<AccountView>,
    /// True when they are kept for the live workspace (this is the demo workspace).
    pub for_live_workspace: bool,
}

/// The data folder whose settings hold the accounts.
fn accounts_dir(workspace: &Workspace) -> PathBuf {
    let dir = workspace.data_dir();
    match (workspace.kind(), dir.parent()) {
        (WorkspaceKind::Demo, Some(parent)) if crate::paths::demo_dir(parent) == dir => {
            parent.to_path_buf()
        }
        _ => dir.to_path_buf(),
    }
}

fn list_in(workspace: &Workspace, dir: &Path) -> Result<AccountsList, CommandError> {
    let settings = Settings::load(&Settings::path_in(dir)).map_err(CommandError::internal)?;
    Ok(AccountsList {
        accounts: settings.accounts.iter().map(AccountView::from).collect(),
        for_live_workspace: dir != workspace.data_dir(),
    })
}

pub async fn list(
    workspace: &Workspace,
    _request: AccountsListRequest,
) -> Result<AccountsList, CommandError> {
    list_in(workspace, &accounts_dir(workspace))
}

fn account_error(err: AccountError) -> CommandError {
    let code = match &err {
        AccountError::Invalid(_) | AccountError::Api(_) => ErrorCode::Refused,
        AccountError::MissingSecret { .. } => ErrorCode::NotFound,
        AccountError::Secret(_) | AccountError::Settings(_) => ErrorCode::Internal,
    };
    CommandError::new(code, err.to_string())
}

fn mapping_from(value: Option<serde_json::Value>) -> Result<Option<FieldMapping>, CommandError> {
    value
        .map(|v| {
            serde_json::from_value(v).map_err(|e| {
                CommandError::new(
                    ErrorCode::InvalidRequest,
                    format!("the field mapping is not valid ({e}): correct it and try again"),
                )
            })
        })
        .transpose()
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AccountConnectRequest {
    pub service: AccountService,
    pub base_url: String,
    /// PhotoShelter e-mail, or 4ALLPORTAL user name.
    pub user: String,
    /// PhotoShelter organization id or name; none = the user's only one.
    pub organization: Option<String>,
    pub api_key: Option<String>,
    pub password: Option<String>,
    /// 4ALLPORTAL field mapping to check and keep; none = the saved one, else the default.
    #[ts(type = "Record<string, unknown> | null")]
    pub mapping: Option<serde_json::Value>,
}

impl std::fmt::Debug for AccountConnectRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountConnectRequest")
            .field("service", &self.service)
            .field("base_url", &self.base_url)
            .field("user", &self.user)
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("password", &self.password.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AccountConnected {
    pub account: AccountView,
    /// What was found on the way (organization picked, events feed…).
    pub notes: Vec<String>,
}

fn secret(text: Option<String>) -> Option<SecretString> {
    text.filter(|t| !t.trim().is_empty())
        .map(|t| SecretString::from(t.trim().to_owned()))
}

pub async fn connect(
    workspace: &Workspace,
    request: AccountConnectRequest,
) -> Result<AccountConnected, CommandError> {
    connect_with(workspace, request, &KeyringStore::from_env()).await
}

pub(crate) async fn connect_with(
    workspace: &Workspace,
    request: AccountConnectRequest,
    store: &dyn SecretStore,
) -> Result<AccountConnected, CommandError> {
    let req = ConnectRequest {
        service: request.service.into(),
        base_url: request.base_url.trim().to_owned(),
        user: request.user.trim().to_owned(),
        organization: request.organization.filter(|o| !o.trim().is_empty()),
        credentials: Credentials {
            api_key: secret(request.api_key),
            password: secret(request.password),
        },
        mapping: mapping_from(request.mapping)?,
        net: NetConfig::default(),
    };
    let connected = accounts::connect(&req, &accounts_dir(workspace), store)
        .await
        .map_err(account_error)?;
    Ok(AccountConnected {
        account: AccountView::from(&connected.account),
        notes: connected.notes,
    })
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AccountRemoveRequest {
    pub id: String,
}

pub async fn remove(
    workspace: &Workspace,
    request: AccountRemoveRequest,
) -> Result<AccountsList, CommandError> {
    remove_with(workspace, request, &KeyringStore::from_env())
}

pub(crate) fn remove_with(
    workspace: &Workspace,
    request: AccountRemoveRequest,
    store: &dyn SecretStore,
) -> Result<AccountsList, CommandError> {
    let dir = accounts_dir(workspace);
    let removed = Settings::update(&Settings::path_in(&dir), |s| s.remove_account(&request.id))
        .map_err(CommandError::internal)?;
    let Some(account) = removed else {
        return Err(CommandError::new(
            ErrorCode::NotFound,
            format!("there is no account {}: refresh the list", request.id),
        ));
    };
    for kind in [SecretKind::ApiKey, SecretKind::Password, SecretKind::Token] {
        store
            .delete(&account.id, kind)
            .map_err(|e| account_error(e.into()))?;
    }
    list_in(workspace, &dir)
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MappingValidateRequest {
    /// The 4ALLPORTAL account whose instance to check against.
    pub account: String,
    /// The mapping as the settings file holds it; fields left out keep their default.
    #[ts(type = "Record<string, unknown>")]
    pub mapping: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MappingValidated {
    /// The modules checked.
    pub modules: Vec<String>,
    pub account: AccountView,
}

/// Checks the mapping against the instance with the account's stored secrets, and keeps it
/// on the account when every module and field is there (else the error names the first
/// one missing).
pub async fn validate_mapping(
    workspace: &Workspace,
    request: MappingValidateRequest,
) -> Result<MappingValidated, CommandError> {
    validate_mapping_with(workspace, request, &KeyringStore::from_env()).await
}

pub(crate) async fn validate_mapping_with(
    workspace: &Workspace,
    request: MappingValidateRequest,
    store: &dyn SecretStore,
) -> Result<MappingValidated, CommandError> {
    let mapping = mapping_from(Some(request.mapping))?.unwrap_or_default();
    let path = Settings::path_in(&accounts_dir(workspace));
    let settings = Settings::load(&path).map_err(CommandError::internal)?;
    let Some(account) = settings.account(&request.account).cloned() else {
        return Err(CommandError::new(
            ErrorCode::NotFound,
            format!("there is no account {}: connect it first", request.account),
        ));
    };
    let client =
        accounts::allportal_client(&account, store, NetConfig::default()).map_err(account_error)?;
    if client.has_password() {
        client.login().await.map_err(|e| account_error(e.into()))?;
    }
    client
        .validate_mapping(&mapping)
        .await
        .map_err(|e| account_error(e.into()))?;
    let mut saved = account;
    saved.mapping = Some(mapping.clone());
    let view = AccountView::from(&saved);
    Settings::update(&path, |s| s.upsert_account(saved)).map_err(CommandError::internal)?;
    Ok(MappingValidated {
        modules: mapping.modules(),
        account: view,
    })
}

#[cfg(test)]
#[path = "accounts_tests.rs"]
mod tests;
