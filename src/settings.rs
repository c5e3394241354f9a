//! The settings file `settings.json` in the data folder. It never holds a secret.
//!
//! Layout (version 1):
//!
//! ```json
//! {
//!   "version": 1,
//!   "accounts": [ { "id": "...", "service": "photoshelter", "base_url": "...", ... } ],
//!   "rights": { ... }, "versions": { ... }, "approval": { ... }
//! }
//! ```
//!
//! `accounts` (with each 4ALLPORTAL account's field mapping) belongs to `accounts`; every
//! other top-level key is a *section* owned by another part of the app, read and written
//! with [`Settings::section`] / [`Settings::set_section`] and kept untouched by everyone
//! else. Writes go to a temporary file that is renamed over the old one.

use crate::accounts::Account;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The layout version this code writes.
pub const CURRENT_VERSION: u32 = 1;

/// Top-level keys that are not sections.
const RESERVED: &[&str] = &["version", "accounts"];

fn current_version() -> u32 {
    CURRENT_VERSION
}

/// Problems with the settings file, each saying which file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read the settings file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the settings file {} is not valid ({reason}): correct it, or move it away to start with fresh settings",
        path.display()
    )]
    Invalid { path: PathBuf, reason: String },
    #[error(
        "the settings file {} was written by a newer Shelflink (layout {found}, this one knows {CURRENT_VERSION}): update Shelflink",
        path.display()
    )]
    TooNew { path: PathBuf, found: u32 },
    #[error("cannot save the settings file {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the settings section `{name}` is not valid ({reason}): correct it in Settings")]
    Section { name: String, reason: String },
}

/// Everything in `settings.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default = "current_version")]
    pub version: u32,
    #[serde(default)]
    pub accounts: Vec<Account>,
    /// Sections of other parts of the app, kept as they are.
    #[serde(flatten)]
    pub sections: BTreeMap<String, serde_json::Value>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            version: CURRENT_VERSION,
            accounts: Vec::new(),
            sections: BTreeMap::new(),
        }
    }
}

impl Settings {
    /// The settings file of `data_dir` (see `crate::paths`).
    pub fn path_in(data_dir: &Path) -> PathBuf {
        crate::paths::settings_file(data_dir)
    }

