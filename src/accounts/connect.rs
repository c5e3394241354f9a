//! Connecting an account: sign in, pick the organization, check the field mapping against
//! the instance, and only then keep the secrets in the keyring and the account in the
//! settings.

use super::{Account, AccountError, AccountOrganization, SecretKind, SecretStore};
use crate::allportal::{AllportalClient, AllportalConfig, FieldMapping};
use crate::net::{NetConfig, Service};
use crate::photoshelter::{CollectionId, Organization, PhotoShelterClient, PhotoShelterConfig};
use crate::settings::Settings;
use secrecy::SecretString;
use std::path::Path;
use url::Url;

/// The secrets given when connecting.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    pub api_key: Option<SecretString>,
    pub password: Option<SecretString>,
}

/// What to connect.
#[derive(Debug, Clone)]
pub struct ConnectRequest {
    pub service: Service,
    pub base_url: String,
    /// PhotoShelter e-mail or 4ALLPORTAL user name.
    pub user: String,
    /// PhotoShelter organization id or name; `None` picks the only one, if there is one.
    pub organization: Option<String>,
    pub credentials: Credentials,
    /// 4ALLPORTAL mapping to check; `None` = the saved one, else the default.
    pub mapping: Option<FieldMapping>,
    pub net: NetConfig,
}

/// A verified account and what was found on the way.
#[derive(Debug, Clone)]
pub struct Connected {
    pub account: Account,
    /// Facts for the person connecting (organization picked, events feed state…).
    pub notes: Vec<String>,
}

