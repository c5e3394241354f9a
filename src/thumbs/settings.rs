//! The `thumbnails` section of the settings file:
//!
//! ```json
//! "thumbnails": { "max_cache_mib": 1024 }
//! ```
//!
//! `max_cache_mib` caps the thumbnail store on disk (default 1024 MiB, at least 16 MiB); the
//! least recently shown thumbnails go first when it is full.

use crate::settings::{Settings, SettingsError};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The section name in `settings.json`.
pub const SECTION: &str = "thumbnails";

/// The smallest cap accepted (MiB): a few screens of grid thumbnails.
pub const MIN_CACHE_MIB: u64 = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ThumbSettings {
    pub max_cache_mib: u64,
}

impl Default for ThumbSettings {
    fn default() -> Self {
        ThumbSettings {
            max_cache_mib: super::store::DEFAULT_MAX_BYTES >> 20,
        }
    }
}

impl ThumbSettings {
    /// The section from the settings file at `path` (defaults when absent).
    pub fn load(path: &Path) -> Result<ThumbSettings, SettingsError> {
        Settings::load(path)?.section(SECTION)
    }

    /// The cap in bytes.
    pub fn max_bytes(&self) -> u64 {
        self.max_cache_mib.max(MIN_CACHE_MIB) << 20
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_comes_from_the_settings_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        assert_eq!(ThumbSettings::load(&path).unwrap().max_bytes(), 1 << 30);
        std::fs::write(&path, r#"{"version":1,"thumbnails":{"max_cache_mib":256}}"#).unwrap();
        assert_eq!(ThumbSettings::load(&path).unwrap().max_bytes(), 256 << 20);
        std::fs::write(&path, r#"{"version":1,"thumbnails":{"max_cache_mib":1}}"#).unwrap();
        assert_eq!(ThumbSettings::load(&path).unwrap().max_bytes(), 16 << 20);
        std::fs::write(&path, r#"{"version":1,"thumbnails":{"max_cache":1}}"#).unwrap();
        let err = ThumbSettings::load(&path).unwrap_err().to_string();
        assert!(err.contains("thumbnails"), "{err}");
    }
}
