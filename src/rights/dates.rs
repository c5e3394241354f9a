//! Reading licence dates in every notation the sources use.
//!
//! | source | notation | read as |
//! |---|---|---|
//! | PhotoShelter `License.license_stime/etime` (P10) | `YYYY-MM-DD HH:MM:SS UTC` | an instant; **00:00:00 UTC reads as that calendar day**, because the PhotoShelter UI sets licence dates as days and stores them at midnight UTC |
//! | PhotoShelter `Iptc.expiration_date` (P9), 4ALLPORTAL CEDate (A4) | `YYYY-MM-DD` | a day |
//! | XMP `plus:LicenseStartDate/EndDate` | ISO 8601: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or with a time and zone | a day (a year or month as start = its first day, as end = its last day); with a time and zone, an instant; a time without zone is ignored (the day counts) |
//! | IIM 2:37 + 2:38 | `CCYYMMDD` + `HHMMSS±HHMM` | the day alone, or the instant with its zone |

use super::model::LicenceDate;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone};

/// Whether a partial date is read as the start or the end of a licence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Start,
    End,
}

/// A PhotoShelter timestamp (`2024-05-06 14:03:22 UTC`) or plain date; empty = absent.
pub fn photoshelter_time(raw: &str) -> Option<LicenceDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    if let Some(day) = plain_date(raw) {
        return Some(day);
    }
    let stamp = raw.strip_suffix("UTC").unwrap_or(raw).trim();
    let naive = chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d %H:%M:%S").ok()?;
    if naive.time() == NaiveTime::MIN {
        return Some(LicenceDate::day(naive.date()));
    }
    Some(LicenceDate::Instant {
        at: naive.and_utc().fixed_offset(),
    })
}

/// A calendar date `YYYY-MM-DD` (also `YYYY:MM:DD` and `YYYYMMDD`); empty = absent.
pub fn plain_date(raw: &str) -> Option<LicenceDate> {
    let raw = raw.trim();
    ["%Y-%m-%d", "%Y:%m:%d", "%Y%m%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(raw, f).ok())
        .filter(|_| raw.len() >= 8)
        .map(LicenceDate::day)
}

/// An XMP date (ISO 8601 subset of the XMP specification).
pub fn xmp_date(raw: &str, bound: Bound) -> Option<LicenceDate> {
    let raw = raw.trim();
    let (date_part, time_part) = match raw.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (raw, None),
    };
    let date_part = date_part.replace(':', "-");
    let mut it = date_part.split('-');
    let year: i32 = it.next()?.parse().ok()?;
    let month: Option<u32> = it.next().map(str::parse).transpose().ok()?;
    let day: Option<u32> = it.next().map(str::parse).transpose().ok()?;
    let date = match (month, day, bound) {
        (Some(m), Some(d), _) => NaiveDate::from_ymd_opt(year, m, d)?,
        (Some(m), None, Bound::Start) => NaiveDate::from_ymd_opt(year, m, 1)?,
        (Some(m), None, Bound::End) => last_of_month(year, m)?,
        (None, _, Bound::Start) => NaiveDate::from_ymd_opt(year, 1, 1)?,
        (None, _, Bound::End) => NaiveDate::from_ymd_opt(year, 12, 31)?,
    };
    if let (Some(time), true) = (time_part, month.is_some() && day.is_some())
        && let Some(at) = xmp_instant(date, time)
    {
        return Some(LicenceDate::Instant { at });
    }
    Some(LicenceDate::day(date))
}

fn xmp_instant(date: NaiveDate, time: &str) -> Option<DateTime<FixedOffset>> {
    let (clock, offset) = if let Some(clock) = time.strip_suffix('Z') {
        (clock, FixedOffset::east_opt(0)?)
    } else {
        let cut = time.rfind(['+', '-'])?;
        let (clock, zone) = time.split_at(cut);
        (clock, offset_from(zone)?)
    };
    let clock = clock.split('.').next()?;
    let t = NaiveTime::parse_from_str(clock, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(clock, "%H:%M"))
        .ok()?;
    offset.from_local_datetime(&date.and_time(t)).single()
}

/// `+HH:MM`, `+HHMM` or `-HH` as a fixed offset.
fn offset_from(zone: &str) -> Option<FixedOffset> {
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = zone[1..].chars().filter(|c| c.is_ascii_digit()).collect();
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (digits[..2].parse().ok()?, digits[2..].parse::<i32>().ok()?),
        _ => return None,
    };
    if h > 23 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    first_next.pred_opt().filter(|d| d.month() == month)
}

/// IIM 2:37 ExpirationDate (`CCYYMMDD`) with the optional 2:38 ExpirationTime
/// (`HHMMSS±HHMM`). Without a time the date is a day; a time without a usable zone keeps
/// the day but not the time.
pub fn iim_date_time(date: &str, time: Option<&str>) -> Option<LicenceDate> {
    let day = NaiveDate::parse_from_str(date.trim(), "%Y%m%d").ok()?;
    let Some(time) = time.map(str::trim).filter(|t| t.len() >= 6) else {
        return Some(LicenceDate::day(day));
    };
    let clock = NaiveTime::parse_from_str(&time[..6], "%H%M%S").ok();
    let offset = offset_from(&time[6..]);
    match (clock, offset) {
        (Some(clock), Some(offset)) => offset
            .from_local_datetime(&day.and_time(clock))
            .single()
            .map(|at| LicenceDate::Instant { at }),
        (_, offset) => Some(LicenceDate::Day {
            date: day,
            offset_minutes: offset.map(|o| o.local_minus_utc() / 60),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn photoshelter_midnight_is_a_day_other_times_are_instants() {
        assert_eq!(
            photoshelter_time("2025-06-30 00:00:00 UTC"),
            Some(LicenceDate::day(d(2025, 6, 30)))
        );
        let at = photoshelter_time("2025-06-30 17:30:00 UTC").unwrap();
        assert_eq!(at.to_string(), "2025-06-30 17:30 +00:00");
        assert_eq!(photoshelter_time(""), None);
        assert_eq!(photoshelter_time("soon"), None);
    }

    #[test]
    fn xmp_partial_dates_cover_the_whole_period() {
        assert_eq!(
            xmp_date("2015", Bound::End),
            Some(LicenceDate::day(d(2015, 12, 31)))
        );
        assert_eq!(
            xmp_date("2024-02", Bound::End),
            Some(LicenceDate::day(d(2024, 2, 29)))
        );
        assert_eq!(
            xmp_date("2024-02", Bound::Start),
            Some(LicenceDate::day(d(2024, 2, 1)))
        );
        assert_eq!(
            xmp_date("2015-04-01", Bound::End),
            Some(LicenceDate::day(d(2015, 4, 1)))
        );
    }

    #[test]
    fn xmp_date_with_zone_is_an_instant() {
        let at = xmp_date("2015-04-01T18:00:00-05:00", Bound::End).unwrap();
        assert_eq!(at.to_string(), "2015-04-01 18:00 -05:00");
        // A time without zone says nothing certain: the day counts.
        assert_eq!(
            xmp_date("2015-04-01T18:00:00", Bound::End),
            Some(LicenceDate::day(d(2015, 4, 1)))
        );
    }

    #[test]
    fn iim_expiration_with_and_without_time() {
        let at = iim_date_time("20200630", Some("235959+0000")).unwrap();
        assert_eq!(at.to_string(), "2020-06-30 23:59 +00:00");
        assert_eq!(
            iim_date_time("20200630", None),
            Some(LicenceDate::day(d(2020, 6, 30)))
        );
        assert_eq!(iim_date_time("2020-06-30", None), None);
    }
}
