//! The rights verdict computed in SQL, so search filters and the expiry review can select
//! by verdict over the whole cache. It gives exactly what `rights::verdict` gives for the
//! same rights, clock and use (a test holds the two side by side): the licence instants are
//! stored per asset by [`super::rights_columns`] with `rights::licence_bounds`, among them
//! the instant the licence stops being plainly valid (`licence_ok_until`: the widest warning
//! window opens, or the licence ends), so that which verdict holds now is a comparison of
//! stored instants with now. Only the days left, shown, read "today" in the zone `verdict`
//! reads it in.

use crate::rights::{IntendedUse, RightsPolicy, Verdict};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::ToSql;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The kind of a verdict, as SQL gives it and as filters name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VerdictKind {
    Ok,
    Expiring,
    Expired,
    NotYetValid,
    Restricted,
    Unknown,
}

impl VerdictKind {
    pub fn as_str(self) -> &'static str {
        match self {
            VerdictKind::Ok => "ok",
            VerdictKind::Expiring => "expiring",
            VerdictKind::Expired => "expired",
            VerdictKind::NotYetValid => "not_yet_valid",
            VerdictKind::Restricted => "restricted",
            VerdictKind::Unknown => "unknown",
        }
    }

    pub fn parse(text: &str) -> Option<VerdictKind> {
        Some(match text {
            "ok" => VerdictKind::Ok,
            "expiring" => VerdictKind::Expiring,
            "expired" => VerdictKind::Expired,
            "not_yet_valid" => VerdictKind::NotYetValid,
            "restricted" => VerdictKind::Restricted,
            "unknown" => VerdictKind::Unknown,
            _ => return None,
        })
    }

    pub fn of(verdict: &Verdict) -> VerdictKind {
        match verdict {
            Verdict::Ok => VerdictKind::Ok,
            Verdict::Expiring { .. } => VerdictKind::Expiring,
            Verdict::Expired { .. } => VerdictKind::Expired,
            Verdict::NotYetValid { .. } => VerdictKind::NotYetValid,
            Verdict::Restricted { .. } => VerdictKind::Restricted,
            Verdict::Unknown => VerdictKind::Unknown,
        }
    }
}

/// The clock verdicts are given for: now, the user's zone (the zone `rights::verdict` is
/// given `now` in) and the rights policy.
#[derive(Debug, Clone, PartialEq)]
pub struct RightsClock {
    pub now: DateTime<Utc>,
    pub zone: chrono_tz::Tz,
    pub policy: RightsPolicy,
}

impl RightsClock {
    /// Now, in the zone of this computer (UTC when it cannot be told).
    pub fn local(policy: RightsPolicy) -> RightsClock {
        RightsClock {
            now: Utc::now(),
            zone: system_zone(),
            policy,
        }
    }

    /// The zone licence days are read in: the policy's, else the clock's.
    pub fn licence_zone(&self) -> chrono_tz::Tz {
        self.policy
            .licence_zone
            .as_deref()
            .and_then(|z| z.parse().ok())
            .unwrap_or(self.zone)
    }

    /// Names the zone the stored licence instants depend on (see `rights_columns`).
    pub fn zone_key(&self) -> String {
        self.licence_zone().name().to_owned()
    }

    /// The widest warning window of the policy, in days, if it warns at all.
    pub fn widest_window(&self) -> Option<u32> {
        self.policy.warning_windows.iter().copied().max()
    }

    /// Names the widest warning window, on which `licence_ok_until` depends (see
    /// `rights_columns`).
    pub fn window_key(&self) -> String {
        match self.widest_window() {
            Some(days) => format!("{days} days"),
            None => "none".to_owned(),
        }
    }

    /// Today in the licence zone.
    pub fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.licence_zone()).date_naive()
    }

    /// The verdict `rights::verdict` gives for `rights` now.
    pub fn verdict(&self, rights: &crate::rights::Rights, intended: &IntendedUse) -> Verdict {
        crate::rights::verdict(
            rights,
            &self.now.with_timezone(&self.zone),
            intended,
            &self.policy,
        )
    }
}

/// The zone of this computer as an IANA zone, or UTC.
pub fn system_zone() -> chrono_tz::Tz {
    iana_time_zone::get_timezone()
        .ok()
        .and_then(|name| name.parse().ok())
        .unwrap_or(chrono_tz::UTC)
}

/// The SQL expression giving the verdict kind of the asset row `alias` (e.g. `a`), checked
/// in the order `rights::verdict` checks: ended, not started, restricted, without terms,
/// then `expiring` from the stored instant the widest warning window opens. Its parameters
/// are named `:v_…`; bind them with [`params`].
pub fn expression(alias: &str) -> String {
    let a = alias;
    format!(
        "(CASE
            WHEN {a}.licence_end_at IS NOT NULL AND :v_now >= {a}.licence_end_at THEN 'expired'
            WHEN {a}.licence_start_at IS NOT NULL AND :v_now < {a}.licence_start_at THEN 'not_yet_valid'
            WHEN (:v_region IS NOT NULL AND {a}.regions IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM json_each({a}.regions) WHERE value = :v_region))
              OR (:v_channel IS NOT NULL AND {a}.channels IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM json_each({a}.channels) WHERE value = :v_channel))
              OR (:v_model = 1 AND coalesce({a}.model_release, '') NOT IN ('released', 'not_applicable'))
              OR (:v_property = 1 AND coalesce({a}.property_release, '') NOT IN ('released', 'not_applicable'))
              THEN 'restricted'
            WHEN {a}.licence_terms = 0 THEN 'unknown'
            WHEN {a}.licence_ok_until <= :v_now THEN 'expiring'
            ELSE 'ok'
        END)"
    )
}

