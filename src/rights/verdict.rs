//! The verdict: may this asset be used now, for this use?
//!
//! Dates: a licence end *day* means the asset is usable through the end of that day
//! (23:59:59.999) in the licence's zone; a start day means usable from 00:00 of that day.
//! The licence's zone is the offset the source gave (IIM 2:38), else the policy's
//! `licence_zone`, else the zone of the clock passed in. An end *instant* is the last
//! usable moment. "Days left" counts calendar days in the licence's zone: 0 on the last
//! day, 1 the day before.
//!
//! When several things apply, the verdict reports the first of: expired, not yet valid,
//! restricted, unknown, expiring, ok.

use super::model::{Channel, LicenceDate, Region, ReleaseStatus, Rights};
use super::policy::RightsPolicy;
use chrono::{DateTime, Days, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the asset is about to be used for. `None` = not for a particular channel or
/// region (e.g. linking to a product), so limits on that dimension are not checked.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct IntendedUse {
    pub channel: Option<Channel>,
    pub region: Option<Region>,
}

impl IntendedUse {
    pub fn any() -> Self {
        Self::default()
    }

    pub fn on(channel: &str, region: &str) -> Self {
        Self {
            channel: Some(Channel::new(channel)),
            region: Some(Region::new(region)),
        }
    }
}

/// One reason an asset may not be used for the intended use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Restriction {
    Region {
        wanted: Region,
        allowed: Vec<Region>,
    },
    Channel {
        wanted: Channel,
        allowed: Vec<Channel>,
    },
    ModelRelease {
        status: Option<ReleaseStatus>,
    },
    PropertyRelease {
        status: Option<ReleaseStatus>,
    },
}

impl std::fmt::Display for Restriction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let join = |v: Vec<String>| v.join(", ");
        match self {
            Self::Region { wanted, allowed } => write!(
                f,
                "not licensed for region {wanted} (licensed for {})",
                join(allowed.iter().map(ToString::to_string).collect())
            ),
            Self::Channel { wanted, allowed } => write!(
                f,
                "not licensed for channel {wanted} (licensed for {})",
                join(allowed.iter().map(ToString::to_string).collect())
            ),
            Self::ModelRelease { status } => write!(f, "model release {}", release_text(*status)),
            Self::PropertyRelease { status } => {
                write!(f, "property release {}", release_text(*status))
            }
        }
    }
}

fn release_text(status: Option<ReleaseStatus>) -> &'static str {
    match status {
        Some(ReleaseStatus::Limited) => "is limited or incomplete",
        Some(ReleaseStatus::NotReleased) => "is missing",
        Some(_) => "is sufficient",
        None => "is not recorded",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Verdict {
    Ok,
    /// Usable, ending soon: `days` left (0 = last day) until and including `on`, inside
    /// the warning window `window` (e.g. 30, 14 or 0).
    Expiring {
        days: u32,
        on: NaiveDate,
        window: u32,
    },
    /// The licence ended; `since` is its last usable day.
    Expired {
        since: NaiveDate,
    },
    /// The licence starts on `until` (the first usable day).
    NotYetValid {
        until: NaiveDate,
    },
    Restricted {
        why: Vec<Restriction>,
    },
    /// No licence terms are recorded.
    Unknown,
}

impl Verdict {
    /// One line for the verdict badge.
    pub fn reason(&self) -> String {
        match self {
            Self::Ok => "Licence valid for this use".into(),
            Self::Expiring { days: 0, on, .. } => format!("Licence ends today ({on})"),
            Self::Expiring { days: 1, on, .. } => format!("Licence ends tomorrow ({on})"),
            Self::Expiring { days, on, .. } => format!("Licence ends in {days} days ({on})"),
            Self::Expired { since } => format!("Licence expired: it ended on {since}"),
            Self::NotYetValid { until } => format!("Licence not valid yet: it starts on {until}"),
            Self::Restricted { why } => {
                let parts: Vec<String> = why.iter().map(ToString::to_string).collect();
                let text = parts.join("; ");
                let mut chars = text.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect(),
                    None => "Restricted".into(),
                }
            }
            Self::Unknown => "No licence information recorded: check the rights before use".into(),
        }
    }
}

