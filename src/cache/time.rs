//! How the cache writes times: RFC 3339 UTC with milliseconds (`2025-01-15T09:00:00.000Z`),
//! so that times sort and compare as text in SQL. Days are `YYYY-MM-DD`.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// The text of `at` in the cache. Instants outside the years 0000–9999 are clamped to the
/// first or last representable one, so text comparison stays right.
pub fn to_db(at: DateTime<Utc>) -> String {
    match at.year() {
        ..0 => "0000-01-01T00:00:00.000Z".to_owned(),
        10_000.. => "9999-12-31T23:59:59.999Z".to_owned(),
        _ => at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
    }
}

/// Reads a time written by [`to_db`] (any RFC 3339 text is accepted).
pub fn from_db(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The text of a day in the cache.
pub fn day_to_db(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Reads a day written by [`day_to_db`].
pub fn day_from_db(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_keep_milliseconds_and_sort_as_text() {
        let a = Utc.with_ymd_and_hms(2025, 1, 15, 9, 0, 0).unwrap();
        let b = a + chrono::Duration::milliseconds(5);
        assert_eq!(to_db(a), "2025-01-15T09:00:00.000Z");
        assert_eq!(to_db(b), "2025-01-15T09:00:00.005Z");
        assert!(to_db(a) < to_db(b));
        assert_eq!(from_db(&to_db(b)), Some(b));
    }

    #[test]
    fn far_instants_are_clamped_so_comparisons_still_hold() {
        assert_eq!(to_db(DateTime::<Utc>::MAX_UTC), "9999-12-31T23:59:59.999Z");
        assert_eq!(to_db(DateTime::<Utc>::MIN_UTC), "0000-01-01T00:00:00.000Z");
        let day = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        assert_eq!(day_from_db(&day_to_db(day)), Some(day));
    }
}