    /// Reads the file; a missing file gives the defaults.
    pub fn load(path: &Path) -> Result<Self, SettingsError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(source) => {
                return Err(SettingsError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let mut de = serde_json::Deserializer::from_str(&text);
        let settings: Settings = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let at = e.path().to_string();
            let inner = e.into_inner();
            SettingsError::Invalid {
                path: path.to_path_buf(),
                reason: format!("at `{at}`, line {}: {inner}", inner.line()),
            }
        })?;
        if settings.version > CURRENT_VERSION {
            return Err(SettingsError::TooNew {
                path: path.to_path_buf(),
                found: settings.version,
            });
        }
        Ok(settings)
    }

    /// Writes the file atomically (temporary file beside it, then rename).
    pub fn save(&self, path: &Path) -> Result<(), SettingsError> {
        let write_err = |source| SettingsError::Write {
            path: path.to_path_buf(),
            source,
        };
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(write_err)?;
        let mut text =
            serde_json::to_string_pretty(self).map_err(|e| write_err(std::io::Error::other(e)))?;
        text.push('\n');
        let mut temp = tempfile::Builder::new()
            .prefix(".settings-")
            .suffix(".json")
            .tempfile_in(dir)
            .map_err(write_err)?;
        use std::io::Write;
        temp.write_all(text.as_bytes()).map_err(write_err)?;
        temp.as_file().sync_all().map_err(write_err)?;
        temp.persist(path).map_err(|e| write_err(e.error))?;
        Ok(())
    }

    /// Loads, changes with `change`, and saves.
    pub fn update<R>(
        path: &Path,
        change: impl FnOnce(&mut Settings) -> R,
    ) -> Result<R, SettingsError> {
        let mut settings = Self::load(path)?;
        let result = change(&mut settings);
        settings.save(path)?;
        Ok(result)
    }

    /// The section `name`, or its default when absent.
    pub fn section<T: DeserializeOwned + Default>(&self, name: &str) -> Result<T, SettingsError> {
        match self.sections.get(name) {
            None | Some(serde_json::Value::Null) => Ok(T::default()),
            Some(value) => {
                serde_path_to_error::deserialize(value).map_err(|e| SettingsError::Section {
                    name: name.to_string(),
                    reason: format!("at `{}`: {}", e.path(), e.inner()),
                })
            }
        }
    }

    /// Replaces the section `name`.
    pub fn set_section<T: Serialize>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), SettingsError> {
        if RESERVED.contains(&name) {
            return Err(SettingsError::Section {
                name: name.to_string(),
                reason: "this name is taken by the settings file itself".into(),
            });
        }
        let value = serde_json::to_value(value).map_err(|e| SettingsError::Section {
            name: name.to_string(),
            reason: e.to_string(),
        })?;
        self.sections.insert(name.to_string(), value);
        Ok(())
    }

    pub fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.id == id)
    }

    /// Adds the account, or replaces the one with the same id (keeping its position).
    pub fn upsert_account(&mut self, account: Account) {
        match self.accounts.iter_mut().find(|a| a.id == account.id) {
            Some(existing) => *existing = account,
            None => self.accounts.push(account),
        }
    }

    pub fn remove_account(&mut self, id: &str) -> Option<Account> {
        let index = self.accounts.iter().position(|a| a.id == id)?;
        Some(self.accounts.remove(index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::{Account, SecretKind};
    use crate::net::Service;

    fn account(user: &str) -> Account {
        Account::new(Service::PhotoShelter, "https://www.photoshelter.com", user)
    }

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Rights {
        warn_days: u32,
    }

    #[test]
    fn a_missing_file_gives_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let s = Settings::load(&dir.path().join("settings.json")).unwrap();
        assert_eq!(s, Settings::default());
    }

    #[test]
    fn sections_of_other_parts_survive_a_rewrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(
            &path,
            r#"{"version":1,"accounts":[],"rights":{"warn_days":30},"versions":{"rule":"{sku}_{view}_v{n}"}}"#,
        )
        .unwrap();
        Settings::update(&path, |s| s.upsert_account(account("editor@example.org"))).unwrap();
        let s = Settings::load(&path).unwrap();
        assert_eq!(s.accounts.len(), 1);
        assert_eq!(
            s.section::<Rights>("rights").unwrap(),
            Rights { warn_days: 30 }
        );
        assert_eq!(s.sections["versions"]["rule"], "{sku}_{view}_v{n}");
        assert_eq!(s.section::<Rights>("approval").unwrap(), Rights::default());
    }

    #[test]
    fn reconnecting_replaces_the_account_in_place() {
        let mut s = Settings::default();
        s.upsert_account(account("a@example.org"));
        s.upsert_account(account("b@example.org"));
        let mut again = account("a@example.org");
        again.secrets = vec![SecretKind::ApiKey, SecretKind::Password];
        s.upsert_account(again);
        assert_eq!(s.accounts.len(), 2);
        assert_eq!(
            s.accounts[0].secrets,
            [SecretKind::ApiKey, SecretKind::Password]
        );
    }

    #[test]
    fn a_broken_file_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, r#"{"version":1,"accounts":[{"id":7}]}"#).unwrap();
        let err = Settings::load(&path).unwrap_err().to_string();
        assert!(err.contains("accounts[0].id"), "{err}");
        assert!(err.contains("move it away"), "{err}");
    }

    #[test]
    fn reserved_names_are_not_sections() {
        let mut s = Settings::default();
        assert!(s.set_section("accounts", &Rights::default()).is_err());
        s.set_section("rights", &Rights { warn_days: 14 }).unwrap();
        assert_eq!(s.section::<Rights>("rights").unwrap().warn_days, 14);
    }
}