/// The verdict for `rights` at `now` (whose zone is the user's) for `intended` use.
pub fn verdict<Tz: TimeZone>(
    rights: &Rights,
    now: &DateTime<Tz>,
    intended: &IntendedUse,
    policy: &RightsPolicy,
) -> Verdict {
    let now_utc = now.with_timezone(&Utc);
    let zone = LicenceZone::new(policy, now.timezone());

    if let Some(end) = rights.licence_end.as_ref().map(|s| s.value)
        && now_utc >= zone.end_exclusive(&end)
    {
        return Verdict::Expired { since: end.date() };
    }
    if let Some(start) = rights.licence_start.as_ref().map(|s| s.value)
        && now_utc < zone.start(&start)
    {
        return Verdict::NotYetValid {
            until: start.date(),
        };
    }
    let why = restrictions(rights, intended, policy);
    if !why.is_empty() {
        return Verdict::Restricted { why };
    }
    if !rights.has_licence_terms() {
        return Verdict::Unknown;
    }
    if let Some(end) = rights.licence_end.as_ref().map(|s| s.value) {
        let today = zone.local_date(&end, now_utc);
        let days = (end.date() - today).num_days().max(0) as u32;
        if let Some(window) = policy.window_for(days) {
            return Verdict::Expiring {
                days,
                on: end.date(),
                window,
            };
        }
    }
    Verdict::Ok
}

/// Where a licence period begins and ends, read exactly as [`verdict`] reads it: what the
/// cache stores so that SQL can give the same verdict (see `cache::verdict_sql`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LicenceBounds {
    /// The first usable instant.
    pub start: Option<DateTime<Utc>>,
    /// The first instant at which the licence no longer holds.
    pub end_exclusive: Option<DateTime<Utc>>,
    /// Minutes east of UTC of the zone the end carries itself (an instant, or an IIM day
    /// with its zone): "today" for the days left is read in that zone. `None` = the
    /// licence zone (the policy's, else the clock's).
    pub end_offset_minutes: Option<i32>,
    /// The first instant at which the days left fall within the policy's widest warning
    /// window: from then until `end_exclusive` the verdict is `Expiring` (unless the
    /// licence has not started, or the asset is restricted or without terms). `None`
    /// without an end or without warning windows.
    pub warning_from: Option<DateTime<Utc>>,
}

/// The bounds of `rights` for a clock in `zone` (the zone `verdict` is given `now` in).
pub fn licence_bounds<Tz: TimeZone>(
    rights: &Rights,
    zone: &Tz,
    policy: &RightsPolicy,
) -> LicenceBounds {
    let lz = LicenceZone::new(policy, zone.clone());
    let end = rights.licence_end.as_ref().map(|s| s.value);
    LicenceBounds {
        start: rights.licence_start.as_ref().map(|s| lz.start(&s.value)),
        end_exclusive: end.as_ref().map(|e| lz.end_exclusive(e)),
        end_offset_minutes: end.and_then(|e| match e {
            LicenceDate::Instant { at } => Some(at.offset().local_minus_utc() / 60),
            LicenceDate::Day { offset_minutes, .. } => offset_minutes,
        }),
        warning_from: end
            .zip(policy.warning_windows.iter().copied().max())
            .map(|(e, window)| lz.warning_from(&e, window)),
    }
}

fn restrictions(
    rights: &Rights,
    intended: &IntendedUse,
    policy: &RightsPolicy,
) -> Vec<Restriction> {
    let mut why = Vec::new();
    if let (Some(wanted), Some(allowed)) = (&intended.region, &rights.regions)
        && !allowed.value.contains(wanted)
    {
        why.push(Restriction::Region {
            wanted: wanted.clone(),
            allowed: allowed.value.clone(),
        });
    }
    if let (Some(wanted), Some(allowed)) = (&intended.channel, &rights.channels)
        && !allowed.value.contains(wanted)
    {
        why.push(Restriction::Channel {
            wanted: wanted.clone(),
            allowed: allowed.value.clone(),
        });
    }
    let status = |s: &Option<super::model::Sourced<ReleaseStatus>>| s.as_ref().map(|s| s.value);
    if policy.require_model_release
        && !status(&rights.model_release).is_some_and(ReleaseStatus::is_sufficient)
    {
        why.push(Restriction::ModelRelease {
            status: status(&rights.model_release),
        });
    }
    if policy.require_property_release
        && !status(&rights.property_release).is_some_and(ReleaseStatus::is_sufficient)
    {
        why.push(Restriction::PropertyRelease {
            status: status(&rights.property_release),
        });
    }
    why
}

