//! Timestamps as both services send them: `YYYY-MM-DD HH:MM:SS UTC` and other zone tokens
//! (abbreviations, numeric offsets, IANA names), RFC 3339, and `YYYY/MM/DD HH:MM:SS`.
//! A timestamp without a zone is read as UTC.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Parses a timestamp; the error says what was wrong, without the whole value.
pub fn parse_timestamp(text: &str) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    let (naive, rest) = split_local(text)?;
    let zone = rest.trim();
    if zone.is_empty() {
        return Ok(Utc.from_utc_datetime(&naive));
    }
    if let Some(offset) = numeric_offset(zone).or_else(|| abbreviation(zone)) {
        return offset
            .from_local_datetime(&naive)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(|| "a time that does not exist in its zone".to_string());
    }
    if let Ok(tz) = zone.parse::<chrono_tz::Tz>() {
        return tz
            .from_local_datetime(&naive)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(|| format!("a time that does not exist in {zone}"));
    }
    Err(format!("unknown time zone `{zone}`"))
}

/// Parses a calendar date `YYYY-MM-DD` (also `YYYY/MM/DD`, or the date part of a timestamp).
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    let date_part = text.get(..10).unwrap_or(text);
    for fmt in ["%Y-%m-%d", "%Y/%m/%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(date_part, fmt) {
            return Ok(d);
        }
    }
    parse_timestamp(text)
        .map(|t| t.date_naive())
        .map_err(|_| "not a date (expected YYYY-MM-DD)".to_string())
}

/// The date and time at the start of `text`, and what follows them.
fn split_local(text: &str) -> Result<(NaiveDateTime, &str), String> {
    const FORMATS: [&str; 4] = [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y/%m/%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y/%m/%dT%H:%M:%S%.f",
    ];
    for fmt in FORMATS {
        if let Ok((naive, rest)) = NaiveDateTime::parse_and_remainder(text, fmt) {
            return Ok((naive, rest));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok((d.and_hms_opt(0, 0, 0).expect("midnight exists"), ""));
    }
    Err("not a timestamp (expected YYYY-MM-DD HH:MM:SS with an optional zone)".to_string())
}

fn numeric_offset(zone: &str) -> Option<FixedOffset> {
    let (sign, digits) = match zone.as_bytes().first()? {
        b'+' => (1, &zone[1..]),
        b'-' => (-1, &zone[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

fn abbreviation(zone: &str) -> Option<FixedOffset> {
    let hours: f32 = match zone.to_ascii_uppercase().as_str() {
        "Z" | "UTC" | "GMT" | "UT" | "WET" => 0.0,
        "BST" | "CET" | "WEST" | "MEZ" => 1.0,
        "CEST" | "EET" | "MESZ" => 2.0,
        "EEST" | "MSK" => 3.0,
        "IST" => 5.5,
        "JST" | "KST" => 9.0,
        "AEST" => 10.0,
        "AEDT" => 11.0,
        "EST" => -5.0,
        "EDT" => -4.0,
        "CST" => -6.0,
        "CDT" => -5.0,
        "MST" => -7.0,
        "MDT" => -6.0,
        "PST" => -8.0,
        "PDT" => -7.0,
        "AKST" => -9.0,
        "AKDT" => -8.0,
        "HST" => -10.0,
        _ => return None,
    };
    FixedOffset::east_opt((hours * 3600.0) as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn photoshelter_timestamps_with_a_utc_token() {
        assert_eq!(
            parse_timestamp("2024-05-06 14:03:22 UTC").unwrap(),
            utc("2024-05-06T14:03:22Z")
        );
    }

    #[test]
    fn other_zone_tokens_are_applied() {
        assert_eq!(
            parse_timestamp("2024-05-06 10:03:22 EDT").unwrap(),
            utc("2024-05-06T14:03:22Z")
        );
        assert_eq!(
            parse_timestamp("2024-05-06 16:03:22 +02:00").unwrap(),
            utc("2024-05-06T14:03:22Z")
        );
        assert_eq!(
            parse_timestamp("2024-05-06 16:03:22 +0200").unwrap(),
            utc("2024-05-06T14:03:22Z")
        );
        assert_eq!(
            parse_timestamp("2024-01-06 09:03:22 America/New_York").unwrap(),
            utc("2024-01-06T14:03:22Z")
        );
    }

    #[test]
    fn rfc3339_and_legacy_slashes() {
        assert_eq!(
            parse_timestamp("2024-05-02T10:15:30Z").unwrap(),
            utc("2024-05-02T10:15:30Z")
        );
        assert_eq!(
            parse_timestamp("2024-05-02T10:15:30.250+00:00").unwrap(),
            utc("2024-05-02T10:15:30.250Z")
        );
        assert_eq!(
            parse_timestamp("2015/03/26 13:59:33").unwrap(),
            utc("2015-03-26T13:59:33Z")
        );
    }

    #[test]
    fn nonsense_is_an_error_naming_the_problem() {
        assert!(
            parse_timestamp("yesterday")
                .unwrap_err()
                .contains("not a timestamp")
        );
        assert!(
            parse_timestamp("2024-05-06 14:03:22 Mars/Olympus")
                .unwrap_err()
                .contains("unknown time zone")
        );
    }

    #[test]
    fn dates_in_both_spellings() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        assert_eq!(parse_date("2026-03-31").unwrap(), d);
        assert_eq!(parse_date("2026/03/31").unwrap(), d);
        assert_eq!(parse_date("2026-03-31 00:00:00 UTC").unwrap(), d);
        assert!(parse_date("31.03.2026").is_err());
    }
}
