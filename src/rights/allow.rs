//! Enforcement: turning a verdict into permission, with a reason a person can act on.

use super::policy::{RightsPolicy, UnknownRights};
use super::verdict::{Restriction, Verdict};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Why an asset may not be linked or transferred, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Blocked {
    #[error(
        "the licence expired: it ended on {since}. Renew the licence (and update its end date in PhotoShelter) or choose another image"
    )]
    Expired { since: NaiveDate },
    #[error(
        "the licence is not valid yet: it starts on {until}. Wait until then or choose another image"
    )]
    NotYetValid { until: NaiveDate },
    #[error("{}. Choose another image or extend the licence", join(.why))]
    Restricted { why: Vec<Restriction> },
    #[error(
        "no licence information is recorded and the rights policy blocks such images. Record the licence in PhotoShelter or change the policy"
    )]
    Unknown,
}

fn join(why: &[Restriction]) -> String {
    let text = why
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "The licence restricts this use".into(),
    }
}

/// Whether a verdict lets the asset be linked or transferred under `policy`. Expiring and
/// (by default) unknown are allowed; the UI shows their warning from the verdict.
pub fn allows(verdict: &Verdict, policy: &RightsPolicy) -> Result<(), Blocked> {
    match verdict {
        Verdict::Ok | Verdict::Expiring { .. } => Ok(()),
        Verdict::Unknown => match policy.unknown {
            UnknownRights::AllowWithWarning => Ok(()),
            UnknownRights::Block => Err(Blocked::Unknown),
        },
        Verdict::Expired { since } => Err(Blocked::Expired { since: *since }),
        Verdict::NotYetValid { until } => Err(Blocked::NotYetValid { until: *until }),
        Verdict::Restricted { why } => Err(Blocked::Restricted { why: why.clone() }),
    }
}

/// What the rights of a linked image call for on the link: the one rule the sync and the
/// daily check flag links by, so neither undoes the other's flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkConcern {
    /// The licence ended.
    Expired,
    /// The licence ends within a warning window; the image may still be used.
    Expiring,
    /// Anything else [`allows`] refuses: not valid yet, restricted, or unknown rights the
    /// policy blocks.
    Restricted,
}

/// The concern a link to an image with `verdict` carries under `policy`, with the reason a
/// person can act on; `None` when its rights allow use without a warning.
pub fn link_concern(verdict: &Verdict, policy: &RightsPolicy) -> Option<(LinkConcern, String)> {
    match (verdict, allows(verdict, policy)) {
        (Verdict::Expired { .. }, Err(blocked)) => {
            Some((LinkConcern::Expired, blocked.to_string()))
        }
        (_, Err(blocked)) => Some((LinkConcern::Restricted, blocked.to_string())),
        (Verdict::Expiring { .. }, Ok(())) => Some((LinkConcern::Expiring, verdict.reason())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concern(verdict: Verdict, policy: &RightsPolicy) -> Option<LinkConcern> {
        link_concern(&verdict, policy).map(|(concern, _)| concern)
    }

    #[test]
    fn a_link_is_flagged_for_what_allows_refuses_and_warned_when_its_licence_ends_soon() {
        let lenient = RightsPolicy::default();
        let strict = RightsPolicy {
            unknown: UnknownRights::Block,
            ..RightsPolicy::default()
        };
        let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert_eq!(concern(Verdict::Ok, &lenient), None);
        assert_eq!(
            concern(Verdict::Expired { since: day }, &lenient),
            Some(LinkConcern::Expired)
        );
        assert_eq!(
            concern(Verdict::NotYetValid { until: day }, &lenient),
            Some(LinkConcern::Restricted)
        );
        assert_eq!(concern(Verdict::Unknown, &lenient), None);
        assert_eq!(
            concern(Verdict::Unknown, &strict),
            Some(LinkConcern::Restricted)
        );
        let (kind, reason) = link_concern(&Verdict::Expired { since: day }, &lenient).unwrap();
        assert_eq!(kind, LinkConcern::Expired);
        assert!(
            reason.starts_with("the licence expired: it ended on 2026-12-04"),
            "{reason}"
        );
    }
}
