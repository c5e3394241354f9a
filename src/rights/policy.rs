//! The rights policy: a setting (embedded in the settings file).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a verdict of "unknown" (no licence terms recorded) lets people do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum UnknownRights {
    /// Link and transfer, showing a warning (default: most in-house product photography
    /// carries no licence data).
    #[default]
    AllowWithWarning,
    /// Treat like a restriction until someone records the rights.
    Block,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct RightsPolicy {
    /// Days before the end of a licence at which people are warned; the verdict says which
    /// window it falls in. Default 30, 14 and 0 (the day itself), as PhotoShelter for
    /// Brands' licence alerts.
    pub warning_windows: Vec<u32>,
    pub unknown: UnknownRights,
    /// IANA zone (e.g. `Europe/Berlin`) in which licence dates without a zone are read;
    /// `None` = the zone of the clock the caller passes (the user's local zone). An unknown
    /// name is reported by `validate` (and ignored by `verdict`).
    pub licence_zone: Option<String>,
    /// Block images whose model release is missing or limited (PLUS status or the
    /// PhotoShelter flag). Off by default: product shots rarely show people.
    pub require_model_release: bool,
    /// Block images whose property release is missing or limited.
    pub require_property_release: bool,
}

impl Default for RightsPolicy {
    fn default() -> Self {
        Self {
            warning_windows: vec![30, 14, 0],
            unknown: UnknownRights::AllowWithWarning,
            licence_zone: None,
            require_model_release: false,
            require_property_release: false,
        }
    }
}

impl RightsPolicy {
    /// Checks the settings a person can get wrong.
    pub fn validate(&self) -> Result<(), String> {
        match &self.licence_zone {
            Some(zone) if zone.parse::<chrono_tz::Tz>().is_err() => Err(format!(
                "unknown time zone \"{zone}\" for licence dates: use an IANA name such as Europe/Berlin, or none for the local zone"
            )),
            _ => Ok(()),
        }
    }

    /// The smallest warning window that `days` left falls in, if any.
    pub fn window_for(&self, days: u32) -> Option<u32> {
        self.warning_windows
            .iter()
            .copied()
            .filter(|w| days <= *w)
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_an_expiry_falls_in_is_the_smallest_that_holds_it() {
        let p = RightsPolicy::default();
        assert_eq!(p.window_for(31), None);
        assert_eq!(p.window_for(30), Some(30));
        assert_eq!(p.window_for(15), Some(30));
        assert_eq!(p.window_for(14), Some(14));
        assert_eq!(p.window_for(1), Some(14));
        assert_eq!(p.window_for(0), Some(0));
    }

    #[test]
    fn a_misspelt_zone_is_reported_with_what_to_write() {
        let p = RightsPolicy {
            licence_zone: Some("Europe/Berln".into()),
            ..RightsPolicy::default()
        };
        assert!(p.validate().unwrap_err().contains("IANA name"));
        assert!(RightsPolicy::default().validate().is_ok());
    }
}
