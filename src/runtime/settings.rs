//! The settings section `background`: how often the app syncs and checks rights while it
//! runs.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The settings section name.
pub const SECTION: &str = "background";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BackgroundSettings {
    /// Minutes between two background syncs (the first runs at start); 0 = only at start
    /// and on request.
    pub sync_every_minutes: f64,
    /// Seconds after the transfer queue ran empty at which a sync reads the result back, so
    /// links show "confirmed" soon; `None` = wait for the next periodic sync. Default: 2 s
    /// in the demo workspace, off for real accounts.
    pub sync_after_transfers_secs: Option<f64>,
    /// Hours between two rights checks (the first runs after the first sync).
    pub rights_check_every_hours: f64,
}

impl Default for BackgroundSettings {
    fn default() -> Self {
        Self {
            sync_every_minutes: 5.0,
            sync_after_transfers_secs: None,
            rights_check_every_hours: 24.0,
        }
    }
}

fn duration(value: f64, unit_secs: f64) -> Option<Duration> {
    Duration::try_from_secs_f64(value * unit_secs)
        .ok()
        .filter(|d| !d.is_zero())
}

impl BackgroundSettings {
    /// The defaults of the demo workspace: a sync shortly after transfers end.
    pub fn demo() -> Self {
        Self {
            sync_after_transfers_secs: Some(2.0),
            ..Self::default()
        }
    }

    pub fn sync_every(&self) -> Option<Duration> {
        duration(self.sync_every_minutes, 60.0)
    }

    pub fn sync_after_transfers(&self) -> Option<Duration> {
        self.sync_after_transfers_secs
            .and_then(|s| Duration::try_from_secs_f64(s).ok())
    }

    /// At least a minute apart, whatever the file says.
    pub fn rights_check_every(&self) -> Duration {
        duration(self.rights_check_every_hours, 3600.0)
            .unwrap_or(Duration::from_secs(24 * 3600))
            .max(Duration::from_secs(60))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_section_keeps_the_other_defaults() {
        let s: BackgroundSettings = serde_json::from_str(r#"{"sync_every_minutes": 15}"#).unwrap();
        assert_eq!(s.sync_every(), Some(Duration::from_secs(900)));
        assert_eq!(s.sync_after_transfers(), None);
        assert_eq!(s.rights_check_every(), Duration::from_secs(86_400));
        assert_eq!(
            BackgroundSettings::demo().sync_after_transfers(),
            Some(Duration::from_secs(2))
        );
    }

    #[test]
    fn zero_or_nonsense_turns_the_periodic_sync_off_and_keeps_a_sane_rights_interval() {
        let s = BackgroundSettings {
            sync_every_minutes: 0.0,
            sync_after_transfers_secs: Some(-1.0),
            rights_check_every_hours: -3.0,
        };
        assert_eq!(s.sync_every(), None);
        assert_eq!(s.sync_after_transfers(), None);
        assert_eq!(s.rights_check_every(), Duration::from_secs(86_400));
    }
}
