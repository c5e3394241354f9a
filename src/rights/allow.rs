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
