//! What a sync reads from (the two accounts' clients) and the settings it follows (rights
//! policy, approval signal, version name rule, page sizes).

use crate::accounts::{SecretStore, allportal_client, photoshelter_client};
use crate::allportal::{AllportalClient, FieldMapping};
use crate::cache::verdict_sql::{RightsClock, system_zone};
use crate::net::{NetConfig, Service};
use crate::photoshelter::PhotoShelterClient;
use crate::rights::{PhotoShelterRightsFields, RightsPolicy};
use crate::settings::Settings;
use crate::versions::{ApprovalConfig, NamePattern};
use serde::{Deserialize, Serialize};

/// The PhotoShelter side of a sync.
#[derive(Debug, Clone)]
pub struct PhotoShelterSource {
    pub client: PhotoShelterClient,
    /// Custom metadata fields that hold usage regions and channels (P12).
    pub usage_fields: PhotoShelterRightsFields,
}

/// The 4ALLPORTAL side of a sync.
#[derive(Debug, Clone)]
pub struct AllportalSource {
    pub client: AllportalClient,
    pub mapping: FieldMapping,
}

/// The accounts a sync reads; a missing one is skipped.
#[derive(Debug, Clone, Default)]
pub struct SyncSources {
    pub photoshelter: Option<PhotoShelterSource>,
    pub allportal: Option<AllportalSource>,
}

impl SyncSources {
    /// The clients of the first PhotoShelter and the first 4ALLPORTAL account in `settings`,
    /// with their secrets from `store`.
    pub fn from_settings(
        settings: &Settings,
        store: &dyn SecretStore,
        net: NetConfig,
    ) -> Result<SyncSources, crate::accounts::AccountError> {
        let mut sources = SyncSources::default();
        if let Some(account) = settings
            .accounts
            .iter()
            .find(|a| a.service == Service::PhotoShelter)
        {
            let names = account.usage_fields.clone().unwrap_or_default();
            sources.photoshelter = Some(PhotoShelterSource {
                client: photoshelter_client(account, store, net.clone())?,
                usage_fields: PhotoShelterRightsFields {
                    regions: names.regions,
                    channels: names.channels,
                },
            });
        }
        if let Some(account) = settings
            .accounts
            .iter()
            .find(|a| a.service == Service::Allportal)
        {
            sources.allportal = Some(AllportalSource {
                client: allportal_client(account, store, net)?,
                mapping: account.mapping(),
            });
        }
        Ok(sources)
    }

    pub fn is_empty(&self) -> bool {
        self.photoshelter.is_none() && self.allportal.is_none()
    }
}

/// The `versions` settings section.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VersionSettings {
    /// The file-name rule that finds versions of one shot.
    pub name_pattern: NamePattern,
}

/// How a sync runs.
#[derive(Debug, Clone)]
pub struct SyncConfig {
    pub rights: RightsPolicy,
    pub approval: ApprovalConfig,
    pub name_pattern: NamePattern,
    /// The user's zone: verdicts and expiry flags are given for a clock there.
    pub zone: chrono_tz::Tz,
    /// Read everything again, not just what changed.
    pub full: bool,
    /// Images per page of a gallery listing (at most 1000, P2).
    pub photoshelter_page: u32,
    /// Objects per page of a 4ALLPORTAL list (at most 500, A3).
    pub allportal_page: u32,
    /// Galleries read at the same time.
    pub galleries_at_once: usize,
    /// Long edge of the rendition link stored per image.
    pub thumb_size: u32,
}

impl Default for SyncConfig {
    fn default() -> Self {
        Self {
            rights: RightsPolicy::default(),
            approval: ApprovalConfig::default(),
            name_pattern: NamePattern::default(),
            zone: system_zone(),
            full: false,
            photoshelter_page: 1000,
            allportal_page: 500,
            galleries_at_once: 4,
            thumb_size: 300,
        }
    }
}

impl SyncConfig {
    /// The settings sections `rights`, `approval` and `versions` (defaults where absent).
    pub fn from_settings(
        settings: &Settings,
    ) -> Result<SyncConfig, crate::settings::SettingsError> {
        let versions: VersionSettings = settings.section("versions")?;
        Ok(SyncConfig {
            rights: settings.section("rights")?,
            approval: settings.section("approval")?,
            name_pattern: versions.name_pattern,
            ..SyncConfig::default()
        })
    }

    /// The rights clock for now.
    pub fn clock(&self) -> RightsClock {
        RightsClock {
            now: chrono::Utc::now(),
            zone: self.zone,
            policy: self.rights.clone(),
        }
    }
}