/// Turns licence days into instants.
struct LicenceZone<Tz: TimeZone> {
    named: Option<chrono_tz::Tz>,
    clock: Tz,
}

/// The first instant of a local midnight in `tz`. A zone may skip midnight (a DST change
/// there): then the first instant after the gap.
fn first_instant<Z: TimeZone>(tz: &Z, date: NaiveDate) -> DateTime<Utc> {
    let naive = date.and_hms_opt(0, 0, 0).expect("midnight exists");
    (0..4)
        .find_map(|h| {
            tz.from_local_datetime(&(naive + Duration::hours(h)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| naive.and_utc())
}

impl<Tz: TimeZone> LicenceZone<Tz> {
    fn new(policy: &RightsPolicy, clock: Tz) -> Self {
        let named = policy.licence_zone.as_deref().and_then(|z| z.parse().ok());
        Self { named, clock }
    }

    /// The first instant of `date` in the zone that applies to a day with `offset`.
    fn midnight(&self, date: NaiveDate, offset: Option<i32>) -> DateTime<Utc> {
        if let Some(fixed) = offset.and_then(|m| FixedOffset::east_opt(m * 60)) {
            return first_instant(&fixed, date);
        }
        match &self.named {
            Some(tz) => first_instant(tz, date),
            None => first_instant(&self.clock, date),
        }
    }

    fn start(&self, start: &LicenceDate) -> DateTime<Utc> {
        match start {
            LicenceDate::Day {
                date,
                offset_minutes,
            } => self.midnight(*date, *offset_minutes),
            LicenceDate::Instant { at } => at.with_timezone(&Utc),
        }
    }

    /// The first instant at which the licence no longer holds.
    fn end_exclusive(&self, end: &LicenceDate) -> DateTime<Utc> {
        match end {
            LicenceDate::Day {
                date,
                offset_minutes,
            } => match date.succ_opt() {
                Some(next) => self.midnight(next, *offset_minutes),
                None => DateTime::<Utc>::MAX_UTC,
            },
            LicenceDate::Instant { at } => at.with_timezone(&Utc) + Duration::nanoseconds(1),
        }
    }

    /// Today's date in the zone the licence end is read in.
    fn local_date(&self, end: &LicenceDate, now: DateTime<Utc>) -> NaiveDate {
        match (own_offset(end), &self.named) {
            (Some(o), _) => now.with_timezone(&o).date_naive(),
            (None, Some(tz)) => now.with_timezone(tz).date_naive(),
            (None, None) => now.with_timezone(&self.clock).date_naive(),
        }
    }

    /// The first instant whose [`Self::local_date`] is `window` days before the end's day
    /// or later: from then on the days left are at most `window`.
    fn warning_from(&self, end: &LicenceDate, window: u32) -> DateTime<Utc> {
        let Some(first_day) = end.date().checked_sub_days(Days::new(u64::from(window))) else {
            return DateTime::<Utc>::MIN_UTC;
        };
        match (own_offset(end), &self.named) {
            (Some(o), _) => first_instant(&o, first_day),
            (None, Some(tz)) => first_instant(tz, first_day),
            (None, None) => first_instant(&self.clock, first_day),
        }
    }
}

/// The zone a licence end carries itself (an instant's offset, or an IIM day's), in which
/// its days left are counted.
fn own_offset(end: &LicenceDate) -> Option<FixedOffset> {
    match end {
        LicenceDate::Instant { at } => Some(*at.offset()),
        LicenceDate::Day { offset_minutes, .. } => {
            offset_minutes.and_then(|m| FixedOffset::east_opt(m * 60))
        }
    }
}
