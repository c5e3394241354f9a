//! The rights and approval gate: just before each attempt (and when a link is made), is
//! the asset still approved, and do its rights allow the use today? Rights may have expired
//! and approvals been withdrawn since the job was queued.

use super::catalog::{self, AssetRow};
use super::job::{Gate, Job, Payload};
use crate::model::ApprovalState;
use crate::rights::{Blocked, IntendedUse, Rights, RightsPolicy, allows, verdict};
use chrono::{DateTime, FixedOffset};
use rusqlite::Connection;

/// Why an asset may not go (a reason a person can act on, with the date that matters).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{file} is not in the cache: sync PhotoShelter, then try again")]
    Unknown { file: String },
    #[error("{file} was deleted in PhotoShelter: choose another image")]
    Deleted { file: String },
    #[error(
        "{file} is {state}, not approved: only approved images go to 4ALLPORTAL and on to channels. Approve it first"
    )]
    NotApproved { file: String, state: &'static str },
    #[error(
        "the rights recorded for {file} cannot be read: sync PhotoShelter again; if it persists, report it with the log file"
    )]
    UnreadableRights { file: String },
    #[error("{file}: {blocked}")]
    Rights { file: String, blocked: Blocked },
}

fn state_words(state: ApprovalState) -> &'static str {
    match state {
        ApprovalState::Open => "not reviewed yet",
        ApprovalState::Approved => "approved",
        ApprovalState::Rejected => "rejected",
    }
}

/// Whether rights alone allow `intended` use at `now`.
pub fn rights_allow(
    rights: &Rights,
    now: &DateTime<FixedOffset>,
    intended: &IntendedUse,
    policy: &RightsPolicy,
) -> Result<(), Blocked> {
    allows(&verdict(rights, now, intended, policy), policy)
}

/// Checks one asset for `gate`.
pub fn check_asset(
    asset: &AssetRow,
    gate: Gate,
    now: &DateTime<FixedOffset>,
    intended: &IntendedUse,
    policy: &RightsPolicy,
) -> Result<(), Refusal> {
    let file = asset.file_name.clone();
    if gate == Gate::None {
        return Ok(());
    }
    if asset.deleted {
        return Err(Refusal::Deleted { file });
    }
    if asset.approval != ApprovalState::Approved {
        return Err(Refusal::NotApproved {
            file,
            state: state_words(asset.approval),
        });
    }
    if gate == Gate::Approval {
        return Ok(());
    }
    let Some(rights) = &asset.rights else {
        return Err(Refusal::UnreadableRights { file });
    };
    rights_allow(rights, now, intended, policy).map_err(|blocked| Refusal::Rights { file, blocked })
}

/// The gate for a job about to run: `Ok` lets it run.
pub fn check_job(
    conn: &Connection,
    job: &Job,
    now: &DateTime<FixedOffset>,
    policy: &RightsPolicy,
) -> rusqlite::Result<Result<(), Refusal>> {
    let gate = job.kind.gate();
    if gate == Gate::None {
        return Ok(Ok(()));
    }
    if let Payload::Share(share) = &job.payload {
        for file in &share.files {
            if let Err(refusal) = check_file(conn, file, now, &share.intended, policy)? {
                return Ok(Err(refusal));
            }
        }
        return Ok(Ok(()));
    }
    let Some(ps_id) = job.payload.gated_asset() else {
        return Ok(Ok(()));
    };
    let Some(asset) = catalog::asset_by_ps_id(conn, ps_id)? else {
        return Ok(Err(Refusal::Unknown {
            file: ps_id.to_string(),
        }));
    };
    Ok(check_asset(&asset, gate, now, &IntendedUse::any(), policy))
}

/// A 4ALLPORTAL file going out: the PhotoShelter asset it came from decides when there is
/// one; otherwise the file's own rights and approval status.
pub(crate) fn check_file(
    conn: &Connection,
    file_id: &str,
    now: &DateTime<FixedOffset>,
    intended: &IntendedUse,
    policy: &RightsPolicy,
) -> rusqlite::Result<Result<(), Refusal>> {
    let Some(file) = catalog::ap_file(conn, file_id)? else {
        return Ok(Err(Refusal::Unknown {
            file: format!("the 4ALLPORTAL file {file_id}"),
        }));
    };
    if let Some(asset) = file
        .ps_id
        .as_deref()
        .map(|ps| catalog::asset_by_ps_id(conn, ps))
        .transpose()?
        .flatten()
    {
        return Ok(check_asset(
            &asset,
            Gate::ApprovalAndRights,
            now,
            intended,
            policy,
        ));
    }
    let name = file.name.clone().unwrap_or_else(|| file_id.to_string());
    let row = AssetRow {
        id: 0,
        ps_id: String::new(),
        file_name: name,
        rights: file.rights,
        approval: file.approval,
        deleted: false,
        keywords: Vec::new(),
    };
    Ok(check_asset(
        &row,
        Gate::ApprovalAndRights,
        now,
        intended,
        policy,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rights::{LicenceDate, Origin, Sourced};
    use chrono::{NaiveDate, TimeZone};

    fn asset(approval: ApprovalState, end: Option<NaiveDate>) -> AssetRow {
        AssetRow {
            id: 1,
            ps_id: "I1".into(),
            file_name: "mh02-black_main.jpg".into(),
            rights: Some(Rights {
                licence_end: end
                    .map(|d| Sourced::new(LicenceDate::day(d), Origin::PhotoShelter, "License")),
                ..Rights::default()
            }),
            approval,
            deleted: false,
            keywords: Vec::new(),
        }
    }

    fn noon(y: i32, m: u32, d: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(y, m, d, 12, 0, 0)
            .unwrap()
    }

    #[test]
    fn an_approved_image_is_allowed_through_the_last_day_of_its_licence() {
        let end = NaiveDate::from_ymd_opt(2026, 3, 31);
        let a = asset(ApprovalState::Approved, end);
        let policy = RightsPolicy::default();
        let any = IntendedUse::any();
        assert!(
            check_asset(
                &a,
                Gate::ApprovalAndRights,
                &noon(2026, 3, 31),
                &any,
                &policy
            )
            .is_ok()
        );
        let err = check_asset(
            &a,
            Gate::ApprovalAndRights,
            &noon(2026, 4, 1),
            &any,
            &policy,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "mh02-black_main.jpg: the licence expired: it ended on 2026-03-31. Renew the licence \
             (and update its end date in PhotoShelter) or choose another image"
        );
    }

    #[test]
    fn an_image_not_approved_is_held_even_when_its_rights_are_fine() {
        let a = asset(ApprovalState::Open, None);
        let err = check_asset(
            &a,
            Gate::ApprovalAndRights,
            &noon(2026, 1, 1),
            &IntendedUse::any(),
            &RightsPolicy::default(),
        )
        .unwrap_err();
        assert!(matches!(err, Refusal::NotApproved { .. }));
        assert!(err.to_string().contains("Approve it first"), "{err}");
    }

    #[test]
    fn the_approval_signal_needs_the_approval_but_not_the_rights() {
        let a = asset(ApprovalState::Approved, NaiveDate::from_ymd_opt(2020, 1, 1));
        let now = noon(2026, 1, 1);
        let policy = RightsPolicy::default();
        assert!(check_asset(&a, Gate::Approval, &now, &IntendedUse::any(), &policy).is_ok());
        assert!(
            check_asset(
                &a,
                Gate::ApprovalAndRights,
                &now,
                &IntendedUse::any(),
                &policy
            )
            .is_err()
        );
    }
}
