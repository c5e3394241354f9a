//! Flagging links whose rights expired, end soon or are restricted: the link's flag in the
//! cache, and a job writing `rights_flag` / `rights_note` on the 4ALLPORTAL file (A7). Run
//! after each sync and once a day; a flag that did not change queues nothing, and a flag
//! that is no longer true is cleared the same way.

use super::{Rules, db};
use crate::cache::{Cache, CacheError, asset_rights};
use crate::rights::{IntendedUse, LinkConcern, RightsPolicy, Verdict, link_concern, verdict};
use crate::transfer::catalog::parse_rights;
use crate::transfer::clock::to_db;
use crate::transfer::job::{FlagRights, NewJob, Payload, RightsFlag};
use crate::transfer::queue;
use chrono::Utc;
use rusqlite::{Connection, params};
use serde::Serialize;
use ts_rs::TS;

/// A link as the scan reads it: id, flag, file, asset id, rights.
type LinkRights = (i64, Option<String>, Option<String>, i64, String);

/// One link whose flag changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Flagged {
    pub link_id: i64,
    /// The new flag (`None` = cleared: the rights allow use again).
    pub flag: Option<RightsFlag>,
    pub reason: String,
    /// The job writing it to 4ALLPORTAL (none while the file is not known yet).
    pub job: Option<i64>,
}

/// The flag a link carries for verdict `v`: `rights::link_concern`, the rule the sync's
/// flags follow too, so the daily check and a sync never undo each other's flag.
fn flag_of(v: &Verdict, policy: &RightsPolicy) -> Option<RightsFlag> {
    link_concern(v, policy).map(|(concern, _)| match concern {
        LinkConcern::Expired => RightsFlag::Expired,
        LinkConcern::Expiring => RightsFlag::Expiring,
        LinkConcern::Restricted => RightsFlag::Restricted,
    })
}

fn link_flag(text: Option<&str>) -> Option<RightsFlag> {
    match text {
        Some("expired") => Some(RightsFlag::Expired),
        Some("expiring") => Some(RightsFlag::Expiring),
        Some("restricted") => Some(RightsFlag::Restricted),
        _ => None,
    }
}

/// Queues the job writing `flag` and `note` on the 4ALLPORTAL file `file` (once per
/// distinct flag and note: a repeated scan finds the job already there).
pub fn queue_flag(
    conn: &Connection,
    rules: &Rules,
    file: &str,
    flag: RightsFlag,
    note: &str,
    asset_id: Option<i64>,
) -> rusqlite::Result<i64> {
    let words = match flag {
        RightsFlag::Ok => "Clear the rights flag of".to_string(),
        other => format!("Flag as {}:", other.as_str()),
    };
    let mut job = NewJob::new(
        Payload::FlagRights(FlagRights {
            file: file.to_owned(),
            flag,
            note: note.to_owned(),
        }),
        format!("{words} the 4ALLPORTAL file {file}"),
        note,
    );
    if let Some(id) = asset_id {
        job = job.asset(id);
    }
    Ok(queue::enqueue(conn, &job, rules.max_attempts, Utc::now())?.id)
}

