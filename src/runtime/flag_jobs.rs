//! Each sync flags links whose asset's rights changed (`cache::catalog::flags`); this hook
//! queues the transfer job that writes the flag onto the 4ALLPORTAL file, inside the same
//! transaction as the flag.

use crate::cache::catalog::flags::{FlagChange, LinkFlag};
use crate::linking::{Rules, queue_flag};
use crate::sync::SyncHooks;
use crate::transfer::RightsFlag;
use rusqlite::{Connection, OptionalExtension};

/// Queues a flag job for every changed rights flag of a link with a known 4ALLPORTAL file.
pub struct FlagJobs {
    pub rules: Rules,
}

fn rights_flag(flag: LinkFlag) -> Option<RightsFlag> {
    match flag {
        LinkFlag::Expired => Some(RightsFlag::Expired),
        LinkFlag::Expiring => Some(RightsFlag::Expiring),
        LinkFlag::Restricted => Some(RightsFlag::Restricted),
        LinkFlag::RemoteDeleted => None,
    }
}

/// What to write on the file: the new flag, `Ok` when a rights flag was cleared, nothing
/// when the change is not about rights (a remote deletion).
fn to_write(change: &FlagChange) -> Option<RightsFlag> {
    match (change.from, change.to) {
        (_, Some(to)) => rights_flag(to),
        (Some(from), None) => rights_flag(from).map(|_| RightsFlag::Ok),
        (None, None) => None,
    }
}

impl SyncHooks for FlagJobs {
    fn on_link_flagged(&self, conn: &Connection, change: &FlagChange) -> rusqlite::Result<()> {
        let (Some(flag), Some(file)) = (to_write(change), change.ap_file_id.as_deref()) else {
            return Ok(());
        };
        let asset: Option<i64> = conn
            .query_row(
                "SELECT id FROM assets WHERE ps_id = ?1",
                [&change.asset],
                |r| r.get(0),
            )
            .optional()?;
        let note = change
            .reason
            .clone()
            .unwrap_or_else(|| "The rights allow use again".to_string());
        let job = queue_flag(conn, &self.rules, file, flag, &note, asset)?;
        tracing::info!(
            link = change.link_id,
            job,
            flag = flag.as_str(),
            "flag job queued"
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(from: Option<LinkFlag>, to: Option<LinkFlag>) -> FlagChange {
        FlagChange {
            link_id: 1,
            product: "p1".into(),
            sku: None,
            asset: "I1".into(),
            file_name: "a.jpg".into(),
            ap_file_id: Some("f1".into()),
            from,
            to,
            reason: None,
        }
    }

    #[test]
    fn rights_flags_are_written_and_cleared_but_remote_deletions_are_not() {
        use LinkFlag::*;
        assert_eq!(
            to_write(&change(None, Some(Expired))),
            Some(RightsFlag::Expired)
        );
        assert_eq!(
            to_write(&change(Some(Expiring), Some(Expired))),
            Some(RightsFlag::Expired)
        );
        assert_eq!(to_write(&change(Some(Expired), None)), Some(RightsFlag::Ok));
        assert_eq!(to_write(&change(None, Some(RemoteDeleted))), None);
        assert_eq!(to_write(&change(Some(RemoteDeleted), None)), None);
    }
}
