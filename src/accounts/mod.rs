//! Accounts (service, base URL, user, organization, field mapping) kept in the settings,
//! and their secrets kept only in the OS keyring behind the `SecretStore` trait.
//!
//! - `secrets`: the `SecretStore` trait, the keyring and in-memory stores;
//! - `connect`: verifying an account (sign-in, mapping check) and saving it;
//! - `clients`: building the API clients for a saved account;
//! - `remotes`: the clients a workspace talks to (its accounts, or the demo's simulator).

pub mod clients;
pub mod connect;
pub mod remotes;
pub mod secrets;

pub use clients::{allportal_client, photoshelter_client, remember_session};
pub use connect::{ConnectRequest, Connected, Credentials, connect, verify};
pub use remotes::{RemoteNet, Remotes, SimulatorTarget};
pub use secrets::{KeyringStore, MemoryStore, SecretError, SecretKind, SecretStore};

use crate::allportal::FieldMapping;
use crate::net::{ApiError, Service};
use crate::photoshelter::assumptions::{USAGE_CHANNELS_FIELD, USAGE_REGIONS_FIELD};
use crate::settings::SettingsError;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The organization a PhotoShelter account acts in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountOrganization {
    pub id: String,
    pub name: String,
}

/// Names of the PhotoShelter custom metadata fields with usage regions and channels (P12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UsageFieldNames {
    pub regions: String,
    pub channels: String,
}

impl Default for UsageFieldNames {
    fn default() -> Self {
        Self {
            regions: USAGE_REGIONS_FIELD.to_string(),
            channels: USAGE_CHANNELS_FIELD.to_string(),
        }
    }
}

/// One connected account, as kept in the settings (never with a secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// `service:user@host`, also the keyring entry prefix.
    pub id: String,
    pub service: Service,
    pub base_url: String,
    /// PhotoShelter e-mail, or 4ALLPORTAL user name.
    pub user: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<AccountOrganization>,
    /// Which secrets the keyring holds for this account (names only).
    #[serde(default)]
    pub secrets: Vec<SecretKind>,
    /// 4ALLPORTAL: which module and field holds what.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mapping: Option<FieldMapping>,
    /// PhotoShelter: the custom metadata field names for usage rights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_fields: Option<UsageFieldNames>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connected_at: Option<DateTime<Utc>>,
}

impl Account {
    /// A new account record (no secrets, no organization, default mapping for 4ALLPORTAL).
    pub fn new(service: Service, base_url: &str, user: &str) -> Self {
        let base_url = base_url.trim_end_matches('/').to_string();
        Self {
            id: account_id(service, &base_url, user),
            service,
            base_url,
            user: user.to_string(),
            organization: None,
            secrets: Vec::new(),
            mapping: (service == Service::Allportal).then(FieldMapping::default),
            usage_fields: (service == Service::PhotoShelter).then(UsageFieldNames::default),
            connected_at: None,
        }
    }

    /// The mapping in force (the default when none is saved).
    pub fn mapping(&self) -> FieldMapping {
        self.mapping.clone().unwrap_or_default()
    }
}

/// The id of the account of `user` at `base_url`: `service:user@host[:port]`.
pub fn account_id(service: Service, base_url: &str, user: &str) -> String {
    let host = url::Url::parse(base_url)
        .ok()
        .and_then(|u| {
            u.host_str().map(|h| match u.port() {
                Some(p) => format!("{h}:{p}"),
                None => h.to_string(),
            })
        })
        .unwrap_or_else(|| base_url.to_string());
    format!("{}:{}@{}", service.slug(), user, host)
}

/// Anything that can go wrong with an account.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(
        "the {kind} of {account} is not in the system keyring: connect the account again in Settings › Accounts or with `shelflink connect`"
    )]
    MissingSecret { account: String, kind: &'static str },
    #[error("{0}")]
    Invalid(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_name_service_user_and_host() {
        assert_eq!(
            account_id(
                Service::PhotoShelter,
                "https://www.photoshelter.com/",
                "editor@example.org"
            ),
            "photoshelter:editor@example.org@www.photoshelter.com"
        );
        assert_eq!(
            account_id(Service::Allportal, "http://127.0.0.1:4100", "api-user"),
            "allportal:api-user@127.0.0.1:4100"
        );
    }

    #[test]
    fn an_account_in_settings_holds_no_secret_values() {
        let mut a = Account::new(Service::Allportal, "https://dam.example/", "api-user");
        a.secrets = vec![SecretKind::ApiKey];
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["base_url"], "https://dam.example");
        assert_eq!(json["secrets"], serde_json::json!(["api_key"]));
        assert_eq!(json["mapping"]["product"]["sku"], "article_number");
        assert!(json.get("usage_fields").is_none());
        let back: Account = serde_json::from_value(json).unwrap();
        assert_eq!(back, a);
    }
}
