//! The API clients of a saved account, with its secrets read from the keyring (and a
//! PhotoShelter session kept from an earlier run resumed).

use super::{Account, AccountError, SecretKind, SecretStore};
use crate::allportal::{AllportalClient, AllportalConfig};
use crate::net::{NetConfig, Service};
use crate::photoshelter::{OrgId, PhotoShelterClient, PhotoShelterConfig};
use secrecy::SecretString;
use url::Url;

fn base_url(account: &Account) -> Result<Url, AccountError> {
    Url::parse(&account.base_url).map_err(|e| {
        AccountError::Invalid(format!(
            "the base URL of {} is not a URL ({e}): connect the account again",
            account.id
        ))
    })
}

fn required(
    store: &dyn SecretStore,
    account: &Account,
    kind: SecretKind,
) -> Result<SecretString, AccountError> {
    store
        .get(&account.id, kind)?
        .ok_or_else(|| AccountError::MissingSecret {
            account: account.id.clone(),
            kind: kind.words(),
        })
}

/// The PhotoShelter client of `account` (not signed in yet: the first call signs in).
pub fn photoshelter_client(
    account: &Account,
    store: &dyn SecretStore,
    net: NetConfig,
) -> Result<PhotoShelterClient, AccountError> {
    if account.service != Service::PhotoShelter {
        return Err(AccountError::Invalid(format!(
            "{} is not a PhotoShelter account",
            account.id
        )));
    }
    let config = PhotoShelterConfig {
        base_url: base_url(account)?,
        api_key: required(store, account, SecretKind::ApiKey)?,
        email: account.user.clone(),
        password: required(store, account, SecretKind::Password)?,
        organization: account
            .organization
            .as_ref()
            .map(|o| OrgId::new(o.id.clone())),
        net,
    };
    let client = PhotoShelterClient::new(config)?;
    if let Some(token) = store.get(&account.id, SecretKind::Token)? {
        client.resume_session(token);
    }
    Ok(client)
}

/// Keeps the client's session token in the keyring, so the next run resumes the session.
pub fn remember_session(
    account: &Account,
    client: &PhotoShelterClient,
    store: &dyn SecretStore,
) -> Result<(), AccountError> {
    match client.session_token() {
        Some(token) => store.set(&account.id, SecretKind::Token, &token)?,
        None => store.delete(&account.id, SecretKind::Token)?,
    }
    Ok(())
}

/// The 4ALLPORTAL client of `account`, with whichever of API key and password it has.
pub fn allportal_client(
    account: &Account,
    store: &dyn SecretStore,
    net: NetConfig,
) -> Result<AllportalClient, AccountError> {
    if account.service != Service::Allportal {
        return Err(AccountError::Invalid(format!(
            "{} is not a 4ALLPORTAL account",
            account.id
        )));
    }
    let mut config = AllportalConfig::new(base_url(account)?);
    config.net = net;
    if account.secrets.contains(&SecretKind::ApiKey) {
        config.api_key = Some(required(store, account, SecretKind::ApiKey)?);
    }
    if account.secrets.contains(&SecretKind::Password) {
        config.password = Some(required(store, account, SecretKind::Password)?);
        config.username = Some(account.user.clone());
    }
    Ok(AllportalClient::new(config)?)
}