fn parse_url(text: &str) -> Result<Url, AccountError> {
    let url = Url::parse(text).map_err(|e| {
        AccountError::Invalid(format!(
            "`{text}` is not a URL ({e}): give it like https://host.example"
        ))
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(AccountError::Invalid(format!(
            "`{text}` is not an http(s) URL"
        )));
    }
    Ok(url)
}

fn choose_org(
    wanted: Option<&str>,
    orgs: &[Organization],
) -> Result<Option<Organization>, AccountError> {
    let list = || {
        orgs.iter()
            .map(|o| format!("{} ({})", o.name, o.id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match wanted {
        Some(w) => orgs
            .iter()
            .find(|o| o.id.as_str() == w || o.name.eq_ignore_ascii_case(w))
            .cloned()
            .map(Some)
            .ok_or_else(|| {
                AccountError::Invalid(if orgs.is_empty() {
                    format!("the user belongs to no organization, so `{w}` cannot be used: leave out --org")
                } else {
                    format!("the user is not in an organization `{w}`; the user's organizations: {}", list())
                })
            }),
        None => match orgs {
            [] => Ok(None),
            [one] => Ok(Some(one.clone())),
            _ => Err(AccountError::Invalid(format!(
                "the user belongs to several organizations: choose one with --org ({})",
                list()
            ))),
        },
    }
}

async fn verify_photoshelter(req: &ConnectRequest, url: Url) -> Result<Connected, AccountError> {
    let (Some(api_key), Some(password)) = (&req.credentials.api_key, &req.credentials.password)
    else {
        return Err(AccountError::Invalid(
            "a PhotoShelter account needs the API key and the password".into(),
        ));
    };
    let client = PhotoShelterClient::new(PhotoShelterConfig {
        base_url: url,
        api_key: api_key.clone(),
        email: req.user.clone(),
        password: password.clone(),
        organization: None,
        net: req.net.clone(),
    })?;
    let info = client.login().await?;
    let mut notes = Vec::new();
    let mut account = Account::new(Service::PhotoShelter, &req.base_url, &req.user);
    if let Some(org) = choose_org(req.organization.as_deref(), &info.organizations)? {
        client.enter_organization(&org.id).await?;
        notes.push(format!(
            "acting in the organization {} ({})",
            org.name, org.id
        ));
        account.organization = Some(AccountOrganization {
            id: org.id.to_string(),
            name: org.name.clone(),
        });
    }
    let top = client.children(&CollectionId::root()).await?;
    notes.push(format!(
        "the top of the library holds {} collections and {} galleries",
        top.collections.len(),
        top.galleries.len()
    ));
    if let Err(e) = client.logout().await {
        tracing::warn!(error = %e, "signing out after the check failed");
    }
    account.secrets = vec![SecretKind::ApiKey, SecretKind::Password];
    Ok(Connected { account, notes })
}

async fn verify_allportal(
    req: &ConnectRequest,
    url: Url,
    mapping: FieldMapping,
) -> Result<Connected, AccountError> {
    let mut config = AllportalConfig::new(url);
    config.net = req.net.clone();
    config.api_key = req.credentials.api_key.clone();
    if req.credentials.password.is_some() {
        config.username = Some(req.user.clone());
        config.password = req.credentials.password.clone();
    }
    let client = AllportalClient::new(config)?;
    let mut notes = Vec::new();
    if client.has_password() {
        client.login().await?;
    }
    client.validate_mapping(&mapping).await?;
    notes.push(format!(
        "the field mapping fits the modules {}",
        mapping.modules().join(", ")
    ));
    let connectors = [&mapping.connectors.product, &mapping.connectors.file];
    for connector in connectors.into_iter().flatten() {
        if !client.has_password() {
            notes.push(format!(
                "without a password the events feed `{connector}` cannot be read: changes are found by modification time"
            ));
            continue;
        }
        match client.connector_config(connector).await {
            Ok(_) => notes.push(format!("the events feed `{connector}` is ready")),
            Err(e) => notes.push(format!(
                "the events feed `{connector}` is not available ({e}): changes are found by modification time"
            )),
        }
    }
    if let Err(e) = client.logout().await {
        tracing::warn!(error = %e, "signing out after the check failed");
    }
    let mut account = Account::new(Service::Allportal, &req.base_url, &req.user);
    account.mapping = Some(mapping);
    account.secrets = [
        (req.credentials.api_key.is_some(), SecretKind::ApiKey),
        (req.credentials.password.is_some(), SecretKind::Password),
    ]
    .into_iter()
    .filter_map(|(given, kind)| given.then_some(kind))
    .collect();
    Ok(Connected { account, notes })
}

/// Signs in and checks the account without saving anything.
pub async fn verify(
    req: &ConnectRequest,
    saved_mapping: Option<FieldMapping>,
) -> Result<Connected, AccountError> {
    let url = parse_url(&req.base_url)?;
    let mut connected = match req.service {
        Service::PhotoShelter => verify_photoshelter(req, url).await?,
        Service::Allportal => {
            let mapping = req.mapping.clone().or(saved_mapping).unwrap_or_default();
            verify_allportal(req, url, mapping).await?
        }
    };
    connected.account.connected_at = Some(chrono::Utc::now());
    Ok(connected)
}

/// Verifies the account, then keeps its secrets in `store` and the account in the
/// settings of `data_dir`. A workspace works with one account per service: the account
/// replaces the one with the same id and any other account of its service (whose secrets
/// are deleted), so reconnecting at a new address never leaves a dead account behind.
pub async fn connect(
    req: &ConnectRequest,
    data_dir: &Path,
    store: &dyn SecretStore,
) -> Result<Connected, AccountError> {
    let path = Settings::path_in(data_dir);
    let settings = Settings::load(&path)?;
    let id = super::account_id(req.service, req.base_url.trim_end_matches('/'), &req.user);
    let saved_mapping = settings.account(&id).and_then(|a| a.mapping.clone());
    let connected = verify(req, saved_mapping).await?;
    let account = &connected.account;
    for (kind, secret) in [
        (SecretKind::ApiKey, &req.credentials.api_key),
        (SecretKind::Password, &req.credentials.password),
    ] {
        match secret {
            Some(secret) => store.set(&account.id, kind, secret)?,
            None => store.delete(&account.id, kind)?,
        }
    }
    // A session kept for the old credentials is not reused with the new ones.
    store.delete(&account.id, SecretKind::Token)?;
    let replaced: Vec<String> = settings
        .accounts
        .iter()
        .filter(|a| a.service == account.service && a.id != account.id)
        .map(|a| a.id.clone())
        .collect();
    for id in &replaced {
        for kind in [SecretKind::ApiKey, SecretKind::Password, SecretKind::Token] {
            store.delete(id, kind)?;
        }
    }
    Settings::update(&path, |s| {
        for id in &replaced {
            s.remove_account(id);
        }
        s.upsert_account(account.clone());
    })?;
    Ok(connected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::photoshelter::OrgId;

    fn org(id: &str, name: &str) -> Organization {
        Organization {
            id: OrgId::new(id),
            name: name.into(),
            member: Some(true),
        }
    }

    #[test]
    fn the_only_organization_is_picked_and_several_need_a_choice() {
        assert_eq!(choose_org(None, &[]).unwrap(), None);
        let one = [org("O1", "Acme")];
        assert_eq!(choose_org(None, &one).unwrap().unwrap().id.as_str(), "O1");
        let two = [org("O1", "Acme"), org("O2", "Brand Co")];
        let err = choose_org(None, &two).unwrap_err().to_string();
        assert!(
            err.contains("--org") && err.contains("Brand Co (O2)"),
            "{err}"
        );
        assert_eq!(
            choose_org(Some("brand co"), &two)
                .unwrap()
                .unwrap()
                .id
                .as_str(),
            "O2"
        );
        assert_eq!(choose_org(Some("O1"), &two).unwrap().unwrap().name, "Acme");
        assert!(choose_org(Some("O9"), &two).is_err());
    }
}