/// The condition that holds exactly for the asset rows `alias` whose verdict is `kind` for
/// `clock` and `intended` use: what [`expression`] `= kind` selects, written as comparisons
/// of stored columns with now (the parameters of [`expression`]), so that the index
/// `assets_verdict` answers it and counting the matches reads no asset row. The part for
/// `restricted` holds only what is asked for (a region, a channel, the releases the policy
/// requires); when nothing is, no asset is restricted and the condition says so at once.
pub fn condition(
    alias: &str,
    kind: VerdictKind,
    clock: &RightsClock,
    intended: &IntendedUse,
) -> String {
    written(alias, kind, clock, intended)
}

/// [`condition`] with every column written `+alias.column`, which SQLite never answers
/// from an index: for a page read in another index's order, testing each row, when so
/// many rows match that the verdict index would only add reads and a sort.
pub fn condition_row_by_row(
    alias: &str,
    kind: VerdictKind,
    clock: &RightsClock,
    intended: &IntendedUse,
) -> String {
    written(&format!("+{alias}"), kind, clock, intended)
}

/// The condition of [`condition`], each column written `{a}.column`.
fn written(a: &str, kind: VerdictKind, clock: &RightsClock, intended: &IntendedUse) -> String {
    let not_ended = format!("({a}.licence_end_at IS NULL OR {a}.licence_end_at > :v_now)");
    let started = format!("({a}.licence_start_at IS NULL OR {a}.licence_start_at <= :v_now)");
    let restricted = restriction(a, clock, intended);
    // Neither ended, nor not started, nor restricted: what the verdict checks after those.
    let mut usable = vec![started.clone()];
    usable.extend(restricted.as_ref().map(|r| format!("NOT {r}")));
    let usable = usable.join(" AND ");
    match kind {
        VerdictKind::Expired => format!("{a}.licence_end_at <= :v_now"),
        VerdictKind::NotYetValid => format!("{a}.licence_start_at > :v_now AND {not_ended}"),
        VerdictKind::Restricted => match restricted {
            Some(r) => format!("{r} AND {not_ended} AND {started}"),
            None => "0".to_owned(),
        },
        VerdictKind::Unknown => format!("{a}.licence_terms = 0 AND {not_ended} AND {usable}"),
        VerdictKind::Expiring => format!(
            "{a}.licence_ok_until <= :v_now AND {a}.licence_end_at > :v_now \
             AND {a}.licence_terms <> 0 AND {usable}"
        ),
        // "Ok until" is never after the end, so a licence still plainly valid has not ended.
        VerdictKind::Ok => format!(
            "({a}.licence_ok_until IS NULL OR {a}.licence_ok_until > :v_now) \
             AND {a}.licence_terms <> 0 AND {usable}"
        ),
    }
}

/// The SQL that holds when asset row `alias` is restricted for `intended` use under the
/// clock's policy, or `None` when nothing is asked for that could restrict it. The same
/// tests as [`expression`]'s `restricted` branch.
fn restriction(a: &str, clock: &RightsClock, intended: &IntendedUse) -> Option<String> {
    let mut parts = Vec::new();
    if intended.region.is_some() {
        parts.push(format!(
            "({a}.regions IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM json_each({a}.regions) WHERE value = :v_region))"
        ));
    }
    if intended.channel.is_some() {
        parts.push(format!(
            "({a}.channels IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM json_each({a}.channels) WHERE value = :v_channel))"
        ));
    }
    if clock.policy.require_model_release {
        parts.push(format!(
            "coalesce({a}.model_release, '') NOT IN ('released', 'not_applicable')"
        ));
    }
    if clock.policy.require_property_release {
        parts.push(format!(
            "coalesce({a}.property_release, '') NOT IN ('released', 'not_applicable')"
        ));
    }
    (!parts.is_empty()).then(|| format!("({})", parts.join(" OR ")))
}

/// The SQL giving the days left until the licence end of `alias` (0 on the last day), or
/// NULL without an end; the same parameters as [`expression`].
pub fn days_left(alias: &str) -> String {
    let a = alias;
    format!(
        "(CASE WHEN {a}.licence_end IS NULL THEN NULL ELSE CAST(julianday({a}.licence_end) - julianday(CASE
            WHEN {a}.licence_end_offset IS NULL THEN :v_today
            ELSE date(:v_now_unix + {a}.licence_end_offset * 60, 'unixepoch') END) AS INTEGER) END)"
    )
}

/// The parameters of [`expression`], [`condition`] and [`days_left`] for `clock` and
/// `intended` use; a statement is given those it names.
pub fn params(clock: &RightsClock, intended: &IntendedUse) -> Vec<(&'static str, Box<dyn ToSql>)> {
    vec![
        (":v_now", Box::new(super::time::to_db(clock.now))),
        (":v_now_unix", Box::new(clock.now.timestamp())),
        (":v_today", Box::new(super::time::day_to_db(clock.today()))),
        (
            ":v_region",
            Box::new(intended.region.as_ref().map(|r| r.as_str().to_owned())),
        ),
        (
            ":v_channel",
            Box::new(intended.channel.as_ref().map(|c| c.as_str().to_owned())),
        ),
        (
            ":v_model",
            Box::new(i64::from(clock.policy.require_model_release)),
        ),
        (
            ":v_property",
            Box::new(i64::from(clock.policy.require_property_release)),
        ),
    ]
}

#[cfg(test)]
#[path = "verdict_sql_tests.rs"]
mod tests;
