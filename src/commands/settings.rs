//! `settings_get`, `settings_save`: the preferences people set in the Settings view — the
//! warning windows, what unknown rights mean, the version file-name rule and the approval
//! signal — each written into the settings section its owner reads (`rights`, `versions`,
//! `approval`), keeping every other field of those sections as it was.

use super::CommandError;
use crate::rights::{RightsPolicy, UnknownRights};
use crate::settings::Settings;
use crate::sync::config::VersionSettings;
use crate::versions::{ApprovalConfig, ApprovalSignal, NamePattern};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The longest warning window accepted, in days (ten years).
const MAX_WINDOW: u32 = 3650;

#[derive(Debug, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SettingsGetRequest {}

/// What the Settings view edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Preferences {
    /// Days before a licence ends at which people are warned, longest first (0 = the day).
    pub warning_windows: Vec<u32>,
    pub unknown_rights: UnknownRights,
    /// The file-name rule that finds versions of one shot, e.g. `{sku}[_{view}][_v{version}]`.
    pub version_rule: String,
    pub approval: ApprovalSignal,
}

fn load(workspace: &Workspace) -> Result<Settings, CommandError> {
    Settings::load(&workspace.settings_file()).map_err(CommandError::internal)
}

fn section<T: serde::de::DeserializeOwned + Default>(
    settings: &Settings,
    name: &str,
) -> Result<T, CommandError> {
    settings.section(name).map_err(CommandError::internal)
}

fn preferences_of(settings: &Settings) -> Result<Preferences, CommandError> {
    let rights: RightsPolicy = section(settings, "rights")?;
    let versions: VersionSettings = section(settings, "versions")?;
    let approval: ApprovalConfig = section(settings, "approval")?;
    let mut windows = rights.warning_windows;
    windows.sort_unstable_by(|a, b| b.cmp(a));
    Ok(Preferences {
        warning_windows: windows,
        unknown_rights: rights.unknown,
        version_rule: String::from(versions.name_pattern),
        approval: approval.signal,
    })
}

pub async fn get(
    workspace: &Workspace,
    _request: SettingsGetRequest,
) -> Result<Preferences, CommandError> {
    preferences_of(&load(workspace)?)
}

/// Checks what a person typed; the error says which value and what to write instead.
fn checked(mut preferences: Preferences) -> Result<(Preferences, NamePattern), CommandError> {
    let invalid = |message: String| CommandError::new(super::ErrorCode::InvalidRequest, message);
    if preferences.warning_windows.is_empty() {
        return Err(invalid(
            "give at least one warning window (e.g. 30, 14 and 0 days)".into(),
        ));
    }
    if let Some(w) = preferences
        .warning_windows
        .iter()
        .find(|w| **w > MAX_WINDOW)
    {
        return Err(invalid(format!(
            "a warning window of {w} days is longer than {MAX_WINDOW} days: give a shorter one"
        )));
    }
    preferences
        .warning_windows
        .sort_unstable_by(|a, b| b.cmp(a));
    preferences.warning_windows.dedup();
    let pattern =
        NamePattern::parse(preferences.version_rule.trim()).map_err(|e| invalid(e.to_string()))?;
    preferences.version_rule = String::from(pattern.clone());
    let empty = match &preferences.approval {
        ApprovalSignal::Keyword { keyword } => keyword.trim().is_empty(),
        ApprovalSignal::Gallery { name } => name.trim().is_empty(),
    };
    if empty {
        return Err(invalid(
            "name the keyword or the gallery that marks an image approved".into(),
        ));
    }
    Ok((preferences, pattern))
}

pub async fn save(
    workspace: &Workspace,
    request: Preferences,
) -> Result<Preferences, CommandError> {
    let (preferences, pattern) = checked(request)?;
    let path = workspace.settings_file();
    let mut settings = load(workspace)?;
    let mut rights: RightsPolicy = section(&settings, "rights")?;
    rights.warning_windows = preferences.warning_windows.clone();
    rights.unknown = preferences.unknown_rights;
    let mut versions: VersionSettings = section(&settings, "versions")?;
    versions.name_pattern = pattern;
    let mut approval: ApprovalConfig = section(&settings, "approval")?;
    approval.signal = preferences.approval.clone();
    let write = |e| CommandError::internal(e);
    settings.set_section("rights", &rights).map_err(write)?;
    settings.set_section("versions", &versions).map_err(write)?;
    settings.set_section("approval", &approval).map_err(write)?;
    settings.save(&path).map_err(CommandError::internal)?;
    preferences_of(&settings)
}

#[cfg(test)]
#[path = "settings_tests.rs"]
mod tests;
