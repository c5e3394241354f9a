//! Secrets (API keys, passwords, session tokens) live only in the OS keyring, behind the
//! small `SecretStore` trait; `MemoryStore` stands in for it in unit tests.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;

/// The keyring service name entries are filed under.
pub const DEFAULT_SERVICE: &str = "shelflink";
/// Environment variable that files entries under another keyring service name (tests,
/// several workspaces side by side).
pub const SERVICE_ENV: &str = "SHELFLINK_KEYRING_SERVICE";

/// What kind of secret an entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretKind {
    ApiKey,
    Password,
    /// A session token kept between runs.
    Token,
}

impl SecretKind {
    pub fn slug(self) -> &'static str {
        match self {
            SecretKind::ApiKey => "api_key",
            SecretKind::Password => "password",
            SecretKind::Token => "token",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            SecretKind::ApiKey => "API key",
            SecretKind::Password => "password",
            SecretKind::Token => "session token",
        }
    }
}

/// The keyring could not be used. Never holds the secret itself.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error(
        "the system keyring is not available ({reason}): on Linux, run a Secret Service such as GNOME Keyring or KWallet and unlock it, then try again"
    )]
    Unavailable { reason: String },
    #[error("the system keyring refused to store the {kind} of {account} ({reason})")]
    Refused {
        account: String,
        kind: &'static str,
        reason: String,
    },
}

/// Where secrets are kept, by account id and kind.
pub trait SecretStore: Send + Sync {
    fn get(&self, account: &str, kind: SecretKind) -> Result<Option<SecretString>, SecretError>;
    fn set(
        &self,
        account: &str,
        kind: SecretKind,
        secret: &SecretString,
    ) -> Result<(), SecretError>;
    /// Removes the entry; removing a missing entry is fine.
    fn delete(&self, account: &str, kind: SecretKind) -> Result<(), SecretError>;
}

fn entry_name(account: &str, kind: SecretKind) -> String {
    format!("{account}#{}", kind.slug())
}

/// The OS keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on
/// Windows) through the `keyring` crate. Calls block: call them off async worker threads
/// (e.g. `tokio::task::spawn_blocking`) in the app.
#[derive(Debug, Clone)]
pub struct KeyringStore {
    service: String,
}

impl KeyringStore {
    /// Entries under `SHELFLINK_KEYRING_SERVICE`, or `shelflink`.
    pub fn from_env() -> Self {
        let service = std::env::var(SERVICE_ENV)
            .ok()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| DEFAULT_SERVICE.to_string());
        Self { service }
    }

    pub fn with_service(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, account: &str, kind: SecretKind) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(&self.service, &entry_name(account, kind)).map_err(unavailable)
    }
}

fn unavailable(err: keyring::Error) -> SecretError {
    SecretError::Unavailable {
        reason: describe(&err),
    }
}

/// The keyring error in words, without any secret (keyring errors never carry one, but
/// `BadEncoding` carries raw bytes, which are not shown).
fn describe(err: &keyring::Error) -> String {
    match err {
        keyring::Error::PlatformFailure(e) => format!("platform failure: {e}"),
        keyring::Error::NoStorageAccess(e) => format!("no access to the storage: {e}"),
        keyring::Error::NoEntry => "no such entry".into(),
        keyring::Error::BadEncoding(_) => "an entry that is not text".into(),
        keyring::Error::TooLong(what, max) => format!("{what} longer than {max}"),
        keyring::Error::Invalid(what, why) => format!("invalid {what}: {why}"),
        keyring::Error::Ambiguous(_) => "several entries match".into(),
        other => other.to_string(),
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, account: &str, kind: SecretKind) -> Result<Option<SecretString>, SecretError> {
        match self.entry(account, kind)?.get_password() {
            Ok(secret) => Ok(Some(SecretString::from(secret))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    fn set(
        &self,
        account: &str,
        kind: SecretKind,
        secret: &SecretString,
    ) -> Result<(), SecretError> {
        self.entry(account, kind)?
            .set_password(secret.expose_secret())
            .map_err(|e| match e {
                keyring::Error::PlatformFailure(_) | keyring::Error::NoStorageAccess(_) => {
                    unavailable(e)
                }
                other => SecretError::Refused {
                    account: account.to_string(),
                    kind: kind.words(),
                    reason: describe(&other),
                },
            })
    }

    fn delete(&self, account: &str, kind: SecretKind) -> Result<(), SecretError> {
        match self.entry(account, kind)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

/// Secrets in memory, for tests.
#[derive(Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<String, SecretString>>,
}

impl std::fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count = self.entries.lock().map(|e| e.len()).unwrap_or(0);
        f.debug_struct("MemoryStore")
            .field("entries", &count)
            .finish()
    }
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, account: &str, kind: SecretKind) -> Result<Option<SecretString>, SecretError> {
        Ok(self
            .entries
            .lock()
            .expect("store lock")
            .get(&entry_name(account, kind))
            .cloned())
    }

    fn set(
        &self,
        account: &str,
        kind: SecretKind,
        secret: &SecretString,
    ) -> Result<(), SecretError> {
        self.entries
            .lock()
            .expect("store lock")
            .insert(entry_name(account, kind), secret.clone());
        Ok(())
    }

    fn delete(&self, account: &str, kind: SecretKind) -> Result<(), SecretError> {
        self.entries
            .lock()
            .expect("store lock")
            .remove(&entry_name(account, kind));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memory_store_keeps_secrets_per_account_and_kind() {
        let store = MemoryStore::new();
        store
            .set("ps:a", SecretKind::ApiKey, &SecretString::from("key-a"))
            .unwrap();
        store
            .set("ps:a", SecretKind::Password, &SecretString::from("pw-a"))
            .unwrap();
        store
            .set("ps:b", SecretKind::ApiKey, &SecretString::from("key-b"))
            .unwrap();
        let get = |a: &str, k| {
            store
                .get(a, k)
                .unwrap()
                .map(|s| s.expose_secret().to_string())
        };
        assert_eq!(get("ps:a", SecretKind::ApiKey).as_deref(), Some("key-a"));
        assert_eq!(get("ps:a", SecretKind::Password).as_deref(), Some("pw-a"));
        assert_eq!(get("ps:b", SecretKind::Password), None);
        store.delete("ps:a", SecretKind::ApiKey).unwrap();
        store.delete("ps:a", SecretKind::ApiKey).unwrap();
        assert_eq!(get("ps:a", SecretKind::ApiKey), None);
        assert!(!format!("{store:?}").contains("pw-a"));
    }
}
