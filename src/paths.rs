//! The data folder per OS, overridable with `SHELFLINK_HOME` (tests, several workspaces).
//!
//! Layout inside it: `cache.sqlite` (the cache database), `settings.json` (accounts without
//! secrets, mapping, rules), `thumbs/` (the thumbnail store), `logs/` (rotating log files),
//! and `demo/`, the data folder of the demo workspace, laid out the same way.

use anyhow::Context;
use std::path::PathBuf;

/// Environment variable that overrides the data folder.
pub const HOME_ENV: &str = "SHELFLINK_HOME";

/// The data folder, created if missing.
pub fn data_dir() -> anyhow::Result<PathBuf> {
    let dir = match std::env::var_os(HOME_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => directories::ProjectDirs::from("com", "Shelflink", "Shelflink")
            .context("cannot find a home folder for the data folder: set SHELFLINK_HOME")?
            .data_dir()
            .to_path_buf(),
    };
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the data folder {}", dir.display()))?;
    Ok(dir)
}

/// The cache database file.
pub fn cache_db(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("cache.sqlite")
}

/// The settings file (never holds a secret).
pub fn settings_file(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("settings.json")
}

/// The thumbnail store folder.
pub fn thumbs_dir(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("thumbs")
}

/// The log folder.
pub fn logs_dir(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("logs")
}

/// The data folder of the demo workspace, kept apart from real data.
pub fn demo_dir(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("demo")
}

/// A name for the workspace in `data_dir` that is the same on every run and differs between
/// folders (a D-Bus well-known name: the app runs once per workspace).
pub fn instance_id(data_dir: &std::path::Path) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(data_dir.as_os_str().as_encoded_bytes());
    format!("com.shelflink.app.w{}", hex::encode(&digest[..6]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_live_inside_the_data_folder() {
        let home = std::path::Path::new("/tmp/shelflink-home");
        assert_eq!(cache_db(home), home.join("cache.sqlite"));
        assert_eq!(settings_file(home), home.join("settings.json"));
        assert_eq!(thumbs_dir(home), home.join("thumbs"));
        assert_eq!(logs_dir(home), home.join("logs"));
        assert_eq!(demo_dir(home), home.join("demo"));
    }

    #[test]
    fn each_workspace_has_its_own_stable_instance_id() {
        let a = instance_id(std::path::Path::new("/tmp/a"));
        assert_eq!(a, instance_id(std::path::Path::new("/tmp/a")));
        assert_ne!(a, instance_id(std::path::Path::new("/tmp/b")));
        assert!(a.starts_with("com.shelflink.app.w"), "{a}");
        assert_eq!(a.len(), "com.shelflink.app.w".len() + 12);
    }
}
