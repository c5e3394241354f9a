//! The queue's sense of time: a clock the worker and the gate read (the local clock, or a
//! fixed one in tests), and times as the cache writes them (RFC 3339 UTC with
//! milliseconds, so they sort and compare as text in SQL, like the catalog).

use chrono::{DateTime, FixedOffset, Local, Utc};
use std::sync::Arc;

/// Now, in the user's zone (the rights verdict reads licence days in it).
pub type Clock = Arc<dyn Fn() -> DateTime<FixedOffset> + Send + Sync>;

/// The computer's clock in its local zone.
pub fn local_clock() -> Clock {
    Arc::new(|| Local::now().fixed_offset())
}

/// A clock that always says `at` (tests).
pub fn fixed_clock(at: DateTime<FixedOffset>) -> Clock {
    Arc::new(move || at)
}

/// The text of `at` in the cache.
pub fn to_db(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Reads a time written by [`to_db`] (any RFC 3339 text).
pub fn from_db(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_sort_as_text_and_read_back() {
        let a = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
        let b = a + chrono::Duration::milliseconds(7);
        assert_eq!(to_db(a), "2026-03-01T09:00:00.000Z");
        assert!(to_db(a) < to_db(b));
        assert_eq!(from_db(&to_db(b)), Some(b));
    }
}
