//! The simulator's clock: wall time plus a test-controlled offset, strictly increasing at
//! one-second resolution, so every change gets a timestamp later than the one before it
//! (sync compares `modified_at`/`updated_at`, which PhotoShelter gives to the second).

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use parking_lot::Mutex;

/// `YYYY-MM-DD HH:MM:SS UTC` (ASSUMPTIONS P3).
pub fn format_ts(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// Reads a P3 timestamp or a bare `YYYY-MM-DD` date (taken as the start of that day, UTC).
pub fn parse_ts(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    let bare = text.strip_suffix(" UTC").unwrap_or(text);
    if let Ok(at) = NaiveDateTime::parse_from_str(bare, "%Y-%m-%d %H:%M:%S") {
        return Some(Utc.from_utc_datetime(&at));
    }
    let day = NaiveDate::parse_from_str(bare, "%Y-%m-%d").ok()?;
    Some(Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0)?))
}

#[derive(Debug, Default)]
pub struct Clock {
    state: Mutex<ClockState>,
}

#[derive(Debug, Default)]
struct ClockState {
    offset: Duration,
    last_stamp: Option<DateTime<Utc>>,
}

impl Clock {
    /// Current time, for idle checks and comparisons (not necessarily unique).
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.state.lock().offset
    }

    /// A timestamp for a change: whole seconds, later than every stamp given before.
    pub fn stamp(&self) -> DateTime<Utc> {
        let mut state = self.state.lock();
        let now = Utc::now() + state.offset;
        let now = now - Duration::nanoseconds(i64::from(now.timestamp_subsec_nanos()));
        let stamp = match state.last_stamp {
            Some(last) if last >= now => last + Duration::seconds(1),
            _ => now,
        };
        state.last_stamp = Some(stamp);
        stamp
    }

    /// Moves the clock forward (tests of idle expiry and of licence dates).
    pub fn advance(&self, by: Duration) {
        self.state.lock().offset += by;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_whole_seconds_and_strictly_increasing() {
        let clock = Clock::default();
        let a = clock.stamp();
        let b = clock.stamp();
        assert_eq!(a.timestamp_subsec_nanos(), 0);
        assert!(b > a);
        assert_eq!(format_ts(b).len(), "2024-05-06 14:03:22 UTC".len());
    }

    #[test]
    fn parses_its_own_format_and_dates() {
        let at = parse_ts("2024-05-06 14:03:22 UTC").unwrap();
        assert_eq!(format_ts(at), "2024-05-06 14:03:22 UTC");
        assert_eq!(
            format_ts(parse_ts("2025-01-31").unwrap()),
            "2025-01-31 00:00:00 UTC"
        );
        assert!(parse_ts("31/01/2025").is_none());
    }

    #[test]
    fn advancing_moves_now() {
        let clock = Clock::default();
        let before = clock.now();
        clock.advance(Duration::hours(3));
        assert!(clock.now() - before >= Duration::hours(3));
    }
}