/// Flags (and unflags) every link by its asset's verdict today.
pub fn flag_links(cache: &Cache, rules: &Rules) -> Result<Vec<Flagged>, CacheError> {
    let today = (rules.today)();
    cache
        .with_conn(|conn| {
            let tx = conn.unchecked_transaction()?;
            let rows: Vec<LinkRights> = {
                let mut stmt = tx.prepare(
                    &format!(
                        "SELECT l.id, l.flag, l.ap_file_id, a.id, {rights} FROM links l
                         JOIN assets a ON a.id = l.asset_id
                         WHERE a.deleted_at IS NULL AND (l.flag IS NULL OR l.flag != 'remote_deleted')
                         ORDER BY l.id",
                        rights = asset_rights::in_force_sql("a")
                    ),
                )?;
                stmt.query_map([], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?
                .collect::<rusqlite::Result<_>>()?
            };
            let now = to_db(Utc::now());
            let mut out = Vec::new();
            for (link_id, current, file, asset_id, rights) in rows {
                let Some(rights) = parse_rights(&rights) else {
                    continue;
                };
                let v = verdict(&rights, &today, &IntendedUse::any(), &rules.policy);
                let flag = flag_of(&v, &rules.policy);
                if flag == link_flag(current.as_deref()) {
                    continue;
                }
                let reason = v.reason();
                tx.execute(
                    "UPDATE links SET flag = ?2, flag_reason = ?3, flagged_at = ?4, updated_at = ?4
                     WHERE id = ?1",
                    params![
                        link_id,
                        flag.map(RightsFlag::as_str),
                        flag.map(|_| reason.clone()),
                        now
                    ],
                )?;
                let job = match &file {
                    Some(file) => Some(queue_flag(
                        &tx,
                        rules,
                        file,
                        flag.unwrap_or(RightsFlag::Ok),
                        &reason,
                        Some(asset_id),
                    )?),
                    None => None,
                };
                out.push(Flagged {
                    link_id,
                    flag,
                    reason,
                    job,
                });
            }
            tx.commit()?;
            Ok(out)
        })
        .map_err(db("flag links by their rights"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linking::testing::{self, rules, until};
    use crate::transfer::catalog::{self, LinkStateText};

    #[test]
    fn a_link_whose_licence_ended_is_flagged_once_and_its_file_marked() {
        let cache = Cache::open_in_memory().unwrap();
        let asset = testing::asset(&cache, "I1", "a.jpg", "approved", &until((2026, 2, 28)));
        let product = testing::product(&cache, "p1", "A-1", None);
        cache
            .with_conn(|c| {
                c.execute(
                    "INSERT INTO links (product_id, asset_id, state, origin, ap_file_id, created_at, updated_at)
                     VALUES (?1, ?2, 'confirmed', 'remote', 'f1', 'x', 'x')",
                    params![product, asset],
                )
            })
            .unwrap();

        let flagged = flag_links(&cache, &rules()).unwrap();

        assert_eq!(flagged.len(), 1);
        assert_eq!(flagged[0].flag, Some(RightsFlag::Expired));
        assert_eq!(flagged[0].reason, "Licence expired: it ended on 2026-02-28");
        let job = cache
            .with_conn(|c| queue::get(c, flagged[0].job.unwrap()))
            .unwrap()
            .unwrap();
        assert_eq!(
            job.payload,
            Payload::FlagRights(FlagRights {
                file: "f1".into(),
                flag: RightsFlag::Expired,
                note: "Licence expired: it ended on 2026-02-28".into()
            })
        );
        assert!(
            flag_links(&cache, &rules()).unwrap().is_empty(),
            "nothing changed since"
        );
        let link = cache
            .with_conn(|c| catalog::link_between(c, product, asset))
            .unwrap()
            .unwrap();
        assert_eq!(link.state, LinkStateText::Confirmed);
    }

    #[test]
    fn unknown_rights_are_flagged_only_where_the_policy_blocks_them() {
        use crate::rights::UnknownRights;
        let blocking = RightsPolicy {
            unknown: UnknownRights::Block,
            ..RightsPolicy::default()
        };
        assert_eq!(flag_of(&Verdict::Unknown, &RightsPolicy::default()), None);
        assert_eq!(
            flag_of(&Verdict::Unknown, &blocking),
            Some(RightsFlag::Restricted)
        );
    }

    #[test]
    fn a_renewed_licence_clears_the_flag() {
        let cache = Cache::open_in_memory().unwrap();
        let asset = testing::asset(&cache, "I1", "a.jpg", "approved", &until((2026, 12, 31)));
        let product = testing::product(&cache, "p1", "A-1", None);
        cache
            .with_conn(|c| {
                c.execute(
                    "INSERT INTO links (product_id, asset_id, state, origin, ap_file_id, flag, created_at, updated_at)
                     VALUES (?1, ?2, 'confirmed', 'remote', 'f1', 'expired', 'x', 'x')",
                    params![product, asset],
                )
            })
            .unwrap();
        let flagged = flag_links(&cache, &rules()).unwrap();
        assert_eq!(flagged[0].flag, None);
        let job = cache
            .with_conn(|c| queue::get(c, flagged[0].job.unwrap()))
            .unwrap()
            .unwrap();
        assert!(matches!(
            job.payload,
            Payload::FlagRights(FlagRights {
                flag: RightsFlag::Ok,
                ..
            })
        ));
    }
}
